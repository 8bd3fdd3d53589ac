import type { Lang } from './lang.ts';

/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`). The domain never reads the clock: every rule is
 * evaluated at a date the caller passes in. Day arithmetic uses UTC so no time zone can shift a day.
 */

export type IsoDate = string;

const DAY_MS = 86_400_000;

/**
 * Parses a strict `YYYY-MM-DD` date and checks the day exists (no 2021-02-30).
 *
 * @example parseIsoDate('2020-09-16') // '2020-09-16'; parseIsoDate('2020-02-30') // undefined
 */
export function parseIsoDate(text: string): IsoDate | undefined {
  // Character codes rather than a regular expression: this runs once or twice per imported row.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return text;
}

/** The number written by the digits in text[from, to), or -1 if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of an ISO date. @example toEpochDay('1970-01-02') // 1 */
export function toEpochDay(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** ISO date of a day number since 1970-01-01. @example fromEpochDay(1) // '1970-01-02' */
export function fromEpochDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** @example addDays('2020-12-01', 90) // '2021-03-01' */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Age in completed years on a date, the way civil law counts it: a person born on 29 February
 * turns a year older on 1 March in common years.
 *
 * @example ageOn('2002-09-16', '2020-09-16') // 18
 */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const by = Number(dateOfBirth.slice(0, 4));
  const bmd = dateOfBirth.slice(5);
  const oy = Number(on.slice(0, 4));
  const omd = on.slice(5);
  return oy - by - (omd < bmd ? 1 : 0);
}

/** The date a person born on `dateOfBirth` reaches `years` of age (29 Feb births: 1 March). */
export function dateOfAge(dateOfBirth: IsoDate, years: number): IsoDate {
  const y = Number(dateOfBirth.slice(0, 4)) + years;
  const md = dateOfBirth.slice(5);
  if (md === '02-29' && !isLeapYear(y)) return `${String(y).padStart(4, '0')}-03-01`;
  return `${String(y).padStart(4, '0')}-${md}`;
}

const MONTHS: Record<Lang, readonly string[]> = {
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/**
 * A date written out for people, the same in rule traces and on pages (month names, never a
 * numeric form that could be read as 1 March in one language and 3 January in the other).
 *
 * @example formatLongDate('2020-12-01', 'es') // '1 de diciembre de 2020'
 */
export function formatLongDate(date: IsoDate, lang: Lang): string {
  const [y, m, d] = date.split('-');
  const month = MONTHS[lang][Number(m) - 1];
  return lang === 'es' ? `${Number(d)} de ${month} de ${y}` : `${Number(d)} ${month} ${y}`;
}

/** How far Bolivia's clocks are behind UTC: four hours all year (no daylight saving since 1932). */
export const BOLIVIA_UTC_OFFSET_MS = 4 * 3_600_000;

/**
 * Bolivia's calendar day of an instant. Bolivia keeps UTC−4 all year (no daylight saving since
 * 1932), so a fixed offset is exact and avoids depending on the host's time-zone data.
 *
 * @example toIsoDateInBolivia(new Date('2020-12-02T03:30:00Z')) // '2020-12-01'
 */
export function toIsoDateInBolivia(at: Date): IsoDate {
  return new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString().slice(0, 10) as IsoDate;
}

/** The instant a Bolivian calendar day starts. @example startOfBolivianDay('2020-12-01') // 2020-12-01T04:00:00Z */
export function startOfBolivianDay(day: IsoDate): Date {
  return new Date(`${day}T04:00:00Z`);
}
