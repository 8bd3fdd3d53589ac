import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { parseParameters } from '../../src/parameters/index.ts';
import { bind } from '../../src/rules/bind.ts';
import { compileBatch } from '../../src/rules/compile-js.ts';
import { sqlOfVariable } from '../../src/rules/compile-sql.ts';
import {
  add,
  addDays,
  age,
  and,
  attr,
  type CmpOp,
  cmp,
  coalesce,
  type Expr,
  eq,
  iff,
  inSet,
  isNull,
  isoWeekday,
  lastDigit,
  lastWeekdayOfMonth,
  lit,
  makeDate,
  max,
  min,
  mulRate,
  not,
  or,
  sub,
  type ValueType,
  v,
  yearOf,
} from '../../src/rules/expr.ts';
import { evaluate } from '../../src/rules/interpret.ts';
import { defineProgramme, defineVariable, type VariableDef } from '../../src/rules/variables.ts';
import { addDays as plusDays } from '../../src/shared/dates.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * Every operation of the formula language, with random operands and NULLs, evaluated by the
 * interpreter, the closure compiler and the SQL back end (on this run's database), must agree.
 * The programme formulas only use some operations in some ways; this covers the rest, including
 * SQL's three-valued logic, PostgreSQL's date arithmetic and int8 rounding.
 */

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

const ATTRS = {
  d1: { t: 'date', nullable: true, sql: 'p.d1', label: { es: 'd1', en: 'd1' } },
  d2: { t: 'date', nullable: true, sql: 'p.d2', label: { es: 'd2', en: 'd2' } },
  m1: { t: 'money', nullable: true, sql: 'p.m1', label: { es: 'm1', en: 'm1' } },
  m2: { t: 'money', nullable: true, sql: 'p.m2', label: { es: 'm2', en: 'm2' } },
  i1: { t: 'int', nullable: true, sql: 'p.i1', label: { es: 'i1', en: 'i1' } },
  bp: { t: 'int', sql: 'p.bp', label: { es: 'bp', en: 'bp' } },
  month: { t: 'int', sql: 'p.month', label: { es: 'month', en: 'month' } },
  t1: { t: 'text', nullable: true, sql: 'p.t1', label: { es: 't1', en: 't1' } },
} as const;

const LAW_DATE = '2020-09-16';
const ops: [string, ValueType, Expr][] = [
  ...(['=', '<>', '<', '<=', '>', '>='] as CmpOp[]).flatMap((op, k): [string, ValueType, Expr][] => [
    [`cmp_date_${k}`, 'bool', cmp(attr('d1'), op, attr('d2'))],
    [`cmp_money_${k}`, 'bool', cmp(attr('m1'), op, attr('m2'))],
    [`age_vs_18_${k}`, 'bool', cmp(age(attr('d1'), lit.date(LAW_DATE)), op, lit.int(18))],
    [`lit_vs_age_${k}`, 'bool', cmp(lit.int(18), op, age(attr('d1'), lit.date(LAW_DATE)))],
    [`age_vs_i1_${k}`, 'bool', cmp(age(attr('d1'), attr('d2')), op, attr('i1'))],
  ]),
  ['eq_text', 'bool', eq(attr('t1'), lit.text('12345'))],
  ['is_null', 'bool', isNull(attr('d1'))],
  ['not_is_null', 'bool', not(isNull(attr('m1')))],
  [
    'and_or',
    'bool',
    or(and(isNull(attr('d1')), cmp(attr('m1'), '>', lit.money(0n))), cmp(attr('d2'), '<', attr('d1'))),
  ],
  ['coalesce_date', 'date', coalesce(attr('d1'), attr('d2'))],
  ['in_int', 'bool', inSet(attr('i1'), [0, 1, 2, 3])],
  ['in_text', 'bool', inSet(attr('t1'), ['12345', '99'])],
  ['age', 'int', age(attr('d1'), attr('d2'))],
  ['add_days', 'date', addDays(attr('d1'), attr('i1'))],
  ['weekday', 'int', isoWeekday(attr('d1'))],
  ['last_digit', 'int', lastDigit(attr('t1'))],
  ['year_of', 'int', yearOf(attr('d1'))],
  ['add_money', 'money', add(attr('m1'), attr('m2'))],
  ['sub_money', 'money', sub(attr('m1'), attr('m2'))],
  ['max_money', 'money', max(attr('m1'), attr('m2'))],
  ['min_money', 'money', min(attr('m1'), attr('m2'))],
  ['max_int', 'int', max(attr('i1'), attr('bp'))],
  ['mul_rate', 'money', mulRate(attr('m1'), attr('bp'))],
  ['make_date', 'date', makeDate(yearOf(attr('d1')), attr('month'), lit.int(28))],
  ['last_weekday', 'date', lastWeekdayOfMonth(yearOf(attr('d1')), attr('month'))],
  ['if_money', 'money', iff(cmp(attr('d1'), '<', attr('d2')), attr('m1'), attr('m2'))],
  ['var_ref', 'bool', and(not(v('is_null')), v('cmp_date_2'))],
];

const variables: VariableDef[] = ops.map(([name, type, formula]) =>
  defineVariable({
    name,
    entity: 'person',
    type,
    nullable: type !== 'bool',
    label: { es: name, en: name },
    reads: { attributes: Object.keys(ATTRS), variables: ['is_null', 'cmp_date_2'] },
    formula,
    explain: { es: () => name, en: () => name },
  }),
);

/** A parameter file with no parameters: these formulas read none. */
function noParameters() {
  const none = parseParameters('none', '{}', {});
  assert.ok(none.ok);
  return none.value;
}

const programme = defineProgramme({
  name: 'operations',
  title: { es: 'operaciones', en: 'operations' },
  root: 'person',
  entities: { person: { name: 'person', attributes: ATTRS } },
  parameters: noParameters(),
  variables,
  outputs: [],
});

const date = fc.oneof(
  fc.constantFrom(
    null,
    '2000-02-29',
    '1996-02-29',
    '2021-02-28',
    '2021-03-01',
    '2002-09-16',
    '2002-09-17',
    '1899-12-31',
  ),
  fc.integer({ min: -30_000, max: 25_000 }).map((d) => plusDays('1970-01-01', d)),
);
const money = fc.oneof(
  fc.constant(null),
  fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }),
  fc.constantFrom(5_000n, -5_000n, 15_000n, 3_000_000_001n),
);
const row = fc.record({
  d1: date,
  d2: date,
  m1: money,
  m2: money,
  i1: fc.oneof(fc.constant(null), fc.integer({ min: -400, max: 400 })),
  bp: fc.oneof(fc.integer({ min: -30_000, max: 30_000 }), fc.constantFrom(140, 190, 240, 5_000, 20_000, 1)),
  month: fc.integer({ min: 1, max: 12 }),
  t1: fc.oneof(fc.constant(null), fc.stringMatching(/^[1-9][0-9]{3,7}$/)),
});

test('every operation agrees across the interpreter, the closures and SQL, NULLs included', async () => {
  const bound = bind(programme, { date: LAW_DATE });
  const names = ops.map(([n]) => n);
  const select = `SELECT ${names.map((n) => `${sqlOfVariable(bound, n)} AS ${n}`).join(', ')}
    FROM (SELECT $1::date AS d1, $2::date AS d2, $3::int8 AS m1, $4::int8 AS m2, $5::int AS i1,
                 $6::int AS bp, $7::int AS month, $8::text AS t1) p`;
  const batch = compileBatch(bound, names);
  await fc.assert(
    fc.asyncProperty(row, async (r) => {
      const facts = { attributes: r };
      const ev = evaluate(bound, facts);
      const interpreted = names.map((n) => ev.value(n));
      const [sqlRow] = await t.db.query<Record<string, unknown>>(select, [
        r.d1,
        r.d2,
        r.m1?.toString() ?? null,
        r.m2?.toString() ?? null,
        r.i1,
        r.bp,
        r.month,
        r.t1,
      ]);
      const fromSql = names.map((n) => sqlRow![n] ?? null);
      for (let i = 0; i < names.length; i++) {
        assert.deepEqual(
          fromSql[i],
          interpreted[i],
          `${names[i]} on ${JSON.stringify(r, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))}`,
        );
      }
      assert.deepEqual(batch(facts), interpreted, 'closures');
    }),
    { numRuns: 300 },
  );
});
