import { appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { GroupCommitter, isRetryableTransactionError } from '../ledger/index.ts';
import { fail, type Result } from '../shared/failure.ts';
import { Lookups } from './batch-lookups.ts';
import { keepRequest, nextRequestSavepoint, openRequestSavepoint, undoRequest } from './desk.repository.ts';
import { Refused } from './refusal.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * Group commit for the campaign's writes (bookings, doses), as the payout desk batches payouts
 * (src/ledger/group-commit.ts): the requests that arrive while a batch commits go together in the
 * next one, one transaction for all. Each request runs under a savepoint of its own: a refusal
 * that had written (a `Refused`) or an error rolls back that request alone, and every caller is
 * answered individually. The look-ups (site, products, the site's day, lots, accounts) are read
 * once per batch (batch-lookups.ts) and the audit entries appended together before the commit,
 * so the audit chain's head is held briefly. Requests go to one of a few lanes by site, each lane
 * its own committer: a site's day row and its ledger accounts are only ever in one lane's
 * transaction, so lanes do not wait for each other except on a person's lock (the same person in
 * two lanes at once) and the audit head. A deadlock between lanes re-runs the batch
 * (transactionWithRetry); every request is idempotent by its key, so a batch run twice writes once.
 */

type Outcome<R> = { done: true; value: Result<R, VaccinationFailure> } | { done: false; error: unknown };

/** Lanes per desk: enough for a few sites' batches to commit side by side on a small pool. */
const LANES = 16;

export class Desk<I, R> {
  private readonly lanes: GroupCommitter<I, Outcome<R>>[];

  constructor(
    db: Database,
    name: string,
    run: (tx: Sql, item: I, look: Lookups) => Promise<Result<R, VaccinationFailure>>,
    lanes = LANES,
  ) {
    this.lanes = Array.from(
      { length: lanes },
      () =>
        new GroupCommitter<I, Outcome<R>>({
          db,
          name,
          maxBatch: 200,
          maxWaitMs: 1,
          run: (tx, items) => runBatch(tx, items, run),
        }),
    );
  }

  /** Submits a request to its lane (by `laneKey`, e.g. the site's code) and waits for its answer. */
  async submit(laneKey: string, item: I): Promise<Result<R, VaccinationFailure>> {
    const outcome = await this.lanes[laneOf(laneKey, this.lanes.length)]!.submit(item);
    if (outcome.done) return outcome.value;
    if (outcome.error instanceof Refused) return fail(outcome.error.failure);
    throw outcome.error;
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.close()));
  }
}

function laneOf(key: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}

async function runBatch<I, R>(
  tx: Sql,
  items: readonly I[],
  run: (tx: Sql, item: I, look: Lookups) => Promise<Result<R, VaccinationFailure>>,
): Promise<Outcome<R>[]> {
  const look = new Lookups(true);
  const out: Outcome<R>[] = [];

  // One round trip between two requests: the savepoint of the one done released, the next one's set.
  await openRequestSavepoint(tx);
  for (const [i, item] of items.entries()) {
    if (i > 0) await nextRequestSavepoint(tx);
    try {
      out.push({ done: true, value: await run(tx, item, look) });
    } catch (error) {
      // A deadlock or a ledger race: the whole batch runs again (transactionWithRetry).
      if (isRetryableTransactionError(error)) throw error;
      await undoRequest(tx);
      look.forget();
      out.push({ done: false, error });
    }
  }
  await keepRequest(tx);
  for (const entry of look.audits) await appendAudit(tx, entry);
  return out;
}

const desks = new WeakMap<Database, Map<string, Desk<never, unknown>>>();

/**
 * The database's desk of a name, made on first use (one per pool and kind of request).
 *
 * @example const desk = deskOf(db, 'vaccination_bookings', (tx, input, look) => book(tx, input, look));
 */
export function deskOf<I, R>(
  db: Database,
  name: string,
  run: (tx: Sql, item: I, look: Lookups) => Promise<Result<R, VaccinationFailure>>,
): Desk<I, R> {
  let byName = desks.get(db);
  if (!byName) {
    byName = new Map();
    desks.set(db, byName);
  }
  let desk = byName.get(name) as Desk<I, R> | undefined;
  if (!desk) {
    desk = new Desk(db, name, run);
    byName.set(name, desk as unknown as Desk<never, unknown>);
  }
  return desk;
}
