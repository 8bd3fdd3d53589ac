import type { Reference } from '../parameters/index.ts';
import { LANGS } from '../shared/lang.ts';
import type { BoundProgramme, BoundVariable, ParamUse } from './bind.ts';
import { evalExpr, type Scope } from './evaluate.ts';
import { children, type Expr, type Scalar, type Value, type ValueType } from './expr.ts';
import type { Facts } from './facts.ts';
import { compare } from './ops.ts';
import { listTitle, termIn } from './terms.ts';
import type { Bilingual, ExplainContext, Formatter, Lang } from './variables.ts';
import { ruleWords } from './words/index.ts';

/**
 * The in-memory back end for one person or declaration: evaluates every variable (no short cut,
 * so a citizen sees every condition, met or not) and returns a trace — each condition, its value,
 * the parameters and legal references it rests on, and an explanation in each language (LANGS).
 */

export interface TraceNode {
  readonly variable: string;
  readonly label: Bilingual;
  readonly type: ValueType;
  readonly value: Value;
  readonly explanation: Bilingual;
  /** Legal references of the parameters this condition used (deduplicated). */
  readonly references: readonly Reference[];
  readonly parameters: readonly ParamUse[];
  /** The variables this one was computed from, in the order its formula reads them. */
  readonly children: readonly TraceNode[];
  /** For sums over a collection: each item's own trace. */
  readonly items?: readonly { readonly label: string; readonly nodes: readonly TraceNode[] }[];
}

/**
 * @example
 *   const ev = evaluate(bind(bono, { date: '2021-01-05' }), facts);
 *   ev.value('bono_eligible'); ev.trace() // one TraceNode per programme output
 */
export function evaluate(bound: BoundProgramme, facts: Facts): Evaluation {
  return new Evaluation(bound, bound.programme.root, facts, undefined);
}

/** The evaluation of one entity (and its items): values memoised, traces built on demand. @example new Evaluation(bound, 'person', facts, undefined).value('bono_eligible') */
export class Evaluation {
  readonly #values = new Map<string, Value>();
  readonly #traces = new Map<string, TraceNode>();
  readonly #items = new Map<string, Evaluation[]>();
  readonly #scope: Scope;

  constructor(
    readonly bound: BoundProgramme,
    readonly entity: string,
    readonly facts: Facts,
    readonly parent: Evaluation | undefined,
  ) {
    const spec = bound.programme.entities[entity];
    if (!spec) throw new Error(`unknown entity ${entity}`);
    this.#scope = {
      attr: (name) => {
        const value = facts.attributes[name];
        if (value !== undefined && value !== null) return value;
        if (spec.attributes[name]?.nullable) return null;
        throw new Error(`${entity} facts lack required attribute ${name}`);
      },
      variable: (name) => this.value(name),
      parentVariable: (name) => {
        if (!this.parent) throw new Error(`${name} read from the parent of a root entity`);
        return this.parent.value(name);
      },
      member: (list, column, values, since) => {
        const row = facts.lists?.[list];
        if (row === undefined) return false;
        if (column !== undefined && !(values ?? []).includes(row[column] as Scalar)) return false;
        // A date on the row, compared like any date: a missing one does not count.
        return since === undefined || compare('>=', row[since.column] ?? null, since.from);
      },
      sum: (collection, variable) => {
        let total = 0n;
        for (const item of this.itemEvaluations(collection)) total += item.value(variable) as bigint;
        return total;
      },
    };
  }

  itemEvaluations(collection: string): Evaluation[] {
    let items = this.#items.get(collection);
    if (!items) {
      const itemEntity = this.bound.programme.entities[this.entity]?.collections?.[collection];
      if (!itemEntity) throw new Error(`${this.entity} has no collection ${collection}`);
      items = (this.facts.collections?.[collection] ?? []).map(
        (f) => new Evaluation(this.bound, itemEntity, f, this),
      );
      this.#items.set(collection, items);
    }
    return items;
  }

  /** The value of a variable of this entity. @example ev.value('bono_age_at_law_date') // 40 */
  value(name: string): Value {
    if (this.#values.has(name)) return this.#values.get(name)!;
    const b = this.bound.variable(name);
    if (b.def.entity !== this.entity)
      throw new Error(`${name} is a variable of ${b.def.entity}, not ${this.entity}`);
    const value = evalExpr(b.expr, this.#scope);
    this.#values.set(name, value);
    return value;
  }

  /** Traces of the given variables (default: the programme's outputs). */
  trace(names: readonly string[] = this.bound.programme.outputs): TraceNode[] {
    return names.map((n) => this.traceOf(n));
  }

  traceOf(name: string): TraceNode {
    const hit = this.#traces.get(name);
    if (hit) return hit;
    const b = this.bound.variable(name);
    const value = this.value(name);
    const deps: TraceNode[] = [];
    const items: { label: string; nodes: TraceNode[] }[] = [];
    for (const ref of readsOf(b.expr)) {
      if (ref.k === 'var') deps.push(this.traceOf(ref.name));
      else if (ref.k === 'parentVar') deps.push(this.parent!.traceOf(ref.name));
      else {
        this.itemEvaluations(ref.collection).forEach((item, i) => {
          items.push({
            label: item.facts.label ?? `${ref.collection} ${i + 1}`,
            nodes: [item.traceOf(ref.variable)],
          });
        });
      }
    }
    const node: TraceNode = {
      variable: name,
      label: b.def.label,
      type: b.t,
      value,
      explanation: inEveryLanguage((lang) => this.explain(b, value, lang)),
      references: dedupeReferences(b.parameters.flatMap((p) => p.references)),
      parameters: b.parameters,
      children: deps,
      ...(items.length ? { items } : {}),
    };
    this.#traces.set(name, node);
    return node;
  }

  /**
   * The explanation of a variable, then of each variable its formula reads, in one language: the
   * same texts as `traceOf(name)` and its children carry, without building the trace (what a
   * citizen's status look-up shows, on every request).
   *
   * @example ev.reasons('bono_eligible', 'es') // ['Recibe el bono: …', 'Tiene 40 años …', …]
   */
  reasons(name: string, lang: Lang): string[] {
    const b = this.bound.variable(name);
    const out = [this.explain(b, this.value(name), lang)];
    for (const ref of readsOf(b.expr)) {
      if (ref.k === 'var') out.push(this.explain(this.bound.variable(ref.name), this.value(ref.name), lang));
      else if (ref.k === 'parentVar')
        out.push(this.parent!.explain(this.bound.variable(ref.name), this.parent!.value(ref.name), lang));
    }
    return out;
  }

  explain(b: BoundVariable, value: Value, lang: Lang): string {
    const reads = b.def.reads;
    const x: ExplainContext = {
      value,
      date: this.bound.date,
      f: formatter(lang),
      v: (name) => {
        if (reads.variables?.includes(name)) return this.value(name);
        if (reads.parentVariables?.includes(name) && this.parent) return this.parent.value(name);
        throw new Error(`explanation of ${b.def.name} reads ${name}, which it did not declare`);
      },
      p: <T>(name: string) => {
        if (!reads.parameters?.includes(name))
          throw new Error(`explanation of ${b.def.name} reads parameter ${name}, which it did not declare`);
        return this.bound.parameter(name).value as T;
      },
      a: (name) => {
        if (!reads.attributes?.includes(name))
          throw new Error(`explanation of ${b.def.name} reads attribute ${name}, which it did not declare`);
        return this.facts.attributes[name] ?? null;
      },
    };
    return b.def.explain[lang](x);
  }
}

/** A text in each of LANGS. @example inEveryLanguage((lang) => formatter(lang).yes(true)) // { es: 'sí', en: 'yes' } */
function inEveryLanguage(text: (lang: Lang) => string): Bilingual {
  return Object.fromEntries(LANGS.map((lang) => [lang, text(lang)])) as Record<Lang, string>;
}

type Read =
  | { k: 'var'; name: string }
  | { k: 'parentVar'; name: string }
  | { k: 'sum'; collection: string; variable: string };

/** Variable references of a bound formula, first occurrence first. */
// Formulas are immutable once bound, so what each reads is worked out once.
const readsCache = new WeakMap<Expr, Read[]>();

function readsOf(e: Expr): Read[] {
  let reads = readsCache.get(e);
  if (!reads) {
    reads = collectReads(e);
    readsCache.set(e, reads);
  }
  return reads;
}

function collectReads(e: Expr): Read[] {
  const out: Read[] = [];
  const seen = new Set<string>();
  const walk = (x: Expr) => {
    if (x.k === 'var' || x.k === 'parentVar' || x.k === 'sum') {
      const key = x.k === 'sum' ? `sum:${x.collection}:${x.variable}` : `${x.k}:${x.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(x);
      }
    }
    for (const c of children(x)) walk(c);
  };
  walk(e);
  return out;
}

function dedupeReferences(refs: readonly Reference[]): Reference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Formatting for explanations: dates written out, money in bolivianos, yes/no, lists — every word
 * and format from the language's rule words (src/rules/words/<lang>.ts).
 *
 * @example formatter('es').date('2020-09-16') // '16 de septiembre de 2020'
 */
export function formatter(lang: Lang): Formatter {
  const words = ruleWords(lang);
  return {
    lang,
    date(d) {
      return d === null ? words.noDate : words.date(d as string);
    },
    month(d) {
      return d === null ? words.noMonth : words.month(d as string);
    },
    money(c) {
      return c === null ? '—' : words.money(c as bigint);
    },
    yes(b) {
      return b === true ? words.yes : words.no;
    },
    list(items) {
      return joined(items, words.and);
    },
    anyOf(items) {
      return joined(items, words.or);
    },
    term(family, code) {
      return termIn(family, code, lang);
    },
    listTitle(list) {
      return listTitle(list, lang);
    },
    percent(bp) {
      // Basis points are exact hundredths of a percent; the language writes its own decimal sign.
      return bp === null ? '—' : words.percent((bp as number) / 10_000);
    },
  };
}

function joined(items: readonly (string | number)[], conjunction: string): string {
  const xs = items.map(String);
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} ${conjunction} ${xs[xs.length - 1]}`;
}
