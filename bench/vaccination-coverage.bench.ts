/**
 * Benchmark: the coverage the campaign publishes, over 10 M dose records (issue #18 §13: under 1 s).
 *
 *   node --import tsx bench/vaccination-coverage.bench.ts [--people 11700000] [--doses 10000000]
 *        [--runs 3] [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * On a copy of the bench country (bench/vaccination-kit.ts), `--doses` dose records are generated
 * set-based in SQL (one INSERT … SELECT: the first persons by id, doses 1, 2 and 3 each — first,
 * second, booster — spread over 2021 at two sites), the tables analysed, and then the coverage
 * the transparency portal reads (`coverage` of src/vaccination, the published view
 * `vaccination_public_coverage` and the registry's residents) is timed by department, age band and
 * day, `--runs` times each, then the same sums from the finest aggregate (0064's day table) in the
 * same run, the read before the coarse aggregates of 0067, to compare with. The readings without a
 * day (department, age band, municipality) sum the month tables of 0073 and the days of the last
 * month. The first reading of a day also counts the day's population (every person) and keeps it.
 */
import { coverage } from '../src/vaccination/index.ts';
import { arg, flag } from './country.ts';
import { benchCopy, existingCopy, stockedSite } from './vaccination-kit.ts';

const PEOPLE = Number(arg('people', '11700000'));
const DOSES = Number(arg('doses', '10000000'));
const RUNS = Number(arg('runs', '3'));
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');

// --copy NAME: a copy made beforehand (CREATE DATABASE NAME TEMPLATE ayni_bench_country_<people>,
// e.g. of a country another bench built), opened as it is and dropped at the end unless --keep.
const copyName = arg('copy', '');
const copy = copyName ? await existingCopy(copyName, SERVER) : await benchCopy(PEOPLE, 'coverage', SERVER, 4);
const { db } = copy;
// A copy that holds doses already (a run with --keep) is timed as it is.
const [present] = await db.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM (SELECT 1 FROM vaccination_dose LIMIT 1) x',
);
const t0 = performance.now();
if (present!.n === 0) {
  const sinopharm = await stockedSite(db, 'bench-a', 'sinopharm', 1000, 1000n);
  const astrazeneca = await stockedSite(db, 'bench-b', 'astrazeneca', 1000, 1000n);
  const [site] = await db.query<{ id: bigint }>(`SELECT id FROM vaccination_site WHERE code = 'bench-a'`);
  // Three doses per person: a first on a day of 2021 by the id, the second 28 days later, a booster
  // 120 days after that (days wrap inside 2021), so every day, band and kind has counts.
  await db.query(
    `INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
                                   idempotency_key, stock_transfer_id, recorded_by, recorded_at)
     SELECT p.id, n, CASE n WHEN 1 THEN 'first' WHEN 2 THEN 'second' ELSE 'booster' END,
            CASE WHEN n = 3 THEN 'astrazeneca' ELSE 'sinopharm' END,
            CASE WHEN n = 3 THEN $2::bigint ELSE $1::bigint END, $3::bigint,
            DATE '2021-01-29' + ((p.id * 7 + (n - 1) * 28 + (n / 3) * 92) % 337)::int,
            'bench:' || n, 'bench', 'account:bench', now()
     FROM (SELECT id FROM person ORDER BY id LIMIT ceil($4::numeric / 3)) p
     CROSS JOIN generate_series(1, 3) AS n
     ORDER BY p.id, n
     LIMIT $4`,
    [sinopharm.id, astrazeneca.id, site!.id, DOSES],
  );
}
const generated = (performance.now() - t0) / 1000;
await db.exec('ANALYZE vaccination_dose');
await db.exec('ANALYZE vaccination_coverage_day');
const [count] = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM vaccination_dose');
console.log(
  `coverage: ${count!.n.toLocaleString('en')} dose records ${present!.n === 0 ? `generated in ${generated.toFixed(1)} s` : 'present'} on the ${PEOPLE.toLocaleString('en')}-person country`,
);
for (const by of ['department', 'age_band', 'municipality', 'day'] as const) {
  const times: number[] = [];
  let rows = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    rows = (await coverage(db, { on: '2021-12-31', by })).length;
    times.push((performance.now() - t) / 1000);
  }
  console.log(`  by ${by}: ${rows} rows, ${times.map((x) => `${x.toFixed(2)} s`).join(', ')}`);
}
// The same doses summed from the finest aggregate (0064's day table, what dosesBy read before the
// coarser aggregates of 0067), in the same run: the read the coarse tables replace.
for (const by of ['department', 'age_band', 'municipality', 'day'] as const) {
  const column = { department: 'department', age_band: 'age_band', municipality: 'municipality', day: 'day' }[
    by
  ];
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    await db.query(
      `SELECT ${column}, dose_kind, sum(doses) FROM (
         SELECT day, department, municipality, age_band, dose_kind, doses FROM vaccination_coverage_day WHERE day <= $1::date
         UNION ALL
         SELECT day, department, municipality, age_band, dose_kind, doses FROM vaccination_coverage_delta WHERE day <= $1::date
       ) kept GROUP BY 1, 2`,
      ['2021-12-31'],
    );
    times.push((performance.now() - t) / 1000);
  }
  console.log(`  the day table by ${by}: ${times.map((x) => `${x.toFixed(2)} s`).join(', ')}`);
}
const [groups] = await db.query<{
  fine: bigint;
  department: bigint;
  municipality: bigint;
  department_month: bigint;
  municipality_month: bigint;
}>(
  `SELECT (SELECT count(*) FROM vaccination_coverage_day) AS fine,
          (SELECT count(*) FROM vaccination_coverage_department_day) AS department,
          (SELECT count(*) FROM vaccination_coverage_municipality_day) AS municipality,
          (SELECT count(*) FROM vaccination_coverage_department_month) AS department_month,
          (SELECT count(*) FROM vaccination_coverage_municipality_month) AS municipality_month`,
);
console.log(
  `  rows: day table ${groups!.fine}, department × age band ${groups!.department} (by month ${groups!.department_month}), municipality ${groups!.municipality} (by month ${groups!.municipality_month})`,
);
const self = process.cpuUsage();
console.log(`  node CPU ${((self.user + self.system) / 1e6).toFixed(1)} s`);
await copy.finish(flag('keep'));
