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

/** The ledger ids of a deposit's move out of in-transit once its bank answered. */
export const depositAcceptedTransferId = (endToEndId: string) => `bono:deposit-accepted:${endToEndId}`;
export const depositRejectedTransferId = (endToEndId: string) => `bono:deposit-rejected:${endToEndId}`;

/**
 * What every EndToEndId of a deposit file starts with, and no other file's does: `B<round>F<file>P`
 * (the zero-padded person id follows, see depositEndToEndId in deposits.ts). A file's deposits are
 * therefore the primary-key range [prefix, `B<round>F<file>Q`), in person order.
 * @example endToEndPrefix(1, 7) // 'B1F7P'
 */
export const endToEndPrefix = (roundId: number, fileId: number) => `B${roundId}F${fileId}P`;

/** The end (exclusive) of a file's EndToEndId range. @example endToEndRangeEnd(1, 7) // 'B1F7Q' */
export const endToEndRangeEnd = (roundId: number, fileId: number) => `B${roundId}F${fileId}Q`;

/**
 * The ledger id of the transfer that sent one page's deposits to one bank, payable → in-transit:
 * the file's prefix and the person the page starts after, unique for the file's life (a page of a
 * file is reserved once; a page rolled back and reserved again reuses the id of nothing committed).
 * @example depositsSentTransferId(1, 7, 4500n) // 'bono:deposits-sent:B1F7P:after-0000004500'
 */
export const depositsSentTransferId = (roundId: number, fileId: number, afterPersonId: bigint) =>
  `bono:deposits-sent:${endToEndPrefix(roundId, fileId)}:after-${afterPersonId.toString().padStart(10, '0')}`;
