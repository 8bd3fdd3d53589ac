/**
 * Identity resolution inside a source-list import (issue #23): the staged rows that name no
 * person by the exact key are scored against their candidate persons; above the accept
 * threshold a row is linked (identity_link, with its weight and comparison vector), between the
 * thresholds it waits in the review queue (identity_review), below it is rejected as before.
 * Runs in the import's transaction, before the snapshot is written.
 */
import type { Sql } from '../../db/database.ts';
import {
  type CandidatePerson,
  type KeyRow,
  listCandidates,
  personCount,
  personSample,
  type QueuedRow,
  queueForReview,
  recordScoredLinks,
  rejectRepeatedScoredLinks,
  rejectUnresolved,
  type ScoredLink,
  stagedLineSample,
  stagedRows,
  type UnmatchedRow,
  unmatchedStagedRows,
} from './identity.repository.ts';
import { type ComparisonVector, MISSING } from './model.ts';
import { type IdentityRecord, identityRecord, LIST_PLAN } from './person-comparisons.ts';
import { decideLinks, type PairSet, scoreKnownPairs } from './resolve.ts';
import { thresholdsFor } from './thresholds.ts';

/** What identity resolution did with an import's unmatched rows. */
export interface ListResolution {
  /** Rows linked by score before repeats were refused (keptScoredLinks counts what stays). */
  linked: number;
  queued: number;
  /** Rows refused because no candidate reached the review threshold. */
  rejected: number;
}

/** Persons drawn for the u probabilities. */
const PERSON_SAMPLE_SIZE = 5_000;
/** Staged rows (clean and unmatched) whose candidate pairs EM learns m from. */
const TRAINING_ROWS = 20_000;

/**
 * Resolves the staged rows of a list that name nobody exactly. `rowCsvSql` rebuilds a staged row
 * as the rejects file shows it.
 *
 * @example const resolution = await resolveUnmatchedRows(tx, 'afp-dependent', importId, '2020-11-30', csvSql);
 */
export async function resolveUnmatchedRows(
  tx: Sql,
  list: string,
  importId: bigint,
  asOf: string,
  rowCsvSql: string,
): Promise<ListResolution> {
  const rows = await unmatchedStagedRows(tx, rowCsvSql);
  if (rows.length === 0) return { linked: 0, queued: 0, rejected: 0 };
  const candidates = await listCandidates(
    tx,
    rows.map((r) => r.lineNumber),
    LIST_PLAN.maxBlockSize,
  );
  const scoring = indexPairs(rows, candidates);
  const trainingRows = await stagedRows(tx, await stagedLineSample(tx, TRAINING_ROWS));
  const training = indexPairs(
    trainingRows,
    await listCandidates(
      tx,
      trainingRows.map((r) => r.lineNumber),
      LIST_PLAN.maxBlockSize,
    ),
  );
  const persons = await personCount(tx);
  const sample = (await personSample(tx, PERSON_SAMPLE_SIZE, persons)).map(identityRecord);
  const run = scoreKnownPairs(LIST_PLAN, training, scoring, training.left, sample);
  const thresholds = thresholdsFor(asOf, persons);
  const vectorOf = new Map(run.pairs.map((p) => [`${p.left}:${p.right}`, p.vector]));
  const words = (row: number, person: number) =>
    vectorInWords(run.model.comparisons, run.model.levels, vectorOf.get(`${row}:${person}`));
  const links: ScoredLink[] = [];
  const queued: QueuedRow[] = [];
  const unresolved: UnmatchedRow[] = [];
  for (const decision of decideLinks(run.pairs, rows.length, thresholds)) {
    const row = rows[decision.row] as UnmatchedRow;
    if (decision.decision === 'linked') {
      const person = candidates[decision.right] as CandidatePerson;
      links.push({
        lineNumber: row.lineNumber,
        personId: person.personId,
        weight: decision.weight,
        vector: words(decision.row, decision.right),
      });
    } else if (decision.decision === 'review') {
      queued.push({
        row,
        candidates: decision.candidates.map((c) => ({
          personId: (candidates[c.right] as CandidatePerson).personId,
          weight: c.weight,
          vector: words(decision.row, c.right),
        })),
      });
    } else unresolved.push(row);
  }
  await recordScoredLinks(tx, importId, list, links);
  await rejectRepeatedScoredLinks(tx, importId, rowCsvSql);
  await queueForReview(tx, importId, list, queued);
  await rejectUnresolved(tx, unresolved);
  return { linked: links.length, queued: queued.length, rejected: unresolved.length };
}

/**
 * The rows and candidate persons as records, and the candidate pairs as indexes: the right side
 * is the candidate list itself (a person who is a candidate of two rows appears twice, which
 * keeps each pair's index its candidate's).
 */
function indexPairs(
  rows: ReadonlyArray<KeyRow & { lineNumber: bigint }>,
  candidates: readonly CandidatePerson[],
): PairSet<IdentityRecord> {
  const rowIndex = new Map(rows.map((r, i) => [r.lineNumber, i]));
  const left = rows.map((r) => identityRecord(r));
  const right = candidates.map((c) => identityRecord(c));
  const pairs = candidates.flatMap((c, j): Array<[number, number]> => {
    const i = rowIndex.get(c.lineNumber);
    return i === undefined ? [] : [[i, j]];
  });
  return { left, right, pairs };
}

/** A comparison vector as { comparison: level } (null for a missing value), as it is stored and shown. */
export function vectorInWords(
  comparisons: readonly string[],
  levels: readonly (readonly string[])[],
  vector: ComparisonVector | undefined,
): Record<string, string | null> {
  const words: Record<string, string | null> = {};
  comparisons.forEach((name, k) => {
    const level = vector?.[k] ?? MISSING;
    words[name] = level === MISSING ? null : ((levels[k] as readonly string[])[level] ?? null);
  });
  return words;
}
