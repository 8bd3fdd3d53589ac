import type { LedgerFailure } from '../../ledger/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The ledger's failures in English (statuses: ../status/ledger.ts). */
export const LEDGER_EN: Catalogue<LedgerFailure> = {
  ledger_account_refused: {
    title: 'A ledger account could not be opened.',
    detail: (f) => `Account ${f.accountCode} could not be opened: ${f.result}.`,
  },
  ledger_verification_failed: {
    title: 'The ledger does not verify.',
    detail: (f) =>
      `ledger NOT verified (${f.mode} check): ${f.problems} problem(s), the first ${f.first}. No checkpoint was written; run \`ayni ledger verify --full\` to check everything from the transfers alone.`,
  },
};
