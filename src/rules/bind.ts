import type { ParameterFailure, ParameterSource, Reference } from '../parameters/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { evalExpr, type Scope } from './evaluate.ts';
import { children, type Expr, FALSE, lit, TRUE, type Value, type ValueType } from './expr.ts';
import type { EntitySpec, Programme, VariableDef } from './variables.ts';

/**
 * Binding: a programme's formulas with the parameters in force on one date. Every `param` node is
 * replaced by the expression its value builds (tables become plain conditions), `today` becomes
 * the evaluation date, and what is constant is folded. The result is what every back end runs.
 *
 * Binding also checks each formula: it reads only what it declared, and its types agree (a bug in
 * a formula fails here, at start-up or in the first test, not in a citizen's trace).
 */

/** A parameter value as a variable used it: what the trace shows next to the condition. */
export interface ParamUse {
  readonly name: string;
  readonly description: string;
  readonly descriptionEs?: string;
  readonly value: unknown;
  /** The value as written in the parameter file. */
  readonly raw: unknown;
  readonly effectiveFrom: IsoDate;
  readonly references: readonly Reference[];
  readonly note?: string;
}

export interface Typed {
  readonly t: ValueType;
  readonly nullable: boolean;
}

export interface BoundVariable extends Typed {
  readonly def: VariableDef;
  /** The bound, folded formula. */
  readonly expr: Expr;
  /** Parameters the formula used, in order of first use. */
  readonly parameters: readonly ParamUse[];
}

export interface BoundProgramme {
  readonly programme: Programme;
  /** The evaluation date (`today` in formulas). */
  readonly date: IsoDate;
  /** The date whose parameters were used. */
  readonly parameterDate: IsoDate;
  readonly variables: ReadonlyMap<string, BoundVariable>;
  variable(name: string): BoundVariable;
  /** A parameter as in force on the parameter date (overrides applied). */
  parameter(name: string): ParamUse;
}

export interface BindOptions {
  date: IsoDate;
  /** Defaults to `date`. */
  parameterDate?: IsoDate;
  /** Parameter values replacing the law (simulations, legal tests of UNCONFIRMED alternatives). */
  overrides?: Readonly<Record<string, unknown>>;
}

const cache = new WeakMap<Programme, Map<string, BoundProgramme>>();

/**
 * Binds every variable of a programme on a date, or the parameter failure that prevents it: a
 * date (or parameter date) before a parameter's first value (`parameter_not_in_force`), an
 * override that names no parameter or breaks its schema. Results are cached per programme, date
 * and overrides, so binding per evaluated person costs nothing.
 *
 * @example const b = tryBind(bono, { date: '2020-10-01' }); // { ok: false, error: { code: 'parameter_not_in_force', … } }
 */
export function tryBind(programme: Programme, opts: BindOptions): Result<BoundProgramme, ParameterFailure> {
  const parameterDate = opts.parameterDate ?? opts.date;
  const key = `${opts.date}|${parameterDate}|${opts.overrides ? JSON.stringify(opts.overrides) : ''}`;
  let perProgramme = cache.get(programme);
  if (!perProgramme) {
    perProgramme = new Map();
    cache.set(programme, perProgramme);
  }
  const hit = perProgramme.get(key);
  if (hit) return ok(hit);
  let params = programme.parameters;
  if (opts.overrides) {
    const overridden = programme.parameters.withOverrides(opts.overrides);
    if (!overridden.ok) return overridden;
    params = overridden.value;
  }
  let bound: BoundProgramme;
  try {
    bound = new Binder(programme, params, opts.date, parameterDate).run();
  } catch (error) {
    if (error instanceof NotInForce) return fail(error.failure);
    throw error;
  }
  if (perProgramme.size > 256) perProgramme.clear();
  perProgramme.set(key, bound);
  return ok(bound);
}

/**
 * `tryBind` for a date and overrides the caller knows to be good: the law in force on a date the
 * programme has run since (a citizen's look-up today, a grievance). A failure there is the
 * caller's bug, and throws. A date or an override from outside goes through `tryBind`.
 *
 * @example const b = bind(bono, { date: '2021-01-05' }); b.variable('bono_eligible').expr
 */
export function bind(programme: Programme, opts: BindOptions): BoundProgramme {
  const bound = tryBind(programme, opts);
  if (!bound.ok) throw new Error(`${programme.name} cannot be bound: ${unbound(bound.error)}`);
  return bound.value;
}

/** What a bug's message says of a parameter failure (its words for people are in src/messages). */
function unbound(f: ParameterFailure): string {
  switch (f.code) {
    case 'parameter_not_in_force':
      return `parameter ${f.parameter} (${f.source}) has no value in force on ${f.on}; its first value takes effect on ${f.firstEffective}`;
    case 'parameter_file_invalid':
      return `${f.source}: ${f.problem}`;
    case 'unknown_parameter':
      return `no parameter ${f.parameter} to override`;
    case 'invalid_parameter_override':
      return `override of ${f.parameter} is invalid: ${f.issues}`;
  }
}

/**
 * Unwinds the binder from a formula's parameter, deep in the recursion, to `tryBind`, which
 * returns its failure as a value: private to this module, never seen by a caller.
 */
class NotInForce extends Error {
  constructor(readonly failure: ParameterFailure) {
    super(unbound(failure));
    this.name = 'NotInForce';
  }
}

class Binder {
  readonly #done = new Map<string, BoundVariable>();
  readonly #inProgress = new Set<string>();

  constructor(
    readonly programme: Programme,
    readonly params: ParameterSource,
    readonly date: IsoDate,
    readonly parameterDate: IsoDate,
  ) {}

  run(): BoundProgramme {
    for (const name of this.programme.variables.keys()) this.variable(name);
    const variables = this.#done;
    const programme = this.programme;
    const parameterDate = this.parameterDate;
    // A parameter no formula read is looked up when asked for (the trace, a round's snapshot),
    // on the date the programme was bound on, which its formulas' parameters were in force on.
    const useOf = (name: string) => {
      try {
        return this.use(name);
      } catch (error) {
        if (error instanceof NotInForce)
          throw new Error(`${programme.name} bound on ${parameterDate}: ${error.message}`);
        throw error;
      }
    };
    return {
      programme,
      date: this.date,
      parameterDate: this.parameterDate,
      variables,
      variable(name: string) {
        const b = variables.get(name);
        if (!b) throw new Error(`${programme.name} has no variable ${name}`);
        return b;
      },
      parameter: useOf,
    };
  }

  readonly #uses = new Map<string, ParamUse>();

  use(name: string): ParamUse {
    const hit = this.#uses.get(name);
    if (hit) return hit;
    const p = this.params.definition(name);
    const found = this.params.at(name, this.parameterDate);
    if (!found.ok) throw new NotInForce(found.error);
    const at = found.value;
    const use: ParamUse = {
      name,
      description: p.description,
      ...(p.descriptionEs ? { descriptionEs: p.descriptionEs } : {}),
      value: at.value,
      raw: at.raw,
      effectiveFrom: at.effectiveFrom,
      references: at.references,
      ...(at.note ? { note: at.note } : {}),
    };
    this.#uses.set(name, use);
    return use;
  }

  variable(name: string): BoundVariable {
    const done = this.#done.get(name);
    if (done) return done;
    const def = this.programme.variables.get(name);
    if (!def) throw new Error(`${this.programme.name} has no variable ${name}`);
    if (this.#inProgress.has(name))
      throw new Error(`${this.programme.name}: variable ${name} depends on itself`);
    this.#inProgress.add(name);
    const uses: ParamUse[] = [];
    const expr = this.bindExpr(def, def.formula, uses);
    const env = this.typeEnv(def);
    const typed = inferType(expr, env);
    if (typed.t !== def.type)
      throw new Error(`${name} is declared ${def.type} but its formula is ${typed.t}`);
    if (typed.nullable && !def.nullable)
      throw new Error(`${name} may be null but is not declared nullable: give it a default`);
    const folded = foldExpr(expr, env);
    const bound: BoundVariable = {
      def,
      expr: folded,
      t: def.type,
      nullable: def.nullable === true,
      parameters: uses,
    };
    this.#inProgress.delete(name);
    this.#done.set(name, bound);
    return bound;
  }

  typeEnv(def: VariableDef): TypeEnv {
    const entity = this.entity(def);
    return {
      where: def.name,
      attribute: (name) => attributeType(entity, name),
      variable: (name) => this.variable(name),
    };
  }

  entity(def: VariableDef): EntitySpec {
    return this.programme.entities[def.entity]!;
  }

  bindExpr(def: VariableDef, e: Expr, uses: ParamUse[]): Expr {
    const reads = def.reads;
    const undeclared = (what: string, name: string) =>
      new Error(`${def.name} reads ${what} ${name} without declaring it in reads`);
    switch (e.k) {
      case 'today':
        return lit.date(this.date);
      case 'param': {
        if (!reads.parameters?.includes(e.name)) throw undeclared('parameter', e.name);
        let use = uses.find((u) => u.name === e.name);
        if (!use) {
          use = this.use(e.name);
          uses.push(use);
        }
        return this.bindExpr(def, e.build(use.value as never), uses);
      }
      case 'attr':
        if (!reads.attributes?.includes(e.name)) throw undeclared('attribute', e.name);
        if (!this.entity(def).attributes[e.name])
          throw new Error(`${def.name}: ${def.entity} has no ${e.name}`);
        return e;
      case 'var': {
        if (!reads.variables?.includes(e.name)) throw undeclared('variable', e.name);
        const other = this.programme.variables.get(e.name);
        if (!other || other.entity !== def.entity)
          throw new Error(`${def.name}: ${e.name} is not a variable of ${def.entity}`);
        this.variable(e.name);
        return e;
      }
      case 'parentVar': {
        if (!reads.parentVariables?.includes(e.name)) throw undeclared('parent variable', e.name);
        const other = this.programme.variables.get(e.name);
        if (!other || other.entity !== this.entity(def).parent)
          throw new Error(`${def.name}: ${e.name} is not a variable of ${def.entity}'s parent`);
        this.variable(e.name);
        return e;
      }
      case 'member':
        if (!reads.lists?.includes(e.list)) throw undeclared('source list', e.list);
        if (!this.entity(def).hasSourceLists)
          throw new Error(`${def.name}: ${def.entity} has no source lists`);
        return e;
      case 'sum': {
        if (!reads.collections?.includes(e.collection)) throw undeclared('collection', e.collection);
        const itemEntity = this.entity(def).collections?.[e.collection];
        const item = this.programme.variables.get(e.variable);
        if (!itemEntity || !item || item.entity !== itemEntity)
          throw new Error(`${def.name}: ${e.variable} is not a variable of the items of ${e.collection}`);
        this.variable(e.variable);
        return e;
      }
      default:
        return mapChildren(e, (c) => this.bindExpr(def, c, uses));
    }
  }
}

const CONSTANT_SCOPE: Scope = {
  attr: () => {
    throw new Error('not constant');
  },
  variable: () => {
    throw new Error('not constant');
  },
  parentVariable: () => {
    throw new Error('not constant');
  },
  member: () => {
    throw new Error('not constant');
  },
  sum: () => {
    throw new Error('not constant');
  },
};

/** Rebuilds a node with its children mapped. @example mapChildren(not(x), fold) // not(fold(x)) */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  switch (e.k) {
    case 'lit':
    case 'attr':
    case 'var':
    case 'parentVar':
    case 'today':
    case 'param':
    case 'member':
    case 'sum':
      return e;
    case 'not':
    case 'isNull':
    case 'isoWeekday':
    case 'lastDigit':
    case 'yearOf':
      return { ...e, a: f(e.a) };
    case 'in':
      return { ...e, a: f(e.a) };
    case 'and':
    case 'or':
      return { k: e.k, args: e.args.map(f) };
    case 'cmp':
    case 'coalesce':
    case 'add':
    case 'sub':
    case 'max':
    case 'min':
      return { ...e, a: f(e.a), b: f(e.b) };
    case 'if':
      return { k: 'if', c: f(e.c), a: f(e.a), b: f(e.b) };
    case 'age':
      return { k: 'age', dob: f(e.dob), on: f(e.on) };
    case 'addDays':
      return { k: 'addDays', a: f(e.a), n: f(e.n) };
    case 'mulRate':
      return { k: 'mulRate', a: f(e.a), bp: f(e.bp) };
    case 'makeDate':
      return { k: 'makeDate', year: f(e.year), month: f(e.month), day: f(e.day) };
    case 'lastWeekdayOfMonth':
      return { k: 'lastWeekdayOfMonth', year: f(e.year), month: f(e.month) };
  }
}

/** What type inference needs to know about names. */
export interface TypeEnv {
  /** Variable being checked, for error messages. */
  readonly where: string;
  attribute(name: string): Typed;
  /** Any variable of the programme (same entity, parent or item: names are unique). */
  variable(name: string): Typed;
}

/** @example attributeType(personSpec, 'date_of_death') // { t: 'date', nullable: true } */
export function attributeType(entity: EntitySpec, name: string): Typed {
  const a = entity.attributes[name];
  if (!a) throw new Error(`${entity.name} has no attribute ${name}`);
  return { t: a.t, nullable: a.nullable === true };
}

/** A type environment over an already bound programme (for the compilers). @example boundTypeEnv(bound, 'person', 'bono_eligible') */
export function boundTypeEnv(bound: BoundProgramme, entity: string, where: string): TypeEnv {
  const spec = bound.programme.entities[entity];
  if (!spec) throw new Error(`unknown entity ${entity}`);
  return {
    where,
    attribute: (name) => attributeType(spec, name),
    variable: (name) => bound.variable(name),
  };
}

/**
 * Type and nullability of a bound expression; throws on a type error (a bug in a formula).
 *
 * @example inferType(cmp(lit.int(1), '<', lit.int(2)), env) // { t: 'bool', nullable: false }
 */
export function inferType(e: Expr, env: TypeEnv): Typed {
  const bad = (msg: string) => new Error(`${env.where}: ${msg}`);
  const T = (t: ValueType, nullable = false): Typed => ({ t, nullable });
  const same = (a: Typed, b: Typed, what: string) => {
    if (a.t !== b.t) throw bad(`${what} mixes ${a.t} and ${b.t}`);
  };
  const want = (x: Typed, t: ValueType, what: string, nullable = true) => {
    if (x.t !== t) throw bad(`${what} needs ${t}, got ${x.t}`);
    if (!nullable && x.nullable) throw bad(`${what} needs a non-null ${t}`);
  };
  const r = (x: Expr) => inferType(x, env);
  switch (e.k) {
    case 'lit':
      return T(e.t, e.v === null);
    case 'attr':
      return env.attribute(e.name);
    case 'var':
    case 'parentVar': {
      const b = env.variable(e.name);
      return T(b.t, b.nullable);
    }
    case 'member':
      return T('bool');
    case 'sum': {
      want(env.variable(e.variable), 'money', `sum of ${e.variable}`, false);
      return T('money');
    }
    case 'today':
    case 'param':
      throw bad(`unbound ${e.k}`);
    case 'not':
      want(r(e.a), 'bool', 'not', false);
      return T('bool');
    case 'and':
    case 'or':
      for (const a of e.args) want(r(a), 'bool', e.k, false);
      return T('bool');
    case 'cmp': {
      const a = r(e.a);
      const b = r(e.b);
      same(a, b, `comparison ${e.op}`);
      if ((a.t === 'text' || a.t === 'bool') && e.op !== '=' && e.op !== '<>')
        throw bad(`${a.t} may only be compared with = or <>`);
      return T('bool');
    }
    case 'isNull':
      r(e.a);
      return T('bool');
    case 'if': {
      want(r(e.c), 'bool', 'if condition', false);
      const a = r(e.a);
      const b = r(e.b);
      same(a, b, 'if branches');
      return T(a.t, a.nullable || b.nullable);
    }
    case 'coalesce': {
      const a = r(e.a);
      const b = r(e.b);
      same(a, b, 'coalesce');
      return T(a.t, a.nullable && b.nullable);
    }
    case 'in': {
      const a = r(e.a);
      if (a.t !== 'text' && a.t !== 'int') throw bad(`in needs text or int, got ${a.t}`);
      for (const x of e.set)
        if ((typeof x === 'number') !== (a.t === 'int'))
          throw bad(`in set ${JSON.stringify(e.set)} is not ${a.t}`);
      return T('bool');
    }
    case 'age': {
      const d = r(e.dob);
      const o = r(e.on);
      want(d, 'date', 'age');
      want(o, 'date', 'age');
      return T('int', d.nullable || o.nullable);
    }
    case 'addDays': {
      const a = r(e.a);
      const n = r(e.n);
      want(a, 'date', 'addDays');
      want(n, 'int', 'addDays');
      return T('date', a.nullable || n.nullable);
    }
    case 'isoWeekday':
    case 'yearOf': {
      const a = r(e.a);
      want(a, 'date', e.k);
      return T('int', a.nullable);
    }
    case 'lastDigit':
      want(r(e.a), 'text', e.k);
      return T('int', true);
    case 'add':
    case 'sub':
    case 'max':
    case 'min': {
      const a = r(e.a);
      const b = r(e.b);
      same(a, b, e.k);
      if (a.t !== 'int' && a.t !== 'money') throw bad(`${e.k} needs int or money, got ${a.t}`);
      return T(a.t, a.nullable || b.nullable);
    }
    case 'mulRate': {
      const a = r(e.a);
      const bp = r(e.bp);
      want(a, 'money', 'mulRate');
      want(bp, 'int', 'mulRate rate');
      return T('money', a.nullable || bp.nullable);
    }
    case 'makeDate':
    case 'lastWeekdayOfMonth': {
      const parts = children(e).map(r);
      for (const p of parts) want(p, 'int', e.k);
      return T(
        'date',
        parts.some((p) => p.nullable),
      );
    }
  }
}

/**
 * Constant folding with the evaluator's own semantics: a node whose operands are all constants
 * becomes the constant it evaluates to, and `and`/`or`/`if` with constant operands simplify.
 *
 * @example foldExpr(and(TRUE, attr('x')), env) // attr('x')
 */
export function foldExpr(e: Expr, env: TypeEnv): Expr {
  if (children(e).length === 0) return e;
  const f = mapChildren(e, (c) => foldExpr(c, env));
  switch (f.k) {
    case 'and': {
      if (f.args.some((a) => a.k === 'lit' && a.v === false)) return FALSE;
      const rest = f.args.filter((a) => !(a.k === 'lit' && a.v === true));
      return rest.length === 0 ? TRUE : rest.length === 1 ? rest[0]! : { k: 'and', args: rest };
    }
    case 'or': {
      if (f.args.some((a) => a.k === 'lit' && a.v === true)) return TRUE;
      const rest = f.args.filter((a) => !(a.k === 'lit' && a.v === false));
      return rest.length === 0 ? FALSE : rest.length === 1 ? rest[0]! : { k: 'or', args: rest };
    }
    case 'if': {
      if (f.c.k === 'lit') return f.c.v === true ? f.a : f.b;
      // A boolean if with a constant branch is plain logic (the condition is never null).
      const t = f.a.k === 'lit' && f.a.t === 'bool' ? f.a.v : undefined;
      const e = f.b.k === 'lit' && f.b.t === 'bool' ? f.b.v : undefined;
      if (t === true && e === false) return f.c;
      if (t === false && e === true) return foldExpr({ k: 'not', a: f.c }, env);
      const bool = inferType(f, env);
      if (bool.t === 'bool' && !bool.nullable) {
        if (t === true) return foldExpr({ k: 'or', args: [f.c, f.b] }, env);
        if (t === false) return foldExpr({ k: 'and', args: [{ k: 'not', a: f.c }, f.b] }, env);
        if (e === true) return foldExpr({ k: 'or', args: [{ k: 'not', a: f.c }, f.a] }, env);
        if (e === false) return foldExpr({ k: 'and', args: [f.c, f.a] }, env);
      }
      break;
    }
    case 'cmp':
      // Comparing a constant with a choice of values compares it in each branch, which folds
      // ("is 5 Jan 2021 within the window of the person's band" becomes a test on the band).
      if (f.a.k === 'if' && f.b.k === 'lit')
        return foldExpr({ k: 'if', c: f.a.c, a: { ...f, a: f.a.a }, b: { ...f, a: f.a.b } }, env);
      if (f.b.k === 'if' && f.a.k === 'lit')
        return foldExpr({ k: 'if', c: f.b.c, a: { ...f, b: f.b.a }, b: { ...f, b: f.b.b } }, env);
      break;
    case 'not':
      if (f.a.k === 'not') return f.a.a;
      break;
    case 'in':
      if (f.set.length === 0) return FALSE;
      break;
  }
  if (children(f).every((c) => c.k === 'lit')) {
    const value: Value = evalExpr(f, CONSTANT_SCOPE);
    return { k: 'lit', t: inferType(f, env).t, v: value };
  }
  return f;
}
