import type { Sql } from '../db/database.ts';
import { PERSON_COLUMNS, type PersonRow, personFromRow, type RegistryPerson } from './person.repository.ts';
import { SOURCE_LISTS } from './source-lists.ts';

/**
 * The registry as the back office looks it over: persons by CI (with complemento and date of birth
 * to tell apart people who share a CI, and the imports that wrote them), the import runs and the
 * snapshot in force of every list. The registry owns these tables (person, import_run,
 * source_list_current and the lists'), so their reads live here and the pages call them; the lists
 * a person is on are `listsOfPerson` (person.repository.ts). Read-only; every query is bounded.
 */

/** A person as the back office shows them: the registry's person, with where they live by name and the imports that wrote them. */
export interface PersonOverview extends RegistryPerson {
  municipalityName: string | null;
  departmentName: string | null;
  createdImportId: bigint;
  updatedImportId: bigint;
}

/** Persons found for one CI are at most this many (a CI was issued twice at most, in practice). */
export const MAX_PERSONS_PER_SEARCH = 20;

/**
 * Persons with this CI number, narrowed by complemento and date of birth when given, by
 * complemento then date of birth. The person columns are the registry's one mapping
 * (PERSON_COLUMNS, personFromRow); the lists they are on come from `listsOfPerson`.
 *
 * @example await searchPersonsByCi(db, { ciNumber: '4567890', dateOfBirth: '1980-05-01' })
 */
export async function searchPersonsByCi(
  db: Sql,
  q: { ciNumber: string; complemento?: string | undefined; dateOfBirth?: string | undefined },
): Promise<PersonOverview[]> {
  const rows = await db.query<
    PersonRow & {
      municipality_name: string | null;
      department_name: string | null;
      created_import_id: bigint;
      updated_import_id: bigint;
    }
  >(
    `SELECT ${PERSON_COLUMNS}, m.name AS municipality_name, d.name AS department_name,
            p.created_import_id, p.updated_import_id
     FROM person p
     LEFT JOIN municipality m ON m.code = p.municipality_code
     LEFT JOIN department d ON d.code = p.department_code
     WHERE p.ci_number = $1
       AND ($2::text IS NULL OR p.complemento = $2)
       AND ($3::date IS NULL OR p.date_of_birth = $3)
     ORDER BY p.complemento, p.date_of_birth
     LIMIT ${MAX_PERSONS_PER_SEARCH}`,
    [q.ciNumber, q.complemento ?? null, q.dateOfBirth ?? null],
  );
  return rows.map((r) => ({
    ...personFromRow(r),
    municipalityName: r.municipality_name,
    departmentName: r.department_name,
    createdImportId: r.created_import_id,
    updatedImportId: r.updated_import_id,
  }));
}

export interface ImportRunRecord {
  id: bigint;
  kind: string;
  fileName: string;
  sha256: string;
  encoding: string | null;
  actor: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'running' | 'completed' | 'failed';
  rowsRead: bigint | null;
  rowsAccepted: bigint | null;
  rowsRejected: bigint | null;
  rowsInserted: bigint | null;
  rowsUpdated: bigint | null;
  rowsUnchanged: bigint | null;
  rowsRemoved: bigint | null;
  /** Of the accepted rows, those linked by identity resolution's score (issue #23). */
  rowsLinkedByScore: bigint | null;
  /** Rows waiting in the identity review queue. */
  rowsQueued: bigint | null;
  rejectsPath: string | null;
  error: string | null;
}

const RUN_COLUMNS = `id, kind, file_name, content_sha256, encoding, actor, started_at, finished_at, status,
  rows_read, rows_accepted, rows_rejected, rows_inserted, rows_updated, rows_unchanged, rows_removed,
  rows_linked_by_score, rows_queued, rejects_path, error`;

type RunRow = {
  id: bigint;
  kind: string;
  file_name: string;
  content_sha256: string;
  encoding: string | null;
  actor: string;
  started_at: Date;
  finished_at: Date | null;
  status: 'running' | 'completed' | 'failed';
  rows_read: bigint | null;
  rows_accepted: bigint | null;
  rows_rejected: bigint | null;
  rows_inserted: bigint | null;
  rows_updated: bigint | null;
  rows_unchanged: bigint | null;
  rows_removed: bigint | null;
  rows_linked_by_score: bigint | null;
  rows_queued: bigint | null;
  rejects_path: string | null;
  error: string | null;
};

const toRun = (r: RunRow): ImportRunRecord => ({
  id: r.id,
  kind: r.kind,
  fileName: r.file_name,
  sha256: r.content_sha256,
  encoding: r.encoding,
  actor: r.actor,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  rowsRead: r.rows_read,
  rowsAccepted: r.rows_accepted,
  rowsRejected: r.rows_rejected,
  rowsInserted: r.rows_inserted,
  rowsUpdated: r.rows_updated,
  rowsUnchanged: r.rows_unchanged,
  rowsLinkedByScore: r.rows_linked_by_score,
  rowsQueued: r.rows_queued,
  rowsRemoved: r.rows_removed,
  rejectsPath: r.rejects_path,
  error: r.error,
});

/** Import runs a page shows at once. */
export const IMPORT_RUNS_PAGE = 50;

/**
 * Import runs, newest first, a page at a time (`before` is the smallest id of the previous page).
 *
 * @example const page = await listImportRuns(db); const next = await listImportRuns(db, page.at(-1)!.id);
 */
export async function listImportRuns(db: Sql, before?: bigint): Promise<ImportRunRecord[]> {
  const rows = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM import_run WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT ${IMPORT_RUNS_PAGE}`,
    [before ?? null],
  );
  return rows.map(toRun);
}

/** One import run, or null. @example await importRun(db, 12n) */
export async function importRun(db: Sql, id: bigint): Promise<ImportRunRecord | null> {
  const [row] = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM import_run WHERE id = $1`, [id]);
  return row ? toRun(row) : null;
}

export interface SnapshotRecord {
  list: string;
  importId: bigint | null;
  since: Date | null;
  rows: number;
  fileName: string | null;
}

/**
 * The snapshot in force of every source list, in catalogue order (lists never imported have no
 * import and no rows).
 *
 * @example (await currentSnapshots(db)).find((s) => s.list === 'disability')?.rows
 */
export async function currentSnapshots(db: Sql): Promise<SnapshotRecord[]> {
  const current = await db.query<{ list: string; import_id: bigint; since: Date; file_name: string }>(
    `SELECT c.list, c.import_id, c.since, r.file_name
     FROM source_list_current c JOIN import_run r ON r.id = c.import_id`,
  );
  const out: SnapshotRecord[] = [];
  for (const list of SOURCE_LISTS) {
    const cur = current.find((c) => c.list === list.name);
    let rows = 0;
    if (cur) {
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${list.table} WHERE import_id = $1`,
        [cur.import_id],
      );
      rows = r!.n;
    }
    out.push({
      list: list.name,
      importId: cur?.import_id ?? null,
      since: cur?.since ?? null,
      rows,
      fileName: cur?.file_name ?? null,
    });
  }
  return out;
}
