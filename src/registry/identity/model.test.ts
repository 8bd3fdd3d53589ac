import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BlockingRule, dedupeCandidates, linkCandidates } from './blocking.ts';
import { compareRecords, estimateU, scorePair, seededRandom, termFrequencies } from './model.ts';
import {
  type IdentityRecord,
  identityRecord,
  PERSON_COMPARISONS,
  PERSON_PLAN,
} from './person-comparisons.ts';
import { decideLinks, link, quality, type ScoredPair } from './resolve.ts';
import { thresholdsFor } from './thresholds.ts';

const SURNAMES = [
  'mamani',
  'quispe',
  'choque',
  'flores',
  'condori',
  'zeballos',
  'arce',
  'vargas',
  'rojas',
  'huanca',
];
const GIVEN = [
  'juan',
  'maria',
  'rosa',
  'carlos',
  'luis',
  'ana',
  'jose',
  'elena',
  'pedro',
  'sonia',
  'wilma',
  'rene',
];

/** A population of `n` persons, surnames skewed as in the altiplano (Mamani most common). */
function population(n: number, seed: number): IdentityRecord[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[], skew = 1): T => list[Math.floor(random() ** skew * list.length)] as T;
  return Array.from({ length: n }, (_, i) =>
    identityRecord({
      ciNumber: String(1_000_000 + i * 37),
      dateOfBirth: `${1940 + Math.floor(random() * 60)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      givenNames: pick(GIVEN),
      firstSurname: pick(SURNAMES, 2),
      secondSurname: pick(SURNAMES, 2),
      sex: random() < 0.5 ? 'F' : 'M',
      municipalityCode: `0${1 + Math.floor(random() * 9)}0101`,
    }),
  );
}

/** A list of every `step`-th person with one known error each, cycling through the kinds. */
function messyList(
  persons: readonly IdentityRecord[],
  step: number,
): { rows: IdentityRecord[]; truth: number[] } {
  const rows: IdentityRecord[] = [];
  const truth: number[] = [];
  for (let i = 0; i < persons.length; i += step) {
    const p = persons[i] as IdentityRecord;
    const ci = p.ciNumber;
    const kind = rows.length % 4;
    const [year, month, day] = p.dateOfBirth.split('-') as [string, string, string];
    rows.push({
      ...p,
      ciNumber:
        kind === 0 ? `${ci.slice(0, 2)}${ci[3]}${ci[2]}${ci.slice(4)}` : kind === 1 ? ci.slice(1) : ci,
      dateOfBirth: kind === 2 ? `${year}-${day}-${month}` : p.dateOfBirth,
      secondSurname: kind === 3 ? '' : p.secondSurname,
      municipalityCode: '',
    });
    truth.push(i);
  }
  return { rows, truth };
}

test('u from random pairs: an exact CI agreement is rare among different persons, sex agrees half the time', () => {
  const persons = population(2_000, 1);
  const u = estimateU(PERSON_COMPARISONS, persons, null, 50_000, 7);
  assert.ok((u[0]?.[0] ?? 1) < 0.001, 'CI exact among random pairs');
  assert.ok(Math.abs((u[5]?.[0] ?? 0) - 0.5) < 0.02, `sex equal among random pairs: ${u[5]?.[0]}`);
  // seeded: the same sample twice
  assert.deepEqual(u, estimateU(PERSON_COMPARISONS, persons, null, 50_000, 7));
});

test('term frequencies: agreeing on a common surname pair proves less than on a rare one', () => {
  const persons = population(5_000, 2);
  const frequencies = termFrequencies(PERSON_COMPARISONS, persons);
  const model = {
    comparisons: PERSON_COMPARISONS.map((c) => c.name),
    levels: PERSON_COMPARISONS.map((c) => c.levels),
    m: PERSON_COMPARISONS.map((c) => c.levels.map((_, l) => (l === 0 ? 0.9 : 0.1 / (c.levels.length - 1)))),
    u: PERSON_COMPARISONS.map((c) => c.levels.map(() => 1 / c.levels.length)),
    lambda: 0.5,
    termFrequencies: frequencies,
    iterations: 0,
  };
  const common = identityRecord({ firstSurname: 'Mamani', secondSurname: 'Mamani' });
  const rare = identityRecord({ firstSurname: 'Huanca', secondSurname: 'Huanca' });
  const weightOf = (r: IdentityRecord) =>
    scorePair(model, PERSON_COMPARISONS, compareRecords(PERSON_COMPARISONS, r, r), r, r).parts[4]?.weight ??
    0;
  assert.ok(
    weightOf(common) + 2 < weightOf(rare),
    `mamani mamani ${weightOf(common).toFixed(2)} against huanca huanca ${weightOf(rare).toFixed(2)}`,
  );
});

test('EM learns from the data: a list with one injected error per row links at full precision', () => {
  const persons = population(20_000, 3);
  const { rows, truth } = messyList(persons, 10);
  const run = link(rows, persons, PERSON_PLAN);
  // m of an exact date of birth: three kinds of error in four keep it
  const mDateExact = run.model.m[2]?.[0] ?? 0;
  assert.ok(mDateExact > 0.6 && mDateExact < 0.9, `m(date exact) = ${mDateExact}`);
  const decisions = decideLinks(run.pairs, rows.length, thresholdsFor('2021-01-01', persons.length));
  const linked = new Set(decisions.flatMap((d) => (d.decision === 'linked' ? [`${d.row}:${d.right}`] : [])));
  const q = quality(linked, new Set(truth.map((person, row) => `${row}:${person}`)));
  assert.equal(q.precision, 1);
  assert.ok(q.recall >= 0.97, `recall ${q.recall}`);
});

test('decisions on both sides of the thresholds; two candidates above accept go to review', () => {
  const thresholds = { acceptWeight: 20, reviewWeight: 5 };
  const pair = (left: number, right: number, weight: number): ScoredPair => ({
    left,
    right,
    weight,
    vector: new Int8Array(0),
  });
  const decisions = decideLinks(
    [pair(0, 7, 20), pair(1, 7, 19.99), pair(2, 7, 5), pair(3, 7, 4.99), pair(4, 1, 25), pair(4, 2, 21)],
    6,
    thresholds,
  );
  assert.deepEqual(
    decisions.map((d) => d.decision),
    ['linked', 'review', 'review', 'rejected', 'review', 'rejected'],
  );
  assert.deepEqual(decisions[5], { row: 5, decision: 'rejected', bestWeight: null });
});

test('thresholds are dated posterior probabilities turned into weights by the registry size', () => {
  const small = thresholdsFor('2021-01-01', 1_024);
  const large = thresholdsFor('2021-01-01', 1_048_576);
  assert.ok(Math.abs(large.acceptWeight - small.acceptWeight - 10) < 1e-9);
  assert.ok(Math.abs(small.acceptWeight - (Math.log2(0.999 / 0.001) + 10)) < 1e-9);
  assert.ok(small.reviewWeight < small.acceptWeight);
  assert.throws(() => thresholdsFor('2019-12-31', 1_024), /no value in force/);
});

test('blocking: pairs sharing a key under any rule, once; an oversized block is skipped and reported', () => {
  type Keyed = { key: string; other: string };
  const records: Keyed[] = ['a', 'a', 'b', 'a', 'c'].map((key, i) => ({
    key,
    other: i < 2 ? 'x' : String(i),
  }));
  const rules: BlockingRule<Keyed>[] = [
    { name: 'key', key: (r) => r.key, fixes: [] },
    { name: 'other', key: (r) => r.other, fixes: [] },
  ];
  assert.deepEqual(dedupeCandidates(records, rules, 10).pairs, [
    [0, 1],
    [0, 3],
    [1, 3],
  ]);
  const limited = dedupeCandidates(records, rules, 2);
  assert.deepEqual(limited.pairs, [[0, 1]]);
  assert.deepEqual(limited.oversizedBlocks, [{ rule: 'key', key: 'a', size: 3 }]);
  assert.deepEqual(linkCandidates([records[2] as Keyed, records[0] as Keyed], records, rules, 10).pairs, [
    [0, 2],
    [1, 0],
    [1, 1],
    [1, 3],
  ]);
});
