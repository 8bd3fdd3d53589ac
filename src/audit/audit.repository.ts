import type { Sql } from '../db/database.ts';
import type { JsonValue } from './canonical.ts';

/** An audit entry as stored. */
export interface AuditEntry {
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
  prevHash: string;
  hash: string;
}

interface AuditRow {
  seq: bigint;
  recorded_at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, recorded_at, actor, action, entity_type, entity_id, before, after, prev_hash, hash';

function fromRow(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.recorded_at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Reads the chain head and locks it until the caller's transaction ends: the next append waits here,
 * so two transactions can never both extend the same head.
 *
 * @example const head = await lockHead(tx);
 */
export async function lockHead(tx: Sql): Promise<{ seq: bigint; hash: string }> {
  const [head] = await tx.query<{ seq: bigint; hash: string }>('SELECT seq, hash FROM audit_head FOR UPDATE');
  if (!head) throw new Error('audit_head has no row: the migration 0010 was not applied');
  return head;
}

/** Reads the chain head without locking it. @example const { seq, hash } = await readHead(db); */
export async function readHead(db: Sql): Promise<{ seq: bigint; hash: string }> {
  const [head] = await db.query<{ seq: bigint; hash: string }>('SELECT seq, hash FROM audit_head');
  if (!head) throw new Error('audit_head has no row: the migration 0010 was not applied');
  return head;
}

/**
 * Inserts an entry and moves the head to it; the triggers check both steps extend the chain.
 *
 * @example await insertEntry(tx, { ...fields, hash });
 */
export async function insertEntry(tx: Sql, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_entry (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
    [
      e.seq,
      e.at,
      e.actor,
      e.action,
      e.entityType,
      e.entityId,
      e.before === null ? null : JSON.stringify(e.before),
      e.after === null ? null : JSON.stringify(e.after),
      e.prevHash,
      e.hash,
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2', [e.seq, e.hash]);
}

/**
 * Entries with `seq` greater than `afterSeq`, in order, at most `limit`.
 *
 * @example await entriesAfter(db, 0n, 2000);
 */
export async function entriesAfter(db: Sql, afterSeq: bigint, limit: number): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return rows.map(fromRow);
}

/** The last `count` entries, oldest first. @example await lastEntries(db, 20); */
export async function lastEntries(db: Sql, count: number): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT * FROM (SELECT ${COLUMNS} FROM audit_entry ORDER BY seq DESC LIMIT $1) AS t ORDER BY seq`,
    [count],
  );
  return rows.map(fromRow);
}

/**
 * The sequence number of the entry whose hash is `hash`, if any.
 *
 * @example await seqOfHash(db, e.prevHash);
 */
export async function seqOfHash(db: Sql, hash: string): Promise<bigint | undefined> {
  const [row] = await db.query<{ seq: bigint }>('SELECT seq FROM audit_entry WHERE hash = $1', [hash]);
  return row?.seq;
}
