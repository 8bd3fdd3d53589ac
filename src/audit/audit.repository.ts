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
 * Inserts a run of entries at the place in the chain its caller holds (the head locked by
 * `lockHead`), in ONE statement: each entry's `seq` and `prevHash` are given (the first extends the
 * head, each next one the entry before it), each hash is computed in SQL over the same text as
 * `appendEntry`'s, and the insert's after-row trigger moves the head entry by entry at the
 * statement's end (migration 0032). Migration 0059 lets a row extend the one its own statement
 * inserted just before it; any other place is refused. Returns the hashes the database computed,
 * in the entries' order.
 *
 * @example const hashes = await insertEntriesAt(tx, [{ ...entry, seq: 42n, prevHash, hashedHead, hashedTail }]);
 */
export async function insertEntriesAt(
  tx: Sql,
  entries: readonly (NewEntry & { seq: bigint; prevHash: string })[],
): Promise<string[]> {
  if (entries.length === 0) return [];
  const column = <T>(pick: (e: NewEntry & { seq: bigint; prevHash: string }) => T) => entries.map(pick);
  const rows = await tx.query<{ seq: bigint; hash: string }>(
    `INSERT INTO audit_entry (${COLUMNS})
     SELECT e.seq, e.recorded_at, e.actor, e.action, e.entity_type, e.entity_id, e.before::jsonb,
            e.after::jsonb, e.prev_hash,
            encode(sha256(convert_to(e.hashed_head || e.prev_hash || '","' || e.seq::text || '",' || e.hashed_tail, 'UTF8')), 'hex')
     FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
                 $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
          AS e(seq, recorded_at, actor, action, entity_type, entity_id, before, after, prev_hash, hashed_head, hashed_tail)
     ORDER BY e.seq
     RETURNING seq, hash`,
    [
      column((e) => e.seq.toString()),
      column((e) => e.at),
      column((e) => e.actor),
      column((e) => e.action),
      column((e) => e.entityType),
      column((e) => e.entityId),
      column((e) => (e.before === null ? null : JSON.stringify(e.before))),
      column((e) => (e.after === null ? null : JSON.stringify(e.after))),
      column((e) => e.prevHash),
      column((e) => e.hashedHead),
      column((e) => e.hashedTail),
    ],
  );
  if (rows.length !== entries.length)
    throw new Error(`audit entries: ${rows.length} of ${entries.length} were inserted`);
  const hashBySeq = new Map(rows.map((r) => [BigInt(r.seq), r.hash]));
  return entries.map((e) => {
    const hash = hashBySeq.get(e.seq);
    if (hash === undefined) throw new Error(`audit entry ${e.seq} was not inserted`);
    return hash;
  });
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
