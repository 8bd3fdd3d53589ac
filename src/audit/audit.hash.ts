import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical.ts';

/** The `prev_hash` of entry 1: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the serialisation below; a future change of format would hash under a new tag. */
const FORMAT_TAG = 'ayni.audit.v1';

/** The fields an entry's hash covers, exactly as they are stored. */
export interface HashedFields {
  prevHash: string;
  seq: bigint;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
}

/**
 * SHA-256 (hex) over the canonical JSON of a tagged array of the entry's fields. An array with a
 * fixed order cannot be read two ways, JSON escaping keeps field boundaries unambiguous, and the
 * canonical form (RFC 8785) makes the text independent of how `jsonb` orders keys. The sequence
 * number is written as a decimal string because it is a 64-bit integer; the time as an ISO string
 * with milliseconds, the precision a JavaScript `Date` carries through `timestamptz` unchanged.
 *
 * @example auditEntryHash({ prevHash: GENESIS_HASH, seq: 1n, at: new Date(0), actor: 'system',
 *   action: 'account.created', entityType: 'account', entityId: 'ana', before: null, after: { roles: [] } })
 */
export function auditEntryHash(f: HashedFields): string {
  const { head, tail } = hashedParts(f);
  return createHash('sha256')
    .update(joinHashed(head, f.prevHash, f.seq, tail), 'utf8')
    .digest('hex');
}

/**
 * The hashed text around the two fields only the chain knows when the entry is appended (the
 * previous hash and the sequence number), so that the database can finish it under the head's
 * lock (audit.repository.ts `appendEntry`). `joinHashed(head, prevHash, seq, tail)` is exactly the
 * canonical JSON of the tagged array: both are hex or decimal, which JSON writes as they are.
 *
 * @example const { head, tail } = hashedParts(entry); // head = '["ayni.audit.v1","'
 */
export function hashedParts(f: Omit<HashedFields, 'prevHash' | 'seq'>): { head: string; tail: string } {
  const rest = canonicalJson([
    f.at.toISOString(),
    f.actor,
    f.action,
    f.entityType,
    f.entityId,
    f.before,
    f.after,
  ]);
  // canonicalJson([TAG, prev, seq, ...rest]) = '[' TAG ',' "prev" ',' "seq" ',' rest-without-its-'['
  return { head: `[${JSON.stringify(FORMAT_TAG)},"`, tail: rest.slice(1) };
}

/** The full hashed text (see `hashedParts`); the SQL in appendEntry builds the same. */
function joinHashed(head: string, prevHash: string, seq: bigint, tail: string): string {
  return `${head}${prevHash}","${seq.toString()}",${tail}`;
}
