import type { Sql } from '../db/database.ts';

/**
 * The SQL of a case file's bulk imports (migration 0061): the import's record with its counts and
 * its quarantine (each rejected row's line, reason and content). Both tables are append-only.
 */

export type CaseImportKind = 'events' | 'persons';

export interface CaseImportRecord {
  id: bigint;
  investigationId: bigint;
  kind: CaseImportKind;
  fileName: string;
  format: 'csv' | 'json';
  sha256: string;
  status: 'completed' | 'rejected';
  read: number;
  accepted: number;
  added: number;
  alreadyInCase: number;
  rejected: number;
  importedBy: string;
  importedAt: Date;
}

export interface CaseImportReject {
  line: number;
  reason: string;
  field: string | null;
  /** The row as it was read (at most 2,000 characters). */
  content: string;
}

interface ImportRow {
  id: bigint;
  investigation_id: bigint;
  kind: CaseImportKind;
  file_name: string;
  format: 'csv' | 'json';
  sha256: string;
  status: 'completed' | 'rejected';
  rows_read: number;
  rows_accepted: number;
  rows_added: number;
  rows_already_in_case: number;
  rows_rejected: number;
  imported_by: string;
  imported_at: Date;
}
const COLUMNS =
  'id, investigation_id, kind, file_name, format, sha256, status, rows_read, rows_accepted, rows_added, rows_already_in_case, rows_rejected, imported_by, imported_at';
const toRecord = (r: ImportRow): CaseImportRecord => ({
  id: r.id,
  investigationId: r.investigation_id,
  kind: r.kind,
  fileName: r.file_name,
  format: r.format,
  sha256: r.sha256,
  status: r.status,
  read: r.rows_read,
  accepted: r.rows_accepted,
  added: r.rows_added,
  alreadyInCase: r.rows_already_in_case,
  rejected: r.rows_rejected,
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

/** The completed import of these bytes of this kind into the investigation, if any. @example await completedImport(tx, 1n, 'events', sha) */
export async function completedImport(
  sql: Sql,
  investigationId: bigint,
  kind: CaseImportKind,
  sha256: string,
): Promise<CaseImportRecord | null> {
  const [r] = await sql.query<ImportRow>(
    `SELECT ${COLUMNS} FROM case_import WHERE investigation_id = $1 AND kind = $2 AND sha256 = $3 AND status = 'completed'`,
    [investigationId, kind, sha256],
  );
  return r ? toRecord(r) : null;
}

/** Records an import and its quarantined rows. @example await insertImport(tx, record, rejects) */
export async function insertImport(
  sql: Sql,
  record: Omit<CaseImportRecord, 'id'>,
  rejects: readonly CaseImportReject[],
): Promise<CaseImportRecord> {
  const [r] = await sql.query<ImportRow>(
    `INSERT INTO case_import (investigation_id, kind, file_name, format, sha256, status, rows_read,
       rows_accepted, rows_added, rows_already_in_case, rows_rejected, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [
      record.investigationId,
      record.kind,
      record.fileName,
      record.format,
      record.sha256,
      record.status,
      record.read,
      record.accepted,
      record.added,
      record.alreadyInCase,
      record.rejected,
      record.importedBy,
      record.importedAt,
    ],
  );
  const saved = toRecord(r!);
  // A page of rows per statement: a file's rejects are bounded by its rows (at most 100,000).
  for (let i = 0; i < rejects.length; i += 1000) {
    const page = rejects.slice(i, i + 1000);
    await sql.query(
      `INSERT INTO case_import_reject (import_id, line, reason, field, content)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
      [
        saved.id,
        page.map((x) => x.line),
        page.map((x) => x.reason),
        page.map((x) => x.field),
        page.map((x) => x.content.slice(0, 2000)),
      ],
    );
  }
  return saved;
}

/** An import's quarantined rows, in line order. @example await importRejects(db, 1n, 7n) */
export async function importRejects(
  sql: Sql,
  investigationId: bigint,
  importId: bigint,
): Promise<CaseImportReject[]> {
  return sql.query<CaseImportReject>(
    `SELECT r.line, r.reason, r.field, r.content FROM case_import_reject r
       JOIN case_import i ON i.id = r.import_id
      WHERE i.investigation_id = $1 AND r.import_id = $2 ORDER BY r.line LIMIT 100000`,
    [investigationId, importId],
  );
}

/** The keys of the investigation's events (title, type, place, coordinates, times), as the import compares them. @example await eventKeysOf(tx, 1n) */
export async function eventKeysOf(sql: Sql, investigationId: bigint): Promise<Set<string>> {
  const rows = await sql.query<{ key: string }>(
    `SELECT concat_ws(chr(31), title, event_type, place_name, coalesce(latitude::text, ''),
            coalesce(longitude::text, ''), (extract(epoch FROM starts_at) * 1000)::bigint::text,
            (extract(epoch FROM ends_at) * 1000)::bigint::text) AS key
       FROM case_event WHERE investigation_id = $1`,
    [investigationId],
  );
  return new Set(rows.map((r) => r.key));
}
