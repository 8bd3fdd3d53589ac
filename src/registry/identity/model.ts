/**
 * The Fellegi–Sunter model of record linkage, as Splink fits it: for every comparison level an
 * m probability (how often two records of the same person show that level) and a u probability
 * (how often two records of different persons do). u comes from random pairs, which are almost
 * all of different persons; m comes from expectation–maximisation over the candidate pairs with u
 * held fixed. A pair's match weight is the sum of log2(m/u) of each comparison's level (the log
 * of the Bayes factor; the prior is in the thresholds, which are dated parameters); an exact agreement
 * on a term-frequency comparison (surnames) weighs log2(m/tf) instead, with tf the share of
 * records carrying that value, so that two MAMANI agree for less than two ZEBALLOS.
 * Pure functions, no I/O, no clock: the sampling is seeded.
 */

/** One comparison of two records of type R: its name, its levels and how a pair is levelled. */
export interface Comparison<R> {
  name: string;
  /** Strongest agreement first: index 0 is the exact agreement that term frequencies adjust. */
  levels: readonly string[];
  /** The level's index for a pair, or null when a value is missing on either side. */
  level(a: R, b: R): number | null;
  /** The value whose frequency adjusts an exact agreement (a surname), when this comparison has one. */
  termFrequencyValue?: (record: R) => string;
}

/** A pair's comparison vector: one level index per comparison, −1 for missing. */
export type ComparisonVector = Int8Array;

export const MISSING = -1;

/** The fitted model: probabilities per comparison and level, the prior, the term frequencies. */
export interface FittedModel {
  comparisons: readonly string[];
  levels: readonly (readonly string[])[];
  m: number[][];
  u: number[][];
  /**
   * Mean share of matches among each session's pairs: a report on the blocking, not a prior of
   * the weight (it depends on how many non-matches the rules let in).
   */
  lambda: number;
  /** Per comparison with term frequencies: value → share of records with it. */
  termFrequencies: (Map<string, number> | null)[];
  iterations: number;
}

/** Levels each pair of records. @example compareRecords(comparisons, a, b) // Int8Array [0, 2, -1] */
export function compareRecords<R>(comparisons: readonly Comparison<R>[], a: R, b: R): ComparisonVector {
  const vector = new Int8Array(comparisons.length);
  for (let k = 0; k < comparisons.length; k++) vector[k] = comparisons[k]?.level(a, b) ?? MISSING;
  return vector;
}

/** A small seeded generator (mulberry32): the same sample on every run, no clock read. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Laplace smoothing: a level never seen in the sample is rare, not impossible. */
const PSEUDO_COUNT = 1;

/**
 * u probabilities from `sampleSize` random pairs: left × right when linking two files, or two
 * different records of `left` when `right` is null (deduplication). Among random pairs matches
 * are a vanishing share, so their level frequencies are the u probabilities (Splink's
 * estimate_u_using_random_sampling).
 *
 * @example estimateU(comparisons, persons, null, 100_000, 1)
 */
export function estimateU<R>(
  comparisons: readonly Comparison<R>[],
  left: readonly R[],
  right: readonly R[] | null,
  sampleSize: number,
  seed: number,
): number[][] {
  const counts = comparisons.map((c) => new Array<number>(c.levels.length).fill(PSEUDO_COUNT));
  const other = right ?? left;
  if (left.length === 0 || other.length === 0 || (right === null && left.length < 2)) {
    return counts.map(normalise);
  }
  const random = seededRandom(seed);
  for (let s = 0; s < sampleSize; s++) {
    const i = Math.floor(random() * left.length);
    let j = Math.floor(random() * other.length);
    if (right === null && j === i) j = (j + 1) % other.length;
    const a = left[i] as R;
    const b = other[j] as R;
    for (let k = 0; k < comparisons.length; k++) {
      const level = comparisons[k]?.level(a, b);
      if (level !== null && level !== undefined) bump(counts[k] as number[], level, 1);
    }
  }
  return counts.map(normalise);
}

function bump(list: number[], at: number, by: number): void {
  list[at] = (list[at] ?? 0) + by;
}

function normalise(counts: number[]): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  return counts.map((n) => n / total);
}

/** Value → share of records carrying it, for every comparison with term frequencies. */
export function termFrequencies<R>(
  comparisons: readonly Comparison<R>[],
  records: readonly R[],
): (Map<string, number> | null)[] {
  return comparisons.map((comparison) => {
    const termOf = comparison.termFrequencyValue;
    if (termOf === undefined) return null;
    const counts = new Map<string, number>();
    let total = 0;
    for (const record of records) {
      const value = termOf(record);
      if (value === '') continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      total++;
    }
    const shares = new Map<string, number>();
    for (const [value, n] of counts) shares.set(value, n / total);
    return shares;
  });
}

/** What EM starts from and when it stops. */
export interface EmOptions {
  maxIterations: number;
  /** Stop when no probability moved by more than this. */
  tolerance: number;
}

export const DEFAULT_EM: EmOptions = { maxIterations: 100, tolerance: 1e-6 };

/** The candidate pairs one blocking rule produced, for one EM session. */
export interface TrainingSession {
  /** The blocking rule's name, for the report. */
  rule: string;
  vectors: readonly ComparisonVector[];
  /**
   * Comparisons the rule's key decides (pairs blocked on the CI number all agree on it), left
   * out of this session: on them blocked non-matches agree far more often than random pairs, and
   * EM would take them for matches.
   */
  fixed: ReadonlySet<number>;
}

/**
 * Fits m by expectation–maximisation as Splink does: one session per blocking rule over the
 * pairs that rule produced, with the comparisons its key decides left out and u held fixed (u
 * from random sampling is more reliable than EM's); each comparison's m is the mean over the
 * sessions that estimated it. Pairs are grouped by vector, so an iteration costs the number of
 * distinct vectors, not of pairs.
 *
 * @example fitModel(comparisons, sessions, u, frequencies)
 */
export function fitModel<R>(
  comparisons: readonly Comparison<R>[],
  sessions: readonly TrainingSession[],
  u: number[][],
  frequencies: (Map<string, number> | null)[],
  options: EmOptions = DEFAULT_EM,
): FittedModel {
  const sums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const estimates = new Array<number>(comparisons.length).fill(0);
  let lambdaSum = 0;
  let iterations = 0;
  let sessionsRun = 0;
  for (const session of sessions) {
    if (session.vectors.length === 0) continue;
    const fit = emSession(comparisons, session, u, options);
    sessionsRun++;
    lambdaSum += fit.lambda;
    iterations = Math.max(iterations, fit.iterations);
    for (let k = 0; k < comparisons.length; k++) {
      if (session.fixed.has(k)) continue;
      bump(estimates, k, 1);
      (fit.m[k] as number[]).forEach((x, l) => {
        bump(sums[k] as number[], l, x);
      });
    }
  }
  const m = sums.map((levelSums, k) =>
    estimates[k] === 0 ? initialM(levelSums.length) : levelSums.map((x) => x / (estimates[k] as number)),
  );
  return {
    comparisons: comparisons.map((c) => c.name),
    levels: comparisons.map((c) => c.levels),
    m,
    u,
    lambda: sessionsRun === 0 ? 0 : lambdaSum / sessionsRun,
    termFrequencies: frequencies,
    iterations,
  };
}

function emSession<R>(
  comparisons: readonly Comparison<R>[],
  session: TrainingSession,
  u: number[][],
  options: EmOptions,
): { m: number[][]; lambda: number; iterations: number } {
  const patterns = new Map<string, { vector: ComparisonVector; count: number }>();
  for (const vector of session.vectors) {
    const key = vector.join(',');
    const seen = patterns.get(key);
    if (seen === undefined) patterns.set(key, { vector, count: 1 });
    else seen.count++;
  }
  const groups = [...patterns.values()];
  let m = comparisons.map((c) => initialM(c.levels.length));
  let lambda = 0.5;
  let iterations = 0;
  while (iterations < options.maxIterations) {
    iterations++;
    const levelSums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
    let matchTotal = 0;
    let pairTotal = 0;
    for (const { vector, count } of groups) {
      let odds = lambda / (1 - lambda);
      for (let k = 0; k < vector.length; k++) {
        const level = vector[k] as number;
        if (level === MISSING || session.fixed.has(k)) continue;
        odds *= ((m[k] as number[])[level] as number) / ((u[k] as number[])[level] as number);
      }
      const p = Number.isFinite(odds) ? odds / (1 + odds) : 1;
      matchTotal += p * count;
      pairTotal += count;
      for (let k = 0; k < vector.length; k++) {
        const level = vector[k] as number;
        if (level !== MISSING) bump(levelSums[k] as number[], level, p * count);
      }
    }
    const nextM = levelSums.map((sums) => {
      const total = sums.reduce((sum, x) => sum + x, 0) + M_FLOOR * sums.length;
      return sums.map((x) => (x + M_FLOOR) / total);
    });
    const nextLambda = Math.min(Math.max(matchTotal / Math.max(pairTotal, 1), 1e-9), 1 - 1e-9);
    let moved = Math.abs(nextLambda - lambda);
    nextM.forEach((levels, k) => {
      levels.forEach((x, l) => {
        moved = Math.max(moved, Math.abs(x - ((m[k] as number[])[l] as number)));
      });
    });
    m = nextM;
    lambda = nextLambda;
    if (moved < options.tolerance) break;
  }
  return { m, lambda, iterations };
}

/** A pseudo-count that keeps a level EM never saw among matches possible for the next one. */
const M_FLOOR = 0.01;

/** Start with most matches at the exact level and the rest falling off level by level. */
function initialM(levelCount: number): number[] {
  const raw = Array.from({ length: levelCount }, (_, l) => (l === 0 ? 8 : 1 / (l + 1)));
  return normalise(raw);
}

/** One comparison's part of a pair's weight, for explaining a score in words. */
export interface WeightPart {
  comparison: string;
  level: string | null;
  weight: number;
}

/**
 * A pair's match weight (log2 of the Bayes factor) with each comparison's part; an exact
 * agreement on a term-frequency comparison weighs log2(m/tf(value)).
 *
 * @example scorePair(model, comparisons, vector, a, b).weight // 23.4
 */
export function scorePair<R>(
  model: FittedModel,
  comparisons: readonly Comparison<R>[],
  vector: ComparisonVector,
  a: R,
  b: R,
): { weight: number; parts: WeightPart[] } {
  let weight = 0;
  const parts: WeightPart[] = [];
  for (let k = 0; k < vector.length; k++) {
    const level = vector[k] as number;
    const levels = model.levels[k] as readonly string[];
    if (level === MISSING) {
      parts.push({ comparison: model.comparisons[k] as string, level: null, weight: 0 });
      continue;
    }
    const m = (model.m[k] as number[])[level] as number;
    let u = (model.u[k] as number[])[level] as number;
    const frequencies = model.termFrequencies[k];
    const termOf = comparisons[k]?.termFrequencyValue;
    if (level === 0 && frequencies !== null && frequencies !== undefined && termOf !== undefined) {
      const share = frequencies.get(termOf(a)) ?? frequencies.get(termOf(b));
      if (share !== undefined) u = share;
    }
    const part = Math.log2(m / u);
    weight += part;
    parts.push({ comparison: model.comparisons[k] as string, level: levels[level] as string, weight: part });
  }
  return { weight, parts };
}
