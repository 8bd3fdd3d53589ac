import type { Evaluation, TraceNode } from '../rules/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';

/**
 * The assessment explained to a taxpayer: the decisive line first (what is owed, by when, and the
 * fact that decides it), then each step of the calculation in words with the articles it applies
 * — no variable names, no internal codes. Built from the rules' trace (the same engine and words
 * as `ayni rules explain igf`). The decisive line is returned as the facts that decide it: the
 * interfaces word it from the wealth-tax catalogue (decisiveInWords in src/messages).
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

/**
 * What decides the assessment, for the decisive sentence: whether tax is owed (the net fortune
 * above the threshold, Ley 1357 Art. 5), how much and by when, and whether the taxpayer declares
 * assets abroad too (a resident, Art. 3).
 */
export interface DecisiveLine {
  owes: boolean;
  taxCentavos: bigint;
  deadline: IsoDate;
  netFortuneCentavos: bigint;
  thresholdCentavos: bigint;
  resident: boolean;
}

export interface Explanation {
  decisive: DecisiveLine;
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
 * The explanation of an evaluated declaration: its decisive line as facts, its steps in one
 * language (the rules' own words).
 *
 * @example explainAssessment(evaluation, 'es').decisive // { owes: true, taxCentavos: 41_000_000n, deadline: '2021-03-31', … }
 */
export function explainAssessment(ev: Evaluation, lang: Lang): Explanation {
  const nodes = new Map<string, TraceNode>();
  collect(ev.trace(), nodes);
  const tax = ev.value('igf_tax_centavos') as bigint;
  const net = ev.value('igf_net_fortune_centavos') as bigint;
  const deadline = ev.value('igf_filing_deadline') as IsoDate;
  const resident = ev.value('igf_resident') === true;
  const threshold = nodes.get('igf_taxable')?.parameters.find((p) => p.name === 'igf_threshold')
    ?.value as bigint;
  const decisive: DecisiveLine = {
    owes: tax > 0n,
    taxCentavos: tax,
    deadline,
    netFortuneCentavos: net,
    thresholdCentavos: threshold,
    resident,
  };
  const lines: ExplanationLine[] = [];
  for (const step of STEPS) {
    const n = nodes.get(step);
    if (!n) continue;
    if ((step === 'igf_rate_basis_points' || step === 'igf_descuento_centavos') && n.value === null) continue;
    lines.push({ step: n.label[lang], text: n.explanation[lang], basis: basisOf(n) });
    if (step === 'igf_gross_fortune_centavos') lines.push(...itemLines(n, lang));
  }
  return { decisive, lines };
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
