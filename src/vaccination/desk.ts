import { appendAuditBatch } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { GroupCommitter } from '../ledger/index.ts';
import { fail, type Result } from '../shared/failure.ts';
import { Lookups } from './batch-lookups.ts';
import { catalogueAt } from './catalogue-cache.ts';
import { compactCoverage } from './coverage.repository.ts';
import { lockPersonsFindingKeys } from './dose.repository.ts';
import { type AskedPerson, type FoundPerson, foundPerson } from './person-finder.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * Group commit for the campaign's writes (bookings, doses), as the payout desk batches payouts
 * (src/ledger/group-commit.ts): the requests that arrive while a batch commits go together in the
 * next one, one transaction for all. A batch is set-based: the desk finds the persons asked by key
 * and locks all its persons (the first statement, which also reads the catalogue's version), and the kind of request's `run` takes all
 * its requests at once (the persons' appointments and doses read in one statement, the places
 * of a site's day taken with one UPDATE, the appointments or doses written with one INSERT, the stock moved with
 * one call to the ledger), and answers each request on its own — a refusal (already booked, cohort
 * not open, full) is that request's answer, the others commit. A batch holding one person twice
 * (a retry racing its first try) runs in rounds, each person once a round, so the second sees what
 * the first wrote. The audit entries, one per booking or dose as a lone request writes it, are
 * appended together before the commit (one lock of the audit chain's head), so the head is held
 * briefly. Requests go to one of a few lanes by site, each lane its own
 * committer: a site's day rows and its ledger accounts are only ever in one lane's transaction. A
 * deadlock between lanes re-runs the batch (transactionWithRetry); every request is idempotent by
 * its key, so a batch run twice writes once.
 */

/** A desk's request: its person found (what `run` is given) or, as submitted, maybe a key. */
export interface Queued {
  person: FoundPerson;
}
/** A request as submitted: its person found, or the key the batch's first statement finds. */
export type Asking<I extends Queued> = Omit<I, 'person'> & { person: AskedPerson };

/**
 * What a kind of request does with a batch: one answer per request, in order. The persons of the
 * requests are found and locked already (lockPersonsFindingKeys), each once in `items`.
 */
export type BatchRun<I extends Queued, R> = (
  tx: Sql,
  items: readonly I[],
  look: Lookups,
) => Promise<Result<R, VaccinationFailure>[]>;

/**
 * Lanes per desk: a few batches commit side by side. Fewer lanes make larger batches, and a
 * batch's cost is mostly fixed (measured on bench/vaccination-bookings.bench.ts: 16 lanes 4.8
 * CPU-seconds per 1,000 bookings, 4 lanes 3.5, 2 lanes 3.1). Every lane's commit also queues on the
 * audit chain's head (appendAuditBatch to COMMIT), so fewer lanes are fewer commits under it: on a
 * 2-core machine, 10,000 bookings with 128 in flight went 744/s with 4 lanes (1.27 CPU-s per 1,000,
 * 15 ms a batch waiting for the head), 1,035/s with 2 (0.76 CPU-s, 4 ms), 833/s with 1 (one batch
 * at a time, nothing overlapping its round trips).
 */
const LANES = 2;

/**
 * Batches of a desk between two compactions of the coverage's deltas (coverage.repository.ts
 * compactCoverage): each batch of doses appends a few rows, which the coverage read adds up until
 * they are moved into the daily aggregate.
 */
const COMPACT_EVERY = 256;

export class Desk<I extends Queued, R> {
  private readonly lanes: GroupCommitter<Asking<I>, Result<R, VaccinationFailure>>[];

  constructor(db: Database, name: string, run: BatchRun<I, R>, lanes = LANES) {
    this.lanes = Array.from(
      { length: lanes },
      () =>
        new GroupCommitter<Asking<I>, Result<R, VaccinationFailure>>({
          db,
          name,
          maxBatch: 200,
          maxWaitMs: 1,
          run: async (tx, items) => {
            const out = await runBatch(db, tx, items, run);
            if (++this.batches % COMPACT_EVERY === 0) this.compact(db);
            return out;
          },
        }),
    );
  }

  private batches = 0;

  /**
   * Compacts the coverage's deltas beside the batches, on the pool. A compaction that fails (the
   * pool closing) leaves the deltas where they are: the view adds them, and the next one moves them.
   */
  private compact(db: Database): void {
    void compactCoverage(db).catch(() => undefined);
  }

  /** Submits a request to its lane (by `laneKey`, e.g. the site's code) and waits for its answer. */
  async submit(laneKey: string, item: Asking<I>): Promise<Result<R, VaccinationFailure>> {
    return this.lanes[laneOf(laneKey, this.lanes.length)]!.submit(item);
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

/**
 * The batch's requests in rounds, each person at most once a round, in the order they came.
 *
 * @example roundsOf([a1, b1, a2], (x) => x.person) // [[0, 1], [2]] (indexes)
 */
export function roundsOf<I>(items: readonly I[], personOf: (item: I) => bigint): number[][] {
  const rounds: { persons: Set<bigint>; indexes: number[] }[] = [];
  for (const [i, item] of items.entries()) {
    const person = personOf(item);
    let round = rounds.find((r) => !r.persons.has(person));
    if (!round) {
      round = { persons: new Set(), indexes: [] };
      rounds.push(round);
    }
    round.persons.add(person);
    round.indexes.push(i);
  }
  return rounds.map((r) => r.indexes);
}

async function runBatch<I extends Queued, R>(
  db: Database,
  tx: Sql,
  items: readonly Asking<I>[],
  run: BatchRun<I, R>,
): Promise<Result<R, VaccinationFailure>[]> {
  const out: Result<R, VaccinationFailure>[] = new Array(items.length);
  // The first statement: the persons asked by key found, every person of the batch locked (in one
  // statement, a fixed order; held to the commit, so the later rounds need no lock of their own),
  // the catalogue's version read.
  const keyed: number[] = [];
  const known: bigint[] = [];
  for (const [i, item] of items.entries())
    if ('personId' in item.person) known.push(item.person.personId);
    else keyed.push(i);
  const { version, found } = await lockPersonsFindingKeys(
    tx,
    keyed.map((i) => items[i]!.person as Exclude<AskedPerson, FoundPerson>),
    known,
  );
  const ready: { index: number; item: I }[] = [];
  const keyIndex = new Map(keyed.map((i, k) => [i, k]));
  for (const [index, item] of items.entries()) {
    const k = keyIndex.get(index);
    const row = k === undefined ? undefined : found.get(k);
    if (k !== undefined && !row) out[index] = fail({ code: 'person_not_found' });
    else ready.push({ index, item: { ...item, person: row ? foundPerson(row) : item.person } as I });
  }
  const look = new Lookups(true, catalogueAt(db, version));
  for (const round of roundsOf(ready, (r) => r.item.person.personId)) {
    const answers = await run(
      tx,
      round.map((i) => ready[i]!.item),
      look,
    );
    for (const [k, i] of round.entries()) out[ready[i]!.index] = answers[k]!;
  }
  // Last, just before the commit: the audit chain's head is held from here to the commit.
  await appendAuditBatch(tx, look.audits);
  return out;
}

const desks = new WeakMap<Database, Map<string, Desk<Queued, unknown>>>();

/**
 * The database's desk of a name, made on first use (one per pool and kind of request).
 *
 * @example const desk = deskOf(db, 'vaccination_bookings', bookBatch);
 */
export function deskOf<I extends Queued, R>(db: Database, name: string, run: BatchRun<I, R>): Desk<I, R> {
  let byName = desks.get(db);
  if (!byName) {
    byName = new Map();
    desks.set(db, byName);
  }
  let desk = byName.get(name) as Desk<I, R> | undefined;
  if (!desk) {
    desk = new Desk(db, name, run);
    byName.set(name, desk as unknown as Desk<Queued, unknown>);
  }
  return desk;
}
