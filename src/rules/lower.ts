import { type BoundProgramme, boundTypeEnv, foldExpr, mapChildren } from './bind.ts';
import { and, type CmpOp, cmp, type Expr, lit, or } from './expr.ts';
import { latestBirthForAge } from './ops.ts';

/**
 * Lowering for the compilers (SQL and closures), shared so that both see the same tree:
 *
 * 1. variables are inlined (a population query is one expression per output);
 * 2. variables the caller knows the value of are replaced by it — a list selected
 *    `WHERE bono_eligible` computes its columns knowing that `bono_eligible` is true, which folds
 *    the membership tests out of them;
 * 3. the tree is folded again;
 * 4. an age test against a constant date, `age(dob, 2020-09-16) >= 18`, becomes a date
 *    comparison, `dob <= 2002-09-16` — equivalent (see `latestBirthForAge`), cheaper, and usable
 *    by an index. The interpreter keeps the age itself, because the trace shows it.
 */
export interface LowerOptions {
  /** Variables whose value is known, e.g. `{ bono_eligible: TRUE }` under `WHERE bono_eligible`. */
  readonly known?: ReadonlyMap<string, Expr>;
}

/**
 * The lowered expression of one variable.
 *
 * @example lowerVariable(bound, 'bono_meets_minimum_age') // cmp(attr('date_of_birth'), '<=', lit.date('2002-09-16'))
 */
export function lowerVariable(bound: BoundProgramme, name: string, opts: LowerOptions = {}): Expr {
  const known = opts.known?.get(name);
  if (known) return known;
  const b = bound.variable(name);
  const env = boundTypeEnv(bound, b.def.entity, name);
  const inlined = inline(bound, b.expr, opts, new Set([name]));
  return rewriteAges(foldExpr(inlined, env));
}

function inline(bound: BoundProgramme, e: Expr, opts: LowerOptions, path: Set<string>): Expr {
  if (e.k === 'var') {
    const known = opts.known?.get(e.name);
    if (known) return known;
    if (path.has(e.name)) throw new Error(`variable ${e.name} depends on itself`);
    const next = new Set(path).add(e.name);
    return inline(bound, bound.variable(e.name).expr, opts, next);
  }
  return mapChildren(e, (c) => inline(bound, c, opts, path));
}

const FLIP: Record<CmpOp, CmpOp> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * Rewrites `age(x, constant date) op constant` into comparisons of x with dates.
 *
 * @example rewriteAges(cmp(age(dob, lit.date('2020-09-16')), '>=', lit.int(18))) // cmp(dob, '<=', lit.date('2002-09-16'))
 */
export function rewriteAges(e: Expr): Expr {
  const f = mapChildren(e, rewriteAges);
  if (f.k !== 'cmp') return f;
  let { a, b, op } = f;
  if (b.k === 'age' && a.k === 'lit') {
    [a, b] = [b, a];
    op = FLIP[op];
  }
  if (a.k !== 'age' || a.on.k !== 'lit' || a.on.v === null || b.k !== 'lit' || b.v === null) return f;
  const on = a.on.v as string;
  const n = b.v as number;
  const dob = a.dob;
  // age ≥ k  ⇔  dob ≤ latestBirthForAge(on, k)
  const atLeast = (k: number) => cmp(dob, '<=', lit.date(latestBirthForAge(on, k)));
  const below = (k: number) => cmp(dob, '>', lit.date(latestBirthForAge(on, k)));
  switch (op) {
    case '>=':
      return atLeast(n);
    case '>':
      return atLeast(n + 1);
    case '<':
      return below(n);
    case '<=':
      return below(n + 1);
    case '=':
      return and(atLeast(n), below(n + 1));
    case '<>':
      return or(below(n), atLeast(n + 1));
  }
}
