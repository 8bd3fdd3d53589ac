/**
 * The ledger ids of deposits (bono contract), shared by the export (deposits.ts) and
 * reconciliation (reconcile.ts). Deterministic, so a retry names the same transfer.
 */

/**
 * The ledger id of the pending transfer that reserved a deposit exported before migration 0033,
 * one per deposit; reconciliation still posts or voids those.
 * @example depositTransferId('B1F7P0000004521') // 'bono:deposit:B1F7P0000004521'
 */
export const depositTransferId = (endToEndId: string) => `bono:deposit:${endToEndId}`;

/**
 * The ledger id of the transfer that sent a page's deposits to one bank, payable → in-transit,
 * named after the first of them. @example depositsSentTransferId('B1F7P0000004521') // 'bono:deposits-sent:B1F7P0000004521'
 */
export const depositsSentTransferId = (firstEndToEndId: string) => `bono:deposits-sent:${firstEndToEndId}`;

/** The ledger ids of a deposit's move out of in-transit once its bank answered. */
export const depositAcceptedTransferId = (endToEndId: string) => `bono:deposit-accepted:${endToEndId}`;
export const depositRejectedTransferId = (endToEndId: string) => `bono:deposit-rejected:${endToEndId}`;
