import type { Sql } from '../../db/database.ts';
import { UserError } from '../../shared/errors.ts';
import { loadIdentityFormat } from '../identity.ts';
import { SOURCE_LIST_BY_NAME, SOURCE_LISTS, sourceListHeader, validateSourceRow } from '../source-lists.ts';
import type { ImportSpec, MergeCounts } from './import.types.ts';

const KEY_MATCH = `p.ci_number = s.ci_number AND p.complemento = coalesce(s.complemento, '') AND p.date_of_birth = s.date_of_birth`;

/**
 * Import spec for one source list. The file is a full snapshot: it becomes the list in force, and
 * the counts compare it with the previous snapshot (new members inserted, changed attributes
 * updated, the same unchanged, absent ones removed). Rows naming nobody in the registry, and
 * repeated persons, are rejected with their line.
 *
 * @example await runImport(db, sourceImportSpec('disability', '2026-11-29'), options)
 */
export function sourceImportSpec(listName: string, asOf: string): ImportSpec {
  const list = SOURCE_LIST_BY_NAME.get(listName);
  if (!list) {
    throw new UserError(
      'unknown_source_list',
      `Unknown source list "${listName}". Lists: ${SOURCE_LISTS.map((l) => l.name).join(', ')}.`,
    );
  }
  const format = loadIdentityFormat(asOf);
  const extras = list.extra.map((c) => c.name);
  const header = sourceListHeader(list);
  const rowCsv = `concat_ws(',', ${['ci_number', 'complemento', 'date_of_birth', ...extras]
    .map((c) => `coalesce(s.${c}::text, '')`)
    .join(', ')})`;
  return {
    kind: list.name,
    header,
    tables: [list.table, 'source_list_current'],
    stageColumns: [
      { name: 'ci_number', sqlType: 'text' },
      { name: 'complemento', sqlType: 'text' },
      { name: 'date_of_birth', sqlType: 'date' },
      ...list.extra.map((c) => ({ name: c.name, sqlType: c.sqlType })),
    ],
    validate: (fields) => validateSourceRow(list, format, asOf, fields),
    async merge(tx: Sql, importId: bigint): Promise<MergeCounts> {
      await tx.query(
        `INSERT INTO import_reject (line_number, reason, content)
         SELECT s.line_number, 'no person with this ci_number, complemento and date_of_birth in the registry', ${rowCsv}
         FROM import_stage s WHERE NOT EXISTS (SELECT 1 FROM person p WHERE ${KEY_MATCH})`,
      );
      await tx.query(
        `INSERT INTO import_reject (line_number, reason, content)
         SELECT line_number, 'same person as line ' || first_line, row_csv
         FROM (SELECT s.line_number, ${rowCsv} AS row_csv,
                      min(s.line_number) OVER (PARTITION BY s.ci_number, coalesce(s.complemento, ''), s.date_of_birth) AS first_line
               FROM import_stage s) d
         WHERE line_number <> first_line AND NOT EXISTS (SELECT 1 FROM import_reject r WHERE r.line_number = d.line_number)`,
      );
      await tx.query('DELETE FROM import_stage s USING import_reject r WHERE s.line_number = r.line_number');
      await tx.query(
        `INSERT INTO ${list.table} (import_id, person_id, line_number${extras.map((c) => `, ${c}`).join('')})
         SELECT $1, p.id, s.line_number${extras.map((c) => `, s.${c}`).join('')}
         FROM import_stage s JOIN person p ON ${KEY_MATCH}`,
        [importId],
      );
      const [prev] = await tx.query<{ import_id: bigint }>(
        'SELECT import_id FROM source_list_current WHERE list = $1',
        [list.name],
      );
      const prevId = prev?.import_id ?? -1n;
      const same = extras.length
        ? extras.map((c) => `n.${c} IS NOT DISTINCT FROM o.${c}`).join(' AND ')
        : 'true';
      const [c] = await tx.query<{ inserted: number; updated: number; unchanged: number; removed: number }>(
        `SELECT
           count(*) FILTER (WHERE n.person_id IS NOT NULL AND o.person_id IS NULL)::int AS inserted,
           count(*) FILTER (WHERE n.person_id IS NOT NULL AND o.person_id IS NOT NULL AND NOT (${same}))::int AS updated,
           count(*) FILTER (WHERE n.person_id IS NOT NULL AND o.person_id IS NOT NULL AND (${same}))::int AS unchanged,
           count(*) FILTER (WHERE n.person_id IS NULL)::int AS removed
         FROM (SELECT * FROM ${list.table} WHERE import_id = $1) n
         FULL JOIN (SELECT * FROM ${list.table} WHERE import_id = $2) o ON o.person_id = n.person_id`,
        [importId, prevId],
      );
      await tx.query(
        `INSERT INTO source_list_current (list, import_id) VALUES ($1, $2)
         ON CONFLICT (list) DO UPDATE SET import_id = excluded.import_id, since = now()`,
        [list.name, importId],
      );
      return c!;
    },
  };
}
