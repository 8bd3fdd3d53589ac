import type { LedgerFailure } from '../../ledger/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos del libro mayor en castellano (estados: ../status/ledger.ts). */
export const LEDGER_ES: Catalogue<LedgerFailure> = {
  ledger_account_refused: {
    title: 'No se pudo abrir una cuenta del libro mayor.',
    detail: (f) => `No se pudo abrir la cuenta ${f.accountCode}: ${f.result}.`,
  },
};
