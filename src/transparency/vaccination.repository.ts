import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import { keepPopulation, type PopulationCell, populationByAge } from '../vaccination/index.ts';

/**
 * The aggregate reads behind the vaccination figures. They read only the campaign's published view
 * `vaccination_public_coverage_department` (migration 0067: `vaccination_public_coverage` of 0042
 * at the grain of day, department, age band and kind, kept so that reading it over 10 M doses sums
 * thousands of rows, not millions; owned and documented by src/vaccination), never a
 * vaccination_* table. Counts only; suppression is applied afterwards (suppression.ts).
 */

export type DoseKind = 'first' | 'second' | 'single' | 'booster';

/** Doses of one kind for one department and age band, up to a day. */
export interface CoverageCubeRow {
  department: number;
  ageBand: string;
  doseKind: DoseKind;
  doses: bigint;
}

/**
 * Doses given up to `to` by department, age band and kind (a few hundred rows at most).
 *
 * @example await coverageCube(db, '2021-12-31') // [{ department: 1, ageBand: '60+', doseKind: 'first', doses: 120n }, …]
 */
export async function coverageCube(sql: Sql, to: IsoDate): Promise<CoverageCubeRow[]> {
  const rows = await sql.query<{ department: number; age_band: string; dose_kind: DoseKind; doses: bigint }>(
    `SELECT department, age_band, dose_kind, sum(doses)::bigint AS doses
     FROM vaccination_public_coverage_department
     WHERE day <= $1::date
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [to],
  );
  return rows.map((r) => ({
    department: r.department,
    ageBand: r.age_band,
    doseKind: r.dose_kind,
    doses: r.doses,
  }));
}

/**
 * Doses given each day up to `to`, days with doses only, in order.
 *
 * @example await dosesByDay(db, '2021-12-31') // [{ day: '2021-01-29', doses: 12n }, …]
 */
export async function dosesByDay(sql: Sql, to: IsoDate): Promise<{ day: IsoDate; doses: bigint }[]> {
  const rows = await sql.query<{ day: string; doses: bigint }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(doses)::bigint AS doses
     FROM vaccination_public_coverage_department
     WHERE day <= $1::date
     GROUP BY day ORDER BY day`,
    [to],
  );
  return rows.map((r) => ({ day: r.day, doses: r.doses }));
}

/**
 * The vaccination reads in one read-only, repeatable-read snapshot, with the campaign's target
 * population (the registry's residents by age, through the campaign's function): doses recorded
 * between the reads would make the figures disagree (the running total must end at the count).
 * The population of the day is kept first if it is not (keepPopulation), as the office's coverage
 * keeps it: counted from every person, a public read took 15-70 s at 11.7 M persons, and each
 * reader counted again; read from the kept count, milliseconds, and the same figures.
 *
 * @example const { cube, days, population } = await vaccinationAggregates(db, '2021-12-31');
 */
export async function vaccinationAggregates(
  db: Database,
  on: IsoDate,
): Promise<{
  cube: CoverageCubeRow[];
  days: { day: IsoDate; doses: bigint }[];
  population: PopulationCell[];
}> {
  await keepPopulation(db, on);
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return {
      cube: await coverageCube(tx, on),
      days: await dosesByDay(tx, on),
      population: await populationByAge(tx, on),
    };
  });
}
