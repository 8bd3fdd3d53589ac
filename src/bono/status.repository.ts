import type { Sql } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { batchedRead } from '../db/read-batcher.ts';
import {
  type ListMembership,
  listsOfPersonFromJson,
  listsOfPersonJson,
  type MembershipRow,
  PERSON_COLUMNS,
  type PersonRow,
  personFromRow,
  type RegistryPerson,
} from '../registry/index.ts';
import type { PersonTriple } from './bono.types.ts';
import { LATEST_ENTITLEMENT, STANDING_COLUMNS, type StandingRow } from './payout.repository.ts';

/**
 * The citizen look-up's statements ("¿Soy beneficiario?", status.ts decides what they show): the
 * call that counts a look-up before it is answered, and the one query that reads everything a
 * look-up shows. The person and their lists come from the registry's mapper and membership query.
 */

/** Limits and windows of one counting key, as `bono_lookup_admit` takes them. */
export interface AdmitKey {
  key: string;
  limit: number;
  window: number;
  lock: number;
}

/**
 * The advisory locks of the keys in the text array `keys`, each once, in one order (by hashtext, as
 * bono_lookup_admit takes its own), so two statements never wait for each other in a circle;
 * `locked.n`, their count, is what a later part of the statement refers to so as to run after them.
 */
const lockedOn = (keys: string) => `
  locked AS (
    SELECT count(pg_advisory_xact_lock(1330, k.h))::int AS n
    FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(${keys}::text[]) AS k ORDER BY 1) k
  )`;

/**
 * Counts a batch of look-ups before they are answered, in one statement: `bono_lookup_admit`
 * (migration 0035 says how) once per look-up, in the batch's order, so each sees the counts of the
 * ones before it — a burst of guesses sent at once gets no more answers than the same guesses sent
 * one after another, whether they arrive in one batch or in several. The locks of every key in the
 * batch are taken first, in one order (the order the function takes its own in), so two batches —
 * of this process or of another — never wait for each other in a circle; the function then finds
 * each of its locks already held. Per look-up `q.i`: its instant, its triple, and its `$9` keys
 * with their limits, windows and locks in slices of the flat arrays `$5`–`$8`.
 */
const ADMITTED = `
  q AS (
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::date[])
      WITH ORDINALITY AS q(at, ci_number, complemento, date_of_birth, i)
  ),
  ${lockedOn('$5')},
  -- LIMIT 1 says what the function answers, one row: planned at its default of 1,000 rows a call,
  -- the batch looked costly enough to be JIT-compiled, seconds of compiling for milliseconds of work.
  a AS (
    SELECT q.*, r.is_admitted, r.is_found, r.refused_until
    FROM locked, q,
         LATERAL (SELECT * FROM bono_lookup_admit(
           -- locked.n is always ≥ 0: a reference that makes every call wait for the batch's locks.
           CASE WHEN locked.n >= 0 THEN q.at END,
           ($5::text[])[(q.i - 1) * $9 + 1 : q.i * $9],
           ($6::int[])[(q.i - 1) * $9 + 1 : q.i * $9],
           ($7::float8[])[(q.i - 1) * $9 + 1 : q.i * $9],
           ($8::float8[])[(q.i - 1) * $9 + 1 : q.i * $9],
           q.ci_number, q.complemento, q.date_of_birth) LIMIT 1) r
  )`;

const ADMIT_MANY = prepared(
  `WITH ${ADMITTED}
   SELECT a.i::int AS i, a.is_admitted, a.is_found, a.refused_until FROM a ORDER BY a.i`,
);

/** A look-up to count: its instant, its triple and the keys it is counted under (as many for each). */
export interface Admission {
  at: Date;
  person: PersonTriple;
  keys: readonly AdmitKey[];
}

/** Whether a look-up may be answered, whether its triple names a person, and until when it is refused. */
export interface Admitted {
  admitted: boolean;
  found: boolean;
  refusedUntil: Date | null;
}

interface AdmittedRow {
  i: number;
  is_admitted: boolean;
  is_found: boolean;
  refused_until: Date | null;
}

/** The parameters of ADMITTED for a batch; every look-up of a batch has as many keys. */
function admissionParameters(batch: readonly Admission[]): unknown[] {
  const width = batch[0]?.keys.length ?? 0;
  if (batch.some((a) => a.keys.length !== width))
    throw new Error('every look-up of a batch is counted under as many keys');
  const keys = batch.flatMap((a) => a.keys);
  return [
    batch.map((a) => a.at),
    batch.map((a) => a.person.ciNumber),
    batch.map((a) => a.person.complemento),
    batch.map((a) => a.person.dateOfBirth),
    keys.map((k) => k.key),
    keys.map((k) => k.limit),
    keys.map((k) => k.window),
    keys.map((k) => k.lock),
    width,
  ];
}

const admittedOf = (r: AdmittedRow): Admitted => ({
  admitted: r.is_admitted,
  found: r.is_found,
  refusedUntil: r.refused_until,
});

const admitBatched = batchedRead(
  async (sql: Sql, batch: Admission[]): Promise<Admitted[]> =>
    (await sql.query<AdmittedRow>(ADMIT_MANY, admissionParameters(batch))).map(admittedOf),
);

/**
 * Counts the look-up under its keys unless one is locked, and says whether its triple names a
 * person; a triple that names nobody is counted as a failure under every key. Batched with the
 * look-ups being counted at the same time (one statement a batch; ReadBatcher).
 *
 * @example await admitLookUp(db, { at: new Date(), person, keys: [{ key: 'client:10.0.0.7', limit: 20, window: 900, lock: 900 }] })
 */
export function admitLookUp(sql: Sql, admission: Admission): Promise<Admitted> {
  return admitBatched(sql, admission);
}

/**
 * What a look-up shows of the triple in row `q` (its ci_number, complemento, date_of_birth) when
 * `shown` holds: the person's standing, the registry person and the source-list rows the rule
 * trace is evaluated from (the registry's PERSON_COLUMNS and its membership query, as
 * loadPersonFacts of src/rules reads them), the date the round applied the rules as of, and the
 * banks' names.
 */
const shownOf = (q: string, shown: string) => `
  SELECT ${STANDING_COLUMNS},
         ${PERSON_COLUMNS},
         to_char(COALESCE(e.as_of, (SELECT r.as_of FROM bono_round r WHERE r.kind = 'regular'
           AND r.status IN ('approved', 'expired') ORDER BY r.id DESC LIMIT 1)), 'YYYY-MM-DD') AS as_of,
         e.account_number,
         (SELECT k.name FROM bono_bank k WHERE k.bic = e.bank_bic) AS deposit_bank,
         (SELECT k.name FROM bono_bank k JOIN bono_payment b ON k.bic = b.bank_bic
          WHERE b.person_id = p.id AND b.reversed_at IS NULL) AS paid_bank,
         ${listsOfPersonJson('p.id')} AS lists
  FROM registry_person p
  ${LATEST_ENTITLEMENT}
  WHERE ${shown} AND p.ci_number = ${q}.ci_number AND p.complemento = ${q}.complemento
    AND p.date_of_birth = ${q}.date_of_birth`;

/**
 * Everything a look-up shows, in one round trip (a look-up used to take six), for a batch of
 * look-ups at once (ReadBatcher: under load, one query serves the look-ups that arrived while the
 * previous ones ran). Only look-ups already admitted (`admitLookUp`) with a triple that names a
 * person are sent here: this is the read a replica serves (issue #22).
 */
const LOOKUP = prepared(
  `SELECT q.i::int AS i, s.*
   FROM unnest($1::text[], $2::text[], $3::date[])
        WITH ORDINALITY AS q(ci_number, complemento, date_of_birth, i)
   LEFT JOIN LATERAL (${shownOf('q', 'true')}) s ON true
   ORDER BY q.i`,
);

/**
 * A batch's admission and, for the look-ups admitted with a person, what they show — one statement
 * for the whole batch, when the answer is read from the primary that counts (no replica). The
 * look-up reads the statement's snapshot, taken before the admission's locks were waited for: a
 * person added to the registry in between is admitted as found and shown with null columns
 * (`lookUp` reads them again).
 */
const ADMIT_AND_LOOKUP_MANY = prepared(
  `WITH ${ADMITTED}
   SELECT a.i::int AS i, a.is_admitted, a.is_found, a.refused_until, s.*
   FROM a LEFT JOIN LATERAL (${shownOf('a', 'a.is_admitted AND a.is_found')}) s ON true
   ORDER BY a.i`,
);
/** A row of LOOKUP: the standing, the person (null columns when removed since admitted), and the rest. */
export type LookupRow = StandingRow &
  PersonRow & {
    i: number;
    as_of: string | null;
    account_number: string | null;
    deposit_bank: string | null;
    paid_bank: string | null;
    lists: MembershipRow[] | null;
  };

/** One look-up query for many persons: one row per person, in their order. */
function lookUpMany(sql: Sql, persons: PersonTriple[]): Promise<LookupRow[]> {
  return sql.query<LookupRow>(LOOKUP, [
    persons.map((p) => p.ciNumber),
    persons.map((p) => p.complemento),
    persons.map((p) => p.dateOfBirth),
  ]);
}

const lookUpBatched = batchedRead(lookUpMany);

/**
 * What a look-up shows of an admitted triple, batched with the look-ups running at the same time;
 * `person_id` is null when the person was removed from the registry since they were admitted.
 *
 * @example const r = await lookUp(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' })
 */
export function lookUp(sql: Sql, person: PersonTriple): Promise<LookupRow> {
  return lookUpBatched(sql, person);
}

/** A look-up counted and, when admitted with a person, what it shows (`row`; null otherwise). */
export interface AdmittedLookUp extends Admitted {
  row: LookupRow | null;
}

/** Every look-up of a batch counted by `bono_lookup_admit` and read: what a batch with a failure costs. */
async function admitAndLookUpMany(sql: Sql, batch: Admission[]): Promise<AdmittedLookUp[]> {
  return (await sql.query<AdmittedRow & LookupRow>(ADMIT_AND_LOOKUP_MANY, admissionParameters(batch))).map(
    (r) => ({ ...admittedOf(r), row: r.is_admitted && r.is_found ? r : null }),
  );
}

/**
 * A batch's counts and what its look-ups show, without counting anything (issue #17): the batch's
 * locks are taken as ADMITTED takes them, then the counts of its keys are read by
 * `bono_lookup_counts` (migration 0072), whose query takes its snapshot once the locks are held —
 * so it sees every failure counted by the look-ups that held them before — and returned once, on
 * the first row, as JSON (`locked_until` in milliseconds since the epoch). Set-based: one index
 * probe per key rather than a PL/pgSQL call per look-up. `$4` holds the batch's keys, each once.
 */
const COUNTED_AND_SHOWN_MANY = prepared(
  `WITH q AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[])
       WITH ORDINALITY AS q(ci_number, complemento, date_of_birth, i)
   ),
   ${lockedOn('$4')},
   counts AS (
     SELECT c.key, extract(epoch FROM c.locked_until)::float8 * 1000 AS locked_until_ms
     FROM locked, LATERAL bono_lookup_counts(CASE WHEN locked.n >= 0 THEN $4::text[] END) c
     WHERE c.locked_until IS NOT NULL
   )
   SELECT q.i::int AS i, s.*,
          CASE WHEN q.i = 1 THEN (SELECT json_agg(counts) FROM counts) END AS counts
   FROM q LEFT JOIN LATERAL (${shownOf('q', 'true')}) s ON true
   ORDER BY q.i`,
);

/** A key's lock as COUNTED_AND_SHOWN_MANY reads it. */
interface KeyLock {
  key: string;
  locked_until_ms: number;
}

/**
 * The batch's answers worked out from its keys' locks, in the batch's order, as bono_lookup_admit
 * would give them one after another — or null when a look-up names nobody and is not refused: a
 * failure to count, which bono_lookup_admit counts. Until then nothing is written, so every
 * look-up sees the counts the statement read: refused while one of its keys is locked, else
 * admitted, found when its person is in the row.
 */
function decidedWithoutCounting(
  batch: readonly Admission[],
  rows: readonly (LookupRow & { counts: KeyLock[] | string | null })[],
): AdmittedLookUp[] | null {
  const raw = rows[0]?.counts ?? null;
  const locks = new Map<string, number>(
    (typeof raw === 'string' ? (JSON.parse(raw) as KeyLock[]) : (raw ?? [])).map((c) => [
      c.key,
      c.locked_until_ms,
    ]),
  );
  const answers: AdmittedLookUp[] = [];
  for (let i = 0; i < batch.length; i++) {
    const { at, keys } = batch[i]!;
    let refused = -Infinity;
    for (const k of keys) {
      const until = locks.get(k.key);
      if (until !== undefined && until > at.getTime() && until > refused) refused = until;
    }
    const row = rows[i]!;
    if (refused > -Infinity)
      answers.push({ admitted: false, found: false, refusedUntil: new Date(refused), row: null });
    else if (row.person_id !== null) answers.push({ admitted: true, found: true, refusedUntil: null, row });
    else return null;
  }
  return answers;
}

const admitAndLookUpBatched = batchedRead(async (sql: Sql, batch: Admission[]): Promise<AdmittedLookUp[]> => {
  const rows = await sql.query<LookupRow & { counts: KeyLock[] | string | null }>(COUNTED_AND_SHOWN_MANY, [
    batch.map((a) => a.person.ciNumber),
    batch.map((a) => a.person.complemento),
    batch.map((a) => a.person.dateOfBirth),
    [...new Set(batch.flatMap((a) => a.keys.map((k) => k.key)))],
  ]);
  // A failure to count: the batch again, each look-up through bono_lookup_admit (nothing was written).
  return decidedWithoutCounting(batch, rows) ?? admitAndLookUpMany(sql, batch);
});

/**
 * `admitLookUp` and, for a look-up admitted with a person, `lookUp` on the same server, in one
 * statement for every look-up of the batch: what a look-up costs when no replica serves the read.
 * A batch in which every look-up finds its person or is refused writes nothing and is decided from
 * its keys' locks (COUNTED_AND_SHOWN_MANY); one with a failure to count takes a second statement.
 * The row's `person_id` is null when the person is not in the statement's snapshot (added or
 * removed since).
 *
 * @example const { admitted, found, row } = await admitAndLookUp(db, { at: new Date(), person, keys })
 */
export function admitAndLookUp(sql: Sql, admission: Admission): Promise<AdmittedLookUp> {
  return admitAndLookUpBatched(sql, admission);
}

/**
 * The registry person and the lists they are on, from a look-up row whose person exists.
 *
 * @example const { person, lists } = lookedUpPerson(row)
 */
export function lookedUpPerson(r: LookupRow): { person: RegistryPerson; lists: ListMembership[] } {
  return { person: personFromRow(r), lists: listsOfPersonFromJson(r.lists) };
}
