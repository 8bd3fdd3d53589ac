import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { listFlagsDrift, SOURCE_LISTS } from '../../src/registry/index.ts';
import {
  BONO_AGREEMENT_OUTPUTS,
  bind,
  bono,
  compileBatch,
  compilePreview,
  compileSelect,
  evaluate,
  type Facts,
  PREVIEWS,
  previewInMemory,
  runPreview,
  type Value,
  vaccination,
} from '../../src/rules/index.ts';
import { addDays } from '../../src/shared/dates.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { clearFixture, type FixturePerson, insertFixture } from './registry-fixture.ts';

/**
 * Agreement: for random persons, memberships and dates — deliberately crowded around the legal
 * thresholds — the SQL back end (on this run's database: PGlite, or PostgreSQL with DATABASE_URL),
 * the traced interpreter and the closure compiler give identical results for every person, the
 * SQL preview counts what the interpreter counts, and the preview counted in memory by the
 * generated JavaScript (what a simulation runs) equals the SQL preview cell for cell. The SQL
 * preview reads the lists in force from the person's row (`source_list_flags`, ADR 0017); the same
 * preview joining the lists, and a select through the flags, must count and say the same.
 */

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

const RUNS = Number(process.env['AYNI_AGREEMENT_RUNS'] ?? 40);

// --- Generators -------------------------------------------------------------------------------------

/** A date within `spread` days of one of the anchors, or anywhere in [from, to]. */
function dateNear(
  anchors: readonly string[],
  spread: number,
  from: string,
  to: string,
): fc.Arbitrary<string> {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...anchors), fc.integer({ min: -spread, max: spread }))
        .map(([a, d]) => addDays(a, d))
        .map((d) => (d < from ? from : d > to ? to : d)),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: span }).map((d) => addDays(from, d)) },
  );
}

const BIRTH_ANCHORS = [
  '2002-09-16', // 18 on the law date
  '1961-03-01', // 60 on the upper-limit date
  '1960-09-16',
  '1970-09-16', // band edges on the window-age date
  '1980-09-16',
  '1990-09-16',
  '2000-02-29', // leap-day births
  '1960-02-29',
  '1972-02-29',
  '1961-02-28',
];
const BONO_DATES = [
  '2020-11-13',
  '2020-12-01',
  '2020-12-14',
  '2020-12-15',
  '2020-12-28',
  '2020-12-29',
  '2021-01-11',
  '2021-01-12',
  '2021-01-26',
  '2021-01-27',
  '2021-03-01',
  '2021-03-02',
];
const MUNICIPALITIES = [
  '020101',
  '010101',
  '030101',
  '040101',
  '050101',
  '060101',
  '070101',
  '071401',
  '080101',
  '090101',
];

/** `arb` with probability p (in hundredths), otherwise undefined. */
const maybe = <T>(arb: fc.Arbitrary<T>, p = 0.3): fc.Arbitrary<T | undefined> =>
  fc.oneof(
    { weight: Math.round(p * 100), arbitrary: arb },
    { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(undefined) },
  );

const listRows = fc.record({
  'bono-universal': maybe(fc.constant({}), 0.5),
  'juana-azurduy': maybe(fc.constant({})),
  disability: maybe(
    fc.record({
      degree: fc.constantFrom('leve', 'moderada', 'grave', 'muy_grave'),
      disability_type: fc.constantFrom('visual', 'auditiva', 'multiple'),
    }),
  ),
  'ibc-blind': maybe(fc.constant({ ibc_number: 'IBC-1' }), 0.15),
  'sip-independent': maybe(fc.constant({ nua: '123456' }), 0.15),
  'afp-dependent': maybe(
    fc.record({
      contributor_type: fc.constantFrom('dependiente', 'consultor'),
      sector: fc.constantFrom('publico', 'privado'),
      // Both sides of bono_afp_contribution_first_period (July 2020).
      last_contribution_period: fc.constantFrom('2019-03-01', '2020-06-01', '2020-07-01', '2020-10-01'),
    }),
    0.2,
  ),
  'death-pension-survivors': maybe(fc.record({ survivor_degree: fc.constantFrom(1, 2) }), 0.15),
  'pension-recipients': maybe(
    fc.record({ pension_type: fc.constantFrom('vejez', 'invalidez', 'renta_dignidad_contributiva') }),
    0.15,
  ),
  'bono-familia': maybe(fc.record({ role: fc.constantFrom('beneficiario', 'cobrador') }), 0.15),
});

interface GeneratedPerson {
  dob: string;
  lastDigit: number;
  municipality: string;
  residence: string;
  deathOffsetDays: number | undefined;
  lists: Record<string, Record<string, string | number> | undefined>;
  stale: Record<string, Record<string, string | number> | undefined>;
}

const person: fc.Arbitrary<GeneratedPerson> = fc.record({
  dob: dateNear(BIRTH_ANCHORS, 3, '1900-01-01', '2021-06-30'),
  lastDigit: fc.integer({ min: 0, max: 9 }),
  municipality: fc.constantFrom(...MUNICIPALITIES),
  residence: fc.constantFrom('BO', 'BO', 'BO', 'BO', 'BO', 'AR', 'ES'),
  deathOffsetDays: maybe(fc.integer({ min: -3, max: 3 }), 0.2),
  lists: listRows,
  stale: listRows,
});

function toFixture(p: GeneratedPerson, i: number, date: string): FixturePerson {
  const lists = Object.fromEntries(Object.entries(p.lists).filter(([, r]) => r !== undefined)) as Record<
    string,
    Record<string, string | number>
  >;
  const stale = Object.fromEntries(Object.entries(p.stale).filter(([, r]) => r !== undefined)) as Record<
    string,
    Record<string, string | number>
  >;
  let death: string | null = p.deathOffsetDays === undefined ? null : addDays(date, p.deathOffsetDays);
  if (death !== null && death < p.dob) death = p.dob;
  const facts: Facts = {
    attributes: {
      ci_number: String(1_000_000 + i * 10 + p.lastDigit),
      complemento: '',
      date_of_birth: p.dob,
      sex: 'F',
      municipality_code: p.municipality,
      department_code: Number(p.municipality.slice(0, 2)),
      residence_country: p.residence,
      date_of_death: death,
    },
    lists,
  };
  return { facts, stale };
}

/** The law as in force, or one of the UNCONFIRMED alternatives the parameters can switch to. */
const bonoOverrides = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  undefined,
  undefined,
  { bono_age_limit_applies: false },
  { bono_included_disability_degrees: ['moderada', 'grave', 'muy_grave'] },
  { bono_afp_contribution_first_period: '2020-09-01', bono_requires_living_beneficiary: false },
);

function show(v: readonly Value[]): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
}

/** A preview compiled to join the lists in force (`membershipFlags: false`), in runPreview's shape. */
async function joinedPreview(bound: ReturnType<typeof bind>, name: string) {
  const opts = PREVIEWS[name]!.options;
  const rows = await t.db.query<Record<string, unknown>>(
    compilePreview(bound, { ...opts, membershipFlags: false }, SOURCE_LISTS),
  );
  return rows.map((r) => ({
    departmentCode: r['department_code'] as number,
    band: (r['band'] as string | null) ?? null,
    counts: Object.fromEntries(opts.measures.map((m) => [m, r[m] as bigint])),
  }));
}

// --- Properties -------------------------------------------------------------------------------------

test('bono: SQL, interpreter and compiled closures agree on every person, list and preview', async () => {
  const outputs = [...BONO_AGREEMENT_OUTPUTS];
  let persons = 0;
  let eligible = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(person, { minLength: 1, maxLength: 30 }),
      dateNear(BONO_DATES, 1, '2020-11-13', '2021-12-31'),
      bonoOverrides,
      async (generated, date, overrides) => {
        await clearFixture(t.db);
        const fixtures = generated.map((p, i) => toFixture(p, i, date));
        const ids = await insertFixture(t.db, fixtures);
        const bound = bind(bono, { date, ...(overrides ? { overrides } : {}) });
        const batch = compileBatch(bound, outputs);
        assert.equal(await listFlagsDrift(t.db), 0, "the persons' rows say the lists in force");

        const rows = await t.db.query<Record<string, Value>>(
          compileSelect(bound, { columns: outputs }, SOURCE_LISTS),
        );
        const byId = new Map(rows.map((r) => [r['person_id'] as bigint, r]));
        assert.equal(rows.length, fixtures.length);
        // Every output through the flags equals the joins' (NULLs included).
        const flagged = await t.db.query<Record<string, Value>>(
          `${compileSelect(bound, { columns: outputs, membershipFlags: true }, SOURCE_LISTS)} ORDER BY 1`,
        );
        assert.deepEqual(
          flagged,
          [...rows].sort((a, b) => Number((a['person_id'] as bigint) - (b['person_id'] as bigint))),
          'select through the flags ≠ select joining the lists',
        );
        const expectedCounts = new Map<string, number>();
        fixtures.forEach((f, i) => {
          const ev = evaluate(bound, f.facts);
          const interpreted = outputs.map((o) => ev.value(o));
          const row = byId.get(ids[i]!)!;
          const fromSql = outputs.map((o) => row[o] ?? null);
          assert.deepEqual(
            fromSql,
            interpreted,
            `SQL ${show(fromSql)} ≠ interpreter ${show(interpreted)} for ${show([JSON.stringify(f.facts)])} on ${date}`,
          );
          assert.deepEqual(batch(f.facts), interpreted, 'closures ≠ interpreter');
          persons++;
          if (ev.value('bono_eligible') === true) {
            eligible++;
            const key = `${f.facts.attributes['department_code']}|${ev.value('bono_collection_window')}`;
            expectedCounts.set(key, (expectedCounts.get(key) ?? 0) + 1);
          }
        });

        // The list selected WHERE bono_eligible computes its columns knowing eligibility is true.
        const list = await t.db.query<Record<string, Value>>(
          compileSelect(
            bound,
            {
              where: 'bono_eligible',
              columns: ['bono_collection_window', 'bono_collectable_on_date'],
            },
            SOURCE_LISTS,
          ),
        );
        const listed = new Map(list.map((r) => [r['person_id'] as bigint, r]));
        fixtures.forEach((f, i) => {
          const ev = evaluate(bound, f.facts);
          const r = listed.get(ids[i]!);
          assert.equal(r !== undefined, ev.value('bono_eligible'), 'listed iff eligible');
          if (r) {
            assert.equal(r['bono_collection_window'], ev.value('bono_collection_window'));
            assert.equal(r['bono_collectable_on_date'], ev.value('bono_collectable_on_date'));
          }
        });

        // The preview counts exactly the eligible persons per department and band.
        const preview = await runPreview(t.db, bound, PREVIEWS['bono']!.options);
        assert.ok(preview.ok, 'the bono preview compiles to SQL');
        const counted = new Map(
          preview.value.map((p) => [`${p.departmentCode}|${p.band}`, Number(p.counts['bono_eligible'])]),
        );
        assert.deepEqual(counted, expectedCounts);
        // The preview joining the lists (as before migration 0065) counts the same cells.
        assert.deepEqual(
          await joinedPreview(bound, 'bono'),
          preview.value,
          'preview through the flags ≠ preview joining the lists',
        );
        // And the generated JavaScript a simulation runs counts the same cells, every measure.
        assert.deepEqual(
          await previewInMemory(t.db, bound, PREVIEWS['bono']!.options, 7),
          preview.value,
          'in-memory preview ≠ SQL preview',
        );
      },
    ),
    { numRuns: RUNS },
  );
  // The generators must actually reach both outcomes, or the property proves little.
  assert.ok(eligible > persons * 0.05 && eligible < persons * 0.95, `${eligible} eligible of ${persons}`);
});

test('vaccination: SQL, interpreter and compiled closures agree on cohorts, weekdays and age groups', async () => {
  const outputs = [
    'vaccination_eligible_on_date',
    'vaccination_weekday_allowed',
    'vaccination_may_attend_on_date',
    'vaccination_plan_age_group',
    'vaccination_age_years',
  ];
  const assume = {
    is_health_worker: false,
    has_comorbidity: false,
    first_dose_product: null,
    first_dose_date: null,
    second_dose_date: null,
  };
  let open = 0;
  let persons = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(person, { minLength: 1, maxLength: 30 }),
      dateNear(
        ['2021-04-05', '2021-04-12', '2021-04-19', '2021-05-01', '2021-06-23', '2021-07-01', '2021-10-19'],
        3,
        '2021-01-29',
        '2021-12-31',
      ),
      fc.constantFrom<Record<string, unknown> | undefined>(undefined, {
        vaccination_general_minimum_age: { all: 25 },
      }),
      async (generated, date, overrides) => {
        await clearFixture(t.db);
        const fixtures = generated.map((p, i) => toFixture(p, i, date));
        const withInputs = fixtures.map((f) => ({
          ...f.facts,
          attributes: { ...f.facts.attributes, ...assume },
        }));
        const ids = await insertFixture(t.db, fixtures);
        const bound = bind(vaccination, { date, ...(overrides ? { overrides } : {}) });
        const rows = await t.db.query<Record<string, Value>>(
          compileSelect(bound, { columns: outputs, assume }, SOURCE_LISTS),
        );
        const byId = new Map(rows.map((r) => [r['person_id'] as bigint, r]));
        const batch = compileBatch(bound, outputs);
        withInputs.forEach((facts, i) => {
          const ev = evaluate(bound, facts);
          const interpreted = outputs.map((o) => ev.value(o));
          const fromSql = outputs.map((o) => byId.get(ids[i]!)![o] ?? null);
          assert.deepEqual(
            fromSql,
            interpreted,
            `SQL ${show(fromSql)} ≠ interpreter ${show(interpreted)} on ${date}`,
          );
          assert.deepEqual(batch(facts), interpreted, 'closures ≠ interpreter');
          persons++;
          if (interpreted[0] === true) open++;
        });
        // The preview, through SQL and through the generated JavaScript, counts the same cells.
        const def = PREVIEWS['vaccination']!;
        const sqlPreview = await runPreview(t.db, bound, def.options);
        assert.ok(sqlPreview.ok, 'the vaccination preview compiles to SQL');
        assert.deepEqual(
          await previewInMemory(t.db, bound, def.options, 7),
          sqlPreview.value,
          'in-memory preview ≠ SQL preview',
        );
        assert.deepEqual(await joinedPreview(bound, 'vaccination'), sqlPreview.value, 'flags ≠ joins');
      },
    ),
    { numRuns: Math.ceil(RUNS / 2) },
  );
  assert.ok(open > 0 && open < persons, `${open} open of ${persons}`);
});
