import { createHash } from 'node:crypto';
import { type Actor, type AuditEntryInput, appendAudit, appendAuditBatch } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import {
  entityExists,
  insertItems,
  itemById,
  itemIdsBySha256,
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
import { appendCustody, type CustodyVerification, openCustodyLogs, verifyCustody } from './custody.ts';
import { metadataHeadBytes, SNIFF_BYTES } from './evidence/metadata.ts';
import { handOver, readOriginalMetadata } from './evidence/store.ts';

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
 * The source to store, and the first bytes its metadata needs as they pass by (the whole of a
 * Uint8Array): a stream is read once, into the store, never whole into memory. Of an image exifr
 * reads its first METADATA_HEAD_BYTES are kept; of anything else only the few bytes that say what
 * it is (metadataHeadBytes), not megabytes copied aside to be sniffed.
 */
function headOf(
  source: EvidenceInput['bytes'],
  mediaType: string,
): {
  source: EvidenceInput['bytes'];
  bytes: () => Uint8Array;
} {
  if (source instanceof Uint8Array) return { source, bytes: () => source };
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  // Known once SNIFF_BYTES have passed (or the stream has ended before them).
  let wanted: number | undefined;
  async function* passing(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      const keep = (from: number, upTo: number) => {
        const part = new Uint8Array(bytes.subarray(from, from + upTo - keptBytes));
        kept.push(part);
        keptBytes += part.byteLength;
        return from + part.byteLength;
      };
      let from = 0;
      if (wanted === undefined) {
        from = keep(0, SNIFF_BYTES);
        if (keptBytes >= SNIFF_BYTES) wanted = metadataHeadBytes(mediaType, head(), METADATA_HEAD_BYTES);
      }
      if (wanted !== undefined && keptBytes < wanted) keep(from, wanted);
      yield bytes;
    }
  }
  const head = () => Buffer.concat(kept, keptBytes);
  return { source: passing(), bytes: head };
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
 * An evidence input checked, without its bytes: what the record step writes.
 */
export interface CheckedEvidence {
  title: string;
  kind: EvidenceKind;
  mediaType: string;
  familyCode: string | null;
  eventId?: bigint;
  restricted: boolean;
  derivedFrom?: { itemId: bigint; derivation: Derivation };
  collection?: Collection;
  oncePerCase: boolean;
}

/**
 * Checks an input's fields (not its bytes, not the case file): the same checks whether an item is
 * added alone or in an import's group, done before any byte is stored.
 *
 * @example const checked = checkEvidence({ title: 'Foto 1', kind: 'photo', mediaType: 'image/jpeg', collection });
 */
export function checkEvidence(input: Omit<EvidenceInput, 'bytes'>): Result<CheckedEvidence, CasesFailure> {
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
  return ok({
    title,
    kind: input.kind as EvidenceKind,
    mediaType: input.mediaType,
    familyCode,
    ...(input.eventId !== undefined ? { eventId: input.eventId } : {}),
    restricted: input.restricted ?? true,
    ...(input.derivedFrom
      ? {
          derivedFrom: {
            itemId: input.derivedFrom.itemId,
            derivation: input.derivedFrom.derivation as Derivation,
          },
        }
      : {}),
    ...(c ? { collection: c } : {}),
    oncePerCase: input.oncePerCase === true,
  });
}

/** Bytes in the store, with the metadata their first bytes claim (kept, never trusted). */
export interface StoredEvidence {
  sha256: string;
  byteLength: number;
  alreadyStored: boolean;
  metadata: Record<string, unknown>;
}

/**
 * The store step: the bytes into the content-addressed store (streamed, hashed while written,
 * fsynced; the same bytes are stored once), and the original metadata read from their head. Done
 * outside any transaction and idempotent by content: a crash after it and before the record step
 * leaves a blob that no row points to, and storing the same bytes again finds it (`alreadyStored`).
 *
 * @example const stored = await storeEvidence(store, createReadStream('acta.pdf'), 'application/pdf');
 */
export async function storeEvidence(
  blobs: EvidenceBlobs,
  bytes: EvidenceInput['bytes'],
  mediaType: string,
): Promise<StoredEvidence> {
  const head = headOf(bytes, mediaType);
  const stored = await blobs.put(head.source);
  return { ...stored, metadata: await metadataOf(head.bytes(), mediaType, stored.byteLength) };
}

/**
 * The store step for many files at once: through the store's `putBatch` when it has one (each
 * file's bytes fsynced before its name, each folder fsynced once for the batch), else one `put`
 * each. Sources are opened lazily, `concurrency` at a time. With `handOver`, bytes given whole are
 * the store's once this is called (their metadata is read first): it may move them to its writer
 * thread rather than copy them, leaving the caller's arrays empty.
 *
 * @example const stored = await storeEvidenceBatch(store, files.map((f) => ({ bytes: () => readFile(f), mediaType })));
 */
export async function storeEvidenceBatch(
  blobs: EvidenceBlobs,
  sources: readonly { bytes: EvidenceInput['bytes']; mediaType: string }[],
  options: { concurrency?: number; handOver?: boolean } = {},
): Promise<StoredEvidence[]> {
  const { handOver: handingOver, ...putOptions } = options;
  const heads = sources.map((s) => headOf(s.bytes, s.mediaType));
  // Bytes handed over are gone after the put: their metadata is read now.
  const early = handingOver
    ? await Promise.all(
        sources.map((s) =>
          s.bytes instanceof Uint8Array ? metadataOf(s.bytes, s.mediaType, s.bytes.byteLength) : undefined,
        ),
      )
    : [];
  const puts = heads.map((h) =>
    handingOver && h.source instanceof Uint8Array ? handOver(h.source) : h.source,
  );
  const stored = blobs.putBatch
    ? await blobs.putBatch(puts, putOptions)
    : await Promise.all(puts.map((p) => blobs.put(p)));
  return Promise.all(
    stored.map(async (s, i) => ({
      ...s,
      metadata: early[i] ?? (await metadataOf(heads[i]!.bytes(), sources[i]!.mediaType, s.byteLength)),
    })),
  );
}

async function metadataOf(head: Uint8Array, mediaType: string, byteLength: number) {
  return readOriginalMetadata(head, mediaType)
    .then((m) => ({ ...m, byteLength }) as Record<string, unknown>)
    .catch(() => ({}));
}

/** What the record step did with one stored input. */
export interface RecordedEvidence {
  item: EvidenceItem;
  alreadyStored: boolean;
  alreadyInCase?: boolean;
}

/**
 * The record step for a group of stored inputs of one investigation, inside the caller's
 * transaction (the caller checked the membership): each item's row, its custody log opened
 * (`collected`, or `derived` with its original's `copied`), and one audit entry per added item,
 * all appended in ONE batch (appendAuditBatch). An input that fails (an unknown event, an original
 * of another investigation) is checked before anything of it is written and answered as a failure;
 * the others are recorded. With `oncePerCase`, the investigation's row is locked once and bytes it
 * already holds (or an earlier input of the group holds) are answered with that item.
 */
async function recordGroup(
  tx: Sql,
  investigationId: bigint,
  code: string,
  entries: readonly { checked: CheckedEvidence; stored: StoredEvidence }[],
  reader: CaseReader,
  at: Date,
): Promise<Result<RecordedEvidence, CasesFailure>[]> {
  /** Bytes already in the case: the item's id, or the index of the group's entry that adds them. */
  const known = new Map<string, bigint | number>();
  if (entries.some((e) => e.checked.oncePerCase)) {
    await lockInvestigation(tx, investigationId);
    const shas = [...new Set(entries.filter((e) => e.checked.oncePerCase).map((e) => e.stored.sha256))];
    for (const [sha, id] of await itemIdsBySha256(tx, investigationId, shas)) known.set(sha, id);
  }
  const events = new Map<bigint, boolean>();
  // First every input is checked against the case file (nothing written), then the new items are
  // inserted, their custody logs opened and their audit entries appended, each in one statement.
  type Plan =
    | { kind: 'done'; result: Result<RecordedEvidence, CasesFailure> }
    | { kind: 'existing'; id: bigint }
    | { kind: 'same_as'; index: number }
    | { kind: 'new'; index: number; original: EvidenceItem | null };
  const plans: Plan[] = [];
  const fresh: { input: CheckedEvidence; stored: StoredEvidence; original: EvidenceItem | null }[] = [];
  for (const { checked: input, stored } of entries) {
    if (input.oncePerCase) {
      const existing = known.get(stored.sha256);
      if (typeof existing === 'bigint') {
        plans.push({ kind: 'existing', id: existing });
        continue;
      }
      if (typeof existing === 'number') {
        plans.push({ kind: 'same_as', index: existing });
        continue;
      }
    }
    if (input.eventId !== undefined) {
      let exists = events.get(input.eventId);
      if (exists === undefined) {
        exists = await entityExists(tx, investigationId, 'event', input.eventId);
        events.set(input.eventId, exists);
      }
      if (!exists) {
        plans.push({
          kind: 'done',
          result: fail({ code: 'case_entity_not_found', entity: 'event', id: String(input.eventId) }),
        });
        continue;
      }
    }
    let original: EvidenceItem | null = null;
    if (input.derivedFrom) {
      original = await itemById(tx, input.derivedFrom.itemId);
      if (!original || original.investigationId !== investigationId) {
        plans.push({ kind: 'done', result: itemNotFound(input.derivedFrom.itemId) });
        continue;
      }
    }
    known.set(stored.sha256, fresh.length);
    plans.push({ kind: 'new', index: fresh.length, original });
    fresh.push({ input, stored, original });
  }
  const inserted = await insertItems(
    tx,
    fresh.map(({ input, stored, original }) => ({
      investigationId,
      title: input.title,
      kind: input.kind,
      mediaType: input.mediaType,
      sha256: stored.sha256,
      byteLength: BigInt(stored.byteLength),
      originalItemId: original?.id ?? null,
      derivation: input.derivedFrom?.derivation ?? null,
      originalMetadata: plainJson(stored.metadata),
      restricted: input.restricted,
      familyCode: input.familyCode ?? original?.familyCode ?? null,
      eventId: input.eventId ?? original?.eventId ?? null,
    })),
    CUSTODY_GENESIS,
    reader.actor,
    at,
  );
  const logs = await openCustodyLogs(
    tx,
    fresh.map(({ input, stored, original }, k) => {
      const c = input.collection;
      const opening: { at: Date; actor: Actor; action: CustodyAction; details: Record<string, unknown> }[] =
        [];
      if (c)
        opening.push({
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
      if (original && input.derivedFrom)
        opening.push({
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
      return { item: inserted[k]!, entries: opening };
    }),
  );
  const items = inserted.map((item, k) => {
    const last = logs[k]!.at(-1);
    return last ? { ...item, custodySeq: last.seq, custodyHash: last.hash } : item;
  });
  // A derived item's original gets its `copied` entry (under its row lock, one by one: rare).
  for (const [k, { input, original }] of fresh.entries())
    if (original && input.derivedFrom)
      await appendCustody(tx, original.id, {
        at,
        actor: reader.actor,
        action: 'copied',
        details: { derivedItemId: items[k]!.id, derivation: input.derivedFrom.derivation },
      });
  await appendAuditBatch(
    tx,
    items.map(
      (item): AuditEntryInput => ({
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
      }),
    ),
  );
  const results: Result<RecordedEvidence, CasesFailure>[] = [];
  for (const plan of plans) {
    if (plan.kind === 'done') results.push(plan.result);
    else if (plan.kind === 'new')
      results.push(ok({ item: items[plan.index]!, alreadyStored: fresh[plan.index]!.stored.alreadyStored }));
    else if (plan.kind === 'same_as')
      results.push(ok({ item: items[plan.index]!, alreadyStored: true, alreadyInCase: true }));
    else results.push(ok({ item: (await itemById(tx, plan.id))!, alreadyStored: true, alreadyInCase: true }));
  }
  return results;
}

/**
 * Records a group of inputs already stored (storeEvidence / storeEvidenceBatch) in ONE transaction
 * with one batch of audit entries (see recordGroup): what a bulk import does per group of files.
 * Per input, its item or its failure; if anything throws, nothing of the group is recorded (the
 * stored blobs stay, content-addressed, and the next attempt finds them `alreadyStored`).
 *
 * @example const results = (await recordEvidenceGroup(db, 'GIEI-2019', entries, reader, now)).value;
 */
export async function recordEvidenceGroup(
  db: Database,
  code: string,
  entries: readonly { checked: CheckedEvidence; stored: StoredEvidence }[],
  reader: CaseReader,
  at: Date,
): Promise<Result<Result<RecordedEvidence, CasesFailure>[], CasesFailure>> {
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    return ok(await recordGroup(tx, m.value.investigation.id, code, entries, reader, at));
  });
}

/**
 * Stores the bytes (once), reads the original metadata (kept, never trusted without
 * corroboration), records the item and opens its custody log: `collected` for an original,
 * `derived` for a derived item, whose original gets a `copied` entry. The store step
 * (storeEvidence) runs outside the transaction, the record step inside it.
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
  const checked = checkEvidence(input);
  if (!checked.ok) return checked;
  // Refuse before writing a file for someone who may not add evidence here.
  const allowed = await membership(db, code, reader, 'record_evidence');
  if (!allowed.ok) return passOn(allowed);
  const stored = await storeEvidence(blobs, input.bytes, checked.value.mediaType);
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const [r] = await recordGroup(
      tx,
      m.value.investigation.id,
      code,
      [{ checked: checked.value, stored }],
      reader,
      at,
    );
    if (!r!.ok) return r!;
    return ok({ ...r!.value, item: (await itemById(tx, r!.value.item.id))! });
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
