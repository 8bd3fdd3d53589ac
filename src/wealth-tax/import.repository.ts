import type { Sql } from '../db/database.ts';
import type { DeclarationImport, ImportFormat, ImportReject } from './wealth-tax.types.ts';

/** The declaration imports' SQL (wealth_tax_import, wealth_tax_import_reject). */

const LOCK_KEY = 200_048;

/** One import at a time (the transaction's advisory lock): the same file sent twice at once is imported once. @example await lockImports(tx) */
export async function lockImports(tx: Sql): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
}

/** The import of a file with this SHA-256, with its rejects, or null. @example await importBySha(tx, sha) */
export async function importBySha(tx: Sql, sha256: string): Promise<DeclarationImport | null> {
  const [run] = await tx.query<{
    id: bigint;
    rows_read: number;
    rows_accepted: number;
    rows_rejected: number;
    declarations_filed: number;
  }>(
    `SELECT id, rows_read, rows_accepted, rows_rejected, declarations_filed
       FROM wealth_tax_import WHERE content_sha256 = $1`,
    [sha256],
  );
  if (!run) return null;
  const rejects = await tx.query<ImportReject>(
    'SELECT line, nit, reason FROM wealth_tax_import_reject WHERE import_id = $1 ORDER BY line',
    [run.id],
  );
  return {
    importId: run.id,
    replayed: true,
    rowsRead: run.rows_read,
    rowsAccepted: run.rows_accepted,
    rowsRejected: run.rows_rejected,
    declarationsFiled: run.declarations_filed,
    rejects: rejects.map((r) => ({ line: r.line, nit: r.nit, reason: r.reason })),
  };
}

/** Records an import and its rejected lines; returns its id. @example await insertImport(tx, run, 'account:sin', now) */
export async function insertImport(
  tx: Sql,
  run: {
    sha256: string;
    fileName: string;
    format: ImportFormat;
    rowsRead: number;
    rowsAccepted: number;
    declarationsFiled: number;
    rejects: readonly ImportReject[];
  },
  actor: string,
  at: Date,
): Promise<bigint> {
  const [row] = await tx.query<{ id: bigint }>(
    `INSERT INTO wealth_tax_import (content_sha256, file_name, format, rows_read, rows_accepted, rows_rejected,
                                    declarations_filed, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      run.sha256,
      run.fileName,
      run.format,
      run.rowsRead,
      run.rowsAccepted,
      run.rejects.length,
      run.declarationsFiled,
      actor,
      at,
    ],
  );
  if (run.rejects.length > 0)
    await tx.query(
      `INSERT INTO wealth_tax_import_reject (import_id, line, nit, reason)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
      [
        row!.id,
        run.rejects.map((r) => r.line),
        run.rejects.map((r) => r.nit),
        run.rejects.map((r) => r.reason),
      ],
    );
  return row!.id;
}
