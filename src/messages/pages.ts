import type { Lang } from '../shared/lang.ts';
import { PAGES_EN } from './en/pages/index.ts';
import { PAGES_ES } from './es/pages/index.ts';
import type { Messages } from './page-catalogue.ts';

export type { Messages } from './page-catalogue.ts';

/**
 * The words of ayni's pages, per language and per area (src/messages/<lang>/pages/<area>.ts), as
 * the failures' words are per domain (ADR 0009, docs/adr/0011-pages-as-components.md).
 *
 * The Spanish catalogue of an area defines its shape (`export const COMMON_ES = { … }`); every
 * other language's is typed `Messages<typeof COMMON_ES>`: the same keys, a text for each text and a
 * function with the same parameters for each function. A key missing in one language, or a key
 * that Spanish does not have, fails the typecheck. A component never holds a visible word: it
 * reads them from `pageMessages(lang)`.
 */

/** Every area's words in one language. */
export type PageMessages = Messages<typeof PAGES_ES>;

/** Each language's page words: adding a language is its folder and one line here. */
const PAGES: { readonly [L in Lang]: PageMessages } = { es: PAGES_ES, en: PAGES_EN };

/**
 * The words of the pages in one language.
 *
 * @example pageMessages('en').common.frame.skip // 'Skip to content'
 */
export function pageMessages(lang: Lang): PageMessages {
  return PAGES[lang];
}
