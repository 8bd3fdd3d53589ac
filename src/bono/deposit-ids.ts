import { assert } from '../shared/assert.ts';

/**
 * The ids of deposits: their EndToEndIds and their ledger ids (bono contract), shared by the export
 * (deposit-export.ts) and reconciliation (reconcile.ts). Deterministic, so a retry names the same
 * transfer and a file written again from its rows has the same bytes.
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
 * (the zero-padded person id follows, see depositEndToEndId below). A file's deposits are
 * therefore the primary-key range [prefix, `B<round>F<file>Q`), in person order.
 * @example endToEndPrefix(1, 7) // 'B1F7P'
 */
export const endToEndPrefix = (roundId: number, fileId: number) => `B${roundId}F${fileId}P`;

/**
 * The EndToEndId of a deposit: round, file and person, e.g. `B1F7P0000004521`. Unique because a file
 * holds a person once and file ids are never reused; deterministic, so a file can be written again
 * byte for byte from its rows. The person id is zero-padded so that the text order of a file's ids
 * is its person order, and every id of a file starts with `B<round>F<file>P`, which no other
 * file's does. The export's page statement builds the same id in SQL from `endToEndPrefix`
 * (deposit-export.repository.ts, reservePageRows); this is its statement in code, for callers and tests.
 *
 * @example depositEndToEndId(1, 7, 4521n) // 'B1F7P0000004521'
 */
export function depositEndToEndId(roundId: number, fileId: number, personId: bigint): string {
  const id = `${endToEndPrefix(roundId, fileId)}${personId.toString().padStart(10, '0')}`;
  assert(id.length <= 35, `EndToEndId ${id} is longer than the 35 characters ISO 20022 allows`);
  return id;
}

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
