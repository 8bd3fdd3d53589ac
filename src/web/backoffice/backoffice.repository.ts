import type { Sql } from '../../db/database.ts';
import { SOURCE_LISTS } from '../../registry/index.ts';

/**
 * The registry reads the back office needs and the registry's index does not offer yet: one
 * person by CI (with complemento and date of birth to tell apart people who share a CI), their
 * memberships of the lists in force, the import runs and the snapshot in force of every list.
 * Read-only; every query is bounded.
 */

export interface PersonRecord {
  id: bigint;
  ciNumber: string;
  complemento: string;
  expedition: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  dateOfBirth: string;
  sex: string;
  municipalityCode: string;
  municipalityName: string | null;
  departmentName: string | null;
  residenceCountry: string;
  dateOfDeath: string | null;
  createdImportId: bigint;
  updatedImportId: bigint;
}

/** Persons found for one CI are at most this many (a CI was issued twice at most, in practice). */
export const MAX_PERSONS_PER_SEARCH = 20;

/**
 * Persons with this CI number, narrowed by complemento and date of birth when given.
 *
 * @example await findPersonsByCi(db, { ciNumber: '4567890', dateOfBirth: '1980-05-01' })
 */
export async function findPersonsByCi(
  db: Sql,
  q: { ciNumber: string; complemento?: string | undefined; dateOfBirth?: string | undefined },
): Promise<PersonRecord[]> {
  const rows = await db.query<{
    id: bigint;
    ci_number: string;
    complemento: string;
    expedition: string | null;
    given_names: string;
    first_surname: string;
    second_surname: string;
    date_of_birth: string;
    sex: string;
    municipality_code: string;
    municipality_name: string | null;
    department_name: string | null;
    residence_country: string;
    date_of_death: string | null;
    created_import_id: bigint;
    updated_import_id: bigint;
  }>(
    `SELECT p.id, p.ci_number, p.complemento, p.expedition, p.given_names, p.first_surname, p.second_surname,
            p.date_of_birth, p.sex, p.municipality_code, m.name AS municipality_name, d.name AS department_name,
            p.residence_country, p.date_of_death, p.created_import_id, p.updated_import_id
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
    id: r.id,
    ciNumber: r.ci_number,
    complemento: r.complemento,
    expedition: r.expedition,
    givenNames: r.given_names,
    firstSurname: r.first_surname,
    secondSurname: r.second_surname,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    municipalityCode: r.municipality_code,
    municipalityName: r.municipality_name,
    departmentName: r.department_name,
    residenceCountry: r.residence_country,
    dateOfDeath: r.date_of_death,
    createdImportId: r.created_import_id,
    updatedImportId: r.updated_import_id,
  }));
}

export interface Membership {
  list: string;
  importId: bigint;
  lineNumber: bigint;
  /** The list's own columns for this person (degree, bank, NUA …). */
  attributes: Record<string, string>;
}

/**
 * The lists in force that name this person, with their list-specific columns, in catalogue order.
 *
 * @example await membershipsOf(db, personId) // [{ list: 'disability', attributes: { degree: 'grave', … } }]
 */
export async function membershipsOf(db: Sql, personId: bigint): Promise<Membership[]> {
  // One statement over every list: each branch reads the snapshot in force only.
  const branches = SOURCE_LISTS.map(
    (l, i) =>
      `SELECT ${i} AS ord, t.import_id, t.line_number,
              to_jsonb(t) - 'import_id' - 'person_id' - 'line_number' AS attributes
       FROM ${l.table} t JOIN source_list_current c ON c.list = '${l.name}' AND c.import_id = t.import_id
       WHERE t.person_id = $1`,
  );
  const rows = await db.query<{
    ord: number;
    import_id: bigint;
    line_number: bigint;
    attributes: Record<string, unknown>;
  }>(`${branches.join('\nUNION ALL\n')}\nORDER BY ord`, [personId]);
  return rows.map((r) => ({
    list: SOURCE_LISTS[Number(r.ord)]!.name,
    importId: r.import_id,
    lineNumber: r.line_number,
    attributes: Object.fromEntries(Object.entries(r.attributes).map(([k, v]) => [k, String(v)])),
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
  rejectsPath: string | null;
  error: string | null;
}

const RUN_COLUMNS = `id, kind, file_name, content_sha256, encoding, actor, started_at, finished_at, status,
  rows_read, rows_accepted, rows_rejected, rows_inserted, rows_updated, rows_unchanged, rows_removed,
  rejects_path, error`;

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

/*
 * Deposit files and bank replies as the back office lists them. src/bono records them
 * (exportDeposits, importStatus) but offers no listing yet; these reads belong there.
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

type FileRow = {
  id: number;
  round_id: number;
  bank_bic: string;
  message_id: string;
  file_name: string;
  sha256: string;
  nb_of_txs: bigint;
  ctrl_sum_centavos: bigint;
  created_by: string;
  created_at: Date;
};
const FILE_COLUMNS = `id::int AS id, round_id::int AS round_id, bank_bic, message_id, file_name, sha256, nb_of_txs,
  ctrl_sum_centavos, created_by, created_at`;
/** The sha256 a file row carries until its file is written (src/bono/deposits.repository.ts). */
const PROVISIONAL_SHA256 = '0'.repeat(64);
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

type ReplyRow = {
  id: number;
  kind: 'pain.002' | 'camt.054';
  file_name: string;
  sha256: string;
  message_id: string | null;
  accepted: bigint;
  rejected: bigint;
  unchanged: bigint;
  unmatched: bigint;
  imported_by: string;
  imported_at: Date;
};
const REPLY_COLUMNS =
  'id::int AS id, kind, file_name, sha256, message_id, accepted, rejected, unchanged, unmatched, imported_by, imported_at';
const toReply = (r: ReplyRow): StatusImportRecord => ({
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
  const rows = await db.query<ReplyRow>(
    `SELECT ${REPLY_COLUMNS} FROM bono_status_import ORDER BY id DESC LIMIT ${STATUS_IMPORTS_PAGE}`,
  );
  return rows.map(toReply);
}

/** One bank reply, or null. @example await statusImportById(db, 3) */
export async function statusImportById(db: Sql, id: number): Promise<StatusImportRecord | null> {
  const [row] = await db.query<ReplyRow>(`SELECT ${REPLY_COLUMNS} FROM bono_status_import WHERE id = $1`, [
    id,
  ]);
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
