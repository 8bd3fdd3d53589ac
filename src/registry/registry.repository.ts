import type { Sql } from '../db/database.ts';
import { SOURCE_LISTS } from './source-lists.ts';

/** Counts the status page and `ayni registry status` show. */
export interface RegistryCounts {
  persons: number;
  living: number;
  abroad: number;
  byDepartment: { code: number; name: string; persons: number }[];
  sourceLists: { name: string; titleEs: string; titleEn: string; members: number; importedAt: Date | null }[];
  lastImports: {
    id: bigint;
    kind: string;
    fileName: string;
    status: string;
    finishedAt: Date | null;
    rowsRead: bigint | null;
    rowsAccepted: bigint | null;
    rowsRejected: bigint | null;
  }[];
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
  const lastImports = await db.query<{
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
     FROM import_run ORDER BY id DESC LIMIT 20`,
  );
  return {
    persons: totals!.persons,
    living: totals!.living,
    abroad: totals!.abroad,
    byDepartment,
    sourceLists,
    lastImports: lastImports.map((r) => ({
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      status: r.status,
      finishedAt: r.finished_at,
      rowsRead: r.rows_read,
      rowsAccepted: r.rows_accepted,
      rowsRejected: r.rows_rejected,
    })),
  };
}
