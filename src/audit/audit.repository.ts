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

/** Reads the chain head without locking it. @example const { seq, hash } = await readHead(db); */
export async function readHead(db: Sql): Promise<{ seq: bigint; hash: string }> {
  const [head] = await db.query<{ seq: bigint; hash: string }>('SELECT seq, hash FROM audit_head');
  if (!head) throw new Error('audit_head has no row: the migration 0010 was not applied');
  return head;
}

/**
 * Locks the chain head until the caller's transaction ends (an append waits meanwhile), then reads
 * when the latest entry was recorded: null when the trail is empty.
 *
 * @example const latestAt = await lockHeadReadLatest(tx);
 */
export async function lockHeadReadLatest(tx: Sql): Promise<Date | null> {
  await tx.query('SELECT seq FROM audit_head FOR UPDATE');
  const [latest] = await tx.query<{ at: Date | null }>('SELECT max(recorded_at) AS at FROM audit_entry');
  return latest?.at ?? null;
}

/** What `appendEntry` is given: the entry without its place in the chain, and its hashed text. */
export type NewEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'> & {
  /** The hashed text up to the previous hash (see audit.hash.ts `hashedParts`). */
  hashedHead: string;
  /** The hashed text after the sequence number. */
  hashedTail: string;
};

/**
 * Appends an entry in one statement: locks the chain head (`FOR UPDATE`: a concurrent append waits
 * here, then reads the head that one left, so the chain never forks), inserts the entry as the
 * head's successor with its SHA-256 computed in SQL over `hashedHead ‖ prev_hash ‖ '","' ‖ seq ‖
 * '",' ‖ hashedTail`, and the insert's trigger moves the head to it (migration 0032). Returns where
 * the entry landed; the caller checks the hash against its own computation.
 *
 * @example const { seq, prevHash, hash } = await appendEntry(tx, { ...entry, hashedHead, hashedTail });
 */
export async function appendEntry(
  tx: Sql,
  e: NewEntry,
): Promise<{ seq: bigint; prevHash: string; hash: string }> {
  const [row] = await tx.query<{ seq: bigint; prev_hash: string; hash: string }>(
    `INSERT INTO audit_entry (${COLUMNS})
     SELECT h.seq + 1, $1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, h.hash,
            encode(sha256(convert_to($8::text || h.hash || '","' || (h.seq + 1)::text || '",' || $9::text, 'UTF8')), 'hex')
     FROM (SELECT seq, hash FROM audit_head FOR UPDATE) h
     RETURNING seq, prev_hash, hash`,
    [
      e.at,
      e.actor,
      e.action,
      e.entityType,
      e.entityId,
      e.before === null ? null : JSON.stringify(e.before),
      e.after === null ? null : JSON.stringify(e.after),
      e.hashedHead,
      e.hashedTail,
    ],
  );
  if (!row) throw new Error('audit_head has no row: the migration 0010 was not applied');
  return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
}

/**
 * Locks the chain head until the caller's transaction ends (a concurrent append waits, then reads
 * the head that transaction left) and returns it: where a batch of entries will continue the chain.
 *
 * @example const head = await lockHead(tx); // { seq: 41n, hash: '9f…' }
 */
export async function lockHead(tx: Sql): Promise<{ seq: bigint; hash: string }> {
  const [head] = await tx.query<{ seq: bigint; hash: string }>('SELECT seq, hash FROM audit_head FOR UPDATE');
  if (!head) throw new Error('audit_head has no row: the migration 0010 was not applied');
  return head;
}

/**
 * Inserts an entry at a place in the chain its caller holds (the head locked by `lockHead`, then
 * each entry of a batch after the last): `seq` and `prevHash` are given, the hash is computed in
 * SQL over the same text as `appendEntry`'s, and the insert's trigger moves the head to it
 * (migration 0032). The triggers of migration 0010 refuse an entry that does not extend the head
 * at that moment, so a batch's entries go in one statement each, in order: the check of each row
 * runs before the statement's head moves (after-row triggers fire at the statement's end).
 * Returns the hash the database computed.
 *
 * @example const hash = await insertEntryAt(tx, { ...entry, seq: 42n, prevHash, hashedHead, hashedTail });
 */
export async function insertEntryAt(
  tx: Sql,
  e: NewEntry & { seq: bigint; prevHash: string },
): Promise<string> {
  const [row] = await tx.query<{ hash: string }>(
    `INSERT INTO audit_entry (${COLUMNS})
     VALUES ($1::bigint, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9::text,
             encode(sha256(convert_to($10::text || $9::text || '","' || $1::bigint::text || '",' || $11::text, 'UTF8')), 'hex'))
     RETURNING hash`,
    [
      e.seq.toString(),
      e.at,
      e.actor,
      e.action,
      e.entityType,
      e.entityId,
      e.before === null ? null : JSON.stringify(e.before),
      e.after === null ? null : JSON.stringify(e.after),
      e.prevHash,
      e.hashedHead,
      e.hashedTail,
    ],
  );
  if (!row) throw new Error(`audit entry ${e.seq} was not inserted`);
  return row.hash;
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
