import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadParameterFile, type ParameterSet } from '../../parameters/index.ts';
import type { Thresholds } from './resolve.ts';

/** The thresholds as parameters: posterior probabilities (parameters/identity-resolution.yaml). */
const RESOLUTION_PARAMETERS = {
  accept_match_probability: z.number().gt(0).lt(1),
  review_match_probability: z.number().gt(0).lt(1),
};
let parameters: ParameterSet<typeof RESOLUTION_PARAMETERS> | undefined;

/** The accept and review probabilities in force on a date. @example resolutionProbabilities('2021-01-05') // { accept: 0.999, review: 0.01 } */
export function resolutionProbabilities(on: string): { accept: number; review: number } {
  parameters ??= loadParameterFile(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'parameters', 'identity-resolution.yaml'),
    RESOLUTION_PARAMETERS,
  );
  return {
    accept: parameters.value('accept_match_probability', on),
    review: parameters.value('review_match_probability', on),
  };
}

/**
 * The match-weight thresholds (log2 Bayes factors) for linking rows against `candidateCount`
 * records: a row's person is a priori any one of them, prior odds 1 / candidateCount, so the
 * weight must make up log2(candidateCount) before the posterior odds reach the parameter's.
 *
 * @example thresholdsFor('2021-01-05', 11_700_000).acceptWeight // 33.4…
 */
export function thresholdsFor(on: string, candidateCount: number): Thresholds {
  const { accept, review } = resolutionProbabilities(on);
  const priorLog2 = Math.log2(Math.max(candidateCount, 1));
  return { acceptWeight: log2Odds(accept) + priorLog2, reviewWeight: log2Odds(review) + priorLog2 };
}

function log2Odds(probability: number): number {
  return Math.log2(probability / (1 - probability));
}
