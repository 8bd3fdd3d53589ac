import { type Evaluation, formatter, type TraceNode } from '../rules/index.ts';
import type { Lang } from '../shared/lang.ts';

/**
 * The assessment explained to a taxpayer: the decisive line first (what is owed, by when, and the
 * fact that decides it), then each step of the calculation in words with the articles it applies
 * — no variable names, no internal codes. Built from the rules' trace (the same engine and words
 * as `ayni rules explain igf`).
 */

/**
 * A legal source a step applies, as the parameter file writes it (in English, the file's
 * language): a view puts it in the reader's words (describeReference and the rule-sources catalogue).
 */
export interface LegalSource {
  instrument: string;
  article?: string;
}

/** One line of the explanation: the step, what it found, and the legal basis it applies. */
export interface ExplanationLine {
  step: string;
  text: string;
  basis: LegalSource[];
}

export interface Explanation {
  decisive: string;
  lines: ExplanationLine[];
}

/** The trace steps a taxpayer reads, in the order of the calculation. */
const STEPS = [
  'igf_resident',
  'igf_gross_fortune_centavos',
  'igf_deductions_centavos',
  'igf_net_fortune_centavos',
  'igf_taxable',
  'igf_rate_basis_points',
  'igf_descuento_centavos',
  'igf_tax_centavos',
  'igf_filing_deadline',
  'igf_fine_centavos',
] as const;

function collect(nodes: readonly TraceNode[], into: Map<string, TraceNode>): void {
  for (const n of nodes) {
    if (!into.has(n.variable)) into.set(n.variable, n);
    collect(n.children, into);
  }
}

/** Each reference of the parameters a step used (instrument and article), once each. */
function basisOf(n: TraceNode): LegalSource[] {
  return uniqueSources(
    n.parameters.flatMap((p) =>
      p.references.flatMap((r) =>
        r.instrument
          ? [r.article ? { instrument: r.instrument, article: r.article } : { instrument: r.instrument }]
          : [],
      ),
    ),
  );
}

function uniqueSources(sources: readonly LegalSource[]): LegalSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.instrument}\u0000${s.article ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The explanation of an evaluated declaration in one language.
 *
 * @example explainAssessment(evaluation, 'es').decisive // 'Debe pagar Bs 410.000,00 hasta el 31 de marzo de 2021: …'
 */
export function explainAssessment(ev: Evaluation, lang: Lang): Explanation {
  const f = formatter(lang);
  const nodes = new Map<string, TraceNode>();
  collect(ev.trace(), nodes);
  const tax = ev.value('igf_tax_centavos') as bigint;
  const net = ev.value('igf_net_fortune_centavos') as bigint;
  const deadline = ev.value('igf_filing_deadline');
  const resident = ev.value('igf_resident') === true;
  const threshold = nodes.get('igf_taxable')?.parameters.find((p) => p.name === 'igf_threshold')
    ?.value as bigint;
  const decisive =
    lang === 'es'
      ? tax > 0n
        ? `Debe pagar ${f.money(tax)} hasta el ${f.date(deadline)}: su fortuna neta de ${f.money(net)} es mayor que ${f.money(threshold)} (Ley 1357, Art. 5).`
        : `No debe pagar el impuesto: su fortuna neta de ${f.money(net)} no es mayor que ${f.money(threshold)} (Ley 1357, Art. 5).`
      : tax > 0n
        ? `You owe ${f.money(tax)} by ${f.date(deadline)}: your net fortune of ${f.money(net)} is greater than ${f.money(threshold)} (Ley 1357, Art. 5).`
        : `You owe no tax: your net fortune of ${f.money(net)} is not greater than ${f.money(threshold)} (Ley 1357, Art. 5).`;
  const lines: ExplanationLine[] = [];
  for (const step of STEPS) {
    const n = nodes.get(step);
    if (!n) continue;
    if ((step === 'igf_rate_basis_points' || step === 'igf_descuento_centavos') && n.value === null) continue;
    lines.push({ step: n.label[lang], text: n.explanation[lang], basis: basisOf(n) });
    if (step === 'igf_gross_fortune_centavos') lines.push(...itemLines(n, lang));
  }
  const scope =
    lang === 'es'
      ? resident
        ? 'Como residente, declara sus bienes en Bolivia y en el exterior (Ley 1357, Art. 3).'
        : 'Como no residente, solo cuentan sus bienes en Bolivia (Ley 1357, Art. 3).'
      : resident
        ? 'As a resident, your assets in Bolivia and abroad count (Ley 1357, Art. 3).'
        : 'As a non-resident, only your assets in Bolivia count (Ley 1357, Art. 3).';
  return { decisive: `${decisive} ${scope}`, lines };
}

/** Each asset's value, as the rules explained it (its currency conversion included). */
function itemLines(gross: TraceNode, lang: Lang): ExplanationLine[] {
  const out: ExplanationLine[] = [];
  for (const item of gross.items ?? []) {
    const all = new Map<string, TraceNode>();
    collect(item.nodes, all);
    const value = all.get('igf_asset_value_centavos');
    const counted = all.get('igf_asset_in_base');
    if (!value) continue;
    out.push({
      step: `· ${item.label}`,
      text: `${value.explanation[lang]}${counted ? ` ${counted.explanation[lang]}` : ''}`,
      basis: uniqueSources([...basisOf(value), ...(counted ? basisOf(counted) : [])]),
    });
  }
  return out;
}
