import type { BoundProgramme, ParamUse } from './bind.ts';
import { children, type Expr } from './expr.ts';
import type { Evaluation, TraceNode } from './interpret.ts';
import type { Lang } from './variables.ts';

/**
 * What a decision's explanation shows, before any word is chosen: each condition with whether it
 * counts for or against the outcome, the condition that decided it, and the full trace one step
 * away. The words come later, from the reader's catalogue (render.ts for text, the pages' rule
 * trace component for HTML), so the domain never picks a language's words for a page.
 *
 * Whether a condition counts for or against is read from the formula, not from its value: an
 * exclusion (`not(v('bono_excluded'))`) that is true counts against the person, though "sí" is its
 * value — the trace used to show it with a green tick.
 */

/** How a condition bears on the outcome: it holds in its favour, it keeps it from "yes", or neither. */
export type Stance = 'for' | 'against' | 'neutral';

export interface ParameterView {
  readonly use: ParamUse;
  /** Shown already higher in the same listing: its sources and note are not repeated. */
  readonly repeat: boolean;
}

export interface ConditionView {
  readonly node: TraceNode;
  readonly stance: Stance;
  /** The same condition was shown higher in the same listing: only its head line is repeated. */
  readonly repeat: boolean;
  readonly parameters: readonly ParameterView[];
  readonly children: readonly ConditionView[];
  readonly items: readonly { readonly label: string; readonly children: readonly ConditionView[] }[];
}

export interface TraceView {
  readonly bound: BoundProgramme;
  /** The programme's outputs, one line each: what was decided. */
  readonly outcomes: readonly { readonly node: TraceNode; readonly stance: Stance }[];
  /**
   * The conditions that decided the outcome: for a "no", the ones that keep each output from
   * "yes", as deep as one of them alone explains it; for a "yes", the decision itself.
   */
  readonly decisive: readonly ConditionView[];
  /** Every condition, the outcomes first, each shown once. */
  readonly full: readonly ConditionView[];
  /** How many distinct conditions the full trace holds. */
  readonly conditionCount: number;
}

/** +1: read as it is; −1: read negated (an exclusion); 0: read as a value (a comparison, a branch). */
type Sign = 1 | -1 | 0;

/**
 * How the formula of a variable reads another: as a condition (+1), negated (−1), as a value (0),
 * or not at all (undefined). Read more than once in different ways, it is a value.
 *
 * @example signIn(and(v('a'), not(v('b'))), 'b') // -1
 */
export function signIn(e: Expr, name: string): Sign | undefined {
  // Bound formulas are immutable: how one reads a variable is worked out once (the citizen's
  // look-up asks on every request).
  let known = signs.get(e);
  if (!known) {
    known = new Map();
    signs.set(e, known);
  }
  if (known.has(name)) return known.get(name);
  const sign = readSign(e, name);
  known.set(name, sign);
  return sign;
}

const signs = new WeakMap<Expr, Map<string, Sign | undefined>>();

function readSign(e: Expr, name: string): Sign | undefined {
  switch (e.k) {
    case 'var':
    case 'parentVar':
      return e.name === name ? 1 : undefined;
    case 'not': {
      const s = signIn(e.a, name);
      return s === undefined ? undefined : ((-s || 0) as Sign);
    }
    case 'and':
    case 'or':
      return combine(e.args.map((a) => signIn(a, name)));
    case 'if': {
      // The condition of an `if` decides which value applies; its branches are values.
      const c = signIn(e.c, name);
      const branches = combine([signIn(e.a, name), signIn(e.b, name)]);
      return combine([c, branches === undefined ? undefined : 0]);
    }
    default:
      return readsAnywhere(e, name) ? 0 : undefined;
  }
}

function combine(signs: readonly (Sign | undefined)[]): Sign | undefined {
  const found = signs.filter((s): s is Sign => s !== undefined);
  if (found.length === 0) return undefined;
  return found.every((s) => s === found[0]) ? found[0]! : 0;
}

function readsAnywhere(e: Expr, name: string): boolean {
  if ((e.k === 'var' || e.k === 'parentVar') && e.name === name) return true;
  return children(e).some((k) => readsAnywhere(k, name));
}

/** A boolean's stance given how its reader takes it. @example stanceOf('bool', true, -1) // 'against' */
export function stanceOf(type: TraceNode['type'], value: TraceNode['value'], sign: Sign): Stance {
  if (type !== 'bool' || sign === 0 || value === null) return 'neutral';
  return (value === true) === (sign === 1) ? 'for' : 'against';
}

/** A formula without its leading negations, and whether there was an odd number of them. */
function unwrapNot(e: Expr): { inner: Expr; negated: boolean } {
  let negated = false;
  let inner = e;
  while (inner.k === 'not') {
    negated = !negated;
    inner = inner.a;
  }
  return { inner, negated };
}

/** The `or` inside a formula (through its negations) when it holds: a boolean `value` of the whole tells. */
function orSatisfied(e: Expr, value: TraceNode['value']): Expr | undefined {
  const { inner, negated } = unwrapNot(e);
  if (inner.k !== 'or' || typeof value !== 'boolean') return undefined;
  return value !== negated ? inner : undefined;
}

/** A condition that decided an outcome, and how the outcome reads it (−1: an exclusion). */
interface Cause {
  readonly name: string;
  readonly sign: 1 | -1;
}

/**
 * The conditions that, each alone, explain a boolean's value: an `and` that is false is explained
 * by any of its false parts, an `or` that is true by any of its true parts (looking through `not`).
 * An `and` that is true or an `or` that is false needs all its parts: the condition itself is the
 * reason. Shared by the full trace (`traceView`) and the citizen's short answer (`decisionOf`),
 * which reads values without building the trace.
 */
function causes(
  bound: BoundProgramme,
  name: string,
  sign: 1 | -1,
  value: (name: string) => TraceNode['value'],
  seen: Set<string>,
): Cause[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const b = bound.variable(name);
  const { inner, negated } = unwrapNot(b.expr);
  const ownValue = value(name);
  if (typeof ownValue !== 'boolean' || (inner.k !== 'and' && inner.k !== 'or')) return [{ name, sign }];
  const innerValue = ownValue !== negated;
  const explainedByAPart = (inner.k === 'and' && !innerValue) || (inner.k === 'or' && innerValue);
  if (!explainedByAPart) return [{ name, sign }];
  const innerSign = (negated ? -sign : sign) as 1 | -1;
  const deciding: Cause[] = [];
  for (const child of b.def.reads.variables ?? []) {
    if (bound.variable(child).def.entity !== b.def.entity) continue;
    const s = signIn(inner, child);
    const childValue = value(child);
    if (s === undefined || s === 0 || typeof childValue !== 'boolean') continue;
    // The part, read as the formula reads it, has the value the whole has.
    if ((childValue === (s === 1)) === innerValue)
      deciding.push({ name: child, sign: (s * innerSign) as 1 | -1 });
  }
  if (deciding.length === 0) return [{ name, sign }];
  return deciding.flatMap((c) => causes(bound, c.name, c.sign, value, seen));
}

/** What decided the programme's boolean outputs that came out "no"; when none did, those outputs. */
function decisiveCauses(bound: BoundProgramme, value: (name: string) => TraceNode['value']): Cause[] {
  const seen = new Set<string>();
  const out: Cause[] = [];
  const outputs = bound.programme.outputs.filter((o) => bound.variable(o).t === 'bool');
  for (const o of outputs) {
    if (value(o) !== false) continue;
    for (const c of causes(bound, o, 1, value, seen)) if (!out.some((x) => x.name === c.name)) out.push(c);
  }
  // Nothing against: the decisions themselves, each saying which condition it met.
  if (out.length === 0) out.push(...outputs.map((name) => ({ name, sign: 1 as const })));
  return out;
}

/**
 * The view of an evaluation's trace: outcomes, decisive conditions, full trace.
 *
 * @example const view = traceView(bound, evaluation.trace()); view.decisive[0]?.node.variable
 */
export function traceView(bound: BoundProgramme, nodes: readonly TraceNode[]): TraceView {
  const byName = new Map<string, TraceNode>();
  const index = (n: TraceNode) => {
    if (byName.has(n.variable)) return;
    byName.set(n.variable, n);
    n.children.forEach(index);
  };
  nodes.forEach(index);
  const value = (name: string) => byName.get(name)?.value ?? null;

  const listing = () => {
    const shown = new Set<TraceNode>();
    const shownParameters = new Set<string>();
    const view = (n: TraceNode, sign: Sign): ConditionView => {
      const repeat = shown.has(n);
      shown.add(n);
      const own = bound.variables.get(n.variable);
      const parameters = repeat
        ? []
        : n.parameters.map((use) => {
            const seen = shownParameters.has(use.name);
            shownParameters.add(use.name);
            return { use, repeat: seen };
          });
      const satisfiedOr = own ? orSatisfied(own.expr, n.value) : undefined;
      const childSign = (c: TraceNode): Sign => {
        const s = own ? signIn(own.expr, c.variable) : undefined;
        if (s === undefined || sign === 0) return 0;
        // One true alternative satisfies an `or`: the others neither helped nor hurt.
        if (satisfiedOr) {
          const inner = signIn(satisfiedOr, c.variable);
          if (inner !== undefined && inner !== 0 && (c.value === true) !== (inner === 1)) return 0;
        }
        return (s * sign) as Sign;
      };
      return {
        node: n,
        stance: stanceOf(n.type, n.value, sign),
        repeat,
        parameters,
        children: repeat ? [] : n.children.map((c) => view(c, childSign(c))),
        items: repeat
          ? []
          : (n.items ?? []).map((item) => ({
              label: item.label,
              children: item.nodes.map((c) => view(c, 0)),
            })),
      };
    };
    return view;
  };

  const decisiveView = listing();
  const decisive = decisiveCauses(bound, value).flatMap((c) => {
    const n = byName.get(c.name);
    if (!n) return [];
    // A decisive condition is shown with its reasons and sources, not its sub-conditions.
    return [{ ...decisiveView(n, c.sign), children: [], items: [] }];
  });
  const fullView = listing();
  const full = nodes.map((n) => fullView(n, 1));
  return {
    bound,
    outcomes: nodes.map((n) => ({ node: n, stance: stanceOf(n.type, n.value, 1) })),
    decisive,
    full,
    conditionCount: byName.size,
  };
}

/** A condition of the citizen's short answer: its label, explanation and stance. */
export interface DecisionReason {
  readonly variable: string;
  readonly label: string;
  readonly text: string;
  readonly stance: Stance;
}

/** The citizen's answer: the decision, what decided it, and each condition it was made of. */
export interface Decision {
  readonly decision: DecisionReason;
  readonly decisive: readonly DecisionReason[];
  readonly conditions: readonly DecisionReason[];
}

/**
 * The decision on one output, explained as a citizen reads it: the decision, the conditions that
 * decided it (as `traceView` finds them), then every condition the output's formula reads. Reads
 * values and explanations only, without building the trace (the status look-up runs on every
 * request).
 *
 * @example decisionOf(evaluate(bound, facts), 'bono_eligible', 'es').decisive[0]?.text
 */
export function decisionOf(ev: Evaluation, name: string, lang: Lang): Decision {
  const bound = ev.bound;
  const reason = (variable: string, sign: Sign): DecisionReason => {
    const b = bound.variable(variable);
    const value = ev.value(variable);
    return {
      variable,
      label: b.def.label[lang],
      text: ev.explain(b, value, lang),
      stance: stanceOf(b.t, value, sign),
    };
  };
  const root = bound.variable(name);
  const value = (v: string) => ev.value(v);
  const decisive =
    value(name) === false ? causes(bound, name, 1, value, new Set()).map((c) => reason(c.name, c.sign)) : [];
  const conditions = (root.def.reads.variables ?? []).map((v) => {
    const s = signIn(root.expr, v);
    return reason(v, s === undefined ? 0 : s);
  });
  return { decision: reason(name, 1), decisive, conditions };
}
