import type { Sql } from '../../db/database.ts';

/**
 * The import's own bookkeeping in the database: `import_run` (one row per attempt, running,
 * completed or failed), the lock that serialises imports of one kind, and the statistics of the
 * tables an import wrote. The pipeline (./import-runner.ts) decides when; this file says how.
 */

/** A completed import of the same file, as the pipeline reports it back. */
export interface CompletedImport {
  id: bigint;
  finishedAt: Date;
  rowsRead: bigint;
}

/** The file an import run is about, as `import_run` records it. */
export interface ImportRunFile {
  kind: string;
  fileName: string;
  sha256: string;
  encoding: string;
  actor: string;
}

/** What a completed import counted, as `import_run` keeps it. */
export interface ImportRunCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRemoved: number;
  /** Of the accepted rows, those linked by identity resolution's score (source lists). */
  rowsLinkedByScore: number;
  /** Rows waiting in the identity review queue: read = accepted + queued + rejected. */
  rowsQueued: number;
  rejectsPath: string | null;
}

/**
 * Waits until no other transaction imports this kind of file, and holds the lock until the
 * transaction ends (a transaction-scoped advisory lock, so a crash cannot leave it held).
 *
 * @example await lockImportKind(tx, 'persons');
 */
export async function lockImportKind(tx: Sql, kind: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ayni:import:${kind}`]);
}

/**
 * The completed import of this kind with this content, if there is one.
 *
 * @example const previous = await findCompletedImport(db, 'persons', survey.sha256);
 */
export async function findCompletedImport(
  db: Sql,
  kind: string,
  sha256: string,
): Promise<CompletedImport | undefined> {
  const [row] = await db.query<{ id: bigint; finished_at: Date; rows_read: bigint }>(
    `SELECT id, finished_at, rows_read FROM import_run WHERE kind = $1 AND content_sha256 = $2 AND status = 'completed'`,
    [kind, sha256],
  );
  return row && { id: row.id, finishedAt: row.finished_at, rowsRead: row.rows_read };
}

/**
 * Records an import that starts now and returns its id (the rows it writes carry it).
 *
 * @example const importId = await insertRunningImport(tx, { kind, fileName, sha256, encoding, actor });
 */
export async function insertRunningImport(tx: Sql, file: ImportRunFile): Promise<bigint> {
  const [run] = await tx.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, encoding, actor, status)
     VALUES ($1, $2, $3, $4, $5, 'running') RETURNING id`,
    [file.kind, file.fileName, file.sha256, file.encoding, file.actor],
  );
  return run!.id;
}

/**
 * Marks a running import completed, with its counts.
 *
 * @example await completeImportRun(tx, importId, { rowsRead: 3, rowsAccepted: 3, rowsRejected: 0, … });
 */
export async function completeImportRun(tx: Sql, importId: bigint, counts: ImportRunCounts): Promise<void> {
  await tx.query(
    `UPDATE import_run SET status = 'completed', finished_at = now(), rows_read = $2, rows_accepted = $3,
       rows_rejected = $4, rows_inserted = $5, rows_updated = $6, rows_unchanged = $7, rows_removed = $8,
       rejects_path = $9, rows_linked_by_score = $10, rows_queued = $11
     WHERE id = $1`,
    [
      importId,
      counts.rowsRead,
      counts.rowsAccepted,
      counts.rowsRejected,
      counts.rowsInserted,
      counts.rowsUpdated,
      counts.rowsUnchanged,
      counts.rowsRemoved,
      counts.rejectsPath,
      counts.rowsLinkedByScore,
      counts.rowsQueued,
    ],
  );
}

/**
 * Records an import that failed (its own transaction rolled back whole) and returns its id.
 *
 * @example const id = await insertFailedImport(tx, { kind, fileName, sha256, encoding, actor }, error.message);
 */
export async function insertFailedImport(tx: Sql, file: ImportRunFile, error: string): Promise<bigint> {
  const [run] = await tx.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, encoding, actor, status, finished_at, error)
     VALUES ($1, $2, $3, $4, $5, 'failed', now(), $6) RETURNING id`,
    [file.kind, file.fileName, file.sha256, file.encoding, file.actor, error],
  );
  return run!.id;
}

/**
 * The database's time for this transaction, the one `import_run`'s `now()` stamps.
 *
 * @example const at = await transactionTime(tx);
 */
export async function transactionTime(tx: Sql): Promise<Date> {
  const [row] = await tx.query<{ now: Date }>('SELECT now() AS now');
  return row!.now;
}

/**
 * Refreshes the planner's statistics of the tables an import wrote, one table at a time.
 *
 * @example await analyseTables(tx, ['person', 'person_history']);
 */
export async function analyseTables(tx: Sql, tables: readonly string[]): Promise<void> {
  for (const table of tables) await tx.exec(`ANALYZE ${table}`);
}
