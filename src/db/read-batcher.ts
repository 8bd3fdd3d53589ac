import type { Sql } from './database.ts';

/**
 * Gathers reads that arrive while earlier ones are in flight into one query for all of them. A
 * busy public look-up (the citizen status) pays per query far more than per row: the round trip,
 * the executor's start-up and the driver's bookkeeping cost as much as the index probes. Under
 * load, reads queue while up to `inFlight` batches run and leave together in the next one; when
 * quiet, a read leaves at once (after the current turn of the event loop, so reads made in the
 * same turn share a query). Unlike the ledger's GroupCommitter there is no timer: nothing waits
 * for company.
 */
export interface ReadBatcherOptions<I, R> {
  /** Runs one batch; returns one result per item, in the items' order. */
  run: (items: I[]) => Promise<R[]>;
  /** Most items in one query. */
  maxBatch?: number;
  /** Most queries in flight at once (at most the connection pool's size). */
  inFlight?: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** @example const statuses = new ReadBatcher({ run: (triples) => lookUpMany(db, triples) }); await statuses.read(triple) */
export class ReadBatcher<I, R> {
  private queue: Waiting<I, R>[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly inFlight: number;

  constructor(private readonly options: ReadBatcherOptions<I, R>) {
    this.maxBatch = options.maxBatch ?? 128;
    this.inFlight = options.inFlight ?? 2;
  }

  read(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled && this.running < this.inFlight) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.dispatch();
        });
      }
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.running < this.inFlight) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      this.options
        .run(batch.map((w) => w.item))
        .then((results) => {
          if (results.length !== batch.length)
            throw new Error(`a batched read returned ${results.length} results for ${batch.length} items`);
          for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
        })
        .catch((e: unknown) => {
          for (const w of batch) w.reject(e);
        })
        .finally(() => {
          this.running--;
          this.dispatch();
        });
    }
  }
}

/**
 * A batched read per database handle: the caller passes the handle on every read, as with any
 * query, and each handle (a pool, a transaction) gets its own ReadBatcher.
 *
 * @example const standingOf = batchedRead((sql, persons) => standingsOf(sql, persons)); await standingOf(db, triple)
 */
export function batchedRead<I, R>(
  run: (sql: Sql, items: I[]) => Promise<R[]>,
  options: Omit<ReadBatcherOptions<I, R>, 'run'> = {},
): (sql: Sql, item: I) => Promise<R> {
  const batchers = new WeakMap<Sql, ReadBatcher<I, R>>();
  return (sql, item) => {
    let batcher = batchers.get(sql);
    if (!batcher) {
      batcher = new ReadBatcher({ ...options, run: (items) => run(sql, items) });
      batchers.set(sql, batcher);
    }
    return batcher.read(item);
  };
}
