import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The SQL of coverage: doses from the campaign's published view `vaccination_public_coverage`
 * (migration 0042), the target population from the registry's published view `registry_person`.
 * Counts only, never a person.
 */

/** Doses of each kind in one group. */
export interface DoseCounts {
  first: bigint;
  second: bigint;
  single: bigint;
  booster: bigint;
}

/** How coverage is grouped. */
export type CoverageGrouping = 'department' | 'municipality' | 'age_band' | 'day';

const GROUP_COLUMN: Record<CoverageGrouping, string> = {
  department: 'department::text',
  municipality: 'municipality',
  age_band: 'age_band',
  day: "to_char(day, 'YYYY-MM-DD')",
};

/**
 * Doses given up to `to` (inclusive), by kind, grouped by one column of the view.
 *
 * @example await dosesBy(db, 'department', '2021-06-13') // Map { '2' => { first: 410n, second: 150n, single: 0n, booster: 0n }, … }
 */
export async function dosesBy(
  sql: Sql,
  grouping: CoverageGrouping,
  to: IsoDate,
): Promise<Map<string, DoseCounts>> {
  const rows = await sql.query<{
    key: string;
    first: bigint;
    second: bigint;
    single: bigint;
    booster: bigint;
  }>(
    `SELECT ${GROUP_COLUMN[grouping]} AS key,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'first'), 0)::bigint AS first,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'second'), 0)::bigint AS second,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'single'), 0)::bigint AS single,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'booster'), 0)::bigint AS booster
     FROM vaccination_public_coverage
     WHERE day <= $1::date
     GROUP BY 1 ORDER BY 1`,
    [to],
  );
  return new Map(
    rows.map((r) => [r.key, { first: r.first, second: r.second, single: r.single, booster: r.booster }]),
  );
}

/** Residents of one municipality of one age (in whole years) on a day. */
export interface PopulationCell {
  department: number;
  municipality: string;
  ageYears: number;
  persons: bigint;
}

/**
 * Persons living and residing in Bolivia on `on` (as the registry's resident population counts
 * them), by municipality and age in whole years: the target population, grouped by the caller.
 *
 * @example await populationByAge(db, '2021-12-31') // [{ department: 1, municipality: '010101', ageYears: 0, persons: 52n }, …]
 */
export async function populationByAge(sql: Sql, on: IsoDate): Promise<PopulationCell[]> {
  const rows = await sql.query<{
    department: number;
    municipality: string;
    age_years: number;
    persons: bigint;
  }>(
    `SELECT p.department_code::int AS department, p.municipality_code::text AS municipality,
            date_part('year', age($1::date, p.date_of_birth))::int AS age_years, count(*) AS persons
     FROM registry_person p
     WHERE p.residence_country = 'BO' AND p.date_of_birth <= $1::date
       AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
     GROUP BY 1, 2, 3`,
    [on],
  );
  return rows.map((r) => ({
    department: r.department,
    municipality: r.municipality,
    ageYears: r.age_years,
    persons: r.persons,
  }));
}

/**
 * Doses by `grouping` up to `on` and the population on `on`, in one read-only, repeatable-read
 * snapshot: doses recorded between the two reads would make the shares disagree.
 *
 * @example const { doses, population } = await coverageSnapshot(db, 'department', '2021-12-31');
 */
export async function coverageSnapshot(
  db: Database,
  grouping: CoverageGrouping,
  on: IsoDate,
): Promise<{ doses: Map<string, DoseCounts>; population: PopulationCell[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return { doses: await dosesBy(tx, grouping, on), population: await populationByAge(tx, on) };
  });
}
