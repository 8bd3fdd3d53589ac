import { describeReference } from '../rules/index.ts';
import type { Lang } from '../shared/lang.ts';
import { pageMessages } from './pages.ts';

/**
 * A legal source as the parameter files write it (instrument and article, in the files' English)
 * in the reader's words, from the rule-sources catalogue: «Ley 2492 (Código Tributario Boliviano),
 * modificada por la Ley 812» on a Spanish page or notice.
 *
 * @example legalSourceInWords({ instrument: 'Ley 1357', article: 'Art. 5' }, 'es') // 'Ley 1357, Art. 5'
 */
export function legalSourceInWords(source: { instrument: string; article?: string }, lang: Lang): string {
  return describeReference(source, lang, pageMessages(lang).ruleTrace);
}

/** The same in Spanish, the language of the tax notices. */
export const legalSourceInSpanish = (source: { instrument: string; article?: string }): string =>
  legalSourceInWords(source, 'es');
