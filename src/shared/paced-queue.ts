/**
 * Work handed over faster than it should be done at once: items are queued as they come and
 * handled at most `perTurn` at a time, one turn of the event loop each. For a producer that hands
 * items over synchronously in long runs (a database driver emits every row of what it read from
 * its socket in one go, thousands at a time) while other I/O on the same thread must not wait
 * behind them: each turn ends, and waiting answers are read, before the next slice.
 *
 * @example
 *   const lines = new PacedQueue<Row>((row) => render(row), 1024);
 *   await db.queryEach(sql, params, (row) => lines.push(row));
 *   await lines.drained(); // every row rendered, or the handler's first error
 */
export class PacedQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private running: Promise<void> | undefined;
  private failed = false;
  private failure: unknown;

  constructor(
    private readonly handle: (item: T) => void,
    private readonly perTurn: number,
  ) {}

  /** Queues an item; it is handled on a later turn of the event loop. */
  push(item: T): void {
    if (this.failed) return;
    this.items.push(item);
    this.running ??= this.run();
  }

  /**
   * Drops what is queued and everything pushed from now on, unhandled: for a producer whose work
   * failed, so that nothing more is done for it.
   */
  abandon(): void {
    this.failed = true;
    this.failure ??= new Error('the queue was abandoned');
    for (let i = this.head; i < this.items.length; i++) this.items[i] = undefined;
  }

  /**
   * Resolves once every item pushed so far has been handled; rejects with the handler's first
   * error (the items after it are dropped unhandled).
   */
  async drained(): Promise<void> {
    while (this.running) await this.running;
    if (this.failed) throw this.failure;
  }

  private async run(): Promise<void> {
    while (this.head < this.items.length) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const end = Math.min(this.items.length, this.head + this.perTurn);
      for (; this.head < end; this.head++) {
        const item = this.items[this.head] as T;
        // Released at once: an item held until the whole queue is done outlives minor collections.
        this.items[this.head] = undefined;
        if (this.failed) continue;
        try {
          this.handle(item);
        } catch (error) {
          this.failed = true;
          this.failure = error;
        }
      }
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      }
    }
    this.running = undefined;
  }
}
