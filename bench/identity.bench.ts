/**
 * Benchmark: identity resolution of a messy source list against a registry, in memory (blocking,
 * u sampling, EM, scoring and the one-person-per-row decisions of src/registry/identity/), with
 * precision and recall against the errors it injected.
 *
 *   node --import ./bin/typescript.mjs bench/identity.bench.ts [--persons 1000000] [--rows 200000] [--runs 3]
 *
 * The registry is `--persons` synthetic persons (random 7-digit CI numbers, dates of birth
 * 1930–2002); the list is `--rows` of them, a third with one injected error each (a transposed
 * pair of CI digits, a digit off, the first digit dropped, day and month exchanged, the
 * complemento of a person who has one left out) and a tenth of strangers nobody in the registry
 * is. Prints, per run, rows linked per minute (the whole resolution, blocking included) and the
 * decisions' precision and recall; the median of `--runs` on a shared machine.
 * Not the PostgreSQL path of a real import (SQL blocking in identity.repository.ts): that one's
 * throughput against 11.7 M persons is still to measure (issue #23).
 */
import { seededRandom } from '../src/registry/identity/model.ts';
import {
  type IdentityRecord,
  identityRecord,
  LIST_PLAN,
} from '../src/registry/identity/person-comparisons.ts';
import { decideLinks, link } from '../src/registry/identity/resolve.ts';
import { thresholdsFor } from '../src/registry/identity/thresholds.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
};
const personCount = Number(arg('persons', '1000000'));
const rowCount = Number(arg('rows', '200000'));
const runs = Number(arg('runs', '3'));

const random = seededRandom(2026);
const pad = (n: number) => String(n).padStart(2, '0');
const persons: IdentityRecord[] = Array.from({ length: personCount }, () =>
  identityRecord({
    ciNumber: String(1_000_000 + Math.floor(random() * 8_999_999)),
    complemento: random() < 0.02 ? '1A' : '',
    dateOfBirth: `${1930 + Math.floor(random() * 73)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
  }),
);

/** One injected error, or the row unchanged when the error would not change it. */
function messy(p: IdentityRecord, kind: number): IdentityRecord {
  const ci = p.ciNumber;
  const at = 1 + Math.floor(random() * (ci.length - 2));
  switch (kind) {
    case 0:
      return { ...p, ciNumber: `${ci.slice(0, at)}${ci[at + 1]}${ci[at]}${ci.slice(at + 2)}` };
    case 1:
      return { ...p, ciNumber: `${ci.slice(0, at)}${(Number(ci[at]) + 1) % 10}${ci.slice(at + 1)}` };
    case 2:
      return ci[1] === '0' ? p : { ...p, ciNumber: ci.slice(1) };
    case 3: {
      const [y, m, d] = p.dateOfBirth.split('-') as [string, string, string];
      return Number(d) > 12 ? p : { ...p, dateOfBirth: `${y}-${d}-${m}` };
    }
    default:
      return { ...p, complemento: '' };
  }
}

const rows: IdentityRecord[] = [];
const truth: number[] = [];
for (let r = 0; r < rowCount; r++) {
  if (random() < 0.1) {
    rows.push(identityRecord({ ciNumber: String(10_000_000 + r), dateOfBirth: '1925-01-01' }));
    truth.push(-1);
    continue;
  }
  const i = Math.floor(random() * personCount);
  const p = persons[i] as IdentityRecord;
  rows.push(random() < 1 / 3 ? messy(p, Math.floor(random() * 5)) : p);
  truth.push(i);
}

const perMinute: number[] = [];
for (let run = 0; run < runs; run++) {
  const started = process.hrtime.bigint();
  const result = link(rows, persons, LIST_PLAN);
  const decisions = decideLinks(result.pairs, rows.length, thresholdsFor('2021-01-01', persons.length));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let linked = 0;
  let right = 0;
  let queued = 0;
  let rejected = 0;
  for (const d of decisions) {
    if (d.decision === 'linked') {
      linked++;
      if (truth[d.row] === d.right) right++;
    } else if (d.decision === 'review') queued++;
    else rejected++;
  }
  const findable = truth.filter((t) => t >= 0).length;
  perMinute.push((rows.length / seconds) * 60);
  console.log(
    `run ${run + 1}: ${rows.length} rows against ${persons.length} persons in ${seconds.toFixed(1)} s ` +
      `(${Math.round((rows.length / seconds) * 60).toLocaleString('en')} rows/min, ${result.pairs.length} candidate pairs); ` +
      `linked ${linked} (precision ${(right / Math.max(linked, 1)).toFixed(4)}, recall ${(right / findable).toFixed(4)}), queued ${queued}, rejected ${rejected}`,
  );
}
perMinute.sort((a, b) => a - b);
console.log(
  `median: ${Math.round(perMinute[Math.floor(perMinute.length / 2)] ?? 0).toLocaleString('en')} rows linked per minute`,
);
