import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import {
  entityExists,
  insertItem,
  itemById,
  itemIdsWithSha256,
  itemsOf,
  lockInvestigation,
} from './case.repository.ts';
import { type CaseReader, membership, readsFamily } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';
import {
  type CustodyAction,
  type CustodyEntry,
  DERIVATIONS,
  type Derivation,
  EVIDENCE_KINDS,
  type EvidenceBlobs,
  type EvidenceItem,
  type EvidenceKind,
} from './cases.types.ts';
import { CUSTODY_GENESIS } from './custody.hash.ts';
import { custodyEntries } from './custody.repository.ts';
import { appendCustody, type CustodyVerification, verifyCustody } from './custody.ts';
import { readOriginalMetadata } from './evidence/store.ts';

/**
 * Evidence items (issue #21 §2): rows pointing to a blob of the evidence store by SHA-256 (the same
 * bytes are stored once, never modified), derived items pointing to their original, and each
 * item's custody log — collection, then every transfer, access, copy and analysis — append-only
 * and hash-chained (custody.ts). Every read of a restricted item's bytes is audited and logged in
 * its custody.
 */

type Invalid = Extract<CasesFailure, { code: 'case_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, CasesFailure> =>
  fail({ code: 'case_input_invalid', field, problem });
const itemNotFound = (id: bigint): Result<never, CasesFailure> =>
  fail({ code: 'case_entity_not_found', entity: 'item', id: String(id) });

const MEDIA_TYPE = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/;
const FAMILY = /^[A-Z0-9-]{1,40}$/;

/** How an item was collected: the first entry of its custody log. */
export interface Collection {
  /** Who collected it (a name or username as the collector signs). */
  by: string;
  /** Where. */
  place: string;
  /** When (the caller's clock: collection often precedes the upload). */
  collectedAt: Date;
  /** How: seized at the scene, handed over by a witness, downloaded from a public URL (Berkeley Protocol) … */
  method: string;
}

export interface EvidenceInput {
  title: string;
  kind: string;
  mediaType: string;
  /**
   * The file: its bytes whole, or a stream (a file of 10 MB to 2 GB), hashed while it is written
   * to the store and never held whole in memory; its metadata is read from its first
   * METADATA_HEAD_BYTES, where EXIF, XMP and the type's signature are.
   */
  bytes: Uint8Array | AsyncIterable<Uint8Array | string>;
  /** The family whose file this is (for victims' representatives). */
  familyCode?: string;
  eventId?: bigint;
  /** Restricted unless said otherwise. */
  restricted?: boolean;
  /** A derived item (transcript, redacted copy, still): its original and how it was made. */
  derivedFrom?: { itemId: bigint; derivation: string };
  /** Required for an original; a derived item's first entry is its derivation. */
  collection?: Collection;
  /**
   * Idempotent by content (bulk import): when the investigation already holds an item with these
   * bytes, record nothing and return that item with `alreadyInCase: true`. Checked under the
   * investigation's row lock, so two imports of one file add it once.
   */
  oncePerCase?: boolean;
}

/** A stream's metadata is read from this many first bytes (EXIF and XMP sit at a file's start). */
export const METADATA_HEAD_BYTES = 4 * 1024 * 1024;

/**
 * The source to store, and its first METADATA_HEAD_BYTES as they pass by (the whole of a
 * Uint8Array): a stream is read once, into the store, never whole into memory.
 */
function headOf(source: EvidenceInput['bytes']): {
  source: EvidenceInput['bytes'];
  bytes: () => Uint8Array;
} {
  if (source instanceof Uint8Array) return { source, bytes: () => source };
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  async function* passing(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (keptBytes < METADATA_HEAD_BYTES) {
        const part = bytes.subarray(0, METADATA_HEAD_BYTES - keptBytes);
        kept.push(Uint8Array.from(part));
        keptBytes += part.byteLength;
      }
      yield bytes;
    }
  }
  return { source: passing(), bytes: () => Buffer.concat(kept, keptBytes) };
}

/** Metadata as jsonb can keep it: bigints as decimal text, no NUL characters. */
function plainJson(value: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : typeof v === 'string' ? v.replaceAll('\u0000', '') : v,
  );
  return JSON.parse(text) as Record<string, unknown>;
}

function short(t: string | undefined, max: number): string | null {
  const s = (t ?? '').trim();
  return s === '' || s.length > max ? null : s;
}

/**
 * Stores the bytes (once), reads the original metadata (kept, never trusted without
 * corroboration), records the item and opens its custody log: `collected` for an original,
 * `derived` for a derived item, whose original gets a `copied` entry.
 *
 * @example await addEvidence(db, store, 'GIEI-2019', { title: 'Foto 1', kind: 'photo', mediaType: 'image/jpeg', bytes, collection }, reader, now)
 */
export async function addEvidence(
  db: Database,
  blobs: EvidenceBlobs,
  code: string,
  input: EvidenceInput,
  reader: CaseReader,
  at: Date,
): Promise<Result<{ item: EvidenceItem; alreadyStored: boolean; alreadyInCase?: boolean }, CasesFailure>> {
  const title = short(input.title, 300);
  if (title === null) return invalid('title', 'missing');
  if (!(EVIDENCE_KINDS as readonly string[]).includes(input.kind)) return invalid('kind', 'format');
  if (!MEDIA_TYPE.test(input.mediaType)) return invalid('mediaType', 'format');
  const familyCode = input.familyCode?.trim() || null;
  if (familyCode !== null && !FAMILY.test(familyCode)) return invalid('familyCode', 'format');
  if (input.derivedFrom && !(DERIVATIONS as readonly string[]).includes(input.derivedFrom.derivation))
    return invalid('derivation', 'format');
  const c = input.collection;
  if (!input.derivedFrom && !c) return invalid('collection', 'missing');
  if (c) {
    if (short(c.by, 200) === null) return invalid('collection.by', 'missing');
    if (short(c.place, 300) === null) return invalid('collection.place', 'missing');
    if (short(c.method, 500) === null) return invalid('collection.method', 'missing');
    if (Number.isNaN(c.collectedAt.getTime())) return invalid('collection.collectedAt', 'format');
  }
  // Refuse before writing a file for someone who may not add evidence here.
  const allowed = await membership(db, code, reader, 'record_evidence');
  if (!allowed.ok) return passOn(allowed);
  const head = headOf(input.bytes);
  const stored = await blobs.put(head.source);
  const metadata = await readOriginalMetadata(head.bytes(), input.mediaType)
    .then((m) => ({ ...m, byteLength: stored.byteLength }))
    .catch(() => ({}));
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const investigationId = m.value.investigation.id;
    if (input.oncePerCase) {
      await lockInvestigation(tx, investigationId);
      const [existing] = await itemIdsWithSha256(tx, investigationId, stored.sha256);
      if (existing !== undefined)
        return ok({ item: (await itemById(tx, existing))!, alreadyStored: true, alreadyInCase: true });
    }
    if (input.eventId !== undefined && !(await entityExists(tx, investigationId, 'event', input.eventId)))
      return fail({ code: 'case_entity_not_found', entity: 'event', id: String(input.eventId) });
    let original: EvidenceItem | null = null;
    if (input.derivedFrom) {
      original = await itemById(tx, input.derivedFrom.itemId);
      if (!original || original.investigationId !== investigationId)
        return itemNotFound(input.derivedFrom.itemId);
    }
    const item = await insertItem(
      tx,
      {
        investigationId,
        title,
        kind: input.kind as EvidenceKind,
        mediaType: input.mediaType,
        sha256: stored.sha256,
        byteLength: BigInt(stored.byteLength),
        originalItemId: original?.id ?? null,
        derivation: (input.derivedFrom?.derivation as Derivation | undefined) ?? null,
        originalMetadata: plainJson(metadata),
        restricted: input.restricted ?? true,
        familyCode: familyCode ?? original?.familyCode ?? null,
        eventId: input.eventId ?? original?.eventId ?? null,
      },
      CUSTODY_GENESIS,
      reader.actor,
      at,
    );
    if (c)
      await appendCustody(tx, item.id, {
        at,
        actor: reader.actor,
        action: 'collected',
        details: {
          by: c.by.trim(),
          place: c.place.trim(),
          collectedAt: c.collectedAt,
          method: c.method.trim(),
          sha256: stored.sha256,
        },
      });
    if (original && input.derivedFrom) {
      await appendCustody(tx, item.id, {
        at,
        actor: reader.actor,
        action: 'derived',
        details: {
          fromItemId: original.id,
          fromSha256: original.sha256,
          derivation: input.derivedFrom.derivation,
          sha256: stored.sha256,
        },
      });
      await appendCustody(tx, original.id, {
        at,
        actor: reader.actor,
        action: 'copied',
        details: { derivedItemId: item.id, derivation: input.derivedFrom.derivation },
      });
    }
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_evidence.added',
      entityType: 'case_evidence_item',
      entityId: item.id,
      after: {
        investigation: code,
        kind: item.kind,
        sha256: item.sha256,
        byteLength: item.byteLength,
        originalItemId: item.originalItemId,
        restricted: item.restricted,
      },
    });
    const fresh = await itemById(tx, item.id);
    return ok({ item: fresh!, alreadyStored: stored.alreadyStored });
  });
}

/** An item of the investigation the member may read, or `case_entity_not_found`. */
async function readableItem(
  sql: Sql,
  code: string,
  itemId: bigint,
  reader: CaseReader,
  options: { forUpdate?: boolean } = {},
): Promise<Result<EvidenceItem, CasesFailure>> {
  const m = await membership(sql, code, reader);
  if (!m.ok) return passOn(m);
  const item = await itemById(sql, itemId, options);
  if (
    !item ||
    item.investigationId !== m.value.investigation.id ||
    !readsFamily(m.value.member, item.familyCode)
  )
    return itemNotFound(itemId);
  return ok(item);
}

/**
 * The bytes of an item, for a reader who may see it: the access is entered in the item's custody
 * log and, for a restricted item, in the audit trail. The bytes are re-hashed: a stored file that
 * no longer matches its SHA-256 is not handed out.
 *
 * @example const { item, bytes } = (await readEvidence(db, store, 'GIEI-2019', 7n, reader, now, 'review')).value;
 */
export async function readEvidence(
  db: Database,
  blobs: EvidenceBlobs,
  code: string,
  itemId: bigint,
  reader: CaseReader,
  at: Date,
  purpose: string,
): Promise<Result<{ item: EvidenceItem; bytes: Uint8Array }, CasesFailure>> {
  const found = await readableItem(db, code, itemId, reader);
  if (!found.ok) return found;
  let bytes: Uint8Array;
  try {
    bytes = await blobs.read(found.value.sha256);
  } catch {
    return fail({ code: 'evidence_blob_missing', sha256: found.value.sha256 });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== found.value.sha256)
    return fail({
      code: 'custody_chain_broken',
      itemId: String(itemId),
      kind: 'blob_altered',
      seq: found.value.custodySeq,
      description: `the stored file now hashes to ${actual}, not ${found.value.sha256}`,
    });
  return db.transaction(async (tx) => {
    const again = await readableItem(tx, code, itemId, reader);
    if (!again.ok) return again;
    await appendCustody(tx, itemId, {
      at,
      actor: reader.actor,
      action: 'accessed',
      details: { purpose: purpose.slice(0, 200) },
    });
    if (again.value.restricted)
      await appendAudit(tx, {
        at,
        actor: reader.actor,
        action: 'case_evidence.read',
        entityType: 'case_evidence_item',
        entityId: itemId,
        after: { investigation: code, sha256: again.value.sha256, purpose: purpose.slice(0, 200) },
      });
    return ok({ item: (await itemById(tx, itemId))!, bytes });
  });
}

/**
 * One item's record (title, kind, hash, metadata, custody head — not its bytes), for a reader who
 * may see it: the team's membership and a victims' representative's family decide, as for the
 * bytes; another investigation's item, or one of another family, is not found. The access is
 * entered in the item's custody log (`accessed`, with the purpose and `what: record`) and, for a
 * restricted item, in the audit trail, as a read of the bytes is: interfaces read an item through
 * here, never through the repository.
 *
 * @example const item = (await evidenceItem(db, 'GIEI-2019', 7n, reader, now, 'review')).value;
 */
export async function evidenceItem(
  db: Database,
  code: string,
  itemId: bigint,
  reader: CaseReader,
  at: Date,
  purpose: string,
): Promise<Result<EvidenceItem, CasesFailure>> {
  return db.transaction(async (tx) => {
    const found = await readableItem(tx, code, itemId, reader);
    if (!found.ok) return found;
    const why = purpose.slice(0, 200);
    await appendCustody(tx, itemId, {
      at,
      actor: reader.actor,
      action: 'accessed',
      details: { purpose: why, what: 'record' },
    });
    if (found.value.restricted)
      await appendAudit(tx, {
        at,
        actor: reader.actor,
        action: 'case_evidence.read',
        entityType: 'case_evidence_item',
        entityId: itemId,
        after: { investigation: code, sha256: found.value.sha256, purpose: why, what: 'record' },
      });
    return ok((await itemById(tx, itemId))!);
  });
}

/**
 * Records a transfer, copy or analysis of an item in its custody log (collection, derivation and
 * access are recorded by addEvidence and readEvidence).
 *
 * @example await recordCustody(db, 'GIEI-2019', 7n, { action: 'transferred', details: { from: 'IDIF', to: 'Fiscalía' } }, reader, now)
 */
export async function recordCustody(
  db: Database,
  code: string,
  itemId: bigint,
  input: { action: string; details: Record<string, string> },
  reader: CaseReader,
  at: Date,
): Promise<Result<CustodyEntry, CasesFailure>> {
  const allowedActions: CustodyAction[] = ['transferred', 'copied', 'analysed'];
  if (!(allowedActions as string[]).includes(input.action)) return invalid('action', 'format');
  const entries = Object.entries(input.details);
  if (entries.length === 0) return invalid('details', 'missing');
  if (
    entries.length > 20 ||
    entries.some(([k, v]) => k.length > 40 || typeof v !== 'string' || v.length > 500)
  )
    return invalid('details', 'range');
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const item = await itemById(tx, itemId);
    if (!item || item.investigationId !== m.value.investigation.id) return itemNotFound(itemId);
    const entry = await appendCustody(tx, itemId, {
      at,
      actor: reader.actor,
      action: input.action as CustodyAction,
      details: input.details,
    });
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_custody.recorded',
      entityType: 'case_evidence_item',
      entityId: itemId,
      after: { seq: entry.seq, action: entry.action, hash: entry.hash },
    });
    return ok(entry);
  });
}

/**
 * An item's custody log, for a reader who may see the item. The read is itself audited (who read
 * which item's log, how many entries, up to which head), as every read of the case file is.
 *
 * @example await custodyLog(db, 'GIEI-2019', 7n, reader, now)
 */
export async function custodyLog(
  db: Database,
  code: string,
  itemId: bigint,
  reader: CaseReader,
  at: Date,
): Promise<Result<CustodyEntry[], CasesFailure>> {
  return db.transaction(async (tx) => {
    const found = await readableItem(tx, code, itemId, reader);
    if (!found.ok) return found;
    const entries = await custodyEntries(tx, itemId, 100_001);
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_custody.read',
      entityType: 'case_evidence_item',
      entityId: itemId,
      after: {
        investigation: code,
        entries: entries.length,
        headSeq: found.value.custodySeq,
        headHash: found.value.custodyHash,
      },
    });
    return ok(entries);
  });
}

/**
 * Verifies the custody chain (and, given the store, the stored bytes) of one item, or of every
 * item of the investigation the reader may see (itemId omitted).
 *
 * @example const results = (await verifyCaseCustody(db, store, 'GIEI-2019', 7n, reader)).value;
 */
export async function verifyCaseCustody(
  db: Sql,
  blobs: Pick<EvidenceBlobs, 'check'> | undefined,
  code: string,
  itemId: bigint | undefined,
  reader: CaseReader,
): Promise<Result<CustodyVerification[], CasesFailure>> {
  let items: EvidenceItem[];
  if (itemId !== undefined) {
    const found = await readableItem(db, code, itemId, reader);
    if (!found.ok) return found;
    items = [found.value];
  } else {
    const m = await membership(db, code, reader);
    if (!m.ok) return passOn(m);
    items = (await itemsOf(db, m.value.investigation.id)).filter((i) =>
      readsFamily(m.value.member, i.familyCode),
    );
  }
  const results: CustodyVerification[] = [];
  for (const item of items) results.push(await verifyCustody(db, item, blobs ? { blobs } : {}));
  return ok(results);
}
