import type { Database, Sql } from '../db/database.ts';
import { assert } from '../shared/assert.ts';
import { histogram } from '../shared/metrics.ts';
import { type RetryOptions, transactionWithRetry } from './retry.ts';

/**
 * Group commit: many concurrent requests, one transaction per batch of them.
 *
 * Every Bono payout debits the same account (entitlements payable), whose row stays locked from
 * the transfer until the commit; one payout per transaction therefore serialises on that row and
 * its commit flush, a few hundred per second at best (bench/ledger.bench.ts). Gathering the
 * requests that arrive while a batch commits into the next batch pays that price once per batch
 * instead of once per payout — TigerBeetle's batching, inside one process. Nothing waits for
 * company: a batch leaves as soon as the previous one has committed (or, when none is committing,
 * after the current turn of the event loop, so items submitted in the same turn share it), so under
 * light load a batch holds one request and under heavy load batches grow to `maxBatch`. A request
 * waits for at most the batch in flight and its own, never for a timer.
 */

export interface GroupCommitOptions<I, R> {
  db: Database;
  /**
   * Does the work of one batch inside one transaction and returns one result per item, in order.
   * Expected failures must be results (as createTransfers returns them): a throw fails every item of
   * the batch. It may run more than once for a batch (see transactionWithRetry).
   */
  run: (tx: Sql, items: readonly I[]) => Promise<R[]>;
  /** Most items per batch (default 500). */
  maxBatch?: number;
  /**
   * How long the first item of a batch waits for others when no batch is committing. Default 0:
   * it leaves after the current turn of the event loop (setImmediate), without a timer.
   */
  maxWaitMs?: number;
  /** Most items waiting; beyond it `submit` refuses at once, so overload shows instead of piling up (default 20,000). */
  maxQueued?: number;
  retry?: RetryOptions;
  /** What the batches hold, naming them in /metrics (`ayni_group_commit_batch_size{committer}`), e.g. 'bono_payouts'. */
  name?: string;
}

// How full the batches are: one item each means no load (or a slow database), batches at
// `maxBatch` mean requests are queueing behind the commits.
const batchSizes = histogram({
  name: 'ayni_group_commit_batch_size',
  help: 'Items per group-commit batch, by committer (each batch is one transaction).',
  labelNames: ['committer'],
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
});

/** `submit` refused an item because the queue is full: the caller should answer "busy, retry later". */
export class GroupCommitQueueFull extends Error {
  readonly code = 'group_commit_queue_full';
  constructor(maxQueued: number) {
    super(`more than ${maxQueued} items are waiting to be committed`);
    this.name = 'GroupCommitQueueFull';
  }
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits submitted items in batches, one batch at a time.
 *
 * @example
 *   const payouts = new GroupCommitter({ db, run: (tx, batch) => createTransfers(tx, batch) });
 *   const result = await payouts.submit(payoutTransfer); // { result: 'ok', transfer } …
 *   await payouts.close();
 */
export class GroupCommitter<I, R> {
  private readonly queue: Waiting<I, R>[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxQueued: number;

  constructor(private readonly options: GroupCommitOptions<I, R>) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    this.maxQueued = options.maxQueued ?? 20_000;
    assert(this.maxBatch >= 1 && this.maxQueued >= this.maxBatch, 'group commit limits are inconsistent');
  }

  /** Queues an item for the next batch; resolves with its result once that batch has committed. */
  submit(item: I): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the group committer is closed'));
    if (this.queue.length >= this.maxQueued) return Promise.reject(new GroupCommitQueueFull(this.maxQueued));
    return new Promise<R>((resolve, reject) => {
      if (this.queue.length === 0 && !this.flushing) {
        this.idle = new Promise((done) => {
          this.markIdle = done;
        });
      }
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Stops taking items and waits until those already submitted are committed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) {
      this.cancelTimer();
      void this.flush();
    }
    await this.idle;
  }

  private schedule(): void {
    if (this.flushing || this.timer) return;
    if (this.queue.length >= this.maxBatch || this.closed) {
      void this.flush();
      return;
    }
    const go = () => {
      this.timer = undefined;
      void this.flush();
    };
    this.timer = this.maxWaitMs > 0 ? setTimeout(go, this.maxWaitMs) : setImmediate(go);
  }

  private cancelTimer(): void {
    const t = this.timer;
    this.timer = undefined;
    if (t === undefined) return;
    if (this.maxWaitMs > 0) clearTimeout(t as NodeJS.Timeout);
    else clearImmediate(t as NodeJS.Immediate);
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    // One batch at a time: while it commits, the next one gathers.
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      batchSizes.observe({ committer: this.options.name ?? 'unnamed' }, batch.length);
      try {
        const results = await transactionWithRetry(
          this.options.db,
          (tx) =>
            this.options.run(
              tx,
              batch.map((w) => w.item),
            ),
          this.options.retry,
        );
        assert(
          results.length === batch.length,
          `group commit: ${results.length} results for ${batch.length} items`,
        );
        batch.forEach((w, i) => {
          w.resolve(results[i]!);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.flushing = false;
    this.markIdle();
  }
}
