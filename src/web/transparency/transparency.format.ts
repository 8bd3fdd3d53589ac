import { LOCALES } from '../../messages/index.ts';
import { BOLIVIA_UTC_OFFSET_MS, type IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { percentDigits } from '../../transparency/index.ts';

/**
 * The compact forms the dashboards need beside src/messages/format.ts's long ones: a day with its
 * month abbreviated (narrow table columns, chart axes) and a percentage with a fixed number of
 * decimals (so a column of shares lines up). Both through `Intl` with the language's locale, so a
 * Spanish page writes «82,5%» as es-BO does, never «82.5 %».
 */

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

const SHORT_DAY: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
};

/**
 * A calendar day with its month abbreviated, by the language's rules.
 *
 * @example shortDate('2020-12-03', 'es') // '3 dic 2020'; shortDate('2020-12-03', 'en') // '3 Dec 2020'
 */
export function shortDate(date: IsoDate, lang: Lang): string {
  const format = cached(`d ${lang}`, () => new Intl.DateTimeFormat(LOCALES[lang], SHORT_DAY));
  return format.format(new Date(`${date}T00:00:00Z`));
}

/**
 * An instant as the day (month abbreviated) and time on Bolivia's clocks (UTC−4 all year).
 *
 * @example shortInstant(new Date('2021-02-01T15:00:00Z'), 'es') // '1 feb 2021, 11:00'
 */
export function shortInstant(at: Date, lang: Lang): string {
  const format = cached(
    `t ${lang}`,
    () =>
      new Intl.DateTimeFormat(LOCALES[lang], {
        ...SHORT_DAY,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  return format.format(new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS));
}

/**
 * A share `num / den` as a percentage with exactly `decimals` decimals, rounded half up from the
 * integers (percentDigits, as the CSV file writes it), then written by the language's `Intl`
 * rules: its decimal sign and where its "%" goes. The rounded digits reach `Intl` as a decimal
 * string, so no float can round them again.
 *
 * @example sharePercent({ num: 33n, den: 40n }, 1, 'es') // '82,5%'; … 'en' // '82.5%'
 */
export function sharePercent(p: { num: bigint; den: bigint }, decimals: number, lang: Lang): string {
  const format = cached(
    `p ${lang} ${decimals}`,
    () =>
      new Intl.NumberFormat(LOCALES[lang], {
        style: 'percent',
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }),
  );
  // `format` takes a decimal string exactly (Intl.NumberFormat v3); "82.5e-2" is 0.825.
  return format.format(`${percentDigits(p, decimals)}e-2` as unknown as number);
}
