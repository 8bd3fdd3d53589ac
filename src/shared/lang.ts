/**
 * The languages of ayni's pages, messages and API answers: Spanish first, English too. The route
 * kit (src/routing) picks a request's language for its answers, the pages (src/web) theirs, by the
 * same rule. This is the one definition of `Lang`: every other module imports it from here.
 *
 * The list is data: a third language (Quechua, Aymara and Guaraní are official in Bolivia) is one
 * entry here and one folder of catalogues in src/messages (src/messages/README.md), and the
 * typecheck then names every catalogue it still lacks.
 */

/** The languages, Spanish first: the default when a request asks for none it knows. */
export const LANGS = ['es', 'en'] as const;

/** One of LANGS. */
export type Lang = (typeof LANGS)[number];

/** The language of a reader who asks for none ayni knows. */
export const DEFAULT_LANG: Lang = 'es';

/** Whether a text names one of LANGS. @example isLang('en') // true; isLang('fr') // false */
export function isLang(text: string | undefined): text is Lang {
  return (LANGS as readonly string[]).includes(text ?? '');
}

/**
 * Picks the language: `?lang=` first, then Accept-Language (its first language ayni knows, by
 * the primary subtag, in the order given), Spanish by default.
 *
 * @example pickLang(undefined, 'en-GB,en;q=0.9') // 'en'; pickLang('es', 'en') // 'es'
 */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  const first = acceptLanguage
    ?.trim()
    .split(/[-_,;\s]/, 1)[0]
    ?.toLowerCase();
  return isLang(first) ? first : DEFAULT_LANG;
}

/**
 * The language the switch on every page leads to: the next one in LANGS, round to the first.
 *
 * @example otherLang('es') // 'en'
 */
export function otherLang(lang: Lang): Lang {
  return LANGS[(LANGS.indexOf(lang) + 1) % LANGS.length]!;
}
