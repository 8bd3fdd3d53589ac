import type { RoundFailure } from '../../bono/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The HTTP status of each failure of a round's life (the two codes it shares with the payout API,
 * `reason_required` and `round_not_approved`, keep theirs in ./bono.ts; a date before the law,
 * `parameter_not_in_force`, is the dated parameters' failure, 422 in ./parameters.ts). A refusal
 * shown again on a back-office form is answered with these: 409 when the round's state (or another
 * round) does not allow it — as the back office answered these before — 422 when a rule refuses
 * it, 400 for input no form sends.
 */
export const BONO_ROUNDS_STATUS: Statuses<
  Exclude<RoundFailure, { code: 'reason_required' | 'round_not_approved' | 'parameter_not_in_force' }>
> = {
  round_not_found: 404,
  round_date_invalid: 400,
  round_persons_missing: 400,
  round_persons_not_allowed: 400,
  regular_round_exists: 409,
  round_empty: 422,
  round_identity_reviews_pending: 409,
  round_creation_running: 409,
  maker_checker: 409,
  round_not_frozen: 409,
  round_overlaps: 409,
  collection_period_open: 409,
  deposits_in_flight: 409,
};
