/**
 * Comparisons suited to Bolivian identity data: each one tells, for one field of two records,
 * how far they agree, as a named level. The levels are what the Fellegi–Sunter model weighs
 * (model.ts); a missing value on either side is `null` and weighs nothing, neither for nor against.
 * Pure functions, no I/O.
 */
import { jaroWinkler, normaliseName } from './text.ts';

/**
 * A level's index in its comparison's levels (what a comparison vector holds), null kept null.
 *
 * @example levelIndex(DATE_LEVELS, 'day_month_swapped') // 1
 */
export function levelIndex(levels: readonly string[], level: string | null): number | null {
  return level === null ? null : levels.indexOf(level);
}

/** How two CI numbers agree, strongest first. */
export type CiLevel = 'exact' | 'transposition' | 'one_digit_off' | 'leading_digits_dropped' | 'different';
export const CI_LEVELS: readonly CiLevel[] = [
  'exact',
  'transposition',
  'one_digit_off',
  'leading_digits_dropped',
  'different',
];

/**
 * Most leading digits a clerk is taken to have dropped from a CI number (a department prefix, a
 * "1" read as part of the form); a longer difference is another number.
 */
const MAX_LEADING_DIGITS_DROPPED = 2;

/**
 * Compares two CI numbers (digits only, as the import checked them): equal; two adjacent digits
 * swapped; one digit different; the shorter is the longer without its first one or two digits;
 * else different.
 *
 * @example compareCiNumber('4567890', '4568790') // 'transposition'
 */
export function compareCiNumber(a: string, b: string): CiLevel | null {
  if (a === '' || b === '') return null;
  if (a === b) return 'exact';
  if (a.length === b.length) {
    let first = -1;
    let differences = 0;
    for (let i = 0; i < a.length; i++) {
      if (a.charCodeAt(i) !== b.charCodeAt(i)) {
        if (differences === 0) first = i;
        differences++;
        if (differences > 2) return 'different';
      }
    }
    if (differences === 1) return 'one_digit_off';
    if (first + 1 < a.length && a[first] === b[first + 1] && a[first + 1] === b[first])
      return 'transposition';
    return 'different';
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  const dropped = longer.length - shorter.length;
  if (dropped <= MAX_LEADING_DIGITS_DROPPED && longer.endsWith(shorter)) return 'leading_digits_dropped';
  return 'different';
}

/** How two complementos agree. */
export type ComplementoLevel = 'equal' | 'both_absent' | 'one_absent' | 'different';
export const COMPLEMENTO_LEVELS: readonly ComplementoLevel[] = [
  'equal',
  'both_absent',
  'one_absent',
  'different',
];

/**
 * Compares two complementos (SEGIP's suffix that tells apart two persons given the same CI
 * number): both present and equal; both absent; present on one side only (lists often leave it
 * out); both present and different, which points to two persons.
 *
 * @example compareComplemento('1A', '') // 'one_absent'
 */
export function compareComplemento(a: string, b: string): ComplementoLevel {
  const left = a.trim().toUpperCase();
  const right = b.trim().toUpperCase();
  if (left === '' && right === '') return 'both_absent';
  if (left === '' || right === '') return 'one_absent';
  return left === right ? 'equal' : 'different';
}

/** How two dates of birth agree. */
export type DateLevel = 'exact' | 'day_month_swapped' | 'one_field_off' | 'different';
export const DATE_LEVELS: readonly DateLevel[] = ['exact', 'day_month_swapped', 'one_field_off', 'different'];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Compares two dates of birth written YYYY-MM-DD: equal; day and month exchanged (12-03 for
 * 03-12, the American order); exactly one of year, month or day different; else different.
 * A value that is not a date is missing.
 *
 * @example compareDateOfBirth('1980-03-12', '1980-12-03') // 'day_month_swapped'
 */
export function compareDateOfBirth(a: string, b: string): DateLevel | null {
  const left = ISO_DATE.exec(a);
  const right = ISO_DATE.exec(b);
  if (left === null || right === null) return null;
  if (a === b) return 'exact';
  const [, yearA, monthA, dayA] = left;
  const [, yearB, monthB, dayB] = right;
  if (yearA === yearB && monthA === dayB && dayA === monthB) return 'day_month_swapped';
  const same = Number(yearA === yearB) + Number(monthA === monthB) + Number(dayA === dayB);
  return same === 2 ? 'one_field_off' : 'different';
}

/** How two names agree. */
export type NameLevel = 'exact' | 'very_similar' | 'similar' | 'different';
export const NAME_LEVELS: readonly NameLevel[] = ['exact', 'very_similar', 'similar', 'different'];

/**
 * Jaro–Winkler similarities at which two normalised names count as very similar (one typing
 * error in a long name) and similar (two errors, a shortened name). The values used in
 * Splink's name comparisons and the record-linkage literature.
 */
export const VERY_SIMILAR_NAME = 0.92;
export const SIMILAR_NAME = 0.8;

/**
 * Compares two names after normalisation (accents, case and punctuation dropped): equal, very
 * similar, similar (Jaro–Winkler), else different; an empty name is missing.
 *
 * @example compareName('Quispé', 'QUISPE') // 'exact'
 */
export function compareName(a: string, b: string): NameLevel | null {
  return nameLevel(normaliseName(a), normaliseName(b));
}

/** compareName on names already normalised (normaliseName), for a hot loop. */
export function nameLevel(left: string, right: string): NameLevel | null {
  if (left === '' || right === '') return null;
  if (left === right) return 'exact';
  const similarity = jaroWinkler(left, right);
  if (similarity >= VERY_SIMILAR_NAME) return 'very_similar';
  if (similarity >= SIMILAR_NAME) return 'similar';
  return 'different';
}

/** How two persons' surnames (first and second) agree. */
export type SurnamesLevel =
  | 'exact'
  | 'swapped'
  | 'very_similar'
  | 'one_surname_shared'
  | 'similar'
  | 'different';
export const SURNAMES_LEVELS: readonly SurnamesLevel[] = [
  'exact',
  'swapped',
  'very_similar',
  'one_surname_shared',
  'similar',
  'different',
];

/**
 * Compares two persons' surnames, each a first (paternal) and second (maternal) surname: equal;
 * the same two in the other order; very similar as a whole (Jaro–Winkler on "first second");
 * one surname of each equal to one of the other (a list that keeps only one, or a married name);
 * similar as a whole; else different. Missing when either side has no surname.
 *
 * @example compareSurnames(['Mamani', 'Quispe'], ['Quispe', 'Mamani']) // 'swapped'
 */
export function compareSurnames(
  a: readonly [string, string],
  b: readonly [string, string],
): SurnamesLevel | null {
  return surnamesLevel(normaliseName(a[0]), normaliseName(a[1]), normaliseName(b[0]), normaliseName(b[1]));
}

/** compareSurnames on surnames already normalised (normaliseName), for a hot loop. */
export function surnamesLevel(
  firstA: string,
  secondA: string,
  firstB: string,
  secondB: string,
): SurnamesLevel | null {
  const wholeA = `${firstA} ${secondA}`.trim();
  const wholeB = `${firstB} ${secondB}`.trim();
  if (wholeA === '' || wholeB === '') return null;
  if (firstA === firstB && secondA === secondB) return 'exact';
  if (firstA === secondB && secondA === firstB) return 'swapped';
  const similarity = jaroWinkler(wholeA, wholeB);
  if (similarity >= VERY_SIMILAR_NAME) return 'very_similar';
  const namesB = [firstB, secondB].filter((name) => name !== '');
  if ([firstA, secondA].some((name) => name !== '' && namesB.includes(name))) return 'one_surname_shared';
  if (similarity >= SIMILAR_NAME) return 'similar';
  return 'different';
}

/** How two persons' given names agree. */
export type GivenNamesLevel = 'exact' | 'very_similar' | 'first_name_shared' | 'similar' | 'different';
export const GIVEN_NAMES_LEVELS: readonly GivenNamesLevel[] = [
  'exact',
  'very_similar',
  'first_name_shared',
  'similar',
  'different',
];

/**
 * Compares two persons' given names: equal; very similar; the first given name of one is one of
 * the other's ("Juan" for "Juan Carlos"); similar; else different.
 *
 * @example compareGivenNames('Juan Carlos', 'Juan') // 'first_name_shared'
 */
export function compareGivenNames(a: string, b: string): GivenNamesLevel | null {
  return givenNamesLevel(normaliseName(a), normaliseName(b));
}

/** compareGivenNames on names already normalised (normaliseName), for a hot loop. */
export function givenNamesLevel(left: string, right: string): GivenNamesLevel | null {
  const level = nameLevel(left, right);
  if (level === null || level === 'exact' || level === 'very_similar') return level;
  const wordsA = left.split(' ');
  const wordsB = right.split(' ');
  if (wordsB.includes(wordsA[0] ?? '') || wordsA.includes(wordsB[0] ?? '')) return 'first_name_shared';
  return level;
}

/** How two sexes agree. */
export type SexLevel = 'equal' | 'different';
export const SEX_LEVELS: readonly SexLevel[] = ['equal', 'different'];

/** @example compareSex('F', 'M') // 'different' */
export function compareSex(a: string, b: string): SexLevel | null {
  if (a === '' || b === '') return null;
  return a === b ? 'equal' : 'different';
}

/** How two municipalities agree. */
export type MunicipalityLevel = 'equal' | 'same_province' | 'same_department' | 'different';
export const MUNICIPALITY_LEVELS: readonly MunicipalityLevel[] = [
  'equal',
  'same_province',
  'same_department',
  'different',
];

/**
 * Compares two INE municipality codes (DDPPMM: department, province, municipality): equal, same
 * province, same department, else different. A person who moved stays in the department more
 * often than not.
 *
 * @example compareMunicipality('020101', '020105') // 'same_province'
 */
export function compareMunicipality(a: string, b: string): MunicipalityLevel | null {
  if (a === '' || b === '') return null;
  if (a === b) return 'equal';
  if (a.slice(0, 4) === b.slice(0, 4)) return 'same_province';
  if (a.slice(0, 2) === b.slice(0, 2)) return 'same_department';
  return 'different';
}
