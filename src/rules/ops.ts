import { addDays, ageOn, daysInMonth, type IsoDate, parseIsoDate, toEpochDay } from '../shared/dates.ts';
import type { CmpOp, Value } from './expr.ts';

/**
 * The meaning of each operation of the formula language, shared by the interpreter, the constant
 * folder and the closure compiler (the SQL compiler emits SQL with the same meaning, and the
 * property test checks it). Null in, null out, except comparisons and membership, which are false
 * when an operand is null.
 */

/** @example compare('<=', '1961-03-01', '1961-03-02') // true */
export function compare(op: CmpOp, a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** @example ageYears('2002-09-16', '2020-09-16') // 18 */
export function ageYears(dob: Value, on: Value): number | null {
  if (dob === null || on === null) return null;
  return ageOn(dob as IsoDate, on as IsoDate);
}

/**
 * The latest date of birth of a person who is at least `years` old on `on`:
 * age(dob, on) ≥ years ⇔ dob ≤ latestBirthForAge(on, years). Same calendar rule as PostgreSQL's
 * `date - interval 'n years'` (29 February becomes 28 February in a common year), which the
 * compilers use to turn an age test into a plain date comparison.
 *
 * @example latestBirthForAge('2020-09-16', 18) // '2002-09-16'
 */
export function latestBirthForAge(on: IsoDate, years: number): IsoDate {
  const y = Number(on.slice(0, 4)) - years;
  const m = Number(on.slice(5, 7));
  const d = Math.min(Number(on.slice(8, 10)), daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** @example plusDays('2020-12-01', 90) // '2021-03-01' */
export function plusDays(date: Value, n: Value): IsoDate | null {
  if (date === null || n === null) return null;
  return addDays(date as IsoDate, n as number);
}

/** Monday 1 … Sunday 7. @example isoWeekdayOf('2021-04-05') // 1 */
export function isoWeekdayOf(date: Value): number | null {
  if (date === null) return null;
  // 1970-01-01 (epoch day 0) was a Thursday, ISO weekday 4.
  return ((((toEpochDay(date as IsoDate) + 3) % 7) + 7) % 7) + 1;
}

/** @example lastDigitOf('4567890') // 0 */
export function lastDigitOf(text: Value): number | null {
  if (text === null) return null;
  const s = text as string;
  const c = s.charCodeAt(s.length - 1) - 48;
  return c >= 0 && c <= 9 ? c : null;
}

const BP_DENOMINATOR = 10_000n;

/**
 * money × rate in basis points, rounded half away from zero to the centavo. Exact: integer
 * arithmetic on bigint, no float anywhere.
 *
 * @example mulRateCentavos(3_000_000_001n, 140) // 42_000_000n (Bs 30,000,000.01 × 1.4 %)
 */
export function mulRateCentavos(amount: Value, bp: Value): bigint | null {
  if (amount === null || bp === null) return null;
  const n = (amount as bigint) * BigInt(bp as number);
  const abs = n < 0n ? -n : n;
  const q = (2n * abs + BP_DENOMINATOR) / (2n * BP_DENOMINATOR);
  return n < 0n ? -q : q;
}

/** @example makeIsoDate(2021, 3, 31) // '2021-03-31' */
export function makeIsoDate(year: Value, month: Value, day: Value): IsoDate | null {
  if (year === null || month === null || day === null) return null;
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (parseIsoDate(s) !== s) throw new Error(`not a calendar date: ${s}`);
  return s;
}

/** Last Monday-to-Friday day of a month. @example lastWeekdayOf(2023, 4) // '2023-04-28' */
export function lastWeekdayOf(year: Value, month: Value): IsoDate | null {
  if (year === null || month === null) return null;
  const last = makeIsoDate(year, month, daysInMonth(year as number, month as number))!;
  const wd = isoWeekdayOf(last)!;
  return wd === 6 ? addDays(last, -1) : wd === 7 ? addDays(last, -2) : last;
}

/** add, sub, max or min on two ints or two money amounts. @example arith('sub', 5n, 7n) // -2n */
export function arith(k: 'add' | 'sub' | 'max' | 'min', a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (k === 'add') return a + b;
    if (k === 'sub') return a - b;
    if (k === 'max') return a > b ? a : b;
    return a < b ? a : b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    if (k === 'add') return a + b;
    if (k === 'sub') return a - b;
    if (k === 'max') return Math.max(a, b);
    return Math.min(a, b);
  }
  throw new Error(`${k} on mismatched values ${typeof a} and ${typeof b}`);
}
