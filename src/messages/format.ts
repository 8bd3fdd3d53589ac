import { BOLIVIA_UTC_OFFSET_MS, type IsoDate } from '../shared/dates.ts';
import type { Lang } from '../shared/lang.ts';
import { type Centavos, formatBolivianos } from '../shared/money.ts';

/**
 * Numbers, money, dates and plurals as the pages write them, through `Intl` (the ICU data Node
 * ships), so a new language gets its separators, month names and plural rules from its locale
 * rather than from code: a language is one entry of LOCALES.
 *
 * Dates are Bolivia's calendar: an instant is shown as the day and time on Bolivia's clocks
 * (UTC−4 all year, no daylight saving since 1932 — a fixed offset, as src/shared/dates.ts keeps
 * it, so the host's time-zone data does not matter).
 */

/** The `Intl` locale of each language: Bolivian Spanish; British English writes "1 December 2020". */
export const LOCALES: { readonly [L in Lang]: string } = { es: 'es-BO', en: 'en-GB' };

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], options);
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * A count with the language's grouping (exact for a bigint of any size).
 *
 * @example formatNumber(1234567n, 'es') // '1.234.567'; formatNumber(1234567, 'en') // '1,234,567'
 */
export function formatNumber(n: number | bigint, lang: Lang): string {
  return numberFormat(lang).format(n);
}

/**
 * A share as a percentage with at most `digits` decimals, in the language's decimal sign (so
 * Spanish pages never mix "1.4" and "1,4").
 *
 * @example formatPercent(0.014, 'es') // '1,4%'; formatPercent(0.014, 'en') // '1.4%'
 */
export function formatPercent(share: number, lang: Lang, digits = 1): string {
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(share);
}

/**
 * An amount of bolivianos from centavos, exact at any size (src/shared/money.ts: a bigint never
 * goes through a float).
 *
 * @example formatMoney(100_000n, 'es') // 'Bs 1.000,00'; formatMoney(100_000n, 'en') // 'Bs 1,000.00'
 */
export function formatMoney(amountCentavos: Centavos, lang: Lang): string {
  return formatBolivianos(amountCentavos, lang);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A calendar day written out, month by name (never a numeric form that reads as 1 March in one
 * language and 3 January in the other).
 *
 * @example formatDate('2020-12-01', 'es') // '1 de diciembre de 2020'; formatDate('2020-12-01', 'en') // '1 December 2020'
 */
export function formatDate(date: IsoDate, lang: Lang): string {
  return dateFormat(lang, { dateStyle: 'long' }).format(new Date(`${date}T00:00:00Z`));
}

/**
 * An instant as the day and time on Bolivia's clocks.
 *
 * @example formatInstant(new Date('2020-12-01T16:05:00Z'), 'es') // '1 de diciembre de 2020 a las 12:05'
 */
export function formatInstant(at: Date, lang: Lang): string {
  const local = new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS);
  return dateFormat(lang, { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23' }).format(local);
}

/** The words of a count, one per plural category the languages use (`other` always). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { readonly other: string };

const pluralRules = new Map<Lang, Intl.PluralRules>();

/**
 * The count and the word its plural category takes in the language (`Intl.PluralRules`: Spanish
 * and English have one and other; a language with more categories lists them too).
 *
 * @example plural(1, 'es', { one: 'persona', other: 'personas' }) // '1 persona'
 * @example plural(1200, 'es', { one: 'persona', other: 'personas' }) // '1.200 personas'
 */
export function plural(n: number | bigint, lang: Lang, forms: PluralForms): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang]);
    pluralRules.set(lang, rules);
  }
  // PluralRules takes a number; above 2^53 every language here says "other" anyway.
  const category = rules.select(typeof n === 'bigint' ? Number(n) : n);
  return `${formatNumber(n, lang)} ${forms[category] ?? forms.other}`;
}
