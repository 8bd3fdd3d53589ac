/**
 * Batches handed from one producer to one consumer, at most `capacity` waiting: the producer waits
 * when the writer falls behind, so memory stays bounded. Once the consumer is gone (`abandon`,
 * e.g. the writer failed), pushes are dropped instead of waiting forever. The deposit export feeds
 * each bank's file writer through one (src/bono/deposit-export.ts).
 *
 * @example
 *   const queue = new BatchQueue<Batch>(4);
 *   const writing = writeFile(path, queue).finally(() => queue.abandon()); // consumes `for await`
 *   await queue.push(batch); // waits while four batches are waiting
 *   queue.close(); // the consumer's loop ends once it has taken what is queued
 */
export class BatchQueue<T> implements AsyncIterable<T> {
  private readonly batches: T[] = [];
  private closed = false;
  private abandoned = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  async push(batch: T): Promise<void> {
    while (!this.abandoned && this.batches.length >= this.capacity) {
      await new Promise<void>((resolve) => {
        this.wakeProducer = resolve;
      });
    }
    if (this.abandoned) return;
    this.batches.push(batch);
    this.wake('consumer');
  }

  close(): void {
    this.closed = true;
    this.wake('consumer');
  }

  abandon(): void {
    this.abandoned = true;
    this.batches.length = 0;
    this.wake('producer');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const batch = this.batches.shift();
      if (batch !== undefined) {
        this.wake('producer');
        yield batch;
        continue;
      }
      if (this.closed || this.abandoned) return;
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
