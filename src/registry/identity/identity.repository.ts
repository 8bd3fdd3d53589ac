import type { Sql } from '../../db/database.ts';

/**
 * Identity resolution's SQL: candidate persons for a list's unmatched rows by blocking in the
 * database, samples for the u probabilities, and the records of what was decided (identity_link,
 * identity_review). The staged rows are the import's `import_stage s` (import-stage.repository.ts).
 */

/** A row or a person as the list comparisons see it. */
export interface KeyRow {
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
}

/** A staged row of the list that names no person by its exact key. */
export interface UnmatchedRow extends KeyRow {
  lineNumber: bigint;
  rowCsv: string;
}

/** A candidate person of an unmatched row, found by blocking. */
export interface CandidatePerson extends KeyRow {
  lineNumber: bigint;
  personId: bigint;
}

const EXACT = `p.ci_number = s.ci_number AND p.complemento = coalesce(s.complemento, '') AND p.date_of_birth = s.date_of_birth`;

/**
 * The staged rows that name nobody by (ci_number, complemento, date_of_birth) and are not refused.
 *
 * @example const rows = await unmatchedStagedRows(tx, rowCsvSql);
 */
export async function unmatchedStagedRows(tx: Sql, rowCsvSql: string): Promise<UnmatchedRow[]> {
  const rows = await tx.query<{
    line_number: bigint;
    ci_number: string;
    complemento: string;
    dob: string;
    row_csv: string;
  }>(
    `SELECT s.line_number, s.ci_number, coalesce(s.complemento, '') AS complemento, s.date_of_birth::text AS dob,
            ${rowCsvSql} AS row_csv
     FROM import_stage s
     WHERE NOT EXISTS (SELECT 1 FROM person p WHERE ${EXACT})
       AND NOT EXISTS (SELECT 1 FROM import_reject r WHERE r.line_number = s.line_number)
     ORDER BY s.line_number`,
  );
  return rows.map((r) => ({
    lineNumber: BigInt(r.line_number),
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.dob,
    rowCsv: r.row_csv,
  }));
}

/**
 * Up to `size` staged rows, clean and unmatched alike, spread over the file (by a hash of the line
 * number, the same on every run): EM's training rows.
 *
 * @example const lines = await stagedLineSample(tx, 20000);
 */
export async function stagedLineSample(tx: Sql, size: number): Promise<bigint[]> {
  const rows = await tx.query<{ line_number: bigint }>(
    `SELECT line_number FROM import_stage
     WHERE NOT EXISTS (SELECT 1 FROM import_reject r WHERE r.line_number = import_stage.line_number)
     ORDER BY md5(line_number::text) LIMIT $1`,
    [size],
  );
  return rows.map((r) => BigInt(r.line_number));
}

/** Staged rows by line number, as the comparisons see them. */
export async function stagedRows(
  tx: Sql,
  lineNumbers: readonly bigint[],
): Promise<Array<KeyRow & { lineNumber: bigint }>> {
  const rows = await tx.query<{ line_number: bigint; ci_number: string; complemento: string; dob: string }>(
    `SELECT s.line_number, s.ci_number, coalesce(s.complemento, '') AS complemento, s.date_of_birth::text AS dob
     FROM import_stage s WHERE s.line_number = ANY($1::bigint[]) ORDER BY s.line_number`,
    [lineNumbers.map(String)],
  );
  return rows.map((r) => ({
    lineNumber: BigInt(r.line_number),
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.dob,
  }));
}

/**
 * Candidate persons of staged rows (unmatched rows, or EM's training sample), the union of three blocking rules (the same as
 * LIST_BLOCKING in person-comparisons.ts): the same CI number (a wrong date or complemento); the
 * same date of birth and first three digits of the CI (a typo in its tail); the same date of
 * birth and last three digits (a typo in its head, leading digits dropped). Each rule is an
 * index probe: person_natural_key for the first, identity_person_birth for the others.
 *
 * @example const candidates = await listCandidates(tx, lineNumbers, 5000);
 */
export async function listCandidates(
  tx: Sql,
  lineNumbers: readonly bigint[],
  maxPerRow: number,
): Promise<CandidatePerson[]> {
  const rows = await tx.query<{
    line_number: bigint;
    person_id: bigint;
    ci_number: string;
    complemento: string;
    dob: string;
  }>(
    `WITH rows AS (SELECT s.* FROM import_stage s WHERE s.line_number = ANY($1::bigint[])),
     pairs AS (
       SELECT r.line_number, p.id FROM rows r JOIN person p ON p.ci_number = r.ci_number
       UNION
       SELECT r.line_number, p.id FROM rows r JOIN person p
         ON p.date_of_birth = r.date_of_birth AND left(p.ci_number, 3) = left(r.ci_number, 3)
       UNION
       SELECT r.line_number, p.id FROM rows r JOIN person p
         ON p.date_of_birth = r.date_of_birth AND right(p.ci_number, 3) = right(r.ci_number, 3)
     ),
     limited AS (
       SELECT line_number, id, row_number() OVER (PARTITION BY line_number ORDER BY id) AS n FROM pairs
     )
     SELECT l.line_number, p.id AS person_id, p.ci_number, p.complemento, p.date_of_birth::text AS dob
     FROM limited l JOIN person p ON p.id = l.id
     WHERE l.n <= $2`,
    [lineNumbers.map(String), maxPerRow],
  );
  return rows.map((r) => ({
    lineNumber: BigInt(r.line_number),
    personId: BigInt(r.person_id),
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.dob,
  }));
}

/**
 * Up to `size` persons drawn at random (reproducibly: the sample's seed is fixed), for the u
 * probabilities; TABLESAMPLE reads only the pages it draws, not 11.7 M rows.
 *
 * @example const persons = await personSample(tx, 2000, await personCount(tx));
 */
export async function personSample(tx: Sql, size: number, persons: number): Promise<KeyRow[]> {
  const percent = persons <= size * 2 ? 100 : Math.min(100, (200 * size) / persons);
  const rows = await tx.query<{ ci_number: string; complemento: string; dob: string }>(
    `SELECT ci_number, complemento, date_of_birth::text AS dob FROM person TABLESAMPLE BERNOULLI ($1) REPEATABLE (23) LIMIT $2`,
    [percent, size],
  );
  return rows.map((r) => ({ ciNumber: r.ci_number, complemento: r.complemento, dateOfBirth: r.dob }));
}

/** How many persons the registry holds (the prior: a row's person is any one of them). */
export async function personCount(tx: Sql): Promise<number> {
  const [row] = await tx.query<{ n: number }>('SELECT count(*)::float8 AS n FROM person');
  return Number(row?.n ?? 0);
}

/** A row linked by score, as identity_link keeps it. */
export interface ScoredLink {
  lineNumber: bigint;
  personId: bigint;
  weight: number;
  vector: Record<string, string | null>;
}

/**
 * Records rows linked by score (decided by the model).
 *
 * @example await recordScoredLinks(tx, importId, 'afp-dependent', links);
 */
export async function recordScoredLinks(
  tx: Sql,
  importId: bigint,
  list: string,
  links: readonly ScoredLink[],
): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `INSERT INTO identity_link (import_id, line_number, list, person_id, match_weight, comparison_vector, decided_by)
     SELECT $1, l.line_number, $2, l.person_id, l.weight, l.vector, 'model'
     FROM unnest($3::bigint[], $4::bigint[], $5::float8[], $6::jsonb[]) AS l(line_number, person_id, weight, vector)`,
    [
      importId,
      list,
      links.map((l) => String(l.lineNumber)),
      links.map((l) => String(l.personId)),
      links.map((l) => l.weight),
      links.map((l) => JSON.stringify(l.vector)),
    ],
  );
}

/**
 * Refuses a row linked by score to a person the list already names (exactly, or by an earlier
 * line's score): one person is one member of a list. The link is removed with the row.
 *
 * @example await rejectRepeatedScoredLinks(tx, importId);
 */
export async function rejectRepeatedScoredLinks(tx: Sql, importId: bigint, rowCsvSql: string): Promise<void> {
  // The linked persons first (few), then one hash join of their keys with the staged rows: a
  // lookup of the staged rows per link scanned the whole stage once per link (24 s for 300 links
  // of a 100,000-row list, bench/identity-postgres.bench.ts).
  await tx.query(
    `WITH linked AS (
       SELECT l.line_number, l.person_id, p.ci_number, p.complemento, p.date_of_birth
       FROM identity_link l JOIN person p ON p.id = l.person_id
       WHERE l.import_id = $1
     ), exact AS (
       SELECT k.person_id, min(s2.line_number) AS line_number
       FROM (SELECT DISTINCT person_id, ci_number, complemento, date_of_birth FROM linked) k
       JOIN import_stage s2 ON s2.ci_number = k.ci_number AND coalesce(s2.complemento, '') = k.complemento
                           AND s2.date_of_birth = k.date_of_birth
       GROUP BY k.person_id
     ), firsts AS (
       SELECT l.line_number,
              least(e.line_number,
                    (SELECT min(l2.line_number) FROM linked l2
                     WHERE l2.person_id = l.person_id AND l2.line_number < l.line_number)) AS first_line
       FROM linked l LEFT JOIN exact e ON e.person_id = l.person_id
     ), refused AS (
       INSERT INTO import_reject (line_number, reason, content)
       SELECT f.line_number, 'same person as line ' || f.first_line || ' (linked by score)', ${rowCsvSql}
       FROM firsts f JOIN import_stage s ON s.line_number = f.line_number
       WHERE f.first_line IS NOT NULL
       RETURNING line_number
     )
     DELETE FROM identity_link l USING refused f WHERE l.import_id = $1 AND l.line_number = f.line_number`,
    [importId],
  );
}

/** A row of a list in force that waits for an officer's review, and the persons it may name. */
export interface PendingReview {
  list: string;
  importId: bigint;
  lineNumber: bigint;
  /** Its candidates, best first: the persons the list may mean. */
  personIds: bigint[];
}

/**
 * The review queue's rows (pending or marked "not sure") of the snapshots in force of `lists`:
 * for an exclusion list, each may be an excluded person the registry does not yet know as such.
 *
 * @example const pending = await pendingListReviews(tx, ['afp-dependent']);
 */
export async function pendingListReviews(db: Sql, lists: readonly string[]): Promise<PendingReview[]> {
  const rows = await db.query<{ list: string; import_id: bigint; line_number: bigint; person_ids: string[] }>(
    `SELECT r.list, r.import_id, r.line_number,
            ARRAY(SELECT c ->> 'personId' FROM jsonb_array_elements(r.candidates) c) AS person_ids
     FROM identity_review r JOIN source_list_current c ON c.list = r.list AND c.import_id = r.import_id
     WHERE r.list = ANY($1::text[]) AND r.status IN ('pending', 'unsure')
     ORDER BY r.list, r.line_number`,
    [lists],
  );
  return rows.map((r) => ({
    list: r.list,
    importId: r.import_id,
    lineNumber: r.line_number,
    personIds: r.person_ids.map((id) => BigInt(id)),
  }));
}

/** A row for the review queue with its candidates, best first. */
export interface QueuedRow {
  row: UnmatchedRow;
  candidates: Array<{ personId: bigint; weight: number; vector: Record<string, string | null> }>;
}

/**
 * Puts rows in the review queue and takes them out of the staged snapshot (an officer decides
 * whether they are members).
 *
 * @example await queueForReview(tx, importId, 'afp-dependent', queued);
 */
export async function queueForReview(
  tx: Sql,
  importId: bigint,
  list: string,
  queued: readonly QueuedRow[],
): Promise<void> {
  if (queued.length === 0) return;
  await tx.query(
    `INSERT INTO identity_review (import_id, list, line_number, ci_number, complemento, date_of_birth, row_csv, candidates)
     SELECT $1, $2, q.line_number, q.ci_number, q.complemento, q.dob::date, q.row_csv, q.candidates
     FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
       AS q(line_number, ci_number, complemento, dob, row_csv, candidates)`,
    [
      importId,
      list,
      queued.map((q) => String(q.row.lineNumber)),
      queued.map((q) => q.row.ciNumber),
      queued.map((q) => q.row.complemento),
      queued.map((q) => q.row.dateOfBirth),
      queued.map((q) => q.row.rowCsv),
      queued.map((q) =>
        JSON.stringify(
          q.candidates.map((c) => ({ personId: String(c.personId), weight: c.weight, vector: c.vector })),
        ),
      ),
    ],
  );
  await tx.query('DELETE FROM import_stage s WHERE s.line_number = ANY($1::bigint[])', [
    queued.map((q) => String(q.row.lineNumber)),
  ]);
}

/**
 * Refuses rows no candidate reached the review threshold for, with the reason the import gave
 * before identity resolution.
 *
 * @example await rejectUnresolved(tx, rows);
 */
export async function rejectUnresolved(tx: Sql, rows: readonly UnmatchedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO import_reject (line_number, reason, content)
     SELECT r.line_number, 'no person with this ci_number, complemento and date_of_birth in the registry', r.content
     FROM unnest($1::bigint[], $2::text[]) AS r(line_number, content)`,
    [rows.map((r) => String(r.lineNumber)), rows.map((r) => r.rowCsv)],
  );
}

/**
 * Drops the links of rows the merge refused after scoring (a repeated key) and counts the rest:
 * the rows of this import linked by score.
 *
 * @example await keptScoredLinks(tx, importId) // 12
 */
export async function keptScoredLinks(tx: Sql, importId: bigint): Promise<number> {
  await tx.query(
    `DELETE FROM identity_link l WHERE l.import_id = $1
       AND NOT EXISTS (SELECT 1 FROM import_stage s WHERE s.line_number = l.line_number)`,
    [importId],
  );
  const [row] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM identity_link WHERE import_id = $1',
    [importId],
  );
  return row?.n ?? 0;
}
