import { appendAuditBatch } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { GroupCommitter } from '../ledger/index.ts';
import type { Result } from '../shared/failure.ts';
import { Lookups } from './batch-lookups.ts';
import { catalogueAt } from './catalogue-cache.ts';
import { compactCoverage } from './coverage.repository.ts';
import { lockPersons, lockPersonsReadingCatalogue } from './dose.repository.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * Group commit for the campaign's writes (bookings, doses), as the payout desk batches payouts
 * (src/ledger/group-commit.ts): the requests that arrive while a batch commits go together in the
 * next one, one transaction for all. A batch is set-based: the desk locks its persons (the first
 * statement, which also reads the catalogue's version), and the kind of request's `run` takes all
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

/**
 * What a kind of request does with a batch: one answer per request, in order. The persons of the
 * requests (`personOf`) are locked already (lockPersons), each once in `items`.
 */
export type BatchRun<I, R> = (
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

export class Desk<I, R> {
  private readonly lanes: GroupCommitter<I, Result<R, VaccinationFailure>>[];

  constructor(
    db: Database,
    name: string,
    run: BatchRun<I, R>,
    /** The person a request is about: a batch holds each person once a round. */
    personOf: (item: I) => bigint,
    lanes = LANES,
  ) {
    this.lanes = Array.from(
      { length: lanes },
      () =>
        new GroupCommitter<I, Result<R, VaccinationFailure>>({
          db,
          name,
          maxBatch: 200,
          maxWaitMs: 1,
          run: async (tx, items) => {
            const out = await runBatch(db, tx, items, run, personOf);
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
  async submit(laneKey: string, item: I): Promise<Result<R, VaccinationFailure>> {
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

async function runBatch<I, R>(
  db: Database,
  tx: Sql,
  items: readonly I[],
  run: BatchRun<I, R>,
  personOf: (item: I) => bigint,
): Promise<Result<R, VaccinationFailure>[]> {
  const out: Result<R, VaccinationFailure>[] = new Array(items.length);
  let look: Lookups | undefined;
  for (const round of roundsOf(items, personOf)) {
    // The round's persons locked (in one statement, a fixed order) before their rows are read; the
    // first round's statement also reads the catalogue's version, the batch's first read.
    const persons = round.map((i) => personOf(items[i]!));
    if (look) await lockPersons(tx, persons);
    else look = new Lookups(true, catalogueAt(db, await lockPersonsReadingCatalogue(tx, persons)));
    const answers = await run(
      tx,
      round.map((i) => items[i]!),
      look,
    );
    for (const [k, i] of round.entries()) out[i] = answers[k]!;
  }
  // Last, just before the commit: the audit chain's head is held from here to the commit.
  if (look) await appendAuditBatch(tx, look.audits);
  return out;
}

const desks = new WeakMap<Database, Map<string, Desk<never, unknown>>>();

/**
 * The database's desk of a name, made on first use (one per pool and kind of request).
 *
 * @example const desk = deskOf(db, 'vaccination_bookings', bookBatch, (q) => q.person.personId);
 */
export function deskOf<I, R>(
  db: Database,
  name: string,
  run: BatchRun<I, R>,
  personOf: (item: I) => bigint,
): Desk<I, R> {
  let byName = desks.get(db);
  if (!byName) {
    byName = new Map();
    desks.set(db, byName);
  }
  let desk = byName.get(name) as Desk<I, R> | undefined;
  if (!desk) {
    desk = new Desk(db, name, run, personOf);
    byName.set(name, desk as unknown as Desk<never, unknown>);
  }
  return desk;
}
