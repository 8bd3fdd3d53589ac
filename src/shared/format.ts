/** Formats a count with thousands separators for the given language. @example formatCount(1234567) // '1.234.567' */
export function formatCount(n: number | bigint, lang: 'es' | 'en' = 'es'): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'es' ? '.' : ',');
}

/**
 * Formats centavos as bolivianos, exactly (no floating point).
 * @example formatBolivianos(100_000n) // 'Bs 1.000,00'; formatBolivianos(100_000n, 'en') // 'Bs 1,000.00'
 */
export function formatBolivianos(centavos: bigint, lang: 'es' | 'en' = 'es'): string {
  const negative = centavos < 0n;
  const abs = negative ? -centavos : centavos;
  const whole = formatCount(abs / 100n, lang);
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}Bs ${whole}${lang === 'es' ? ',' : '.'}${cents}`;
}
