import type { Sql } from './db/database.ts';

/**
 * What the seed (./seed.ts) reads to decide whether to run and whom to pay in the demonstration.
 * It reads the registry's persons through the registry's published read model (registry_person,
 * migration 0040), and the bono's banks and entitlements directly: the seed is the composition
 * root's one-off loader of demonstration data, not a domain, and the bono exports neither question
 * (test/architecture/tables-by-owner.test.ts names these two reads).
 */

/**
 * Whether the registry holds any person (the seed runs only on an empty one).
 *
 * @example if (await registryHasPersons(app.db)) return false;
 */
export async function registryHasPersons(db: Sql): Promise<boolean> {
  const [row] = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM registry_person) AS any');
  return row?.any === true;
}

/**
 * The BICs of the banks the bono pays through, in order.
 *
 * @example const bics = await bonoBankBics(app.db); // ['BNBOBOLX', …]
 */
export async function bonoBankBics(db: Sql): Promise<string[]> {
  const rows = await db.query<{ bic: string }>('SELECT bic FROM bono_bank ORDER BY bic');
  return rows.map((r) => r.bic);
}

/** A person entitled in a round to collect at a bank counter, with the window to collect in. */
export interface CounterEntitlement {
  ci: string;
  /** The CI complemento ('' when none). */
  c: string;
  /** Date of birth, YYYY-MM-DD. */
  dob: string;
  /** First and last day of the person's collection window, YYYY-MM-DD. */
  opens: string;
  closes: string;
  /** The person's id, as text. */
  id: string;
}

/**
 * The round's entitlements paid at a bank counter, by person id.
 *
 * @example const persons = await counterEntitlements(app.db, round.id);
 */
export async function counterEntitlements(db: Sql, roundId: number): Promise<CounterEntitlement[]> {
  return db.query<CounterEntitlement>(
    `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob,
            to_char(e.opens_on, 'YYYY-MM-DD') AS opens, to_char(e.closes_on, 'YYYY-MM-DD') AS closes, p.id::text AS id
     FROM bono_entitlement e JOIN registry_person p ON p.id = e.person_id WHERE e.round_id = $1 AND e.channel = 'counter'
     ORDER BY p.id`,
    [roundId],
  );
}
