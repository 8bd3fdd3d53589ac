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

/** One call that counts a look-up before it is answered (migration 0035 says how). */
const ADMIT = prepared(
  `SELECT is_admitted, is_found, refused_until
   FROM bono_lookup_admit($1::timestamptz, $2::text[], $3::int[], $4::float8[], $5::float8[], $6::text, $7::text, $8::date)`,
);

/**
 * Counts the look-up under its keys unless one is locked, and says whether its triple names a
 * person; a triple that names nobody is counted as a failure under every key.
 *
 * @example await admitLookUp(db, person, [{ key: 'client:10.0.0.7', limit: 20, window: 900, lock: 900 }], new Date())
 */
export async function admitLookUp(
  sql: Sql,
  person: PersonTriple,
  keys: readonly AdmitKey[],
  at: Date,
): Promise<{ admitted: boolean; found: boolean; refusedUntil: Date | null }> {
  const [row] = await sql.query<{ is_admitted: boolean; is_found: boolean; refused_until: Date | null }>(
    ADMIT,
    [
      at,
      keys.map((k) => k.key),
      keys.map((k) => k.limit),
      keys.map((k) => k.window),
      keys.map((k) => k.lock),
      person.ciNumber,
      person.complemento,
      person.dateOfBirth,
    ],
  );
  if (!row) throw new Error('bono_lookup_admit returned no row');
  return { admitted: row.is_admitted, found: row.is_found, refusedUntil: row.refused_until };
}

/**
 * Everything a look-up shows, in one round trip (a look-up used to take six), for a batch of
 * look-ups at once (ReadBatcher: under load, one query serves the look-ups that arrived while the
 * previous ones ran). Per look-up `q.i`: the person's standing, the registry person and the
 * source-list rows the rule trace is evaluated from (the registry's PERSON_COLUMNS and its
 * membership query, as loadPersonFacts of src/rules reads them), the date the round applied the
 * rules as of, and the banks' names. Only look-ups already admitted (`admitLookUp`) with a triple
 * that names a person are sent here.
 */
const LOOKUP = prepared(
  `SELECT q.i::int AS i, s.*
   FROM unnest($1::text[], $2::text[], $3::date[])
        WITH ORDINALITY AS q(ci_number, complemento, date_of_birth, i)
   LEFT JOIN LATERAL (
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
     WHERE p.ci_number = q.ci_number AND p.complemento = q.complemento AND p.date_of_birth = q.date_of_birth) s
     ON true
   ORDER BY q.i`,
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

/**
 * The registry person and the lists they are on, from a look-up row whose person exists.
 *
 * @example const { person, lists } = lookedUpPerson(row)
 */
export function lookedUpPerson(r: LookupRow): { person: RegistryPerson; lists: ListMembership[] } {
  return { person: personFromRow(r), lists: listsOfPersonFromJson(r.lists) };
}
