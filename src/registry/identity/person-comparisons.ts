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

/** The comparisons of two persons, in the order of a comparison vector. */
export const PERSON_COMPARISONS: readonly Comparison<IdentityRecord>[] = [
  {
    name: 'ci_number',
    levels: CI_LEVELS,
    level: (a, b) => levelIndex(CI_LEVELS, compareCiNumber(a.ciNumber, b.ciNumber)),
  },
  {
    name: 'complemento',
    levels: COMPLEMENTO_LEVELS,
    level: (a, b) => levelIndex(COMPLEMENTO_LEVELS, compareComplemento(a.complemento, b.complemento)),
  },
  {
    name: 'date_of_birth',
    levels: DATE_LEVELS,
    level: (a, b) => levelIndex(DATE_LEVELS, compareDateOfBirth(a.dateOfBirth, b.dateOfBirth)),
  },
  {
    name: 'given_names',
    levels: GIVEN_NAMES_LEVELS,
    level: (a, b) => levelIndex(GIVEN_NAMES_LEVELS, givenNamesLevel(a.givenNames, b.givenNames)),
    termFrequencyValue: (r) => r.givenNames,
  },
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
  { name: 'sex', levels: SEX_LEVELS, level: (a, b) => levelIndex(SEX_LEVELS, compareSex(a.sex, b.sex)) },
  {
    name: 'municipality',
    levels: MUNICIPALITY_LEVELS,
    level: (a, b) =>
      levelIndex(MUNICIPALITY_LEVELS, compareMunicipality(a.municipalityCode, b.municipalityCode)),
  },
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
