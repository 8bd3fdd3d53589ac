import type { RoundFailure } from '../../bono/index.ts';
import type { Catalogue } from '../catalogue.ts';

/**
 * A round's failures in English (statuses: ../status/bono-rounds.ts): what an officer reads at the
 * command line and on the back office when freezing, deciding, replaying or expiring a round is
 * refused. `reason_required` and `round_not_approved` are worded in ./bono.ts, which owns those codes;
 * a date before the law (`parameter_not_in_force`) in ./parameters.ts.
 */

type Here = Exclude<
  RoundFailure,
  { code: 'reason_required' | 'round_not_approved' | 'parameter_not_in_force' }
>;

export const BONO_ROUNDS_EN: Catalogue<Here> = {
  round_not_found: {
    title: 'There is no such round.',
    detail: (f) => `There is no round ${f.roundId}: list rounds with ayni bono round list.`,
  },
  round_date_invalid: {
    title: 'The round date must be a valid date.',
    detail: (f) => `The round date must be a date YYYY-MM-DD, got "${f.asOf}".`,
  },
  round_persons_missing: { title: 'A supplementary round names the persons it adds.' },
  round_persons_not_allowed: {
    title: 'A regular round covers the whole registry; name persons only in a supplementary round.',
  },
  regular_round_exists: {
    title: 'A regular round already exists.',
    detail: (f) =>
      `Regular round ${f.roundId} is ${f.roundStatus}; a person is paid once, so add later entitlements with a supplementary round, or reject round ${f.roundId} first.`,
  },
  round_identity_reviews_pending: {
    title: 'Rows of exclusion lists are waiting for identity review.',
    detail: (f) =>
      `${f.rows} row(s) of ${f.lists.join(', ')} match nobody exactly and wait for an officer to decide whom they name; any of them could exclude a person. Persons affected (registry ids): ${f.personIds.join(', ')}. Resolve the review queue, then create the round again.`,
  },
  round_empty: {
    title:
      'None of the named persons is entitled on that date, or they are already entitled in another round.',
  },
  round_creation_running: { title: 'A round is already being created.' },
  maker_checker: {
    title: 'The officer who created a round cannot approve or reject it.',
    detail: (f) =>
      `${f.actor} created round ${f.roundId} and cannot ${f.decision} it: a second officer with the bono approver role must.`,
  },
  round_not_frozen: {
    title: 'Only a frozen round can be approved or rejected.',
    detail: (f) => `Round ${f.roundId} is ${f.roundStatus}; only a frozen round can be approved or rejected.`,
  },
  round_overlaps: {
    title: 'Persons of this round are already entitled in an approved round.',
    detail: (f) =>
      `${f.overlapping} person(s) of round ${f.roundId} are already entitled in an approved round; reject this round and create it again.`,
  },
  collection_period_open: {
    title: 'The round can still be collected.',
    detail: (f) =>
      `Round ${f.roundId} can be collected until ${f.lastDeadline}; expire it from the day after.`,
  },
  deposits_in_flight: {
    title: 'Deposits of the round await the bank’s reply.',
    detail: (f) =>
      `${f.depositsInFlight} deposit(s) of round ${f.roundId} await the bank's reply: import the pain.002 or camt.054 files first (ayni bono import-status FILE).`,
  },
};
