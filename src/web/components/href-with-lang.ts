import type { Lang } from '../../shared/lang.ts';

/**
 * A link within ayni that keeps the reader's language: `lang` is set in the query, replacing any
 * there. The language travels in the address (no cookie), so a page opened from a link shows in the
 * language of the page that linked to it.
 *
 * @example hrefWithLang('/bono/reclamo/seguimiento?ref=AB12-CD34-EF56', 'en')
 *   // '/bono/reclamo/seguimiento?ref=AB12-CD34-EF56&lang=en'
 */
export function hrefWithLang(pathAndQuery: string, lang: Lang): string {
  const url = new URL(pathAndQuery, 'http://ayni.invalid');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}${url.hash}`;
}
