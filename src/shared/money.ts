import type { Lang } from './lang.ts';

/**
 * Money is an integer number of centavos held in a `bigint`; never a float.
 *
 * @example formatBolivianos(100_000n) // 'Bs 1.000,00'
 */
export type Centavos = bigint;

export function bolivianos(whole: bigint | number): Centavos {
  return BigInt(whole) * 100n;
}

/**
 * Centavos as a plain decimal for files and machines, exact at any size (no float on the way).
 *
 * @example decimalBolivianos(123_456n) // '1234.56'
 */
export function decimalBolivianos(amountCentavos: Centavos): string {
  const negative = amountCentavos < 0n;
  const abs = negative ? -amountCentavos : amountCentavos;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Formats centavos the Bolivian way: thousands with '.', decimals with ','. */
export function formatBolivianos(amountCentavos: Centavos, lang: Lang = 'es'): string {
  const negative = amountCentavos < 0n;
  const abs = negative ? -amountCentavos : amountCentavos;
  const whole = (abs / 100n).toString();
  const cents = (abs % 100n).toString().padStart(2, '0');
  const thousands = lang === 'es' ? '.' : ',';
  const decimal = lang === 'es' ? ',' : '.';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${negative ? '-' : ''}Bs ${grouped}${decimal}${cents}`;
}
