import type { BonoApiFailure, PayoutRefused } from '../../bono/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The HTTP status of each of the bono's failures (its features' own failures have their files: ./bono-*.ts). */
export const BONO_STATUS: Statuses<PayoutRefused | BonoApiFailure> = {
  not_entitled: 422,
  round_not_approved: 409,
  window_not_open: 409,
  collection_period_over: 409,
  already_paid: 409,
  deposit_in_progress: 409,
  idempotency_key_reused: 409,
  bank_unknown: 422,
  busy: 503,
  idempotency_key_invalid: 400,
  payment_point_invalid: 400,
  payment_not_found: 404,
  reason_required: 400,
  not_reversible: 409,
  reversal_before_payment: 422,
  reversal_window_closed: 409,
  lookups_limited: 429,
  person_not_found: 404,
  credential_limited: 429,
};
