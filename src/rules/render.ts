import type { Reference } from '../parameters/index.ts';
import type { ParamUse } from './bind.ts';
import type { Value } from './expr.ts';
import type { TraceNode } from './interpret.ts';
import { termOf } from './terms.ts';
import type { ConditionView, Stance, TraceView } from './trace-view.ts';
import type { Lang } from './variables.ts';

/**
 * A decision's explanation as text (`ayni rules explain`), in the reader's words: what was decided,
 * the condition that decided it with its legal sources, and — with `full` — every condition. The
 * words, the numbers' and dates' formats and the parameter files' notes and sources in the reader's
 * language all come from a `TraceWords` catalogue (src/messages/<lang>/pages/rule-trace.ts), which
 * the pages' trace component reads too; nothing here picks a language's words.
 */

/** The language the parameter files' notes and sources are written in: shown as they are to its readers. */
export const PARAMETER_FILE_LANG: Lang = 'en';

/** The words and formats a trace is written with, in one language. */
export interface TraceWords {
  readonly evaluatedOn: (date: string) => string;
  readonly lawOf: (date: string) => string;
  readonly outcome: string;
  readonly decisive: string;
  readonly decisiveIntro: string;
  readonly full: string;
  readonly fullHint: (conditions: string) => string;
  readonly seeAbove: string;
  readonly parameter: string;
  readonly since: (date: string) => string;
  readonly source: string;
  readonly note: string;
  readonly stance: { readonly for: string; readonly against: string; readonly neutral: string };
  readonly yes: string;
  readonly no: string;
  readonly none: string;
  /** A rate of basis points as a percentage (1,4 %). */
  readonly percent: (basisPoints: number) => string;
  readonly number: (n: number) => string;
  readonly money: (centavos: bigint) => string;
  readonly date: (iso: string) => string;
  /** The parameter files' notes, sources and quotes in this language, keyed by the file's own text. */
  readonly fromFile: Readonly<Record<string, string>>;
}

/** The mark of a stance: ✔ in favour, ✘ against, • neither (a value, not a condition). */
export const STANCE_MARK: Readonly<Record<Stance, string>> = { for: '✔', against: '✘', neutral: '•' };

/**
 * A text of a parameter file (a note, a source's name or quote) in the reader's language; the
 * file's own text when the catalogue lacks it (the catalogue test names every one missing).
 *
 * @example fromFile('DS 4392 (as reported)', 'es', words) // 'DS 4392 (según la prensa)'
 */
export function fromFile(text: string, lang: Lang, words: TraceWords): string {
  if (lang === PARAMETER_FILE_LANG) return text;
  return words.fromFile[text] ?? text;
}

/**
 * The trace as text: the outcome, the decisive conditions, and with `full` every condition.
 *
 * @example renderTrace(traceView(bound, ev.trace()), 'es', words, 'Persona: CI 4567890', { full: false })
 */
export function renderTrace(
  view: TraceView,
  lang: Lang,
  words: TraceWords,
  subject: string,
  options: { full: boolean },
): string {
  const { bound } = view;
  const out: string[] = [];
  out.push(`${bound.programme.title[lang]} — ${words.evaluatedOn(words.date(bound.date))}`);
  if (bound.parameterDate !== bound.date) out.push(words.lawOf(words.date(bound.parameterDate)));
  out.push(subject, '', `${words.outcome}:`);
  // An outcome is what was decided, not a condition: its mark says yes or no, without a verdict.
  for (const o of view.outcomes)
    out.push(`  ${STANCE_MARK[o.stance]} ${o.node.label[lang]}: ${formatValue(o.node, lang, words)}`);
  out.push('', `${words.decisive}:`);
  for (const c of view.decisive) out.push(...conditionLines(c, 1, lang, words));
  out.push('');
  if (!options.full) {
    out.push(words.fullHint(words.number(view.conditionCount)));
    return out.join('\n');
  }
  out.push(`${words.full}:`);
  for (const c of view.full) out.push(...conditionLines(c, 1, lang, words));
  return out.join('\n');
}

/** "✘ Está excluido: sí — en contra". */
export function headLine(node: TraceNode, stance: Stance, lang: Lang, words: TraceWords): string {
  const against = stance === 'against' ? ` — ${words.stance.against}` : '';
  return `${STANCE_MARK[stance]} ${node.label[lang]}: ${formatValue(node, lang, words)}${against}`;
}

function conditionLines(c: ConditionView, depth: number, lang: Lang, words: TraceWords): string[] {
  const pad = '  '.repeat(depth);
  const head = `${pad}${headLine(c.node, c.stance, lang, words)}`;
  if (c.repeat) return [`${head} ${words.seeAbove}`];
  const out = [head, `${pad}    ${c.node.explanation[lang]}`];
  for (const p of c.parameters) {
    if (p.repeat) {
      out.push(`${pad}    ${words.parameter}: ${parameterLabel(p.use, lang)} ${words.seeAbove}`);
      continue;
    }
    out.push(
      `${pad}    ${words.parameter}: ${parameterLabel(p.use, lang)} (${words.since(words.date(p.use.effectiveFrom))})`,
    );
    for (const r of p.use.references)
      out.push(`${pad}      ${words.source}: ${describeReference(r, lang, words)}`);
    if (p.use.note) out.push(`${pad}      ${words.note}: ${fromFile(p.use.note, lang, words)}`);
  }
  for (const child of c.children) out.push(...conditionLines(child, depth + 1, lang, words));
  for (const item of c.items) {
    out.push(`${pad}  · ${item.label}`);
    for (const child of item.children) out.push(...conditionLines(child, depth + 2, lang, words));
  }
  return out;
}

/**
 * A parameter as a reader knows it: what it is, in their language (the file's description).
 *
 * @example parameterLabel(bound.parameter('bono_minimum_age_years'), 'es') // 'Años cumplidos que …'
 */
export function parameterLabel(p: ParamUse, lang: Lang): string {
  const text = lang === 'es' ? (p.descriptionEs ?? p.description) : p.description;
  return text.replace(/\.$/, '');
}

/**
 * A condition's value as a person reads it: yes or no, money, a date, a rate, a count, or a code
 * (an age band, a vaccine) in words.
 *
 * @example formatValue(node, 'es', words) // 'Bs 1.000,00'
 */
export function formatValue(
  node: Pick<TraceNode, 'type' | 'value' | 'variable'>,
  lang: Lang,
  words: TraceWords,
): string {
  const value: Value = node.value;
  if (value === null) return words.none;
  switch (node.type) {
    case 'bool':
      return value === true ? words.yes : words.no;
    case 'money':
      return words.money(value as bigint);
    case 'date':
      return words.date(value as string);
    case 'int':
      if (node.variable.endsWith('_basis_points')) return words.percent(value as number);
      return termOf(node.variable, value as number, lang) ?? words.number(value as number);
    case 'text':
      return termOf(node.variable, String(value), lang) ?? String(value);
  }
}

/**
 * A legal source: the instrument and article, the quote or remark, the address.
 *
 * @example describeReference({ instrument: 'DS 4392', article: 'Art. 8 §II', url: 'https://…' }, 'es', words)
 */
export function describeReference(r: Reference, lang: Lang, words: TraceWords): string {
  const instrument = r.instrument ? fromFile(r.instrument, lang, words) : undefined;
  const article = r.article ? fromFile(r.article, lang, words) : undefined;
  const head = [instrument, article].filter(Boolean).join(', ');
  const text = r.text ? ` — ${fromFile(r.text, lang, words)}` : '';
  const url = r.url ? ` <${r.url}>` : '';
  return `${head}${text}${url}`.trim();
}

/** JSON for `--json`: bigint money as a decimal string of centavos. @example traceJson(evaluation.trace()) */
export function traceJson(nodes: readonly TraceNode[]): string {
  return JSON.stringify(nodes, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
