import type { Sql } from '../../db/database.ts';
import type { StageColumn } from './import.types.ts';

/**
 * The import's two temporary tables, both dropped when its transaction commits:
 * `import_stage` (the validated rows of a staged load, with their line numbers) and
 * `import_reject` (rows the set-based merge refused, with their reason and content). The
 * importers' merges (./person-import.repository.ts, ./source-import.repository.ts) read and
 * write them under these names.
 */

/**
 * The key of a person in the registry, matched against a staged row: a staged empty complemento
 * loads as NULL (CSV), the registry's is ''.
 */
export const STAGED_PERSON_KEY_MATCH = `p.ci_number = s.ci_number AND p.complemento = coalesce(s.complemento, '') AND p.date_of_birth = s.date_of_birth`;

/**
 * A staged row rebuilt as a CSV line, for the rejects file (NULLs shown as empty fields): an SQL
 * expression over `import_stage s`.
 *
 * @example stagedRowAsCsv(['ci_number', 'date_of_birth']) // "concat_ws(',', coalesce(s.ci_number::text, ''), …)"
 */
export function stagedRowAsCsv(columns: readonly string[]): string {
  return `concat_ws(',', ${columns.map((c) => `coalesce(s.${c}::text, '')`).join(', ')})`;
}

/**
 * Creates `import_reject`, where a merge puts the rows it refuses.
 *
 * @example await createRejectTable(tx);
 */
export async function createRejectTable(tx: Sql): Promise<void> {
  await tx.exec(
    `CREATE TEMP TABLE import_reject (line_number bigint NOT NULL, reason text NOT NULL, content text NOT NULL) ON COMMIT DROP`,
  );
}

/**
 * Creates `import_stage` with a line number and the importer's columns.
 *
 * @example await createStageTable(tx, [{ name: 'ci_number', sqlType: 'text' }]);
 */
export async function createStageTable(tx: Sql, columns: readonly StageColumn[]): Promise<void> {
  await tx.exec(
    `CREATE TEMP TABLE import_stage (line_number bigint NOT NULL, ${columns
      .map((c) => `${c.name} ${c.sqlType}`)
      .join(', ')}) ON COMMIT DROP`,
  );
}

/**
 * COPYs CSV lines (the line number, then the importer's columns) into `import_stage`, as they
 * stream in.
 *
 * @example await copyIntoStage(tx, spec.stageColumns, rows());
 */
export async function copyIntoStage(
  tx: Sql,
  columns: readonly StageColumn[],
  rows: AsyncIterable<Buffer>,
): Promise<void> {
  await tx.copyFrom(
    `COPY import_stage (line_number, ${columns.map((c) => c.name).join(', ')}) FROM STDIN WITH (FORMAT csv)`,
    rows,
  );
}

/**
 * One page of the merge's refused rows (at most 10,000), in line order, after the line
 * `afterLine`; an empty page when there are no more.
 *
 * @example const page = await rejectsAfterLine(tx, -1n);
 */
export async function rejectsAfterLine(
  tx: Sql,
  afterLine: bigint,
): Promise<{ line: bigint; reason: string; content: string }[]> {
  const page = await tx.query<{ line_number: bigint; reason: string; content: string }>(
    'SELECT line_number, reason, content FROM import_reject WHERE line_number > $1 ORDER BY line_number LIMIT 10000',
    [afterLine],
  );
  return page.map((r) => ({ line: r.line_number, reason: r.reason, content: r.content }));
}

/**
 * Takes the rows a merge refused out of `import_stage`, so that what is left is what it accepts.
 *
 * @example await dropRejectedStageRows(tx);
 */
export async function dropRejectedStageRows(tx: Sql): Promise<void> {
  await tx.query('DELETE FROM import_stage s USING import_reject r WHERE s.line_number = r.line_number');
}

/**
 * How many rows `import_stage` holds.
 *
 * @example const n = await countStagedRows(tx);
 */
export async function countStagedRows(tx: Sql): Promise<number> {
  const [total] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM import_stage');
  return total!.n;
}
