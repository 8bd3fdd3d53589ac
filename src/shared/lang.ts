/**
 * The two languages of ayni's pages, messages and API answers: Spanish first, English too. The
 * route kit (src/routing) picks a request's language for its answers, the pages (src/web) theirs,
 * by the same rule.
 */

export type Lang = 'es' | 'en';

/** Picks the language: `?lang=` first, then Accept-Language, Spanish by default. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'es') return query;
  if (acceptLanguage && /^en\b/i.test(acceptLanguage.trim())) return 'en';
  return 'es';
}
