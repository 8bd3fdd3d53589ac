/**
 * One linkage run, start to end, in memory: candidate pairs by blocking, their comparison
 * vectors, u from random pairs, term frequencies, m and λ by EM, a weight per pair, and the
 * decision per row against the dated thresholds (link, review, reject). Used for files that are
 * not in the database (the FEBRL evaluation, the synthetic messy lists) and, pair by pair, by the
 * source-list import.
 */
import { type BlockingRule, dedupeCandidates, linkCandidates } from './blocking.ts';
import {
  type Comparison,
  type ComparisonVector,
  compareRecords,
  estimateU,
  type FittedModel,
  fitModel,
  scorePair,
  type TrainingSession,
  termFrequencies,
} from './model.ts';

/** What a linkage run compares, how it blocks, and how much it samples. */
export interface LinkagePlan<R> {
  comparisons: readonly Comparison<R>[];
  blockingRules: readonly BlockingRule<R>[];
  /** A block larger than this is skipped and reported (blocking.ts). */
  maxBlockSize: number;
  /** Random pairs drawn to estimate u. */
  uSampleSize: number;
  seed: number;
}

/** A candidate pair with its comparison vector and match weight. */
export interface ScoredPair {
  left: number;
  right: number;
  vector: ComparisonVector;
  weight: number;
}

/** A run's fitted model, its scored candidate pairs and the blocks it skipped. */
export interface LinkageRun {
  model: FittedModel;
  pairs: ScoredPair[];
  oversizedBlocks: Array<{ rule: string; key: string; size: number }>;
}

/**
 * Finds and scores the probable duplicate pairs within one file.
 *
 * @example dedupe(records, plan).pairs.filter((p) => p.weight >= thresholds.acceptWeight)
 */
export function dedupe<R>(records: readonly R[], plan: LinkagePlan<R>): LinkageRun {
  const candidates = dedupeCandidates(records, plan.blockingRules, plan.maxBlockSize);
  const u = estimateU(plan.comparisons, records, null, plan.uSampleSize, plan.seed);
  return scoreCandidates(plan, candidates.pairs, records, records, u, records, candidates.oversizedBlocks);
}

/**
 * Scores every candidate pair between `left` (a list's rows) and `right` (the persons).
 *
 * @example decideLinks(link(rows, persons, plan).pairs, thresholds)
 */
export function link<R>(left: readonly R[], right: readonly R[], plan: LinkagePlan<R>): LinkageRun {
  const candidates = linkCandidates(left, right, plan.blockingRules, plan.maxBlockSize);
  const u = estimateU(plan.comparisons, left, right, plan.uSampleSize, plan.seed);
  return scoreCandidates(
    plan,
    candidates.pairs,
    left,
    right,
    u,
    [...left, ...right],
    candidates.oversizedBlocks,
  );
}

/** Candidate pairs found elsewhere (SQL blocking), as indexes into their two sides. */
export interface PairSet<R> {
  left: readonly R[];
  right: readonly R[];
  pairs: Array<[number, number]>;
}

/**
 * Fits the model on one set of candidate pairs and scores another, both found by SQL blocking; u
 * from random pairs of the two samples. A list's rows that name nobody exactly are a biased
 * sample (every clean row is gone from them), so EM learns from the candidates of a sample of
 * all the list's rows and the model then scores the unmatched ones.
 *
 * @example scoreKnownPairs(LIST_PLAN, training, unmatched, rowSample, personSample)
 */
export function scoreKnownPairs<R>(
  plan: LinkagePlan<R>,
  training: PairSet<R>,
  scoring: PairSet<R>,
  leftSample: readonly R[],
  rightSample: readonly R[],
): LinkageRun {
  const u = estimateU(plan.comparisons, leftSample, rightSample, plan.uSampleSize, plan.seed);
  const vectors = training.pairs.map(([i, j]) =>
    compareRecords(plan.comparisons, training.left[i] as R, training.right[j] as R),
  );
  const sessions = trainingSessions(plan, training.pairs, vectors, training.left, training.right);
  const model = fitModel(
    plan.comparisons,
    sessions,
    u,
    termFrequencies(plan.comparisons, [...training.left, ...training.right]),
  );
  const pairs = scoring.pairs.map(([i, j]): ScoredPair => {
    const left = scoring.left[i] as R;
    const right = scoring.right[j] as R;
    const vector = compareRecords(plan.comparisons, left, right);
    return {
      left: i,
      right: j,
      vector,
      weight: scorePair(model, plan.comparisons, vector, left, right).weight,
    };
  });
  return { model, pairs, oversizedBlocks: [] };
}

function scoreCandidates<R>(
  plan: LinkagePlan<R>,
  candidatePairs: Array<[number, number]>,
  left: readonly R[],
  right: readonly R[],
  u: number[][],
  stacked: readonly R[],
  oversizedBlocks: LinkageRun['oversizedBlocks'],
): LinkageRun {
  const vectors = candidatePairs.map(([i, j]) =>
    compareRecords(plan.comparisons, left[i] as R, right[j] as R),
  );
  const sessions = trainingSessions(plan, candidatePairs, vectors, left, right);
  const model = fitModel(plan.comparisons, sessions, u, termFrequencies(plan.comparisons, stacked));
  const pairs = candidatePairs.map(([i, j], n): ScoredPair => {
    const vector = vectors[n] as ComparisonVector;
    const { weight } = scorePair(model, plan.comparisons, vector, left[i] as R, right[j] as R);
    return { left: i, right: j, vector, weight };
  });
  return { model, pairs, oversizedBlocks };
}

/** One EM session per blocking rule: the candidate pairs sharing that rule's key. */
function trainingSessions<R>(
  plan: LinkagePlan<R>,
  candidatePairs: Array<[number, number]>,
  vectors: ComparisonVector[],
  left: readonly R[],
  right: readonly R[],
): TrainingSession[] {
  const names = plan.comparisons.map((c) => c.name);
  return plan.blockingRules.map((rule): TrainingSession => {
    const sessionVectors: ComparisonVector[] = [];
    candidatePairs.forEach(([i, j], n) => {
      const key = rule.key(left[i] as R);
      if (key !== null && key === rule.key(right[j] as R))
        sessionVectors.push(vectors[n] as ComparisonVector);
    });
    return {
      rule: rule.name,
      vectors: sessionVectors,
      fixed: new Set(rule.fixes.map((name) => names.indexOf(name)).filter((k) => k >= 0)),
    };
  });
}

/** The match weights that split links, the review queue and rejects (dated parameters). */
export interface Thresholds {
  acceptWeight: number;
  reviewWeight: number;
}

/** What becomes of one row of a list. */
export type RowDecision =
  | { row: number; decision: 'linked'; right: number; weight: number }
  | { row: number; decision: 'review'; candidates: Array<{ right: number; weight: number }> }
  | { row: number; decision: 'rejected'; bestWeight: number | null };

/**
 * Decides each left row from its scored candidates, one person per row: linked when the best
 * candidate reaches the accept weight and no other does (two persons above it is a question for
 * an officer, not a coin toss); to review when the best reaches the review weight; rejected
 * otherwise, or when it had no candidate at all.
 *
 * @example decideLinks(run.pairs, 3, { acceptWeight: 12, reviewWeight: 4 })
 */
export function decideLinks(
  pairs: readonly ScoredPair[],
  rowCount: number,
  thresholds: Thresholds,
): RowDecision[] {
  const byRow: ScoredPair[][] = Array.from({ length: rowCount }, () => []);
  for (const pair of pairs) byRow[pair.left]?.push(pair);
  return byRow.map((candidates, row): RowDecision => {
    candidates.sort((a, b) => b.weight - a.weight);
    const best = candidates[0];
    if (best === undefined) return { row, decision: 'rejected', bestWeight: null };
    const second = candidates[1];
    if (
      best.weight >= thresholds.acceptWeight &&
      (second === undefined || second.weight < thresholds.acceptWeight)
    ) {
      return { row, decision: 'linked', right: best.right, weight: best.weight };
    }
    if (best.weight >= thresholds.reviewWeight) {
      const queued = candidates.filter((c) => c.weight >= thresholds.reviewWeight);
      return {
        row,
        decision: 'review',
        candidates: queued.map((c) => ({ right: c.right, weight: c.weight })),
      };
    }
    return { row, decision: 'rejected', bestWeight: best.weight };
  });
}

/** Precision, recall and F1 of predicted links against the true ones. */
export interface Quality {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Scores predicted pair keys against true pair keys (both as "i:j" strings).
 *
 * @example quality(new Set(['1:2']), new Set(['1:2', '3:4'])).recall // 0.5
 */
export function quality(predicted: ReadonlySet<string>, truth: ReadonlySet<string>): Quality {
  let truePositives = 0;
  for (const key of predicted) if (truth.has(key)) truePositives++;
  const falsePositives = predicted.size - truePositives;
  const falseNegatives = truth.size - truePositives;
  const precision = predicted.size === 0 ? 1 : truePositives / predicted.size;
  const recall = truth.size === 0 ? 1 : truePositives / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}
