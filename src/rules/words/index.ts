import type { Lang } from '../../shared/lang.ts';
import { RULE_WORDS_EN } from './en.ts';
import { RULE_WORDS_ES } from './es.ts';
import type { WordsOf } from './shape.ts';

/**
 * The words the rules' explanations are written with, one file per language (./es.ts gives the
 * shape, ./en.ts and any other language follow it): yes and no, "and" and "or", dates, money and
 * rates, age bands, and the codes a rule reads in words. interpret.ts (the formatter handed to
 * every explanation), terms.ts and render.ts read them here; nothing in the rules picks a
 * language's word by itself. Why these words live beside the rules and not in src/messages:
 * docs/adr/0016-rule-words.md.
 */

/** The rule words of one language. */
export type RuleWords = WordsOf<typeof RULE_WORDS_ES>;

/** Each language's rule words: adding a language is its file here and one line in this table. */
const RULE_WORDS: { readonly [L in Lang]: RuleWords } = { es: RULE_WORDS_ES, en: RULE_WORDS_EN };

/** @example ruleWords('es').or // 'o' */
export function ruleWords(lang: Lang): RuleWords {
  return RULE_WORDS[lang];
}
