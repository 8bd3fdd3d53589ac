import type { LedgerFailure } from '../../ledger/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The ledger's failures: an account that cannot be opened as defined conflicts with the ledger (409). */
export const LEDGER_STATUS: Statuses<LedgerFailure> = {
  ledger_account_refused: 409,
  ledger_verification_failed: 409,
};
