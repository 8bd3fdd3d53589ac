/**
 * A job's progress, written to the database at most once per interval. An import of 11.7 million
 * persons reports progress for every chunk it reads; a page that refreshes every 2 seconds needs
 * one of them now and then. The first report is written at once, later ones at most every
 * `intervalMs` (the latest one wins, those in between are never written), one write at a time;
 * `stop` hands back the last report so the job's end writes it with its state.
 *
 * @example
 *   const writer = new ProgressWriter((p) => writeProgress(db, job, encode(p)), 500, onError);
 *   writer.report(p); … const last = await writer.stop();
 */
export class ProgressWriter<P> {
  private latest: { value: P } | undefined;
  private unwritten = false;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly write: (progress: P) => Promise<void>,
    private readonly intervalMs: number,
    /** A failed write is reported here and otherwise ignored: progress is a view, not a record. */
    private readonly onError: (error: unknown) => void,
  ) {}

  report(progress: P): void {
    if (this.stopped) return;
    this.latest = { value: progress };
    this.unwritten = true;
    this.schedule();
  }

  /** Writes nothing more; waits for a write in flight; returns the last report, if any. */
  async stop(): Promise<P | undefined> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    return this.latest?.value;
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.inFlight || !this.unwritten) return;
    const wait = Math.max(0, this.lastWriteAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.stopped || !this.latest || !this.unwritten) return;
    const { value } = this.latest;
    this.unwritten = false;
    this.lastWriteAt = Date.now();
    this.inFlight = this.write(value)
      .catch(this.onError)
      .finally(() => {
        this.inFlight = undefined;
        // Reports that came while writing wait for the interval, counted from this write's start.
        this.schedule();
      });
  }
}
