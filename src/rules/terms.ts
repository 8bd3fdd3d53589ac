import { SOURCE_LIST_BY_NAME } from '../registry/index.ts';
import type { Lang } from './variables.ts';
import { ruleWords } from './words/index.ts';

/**
 * The codes a rule reads in words — a source list's name, the values a parameter lists
 * (disability degrees, contributor types, vaccines), an age band — so that an explanation says
 * «la lista de asegurados dependientes y consultores» and «Sputnik V», never «afp-dependent» or
 * `sputnik_v`. The words are each language's rule words (src/rules/words/<lang>.ts, `terms`);
 * test/rules/trace-words.test.ts checks that every code of every programme has them. A source
 * list's name is the registry's own title for it (src/registry/source-lists.ts).
 */

/** Which family of codes a variable holds, for the variables whose value is a code. */
const VARIABLE_TERMS: Readonly<Record<string, string>> = {
  bono_collection_window: 'band',
  vaccination_plan_age_group: 'band',
  vaccination_weekday: 'weekday',
};

/**
 * A code in words: a listed one from the language's rule words, an age band ("30-39", "60+")
 * written out, else the code as it is (a person's own text, such as a declaration's description).
 *
 * @example termIn('product', 'sputnik_v', 'es') // 'Sputnik V'
 * @example termIn('band', '30-39', 'es') // 'de 30 a 39 años'
 */
export function termIn(family: string, code: string | number, lang: Lang): string {
  const words = ruleWords(lang);
  const terms: Readonly<Record<string, Readonly<Record<string, string>>>> = words.terms;
  const codes = Object.hasOwn(terms, family) ? terms[family] : undefined;
  if (codes !== undefined && Object.hasOwn(codes, String(code))) return codes[String(code)]!;
  if (family === 'band') {
    const range = /^(\d+)-(\d+)$/.exec(String(code));
    if (range) return words.ageRange(range[1]!, range[2]!);
    const over = /^(\d+)\+$/.exec(String(code));
    if (over) return words.ageOrOver(over[1]!);
  }
  return String(code);
}

/**
 * The value of a variable that holds a code, in words; undefined for any other variable.
 *
 * @example termOf('bono_collection_window', '30-39', 'en') // 'aged 30 to 39'
 */
export function termOf(variable: string, code: string | number, lang: Lang): string | undefined {
  const family = VARIABLE_TERMS[variable];
  return family ? termIn(family, code, lang) : undefined;
}

/**
 * A source list by the registry's title for it. @example listTitle('afp-dependent', 'es') // 'Asegurados dependientes y consultores con aportes'
 */
export function listTitle(list: string, lang: Lang): string {
  const def = SOURCE_LIST_BY_NAME.get(list);
  if (!def) return list;
  return lang === 'es' ? def.titleEs : def.titleEn;
}
