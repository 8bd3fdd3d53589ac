import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Sql } from '../../src/db/database.ts';
import {
  type CoverageGrouping,
  compactCoverage,
  countPopulation,
  dosesBy,
  keepCounted,
  keepPopulation,
  lockPopulationCount,
} from '../../src/vaccination/coverage.repository.ts';
import {
  createSite,
  ensureStockLocations,
  populationByAge,
  registerLot,
} from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertDoses, persons } from './dose-rows.ts';

/**
 * Coverage is kept as a daily aggregate (migration 0064: vaccination_coverage_day, maintained by
 * triggers on the doses and on corrections of a person) so that it reads in well under a second
 * over 10 M doses. Here the published view, read from the aggregate, is held equal to the full
 * count it replaces (0042's view: every dose joined to its person) after doses written one by one
 * and many in one statement, after a person's municipality and date of birth are corrected, and
 * with groups emptied by a correction left out as the full count leaves them. The coarser
 * aggregates beside it (migration 0067: day × department × age band × kind, day × municipality ×
 * kind) and by month beside them (0073: month × department × age band × kind, month ×
 * municipality × kind), which coverage's readings and the transparency portal sum, are held to the
 * same count regrouped, through the published department view and through each reading of dosesBy.
 */

const ACTOR = 'account:coverage-aggregate-test';
const AT = new Date('2021-04-01T14:00:00Z');
let t: TestDatabase;
let base: { product: string; lotId: bigint; siteId: bigint };

/** 0042's view: the doses counted from every record at each read. */
const FULL_COUNT = `
  SELECT d.given_on AS day, p.department_code::int AS department, p.municipality_code::text AS municipality,
         CASE WHEN a.years >= 60 THEN '60+' WHEN a.years >= 50 THEN '50-59' WHEN a.years >= 40 THEN '40-49'
              WHEN a.years >= 30 THEN '30-39' WHEN a.years >= 18 THEN '18-29' WHEN a.years >= 16 THEN '16-17'
              WHEN a.years >= 12 THEN '12-15' WHEN a.years >= 5 THEN '5-11' ELSE '0-4' END AS age_band,
         d.dose_kind, count(*) AS doses
  FROM vaccination_dose d
  JOIN registry_person p ON p.id = d.person_id
  CROSS JOIN LATERAL (SELECT date_part('year', age(d.given_on, p.date_of_birth))::int AS years) a
  GROUP BY 1, 2, 3, 4, 5`;

async function rows(sql: string): Promise<string[]> {
  const r = await t.db.query<Record<string, unknown>>(
    `SELECT to_char(day, 'YYYY-MM-DD') || '|' || department || '|' || municipality || '|' || age_band || '|'
            || dose_kind || '|' || doses AS line FROM (${sql}) x ORDER BY 1`,
  );
  return r.map((x) => String(x.line));
}

/** The full count by one column of coverage up to `on` (inclusive), as dosesBy gives it. */
async function fullCountBy(grouping: CoverageGrouping, on: string): Promise<string[]> {
  const key = {
    department: 'department::text',
    municipality: 'municipality',
    age_band: 'age_band',
    day: "to_char(day, 'YYYY-MM-DD')",
  }[grouping];
  const r = await t.db.query<{ line: string }>(
    `SELECT ${key} || '|' || coalesce(sum(doses) FILTER (WHERE dose_kind = 'first'), 0) || '|'
            || coalesce(sum(doses) FILTER (WHERE dose_kind = 'second'), 0) || '|'
            || coalesce(sum(doses) FILTER (WHERE dose_kind = 'single'), 0) || '|'
            || coalesce(sum(doses) FILTER (WHERE dose_kind = 'booster'), 0) AS line
     FROM (${FULL_COUNT}) f WHERE day <= $1::date GROUP BY ${key} ORDER BY 1`,
    [on],
  );
  return r.map((x) => x.line);
}

async function assertAggregateEqualsFullCount(): Promise<string[]> {
  const full = await rows(FULL_COUNT);
  const kept = await rows('SELECT * FROM vaccination_public_coverage');
  assert.deepEqual(kept, full);
  // The department grain published (0067) is the full count regrouped.
  const byDepartment = (sql: string) =>
    t.db.query<{ line: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') || '|' || department || '|' || age_band || '|' || dose_kind || '|' || doses AS line
       FROM (${sql}) x ORDER BY 1`,
    );
  assert.deepEqual(
    await byDepartment('SELECT * FROM vaccination_public_coverage_department'),
    await byDepartment(
      `SELECT day, department, age_band, dose_kind, sum(doses) AS doses FROM (${FULL_COUNT}) f GROUP BY 1, 2, 3, 4`,
    ),
  );
  // Each reading of coverage, from its coarse aggregates and the deltas, is the full count
  // regrouped, up to any day: the months before the day's (0073) and its month's days up to it
  // (0067) — a day inside a month with doses on both sides, a month's first day, the year's end.
  for (const on of ['2021-05-02', '2021-05-12', '2021-06-08', '2021-07-01', '2021-12-31'] as const) {
    for (const grouping of ['department', 'municipality', 'age_band', 'day'] as const) {
      const read = [...(await dosesBy(t.db, grouping, on)).entries()]
        .map(([k, d]) => `${k}|${d.first}|${d.second}|${d.single}|${d.booster}`)
        .sort();
      assert.deepEqual(read, (await fullCountBy(grouping, on)).sort(), `dosesBy ${grouping} ${on}`);
    }
  }
  return kept;
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 600);
  await ensureStockLocations(t.db, AT);
  const site = await createSite(
    t.db,
    { code: 'lp-aggregate', name: 'Punto', municipalityCode: '020101', access: 'walk_in' },
    ACTOR,
    AT,
  );
  assert.ok(site.ok);
  const lot = await registerLot(
    t.db,
    {
      product: 'sinopharm',
      manufacturer: 'Sinopharm',
      lotNumber: 'AG1',
      expiresOn: '2021-12-31',
      dosesPerVial: 2,
    },
    ACTOR,
    AT,
  );
  assert.ok(lot.ok);
  base = { product: 'sinopharm', lotId: lot.value.lot.id, siteId: site.value.id };
});

after(async () => {
  await t?.dispose();
});

test('the aggregate equals the full count after doses one by one and many in one statement', async () => {
  const some = await persons(t.db, { limit: 40 });
  assert.equal(some.length, 40);
  await insertDoses(
    t.db,
    some.slice(0, 10).map((x, i) => ({
      ...base,
      personId: x.id,
      doseNumber: 1,
      kind: 'first' as const,
      givenOn: `2021-05-0${1 + (i % 3)}`,
    })),
  );
  // Many doses in one statement (the replay's and the desks' way): first doses of 30 more persons
  // and second doses of the first ten, spread over days.
  await t.db.query(
    `INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
                                   idempotency_key, stock_transfer_id, recorded_by, recorded_at)
     SELECT p.id, n, CASE n WHEN 1 THEN 'first' ELSE 'second' END, 'sinopharm', $2, $3,
            DATE '2021-05-10' + (p.ord % 5)::int + (n - 1) * 28, 'agg:' || n, 'agg:' || p.id || ':' || n,
            'account:test', now()
     FROM unnest($1::bigint[]) WITH ORDINALITY AS p (id, ord)
     CROSS JOIN generate_series(1, 2) n
     WHERE (n = 1 AND p.ord > 10) OR (n = 2 AND p.ord <= 10)`,
    [some.map((x) => x.id.toString()), base.lotId, base.siteId],
  );
  const kept = await assertAggregateEqualsFullCount();
  const total = kept.reduce((s, line) => s + Number(line.split('|')[5]), 0);
  assert.equal(total, 50, '40 first doses and 10 second doses');
  // The deltas moved into the daily aggregate: the same counts, from the aggregate alone.
  assert.ok((await compactCoverage(t.db)) > 0n);
  const [left] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vaccination_coverage_delta');
  assert.equal(left!.n, 0);
  assert.equal(await compactCoverage(t.db), 0n);
  assert.deepEqual(await assertAggregateEqualsFullCount(), kept);
  // A statement that writes nothing changes nothing.
  await t.db.query(
    `INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
                                   idempotency_key, stock_transfer_id, recorded_by, recorded_at)
     SELECT person_id, dose_number, dose_kind, product, lot_id, site_id, given_on, idempotency_key,
            stock_transfer_id, recorded_by, recorded_at
     FROM vaccination_dose ON CONFLICT DO NOTHING`,
  );
  assert.deepEqual(await assertAggregateEqualsFullCount(), kept);
});

test('a person whose municipality or date of birth is corrected takes their doses to the new group', async () => {
  const before = await assertAggregateEqualsFullCount();
  const [moved] = await t.db.query<{ id: bigint; municipality: string }>(
    `SELECT d.person_id AS id, p.municipality_code::text AS municipality FROM vaccination_dose d
     JOIN person p ON p.id = d.person_id WHERE d.dose_number = 2 ORDER BY d.person_id LIMIT 1`,
  );
  assert.ok(moved);
  const elsewhere = moved.municipality === '030101' ? '040101' : '030101';
  await t.db.query('UPDATE person SET municipality_code = $2 WHERE id = $1', [moved.id, elsewhere]);
  const after = await assertAggregateEqualsFullCount();
  assert.notDeepEqual(after, before);
  assert.ok(after.some((line) => line.includes(`|${elsewhere}|`)));
  // Born 40 years earlier: the same doses in another age band; then every person of the doses at once.
  await t.db.query(`UPDATE person SET date_of_birth = date_of_birth - interval '40 years' WHERE id = $1`, [
    moved.id,
  ]);
  await assertAggregateEqualsFullCount();
  await t.db.query(
    `UPDATE person SET date_of_birth = date_of_birth + interval '1 day'
     WHERE id IN (SELECT person_id FROM vaccination_dose)`,
  );
  const last = await assertAggregateEqualsFullCount();
  assert.ok(
    last.every((line) => Number(line.split('|')[5]) > 0),
    'no group left at zero is published',
  );
  await compactCoverage(t.db);
  assert.deepEqual(await assertAggregateEqualsFullCount(), last);
});

test('the target population kept for a day is the full count, and is forgotten when a person changes', async () => {
  const on = '2021-12-31';
  const sorted = (cells: Awaited<ReturnType<typeof populationByAge>>) =>
    cells.map((c) => `${c.municipality}|${c.ageYears}|${c.persons}`).sort();
  const counted = sorted(await populationByAge(t.db, on));
  await keepPopulation(t.db, on);
  const [kept] = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM vaccination_population_day WHERE on_day = $1',
    [on],
  );
  assert.equal(kept!.n, counted.length);
  assert.deepEqual(sorted(await populationByAge(t.db, on)), counted);
  // A source list's import rewrites its members' list bits (migration 0065): the count cannot
  // change, so the day stays kept (migration 0070).
  await t.db.query(
    'UPDATE person SET source_list_flags = source_list_flags # 1 WHERE id = (SELECT min(id) FROM person)',
  );
  await t.db.query(
    'UPDATE person SET source_list_flags = source_list_flags # 1 WHERE id = (SELECT min(id) FROM person)',
  );
  const [stillKept] = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM vaccination_population_kept',
  );
  assert.equal(stillKept!.n, 1);
  // A death recorded in the registry: the day kept is forgotten, and the count is the new one.
  await t.db.query(
    `UPDATE person SET date_of_death = '2021-06-01' WHERE id = (SELECT min(id) FROM person
                 WHERE date_of_death IS NULL AND residence_country = 'BO' AND date_of_birth < '2021-01-01')`,
  );
  const [forgotten] = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM vaccination_population_kept',
  );
  assert.equal(forgotten!.n, 0);
  const after = sorted(await populationByAge(t.db, on));
  const total = (lines: string[]) => lines.reduce((s, l) => s + Number(l.split('|')[2]), 0);
  assert.equal(total(after), total(counted) - 1);
  await keepPopulation(t.db, on);
  assert.deepEqual(sorted(await populationByAge(t.db, on)), after);
});

const POP_ON = '2021-12-31';
type Cells = Awaited<ReturnType<typeof populationByAge>>;
const sortedCells = (cells: Cells) => cells.map((c) => `${c.municipality}|${c.ageYears}|${c.persons}`).sort();
const totalOf = (cells: Cells) => cells.reduce((s, c) => s + c.persons, 0n);
const keptDays = async () =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vaccination_population_kept'))[0]!.n;
/** A death recorded on `sql`: the oldest (`min`) or newest (`max`) living resident born before 2021. */
const death = (sql: Sql, pick: 'min' | 'max' = 'min') =>
  sql.query(
    `UPDATE person SET date_of_death = '2021-06-02' WHERE id = (SELECT ${pick}(id) FROM person
                 WHERE date_of_death IS NULL AND residence_country = 'BO' AND date_of_birth < '2021-01-01')`,
  );
/** `work`, failed if it waits 10 s (a lock wait): a timeout, not a hang, if it ever waits again. */
async function withoutWaiting<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} waited`)), 10_000);
  });
  try {
    return await Promise.race([work, waited]);
  } finally {
    clearTimeout(timer);
  }
}

test('a writer of persons during a count never waits for it, and leaves nothing kept', async () => {
  const on = POP_ON;
  await t.db.query('DELETE FROM vaccination_population_kept');
  // A count holds its lock (migration 0074); a writer on another connection commits meanwhile,
  // without waiting (before 0074 it waited for the count's EXCLUSIVE lock): it bumps the
  // generation, so the count is not kept.
  const { count, kept } = await t.db.transaction(async (tx) => {
    assert.equal(await lockPopulationCount(tx), true);
    const count = await countPopulation(tx, on);
    await withoutWaiting(death(t.db), 'the writer during a count');
    return { count, kept: await keepCounted(tx, count) };
  });
  assert.equal(kept, false);
  assert.equal(await keptDays(), 0);
  assert.equal(totalOf(await populationByAge(t.db, on)), totalOf(count.cells) - 1n);
  // A writer in flight (holding the generation row it bumped) when the count is kept: nothing
  // kept, and the keeping does not wait for it (an import's minutes).
  await t.db.transaction(async (tx) => {
    assert.equal(await lockPopulationCount(tx), true);
    const count = await countPopulation(tx, on);
    await t.db.transaction(async (writer) => {
      await withoutWaiting(death(writer), 'the writer during a count');
      assert.equal(await withoutWaiting(keepCounted(tx, count), 'the keeping'), false);
    });
  });
  assert.equal(await keptDays(), 0);
  const full = await populationByAge(t.db, on);
  assert.equal(totalOf(full), totalOf(count.cells) - 2n);
  // The next keeping counts again, and what it keeps is the full count.
  await t.db.query('DELETE FROM vaccination_population_kept');
  await keepPopulation(t.db, on);
  assert.equal(await keptDays(), 1);
  assert.deepEqual(sortedCells(await populationByAge(t.db, on)), sortedCells(full));
  // Two keepers at once: one counts, the other finds the lock taken, tries again, keeps the same.
  await t.db.query('DELETE FROM vaccination_population_kept');
  await Promise.all([keepPopulation(t.db, on), keepPopulation(t.db, on)]);
  assert.equal(await keptDays(), 1);
  assert.deepEqual(sortedCells(await populationByAge(t.db, on)), sortedCells(full));
  // A day kept at an older generation (a writer whose forgetting did not see it) is never read,
  // and the next keeping replaces it.
  await t.db.query('UPDATE vaccination_population_day SET persons = persons + 1000 WHERE on_day = $1', [on]);
  await t.db.query('UPDATE vaccination_population_generation SET generation = generation + 1');
  assert.deepEqual(sortedCells(await populationByAge(t.db, on)), sortedCells(full));
  await keepPopulation(t.db, on);
  assert.equal(await keptDays(), 1);
  assert.deepEqual(sortedCells(await populationByAge(t.db, on)), sortedCells(full));
});

test('two writers of persons in two open transactions do not wait for each other', async () => {
  const on = POP_ON;
  await keepPopulation(t.db, on);
  assert.equal(await keptDays(), 1);
  const total = totalOf(await populationByAge(t.db, on));
  const [was] = await t.db.query<{ generation: bigint }>(
    'SELECT generation FROM vaccination_population_generation',
  );
  // Before this change both bumped one row, and both deleted the kept day: the second waited for
  // the first's commit. The first rolls back: the day it was forgetting comes back, unread.
  const rolledBack = new Error('rolled back');
  await assert.rejects(
    t.db.transaction(async (first) => {
      await death(first, 'min');
      await withoutWaiting(
        t.db.transaction((second) => death(second, 'max')),
        'the second writer',
      );
      throw rolledBack;
    }),
    rolledBack,
  );
  // No count under way: neither bumped the generation.
  const [now] = await t.db.query<{ generation: bigint }>(
    'SELECT generation FROM vaccination_population_generation',
  );
  assert.equal(now!.generation, was!.generation);
  assert.equal(await keptDays(), 1);
  assert.equal(totalOf(await populationByAge(t.db, on)), total - 1n);
  // The next keeping counts again and clears what the second writer left.
  await keepPopulation(t.db, on);
  assert.equal(totalOf(await populationByAge(t.db, on)), total - 1n);
  const [left] = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM vaccination_population_forgotten',
  );
  assert.equal(left!.n, 0);
  const [kept] = await t.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM vaccination_population_day WHERE on_day = $1 AND persons > 0',
    [on],
  );
  assert.ok(kept!.n > 0);
});

test('no count starts while a writer of persons is in flight: nothing kept, the figures are the full count', async () => {
  const on = POP_ON;
  await t.db.query('DELETE FROM vaccination_population_kept');
  const fullCells = await populationByAge(t.db, on);
  const full = sortedCells(fullCells);
  await t.db.transaction(async (writer) => {
    await death(writer);
    await withoutWaiting(keepPopulation(t.db, on), 'the count');
    assert.equal(await keptDays(), 0);
    // The readings count for themselves: the registry as committed (the writer's death unseen).
    assert.deepEqual(sortedCells(await populationByAge(t.db, on)), full);
  });
  await keepPopulation(t.db, on);
  assert.equal(await keptDays(), 1);
  const after = await populationByAge(t.db, on);
  assert.equal(totalOf(after), totalOf(fullCells) - 1n);
});
