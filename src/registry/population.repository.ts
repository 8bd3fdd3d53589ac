import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The registry's population as it is published (src/transparency compares it with INE's
 * projection): a count by department, never a person. Other domains read `person` only through
 * the registry's functions; this is the one for counting residents.
 */

/**
 * Persons living and residing in Bolivia on the Bolivian calendar day of `at`, by department of
 * residence: what INE's projection counts. Every department appears, with 0 when it has nobody.
 *
 * @example await residentPopulation(db, new Date()) // { asOf: '2021-01-04', byDepartment: Map { 1 => 1187n, … } }
 */
export async function residentPopulation(
  db: Sql,
  at: Date,
): Promise<{ asOf: IsoDate; byDepartment: Map<number, bigint> }> {
  const [day] = await db.query<{ as_of: string }>(
    `SELECT to_char(($1::timestamptz AT TIME ZONE 'America/La_Paz')::date, 'YYYY-MM-DD') AS as_of`,
    [at.toISOString()],
  );
  const asOf = day!.as_of;
  const rows = await db.query<{ code: number; persons: bigint }>(
    `SELECT d.code::int AS code, count(p.id) AS persons
     FROM department d
     LEFT JOIN person p ON p.department_code = d.code
       AND p.residence_country = 'BO'
       AND p.date_of_birth <= $1::date
       AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
     GROUP BY d.code ORDER BY d.code`,
    [asOf],
  );
  return { asOf, byDepartment: new Map(rows.map((r) => [r.code, r.persons])) };
}
