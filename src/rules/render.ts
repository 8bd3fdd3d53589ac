import type { Reference } from '../parameters/index.ts';
import type { BoundProgramme, ParamUse } from './bind.ts';
import type { Value, ValueType } from './expr.ts';
import { formatter, type TraceNode } from './interpret.ts';
import type { Lang } from './variables.ts';

/**
 * Renders a trace as text for a citizen or a grievance officer: each condition with a mark (✔ met,
 * ✘ not met), its value, the explanation, the parameters it used and their legal references, and
 * any UNCONFIRMED note. A condition shown once is referred to, not repeated.
 *
 * @example const text = renderTrace(bound, evaluation.trace(), 'es', 'CI 4567890, nacida el …');
 */
export function renderTrace(
  bound: BoundProgramme,
  nodes: readonly TraceNode[],
  lang: Lang,
  subject: string,
): string {
  const f = formatter(lang);
  const t = TEXT[lang];
  const out: string[] = [];
  const title = bound.programme.title[lang];
  out.push(`${title} — ${t.evaluatedOn} ${f.date(bound.date)}`);
  if (bound.parameterDate !== bound.date) out.push(`${t.lawOf} ${f.date(bound.parameterDate)}`);
  out.push(subject, '');
  const shown = new Set<TraceNode>();
  const shownParameters = new Set<string>();
  const walk = (n: TraceNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const head = `${pad}${mark(n)} ${n.label[lang]}: ${formatValue(n.type, n.value, lang, n.variable)}   [${n.variable}]`;
    if (shown.has(n)) {
      out.push(`${head} ${t.seeAbove}`);
      return;
    }
    shown.add(n);
    out.push(head);
    out.push(`${pad}    ${n.explanation[lang]}`);
    for (const p of n.parameters) {
      // A parameter's sources and note are printed the first time it appears, then referred to.
      if (shownParameters.has(p.name)) {
        out.push(`${pad}    ${t.parameter}: ${p.name} ${t.seeAbove}`);
        continue;
      }
      shownParameters.add(p.name);
      out.push(`${pad}    ${t.parameter}: ${describeParameter(p, lang)}`);
      for (const r of p.references) out.push(`${pad}      ${t.source}: ${describeReference(r)}`);
      if (p.note) out.push(`${pad}      ${t.note}: ${p.note}`);
    }
    for (const c of n.children) walk(c, depth + 1);
    for (const item of n.items ?? []) {
      out.push(`${pad}  · ${item.label}`);
      for (const c of item.nodes) walk(c, depth + 2);
    }
  };
  for (const n of nodes) walk(n, 0);
  return out.join('\n');
}

const TEXT = {
  es: {
    evaluatedOn: 'evaluado el',
    lawOf: 'Normas vigentes al',
    seeAbove: '(ver arriba)',
    parameter: 'Parámetro',
    source: 'Fuente',
    note: 'Nota',
    since: 'vigente desde',
  },
  en: {
    evaluatedOn: 'evaluated on',
    lawOf: 'Law in force on',
    seeAbove: '(see above)',
    parameter: 'Parameter',
    source: 'Source',
    note: 'Note',
    since: 'in force since',
  },
} as const;

function mark(n: TraceNode): string {
  if (n.type !== 'bool') return '•';
  return n.value === true ? '✔' : '✘';
}

/** A value as a person reads it. @example formatValue('money', 100000n, 'es') // 'Bs 1.000,00' */
export function formatValue(type: ValueType, value: Value, lang: Lang, variable = ''): string {
  const f = formatter(lang);
  if (value === null) return lang === 'es' ? '(ninguno)' : '(none)';
  if (type === 'int' && variable.endsWith('_basis_points')) {
    const bp = value as number;
    const decimal = lang === 'es' ? ',' : '.';
    return `${Math.trunc(bp / 100)}${
      bp % 100
        ? `${decimal}${String(bp % 100)
            .padStart(2, '0')
            .replace(/0$/, '')}`
        : ''
    } % (${bp} bp)`;
  }
  switch (type) {
    case 'bool':
      return f.yes(value);
    case 'money':
      return f.money(value);
    case 'date':
      return f.date(value);
    default:
      return String(value);
  }
}

function describeParameter(p: ParamUse, lang: Lang): string {
  const shown = JSON.stringify(p.raw);
  const value = shown.length > 160 ? `${shown.slice(0, 157)}…` : shown;
  return `${p.name} = ${value} (${TEXT[lang].since} ${p.effectiveFrom})`;
}

/** @example describeReference({ instrument: 'DS 4392', article: 'Art. 8 §II', url: 'https://…' }) */
export function describeReference(r: Reference): string {
  const head = [r.instrument, r.article].filter(Boolean).join(', ');
  const text = r.text ? ` — ${r.text}` : '';
  const url = r.url ? ` <${r.url}>` : '';
  return `${head}${text}${url}`.trim();
}

/** JSON for `--json`: bigint money as a decimal string of centavos. @example traceJson(evaluation.trace()) */
export function traceJson(nodes: readonly TraceNode[]): string {
  return JSON.stringify(nodes, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
}
