import type {
  BonoApiFailure,
  GrievanceFailure,
  PayoutRefused,
  RoundFailure,
  RoundNotApprovedForDeposits,
} from '../../bono/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The bono's failures in English (statuses: ../status/bono.ts). */
/**
 * The codes worded here: the counter's and the API's, with the fields a round's refusals give the
 * two codes they share with them (their other failures: ./bono-rounds.ts).
 */
type Here =
  | PayoutRefused
  | BonoApiFailure
  | Extract<RoundFailure, { code: 'reason_required' | 'round_not_approved' }>
  | RoundNotApprovedForDeposits
  | Extract<GrievanceFailure, { code: 'person_not_found' | 'round_not_approved' }>;

export const BONO_EN: Catalogue<Here> = {
  not_entitled: {
    title:
      'Nobody with that identity card number, complemento and date of birth is entitled to the bono. Check the details on the card.',
  },
  round_not_approved: {
    title: 'This person’s payment round has not been approved yet.',
    // The operation refused tells the officers' refusals apart from the counter's (which has none).
    detail: (f) =>
      'operation' in f && f.operation === 'resolve_grievance'
        ? `Supplementary round ${f.roundId} still waits for a second officer's approval; resolve the grievance after it.`
        : 'operation' in f && f.operation === 'expire'
          ? `Round ${f.roundId} is ${f.roundStatus}; only an approved round expires.`
          : 'operation' in f && f.operation === 'deposit_export'
            ? `Round ${f.roundId} is ${f.roundStatus}; deposits are exported only for an approved round${
                f.roundStatus === 'frozen' ? ' (a second officer must approve it first)' : ''
              }.`
            : 'This person’s payment round has not been approved yet.',
  },
  window_not_open: { title: 'This person’s collection window has not opened yet.' },
  collection_period_over: { title: 'The period for collecting the bono is over.' },
  already_paid: { title: 'The person has already been paid the bono.' },
  deposit_in_progress: {
    title: 'A deposit to this person’s account is in progress; they cannot collect at a counter.',
  },
  idempotency_key_reused: { title: 'This idempotency key was already used for another payout.' },
  bank_unknown: { title: 'The credential does not belong to a bank that pays the bono.' },
  busy: { title: 'The service is busy. Repeat the same request, with the same key, in a few seconds.' },
  idempotency_key_invalid: {
    title:
      'The Idempotency-Key must be 8 to 64 characters from A–Z a–z 0–9 . _ - (a UUID will do), and the same on every retry of one payout.',
  },
  payment_point_invalid: {
    title: 'The payment point is at most 80 letters, digits, spaces and . , # / ( ) -.',
  },
  payment_not_found: { title: 'This bank made no payment with that number.' },
  reason_required: {
    title: 'Give the reason for the reversal (at most 500 characters).',
    // A round's rejection needs a reason too (its failure names the round); a reversal's names nothing.
    detail: (f) =>
      'roundId' in f
        ? 'Say why the round is rejected, so its creator can correct it.'
        : 'Give the reason for the reversal (at most 500 characters).',
  },
  not_reversible: {
    title: 'Only counter payouts are reversed through the API; a deposit is returned by the bank.',
  },
  reversal_before_payment: {
    title: 'The reversal is dated before the payment: check the clock of the system that sends it.',
  },
  reversal_window_closed: {
    title: 'A counter payout can only be reversed on the day it was made. File a grievance instead.',
  },
  lookups_limited: { title: 'Too many look-ups without a result. Wait a few minutes before trying again.' },
  person_not_found: {
    title: 'No person has that identity card number, complemento and date of birth.',
    detail: (f) =>
      'personId' in f
        ? `There is no person ${f.personId} in the registry.`
        : 'No person has that identity card number, complemento and date of birth.',
  },
  credential_limited: {
    title:
      'This credential made too many verifications and payouts of people who are not entitled in the last minute. Wait the seconds Retry-After gives; ayni’s operators have been told.',
  },
};
