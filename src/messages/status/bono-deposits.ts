import type { DepositFailure } from '../../bono/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The HTTP status of each failure of account deposits (the codes they share keep theirs:
 * `round_not_found` in ./bono-rounds.ts, `round_not_approved` in ./bono.ts, `schema_not_found`
 * in ./iso20022.ts). A bank reply the
 * back office refuses is answered 422, as it was before; an export that cannot start because of
 * the round's or the folder's state, 409.
 */
export const BONO_DEPOSITS_STATUS: Statuses<
  Exclude<DepositFailure, { code: 'round_not_found' | 'round_not_approved' | 'schema_not_found' }>
> = {
  batch_size_invalid: 400,
  time_invalid: 400,
  deposit_file_exists: 409,
  deposit_export_running: 409,
  deposit_exports_busy: 503,
  status_file_unreadable: 422,
  status_file_unrecognised: 422,
  status_file_other_message: 422,
  status_original_unknown: 422,
  deposit_file_unknown: 422,
  status_file_not_applicable: 422,
};
