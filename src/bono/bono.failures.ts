import type { Channel, PayoutRefusal } from './bono.types.ts';
import type { DepositFailure } from './deposit.failures.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import type { RoundFailure } from './round.failures.ts';

/**
 * The bono's expected failures, as values (docs/adr/0009-one-failure-model.md): a stable code, and
 * the typed fields its message needs. Their HTTP statuses and words are in
 * src/messages/status/bono.ts and src/messages/<lang>/bono.ts. Banks' systems branch on these
 * codes: they are part of the API contract, and a code once published is never renamed.
 */

/** Why a bank counter may not pay (`PayoutRefusal`), as a failure. */
export interface PayoutRefused {
  readonly code: PayoutRefusal;
  /** For `already_paid`: when and where the person was paid. */
  readonly paidElsewhere?: { paidAt: Date; bankBic: string; paymentPoint: string; channel: Channel };
}

/** A counter payout, its reversal and the citizen's look-up, as the bono's HTTP API takes them. */
export type BonoApiFailure =
  | { readonly code: 'idempotency_key_invalid' }
  | { readonly code: 'payment_point_invalid' }
  | { readonly code: 'payment_not_found' }
  | { readonly code: 'reason_required' }
  | { readonly code: 'not_reversible' }
  | { readonly code: 'reversal_before_payment' }
  | { readonly code: 'reversal_window_closed' }
  | { readonly code: 'lookups_limited' }
  | { readonly code: 'person_not_found' }
  | { readonly code: 'credential_limited' };

/**
 * What PayoutDesk.pay answers instead of a payment: a refusal, or a request the desk cannot take
 * (the API's schema refuses both before they reach it; the CLI does not).
 */
export type PayoutFailure =
  | PayoutRefused
  | Extract<BonoApiFailure, { code: 'idempotency_key_invalid' | 'payment_point_invalid' }>;

/** Why reversePayout does not reverse a payout. */
export type ReversalFailure = Extract<
  BonoApiFailure,
  {
    code:
      | 'reason_required'
      | 'payment_not_found'
      | 'not_reversible'
      | 'reversal_before_payment'
      | 'reversal_window_closed';
  }
>;

/** Every expected failure of the bono. */
export type BonoFailure = PayoutRefused | BonoApiFailure | RoundFailure | DepositFailure | GrievanceFailure;
