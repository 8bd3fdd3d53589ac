import type { Database, Sql } from '../db/database.ts';
import type { Account } from '../ledger/index.ts';
import { catalogueVersion } from './catalogue-version.repository.ts';
import type { StockAccountRow } from './location.repository.ts';
import type { Location, Lot, Product, ProductCode, Site } from './vaccination.types.ts';

/**
 * What the booking and dose desks (desk.ts) read of the campaign's catalogue — sites with their
 * hours and capacity, products, locations, lots, the stock accounts of a location and the
 * locations' sink accounts — kept across batches while `vaccination_catalogue_version` (migration
 * 0064) stands still. Every write of those tables moves that number in its own transaction (row
 * triggers), whichever process makes it; each batch reads it first (one row) and starts from an
 * empty catalogue when it moved. What a batch reads after that read is at least as new as the
 * number, so a catalogue is never older than the number it is kept under.
 *
 * Only rows read as committed go in: a sink account a batch opens itself is kept for that batch
 * alone (its transaction may roll back), and found by the next batch's read.
 */
export class Catalogue {
  readonly sites = new Map<string, Site>();
  products: Map<ProductCode, Product> | undefined;
  readonly locations = new Map<string, Location>();
  readonly lots = new Map<bigint, Lot>();
  /** The stock accounts of a location (every lot ever held there), by location id. */
  readonly stockAccountsAt = new Map<bigint, StockAccountRow[]>();
  readonly sinks = new Map<string, Account>();

  constructor(readonly version: bigint) {}
}

const catalogues = new WeakMap<Database, Catalogue>();

/**
 * The catalogue of a database for a batch running in `tx`: the one kept, when the version read now
 * is the one it was kept under, or a new empty one.
 *
 * @example const catalogue = await catalogueFor(db, tx);
 */
export async function catalogueFor(db: Database, tx: Sql): Promise<Catalogue> {
  return catalogueAt(db, await catalogueVersion(tx));
}

/**
 * catalogueFor with the version the batch has read itself, first in its transaction (the desks
 * read it with the persons' locks: lockPersonsFindingKeys).
 *
 * @example const catalogue = catalogueAt(db, (await lockPersonsFindingKeys(tx, keys, persons)).version);
 */
export function catalogueAt(db: Database, version: bigint): Catalogue {
  const kept = catalogues.get(db);
  if (kept && kept.version === version) return kept;
  const fresh = new Catalogue(version);
  catalogues.set(db, fresh);
  return fresh;
}
