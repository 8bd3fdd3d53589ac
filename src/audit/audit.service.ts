import type { Database, Sql } from '../db/database.ts';
import { assert } from '../shared/assert.ts';
import type { Actor } from './actor.ts';
import { auditEntryHash, GENESIS_HASH, type HashedFields, hashedParts } from './audit.hash.ts';
import {
  type AuditEntry,
  appendEntry,
  entriesAfter,
  insertEntriesAt,
  lastEntries,
  lockHead,
  lockHeadReadLatest,
  readHead,
  seqOfHash,
} from './audit.repository.ts';
import { toAuditJson } from './canonical.ts';

/** What a caller records about one change. */
export interface AuditEntryInput {
  /** When the change happened, as the caller's clock says (the domain never reads the clock). */
  at: Date;
  actor: Actor;
  /** `<noun>.<verb in the past>`, e.g. `account.created`, `round.approved`. */
  action: string;
  /** The kind of thing changed, e.g. `account`, `round`, `api_credential`. */
  entityType: string;
  entityId: string | number | bigint | null;
  /** The state before the change (omit for a creation). Never a secret: no password hashes. */
  before?: unknown;
  /** The state after the change (omit for a removal). */
  after?: unknown;
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ENTITY_TYPE = /^[a-z][a-z0-9_]*$/;

function isDatabase(sql: Sql): sql is Database {
  return typeof (sql as Partial<Database>).transaction === 'function';
}

/**
 * Appends one entry to the audit trail inside the caller's transaction, so the change and its
 * record commit together or not at all. It locks the chain head until that transaction ends:
 * appends from concurrent transactions wait for each other and the chain never forks. Call it as
 * late as possible in a long transaction, since other audited work waits from here to the commit.
 * Needs READ COMMITTED (PostgreSQL's default): under REPEATABLE READ a waiting append would fail
 * with a serialisation error instead of seeing the new head. Given the `Database` itself rather
 * than a transaction, it opens one of its own — never do that from inside a transaction: the
 * entry would not roll back with it.
 *
 * @example
 *   await db.transaction(async (tx) => {
 *     await updateAccount(tx, id, { disabled: true }, now);
 *     await appendAudit(tx, { at: now, actor, action: 'account.disabled', entityType: 'account',
 *       entityId: 'ana', before: { disabled: false }, after: { disabled: true } });
 *   });
 */
export async function appendAudit(tx: Sql, input: AuditEntryInput): Promise<{ seq: bigint; hash: string }> {
  if (isDatabase(tx)) return tx.transaction((inner) => appendAudit(inner, input));
  const entry = storedEntry(input);
  const { head, tail } = hashedParts(entry);
  const { seq, prevHash, hash } = await appendEntry(tx, { ...entry, hashedHead: head, hashedTail: tail });
  assertSameHash(hash, { ...entry, prevHash, seq });
  return { seq, hash };
}

/**
 * Appends several entries inside the caller's transaction, in the given order and one after the
 * other in the chain, in one INSERT (migration 0059): the head is locked once (a concurrent append or batch waits for this
 * transaction to end, so batches never interleave inside each other and the chain never forks),
 * each entry is hashed as `appendAudit` hashes a lone one, so each is exactly the entry a lone
 * request writes and `verifyAuditChain` verifies it unchanged. For set-based paths (the vaccination
 * desk, a batch of filings) that record one entry per entity changed. Every input is checked before
 * anything is written; an empty list writes nothing and takes no lock. Same rules as `appendAudit`:
 * READ COMMITTED, and given the `Database` itself it opens a transaction of its own.
 *
 * @example
 *   await appendAuditBatch(tx, bookings.map((b) => ({ at: now, actor, action: 'vaccination_appointment.booked',
 *     entityType: 'vaccination_appointment', entityId: b.id, after: { site: b.site } })));
 */
export async function appendAuditBatch(
  tx: Sql,
  inputs: readonly AuditEntryInput[],
): Promise<{ seq: bigint; hash: string }[]> {
  if (inputs.length === 0) return [];
  if (isDatabase(tx)) return tx.transaction((inner) => appendAuditBatch(inner, inputs));
  const entries = inputs.map(storedEntry);
  const head = await lockHead(tx);
  // The chain is laid out here from the locked head (each hash as verify computes it), inserted in
  // one statement, and each hash the database computed must be the one laid out.
  let last = head;
  const placed = entries.map((entry) => {
    const seq = last.seq + 1n;
    const { head: hashedHead, tail: hashedTail } = hashedParts(entry);
    const hash = auditEntryHash({ ...entry, prevHash: last.hash, seq });
    const row = { ...entry, seq, prevHash: last.hash, hashedHead, hashedTail, hash };
    last = { seq, hash };
    return row;
  });
  const hashes = await insertEntriesAt(tx, placed);
  const appended = placed.map((p, i) => {
    assertSameHash(hashes[i]!, p);
    return { seq: p.seq, hash: p.hash };
  });
  return appended;
}

/** Checks an input and gives the entry as it is stored and hashed. */
function storedEntry(input: AuditEntryInput): Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'> {
  assert(ACTION.test(input.action), `audit action must look like noun.verb, got ${input.action}`);
  assert(ENTITY_TYPE.test(input.entityType), `audit entity type must be snake_case, got ${input.entityType}`);
  assert(!Number.isNaN(input.at.getTime()), 'audit time is an invalid Date');
  return {
    at: input.at,
    actor: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId === null ? null : String(input.entityId),
    before: input.before === undefined ? null : toAuditJson(input.before),
    after: input.after === undefined ? null : toAuditJson(input.after),
  };
}

/**
 * The database hashed the text it completed under the head's lock; the same text hashed here must
 * agree, or the chain would hold entries that verify cannot reproduce.
 */
function assertSameHash(hash: string, entry: HashedFields): void {
  assert(
    hash === auditEntryHash(entry),
    `audit entry ${entry.seq}: the database's hash differs from ayni's (encoding of the database not UTF8?)`,
  );
}

/** Where the chain breaks, named by the entry at which the break is seen. */
export interface AuditProblem {
  kind: 'altered' | 'removed' | 'reordered' | 'head_mismatch' | 'anchor_mismatch';
  seq: bigint;
  message: string;
}

export type AuditVerification =
  | { ok: true; entries: bigint; headSeq: bigint; headHash: string }
  | { ok: false; entriesChecked: bigint; problem: AuditProblem };

/** A (sequence, hash) pair recorded outside the database, e.g. printed by an earlier verify. */
export interface AuditAnchor {
  seq: bigint;
  hash: string;
}

/** Entries read per query: bounds memory whatever the length of the trail. */
const VERIFY_BATCH = 2000;

function describe(e: AuditEntry): string {
  return `${e.action} on ${e.entityType}${e.entityId === null ? '' : ` ${e.entityId}`} by ${e.actor} at ${e.at.toISOString()}`;
}

/**
 * Recomputes the whole chain and reports the first problem precisely: an entry whose content no
 * longer matches its hash (altered), a gap in the sequence or a head beyond the last entry
 * (removed), an entry linked to a predecessor that sits elsewhere (reordered), or an entry that
 * differs from an anchor recorded outside the database. A database owner who rewrites an entry and
 * every hash after it, head included, is caught only by an anchor: keep the head hash that verify
 * prints somewhere the database owner cannot write.
 *
 * @example
 *   const v = await verifyAuditChain(db);
 *   if (!v.ok) throw new Error(v.problem.message);
 */
export async function verifyAuditChain(
  db: Sql,
  options: { anchors?: readonly AuditAnchor[] } = {},
): Promise<AuditVerification> {
  const anchors = new Map((options.anchors ?? []).map((a) => [a.seq, a.hash.toLowerCase()]));
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let previous: AuditEntry | undefined;
  const failed = (problem: AuditProblem): AuditVerification => ({
    ok: false,
    entriesChecked: expectedSeq - 1n,
    problem,
  });

  for (;;) {
    const batch = await entriesAfter(db, expectedSeq - 1n, VERIFY_BATCH);
    for (const e of batch) {
      if (e.seq !== expectedSeq) {
        const missing =
          e.seq - expectedSeq === 1n
            ? `entry ${expectedSeq} is missing`
            : `entries ${expectedSeq} to ${e.seq - 1n} are missing`;
        return failed({
          kind: 'removed',
          seq: expectedSeq,
          message: `${missing}: the sequence jumps from ${expectedSeq - 1n} to ${e.seq}.`,
        });
      }
      if (e.prevHash !== prevHash) {
        const linkedTo = await seqOfHash(db, e.prevHash);
        if (linkedTo !== undefined && linkedTo !== e.seq - 1n) {
          return failed({
            kind: 'reordered',
            seq: e.seq,
            message: `entry ${e.seq} (${describe(e)}) was recorded right after the entry now numbered ${linkedTo}, not after entry ${e.seq - 1n}: entries were reordered.`,
          });
        }
        if (previous === undefined) {
          return failed({
            kind: 'altered',
            seq: e.seq,
            message: `entry ${e.seq} (${describe(e)}) does not start the chain: its link to the genesis was altered, or entries before it were removed and the rest renumbered.`,
          });
        }
        return failed({
          kind: 'altered',
          seq: previous.seq,
          message: `entry ${previous.seq} (${describe(previous)}) was rewritten with a recomputed hash: entry ${e.seq} still links to the original (or entries between them were removed and the rest renumbered).`,
        });
      }
      if (auditEntryHash(e) !== e.hash) {
        return failed({
          kind: 'altered',
          seq: e.seq,
          message: `entry ${e.seq} (${describe(e)}) was altered: its content no longer matches its hash.`,
        });
      }
      const anchored = anchors.get(e.seq);
      if (anchored !== undefined && anchored !== e.hash) {
        return failed({
          kind: 'anchor_mismatch',
          seq: e.seq,
          message: `entry ${e.seq} has hash ${e.hash}, but ${anchored} was recorded for it: the trail up to entry ${e.seq} was rewritten.`,
        });
      }
      prevHash = e.hash;
      previous = e;
      expectedSeq++;
    }
    if (batch.length < VERIFY_BATCH) break;
  }

  const lastSeq = expectedSeq - 1n;
  const head = await readHead(db);
  if (head.seq > lastSeq) {
    const which =
      head.seq - lastSeq === 1n ? `entry ${head.seq} is` : `entries ${lastSeq + 1n} to ${head.seq} are`;
    return failed({
      kind: 'removed',
      seq: lastSeq + 1n,
      message: `${which} missing from the end: the head records ${head.seq} entries, the trail ends at ${lastSeq}.`,
    });
  }
  if (head.seq !== lastSeq || head.hash !== prevHash) {
    return failed({
      kind: 'head_mismatch',
      seq: head.seq,
      message: `the chain head (entry ${head.seq}, hash ${head.hash}) does not match the last entry (${lastSeq}, hash ${prevHash}).`,
    });
  }
  for (const [seq, hash] of anchors) {
    if (seq > lastSeq) {
      return failed({
        kind: 'removed',
        seq,
        message: `entry ${seq} was recorded with hash ${hash}, but the trail now ends at ${lastSeq}.`,
      });
    }
  }
  return { ok: true, entries: lastSeq, headSeq: head.seq, headHash: head.hash };
}

/**
 * The most recent entries, oldest first (what `ayni audit show --last N` prints).
 *
 * @example const entries = await listAuditEntries(db, { last: 20 });
 */
export async function listAuditEntries(db: Sql, options: { last: number }): Promise<AuditEntry[]> {
  assert(Number.isInteger(options.last) && options.last >= 0, 'last must be a whole number');
  return lastEntries(db, Math.min(options.last, 100_000));
}

/**
 * Entries after a sequence number, for readers that page through the trail.
 *
 * @example const page = await auditEntriesAfter(db, 0n, 500);
 */
export async function auditEntriesAfter(db: Sql, afterSeq: bigint, limit: number): Promise<AuditEntry[]> {
  assert(Number.isInteger(limit) && limit >= 1 && limit <= 10_000, 'limit must be between 1 and 10000');
  return entriesAfter(db, afterSeq, limit);
}

/** The chain head. @example const { seq, hash } = await auditHead(db); */
export async function auditHead(db: Sql): Promise<{ seq: bigint; hash: string }> {
  return readHead(db);
}

/**
 * Holds the trail still for the rest of the caller's transaction: no entry can be appended until it
 * ends (appends wait). Returns when the latest entry was recorded, null for an empty trail. For a
 * decision that must not be overtaken by a change recorded meanwhile, such as moving the
 * database's clock (src/clock.ts), which must never go back past the latest recorded change.
 *
 * @example
 *   await db.transaction(async (tx) => {
 *     const latestAt = await lockAuditTrail(tx);
 *     if (latestAt && to < latestAt) throw new Error('the clock would go back');
 *   });
 */
export async function lockAuditTrail(tx: Sql): Promise<Date | null> {
  // Given the Database itself, the lock would end with its own one-statement transaction at once.
  assert(!isDatabase(tx), 'lockAuditTrail needs the transaction the lock is to last for');
  return lockHeadReadLatest(tx);
}
