import type { LedgerFailure } from '../../ledger/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos del libro mayor en castellano (estados: ../status/ledger.ts). */
export const LEDGER_ES: Catalogue<LedgerFailure> = {
  ledger_account_refused: {
    title: 'No se pudo abrir una cuenta del libro mayor.',
    detail: (f) => `No se pudo abrir la cuenta ${f.accountCode}: ${f.result}.`,
  },
  ledger_verification_failed: {
    title: 'El libro mayor no se verifica.',
    detail: (f) =>
      `Libro mayor NO verificado (verificación ${f.mode === 'full' ? 'completa' : 'incremental'}): ${f.problems} problema(s); el primero: ${f.first}. No se registró ningún punto de control; ejecute \`ayni ledger verify --full\` para verificar todo a partir de las transferencias.`,
  },
};
