import type { Lang } from './lang.ts';

/** Formats a count with thousands separators for the given language. @example formatCount(1234567) // '1.234.567' */
export function formatCount(n: number | bigint, lang: Lang = 'es'): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'es' ? '.' : ',');
}
