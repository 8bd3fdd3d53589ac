/** Formats a count with thousands separators for the given language. @example formatCount(1234567) // '1.234.567' */
export function formatCount(n: number | bigint, lang: 'es' | 'en' = 'es'): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'es' ? '.' : ',');
}
