import type { ParameterSource } from '../parameters/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';
import type { Expr, Value, ValueType } from './expr.ts';

/**
 * Variables: named legal concepts (`bono_eligible`, `igf_tax_centavos`) with a formula, the
 * entity they describe, what they read, and how to explain their value to a citizen in Spanish
 * and in English. A programme is a set of variables over one parameter file.
 */

export type { Lang };
/**
 * A text of a rule in each language ayni speaks (LANGS): a variable's label, a programme's title.
 * A third language in LANGS makes the typecheck name every label and explanation still without
 * it: they are data of the rule, written beside the formula they state (docs/adr/0016-rule-words.md).
 */
export type Bilingual = { readonly [L in Lang]: string };

/** An attribute of an entity: a registry column (with its SQL) or a fact the caller supplies. */
export interface AttributeSpec {
  readonly t: ValueType;
  readonly nullable?: boolean;
  /** SQL over the person table aliased `p`; absent for facts the registry does not hold. */
  readonly sql?: string;
  readonly label: Bilingual;
}

export interface EntitySpec {
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  /** Collections of child entities (the assets of a declaration), by name → entity name. */
  readonly collections?: Readonly<Record<string, string>>;
  /** The entity's parent, for child entities. */
  readonly parent?: string;
  /** True for the person, whose source-list memberships `member` reads. */
  readonly hasSourceLists?: boolean;
}

/**
 * What a formula reads. The binder refuses a formula that reads anything it did not declare, so
 * this list is a checked statement of the rule's inputs, not a comment.
 */
export interface Reads {
  readonly attributes?: readonly string[];
  readonly lists?: readonly string[];
  readonly variables?: readonly string[];
  readonly parentVariables?: readonly string[];
  readonly parameters?: readonly string[];
  readonly collections?: readonly string[];
}

/** Formatting helpers handed to explanations, in the explanation's language. */
export interface Formatter {
  readonly lang: Lang;
  date(d: Value): string;
  /** The month of a date, for monthly periods ("julio de 2020", "July 2020"). */
  month(d: Value): string;
  money(c: Value): string;
  yes(b: Value): string;
  list(items: readonly (string | number)[]): string;
  /** Alternatives, any one of which counts ("dependiente o consultor"); `list` joins with "y". */
  anyOf(items: readonly (string | number)[]): string;
  /** A code a rule reads (a disability degree, a vaccine) in words (terms.ts). */
  term(family: string, code: string | number): string;
  /** A source list by its title (the registry's), never its internal name. */
  listTitle(list: string): string;
  /** A rate in basis points as a percentage, with the language's decimal sign ("1,4 %"). */
  percent(basisPoints: Value): string;
}

/** What an explanation may look at: its own value and the values it declared it reads. */
export interface ExplainContext {
  readonly value: Value;
  /** The evaluation date. */
  readonly date: IsoDate;
  v(name: string): Value;
  p<T = unknown>(name: string): T;
  a(name: string): Value;
  readonly f: Formatter;
}

export interface VariableDef {
  readonly name: string;
  readonly entity: string;
  readonly type: ValueType;
  readonly nullable?: boolean;
  readonly label: Bilingual;
  readonly reads: Reads;
  readonly formula: Expr;
  /** How to explain the value to a citizen, in each language: the formula's statement, with it. */
  readonly explain: { readonly [L in Lang]: (x: ExplainContext) => string };
}

/**
 * @example
 *   defineVariable({ name: 'bono_eligible', entity: 'person', type: 'bool', label: {...},
 *                    reads: { variables: [...] }, formula: and(...), explain: {...} })
 */
export function defineVariable(def: VariableDef): VariableDef {
  return def;
}

/** A programme: its entities, parameters, variables and the outputs a trace starts from. */
export interface Programme {
  readonly name: string;
  readonly title: Bilingual;
  readonly root: string;
  readonly entities: Readonly<Record<string, EntitySpec>>;
  readonly parameters: ParameterSource;
  readonly variables: ReadonlyMap<string, VariableDef>;
  /** The variables a citizen's explanation starts from, in order. */
  readonly outputs: readonly string[];
  /**
   * The date whose parameters apply, when it is not the evaluation date (the wealth tax applies
   * the law in force on 31 December of the fortune's year, whatever day it is assessed).
   */
  parameterDate?(attributes: Readonly<Record<string, Value>>, evaluationDate: IsoDate): IsoDate;
}

/**
 * Builds a programme, checking that variable names are unique and that every entity named exists.
 *
 * @example defineProgramme({ name: 'bono', …, variables: [defineVariable(…), …] })
 */
export function defineProgramme(
  p: Omit<Programme, 'variables'> & { variables: readonly VariableDef[] },
): Programme {
  const variables = new Map<string, VariableDef>();
  for (const def of p.variables) {
    if (variables.has(def.name)) throw new Error(`${p.name}: variable ${def.name} defined twice`);
    if (!p.entities[def.entity]) throw new Error(`${p.name}: ${def.name} names unknown entity ${def.entity}`);
    variables.set(def.name, def);
  }
  for (const o of p.outputs) if (!variables.has(o)) throw new Error(`${p.name}: unknown output ${o}`);
  return { ...p, variables };
}
