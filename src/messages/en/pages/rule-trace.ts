import { RULE_SOURCES_ES } from '../../es/pages/rule-sources.ts';
import type { RULE_TRACE_ES } from '../../es/pages/rule-trace.ts';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../format.ts';
import type { Messages } from '../../page-catalogue.ts';

/**
 * The words of a decision's explanation in English. The parameter files are written in English,
 * so their notes and sources are shown as they are written (`fromFile` maps each to itself).
 */
export const RULE_TRACE_EN: Messages<typeof RULE_TRACE_ES> = {
  evaluatedOn: (date: string) => `evaluated on ${date}`,
  lawOf: (date: string) => `Law in force on ${date}`,
  outcome: 'Outcome',
  decisive: 'What decided it',
  decisiveIntro: 'The condition that decided the outcome, with its legal basis:',
  full: 'Full detail',
  fullHint: (conditions: string) =>
    `The full detail (${conditions} conditions, each with its sources) is shown with --full.`,
  fullSummary: (conditions: string) => `See the full detail (${conditions} conditions)`,
  conditionsSummary: (conditions: string) => `See each condition (${conditions})`,
  seeAbove: '(see above)',
  parameter: 'Parameter',
  since: (date: string) => `in force since ${date}`,
  source: 'Source',
  note: 'Note',
  stance: { for: 'met', against: 'counts against', neutral: 'value' },
  yes: 'yes',
  no: 'no',
  none: 'none',
  percent: (basisPoints: number) => formatPercent(basisPoints / 10_000, 'en', 2),
  number: (n: number) => formatNumber(n, 'en'),
  money: (centavos: bigint) => formatMoney(centavos, 'en'),
  date: (iso: string) => formatDate(iso as Parameters<typeof formatDate>[0], 'en'),
  // The files' own texts: English is the language they are written in.
  fromFile: Object.fromEntries(Object.keys(RULE_SOURCES_ES).map((text) => [text, text])),
};
