/**
 * The formula language. A variable's formula is a small typed expression tree built with the
 * functions below; the same tree is
 *
 * - bound to the parameters in force on a date (`bind.ts`), which turns every parameter into
 *   constants and expands parameter tables into plain conditions;
 * - interpreted for one person or declaration with a trace (`interpret.ts`);
 * - compiled to closures for simulations over millions of persons (`compile-js.ts`);
 * - compiled to set-based SQL over the registry (`compile-sql.ts`).
 *
 * There is no other definition of a rule, so the back ends cannot drift apart; the property test
 * in test/rules/agreement.test.ts checks that they do not.
 *
 * Semantics shared by every back end (see ops.ts):
 * - `null` means "no value" (no date of death, no collection window). A comparison with a null
 *   operand is false; `and`, `or` and `not` take only non-null booleans.
 * - Dates are ISO strings; money is bigint centavos; rates are integer basis points.
 * - Text is compared for equality only (SQL collations would order it differently from JS).
 */

export type ValueType = 'bool' | 'int' | 'date' | 'text' | 'money';
export type Value = boolean | number | string | bigint | null;
export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type Scalar = string | number;
/** A date column of a source-list row and the first date (inclusive) a membership counts from. */
export type MemberSince = { readonly column: string; readonly from: string };

export type Expr =
  /** A constant; `param` is set when it came from a parameter (for the trace). */
  | { readonly k: 'lit'; readonly t: ValueType; readonly v: Value }
  /** An attribute of the entity being evaluated (a person column, a declaration field). */
  | { readonly k: 'attr'; readonly name: string }
  /** Another variable of the same entity. */
  | { readonly k: 'var'; readonly name: string }
  /** A variable of the parent entity (an asset reading whether its declarant is resident). */
  | { readonly k: 'parentVar'; readonly name: string }
  /** The evaluation date. */
  | { readonly k: 'today' }
  /** A parameter: `build` receives its value in force and returns the expression it stands for. */
  | { readonly k: 'param'; readonly name: string; readonly build: (value: never) => Expr }
  /**
   * Membership of the source list in force (the current snapshot), optionally only for rows whose
   * `column` is one of `values`, and only for rows whose date column `since.column` is on or after
   * `since.from` (an AFP contribution period recent enough to count).
   */
  | {
      readonly k: 'member';
      readonly list: string;
      readonly column?: string;
      readonly values?: readonly Scalar[];
      readonly since?: MemberSince;
    }
  | { readonly k: 'not'; readonly a: Expr }
  | { readonly k: 'and' | 'or'; readonly args: readonly Expr[] }
  | { readonly k: 'cmp'; readonly op: CmpOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'isNull'; readonly a: Expr }
  | { readonly k: 'if'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'coalesce'; readonly a: Expr; readonly b: Expr }
  /** True when `a` is one of `set` (false when `a` is null). */
  | { readonly k: 'in'; readonly a: Expr; readonly set: readonly Scalar[] }
  /** Completed years of age on a date, the way civil law counts them (29 Feb births: 1 March). */
  | { readonly k: 'age'; readonly dob: Expr; readonly on: Expr }
  | { readonly k: 'addDays'; readonly a: Expr; readonly n: Expr }
  /** ISO weekday: Monday 1 … Sunday 7. */
  | { readonly k: 'isoWeekday'; readonly a: Expr }
  /** The last digit of a number written in text (the CI number). */
  | { readonly k: 'lastDigit'; readonly a: Expr }
  | { readonly k: 'add' | 'sub' | 'max' | 'min'; readonly a: Expr; readonly b: Expr }
  /** money × basis points / 10,000, rounded half away from zero to the centavo. */
  | { readonly k: 'mulRate'; readonly a: Expr; readonly bp: Expr }
  | { readonly k: 'makeDate'; readonly year: Expr; readonly month: Expr; readonly day: Expr }
  /** Last Monday-to-Friday day of a month. */
  | { readonly k: 'lastWeekdayOfMonth'; readonly year: Expr; readonly month: Expr }
  | { readonly k: 'yearOf'; readonly a: Expr }
  /** Sum of a money variable over the items of a collection (the assets of a declaration). */
  | { readonly k: 'sum'; readonly collection: string; readonly variable: string };

// --- Builders --------------------------------------------------------------------------------------

/**
 * Constants. Only neutral values (true, false, zero, null, codes of an input's own vocabulary)
 * may be written in a formula; every legal value comes from a parameter through `param`.
 *
 * @example lit.money(0n)
 */
export const lit = {
  bool: (v: boolean): Expr => ({ k: 'lit', t: 'bool', v }),
  int: (v: number): Expr => ({ k: 'lit', t: 'int', v }),
  date: (v: string): Expr => ({ k: 'lit', t: 'date', v }),
  text: (v: string): Expr => ({ k: 'lit', t: 'text', v }),
  money: (v: bigint): Expr => ({ k: 'lit', t: 'money', v }),
  null: (t: ValueType): Expr => ({ k: 'lit', t, v: null }),
};

/** The constant true. @example and(TRUE, v('x')) folds to v('x') */
export const TRUE = lit.bool(true);
/** The constant false. @example or(FALSE, v('x')) folds to v('x') */
export const FALSE = lit.bool(false);

/** @example attr('date_of_birth') */
export const attr = (name: string): Expr => ({ k: 'attr', name });
/** @example v('bono_eligible') */
export const v = (name: string): Expr => ({ k: 'var', name });
/** @example parentVar('igf_resident') */
export const parentVar = (name: string): Expr => ({ k: 'parentVar', name });
/** The evaluation date. @example cmp(attr('date_of_death'), '>', today) */
export const today: Expr = { k: 'today' };

/**
 * A parameter, turned into an expression by `build` at bind time.
 *
 * @example param('bono_minimum_age_years', (n: number) => lit.int(n))
 */
export function param<T>(name: string, build: (value: T) => Expr): Expr {
  return { k: 'param', name, build: build as (value: never) => Expr };
}

/**
 * @example member('disability', 'degree', ['grave', 'muy_grave'])
 * @example member('afp-dependent', 'contributor_type', ['dependiente'], { column: 'last_contribution_period', from: '2020-07-01' })
 */
export function member(list: string, column?: string, values?: readonly Scalar[], since?: MemberSince): Expr {
  return {
    k: 'member',
    list,
    ...(column === undefined ? {} : { column, values: values ?? [] }),
    ...(since === undefined ? {} : { since }),
  };
}

/** @example not(v('bono_excluded')) */
export const not = (a: Expr): Expr => ({ k: 'not', a });
/** True when every argument is. @example and(v('bono_resides_in_bolivia'), v('bono_meets_minimum_age')) */
export const and = (...args: Expr[]): Expr => ({ k: 'and', args });
/** True when any argument is. @example or(member('bono-universal'), member('juana-azurduy')) */
export const or = (...args: Expr[]): Expr => ({ k: 'or', args });
/** @example cmp(v('bono_age_at_law_date'), '>=', lit.int(18)) */
export const cmp = (a: Expr, op: CmpOp, b: Expr): Expr => ({ k: 'cmp', op, a, b });
/** @example eq(attr('residence_country'), lit.text('BO')) */
export const eq = (a: Expr, b: Expr): Expr => cmp(a, '=', b);
/** @example isNull(attr('date_of_death')) */
export const isNull = (a: Expr): Expr => ({ k: 'isNull', a });
/** If-then-else. @example iff(v('bono_eligible'), lit.money(100_000n), lit.money(0n)) */
export const iff = (c: Expr, a: Expr, b: Expr): Expr => ({ k: 'if', c, a, b });
/** The first operand unless it is null. @example coalesce(attr('ufv_updated_cost_centavos'), attr('market_value_centavos')) */
export const coalesce = (a: Expr, b: Expr): Expr => ({ k: 'coalesce', a, b });
/** @example inSet(attr('department_code'), [1, 2, 4]) */
export const inSet = (a: Expr, set: readonly Scalar[]): Expr => ({ k: 'in', a, set });
/** @example age(attr('date_of_birth'), lit.date('2020-09-16')) */
export const age = (dob: Expr, on: Expr): Expr => ({ k: 'age', dob, on });
/** @example addDays(attr('first_dose_date'), lit.int(21)) */
export const addDays = (a: Expr, n: Expr): Expr => ({ k: 'addDays', a, n });
/** @example isoWeekday(today) // 1 on a Monday */
export const isoWeekday = (a: Expr): Expr => ({ k: 'isoWeekday', a });
/** @example lastDigit(attr('ci_number')) */
export const lastDigit = (a: Expr): Expr => ({ k: 'lastDigit', a });
/** @example add(attr('fortune_year'), lit.int(1)) */
export const add = (a: Expr, b: Expr): Expr => ({ k: 'add', a, b });
/** @example sub(v('igf_gross_fortune_centavos'), v('igf_deductions_centavos')) */
export const sub = (a: Expr, b: Expr): Expr => ({ k: 'sub', a, b });
/** @example max(lit.money(0n), v('x')) */
export const max = (a: Expr, b: Expr): Expr => ({ k: 'max', a, b });
/** @example min(v('a'), v('b')) */
export const min = (a: Expr, b: Expr): Expr => ({ k: 'min', a, b });
/** @example mulRate(v('igf_net_fortune_centavos'), lit.int(140)) // × 1.4 % */
export const mulRate = (a: Expr, bp: Expr): Expr => ({ k: 'mulRate', a, bp });
/** @example makeDate(lit.int(2021), lit.int(3), lit.int(31)) */
export const makeDate = (year: Expr, month: Expr, day: Expr): Expr => ({ k: 'makeDate', year, month, day });
/** @example lastWeekdayOfMonth(lit.int(2021), lit.int(4)) // 30 Apr 2021 */
export const lastWeekdayOfMonth = (year: Expr, month: Expr): Expr => ({
  k: 'lastWeekdayOfMonth',
  year,
  month,
});
/** @example yearOf(today) */
export const yearOf = (a: Expr): Expr => ({ k: 'yearOf', a });
/** @example sum('assets', 'igf_asset_counted_centavos') */
export const sum = (collection: string, variable: string): Expr => ({ k: 'sum', collection, variable });

/** `a` between `from` and `to`, both inclusive (false when any is null). @example between(today, lit.date('2020-12-01'), lit.date('2020-12-14')) */
export const between = (a: Expr, from: Expr, to: Expr): Expr => and(cmp(a, '>=', from), cmp(a, '<=', to));

/** Children of a node, for walks that do not care about the node kind. @example children(and(a, b)) // [a, b] */
export function children(e: Expr): readonly Expr[] {
  switch (e.k) {
    case 'lit':
    case 'attr':
    case 'var':
    case 'parentVar':
    case 'today':
    case 'param':
    case 'member':
    case 'sum':
      return [];
    case 'not':
    case 'isNull':
    case 'in':
    case 'isoWeekday':
    case 'lastDigit':
    case 'yearOf':
      return [e.a];
    case 'and':
    case 'or':
      return e.args;
    case 'cmp':
    case 'coalesce':
    case 'add':
    case 'sub':
    case 'max':
    case 'min':
      return [e.a, e.b];
    case 'if':
      return [e.c, e.a, e.b];
    case 'age':
      return [e.dob, e.on];
    case 'addDays':
      return [e.a, e.n];
    case 'mulRate':
      return [e.a, e.bp];
    case 'makeDate':
      return [e.year, e.month, e.day];
    case 'lastWeekdayOfMonth':
      return [e.year, e.month];
  }
}
