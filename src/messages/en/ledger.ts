import type { LedgerFailure } from '../../ledger/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The ledger's failures in English (statuses: ../status/ledger.ts). */
export const LEDGER_EN: Catalogue<LedgerFailure> = {
  ledger_account_refused: {
    title: 'A ledger account could not be opened.',
    detail: (f) => `Account ${f.accountCode} could not be opened: ${f.result}.`,
  },
};
