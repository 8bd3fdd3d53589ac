/**
 * The comparisons and blocking rules for Bolivian persons: a registry person and a source-list
 * row seen the same way (CI number, complemento, date of birth, names, sex, municipality), with
 * the surnames' term frequencies (Mamani, Quispe, Choque … are common and prove less).
 */
import type { BlockingRule } from './blocking.ts';
import {
  CI_LEVELS,
  COMPLEMENTO_LEVELS,
  compareCiNumber,
  compareComplemento,
  compareDateOfBirth,
  compareMunicipality,
  compareSex,
  DATE_LEVELS,
  GIVEN_NAMES_LEVELS,
  givenNamesLevel,
  levelIndex,
  MUNICIPALITY_LEVELS,
  SEX_LEVELS,
  SURNAMES_LEVELS,
  surnamesLevel,
} from './comparisons.ts';
import type { Comparison } from './model.ts';
import type { LinkagePlan } from './resolve.ts';
import { normaliseName } from './text.ts';

/** A person or a list row as identity resolution sees it; names already normalised (normaliseName). */
export interface IdentityRecord {
  ciNumber: string;
  complemento: string;
  /** YYYY-MM-DD, or '' when unknown. */
  dateOfBirth: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  /** 'F', 'M' or '' when the list does not say. */
  sex: string;
  /** INE code DDPPMM, or '' when the list does not say. */
  municipalityCode: string;
}

/**
 * An identity record from raw values: names normalised once, because comparisons run on
 * millions of pairs.
 *
 * @example identityRecord({ ciNumber: '4567890', givenNames: 'María', firstSurname: 'Quispé' }).firstSurname // 'quispe'
 */
export function identityRecord(raw: Partial<IdentityRecord>): IdentityRecord {
  return {
    ciNumber: (raw.ciNumber ?? '').trim(),
    complemento: (raw.complemento ?? '').trim().toUpperCase(),
    dateOfBirth: raw.dateOfBirth ?? '',
    givenNames: normaliseName(raw.givenNames ?? ''),
    firstSurname: normaliseName(raw.firstSurname ?? ''),
    secondSurname: normaliseName(raw.secondSurname ?? ''),
    sex: raw.sex ?? '',
    municipalityCode: raw.municipalityCode ?? '',
  };
}

/**
 * A comparison of one field of two records: `compare` grades the two values into one of `levels`
 * (null when either is missing, which weighs nothing); with `termFrequency`, an exact agreement on
 * a common value proves less than on a rare one. The persons' comparisons below are built from it,
 * and so is any other data set's (the FEBRL evaluation), so every data set is compared one way.
 *
 * @example fieldComparison('ci_number', CI_LEVELS, compareCiNumber, (r: IdentityRecord) => r.ciNumber)
 */
export function fieldComparison<R>(
  name: string,
  levels: readonly string[],
  compare: (a: string, b: string) => string | null,
  field: (r: R) => string,
  termFrequency = false,
): Comparison<R> {
  return {
    name,
    levels,
    level: (a, b) => levelIndex(levels, compare(field(a), field(b))),
    ...(termFrequency ? { termFrequencyValue: field } : {}),
  };
}

/** Two values equal or not, missing when either is empty: a field with no graded levels. */
export const EXACT_LEVELS = ['exact', 'different'] as const;

/** @example compareExact('12', '12') // 'exact' */
export function compareExact(a: string, b: string): 'exact' | 'different' | null {
  if (a === '' || b === '') return null;
  return a === b ? 'exact' : 'different';
}

/** The comparisons of two persons, in the order of a comparison vector. */
export const PERSON_COMPARISONS: readonly Comparison<IdentityRecord>[] = [
  fieldComparison('ci_number', CI_LEVELS, compareCiNumber, (r: IdentityRecord) => r.ciNumber),
  fieldComparison(
    'complemento',
    COMPLEMENTO_LEVELS,
    compareComplemento,
    (r: IdentityRecord) => r.complemento,
  ),
  fieldComparison('date_of_birth', DATE_LEVELS, compareDateOfBirth, (r: IdentityRecord) => r.dateOfBirth),
  fieldComparison(
    'given_names',
    GIVEN_NAMES_LEVELS,
    givenNamesLevel,
    (r: IdentityRecord) => r.givenNames,
    true,
  ),
  {
    name: 'surnames',
    levels: SURNAMES_LEVELS,
    level: (a, b) =>
      levelIndex(
        SURNAMES_LEVELS,
        surnamesLevel(a.firstSurname, a.secondSurname, b.firstSurname, b.secondSurname),
      ),
    termFrequencyValue: (r) => `${r.firstSurname} ${r.secondSurname}`,
  },
  fieldComparison('sex', SEX_LEVELS, compareSex, (r: IdentityRecord) => r.sex),
  fieldComparison(
    'municipality',
    MUNICIPALITY_LEVELS,
    compareMunicipality,
    (r: IdentityRecord) => r.municipalityCode,
  ),
];

const keyOf = (...parts: string[]): string | null =>
  parts.some((part) => part === '') ? null : parts.join('|');

/**
 * Blocking rules for persons, each catching what the others miss: the same CI number (every
 * error outside the number); the same date of birth and first two letters of the first surname
 * (a mistyped CI number); the same names and year of birth (a mistyped CI and date); the CI's
 * last five digits and the year of birth (leading digits dropped, a day–month swap). The same
 * keys are the SQL blocking of identity.repository.ts.
 */
export const PERSON_BLOCKING: readonly BlockingRule<IdentityRecord>[] = [
  { name: 'ci_number', key: (r) => keyOf(r.ciNumber), fixes: ['ci_number'] },
  {
    name: 'date_of_birth_surname',
    key: (r) => keyOf(r.dateOfBirth, r.firstSurname.slice(0, 2)),
    fixes: ['date_of_birth'],
  },
  {
    name: 'names_year',
    key: (r) => keyOf(r.givenNames, r.firstSurname, r.secondSurname, r.dateOfBirth.slice(0, 4)),
    fixes: ['given_names', 'surnames'],
  },
  {
    name: 'ci_suffix_year',
    key: (r) => keyOf(r.ciNumber.length >= 5 ? r.ciNumber.slice(-5) : '', r.dateOfBirth.slice(0, 4)),
    fixes: [],
  },
];

/** The linkage plan for persons (sizes bound the work of one run). */
export const PERSON_PLAN: LinkagePlan<IdentityRecord> = {
  comparisons: PERSON_COMPARISONS,
  blockingRules: PERSON_BLOCKING,
  maxBlockSize: 5_000,
  uSampleSize: 500_000,
  seed: 23,
};

/** The comparisons a source-list row allows: lists name persons by CI, complemento and date of birth only. */
export const LIST_COMPARISONS: readonly Comparison<IdentityRecord>[] = PERSON_COMPARISONS.filter((c) =>
  ['ci_number', 'complemento', 'date_of_birth'].includes(c.name),
);

/**
 * Blocking rules for list rows against persons, the same as the SQL of listCandidates
 * (identity.repository.ts): the same CI number; the same date of birth and first three digits
 * of the CI; the same date of birth and last three digits.
 */
export const LIST_BLOCKING: readonly BlockingRule<IdentityRecord>[] = [
  { name: 'ci_number', key: (r) => keyOf(r.ciNumber), fixes: ['ci_number'] },
  {
    name: 'date_of_birth_ci_head',
    key: (r) => keyOf(r.dateOfBirth, r.ciNumber.slice(0, 3)),
    fixes: ['date_of_birth'],
  },
  {
    name: 'date_of_birth_ci_tail',
    key: (r) => keyOf(r.dateOfBirth, r.ciNumber.slice(-3)),
    fixes: ['date_of_birth'],
  },
];

/** The linkage plan for list rows against the registry. */
export const LIST_PLAN: LinkagePlan<IdentityRecord> = {
  comparisons: LIST_COMPARISONS,
  blockingRules: LIST_BLOCKING,
  maxBlockSize: 5_000,
  // Rare levels (a transposed CI among random pairs: about 1 in 1.5 million) need many pairs
  // before the sample's pseudo-count stops hiding them; three comparisons make 2 M pairs cheap.
  uSampleSize: 2_000_000,
  seed: 23,
};
