import type { Sql } from '../db/database.ts';
import type { CustodyEntry } from './cases.types.ts';

/** The custody log's SQL (case_custody_entry, migration 0053). */

interface CustodyRow {
  item_id: bigint;
  seq: number;
  recorded_at: Date;
  actor: string;
  action: CustodyEntry['action'];
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}
const COLUMNS = 'item_id, seq, recorded_at, actor, action, details, prev_hash, hash';
const toEntry = (r: CustodyRow): CustodyEntry => ({
  itemId: r.item_id,
  seq: r.seq,
  at: r.recorded_at,
  actor: r.actor,
  action: r.action,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Appends one entry (the caller holds the item's row lock). @example await insertCustodyEntry(tx, e) */
export async function insertCustodyEntry(sql: Sql, e: CustodyEntry): Promise<void> {
  await sql.query(
    `INSERT INTO case_custody_entry (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [e.itemId, e.seq, e.at, e.actor, e.action, JSON.stringify(e.details), e.prevHash, e.hash],
  );
}

/** Appends several entries in one statement (the caller holds the items' row locks). @example await insertCustodyEntries(tx, es) */
export async function insertCustodyEntries(sql: Sql, es: readonly CustodyEntry[]): Promise<void> {
  if (es.length === 0) return;
  await sql.query(
    `INSERT INTO case_custody_entry (${COLUMNS})
     SELECT item_id, seq, recorded_at, actor, action, details::jsonb, prev_hash, hash
       FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
            AS e (item_id, seq, recorded_at, actor, action, details, prev_hash, hash)`,
    [
      es.map((e) => e.itemId),
      es.map((e) => e.seq),
      es.map((e) => e.at),
      es.map((e) => e.actor),
      es.map((e) => e.action),
      es.map((e) => JSON.stringify(e.details)),
      es.map((e) => e.prevHash),
      es.map((e) => e.hash),
    ],
  );
}

/** Every entry of an item's log, in order (at most `limit`). @example await custodyEntries(db, 7n, 100000) */
export async function custodyEntries(sql: Sql, itemId: bigint, limit: number): Promise<CustodyEntry[]> {
  const rows = await sql.query<CustodyRow>(
    `SELECT ${COLUMNS} FROM case_custody_entry WHERE item_id = $1 ORDER BY seq LIMIT $2`,
    [itemId, limit],
  );
  return rows.map(toEntry);
}
