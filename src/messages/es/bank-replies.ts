import type { UnmatchedReason } from '../../bono/index.ts';

/**
 * The words of a bank reply's reconciliation in Spanish: why a status matches no deposit (the
 * unmatched list's `reason` codes) and what a contradicting status says (`describeConflict`).
 * The ISO 20022 codes themselves (RJCT, BOOK, AC04 …) are the bank's and are shown as written.
 */
export const BANK_REPLIES_ES = {
  unmatchedReasons: {
    no_original_end_to_end_id: 'El estado no indica a qué depósito se refiere (falta el OrgnlEndToEndId).',
    not_in_deposit_file: 'El EndToEndId no estaba en el archivo de depósitos que la respuesta contesta.',
    payment_block_not_in_deposit_file:
      'El bloque de pago no estaba en el archivo de depósitos que la respuesta contesta.',
    entry_without_details:
      'El movimiento no trae el detalle de las transacciones: no nombra ningún depósito.',
    no_end_to_end_id: 'La transacción no indica a qué depósito se refiere (sin EndToEndId).',
    no_deposit_sent: 'Ningún depósito enviado por ayni tiene este EndToEndId.',
  } satisfies Record<UnmatchedReason, string>,
  /** The pain.002 level that gave a status. */
  levels: {
    transaction: 'para el depósito',
    payment: 'para su bloque de pago',
    group: 'para el archivo entero',
    none: 'sin nivel indicado',
  },
  painStatus: (status: string, level: string) => `Estado ${status} ${level}`,
  noStatus: 'sin estado',
  camtStatus: (status: string, creditDebit: string) => `Movimiento ${status} ${creditDebit}`,
  returned: 'devolución',
  reason: (code: string) => `motivo ${code}`,
  reasonWithCode: (description: string, code: string) => `${description} (${code})`,
  amounts: (reported: string, sent: string) => `el banco movió ${reported}, se envió ${sent}`,
  join: (parts: readonly string[]) => parts.join(', '),
  cliConflict: (id: string, recorded: string, reported: string, detail: string) =>
    `  contradicción ${id}: registrado ${recorded}, informado ${reported}: ${detail}`,
  cliUnmatchedReasons: 'motivos de la lista de estados sin correspondencia:',
};

export type BankRepliesWords = typeof BANK_REPLIES_ES;
