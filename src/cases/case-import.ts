import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { splitCsvLine } from '../shared/csv.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { insertEvent, insertPerson, lockInvestigation, personsOf } from './case.repository.ts';
import { type CaseReader, type Membership, membership } from './case-access.ts';
import {
  type CheckedEvent,
  type CheckedPerson,
  checkEvent,
  checkPerson,
  generatedPersonCode,
  registryLink,
} from './case-file.ts';
import {
  type CaseImportKind,
  type CaseImportReject,
  completedImport,
  eventKeysOf,
  insertImport,
} from './case-import.repository.ts';
import type { CasesFailure } from './cases.failures.ts';

/**
 * Bulk import of a case file's events and persons (issue #21 §7) from CSV or JSON, with the
 * registry's rules (src/registry/import/import-runner.ts): every row read is accounted for
 * (read = added + already in the case + rejected), every rejected row is quarantined with its line
 * and reason (table `case_import_reject`, migration 0061), the file is imported in one transaction,
 * audited once with its counts, and the same bytes imported again add nothing (`already_imported`).
 *
 * One policy differs from the registry's, on purpose: the registry writes a file's good rows and
 * quarantines its bad ones, because its rows are keyed (the CI triple) and the corrected rows are
 * simply sent again; a case file's events have no such key, and a partly imported file of events
 * and persons would be resent whole and half-duplicated. So a file is all or nothing: one rejected
 * row and none of its rows enters the case file — the import is recorded as `rejected` with every
 * rejected row, and the corrected file is imported whole. Rows already in the case (an event with
 * the same title, type, place, coordinates and times; a person with the same code, or without one
 * the same name and date of birth) are counted as such and not added twice.
 *
 * Only the team's investigators import (capability `record_evidence`, as adding a person). A
 * person who gives a CI number, complemento and date of birth is linked to the population
 * registry, as addPerson does; one the registry does not hold is a rejected row.
 *
 * Formats (docs in src/cases/README.md). CSV, UTF-8, header first, in this order:
 *   events:  title,event_type,place_name,latitude,longitude,starts_at,ends_at,description
 *   persons: code,full_name,roles,sex,date_of_birth,ci_number,complemento,registry_date_of_birth,family_code,protected
 * (`roles` separated by `;`, `protected` true/false, instants ISO 8601 with their time zone).
 * JSON: an array of objects with the same keys (`roles` may be an array, numbers and booleans as
 * themselves); the line of a rejected element is the line where it starts.
 */

export const EVENT_IMPORT_HEADER = [
  'title',
  'event_type',
  'place_name',
  'latitude',
  'longitude',
  'starts_at',
  'ends_at',
  'description',
] as const;

export const PERSON_IMPORT_HEADER = [
  'code',
  'full_name',
  'roles',
  'sex',
  'date_of_birth',
  'ci_number',
  'complemento',
  'registry_date_of_birth',
  'family_code',
  'protected',
] as const;

/** The largest file imported (the HTTP route streams at most this much). */
export const MAX_CASE_IMPORT_BYTES = 16 * 1024 * 1024;
/** At most this many rows in one file. */
export const MAX_CASE_IMPORT_ROWS = 50_000;

export type CaseImportFormat = 'csv' | 'json';

/** Why a row was rejected: a code the interfaces word, with the field it concerns when it is about one. */
export type CaseImportRejectReason =
  | 'quotes_malformed'
  | 'column_count'
  | 'not_an_object'
  | 'field_unknown'
  | 'instant_invalid'
  | 'number_invalid'
  | 'boolean_invalid'
  | 'duplicate_in_file'
  | 'code_taken'
  | CasesFailure['code'];

export interface CaseImportRejection {
  line: number;
  reason: CaseImportRejectReason;
  field?: string;
}

export interface CaseImportOutcome {
  /** `already_imported`: these bytes were imported before, nothing was done (the earlier counts). */
  status: 'completed' | 'rejected' | 'already_imported';
  importId: bigint;
  kind: CaseImportKind;
  sha256: string;
  /** read = accepted + rejected; a completed file's accepted = added + alreadyInCase, a rejected file writes none. */
  read: number;
  accepted: number;
  added: number;
  alreadyInCase: number;
  rejected: number;
  /** Every rejected row, by line (empty for an earlier import). */
  rejections: CaseImportRejection[];
  /** The ids of the rows added, in file order. */
  addedIds: bigint[];
}

/** A row as read, before it is checked: its line, its fields by name, its text (for the quarantine). */
interface ReadRow {
  line: number;
  fields: Record<string, unknown>;
  content: string;
}

type Invalid = Extract<CasesFailure, { code: 'case_input_invalid' }>;
const fileInvalid = (field: string, problem: Invalid['problem']): Result<never, CasesFailure> =>
  fail({ code: 'case_input_invalid', field, problem });

/**
 * Whether the reader may import into the investigation (an investigator of its team): asked
 * before an upload's body is read.
 *
 * @example const m = await mayImportIntoCase(db, 'GIEI-2019', reader);
 */
export async function mayImportIntoCase(
  sql: Sql,
  code: string,
  reader: CaseReader,
): Promise<Result<Membership, CasesFailure>> {
  return membership(sql, code, reader, 'record_evidence');
}

/**
 * The format a file's name or media type tells: JSON for `.json` or `application/json`, else CSV.
 *
 * @example importFormatOf('personas.json') // 'json'
 */
export function importFormatOf(nameOrType: string): CaseImportFormat {
  return /(\.json$|\bjson\b)/i.test(nameOrType) ? 'json' : 'csv';
}

/**
 * Imports a file of events or persons into the investigation, all or nothing (see above).
 *
 * @example const r = await importCaseFile(db, 'GIEI-2019', 'events', { fileName: 'hechos.csv', bytes, format: 'csv' }, reader, now);
 */
export async function importCaseFile(
  db: Database,
  code: string,
  kind: CaseImportKind,
  file: { fileName: string; bytes: Uint8Array; format: CaseImportFormat },
  reader: CaseReader,
  at: Date,
): Promise<Result<CaseImportOutcome, CasesFailure>> {
  if (kind !== 'events' && kind !== 'persons') return fileInvalid('kind', 'format');
  const allowed = await mayImportIntoCase(db, code, reader);
  if (!allowed.ok) return passOn(allowed);
  if (file.bytes.byteLength > MAX_CASE_IMPORT_BYTES) return fileInvalid('file', 'range');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    return fileInvalid('file', 'format');
  }
  const header = kind === 'events' ? EVENT_IMPORT_HEADER : PERSON_IMPORT_HEADER;
  const parsed = file.format === 'json' ? jsonRows(text, header) : csvRows(text, header);
  if (!parsed.ok) return parsed;
  const { rows, rejections } = parsed.value;
  const read = rows.length + rejections.length;
  if (read === 0) return fileInvalid('file', 'missing');
  if (read > MAX_CASE_IMPORT_ROWS) return fileInvalid('file', 'range');
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const fileName = file.fileName.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(-200) || 'archivo';
  const quarantine = new Map<number, CaseImportReject>();
  for (const r of rejections) quarantine.set(r.line, { ...r, field: r.field ?? null });

  return db.transaction(async (tx) => {
    const m = await mayImportIntoCase(tx, code, reader);
    if (!m.ok) return passOn(m);
    const investigationId = m.value.investigation.id;
    // One import into an investigation at a time, so that two imports of one file add it once.
    await lockInvestigation(tx, investigationId);
    const earlier = await completedImport(tx, investigationId, kind, sha256);
    if (earlier)
      return ok({
        status: 'already_imported' as const,
        importId: earlier.id,
        kind,
        sha256,
        read: earlier.read,
        accepted: earlier.accepted,
        added: earlier.added,
        alreadyInCase: earlier.alreadyInCase,
        rejected: earlier.rejected,
        rejections: [],
        addedIds: [],
      });
    const reject = (row: ReadRow, reason: CaseImportRejectReason, field?: string) =>
      quarantine.set(row.line, { line: row.line, reason, field: field ?? null, content: row.content });

    const plan =
      kind === 'events'
        ? await planEvents(tx, investigationId, rows, reject)
        : await planPersons(tx, investigationId, rows, reject);
    const rejects = [...quarantine.values()].sort((x, y) => x.line - y.line);
    const status = rejects.length > 0 ? ('rejected' as const) : ('completed' as const);
    const addedIds: bigint[] = [];
    if (status === 'completed') {
      for (const add of plan.toAdd) {
        if (add.kind === 'event') {
          addedIds.push((await insertEvent(tx, { investigationId, ...add.event }, reader.actor, at)).id);
          continue;
        }
        const p = add.person;
        const person = await insertPerson(
          tx,
          {
            investigationId,
            code: add.code,
            fullName: p.fullName,
            roles: p.roles,
            sex: p.sex,
            dateOfBirth: p.dateOfBirth,
            registryPersonId: add.registryPersonId,
            familyCode: p.familyCode,
            protected: p.protected,
          },
          reader.actor,
          at,
        );
        // The codes were checked free under the investigation's lock: a taken one is a bug.
        if (!person) throw new Error(`case import: person code ${add.code} taken during the import`);
        addedIds.push(person.id);
      }
    }
    const accepted = read - rejects.length;
    const counts = {
      read,
      accepted,
      added: addedIds.length,
      alreadyInCase: status === 'completed' ? plan.alreadyInCase : 0,
      rejected: rejects.length,
    };
    if (status === 'completed' && counts.accepted !== counts.added + counts.alreadyInCase)
      throw new Error(
        `case import: accepted ${accepted} != added ${counts.added} + already ${counts.alreadyInCase}`,
      );
    const record = await insertImport(
      tx,
      {
        investigationId,
        kind,
        fileName,
        format: file.format,
        sha256,
        status,
        ...counts,
        importedBy: reader.actor,
        importedAt: at,
      },
      rejects,
    );
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: status === 'completed' ? 'case_import.completed' : 'case_import.rejected',
      entityType: 'case_import',
      entityId: record.id,
      after: {
        investigation: code,
        kind,
        fileName,
        format: file.format,
        sha256,
        ...counts,
        ...(addedIds.length > 0 ? { firstId: addedIds[0], lastId: addedIds.at(-1) } : {}),
      },
    });
    return ok({
      status,
      importId: record.id,
      kind,
      sha256,
      ...counts,
      rejections: rejects.map((r) => ({
        line: r.line,
        reason: r.reason as CaseImportRejectReason,
        ...(r.field ? { field: r.field } : {}),
      })),
      addedIds,
    });
  });
}

type Planned =
  | { kind: 'event'; event: CheckedEvent }
  | { kind: 'person'; person: CheckedPerson; code: string; registryPersonId: bigint | null };

interface Plan {
  toAdd: Planned[];
  alreadyInCase: number;
}

type Reject = (row: ReadRow, reason: CaseImportRejectReason, field?: string) => void;

const FAILURE_FIELD = (f: CasesFailure) => (f.code === 'case_input_invalid' ? f.field : undefined);

async function planEvents(sql: Sql, investigationId: bigint, rows: ReadRow[], reject: Reject): Promise<Plan> {
  const inCase = await eventKeysOf(sql, investigationId);
  const inFile = new Set<string>();
  const plan: Plan = { toAdd: [], alreadyInCase: 0 };
  for (const row of rows) {
    const f = row.fields;
    const startsAt = instant(f.starts_at);
    if (!startsAt) {
      reject(row, 'instant_invalid', 'starts_at');
      continue;
    }
    const endsAt = f.ends_at === '' || f.ends_at === undefined ? startsAt : instant(f.ends_at);
    if (!endsAt) {
      reject(row, 'instant_invalid', 'ends_at');
      continue;
    }
    const latitude = optionalNumber(f.latitude);
    const longitude = optionalNumber(f.longitude);
    if (latitude === null || longitude === null) {
      reject(row, 'number_invalid', latitude === null ? 'latitude' : 'longitude');
      continue;
    }
    const checked = checkEvent({
      title: String(f.title ?? ''),
      eventType: String(f.event_type ?? ''),
      placeName: String(f.place_name ?? ''),
      latitude,
      longitude,
      startsAt,
      endsAt,
      description: String(f.description ?? ''),
    });
    if (!checked.ok) {
      reject(row, checked.error.code, FAILURE_FIELD(checked.error));
      continue;
    }
    const key = eventKey(checked.value);
    if (inFile.has(key)) {
      reject(row, 'duplicate_in_file');
      continue;
    }
    inFile.add(key);
    if (inCase.has(key)) plan.alreadyInCase++;
    else plan.toAdd.push({ kind: 'event', event: checked.value });
  }
  return plan;
}

/** The fields that make two events the same one (the description aside), as eventKeysOf writes them. */
function eventKey(e: CheckedEvent): string {
  return [
    e.title,
    e.eventType,
    e.placeName,
    e.latitude ?? '',
    e.longitude ?? '',
    String(e.startsAt.getTime()),
    String(e.endsAt.getTime()),
  ].join('\u001f');
}

async function planPersons(
  sql: Sql,
  investigationId: bigint,
  rows: ReadRow[],
  reject: Reject,
): Promise<Plan> {
  const existing = await personsOf(sql, investigationId);
  const byCode = new Map(existing.map((p) => [p.code, p]));
  const nameKey = (name: string, dob: string | null) => `${name.toLocaleLowerCase('es')}\u001f${dob ?? ''}`;
  const byName = new Set(existing.map((p) => nameKey(p.fullName, p.dateOfBirth)));
  const codesInFile = new Set<string>();
  const namesInFile = new Set<string>();
  const plan: Plan = { toAdd: [], alreadyInCase: 0 };
  for (const row of rows) {
    const f = row.fields;
    const isProtected = optionalBoolean(f.protected);
    if (isProtected === null) {
      reject(row, 'boolean_invalid', 'protected');
      continue;
    }
    const roles = Array.isArray(f.roles)
      ? f.roles.map(String)
      : String(f.roles ?? '')
          .split(/[;|]/)
          .map((r) => r.trim())
          .filter((r) => r !== '');
    const ci = str(f.ci_number);
    const registryDob = str(f.registry_date_of_birth) ?? str(f.date_of_birth);
    const checked = checkPerson({
      code: str(f.code),
      fullName: String(f.full_name ?? ''),
      roles,
      sex: (str(f.sex) ?? 'unknown') as 'unknown',
      dateOfBirth: str(f.date_of_birth),
      registry: ci
        ? { ciNumber: ci, complemento: str(f.complemento), dateOfBirth: registryDob ?? '' }
        : undefined,
      familyCode: str(f.family_code),
      protected: isProtected,
    });
    if (!checked.ok) {
      reject(row, checked.error.code, FAILURE_FIELD(checked.error));
      continue;
    }
    const p = checked.value;
    const key = nameKey(p.fullName, p.dateOfBirth);
    if ((p.code !== undefined && codesInFile.has(p.code)) || (p.code === undefined && namesInFile.has(key))) {
      reject(row, 'duplicate_in_file', p.code !== undefined ? 'code' : 'full_name');
      continue;
    }
    if (p.code !== undefined) codesInFile.add(p.code);
    namesInFile.add(key);
    const sameCode = p.code !== undefined ? byCode.get(p.code) : undefined;
    if (sameCode) {
      if (nameKey(sameCode.fullName, sameCode.dateOfBirth) === key) plan.alreadyInCase++;
      else reject(row, 'code_taken', 'code');
      continue;
    }
    if (p.code === undefined && byName.has(key)) {
      plan.alreadyInCase++;
      continue;
    }
    const link = await registryLink(sql, p);
    if (!link.ok) {
      reject(row, link.error.code, 'ci_number');
      continue;
    }
    plan.toAdd.push({ kind: 'person', person: p, code: p.code ?? '', registryPersonId: link.value });
  }
  // A person without a code gets the next free one (V-0007 …), skipping codes the case or the file holds.
  // Numbered as addPerson numbers them: by the person's place among those of the case.
  let next = existing.length;
  for (const [i, add] of plan.toAdd.entries()) {
    next = Math.max(next, existing.length + i);
    if (add.kind !== 'person' || add.code !== '') continue;
    let generated: string;
    do generated = generatedPersonCode(add.person.roles, next++);
    while (byCode.has(generated) || codesInFile.has(generated));
    add.code = generated;
  }
  return plan;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(v: unknown): Date | undefined {
  if (typeof v !== 'string' || !ISO_INSTANT.test(v.trim())) return undefined;
  const d = new Date(v.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A number, undefined when empty, null when not a number. */
function optionalNumber(v: unknown): number | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !/^-?\d{1,3}(\.\d{1,9})?$/.test(v.trim())) return null;
  return Number(v.trim());
}

/** A boolean (true/false, sí/no, 1/0), false when empty, null when none of those. */
function optionalBoolean(v: unknown): boolean | null {
  if (v === undefined || v === null || v === '') return false;
  if (typeof v === 'boolean') return v;
  const t = String(v).trim().toLowerCase();
  if (['true', '1', 'sí', 'si', 'yes'].includes(t)) return true;
  if (['false', '0', 'no'].includes(t)) return false;
  return null;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const t = String(v).trim();
  return t === '' ? undefined : t;
}

interface Parsed {
  rows: ReadRow[];
  rejections: { line: number; reason: CaseImportRejectReason; content: string; field?: string }[];
}

/**
 * The rows of a CSV file: the header must be the kind's, in its order; a line with malformed
 * quotes or the wrong number of fields is a rejected row (never a stop); blank lines are skipped.
 */
function csvRows(text: string, header: readonly string[]): Result<Parsed, CasesFailure> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = splitCsvLine(lines[0] ?? '');
  if (!first || first.map((h) => h.trim()).join(',') !== header.join(','))
    return fileInvalid('header', 'format');
  const parsed: Parsed = { rows: [], rejections: [] };
  for (let i = 1; i < lines.length; i++) {
    const content = lines[i]!;
    if (content.trim() === '') continue;
    if (parsed.rows.length + parsed.rejections.length >= MAX_CASE_IMPORT_ROWS + 1) break;
    const line = i + 1;
    const fields = splitCsvLine(content);
    if (!fields) {
      parsed.rejections.push({ line, reason: 'quotes_malformed', content });
      continue;
    }
    if (fields.length !== header.length) {
      parsed.rejections.push({ line, reason: 'column_count', content });
      continue;
    }
    parsed.rows.push({
      line,
      fields: Object.fromEntries(header.map((h, j) => [h, fields[j]!.trim()])),
      content,
    });
  }
  return ok(parsed);
}

/**
 * The rows of a JSON file: an array of objects whose keys are the kind's columns (a missing key is
 * an empty field; an unknown key or an element that is not an object is a rejected row).
 */
function jsonRows(text: string, header: readonly string[]): Result<Parsed, CasesFailure> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fileInvalid('file', 'format');
  }
  if (!Array.isArray(value)) return fileInvalid('file', 'format');
  const lines = elementLines(text);
  const parsed: Parsed = { rows: [], rejections: [] };
  const known = new Set(header);
  value.slice(0, MAX_CASE_IMPORT_ROWS + 1).forEach((element: unknown, i) => {
    const line = lines[i] ?? i + 1;
    const content = JSON.stringify(element) ?? '';
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      parsed.rejections.push({ line, reason: 'not_an_object', content });
      return;
    }
    const unknown = Object.keys(element).find((k) => !known.has(k));
    if (unknown !== undefined) {
      parsed.rejections.push({ line, reason: 'field_unknown', field: unknown.slice(0, 60), content });
      return;
    }
    parsed.rows.push({ line, fields: element as Record<string, unknown>, content });
  });
  return ok(parsed);
}

/**
 * The line (from 1) where each element of a top-level JSON array starts, for text JSON.parse
 * accepted: a scan that follows strings and nesting depth.
 */
function elementLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (depth === 1 && expectElement) {
      starts.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  // `[]`: the scan took the closing bracket for an element.
  return starts;
}
