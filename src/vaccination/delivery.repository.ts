import type { Sql } from '../db/database.ts';

/** The deliveries' SQL (vaccination_delivery): what arrived, when, from whom, and its ledger transfer. */

/** A delivery as stored. */
export interface DeliveryRow {
  id: string;
  receivedOn: string;
  lotId: bigint;
  doses: bigint;
  supplier: string;
  reference: string | null;
  note: string | null;
  transferId: string;
}

interface Row {
  id: string;
  received_on: string;
  lot_id: bigint;
  doses: bigint;
  supplier: string;
  reference: string | null;
  note: string | null;
  transfer_id: string;
}

const COLUMNS = 'id, received_on, lot_id, doses, supplier, reference, note, transfer_id';
const fromRow = (r: Row): DeliveryRow => ({
  id: r.id,
  receivedOn: r.received_on,
  lotId: r.lot_id,
  doses: r.doses,
  supplier: r.supplier,
  reference: r.reference,
  note: r.note,
  transferId: r.transfer_id,
});

/**
 * Inserts a delivery unless its id exists; true when inserted.
 *
 * @example await insertDelivery(tx, row, 'account:ana', now)
 */
export async function insertDelivery(
  sql: Sql,
  d: DeliveryRow,
  recordedBy: string,
  at: Date,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO vaccination_delivery (${COLUMNS}, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [d.id, d.receivedOn, d.lotId, d.doses, d.supplier, d.reference, d.note, d.transferId, recordedBy, at],
  );
  return rows.length === 1;
}

/** A delivery by id. @example await selectDelivery(db, '2021-07-11-janssen-covax') */
export async function selectDelivery(sql: Sql, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM vaccination_delivery WHERE id = $1`, [id]);
  return row ? fromRow(row) : undefined;
}

/** Deliveries received in a period (inclusive), by date. @example await listDeliveryRows(db, { from: '2021-01-01', to: '2021-12-31' }) */
export async function listDeliveryRows(
  sql: Sql,
  options: { from?: string; to?: string } = {},
): Promise<DeliveryRow[]> {
  const rows = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM vaccination_delivery
     WHERE ($1::date IS NULL OR received_on >= $1) AND ($2::date IS NULL OR received_on <= $2)
     ORDER BY received_on, id`,
    [options.from ?? null, options.to ?? null],
  );
  return rows.map(fromRow);
}
