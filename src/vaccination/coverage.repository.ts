import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The SQL of coverage: doses from the campaign's aggregates of the nominal registry (migrations
 * 0064 and 0067), the target population from the registry's published view `registry_person`.
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

/** The column each grouping sums the kept rows by. */
const GROUP_COLUMN: Record<CoverageGrouping, string> = {
  department: 'department',
  municipality: 'municipality',
  age_band: 'age_band',
  day: 'day',
};

/** The key of a group as coverage names it, from the column (`g`): made once a group, not a row. */
const GROUP_KEY: Record<CoverageGrouping, string> = {
  department: 'g::text',
  municipality: 'g',
  age_band: 'g',
  day: "to_char(g, 'YYYY-MM-DD')",
};

/** The first day of the month of $1: the months before it are read from the month tables (0073). */
const MONTH_OF = "date_trunc('month', $1::date::timestamp)::date";

/**
 * Day × department × age band × kind (migration 0067) and the deltas not yet compacted into it:
 * the day reading, which needs every day.
 */
const BY_DEPARTMENT_DAY = `SELECT day, department, age_band, dose_kind, doses
           FROM vaccination_coverage_department_day WHERE day <= $1::date
           UNION ALL
           SELECT day, department, age_band, dose_kind, doses
           FROM vaccination_coverage_delta WHERE day <= $1::date`;

/**
 * Department × age band × kind up to $1: the months before $1's month (migration 0073), the days
 * of its month up to $1 (0067) and the deltas not yet compacted. At most ~4,000 + 31 × 324 rows a
 * year where the days alone were ~82,000.
 */
const BY_DEPARTMENT = `SELECT department, age_band, dose_kind, doses
           FROM vaccination_coverage_department_month WHERE month < ${MONTH_OF}
           UNION ALL
           SELECT department, age_band, dose_kind, doses
           FROM vaccination_coverage_department_day WHERE day >= ${MONTH_OF} AND day <= $1::date
           UNION ALL
           SELECT department, age_band, dose_kind, doses
           FROM vaccination_coverage_delta WHERE day <= $1::date`;

/** Municipality × kind up to $1, the same way (0073's months, 0067's days of the month, deltas). */
const BY_MUNICIPALITY = `SELECT municipality, dose_kind, doses
           FROM vaccination_coverage_municipality_month WHERE month < ${MONTH_OF}
           UNION ALL
           SELECT municipality, dose_kind, doses
           FROM vaccination_coverage_municipality_day WHERE day >= ${MONTH_OF} AND day <= $1::date
           UNION ALL
           SELECT municipality, dose_kind, doses
           FROM vaccination_coverage_delta WHERE day <= $1::date`;

/**
 * The rows each grouping sums: the coarsest aggregate that has its column. By month where the
 * grouping has no day (~20,000 rows by municipality at 10 M doses where the days were 341,520:
 * 0.3–0.45 s of a reading at load 10); by day from 0067's department table (~82,000 rows). The
 * finest (0064's, ~2 M rows at 10 M doses) is read only through the published view.
 */
const KEPT_ROWS: Record<CoverageGrouping, string> = {
  department: BY_DEPARTMENT,
  age_band: BY_DEPARTMENT,
  day: BY_DEPARTMENT_DAY,
  municipality: BY_MUNICIPALITY,
};

/**
 * Doses given up to `to` (inclusive), by kind, grouped by one column — read from the coarsest
 * aggregate that has the column (migrations 0067 and 0073) and the deltas not yet compacted,
 * grouped once: over 10 M doses the finest aggregate's 2 M groups took 1.4–3.5 s to sum on a
 * loaded machine.
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
    // Summed by group and kind with one plain sum a row, then the few thousand sums spread into
    // the four kinds: the four FILTERs and the key's text (to_char of each day) over every kept
    // row took 2–4 times as long (the day reading's 81,878 rows: 100–150 ms against 30–50 ms at
    // load 10).
    `SELECT ${GROUP_KEY[grouping]} AS key,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'first'), 0)::bigint AS first,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'second'), 0)::bigint AS second,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'single'), 0)::bigint AS single,
            coalesce(sum(doses) FILTER (WHERE dose_kind = 'booster'), 0)::bigint AS booster
     FROM (SELECT ${GROUP_COLUMN[grouping]} AS g, dose_kind, sum(doses) AS doses
           FROM (${KEPT_ROWS[grouping]}) kept GROUP BY 1, 2) s
     GROUP BY g HAVING sum(doses) > 0 ORDER BY 1`,
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

/** The count of the target population on a day ($1), as populationByAge gives it. */
const POPULATION_COUNT = `SELECT p.department_code::int AS department, p.municipality_code::text AS municipality,
         date_part('year', age($1::date, p.date_of_birth))::int AS age_years, count(*) AS persons
  FROM registry_person p
  WHERE p.residence_country = 'BO' AND p.date_of_birth <= $1::date
    AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
  GROUP BY 1, 2, 3`;

/**
 * A kept day (`k`) is read only while its generation is the current one and no writer left it to
 * another writer's forgetting (migration 0074): a write of persons committed after its count bumped
 * the generation, even where its forgetting did not see the kept rows; one that skipped kept rows
 * another writer was deleting (who may roll back) left a row in vaccination_population_forgotten.
 */
const KEPT_CURRENT = `k.generation = (SELECT g.generation FROM vaccination_population_generation g)
  AND NOT EXISTS (SELECT 1 FROM vaccination_population_forgotten)`;

/** A row of POPULATION_COUNT (or of vaccination_population_day) as a cell. */
const cellOf = (r: {
  department: number;
  municipality: string;
  age_years: number;
  persons: bigint;
}): PopulationCell => ({
  department: r.department,
  municipality: r.municipality,
  ageYears: r.age_years,
  persons: r.persons,
});

/**
 * Persons living and residing in Bolivia on `on` (as the registry's resident population counts
 * them), by municipality and age in whole years: the target population, grouped by the caller.
 * Read from the count kept for the day (keepPopulation) when there is one, which is the count of
 * the registry as the caller's snapshot sees it (any write of the persons forgets it); otherwise
 * counted from every person.
 *
 * @example await populationByAge(db, '2021-12-31') // [{ department: 1, municipality: '010101', ageYears: 0, persons: 52n }, …]
 */
export async function populationByAge(sql: Sql, on: IsoDate): Promise<PopulationCell[]> {
  const kept = await sql.query<{
    kept: boolean;
    department: number | null;
    municipality: string | null;
    age_years: number | null;
    persons: bigint | null;
  }>(
    `SELECT k.on_day IS NOT NULL AS kept, p.department, p.municipality, p.age_years, p.persons
     FROM (SELECT $1::date AS on_day) x
     LEFT JOIN vaccination_population_kept k ON k.on_day = x.on_day AND ${KEPT_CURRENT}
     LEFT JOIN vaccination_population_day p ON p.on_day = k.on_day`,
    [on],
  );
  const rows = kept[0]?.kept
    ? kept.flatMap((r) =>
        r.municipality === null
          ? []
          : [
              {
                department: r.department!,
                municipality: r.municipality,
                age_years: r.age_years!,
                persons: r.persons!,
              },
            ],
      )
    : await sql.query<{ department: number; municipality: string; age_years: number; persons: bigint }>(
        POPULATION_COUNT,
        [on],
      );
  return rows.map(cellOf);
}

/** The key of the population's groups for each grouping of coverage (`age_band`: the age in years). */
const POPULATION_KEY: Record<CoverageGrouping, string> = {
  department: 'department::text',
  municipality: 'municipality',
  age_band: 'age_years::text',
  day: "''",
};

/**
 * The target population on `on` summed by the grouping's key in SQL (populationByAge's cells, from
 * the count kept for the day or else counted): by department, by municipality, by age in whole
 * years (`age_band`: the caller bands the ages), or the whole country under `''` (`day`). A few
 * hundred rows where the cells were ~41,000 to send and parse at each reading of coverage.
 *
 * @example await populationBy(db, 'department', '2021-12-31') // Map { '1' => 650000n, … }
 */
export async function populationBy(
  sql: Sql,
  grouping: CoverageGrouping,
  on: IsoDate,
): Promise<Map<string, bigint>> {
  // The count kept, read alone: one statement with the count as its other branch (never run when
  // the day is kept) was planned at the count's cost over 11.7 M persons, above the server's JIT
  // thresholds, and compiled 36 functions at every reading (0.36 s at load 10, half a reading).
  const kept = await sql.query<{ kept: boolean; key: string | null; persons: bigint | null }>(
    `SELECT k.kept, p.key, p.persons
     FROM (SELECT EXISTS (SELECT 1 FROM vaccination_population_kept k WHERE k.on_day = $1::date AND ${KEPT_CURRENT}) AS kept) k
     LEFT JOIN (SELECT ${POPULATION_KEY[grouping]} AS key, sum(persons)::bigint AS persons
                FROM vaccination_population_day WHERE on_day = $1::date GROUP BY 1) p ON k.kept`,
    [on],
  );
  if (kept[0]?.kept) {
    return new Map(kept.flatMap((r) => (r.key === null ? [] : [[r.key, r.persons!] as const])));
  }
  const rows = await sql.query<{ key: string; persons: bigint }>(
    `SELECT ${POPULATION_KEY[grouping]} AS key, sum(persons)::bigint AS persons
     FROM (${POPULATION_COUNT}) c GROUP BY 1`,
    [on],
  );
  return new Map(rows.map((r) => [r.key, r.persons]));
}

/**
 * Moves the doses' counts appended since the last time into the daily aggregate (migration 0064,
 * vaccination_coverage_compact): the view is exact either way, and reads fewer rows after. On a
 * read-only server nothing moves. Returns the delta rows moved.
 *
 * @example await compactCoverage(db) // 1520n
 */
export async function compactCoverage(db: Database | Sql): Promise<bigint> {
  try {
    const [row] = await db.query<{ moved: bigint }>('SELECT vaccination_coverage_compact() AS moved');
    return BigInt(row?.moved ?? 0);
  } catch (error) {
    // 25006: read_only_sql_transaction (a hot standby).
    if ((error as { code?: string }).code !== '25006') throw error;
    return 0n;
  }
}

/**
 * Vacuums the deltas' table after a compaction moved rows out of it (the compaction deletes every
 * delta). On a server without autovacuum (the test and bench servers) the dead rows stayed, and
 * every later compaction and coverage read scanned them: after 3 M doses written in one statement,
 * 1.1 M dead rows (71 MB) read twice a reading, 0.6 s of its 0.65. SKIP_LOCKED: a vacuum under
 * way does the work. On a read-only server (a standby) nothing is done.
 *
 * @example await vacuumCoverageDeltas(db)
 */
export async function vacuumCoverageDeltas(db: Database): Promise<void> {
  try {
    await db.query('VACUUM (SKIP_LOCKED) vaccination_coverage_delta');
  } catch (error) {
    // 25006: read_only_sql_transaction (a hot standby).
    if ((error as { code?: string }).code !== '25006') throw error;
  }
}

/**
 * The advisory lock a count holds exclusively for its transaction, and every writer of persons
 * shared (migration 0074's trigger names the same key).
 */
const POPULATION_LOCK = "hashtext('ayni:vaccination:population')";

/** A count of the target population on a day, and the generation read before it. */
export interface PopulationCount {
  on: IsoDate;
  /** vaccination_population_generation read after the count's lock, before the count (0074). */
  generation: bigint;
  cells: PopulationCell[];
}

/**
 * Takes the count's lock for the transaction `tx` with a try (migration 0074): false while a
 * writer of persons is in flight (it holds the lock shared) or another count holds it. Never
 * waits, so no writer ever queues behind a count; its own statement, so that the count's
 * snapshot, taken by a later statement, follows the lock.
 *
 * @example if (await lockPopulationCount(tx)) await keepCounted(tx, await countPopulation(tx, on));
 */
export async function lockPopulationCount(tx: Sql): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_xact_lock(${POPULATION_LOCK}) AS locked`,
  );
  return row!.locked;
}

/**
 * Counts the target population on `on` in `tx`, which holds the count's lock (lockPopulationCount),
 * with the generation read before the count: a writer committed before the lock is in the count;
 * one that writes after it bumps the generation, so keepCounted keeps nothing. The count is one
 * statement (one snapshot); a writer that commits between the two statements bumped the
 * generation after it was read, so the count is only not kept.
 *
 * @example const count = await countPopulation(tx, '2021-12-31'); await keepCounted(tx, count);
 */
export async function countPopulation(tx: Sql, on: IsoDate): Promise<PopulationCount> {
  const [row] = await tx.query<{ generation: bigint }>(
    'SELECT generation FROM vaccination_population_generation',
  );
  const cells = await tx.query<{
    department: number;
    municipality: string;
    age_years: number;
    persons: bigint;
  }>(POPULATION_COUNT, [on]);
  return {
    on,
    generation: row!.generation,
    cells: cells.map(cellOf),
  };
}

/**
 * Keeps a count (countPopulation) if no write of persons came after its lock: locks the generation
 * row with SKIP LOCKED (a writer in flight that bumped it holds it: nothing kept, and no wait for
 * that writer, an import's minutes) and inserts the cells only if the generation is the count's.
 * Returns whether the day is kept at that generation. A writer that bumps next waits for this short
 * insertion only, then forgets what was kept.
 *
 * @example await keepCounted(tx, await countPopulation(tx, '2021-12-31')) // true
 */
export async function keepCounted(tx: Sql, count: PopulationCount): Promise<boolean> {
  const [now] = await tx.query<{ generation: bigint }>(
    'SELECT generation FROM vaccination_population_generation FOR UPDATE SKIP LOCKED',
  );
  if (now?.generation !== count.generation) return false;
  // The day kept before (at an older generation, or unread since a writer skipped forgetting it)
  // is replaced; a writer's forgotten rows are cleared with every day they left unread. This
  // transaction holds the count's lock, so no other keeper inserts meanwhile, and every writer that
  // left a forgotten row before it has ended (one after it bumped: not kept, above).
  const [forgotten] = await tx.query<{ n: number }>(
    'WITH f AS (DELETE FROM vaccination_population_forgotten RETURNING 1) SELECT count(*)::int AS n FROM f',
  );
  await tx.query('DELETE FROM vaccination_population_kept WHERE on_day = $1 OR $2', [
    count.on,
    forgotten!.n > 0,
  ]);
  await tx.query('INSERT INTO vaccination_population_kept (on_day, generation) VALUES ($1, $2)', [
    count.on,
    count.generation,
  ]);
  const { cells } = count;
  await tx.query(
    `INSERT INTO vaccination_population_day (on_day, department, municipality, age_years, persons)
     SELECT $1::date, * FROM unnest($2::int[], $3::text[], $4::int[], $5::bigint[])`,
    [
      count.on,
      cells.map((c) => c.department),
      cells.map((c) => c.municipality),
      cells.map((c) => c.ageYears),
      cells.map((c) => c.persons.toString()),
    ],
  );
  return true;
}

/** Whether the day $1 is kept and may be read (KEPT_CURRENT). */
const KEPT_NOW = `EXISTS (SELECT 1 FROM vaccination_population_kept k WHERE k.on_day = $1::date AND ${KEPT_CURRENT})`;

async function keptCurrent(sql: Sql, on: IsoDate): Promise<boolean> {
  const [row] = await sql.query<{ kept: boolean }>(`SELECT ${KEPT_NOW} AS kept`, [on]);
  return row!.kept;
}

/** Tries of keepPopulation, and its wait between two (a writer in flight, or a write meanwhile). */
const KEEP_TRIES = 3;
const KEEP_RETRY_MS = 50;

/**
 * Counts the target population on `on` once and keeps it (migration 0064), unless kept already,
 * without making any writer of persons wait (migration 0074): one transaction takes the count's
 * lock with a try (lockPopulationCount), counts (countPopulation) and keeps the count if no writer
 * came after the lock (keepCounted). While a writer is in flight (an import's minutes) the lock is
 * not had and nothing is kept: the readings count for themselves, and the keeper ahead
 * (coverage-ahead.ts) tries at its next tick. The lock is the transaction's, so it ends with it
 * even if the process dies. On a read-only server (a standby) nothing is kept and populationByAge
 * counts every time.
 *
 * @example await keepPopulation(db, '2021-12-31')
 */
export async function keepPopulation(db: Database, on: IsoDate): Promise<void> {
  // Kept already (every reading but the day's first): one indexed read. Read-only (a standby, or
  // a read-only session): nothing could be kept, so no count either.
  const [state] = await db.query<{ kept: boolean; read_only: boolean }>(
    `SELECT ${KEPT_NOW} AS kept, current_setting('transaction_read_only') = 'on' AS read_only`,
    [on],
  );
  if (state!.kept || state!.read_only) return;
  for (let attempt = 0; attempt < KEEP_TRIES; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, KEEP_RETRY_MS));
    try {
      const kept = await db.transaction(async (tx) => {
        if (!(await lockPopulationCount(tx))) return false;
        // Kept by another keeper while this one waited for the lock.
        if (await keptCurrent(tx, on)) return true;
        return keepCounted(tx, await countPopulation(tx, on));
      });
      if (kept) return;
    } catch (error) {
      // 25006: read_only_sql_transaction (a hot standby).
      if ((error as { code?: string }).code !== '25006') throw error;
      return;
    }
  }
}

/**
 * Doses by `grouping` up to `on` and the population on `on` by the grouping's key (populationBy), in one read-only, repeatable-read
 * snapshot: doses recorded between the two reads would make the shares disagree. The population
 * of the day is counted and kept first if it is not (keepPopulation): the doses come from their
 * daily aggregate, so over 10 M doses and 11.7 M persons both reads take milliseconds.
 *
 * @example const { doses, population } = await coverageSnapshot(db, 'department', '2021-12-31');
 */
export async function coverageSnapshot(
  db: Database,
  grouping: CoverageGrouping,
  on: IsoDate,
): Promise<{ doses: Map<string, DoseCounts>; population: Map<string, bigint> }> {
  await keepPopulation(db, on);
  if ((await compactCoverage(db)) > 0n) await vacuumCoverageDeltas(db);
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return { doses: await dosesBy(tx, grouping, on), population: await populationBy(tx, grouping, on) };
  });
}
