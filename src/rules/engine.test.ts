import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseParameters } from '../parameters/index.ts';
import { addDays, ageOn } from '../shared/dates.ts';
import { bind, tryBind } from './bind.ts';
import { compileBatch } from './compile-js.ts';
import { compileSelect, sqlOfVariable, tryCompileSelect } from './compile-sql.ts';
import { attr, cmp, lit, member, param, v } from './expr.ts';
import { evaluate } from './interpret.ts';
import { isoWeekdayOf, lastWeekdayOf, latestBirthForAge, mulRateCentavos } from './ops.ts';
import { bono } from './programmes/bono.ts';
import { igf } from './programmes/igf.ts';
import { defineProgramme, defineVariable, type VariableDef } from './variables.ts';

const PERSON = {
  attributes: {
    date_of_birth: { t: 'date', label: { es: 'nacimiento', en: 'birth' } },
    date_of_death: { t: 'date', nullable: true, label: { es: 'defunción', en: 'death' } },
  },
} as const;
const parsedNone = parseParameters(
  'none',
  'min_years:\n  description: d\n  reference: r\n  values:\n    "2000-01-01": { value: 18 }\n',
  {
    min_years: (await import('zod')).z.number().int(),
  },
);
assert.ok(parsedNone.ok);
const none = parsedNone.value;

/** A programme of these variables over a person (on source lists, when `onLists`). */
function programmeWith(variables: VariableDef[], onLists = false) {
  return defineProgramme({
    name: 'test',
    title: { es: 't', en: 't' },
    root: 'person',
    entities: { person: { name: 'person', ...PERSON, ...(onLists ? { hasSourceLists: true } : {}) } },
    parameters: none,
    variables,
    outputs: [],
  });
}

const explain = { es: () => 'x', en: () => 'x' };

test('a formula that reads what it did not declare is refused when bound', () => {
  const undeclaredAttribute = programmeWith([
    defineVariable({
      name: 'adult',
      entity: 'person',
      type: 'bool',
      label: { es: 'a', en: 'a' },
      reads: { parameters: ['min_years'] },
      formula: cmp(attr('date_of_birth'), '<=', lit.date('2000-01-01')),
      explain,
    }),
  ]);
  assert.throws(
    () => bind(undeclaredAttribute, { date: '2021-01-01' }),
    /adult reads attribute date_of_birth without declaring it/,
  );
  const undeclaredParameter = programmeWith([
    defineVariable({
      name: 'adult',
      entity: 'person',
      type: 'bool',
      label: { es: 'a', en: 'a' },
      reads: { attributes: ['date_of_birth'] },
      formula: cmp(
        attr('date_of_birth'),
        '<=',
        param('min_years', () => lit.date('2000-01-01')),
      ),
      explain,
    }),
  ]);
  assert.throws(
    () => bind(undeclaredParameter, { date: '2021-01-01' }),
    /reads parameter min_years without declaring it/,
  );
});

test('type errors and undeclared nulls in formulas are refused when bound', () => {
  const mixed = programmeWith([
    defineVariable({
      name: 'bad',
      entity: 'person',
      type: 'bool',
      label: { es: 'b', en: 'b' },
      reads: { attributes: ['date_of_birth'] },
      formula: cmp(attr('date_of_birth'), '<', lit.int(3)),
      explain,
    }),
  ]);
  assert.throws(() => bind(mixed, { date: '2021-01-01' }), /mixes date and int/);
  const nullable = programmeWith([
    defineVariable({
      name: 'death',
      entity: 'person',
      type: 'date',
      label: { es: 'd', en: 'd' },
      reads: { attributes: ['date_of_death'] },
      formula: attr('date_of_death'),
      explain,
    }),
  ]);
  assert.throws(() => bind(nullable, { date: '2021-01-01' }), /may be null but is not declared nullable/);
  const loop = programmeWith([
    defineVariable({
      name: 'a',
      entity: 'person',
      type: 'bool',
      label: { es: 'a', en: 'a' },
      reads: { variables: ['a'] },
      formula: v('a'),
      explain,
    }),
  ]);
  assert.throws(() => bind(loop, { date: '2021-01-01' }), /depends on itself/);
});

test('an explanation may only read what its variable declared', () => {
  const p = programmeWith([
    defineVariable({
      name: 'born',
      entity: 'person',
      type: 'date',
      label: { es: 'b', en: 'b' },
      reads: { attributes: ['date_of_birth'] },
      formula: attr('date_of_birth'),
      explain: { es: (x) => String(x.a('date_of_death')), en: () => 'x' },
    }),
  ]);
  const ev = evaluate(bind(p, { date: '2021-01-01' }), {
    attributes: { date_of_birth: '1990-01-01', date_of_death: null },
  });
  assert.throws(() => ev.trace(['born']), /reads attribute date_of_death, which it did not declare/);
});

test('an age test against a fixed date is the date comparison the compilers use, leap days included', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -40_000, max: 20_000 }).map((d) => addDays('1970-01-01', d)),
      fc.oneof(
        fc.constantFrom('2020-09-16', '2021-03-01', '2020-02-29', '2021-02-28', '2024-02-29'),
        fc.integer({ min: 0, max: 20_000 }).map((d) => addDays('1970-01-01', d)),
      ),
      fc.integer({ min: 0, max: 110 }),
      (dob, on, years) => ageOn(dob, on) >= years === dob <= latestBirthForAge(on, years),
    ),
    { numRuns: 5000 },
  );
  assert.equal(latestBirthForAge('2020-09-16', 18), '2002-09-16');
  assert.equal(latestBirthForAge('2024-02-29', 1), '2023-02-28');
});

test('money × rate rounds half away from zero to the centavo', () => {
  assert.equal(mulRateCentavos(3_000_000_001n, 140), 42_000_000n);
  assert.equal(mulRateCentavos(50n, 100), 1n); // 0.5 centavo → 1
  assert.equal(mulRateCentavos(49n, 100), 0n);
  assert.equal(mulRateCentavos(-50n, 100), -1n);
  assert.equal(mulRateCentavos(27_000_000n, 20_000), 54_000_000n);
});

test('calendar operations: ISO weekday and last weekday of a month', () => {
  assert.equal(isoWeekdayOf('2021-04-05'), 1);
  assert.equal(isoWeekdayOf('2021-04-24'), 6);
  assert.equal(isoWeekdayOf('1969-12-28'), 7);
  assert.equal(lastWeekdayOf(2021, 4), '2021-04-30');
  assert.equal(lastWeekdayOf(2023, 4), '2023-04-28');
  assert.equal(lastWeekdayOf(2022, 4), '2022-04-29');
});

test('binding is cached per date and overrides, and overrides change the result', () => {
  const a = bind(bono, { date: '2021-01-05' });
  assert.equal(bind(bono, { date: '2021-01-05' }), a);
  const off = bind(bono, { date: '2021-01-05', overrides: { bono_age_limit_applies: false } });
  assert.notEqual(off, a);
  const facts = {
    attributes: {
      ci_number: '1234567',
      complemento: '',
      date_of_birth: '1955-01-01',
      sex: 'M',
      municipality_code: '020101',
      department_code: 2,
      residence_country: 'BO',
      date_of_death: null,
    },
    lists: { 'bono-universal': {} },
  };
  assert.deepEqual(compileBatch(a, ['bono_eligible'])(facts), [false]);
  assert.deepEqual(compileBatch(off, ['bono_eligible'])(facts), [true]);
});

test('binding before the law or with a bad override returns the failure; binding it anyway is a bug', () => {
  const early = tryBind(bono, { date: '2020-10-01' });
  assert.ok(!early.ok);
  assert.deepEqual(early.error, {
    code: 'parameter_not_in_force',
    parameter: 'bono_age_limit_date',
    source: bono.parameters.source,
    on: '2020-10-01',
    firstEffective: '2020-11-13',
  });
  assert.match(bono.parameters.source, /bono\.yaml$/);
  assert.throws(() => bind(bono, { date: '2020-10-01' }), /bono cannot be bound: parameter bono_/);
  const unknown = tryBind(bono, { date: '2021-01-05', overrides: { bono_nope: 1 } });
  assert.ok(!unknown.ok);
  assert.equal(unknown.error.code, 'unknown_parameter');
  const invalid = tryBind(bono, { date: '2021-01-05', overrides: { bono_age_limit_applies: 'no' } });
  assert.ok(!invalid.ok);
  assert.deepEqual(
    { code: invalid.error.code, parameter: 'parameter' in invalid.error && invalid.error.parameter },
    { code: 'invalid_parameter_override', parameter: 'bono_age_limit_applies' },
  );
});

test('a formula only the in-memory back end evaluates is refused by the SQL compiler as a failure', () => {
  const bound = bind(igf, { date: '2021-04-02', parameterDate: '2020-12-31' });
  const sql = tryCompileSelect(bound, { columns: ['igf_tax_centavos'] }, []);
  assert.ok(!sql.ok);
  assert.equal(sql.error.code, 'not_compilable_to_sql');
  assert.throws(() => compileSelect(bound, { columns: ['igf_tax_centavos'] }, []), /igf_tax_centavos/);
});

test('a trace shows every condition, met or not, with its legal references', () => {
  const facts = {
    attributes: {
      ci_number: '1234567',
      complemento: '',
      date_of_birth: '2002-09-17',
      sex: 'F',
      municipality_code: '020101',
      department_code: 2,
      residence_country: 'AR',
      date_of_death: null,
    },
    lists: { 'bono-universal': {}, 'bono-familia': { role: 'cobrador' } },
  };
  const [eligible] = evaluate(bind(bono, { date: '2021-01-05' }), facts).trace(['bono_eligible']);
  assert.equal(eligible!.value, false);
  const failed = eligible!.children
    .filter((c) => c.value !== (c.variable !== 'bono_excluded'))
    .map((c) => c.variable);
  // Not resident, too young and excluded: all three are shown, not just the first.
  assert.deepEqual(failed.sort(), ['bono_excluded', 'bono_meets_minimum_age', 'bono_resides_in_bolivia']);
  const age = eligible!.children.find((c) => c.variable === 'bono_meets_minimum_age')!;
  assert.match(age.explanation.es, /Tenía 17 años al 16 de septiembre de 2020/);
  assert.match(age.explanation.en, /Aged 17 on 16 September 2020/);
  assert.ok(age.references.some((r) => r.url?.includes('elpais.bo')));
});

test('population SQL joins the source lists of the catalogue it is given, and knows no other', () => {
  const onList = programmeWith(
    [
      defineVariable({
        name: 'on_list',
        entity: 'person',
        type: 'bool',
        label: { es: 'en la lista', en: 'on the list' },
        reads: { lists: ['renta-dignidad'] },
        formula: member('renta-dignidad'),
        explain,
      }),
    ],
    true,
  );
  const bound = bind(onList, { date: '2021-01-01' });
  const catalogue = [
    {
      name: 'renta-dignidad',
      table: 'source_renta_dignidad',
      view: 'registry_list_renta_dignidad',
      extra: [],
    },
  ];
  // A query reads the registry's published views; the text a round's rules version hashes names
  // the tables behind them, as the compiler wrote it before the views (migration 0040).
  const read = compileSelect(bound, { columns: ['on_list'] }, catalogue);
  assert.match(
    read,
    /SELECT s\.person_id FROM registry_list_renta_dignidad s WHERE s\.import_id = \(SELECT c\.import_id FROM registry_list_current c WHERE c\.list = 'renta-dignidad'\)/,
  );
  assert.match(read, /\nFROM registry_person p\n/);
  const hashed = compileSelect(bound, { columns: ['on_list'], tableNames: true }, catalogue);
  assert.match(
    hashed,
    /SELECT s\.person_id FROM source_renta_dignidad s WHERE s\.import_id = \(SELECT c\.import_id FROM source_list_current c WHERE c\.list = 'renta-dignidad'\)/,
  );
  assert.match(hashed, /\nFROM person p\n/);
  assert.equal(
    hashed,
    read
      .replace('registry_list_renta_dignidad', 'source_renta_dignidad')
      .replace('registry_list_current', 'source_list_current')
      .replace('registry_person p', 'person p'),
    'only the relations differ',
  );
  assert.throws(
    () => compileSelect(bound, { columns: ['on_list'] }, []),
    /unknown source list renta-dignidad/,
  );
  assert.throws(
    () => sqlOfVariable(bound, 'on_list'),
    /renta-dignidad is a source list: compile with its catalogue/,
  );
});
