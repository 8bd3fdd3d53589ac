import type { Sql } from '../db/database.ts';
import type { Lot, ProductCode } from './vaccination.types.ts';

/** The lots' SQL (table vaccination_lot). */

interface LotRow {
  id: bigint;
  product: ProductCode;
  manufacturer: string;
  lot_number: string;
  expires_on: string;
  doses_per_vial: number;
  note: string | null;
}

const LOT_COLUMNS = 'id, product, manufacturer, lot_number, expires_on, doses_per_vial, note';

function fromRow(r: LotRow): Lot {
  return {
    id: r.id,
    product: r.product,
    manufacturer: r.manufacturer,
    lotNumber: r.lot_number,
    expiresOn: r.expires_on,
    dosesPerVial: r.doses_per_vial,
    note: r.note,
  };
}

/**
 * Inserts a lot unless (product, manufacturer, lot number) exists; returns it, or undefined when
 * it existed (the caller reads and compares it).
 *
 * @example await insertLot(tx, lot, 'account:ana', now)
 */
export async function insertLot(
  sql: Sql,
  lot: Omit<Lot, 'id'>,
  createdBy: string,
  at: Date,
): Promise<Lot | undefined> {
  const [row] = await sql.query<LotRow>(
    `INSERT INTO vaccination_lot (product, manufacturer, lot_number, expires_on, doses_per_vial, note, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (product, manufacturer, lot_number) DO NOTHING
     RETURNING ${LOT_COLUMNS}`,
    [lot.product, lot.manufacturer, lot.lotNumber, lot.expiresOn, lot.dosesPerVial, lot.note, createdBy, at],
  );
  return row ? fromRow(row) : undefined;
}

/** A lot by its natural key. @example await selectLotByKey(db, 'sinopharm', 'Sinopharm', '202102A') */
export async function selectLotByKey(
  sql: Sql,
  product: string,
  manufacturer: string,
  lotNumber: string,
): Promise<Lot | undefined> {
  const [row] = await sql.query<LotRow>(
    `SELECT ${LOT_COLUMNS} FROM vaccination_lot WHERE product = $1 AND manufacturer = $2 AND lot_number = $3`,
    [product, manufacturer, lotNumber],
  );
  return row ? fromRow(row) : undefined;
}

/** Lots by id (those that exist). @example const [lot] = await selectLots(db, [3n]) */
export async function selectLots(sql: Sql, ids: readonly bigint[]): Promise<Lot[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<LotRow>(
    `SELECT ${LOT_COLUMNS} FROM vaccination_lot WHERE id = ANY($1::bigint[])`,
    [[...ids]],
  );
  return rows.map(fromRow);
}

/**
 * Lots in the order they expire (first to expire first), optionally of one product or expiring by
 * a date: the order FEFO uses.
 *
 * @example await listLotsByExpiry(db, { product: 'sinopharm' })
 */
export async function listLotsByExpiry(
  sql: Sql,
  options: { product?: string; expiringBy?: string } = {},
): Promise<Lot[]> {
  const rows = await sql.query<LotRow>(
    `SELECT ${LOT_COLUMNS} FROM vaccination_lot
     WHERE ($1::text IS NULL OR product = $1) AND ($2::date IS NULL OR expires_on <= $2)
     ORDER BY expires_on, id`,
    [options.product ?? null, options.expiringBy ?? null],
  );
  return rows.map(fromRow);
}
