import type { Sql } from '../../db/database.ts';
import type { SourceListDefinition } from '../source-lists.ts';
import type { MergeCounts, StageColumn } from './import.types.ts';
import { STAGED_PERSON_KEY_MATCH, stagedRowAsCsv } from './import-stage.repository.ts';

/**
 * A source list's SQL: its staging columns, and the merge of a staged snapshot into the list's
 * table (one row per member and import) and `source_list_current` (the snapshot in force).
 * The import's plan is ./source.import.ts.
 */

/** The staged row rebuilt as a CSV line, for the rejects file (an SQL expression over `import_stage s`). */
export const sourceRowAsCsv = (list: SourceListDefinition): string =>
  stagedRowAsCsv(['ci_number', 'complemento', 'date_of_birth', ...list.extra.map((c) => c.name)]);

/**
 * A source list file's columns as `import_stage` types them: the person's key, then the list's
 * own columns.
 *
 * @example sourceImportStageColumns(list)[2] // { name: 'date_of_birth', sqlType: 'date' }
 */
export function sourceImportStageColumns(list: SourceListDefinition): StageColumn[] {
  return [
    { name: 'ci_number', sqlType: 'text' },
    { name: 'complemento', sqlType: 'text' },
    { name: 'date_of_birth', sqlType: 'date' },
    ...list.extra.map((c) => ({ name: c.name, sqlType: c.sqlType })),
  ];
}

/**
 * The tables a source list's import writes and then analyses. It writes person's bits of the list
 * too (migration 0065, ../list-flags.repository.ts), but does not analyse all of person for them.
 *
 * @example sourceImportTables(list) // ['source_disability', 'source_list_current']
 */
export function sourceImportTables(list: SourceListDefinition): string[] {
  return [list.table, 'source_list_current'];
}

/**
 * Refuses the staged rows that repeat a person seen earlier in the same file, unless already
 * refused (into `import_reject`, naming the first line).
 *
 * @example await rejectRepeatedMembers(tx, list);
 */
export async function rejectRepeatedMembers(tx: Sql, list: SourceListDefinition): Promise<void> {
  await tx.query(
    `INSERT INTO import_reject (line_number, reason, content)
     SELECT line_number, 'same person as line ' || first_line, row_csv
     FROM (SELECT s.line_number, ${sourceRowAsCsv(list)} AS row_csv,
                  min(s.line_number) OVER (PARTITION BY s.ci_number, coalesce(s.complemento, ''), s.date_of_birth) AS first_line
           FROM import_stage s) d
     WHERE line_number <> first_line AND NOT EXISTS (SELECT 1 FROM import_reject r WHERE r.line_number = d.line_number)`,
  );
}

/**
 * Writes the staged rows as this import's snapshot of the list, each with its person's id: by
 * the exact key, or the person identity resolution linked the row to (identity_link).
 *
 * @example await insertListSnapshot(tx, list, importId);
 */
export async function insertListSnapshot(
  tx: Sql,
  list: SourceListDefinition,
  importId: bigint,
): Promise<void> {
  const extras = list.extra.map((c) => c.name);
  await tx.query(
    `INSERT INTO ${list.table} (import_id, person_id, line_number${extras.map((c) => `, ${c}`).join('')})
     SELECT $1, p.id, s.line_number${extras.map((c) => `, s.${c}`).join('')}
     FROM import_stage s JOIN person p ON ${STAGED_PERSON_KEY_MATCH}
     UNION ALL
     SELECT $1, l.person_id, s.line_number${extras.map((c) => `, s.${c}`).join('')}
     FROM import_stage s JOIN identity_link l ON l.import_id = $1 AND l.line_number = s.line_number`,
    [importId],
  );
}

/**
 * The import whose snapshot of the list is in force, if any.
 *
 * @example const previousId = (await currentListImport(tx, 'disability')) ?? -1n;
 */
export async function currentListImport(tx: Sql, listName: string): Promise<bigint | undefined> {
  const [prev] = await tx.query<{ import_id: bigint }>(
    'SELECT import_id FROM source_list_current WHERE list = $1',
    [listName],
  );
  return prev?.import_id;
}

/**
 * Compares two snapshots of a list by person: members new in `importId`, with changed or the same
 * attributes, and members of `previousId` that it no longer has.
 *
 * @example const counts = await compareListSnapshots(tx, list, importId, previousId);
 */
export async function compareListSnapshots(
  tx: Sql,
  list: SourceListDefinition,
  importId: bigint,
  previousId: bigint,
): Promise<Required<Pick<MergeCounts, 'inserted' | 'updated' | 'unchanged' | 'removed'>>> {
  const extras = list.extra.map((c) => c.name);
  const same = extras.length ? extras.map((c) => `n.${c} IS NOT DISTINCT FROM o.${c}`).join(' AND ') : 'true';
  const [c] = await tx.query<{ inserted: number; updated: number; unchanged: number; removed: number }>(
    `SELECT
       count(*) FILTER (WHERE n.person_id IS NOT NULL AND o.person_id IS NULL)::int AS inserted,
       count(*) FILTER (WHERE n.person_id IS NOT NULL AND o.person_id IS NOT NULL AND NOT (${same}))::int AS updated,
       count(*) FILTER (WHERE n.person_id IS NOT NULL AND o.person_id IS NOT NULL AND (${same}))::int AS unchanged,
       count(*) FILTER (WHERE n.person_id IS NULL)::int AS removed
     FROM (SELECT * FROM ${list.table} WHERE import_id = $1) n
     FULL JOIN (SELECT * FROM ${list.table} WHERE import_id = $2) o ON o.person_id = n.person_id`,
    [importId, previousId],
  );
  return c!;
}

/**
 * Makes this import's snapshot the list in force.
 *
 * @example await makeListSnapshotCurrent(tx, 'disability', importId);
 */
export async function makeListSnapshotCurrent(tx: Sql, listName: string, importId: bigint): Promise<void> {
  await tx.query(
    `INSERT INTO source_list_current (list, import_id) VALUES ($1, $2)
     ON CONFLICT (list) DO UPDATE SET import_id = excluded.import_id, since = now()`,
    [listName, importId],
  );
}
