import type { BoundProgramme } from './bind.ts';
import { type Expr, type Scalar, TRUE, type Value } from './expr.ts';
import type { Facts } from './facts.ts';
import { type LowerOptions, lowerVariable } from './lower.ts';
import {
  ageYears,
  arith,
  compare,
  isoWeekdayOf,
  lastDigitOf,
  lastWeekdayOf,
  makeIsoDate,
  mulRateCentavos,
  plusDays,
} from './ops.ts';

/**
 * The simulation back end: bound variables compiled to one JavaScript function of straight-line
 * expressions (`a.date_of_birth <= "2002-09-16" && …`), which V8 optimises like hand-written
 * code — millions of persons per second, no trace. It is generated from the same lowered tree as
 * the SQL back end, and every operation that is not a plain JavaScript operator calls the same
 * function the interpreter uses (ops.ts), so the three back ends share one meaning.
 *
 * Generated code only ever contains: identifiers it names itself, attribute names checked against
 * a strict pattern, and constants written with JSON.stringify — no text from outside.
 */

type Fn = (f: Facts, parent: Facts | undefined) => Value[];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const NO_LISTS: Readonly<Record<string, undefined>> = Object.freeze({});

/** Runtime helpers the generated code calls; null in, false (comparisons) or null out. */
const HELPERS = {
  compare,
  ageYears,
  plusDays,
  isoWeekdayOf,
  lastDigitOf,
  lastWeekdayOf,
  makeIsoDate,
  mulRateCentavos,
  arith,
  coalesce: (a: Value, b: Value): Value => (a !== null ? a : b),
  yearOf: (d: Value): Value => (d === null ? null : Number((d as string).slice(0, 4))),
};

/**
 * @example
 *   const run = compileBatch(bind(bono, { date: '2021-01-05' }), ['bono_eligible']);
 *   run(facts) // [true]
 */
export function compileBatch(
  bound: BoundProgramme,
  outputs: readonly string[],
  opts: LowerOptions = {},
): (facts: Facts) => Value[] {
  const fn = new Generator(bound).compile(outputs.map((name) => lowerVariable(bound, name, opts)));
  return (facts) => fn(facts, undefined);
}

/** What an in-memory preview counts: the fields of `PreviewOptions` (compile-sql.ts) it reads. */
export interface PreviewShape {
  readonly where: string;
  readonly measures: readonly string[];
  readonly band: string;
}

/** One department × band cell of an in-memory preview: the measures' counts in `measures` order. */
export interface TallyCell {
  readonly departmentCode: number;
  readonly band: string | null;
  readonly counts: number[];
}

/**
 * A preview counted in memory: a generated function that, for each person's facts, tests `where`
 * and, when it is true, adds one to the department × band cell for each measure that is true — the
 * same counts as the SQL preview (`compilePreview`), which counts `WHERE` true and
 * `count(*) FILTER (WHERE measure)`, a null being false in both. Band and measures are lowered
 * knowing `where` is true, as the SQL back end lowers them. Nothing is allocated per person but the
 * cell key: a simulation over the whole registry runs at the speed of the formula.
 *
 * @example
 *   const tally = compilePreviewTally(bound, PREVIEWS.bono.options);
 *   for (const f of facts) tally.add(f);
 *   tally.cells() // [{ departmentCode: 2, band: '30-39', counts: [812, 0] }, …]
 */
export function compilePreviewTally(
  bound: BoundProgramme,
  shape: PreviewShape,
): { add(facts: Facts): void; cells(): TallyCell[] } {
  const known = new Map<string, Expr>([[shape.where, TRUE]]);
  const g = new Generator(bound);
  const where = g.gen(lowerVariable(bound, shape.where));
  const band = g.gen(lowerVariable(bound, shape.band, { known }));
  const measures = shape.measures.map((m) => g.gen(lowerVariable(bound, m, { known })));
  const cells = new Map<string, { departmentCode: number; band: string | null; counts: number[] }>();
  const source = `"use strict";
  return function tally(f) {
    const a = f.attributes;
    const l = f.lists === undefined ? NO_LISTS : f.lists;
    if (${where} !== true) return;
    const d = a.department_code;
    const b = ${band};
    const key = d + "|" + b;
    let c = CELLS.get(key);
    if (c === undefined) {
      c = { departmentCode: d, band: b, counts: [${measures.map(() => '0').join(', ')}] };
      CELLS.set(key, c);
    }
    ${measures.map((m, i) => `if (${m} === true) c.counts[${i}]++;`).join('\n    ')}
  };`;
  const factory = new Function('H', 'C', 'NO_LISTS', 'CELLS', source) as (
    h: typeof HELPERS,
    c: unknown[],
    noLists: typeof NO_LISTS,
    cellsMap: typeof cells,
  ) => (f: Facts) => void;
  const add = factory(HELPERS, g.captured, NO_LISTS, cells);
  return { add, cells: () => [...cells.values()].map((c) => ({ ...c, counts: [...c.counts] })) };
}

class Generator {
  /** Values the generated code closes over: sets, helper closures for collections. */
  readonly #captured: unknown[] = [];

  /** What the generated code closes over, for a caller that writes its own function around `gen`. */
  get captured(): unknown[] {
    return this.#captured;
  }

  constructor(readonly bound: BoundProgramme) {}

  compile(exprs: readonly Expr[]): Fn {
    const body = exprs.map((e) => this.gen(e)).join(',\n    ');
    const source = `"use strict";
  return function evaluate(f, parent) {
    const a = f.attributes;
    const l = f.lists === undefined ? NO_LISTS : f.lists;
    return [
    ${body}
    ];
  };`;
    const factory = new Function('H', 'C', 'NO_LISTS', source) as (
      h: typeof HELPERS,
      c: unknown[],
      noLists: typeof NO_LISTS,
    ) => Fn;
    return factory(HELPERS, this.#captured, NO_LISTS);
  }

  capture(value: unknown): string {
    this.#captured.push(value);
    return `C[${this.#captured.length - 1}]`;
  }

  gen(e: Expr): string {
    const g = (x: Expr) => this.gen(x);
    switch (e.k) {
      case 'lit':
        return literal(e.v);
      case 'attr':
        if (!IDENTIFIER.test(e.name)) throw new Error(`bad attribute name ${e.name}`);
        return `(a.${e.name} ?? null)`;
      case 'var':
        // Lowering inlines variables; only an item's parent reference remains.
        throw new Error(`compileBatch: variable ${e.name} was not inlined`);
      case 'parentVar': {
        const parentFn = new Generator(this.bound).compile([lowerVariable(this.bound, e.name)]);
        return `${this.capture(parentFn)}(parent, undefined)[0]`;
      }
      case 'today':
      case 'param':
        throw new Error(`compileBatch: unbound ${e.k}`);
      case 'member': {
        const row = `l[${JSON.stringify(e.list)}]`;
        const tests = [`(${row}) !== undefined`];
        if (e.column !== undefined) {
          if (!IDENTIFIER.test(e.column)) throw new Error(`bad column name ${e.column}`);
          const set = this.capture(new Set<Scalar>(e.values));
          tests.push(`${set}.has(${row}.${e.column})`);
        }
        if (e.since !== undefined) {
          if (!IDENTIFIER.test(e.since.column)) throw new Error(`bad column name ${e.since.column}`);
          tests.push(`H.compare(">=", ${row}.${e.since.column} ?? null, ${literal(e.since.from)})`);
        }
        return `(${tests.join(' && ')})`;
      }
      case 'sum': {
        const item = new Generator(this.bound).compile([lowerVariable(this.bound, e.variable)]);
        const fn = this.capture((f: Facts) => {
          let total = 0n;
          for (const it of f.collections?.[e.collection] ?? []) total += item(it, f)[0] as bigint;
          return total;
        });
        return `${fn}(f)`;
      }
      case 'not':
        return `(!${g(e.a)})`;
      case 'and':
        return `(${e.args.map(g).join(' && ')})`;
      case 'or':
        return `(${e.args.map(g).join(' || ')})`;
      case 'cmp': {
        const b = e.b;
        // A comparison with a constant that is not null: null on the left is the only null case.
        if (b.k === 'lit' && b.v !== null && e.op !== '<>' && e.op !== '=') {
          return `((x) => x !== null && x ${e.op} ${literal(b.v)})(${g(e.a)})`;
        }
        if (b.k === 'lit' && b.v !== null && e.op === '=') return `(${g(e.a)} === ${literal(b.v)})`;
        return `H.compare(${JSON.stringify(e.op)}, ${g(e.a)}, ${g(b)})`;
      }
      case 'isNull':
        return `(${g(e.a)} === null)`;
      case 'if':
        return `(${g(e.c)} ? ${g(e.a)} : ${g(e.b)})`;
      case 'coalesce':
        return `H.coalesce(${g(e.a)}, ${g(e.b)})`;
      case 'in': {
        const set = this.capture(new Set<Scalar>(e.set));
        return `((x) => x !== null && ${set}.has(x))(${g(e.a)})`;
      }
      case 'age':
        return `H.ageYears(${g(e.dob)}, ${g(e.on)})`;
      case 'addDays':
        return `H.plusDays(${g(e.a)}, ${g(e.n)})`;
      case 'isoWeekday':
        return `H.isoWeekdayOf(${g(e.a)})`;
      case 'lastDigit':
        return `H.lastDigitOf(${g(e.a)})`;
      case 'yearOf':
        return `H.yearOf(${g(e.a)})`;
      case 'add':
      case 'sub':
      case 'max':
      case 'min':
        return `H.arith(${JSON.stringify(e.k)}, ${g(e.a)}, ${g(e.b)})`;
      case 'mulRate':
        return `H.mulRateCentavos(${g(e.a)}, ${g(e.bp)})`;
      case 'makeDate':
        return `H.makeIsoDate(${g(e.year)}, ${g(e.month)}, ${g(e.day)})`;
      case 'lastWeekdayOfMonth':
        return `H.lastWeekdayOf(${g(e.year)}, ${g(e.month)})`;
    }
  }
}

function literal(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return JSON.stringify(v);
}
