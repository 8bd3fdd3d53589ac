import type { Actor } from '../audit/index.ts';
import { toAuditJson } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { assert } from '../shared/assert.ts';
import { itemById, moveCustodyHead, moveCustodyHeads } from './case.repository.ts';
import type { CustodyAction, CustodyEntry, EvidenceBlobs, EvidenceItem } from './cases.types.ts';
import { CUSTODY_GENESIS, custodyEntryHash } from './custody.hash.ts';
import { custodyEntries, insertCustodyEntries, insertCustodyEntry } from './custody.repository.ts';

/** An item's custody log holds at most this many entries; verify reads them all at once. */
export const MAX_CUSTODY_ENTRIES = 100_000;

/**
 * Appends one entry to an item's custody log inside the caller's transaction: locks the item row
 * (concurrent appends to one item wait, so its chain never forks), chains the entry to the head,
 * and moves the head. `details` says who/where/how (`{ by, place, method }` for a collection,
 * `{ from, to }` for a transfer, `{ purpose }` for an access).
 *
 * @example await appendCustody(tx, 7n, { at, actor, action: 'transferred', details: { from: 'ana', to: 'lab' } });
 */
export async function appendCustody(
  tx: Sql,
  itemId: bigint,
  e: { at: Date; actor: Actor; action: CustodyAction; details: Record<string, unknown> },
): Promise<CustodyEntry> {
  const item = await itemById(tx, itemId, { forUpdate: true });
  assert(item !== null, `custody append to evidence item ${itemId}, which does not exist`);
  assert(item.custodySeq < MAX_CUSTODY_ENTRIES, `evidence item ${itemId}'s custody log is full`);
  const details = toAuditJson(e.details);
  assert(
    details !== null && typeof details === 'object' && !Array.isArray(details),
    'custody details are an object',
  );
  const seq = item.custodySeq + 1;
  const prevHash = item.custodyHash;
  const hash = custodyEntryHash({
    prevHash,
    itemId,
    itemSha256: item.sha256,
    seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    details,
  });
  const entry: CustodyEntry = {
    itemId,
    seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    details,
    prevHash,
    hash,
  };
  await insertCustodyEntry(tx, entry);
  await moveCustodyHead(tx, itemId, seq, hash);
  return entry;
}

/**
 * Opens the custody logs of items this transaction just inserted (heads at genesis, rows its own):
 * each item's entries chained from the genesis exactly as `appendCustody` chains them one by one,
 * all inserted in one statement and the heads moved in one. Returns each item's entries.
 *
 * @example const [entries] = await openCustodyLogs(tx, [{ item, entries: [{ at, actor, action: 'collected', details }] }]);
 */
export async function openCustodyLogs(
  tx: Sql,
  logs: readonly {
    item: EvidenceItem;
    entries: readonly { at: Date; actor: Actor; action: CustodyAction; details: Record<string, unknown> }[];
  }[],
): Promise<CustodyEntry[][]> {
  const all: CustodyEntry[] = [];
  const heads: { itemId: bigint; seq: number; hash: string }[] = [];
  const out = logs.map(({ item, entries }) => {
    assert(
      item.custodySeq === 0 && item.custodyHash === CUSTODY_GENESIS,
      `evidence item ${item.id}'s log is not new`,
    );
    let prevHash = CUSTODY_GENESIS;
    const chained = entries.map((e, k) => {
      const details = toAuditJson(e.details);
      assert(
        details !== null && typeof details === 'object' && !Array.isArray(details),
        'custody details are an object',
      );
      const seq = k + 1;
      const hash = custodyEntryHash({
        prevHash,
        itemId: item.id,
        itemSha256: item.sha256,
        seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        details,
      });
      const entry: CustodyEntry = {
        itemId: item.id,
        seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        details,
        prevHash,
        hash,
      };
      prevHash = hash;
      return entry;
    });
    all.push(...chained);
    const last = chained.at(-1);
    if (last) heads.push({ itemId: item.id, seq: last.seq, hash: last.hash });
    return chained;
  });
  await insertCustodyEntries(tx, all);
  await moveCustodyHeads(tx, heads);
  return out;
}

/** Where an item's custody breaks, named by the entry (seq) at which it is seen. */
export interface CustodyProblem {
  kind: 'altered' | 'removed' | 'reordered' | 'head_mismatch' | 'blob_altered' | 'blob_missing';
  seq: number;
  message: string;
}

export type CustodyVerification =
  | { ok: true; itemId: bigint; entries: number; headHash: string; blobChecked: boolean }
  | { ok: false; itemId: bigint; entriesChecked: number; problem: CustodyProblem };

const describe = (e: CustodyEntry) => `${e.action} by ${e.actor} at ${e.at.toISOString()}`;

/**
 * Recomputes an item's custody chain and names the first problem: an entry whose content no longer
 * matches its hash (a changed byte: `altered`), a gap in the sequence or a head beyond the last
 * entry (a dropped entry: `removed`), an entry linked to another predecessor (`reordered`), a
 * head that does not match the last entry, and — given the store — stored bytes that no longer
 * hash to the item's SHA-256 (`blob_altered`) or are gone (`blob_missing`).
 *
 * @example const v = await verifyCustody(db, 7n, { blobs: evidenceStoreFor(dataDir) });
 */
export async function verifyCustody(
  sql: Sql,
  item: EvidenceItem,
  options: { blobs?: Pick<EvidenceBlobs, 'check'> } = {},
): Promise<CustodyVerification> {
  const entries = await custodyEntries(sql, item.id, MAX_CUSTODY_ENTRIES + 1);
  let expected = 1;
  let prevHash = CUSTODY_GENESIS;
  let previous: CustodyEntry | undefined;
  const failed = (problem: CustodyProblem): CustodyVerification => ({
    ok: false,
    itemId: item.id,
    entriesChecked: expected - 1,
    problem,
  });
  for (const e of entries) {
    if (e.seq !== expected) {
      const missing =
        e.seq - expected === 1
          ? `entry ${expected} is missing`
          : `entries ${expected} to ${e.seq - 1} are missing`;
      return failed({
        kind: 'removed',
        seq: expected,
        message: `${missing}: the log jumps from ${expected - 1} to ${e.seq}.`,
      });
    }
    if (e.prevHash !== prevHash) {
      const linked = entries.find((o) => o.hash === e.prevHash);
      if (linked && linked.seq !== e.seq - 1)
        return failed({
          kind: 'reordered',
          seq: e.seq,
          message: `entry ${e.seq} (${describe(e)}) was recorded after the entry now numbered ${linked.seq}: entries were reordered.`,
        });
      if (previous === undefined)
        return failed({
          kind: 'altered',
          seq: e.seq,
          message: `entry ${e.seq} (${describe(e)}) does not start the chain: entries before it were removed, or its link was altered.`,
        });
      return failed({
        kind: 'altered',
        seq: previous.seq,
        message: `entry ${previous.seq} (${describe(previous)}) was rewritten with a recomputed hash: entry ${e.seq} still links to the original, or an entry between them was removed and the rest renumbered.`,
      });
    }
    const recomputed = custodyEntryHash({
      prevHash: e.prevHash,
      itemId: item.id,
      itemSha256: item.sha256,
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      details: toAuditJson(e.details),
    });
    if (recomputed !== e.hash)
      return failed({
        kind: 'altered',
        seq: e.seq,
        message: `entry ${e.seq} (${describe(e)}) was altered: its content, or the item's SHA-256, no longer matches its hash.`,
      });
    prevHash = e.hash;
    previous = e;
    expected++;
  }
  const last = expected - 1;
  if (item.custodySeq > last) {
    const which =
      item.custodySeq - last === 1
        ? `entry ${item.custodySeq} is`
        : `entries ${last + 1} to ${item.custodySeq} are`;
    return failed({
      kind: 'removed',
      seq: last + 1,
      message: `${which} missing from the end: the item's head records ${item.custodySeq} entries, the log ends at ${last}.`,
    });
  }
  if (item.custodySeq !== last || item.custodyHash !== prevHash)
    return failed({
      kind: 'head_mismatch',
      seq: last,
      message: `the item's custody head (${item.custodySeq}:${item.custodyHash.slice(0, 12)}…) does not match the last entry (${last}:${prevHash.slice(0, 12)}…).`,
    });
  if (options.blobs) {
    let checked: { ok: boolean; actualSha256?: string };
    try {
      checked = await options.blobs.check(item.sha256);
    } catch {
      checked = { ok: false };
    }
    if (!checked.ok)
      return failed({
        kind: checked.actualSha256 ? 'blob_altered' : 'blob_missing',
        seq: last,
        message: checked.actualSha256
          ? `the stored file of item ${item.id} now hashes to ${checked.actualSha256}, not ${item.sha256}: its bytes were changed.`
          : `the stored file of item ${item.id} (${item.sha256}) is missing from the evidence store.`,
      });
  }
  return {
    ok: true,
    itemId: item.id,
    entries: last,
    headHash: prevHash,
    blobChecked: options.blobs !== undefined,
  };
}
