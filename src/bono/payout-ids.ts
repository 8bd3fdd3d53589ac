/**
 * The ledger ids of counter payouts (bono contract), shared by the desk's group commit, the
 * payment rows and the reversal. Deterministic, so a bank's retry names the same transfer and the
 * ledger recognises it instead of paying twice.
 */

/**
 * The ledger id of a counter payout: the bank and its idempotency key.
 *
 * @example counterTransferId('BUNIBOLX', '3f1c9a2e-…') // 'bono:counter:BUNIBOLX:3f1c9a2e-…'
 */
export const counterTransferId = (bic: string, key: string) => `bono:counter:${bic}:${key}`;

/**
 * The ledger id of the mirror transfer that reverses a counter payout (the ledger's ids are at
 * most 128 characters).
 *
 * @example counterReversalTransferId('bono:counter:BUNIBOLX:3f1c9a2e-…') // 'bono:reversal:bono:counter:BUNIBOLX:3f1c9a2e-…'
 */
export const counterReversalTransferId = (transferId: string) => `bono:reversal:${transferId}`.slice(0, 128);
