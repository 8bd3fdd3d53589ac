import type { ParameterFailure } from '../parameters/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { RoundStatus } from './bono.types.ts';

/**
 * The expected failures of a round's life — freezing it, the second officer's decision, its replay
 * and its expiry (docs/adr/0009-one-failure-model.md): a stable code, and the typed fields its words
 * need. Statuses and words are in src/messages/status/bono-rounds.ts and
 * src/messages/<lang>/bono-rounds.ts, except for the two codes a round shares with the payout API
 * (`reason_required`, `round_not_approved`), whose words are the bono's (src/messages/<lang>/bono.ts)
 * and read these fields, and for a date before the law (`parameter_not_in_force`), the dated
 * parameters' own failure.
 *
 * Who reads them: an officer holding a rounds permission (back office, CLI). A round's id and
 * status, and the officer's own actor, are what that officer may read anyway; no person is named.
 *
 * @example const failure: RoundFailure = { code: 'round_not_found', roundId: 3 };
 */
export type RoundFailure =
  | RoundFreezeFailure
  | RoundCreationRunning
  | RoundDecisionFailure
  | RoundExpiryFailure;

/** There is no round with that id (approval, rejection, replay, expiry). */
export interface RoundNotFound {
  readonly code: 'round_not_found';
  readonly roundId: number;
}

/** Freezing a round (createRound). */
export type RoundFreezeFailure =
  | { readonly code: 'round_date_invalid'; readonly asOf: string }
  | { readonly code: 'round_persons_missing' }
  | { readonly code: 'round_persons_not_allowed' }
  /** Another regular round stands (frozen, approved or expired): a person is paid once. */
  | { readonly code: 'regular_round_exists'; readonly roundId: number; readonly roundStatus: RoundStatus }
  /** A supplementary round in which nobody named is entitled (or all already are elsewhere). */
  | { readonly code: 'round_empty' }
  /**
   * Rows of an exclusion list in force wait in the registry's identity review queue (issue #23):
   * each may be an excluded person, so no round is frozen until an officer decides them.
   */
  | {
      readonly code: 'round_identity_reviews_pending';
      readonly lists: readonly string[];
      readonly rows: number;
      /** The persons the waiting rows may name (their candidates), the first few. */
      readonly personIds: readonly string[];
    }
  | RoundRulesNotInForce;

/**
 * The round's date is before the law: a bono parameter has no value in force on it. The rules'
 * own failure (src/parameters), with its words and status (src/messages/<lang>/parameters.ts).
 */
export type RoundRulesNotInForce = Extract<ParameterFailure, { code: 'parameter_not_in_force' }>;

/**
 * A round is already being created from the back office: the refusal of its job queue (one
 * creation at a time), not of createRound, which waits for the rounds' lock instead.
 */
export interface RoundCreationRunning {
  readonly code: 'round_creation_running';
}

/** The second officer's decision on a frozen round (approveRound, rejectRound). */
export type RoundDecisionFailure =
  | RoundNotFound
  | {
      readonly code: 'maker_checker';
      readonly roundId: number;
      /** The officer who created the round and tried to decide it: the reader themself. */
      readonly actor: string;
      readonly decision: RoundDecision;
    }
  | { readonly code: 'round_not_frozen'; readonly roundId: number; readonly roundStatus: RoundStatus }
  /** Persons of the round already entitled in an approved round (`overlapping` of them). */
  | { readonly code: 'round_overlaps'; readonly roundId: number; readonly overlapping: number }
  | RoundRejectionReasonRequired;

/** A decision on a frozen round, as a refusal names it. */
export type RoundDecision = 'approve' | 'reject';

/**
 * A round rejected without a reason. The code is the payout reversal's too (`reason_required`,
 * src/bono/bono.failures.ts): the round's id tells the two apart.
 */
export interface RoundRejectionReasonRequired {
  readonly code: 'reason_required';
  readonly roundId: number;
}

/** Expiring an approved round after its collection period (expireRound). */
export type RoundExpiryFailure =
  | RoundNotFound
  | RoundNotApprovedForExpiry
  /** An entitlement's collection period still runs, until `lastDeadline` (Bolivian calendar). */
  | { readonly code: 'collection_period_open'; readonly roundId: number; readonly lastDeadline: IsoDate }
  /** Deposits of the round at their bank, awaiting its reply (`depositsInFlight` of them). */
  | { readonly code: 'deposits_in_flight'; readonly roundId: number; readonly depositsInFlight: number };

/**
 * Only an approved round expires. The code is the payout refusal's too (`round_not_approved`): the
 * operation refused tells this one apart.
 */
export interface RoundNotApprovedForExpiry {
  readonly code: 'round_not_approved';
  readonly roundId: number;
  readonly roundStatus: RoundStatus;
  readonly operation: 'expire';
}
