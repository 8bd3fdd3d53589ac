import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { residentPopulation } from '../../src/registry/index.ts';
import { ageOn } from '../../src/shared/dates.ts';
import {
  figureCsv,
  loadVaccinationFigures,
  SMALL_MARK,
  WITHHELD_MARK,
} from '../../src/transparency/index.ts';
import { vaccinationAggregates } from '../../src/transparency/vaccination.repository.ts';
import {
  ageBandOf,
  ageBands,
  coverage,
  createSite,
  ensureStockLocations,
  keepPopulationAhead,
  populationByAge,
  registerLot,
} from '../../src/vaccination/index.ts';
import { figureWords } from '../../src/web/transparency/figure.words.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type DoseRow, insertDoses, persons } from './dose-rows.ts';

/**
 * Coverage: doses by kind against the registry's residents by department, municipality, age band
 * and day, from the campaign's published view `vaccination_public_coverage`; the view's age bands
 * are the rules' plan groups; on the transparency figures a department with 1–4 doses shows «<5»
 * and another count is withheld so that it cannot be worked out, in the CSV as on the page.
 */

const ACTOR = 'account:coverage-test';
const AT = new Date('2021-04-01T14:00:00Z');
const ON = '2021-06-30';
let t: TestDatabase;
const doses: (DoseRow & { department: number; dateOfBirth: string })[] = [];

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 1_500);
  await ensureStockLocations(t.db, AT);
  const site = await createSite(
    t.db,
    { code: 'lp-coverage', name: 'Punto', municipalityCode: '020101', access: 'walk_in' },
    ACTOR,
    AT,
  );
  assert.ok(site.ok);
  const lot = await registerLot(
    t.db,
    {
      product: 'sinopharm',
      manufacturer: 'Sinopharm',
      lotNumber: 'C1',
      expiresOn: '2021-12-31',
      dosesPerVial: 2,
    },
    ACTOR,
    AT,
  );
  assert.ok(lot.ok);
  const base = { product: 'sinopharm', lotId: lot.value.lot.id, siteId: site.value.id };
  // La Paz: 30 persons with a first dose, 12 of them with the second; Cochabamba 10; Oruro 3 (a
  // small cell, which Cochabamba's count, the smallest of at least 8, protects).
  const laPaz = await persons(t.db, { department: 2, limit: 30 });
  const cochabamba = await persons(t.db, { department: 3, limit: 10 });
  const oruro = await persons(t.db, { department: 4, limit: 3 });
  assert.equal(laPaz.length, 30);
  assert.equal(cochabamba.length, 10);
  assert.equal(oruro.length, 3);
  for (const x of cochabamba)
    doses.push({ ...base, ...x, personId: x.id, doseNumber: 1, kind: 'first', givenOn: '2021-06-02' });
  laPaz.forEach((x, i) => {
    const first = `2021-05-${String(1 + (i % 20)).padStart(2, '0')}`;
    doses.push({ ...base, ...x, personId: x.id, doseNumber: 1, kind: 'first', givenOn: first });
    if (i < 12)
      doses.push({
        ...base,
        ...x,
        personId: x.id,
        doseNumber: 2,
        kind: 'second',
        givenOn: `2021-06-${10 + i}`,
      });
  });
  for (const x of oruro)
    doses.push({ ...base, ...x, personId: x.id, doseNumber: 1, kind: 'first', givenOn: '2021-06-01' });
  await insertDoses(t.db, doses);
});

after(async () => {
  await t?.dispose();
});

test('coverage by department against the registry’s residents, and by day cumulative', async () => {
  const rows = await coverage(t.db, { on: ON, by: 'department' });
  const residents = await residentPopulation(t.db, new Date(`${ON}T16:00:00Z`));
  assert.deepEqual(
    rows.map((r) => [r.group, r.population]),
    [...residents.byDepartment].filter(([, n]) => n > 0n).map(([d, n]) => [String(d), n]),
  );
  const lp = rows.find((r) => r.group === '2')!;
  assert.deepEqual(lp.doses, { first: 30n, second: 12n, single: 0n, booster: 0n });
  assert.deepEqual(rows.find((r) => r.group === '4')!.doses, {
    first: 3n,
    second: 0n,
    single: 0n,
    booster: 0n,
  });
  // Up to 31 May only the first doses of May count.
  const may = await coverage(t.db, { on: '2021-05-31', by: 'department' });
  assert.deepEqual(may.find((r) => r.group === '2')!.doses, {
    first: 30n,
    second: 0n,
    single: 0n,
    booster: 0n,
  });
  const byDay = await coverage(t.db, { on: ON, by: 'day' });
  assert.deepEqual(byDay.at(-1)!.cumulative, { first: 43n, second: 12n, single: 0n, booster: 0n });
  const byMunicipality = await coverage(t.db, { on: ON, by: 'municipality' });
  assert.equal(
    byMunicipality.reduce((s, r) => s + r.doses.first, 0n),
    43n,
  );
});

test('the view’s age bands are the rules’ plan groups, the age on the day of the dose', async () => {
  const rows = await coverage(t.db, { on: ON, by: 'age_band' });
  assert.deepEqual(
    rows.map((r) => r.group),
    ageBands(ON).filter((b) => rows.some((r) => r.group === b)),
  );
  const expected = new Map<string, bigint>();
  for (const d of doses) {
    const band = ageBandOf(ageOn(d.dateOfBirth, d.givenOn), d.givenOn)!;
    expected.set(band, (expected.get(band) ?? 0n) + 1n);
  }
  for (const r of rows)
    assert.equal(r.doses.first + r.doses.second, expected.get(r.group) ?? 0n, `band ${r.group}`);
});

test('transparency publishes the coverage with small cells suppressed, in the CSV as on the page', async () => {
  const v = await loadVaccinationFigures(t.db, ON);
  const row = (code: string) => v.byDepartment.rows.find((r) => r.code === code)!;
  assert.equal(row('2').first, 30n);
  assert.equal(row('2').second, 12n);
  assert.equal(row('4').first, SMALL_MARK, 'Oruro’s 3 first doses');
  // Oruro's doses would follow from the total and the other departments: Cochabamba's are withheld.
  assert.equal(row('3').first, WITHHELD_MARK);
  assert.equal(v.byDepartment.total!.first, 43n);
  const csv = figureCsv(v.byDepartment, figureWords('es'));
  assert.match(csv.split('\r\n')[0]!, /^codigo,departamento,poblacion,primeras_dosis,/);
  assert.ok(csv.includes(SMALL_MARK));
  // The percentage of a hidden count is withheld too.
  assert.equal(row('4').atLeastOne, WITHHELD_MARK);
  // The daily series joins small days and ends at the count of doses.
  assert.equal(v.doses, 55n);
  assert.equal(v.byDay.rows.at(-1)!.cumulative, 55n);
  assert.ok(v.byDay.rows.every((r) => typeof r.doses === 'bigint' && r.doses >= 5n));
  assert.equal(v.byAgeBand.rows.length, ageBands(ON).length);
});

const keptDays = async () =>
  (
    await t.db.query<{ on_day: string }>(
      "SELECT to_char(on_day, 'YYYY-MM-DD') AS on_day FROM vaccination_population_kept",
    )
  ).map((r) => r.on_day);
const sortedCells = (cells: Awaited<ReturnType<typeof populationByAge>>) =>
  cells.map((c) => `${c.municipality}|${c.ageYears}|${c.persons}`).sort();

test('the portal keeps the day’s population and reads the kept count: the figures of the full count', async () => {
  await t.db.query('DELETE FROM vaccination_population_kept');
  const counted = sortedCells(await populationByAge(t.db, ON));
  const before = await loadVaccinationFigures(t.db, ON);
  assert.deepEqual(await keptDays(), [ON], 'the portal’s read kept the day');
  assert.deepEqual(sortedCells((await vaccinationAggregates(t.db, ON)).population), counted);
  // The kept count is what the portal reads: a mark put in it (no person changes) shows.
  await t.db.query('UPDATE vaccination_population_day SET persons = persons + 1000 WHERE on_day = $1', [ON]);
  const [{ cells } = { cells: 0 }] = await t.db.query<{ cells: number }>(
    'SELECT count(*)::int AS cells FROM vaccination_population_day WHERE on_day = $1',
    [ON],
  );
  const marked = await loadVaccinationFigures(t.db, ON);
  assert.ok(typeof before.byDepartment.total!.population === 'bigint');
  assert.ok(cells > 0);
  assert.notDeepEqual(marked.byDepartment.total!.population, before.byDepartment.total!.population);
  await t.db.query('DELETE FROM vaccination_population_kept');
  assert.deepEqual(await loadVaccinationFigures(t.db, ON), before);
});

test('the keeper counts today’s population ahead when it is not kept, once, and stops', async () => {
  await t.db.query('DELETE FROM vaccination_population_kept');
  const keeper = keepPopulationAhead(t.db, () => new Date('2021-07-01T03:00:00Z'), { everyMs: 3_600_000 });
  try {
    // 03:00 UTC is still 30 June in Bolivia.
    await Promise.all([keeper.tick(), keeper.tick()]);
    assert.deepEqual(await keptDays(), [ON]);
    await keeper.tick();
    assert.deepEqual(await keptDays(), [ON]);
  } finally {
    await keeper.stop();
  }
  await t.db.query('DELETE FROM vaccination_population_kept');
  await keeper.tick();
  assert.deepEqual(await keptDays(), [], 'a stopped keeper counts nothing');
});
