import type { Expr, MemberSince, Scalar, Value } from './expr.ts';
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

/** What an expression needs from the world it is evaluated in. */
export interface Scope {
  attr(name: string): Value;
  variable(name: string): Value;
  parentVariable(name: string): Value;
  member(
    list: string,
    column: string | undefined,
    values: readonly Scalar[] | undefined,
    since: MemberSince | undefined,
  ): boolean;
  sum(collection: string, variable: string): bigint;
}

/**
 * Evaluates a bound expression (no `param` or `today` left) in a scope. The interpreter and the
 * constant folder both use it, so folding can never change a result.
 *
 * @example evalExpr(cmp(lit.int(1), '<', lit.int(2)), scope) // true
 */
export function evalExpr(e: Expr, s: Scope): Value {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'attr':
      return s.attr(e.name);
    case 'var':
      return s.variable(e.name);
    case 'parentVar':
      return s.parentVariable(e.name);
    case 'member':
      return s.member(e.list, e.column, e.values, e.since);
    case 'sum':
      return s.sum(e.collection, e.variable);
    case 'today':
    case 'param':
      throw new Error(`evalExpr on an unbound ${e.k} node`);
    case 'not':
      return !(evalExpr(e.a, s) as boolean);
    case 'and': {
      let r = true;
      // Every argument is evaluated (no short cut) so that a trace shows every condition.
      for (const a of e.args) r = (evalExpr(a, s) as boolean) && r;
      return r;
    }
    case 'or': {
      let r = false;
      for (const a of e.args) r = (evalExpr(a, s) as boolean) || r;
      return r;
    }
    case 'cmp':
      return compare(e.op, evalExpr(e.a, s), evalExpr(e.b, s));
    case 'isNull':
      return evalExpr(e.a, s) === null;
    case 'if':
      return evalExpr(e.c, s) === true ? evalExpr(e.a, s) : evalExpr(e.b, s);
    case 'coalesce': {
      const a = evalExpr(e.a, s);
      return a !== null ? a : evalExpr(e.b, s);
    }
    case 'in': {
      const a = evalExpr(e.a, s);
      return a !== null && e.set.includes(a as Scalar);
    }
    case 'age':
      return ageYears(evalExpr(e.dob, s), evalExpr(e.on, s));
    case 'addDays':
      return plusDays(evalExpr(e.a, s), evalExpr(e.n, s));
    case 'isoWeekday':
      return isoWeekdayOf(evalExpr(e.a, s));
    case 'lastDigit':
      return lastDigitOf(evalExpr(e.a, s));
    case 'yearOf': {
      const d = evalExpr(e.a, s);
      return d === null ? null : Number((d as string).slice(0, 4));
    }
    case 'add':
    case 'sub':
    case 'max':
    case 'min':
      return arith(e.k, evalExpr(e.a, s), evalExpr(e.b, s));
    case 'mulRate':
      return mulRateCentavos(evalExpr(e.a, s), evalExpr(e.bp, s));
    case 'makeDate':
      return makeIsoDate(evalExpr(e.year, s), evalExpr(e.month, s), evalExpr(e.day, s));
    case 'lastWeekdayOfMonth':
      return lastWeekdayOf(evalExpr(e.year, s), evalExpr(e.month, s));
  }
}
