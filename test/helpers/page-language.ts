import assert from 'node:assert/strict';
import { pageMessages } from '../../src/messages/index.ts';
import { LANGS, type Lang } from '../../src/shared/lang.ts';
import { parseHtml, textOf } from './html.ts';

/**
 * The checks every page passes in each language (src/web/README.md, "How to write a page"): only
 * its language's words — no text of another language's catalogue, no `undefined` of a missing
 * key — and no internal code. test/web/model-pages.test.tsx keeps its own copy of the same checks.
 */

/** Every text of a catalogue (functions are left out: their words need arguments). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [];
  // A CSV file's column names (`csv`) are the file format's words, never shown on a page: the
  // English `persons` column would otherwise be «found» in a file named persons.csv.
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => (key === 'csv' ? [] : texts(v)));
  return [];
}

/** Texts of other languages' catalogues that are not also this language's (e.g. '—', 'no'). */
function foreignTexts(lang: Lang): string[] {
  const own = new Set(texts(pageMessages(lang)));
  return LANGS.filter((l) => l !== lang)
    .flatMap((l) => texts(pageMessages(l)))
    .filter((t) => !own.has(t) && t.length > 3);
}

/**
 * Whether a text holds a phrase as whole words («List» is not in «Listas»).
 *
 * @example pageShows('Pago en ventanilla', 'counter') // false
 */
export function pageShows(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * Asserts that a page is in `lang` and shows no other language's catalogue words and no missing
 * key; returns its visible text (the language switch, marked with its own `lang`, left out).
 *
 * @example const text = assertPageLanguage(html, 'es'); assert.ok(!pageShows(text, 'counter'));
 */
export function assertPageLanguage(html: string, lang: Lang): string {
  const doc = parseHtml(html);
  assert.equal(doc.querySelector('html')?.getAttribute('lang'), lang);
  for (const other of doc.querySelectorAll('body [lang]'))
    if (other.getAttribute('lang') !== lang) other.remove();
  const text = textOf(doc.querySelector('body'));
  assert.doesNotMatch(text, /undefined|NaN|\[object /, 'a missing key or value');
  for (const foreign of foreignTexts(lang))
    assert.ok(!pageShows(text, foreign), `${lang} page shows «${foreign}»`);
  return text;
}
