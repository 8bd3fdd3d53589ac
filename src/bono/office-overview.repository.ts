import type { Sql } from '../db/database.ts';
import { FILE_COLUMNS, type FileRow, PROVISIONAL_SHA256 } from './deposit-file.repository.ts';
import { IMPORT_COLUMNS, type StatusImportRow } from './deposit-status.repository.ts';

/**
 * Deposit files and bank replies as the back office lists them. The bono records them
 * (exportDeposits, importStatus) and owns their tables (bono_deposit_file, bono_status_import,
 * bono_deposit), so the back office's reads of them live here, with the rows and select lists of
 * the repositories that write them. Read-only; every query is bounded.
 */

export interface DepositFileRecord {
  id: number;
  roundId: number;
  bankBic: string;
  messageId: string;
  fileName: string;
  sha256: string;
  nbOfTxs: bigint;
  ctrlSumCentavos: bigint;
  createdBy: string;
  createdAt: Date;
  /** The file row exists but its file was never completed (an export was interrupted). */
  provisional: boolean;
}

const toFile = (r: FileRow): DepositFileRecord => ({
  id: r.id,
  roundId: r.round_id,
  bankBic: r.bank_bic,
  messageId: r.message_id,
  fileName: r.file_name,
  sha256: r.sha256,
  nbOfTxs: r.nb_of_txs,
  ctrlSumCentavos: r.ctrl_sum_centavos,
  createdBy: r.created_by,
  createdAt: r.created_at,
  provisional: r.sha256 === PROVISIONAL_SHA256,
});

/** The deposit files of a round, oldest first (at most one per bank per export). @example await depositFilesOf(db, 1) */
export async function depositFilesOf(db: Sql, roundId: number): Promise<DepositFileRecord[]> {
  const rows = await db.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM bono_deposit_file WHERE round_id = $1 ORDER BY id LIMIT 10000`,
    [roundId],
  );
  return rows.map(toFile);
}

/** One deposit file, or null. @example await depositFile(db, 7) */
export async function depositFile(db: Sql, id: number): Promise<DepositFileRecord | null> {
  const [row] = await db.query<FileRow>(`SELECT ${FILE_COLUMNS} FROM bono_deposit_file WHERE id = $1`, [id]);
  return row ? toFile(row) : null;
}

export interface StatusImportRecord {
  id: number;
  kind: 'pain.002' | 'camt.054';
  fileName: string;
  sha256: string;
  messageId: string | null;
  accepted: bigint;
  rejected: bigint;
  unchanged: bigint;
  unmatched: bigint;
  importedBy: string;
  importedAt: Date;
}

const toReply = (r: StatusImportRow): StatusImportRecord => ({
  id: r.id,
  kind: r.kind,
  fileName: r.file_name,
  sha256: r.sha256,
  messageId: r.message_id,
  accepted: r.accepted,
  rejected: r.rejected,
  unchanged: r.unchanged,
  unmatched: r.unmatched,
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

/** Bank replies a page lists. */
export const STATUS_IMPORTS_PAGE = 50;

/** Bank replies imported, newest first. @example await listStatusImports(db) */
export async function listStatusImports(db: Sql): Promise<StatusImportRecord[]> {
  const rows = await db.query<StatusImportRow>(
    `SELECT ${IMPORT_COLUMNS} FROM bono_status_import ORDER BY id DESC LIMIT ${STATUS_IMPORTS_PAGE}`,
  );
  return rows.map(toReply);
}

/** One bank reply, or null. @example await statusImportById(db, 3) */
export async function statusImportById(db: Sql, id: number): Promise<StatusImportRecord | null> {
  const [row] = await db.query<StatusImportRow>(
    `SELECT ${IMPORT_COLUMNS} FROM bono_status_import WHERE id = $1`,
    [id],
  );
  return row ? toReply(row) : null;
}

/** Deposits a reply rejected, by the bank's reason code ('' when it gave none). @example await rejectionsOf(db, 3) */
export async function rejectionsOf(db: Sql, importId: number): Promise<{ reason: string; n: number }[]> {
  return db.query<{ reason: string; n: number }>(
    `SELECT coalesce(reason_code, '') AS reason, count(*)::int AS n FROM bono_deposit
     WHERE resolved_by_import_id = $1 AND state = 'rejected' GROUP BY 1 ORDER BY 1`,
    [importId],
  );
}
