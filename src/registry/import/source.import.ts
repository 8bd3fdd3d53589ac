import type { Sql } from '../../db/database.ts';
import { fail, ok, type Result } from '../../shared/failure.ts';
import { keptScoredLinks } from '../identity/identity.repository.ts';
import { snapshotFollowsMerges } from '../identity/identity-merge.ts';
import { resolveUnmatchedRows } from '../identity/list-resolution.ts';
import { loadIdentityFormat } from '../identity.ts';
import { refreshListFlags } from '../list-flags.repository.ts';
import type { RegistryFailure } from '../registry.failures.ts';
import {
  SOURCE_LIST_BY_NAME,
  SOURCE_LISTS,
  type SourceListDefinition,
  sourceListHeader,
  validateSourceRow,
} from '../source-lists.ts';
import type { ImportSpec, MergeCounts } from './import.types.ts';
import { dropRejectedStageRows } from './import-stage.repository.ts';
import {
  compareListSnapshots,
  currentListImport,
  insertListSnapshot,
  makeListSnapshotCurrent,
  rejectRepeatedMembers,
  sourceImportStageColumns,
  sourceImportTables,
  sourceRowAsCsv,
} from './source-import.repository.ts';

/**
 * Import spec for the source list a caller names (a command's argument, a form's field), or
 * `unknown_source_list`.
 *
 * @example const spec = sourceImportSpec('disability', '2026-11-29'); if (spec.ok) await runImport(db, spec.value, options);
 */
export function sourceImportSpec(listName: string, asOf: string): Result<ImportSpec, RegistryFailure> {
  const list = SOURCE_LIST_BY_NAME.get(listName);
  if (!list) return fail({ code: 'unknown_source_list', listName, lists: SOURCE_LISTS.map((l) => l.name) });
  return ok(sourceListImportSpec(list, asOf));
}

/**
 * Import spec for one source list. The file is a full snapshot: it becomes the list in force, and
 * the counts compare it with the previous snapshot (new members inserted, changed attributes
 * updated, the same unchanged, absent ones removed). Rows naming nobody by the exact key go
 * through identity resolution (../identity/list-resolution.ts): linked by score, queued for an
 * officer, or rejected with their line; repeated persons are rejected with their line.
 *
 * @example for (const list of SOURCE_LISTS) await runImport(db, sourceListImportSpec(list, '2026-11-29'), options);
 */
export function sourceListImportSpec(list: SourceListDefinition, asOf: string): ImportSpec {
  const format = loadIdentityFormat(asOf);
  const header = sourceListHeader(list);
  return {
    kind: list.name,
    header,
    tables: sourceImportTables(list),
    stageColumns: sourceImportStageColumns(list),
    validate: (fields) => validateSourceRow(list, format, asOf, fields),
    async merge(tx: Sql, importId: bigint): Promise<MergeCounts> {
      const resolution = await resolveUnmatchedRows(tx, list.name, importId, asOf, sourceRowAsCsv(list));
      await rejectRepeatedMembers(tx, list);
      await dropRejectedStageRows(tx);
      const linkedByScore = await keptScoredLinks(tx, importId);
      await insertListSnapshot(tx, list, importId);
      // A row naming a person retired by a merge counts for the survivor (issue #23).
      await snapshotFollowsMerges(tx, list.table, importId);
      const previousId = (await currentListImport(tx, list.name)) ?? -1n;
      const counts = await compareListSnapshots(tx, list, importId, previousId);
      // The persons' rows say which lists they are on (migration 0065), in this transaction.
      await refreshListFlags(tx, list, importId, previousId);
      await makeListSnapshotCurrent(tx, list.name, importId);
      return { ...counts, linkedByScore, queued: resolution.queued };
    },
  };
}
