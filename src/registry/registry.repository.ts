import type { Sql } from '../db/database.ts';
import { SOURCE_LISTS } from './source-lists.ts';

/** A source list in force and how many persons it holds. */
export interface SourceListCount {
  name: string;
  titleEs: string;
  titleEn: string;
  members: number;
  importedAt: Date | null;
}

/** One import run, as officers follow them. */
export interface ImportRunSummary {
  id: bigint;
  kind: string;
  /** The officer's file name: for officers only, never on a public page. */
  fileName: string;
  status: string;
  finishedAt: Date | null;
  rowsRead: bigint | null;
  rowsAccepted: bigint | null;
  rowsRejected: bigint | null;
}

/**
 * Exact counts for officers (`ayni registry status`, `GET /api/registry/counts` with registry.read):
 * small counts and file names included. The public status page publishes them through
 * src/transparency's suppression instead.
 */
export interface RegistryCounts {
  persons: number;
  living: number;
  abroad: number;
  byDepartment: { code: number; name: string; persons: number }[];
  sourceLists: SourceListCount[];
  lastImports: ImportRunSummary[];
}

/**
 * Reads registry counts; all aggregates, no personal data.
 *
 * @example const counts = await registryCounts(db);
 */
export async function registryCounts(db: Sql): Promise<RegistryCounts> {
  const [totals] = await db.query<{ persons: number; living: number; abroad: number }>(
    `SELECT count(*)::int AS persons, count(*) FILTER (WHERE date_of_death IS NULL)::int AS living,
            count(*) FILTER (WHERE residence_country <> 'BO')::int AS abroad FROM person`,
  );
  const byDepartment = await db.query<{ code: number; name: string; persons: number }>(
    `SELECT d.code, d.name, count(p.id)::int AS persons
     FROM department d LEFT JOIN person p ON p.department_code = d.code
     GROUP BY d.code, d.name ORDER BY d.code`,
  );
  return {
    persons: totals!.persons,
    living: totals!.living,
    abroad: totals!.abroad,
    byDepartment,
    sourceLists: await sourceListCounts(db),
    lastImports: await latestImports(db),
  };
}

/**
 * Each source list with the number of persons in the snapshot in force (0 before its first import).
 *
 * @example const lists = await sourceListCounts(db);
 */
export async function sourceListCounts(db: Sql): Promise<SourceListCount[]> {
  const current = await db.query<{ list: string; import_id: bigint; since: Date }>(
    'SELECT list, import_id, since FROM source_list_current',
  );
  const sourceLists = [];
  for (const list of SOURCE_LISTS) {
    const cur = current.find((c) => c.list === list.name);
    let members = 0;
    if (cur) {
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${list.table} WHERE import_id = $1`,
        [cur.import_id],
      );
      members = r!.n;
    }
    sourceLists.push({
      name: list.name,
      titleEs: list.titleEs,
      titleEn: list.titleEn,
      members,
      importedAt: cur?.since ?? null,
    });
  }
  return sourceLists;
}

/**
 * The latest import runs, newest first.
 *
 * @example const runs = await latestImports(db, 20);
 */
export async function latestImports(db: Sql, limit = 20): Promise<ImportRunSummary[]> {
  const rows = await db.query<{
    id: bigint;
    kind: string;
    file_name: string;
    status: string;
    finished_at: Date | null;
    rows_read: bigint | null;
    rows_accepted: bigint | null;
    rows_rejected: bigint | null;
  }>(
    `SELECT id, kind, file_name, status, finished_at, rows_read, rows_accepted, rows_rejected
     FROM import_run ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    status: r.status,
    finishedAt: r.finished_at,
    rowsRead: r.rows_read,
    rowsAccepted: r.rows_accepted,
    rowsRejected: r.rows_rejected,
  }));
}
