import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../audit/index.ts';

/** The `prev_hash` of an item's first custody entry. */
export const CUSTODY_GENESIS = '0'.repeat(64);

/** Names the serialisation below; a change of format would hash under a new tag. */
const FORMAT_TAG = 'ayni.custody.v1';

/** What a custody entry's hash covers. */
export interface CustodyHashed {
  prevHash: string;
  itemId: bigint;
  /** The SHA-256 of the item's bytes: an item row pointed at other bytes breaks its chain. */
  itemSha256: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  details: JsonValue;
}

/**
 * SHA-256 (hex) of the canonical JSON (RFC 8785, as the audit trail's) of a tagged array of the
 * entry's fields, so a changed byte in any field, in the previous entry's hash or in the item's
 * content hash changes it.
 *
 * @example custodyEntryHash({ prevHash: CUSTODY_GENESIS, itemId: 1n, itemSha256: 'ab…', seq: 1,
 *   at: new Date(0), actor: 'account:ana', action: 'collected', details: { place: 'Huayllani' } })
 */
export function custodyEntryHash(f: CustodyHashed): string {
  const text = canonicalJson([
    FORMAT_TAG,
    f.prevHash,
    f.itemId.toString(),
    f.itemSha256,
    String(f.seq),
    f.at.toISOString(),
    f.actor,
    f.action,
    f.details,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
