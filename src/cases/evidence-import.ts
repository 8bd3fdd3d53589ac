import { createReadStream } from 'node:fs';
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { splitCsvLine } from '../shared/csv.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { type CaseReader, membership } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';
import { EVIDENCE_KINDS, type EvidenceBlobs, type EvidenceKind } from './cases.types.ts';
import { sniffMediaType } from './evidence/metadata.ts';
import {
  type CheckedEvidence,
  type Collection,
  checkEvidence,
  recordEvidenceGroup,
  type StoredEvidence,
  storeEvidenceBatch,
} from './evidence-items.ts';

/**
 * Bulk import of evidence (issue #21 §7) from a manifest CSV or a folder. Every row read is
 * accounted for: rows read = accepted + rejected, where accepted = added + already in the case, and
 * each rejected row keeps its line number and a reason code (the interfaces word it). Idempotent by
 * content: a file whose bytes the investigation already holds is not added again (checked under the
 * investigation's lock), so an interrupted import is finished by running it again. Each added item
 * opens its custody log with its collection and is audited as any evidence; the import itself is
 * audited with its counts.
 *
 * The manifest's header (in this order): file,title,kind,media_type,family_code,event_id,
 * collected_by,collected_at,place,method — `file` relative to the manifest's folder; title, media
 * type, family and event may be empty (the file name, the type its first bytes show or else
 * application/octet-stream, none, none);
 * the collection columns may be empty when the command gives a default collection.
 */

export const MANIFEST_HEADER = [
  'file',
  'title',
  'kind',
  'media_type',
  'family_code',
  'event_id',
  'collected_by',
  'collected_at',
  'place',
  'method',
] as const;

/** A file larger than this is refused (the API's limit for one item is 10 MB; the store streams). */
export const MAX_IMPORT_FILE_BYTES = 2 * 1024 * 1024 * 1024;
/** A manifest or folder holds at most this many rows (the import keeps its rejects in memory). */
export const MAX_IMPORT_ROWS = 1_000_000;

/** Why a row was rejected: a code the interfaces word, with the column or failure it concerns. */
export type ImportRejectReason =
  | 'header_invalid'
  | 'quotes_malformed'
  | 'column_count'
  | 'file_missing'
  | 'file_outside_folder'
  | 'not_a_file'
  | 'file_too_large'
  | 'kind_unknown'
  | 'event_id_invalid'
  | 'collection_incomplete'
  | 'collected_at_invalid'
  | CasesFailure['code'];

export interface ImportRejection {
  /** The physical line of the manifest (the folder's n-th file, counting from 1). */
  line: number;
  file: string;
  reason: ImportRejectReason;
  /** The field concerned, when the reason is about one. */
  field?: string;
}

export interface ImportCounts {
  read: number;
  added: number;
  alreadyInCase: number;
  rejected: number;
}

export interface ImportOutcome extends ImportCounts {
  rejections: ImportRejection[];
  /** The ids of the items added or found, in row order. */
  itemIds: bigint[];
  bytesRead: number;
}

/** One row to import, before its file is read. */
export interface ImportRow {
  line: number;
  file: string;
  title: string;
  kind: string;
  mediaType: string;
  familyCode: string;
  eventId: string;
  collection: Partial<Record<'by' | 'collectedAt' | 'place' | 'method', string>>;
}

export interface ImportOptions {
  /** The collection of every row whose own columns are empty (a folder has none of its own). */
  defaultCollection?: Partial<Record<'by' | 'collectedAt' | 'place' | 'method', string>>;
  /** The kind of every row that names none (a folder): from the media type when absent. */
  defaultKind?: string;
  /** Called after each row with the counts so far and the bytes read (progress). */
  onRow?: (counts: ImportCounts, bytesRead: number) => void;
  /**
   * Called after a group's files are stored and before they are recorded, with their number
   * (progress; a test throws here to stand for a crash between the two steps).
   */
  onGroupStored?: (files: number) => void | Promise<void>;
  /** Rows per group (default IMPORT_GROUP_ROWS). */
  groupRows?: number;
  /** Files written at once in the store step (default 16). */
  concurrency?: number;
}

/**
 * The rows of a manifest CSV (header checked, quotes checked, column count checked; a bad line is
 * a rejection, never a stop).
 *
 * @example const { rows, rejections } = manifestRows(text, 'pruebas/manifest.csv');
 */
export function manifestRows(text: string): { rows: ImportRow[]; rejections: ImportRejection[] } {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const rows: ImportRow[] = [];
  const rejections: ImportRejection[] = [];
  const header = splitCsvLine((lines[0] ?? '').replace(/^\uFEFF/, ''));
  if (!header || header.map((h) => h.trim()).join(',') !== MANIFEST_HEADER.join(',')) {
    rejections.push({ line: 1, file: '', reason: 'header_invalid' });
    return { rows, rejections };
  }
  for (let i = 1; i < lines.length && i <= MAX_IMPORT_ROWS; i++) {
    const line = i + 1;
    const fields = splitCsvLine(lines[i]!);
    if (!fields) {
      rejections.push({ line, file: '', reason: 'quotes_malformed' });
      continue;
    }
    if (fields.length !== MANIFEST_HEADER.length) {
      rejections.push({ line, file: fields[0] ?? '', reason: 'column_count' });
      continue;
    }
    const [file, title, kind, mediaType, familyCode, eventId, by, collectedAt, place, method] = fields.map(
      (f) => f.trim(),
    ) as string[];
    rows.push({
      line,
      file: file!,
      title: title!,
      kind: kind!,
      mediaType: mediaType!,
      familyCode: familyCode!,
      eventId: eventId!,
      collection: { by, collectedAt, place, method },
    });
  }
  return { rows, rejections };
}

/**
 * The rows of a folder: each regular file below it (sorted by path, so line numbers are stable),
 * with nothing but its name; kind, media type and collection come from the options.
 *
 * @example const rows = await folderRows('pruebas/');
 */
export async function folderRows(folder: string): Promise<ImportRow[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath ?? e.path, e.name)))
    .sort()
    .slice(0, MAX_IMPORT_ROWS);
  return files.map((file, i) => ({
    line: i + 1,
    file,
    title: '',
    kind: '',
    mediaType: '',
    familyCode: '',
    eventId: '',
    collection: {},
  }));
}

const KIND_OF_MEDIA: [RegExp, EvidenceKind][] = [
  [/^image\//, 'photo'],
  [/^video\//, 'video'],
  [/^audio\//, 'audio'],
  [/^(application\/pdf|text\/)/, 'document'],
];

/** Rows recorded per transaction (one audit batch each) and stored per `putBatch`. */
export const IMPORT_GROUP_ROWS = 500;
/**
 * A file up to this size is read whole (one read, no stream); larger files are streamed once. A
 * group holds at most IMPORT_GROUP_ROWS × this in memory (128 MiB).
 */
export const WHOLE_READ_BYTES = 256 * 1024;

/** A row whose fields and file passed the checks, ready for the store step. */
interface Prepared {
  row: ImportRow;
  size: number;
  checked: CheckedEvidence;
  bytes: Uint8Array | AsyncIterable<Uint8Array>;
}

/**
 * Imports the rows into the investigation in groups of IMPORT_GROUP_ROWS rows, reading each file
 * from `folder`. Per group: each row is checked (its path inside the folder, a regular file, its
 * collection, kind, event id, the item's fields) — a failing row is rejected with its line and
 * reason and nothing of it is stored; then the store step (storeEvidenceBatch: small files read
 * whole, large ones streamed once, hashed while written, each file fsynced, each folder fsynced once
 * per group; outside any transaction, idempotent by content); then the record step in ONE
 * transaction for the group (recordEvidenceGroup: rows, custody logs, one batch of audit entries).
 * A row the record step refuses (an event not in the case) is rejected; anything thrown rolls the
 * group back whole and stops the import — the group's blobs stay in the store, no row points to
 * them, and running the import again reuses them and records each file once. The import itself is
 * audited with its counts.
 *
 * @example const outcome = (await importEvidence(db, store, 'SINT-2019', 'pruebas', rows, earlier, reader, now, { defaultCollection })).value;
 */
export async function importEvidence(
  db: Database,
  blobs: EvidenceBlobs,
  code: string,
  folder: string,
  rows: readonly ImportRow[],
  earlierRejections: readonly ImportRejection[],
  reader: CaseReader,
  at: Date,
  options: ImportOptions = {},
): Promise<Result<ImportOutcome, CasesFailure>> {
  const allowed = await membership(db, code, reader, 'record_evidence');
  if (!allowed.ok) return passOn(allowed);
  const root = path.resolve(folder);
  const rejections: ImportRejection[] = [...earlierRejections];
  const itemIds: bigint[] = [];
  const counts: ImportCounts = {
    read: rows.length + earlierRejections.length,
    added: 0,
    alreadyInCase: 0,
    rejected: 0,
  };
  let bytesRead = 0;
  const reject = (r: ImportRow, reason: ImportRejectReason, field?: string) =>
    rejections.push({ line: r.line, file: r.file, reason, ...(field ? { field } : {}) });
  const groupRows = Math.max(1, options.groupRows ?? IMPORT_GROUP_ROWS);
  const concurrency = Math.max(1, options.concurrency ?? 16);
  // Groups go through a pipeline of two: while one group is recorded (the database), the next is
  // checked and stored (the files), so neither waits for the other; groups are recorded in order.
  let staging = rows.length > 0 ? stage(0) : undefined;
  for (let start = 0; staging !== undefined; start += groupRows) {
    const current = await staging;
    staging = start + groupRows < rows.length ? stage(start + groupRows) : undefined;
    // A failure of the next stage is seen when it is awaited, not as an unhandled rejection now.
    staging?.catch(() => undefined);
    const prepared: Prepared[] = [];
    for (const p of current.opened) {
      if ('checked' in p) prepared.push(p);
      else {
        rejections.push(p);
        counts.rejected = rejections.length;
        options.onRow?.({ ...counts }, bytesRead);
      }
    }
    if (prepared.length === 0) continue;
    const stored = current.stored;
    const recorded = await recordEvidenceGroup(
      db,
      code,
      prepared.map((p, i) => ({ checked: p.checked, stored: stored[i]! })),
      reader,
      at,
    );
    if (!recorded.ok) {
      await staging?.catch(() => undefined);
      return passOn(recorded);
    }
    for (const [i, r] of recorded.value.entries()) {
      const row = prepared[i]!.row;
      bytesRead += stored[i]!.byteLength;
      if (!r.ok) reject(row, r.error.code, r.error.code === 'case_input_invalid' ? r.error.field : undefined);
      else {
        itemIds.push(r.value.item.id);
        if (r.value.alreadyInCase) counts.alreadyInCase++;
        else counts.added++;
      }
      counts.rejected = rejections.length;
      options.onRow?.({ ...counts }, bytesRead);
    }
  }
  counts.rejected = rejections.length;
  if (counts.read !== counts.added + counts.alreadyInCase + counts.rejected)
    return fail({ code: 'case_input_invalid', field: 'import', problem: 'conflict' });
  await appendAudit(db, {
    at,
    actor: reader.actor,
    action: 'case_evidence.imported',
    entityType: 'case_investigation',
    entityId: allowed.value.investigation.id,
    after: {
      investigation: code,
      read: counts.read,
      added: counts.added,
      alreadyInCase: counts.alreadyInCase,
      rejected: counts.rejected,
      bytesRead,
    },
  });
  rejections.sort((a, b) => a.line - b.line);
  return ok({ ...counts, rejections, itemIds, bytesRead });

  /**
   * The store step of the group from `start`: up to groupRows rows, checked and opened
   * `concurrency` at a time (in row order), then the checked files stored.
   */
  async function stage(
    start: number,
  ): Promise<{ opened: (Prepared | ImportRejection)[]; stored: StoredEvidence[] }> {
    const group = rows.slice(start, start + groupRows);
    const opened: (Prepared | ImportRejection)[] = new Array(group.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(group.length, concurrency) }, async () => {
        while (next < group.length) {
          const i = next++;
          opened[i] = await prepare(group[i]!);
        }
      }),
    );
    const prepared = opened.filter((p): p is Prepared => 'checked' in p);
    if (prepared.length === 0) return { opened, stored: [] };
    const stored = await storeEvidenceBatch(
      blobs,
      prepared.map((p) => ({ bytes: p.bytes, mediaType: p.checked.mediaType })),
      // The bytes read whole are for the store alone: moved to its writer thread, not copied.
      { concurrency, handOver: true },
    );
    await options.onGroupStored?.(stored.length);
    return { opened, stored };
  }

  /** Checks one row and opens its bytes (whole when small), or its rejection. */
  async function prepare(row: ImportRow): Promise<Prepared | ImportRejection> {
    const reject = (reason: ImportRejectReason, field?: string): ImportRejection => ({
      line: row.line,
      file: row.file,
      reason,
      ...(field ? { field } : {}),
    });
    const full = path.resolve(root, row.file);
    if (row.file === '' || path.isAbsolute(row.file) || !full.startsWith(root + path.sep))
      return reject('file_outside_folder', 'file');
    const stat = await lstat(full).catch(() => null);
    if (!stat) return reject('file_missing', 'file');
    if (!stat.isFile()) return reject('not_a_file', 'file');
    if (stat.size > MAX_IMPORT_FILE_BYTES) return reject('file_too_large', 'file');
    const c = { ...options.defaultCollection };
    for (const [k, v] of Object.entries(row.collection)) if (v) c[k as keyof typeof c] = v;
    if (!c.by || !c.place || !c.method || !c.collectedAt)
      return reject('collection_incomplete', 'collected_by');
    const collectedAt = new Date(c.collectedAt);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(c.collectedAt) || Number.isNaN(collectedAt.getTime()))
      return reject('collected_at_invalid', 'collected_at');
    if (row.eventId !== '' && !/^[0-9]{1,18}$/.test(row.eventId))
      return reject('event_id_invalid', 'event_id');
    // A small file is read whole, once; a large one is streamed once into the store (hashed as it
    // is written), never read whole. Its type, when the row gives none, from its first bytes. A
    // file whose type neither tells is still evidence: kept as bytes.
    // readFile's buffer is the file's alone (the store may move it to its writer thread).
    const whole = stat.size <= WHOLE_READ_BYTES ? await readFile(full) : undefined;
    const mediaType =
      row.mediaType || sniffMediaType(whole ?? (await firstBytes(full))) || 'application/octet-stream';
    const kind =
      row.kind || options.defaultKind || KIND_OF_MEDIA.find(([re]) => re.test(mediaType))?.[1] || 'other';
    if (!(EVIDENCE_KINDS as readonly string[]).includes(kind)) return reject('kind_unknown', 'kind');
    const collection: Collection = { by: c.by, place: c.place, method: c.method, collectedAt };
    const checked = checkEvidence({
      title: row.title || path.basename(row.file),
      kind,
      mediaType,
      familyCode: row.familyCode || undefined,
      eventId: row.eventId === '' ? undefined : BigInt(row.eventId),
      collection,
      oncePerCase: true,
    });
    if (!checked.ok) {
      const e = checked.error;
      return reject(e.code, e.code === 'case_input_invalid' ? e.field : undefined);
    }
    return { row, size: stat.size, checked: checked.value, bytes: whole ?? streamOf(full) };
  }
}

/** A file's bytes as a stream opened only when first read (a group holds many). */
async function* streamOf(file: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) yield chunk as Buffer;
}

/** A file's first bytes (enough for the signatures sniffMediaType knows). */
async function firstBytes(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
