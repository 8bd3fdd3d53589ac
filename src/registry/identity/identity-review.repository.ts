import type { Sql } from '../../db/database.ts';
import type { SourceListDefinition } from '../source-lists.ts';

/**
 * The review queue's SQL (identity_review) and what an officer's decision writes: the link
 * (identity_link, decided by the officer) and the row as a member of its list's snapshot, the
 * same row insertListSnapshot (source-import.repository.ts) writes for an automatic link.
 */

/** A candidate person of a queued row, as the queue keeps it. */
export interface ReviewCandidate {
  personId: bigint;
  weight: number;
  vector: Record<string, string | null>;
}

/** A row of the review queue. */
export interface IdentityReview {
  id: bigint;
  importId: bigint;
  list: string;
  lineNumber: bigint;
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
  rowCsv: string;
  candidates: ReviewCandidate[];
  status: 'pending' | 'accepted' | 'rejected' | 'unsure';
  decidedPersonId: bigint | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

interface ReviewRow {
  id: bigint;
  import_id: bigint;
  list: string;
  line_number: bigint;
  ci_number: string;
  complemento: string;
  dob: string;
  row_csv: string;
  candidates: Array<{ personId: string; weight: number; vector: Record<string, string | null> }>;
  status: IdentityReview['status'];
  decided_person_id: bigint | null;
  decided_by: string | null;
  decided_at: Date | null;
}

const REVIEW_COLUMNS = `id, import_id, list, line_number, ci_number, complemento, date_of_birth::text AS dob,
  row_csv, candidates, status, decided_person_id, decided_by, decided_at`;

function toReview(r: ReviewRow): IdentityReview {
  return {
    id: BigInt(r.id),
    importId: BigInt(r.import_id),
    list: r.list,
    lineNumber: BigInt(r.line_number),
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.dob,
    rowCsv: r.row_csv,
    candidates: r.candidates.map((c) => ({
      personId: BigInt(c.personId),
      weight: c.weight,
      vector: c.vector,
    })),
    status: r.status,
    decidedPersonId: r.decided_person_id === null ? null : BigInt(r.decided_person_id),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
  };
}

/**
 * A row of the queue, locked until the transaction ends (two officers deciding it at once: the
 * second waits and then sees the first's decision).
 *
 * @example const review = await lockReview(tx, 7n);
 */
export async function lockReview(tx: Sql, reviewId: bigint): Promise<IdentityReview | undefined> {
  const [row] = await tx.query<ReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM identity_review WHERE id = $1 FOR UPDATE`,
    [String(reviewId)],
  );
  return row ? toReview(row) : undefined;
}

/**
 * The rows waiting for an officer (pending or marked "not sure"), by list and line, at most `limit`.
 *
 * @example const waiting = await waitingReviews(db, 100);
 */
export async function waitingReviews(db: Sql, limit: number): Promise<IdentityReview[]> {
  const rows = await db.query<ReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM identity_review WHERE status IN ('pending', 'unsure')
     ORDER BY list, import_id, line_number LIMIT $1`,
    [limit],
  );
  return rows.map(toReview);
}

/**
 * The line of the review's import that already names `personId` on the list, if any: one person
 * is one member of a snapshot.
 *
 * @example await memberLine(tx, list, importId, 12n) // 4n
 */
export async function memberLine(
  tx: Sql,
  list: SourceListDefinition,
  importId: bigint,
  personId: bigint,
): Promise<bigint | undefined> {
  const [row] = await tx.query<{ line_number: bigint }>(
    `SELECT line_number FROM ${list.table} WHERE import_id = $1 AND person_id = $2`,
    [String(importId), String(personId)],
  );
  return row ? BigInt(row.line_number) : undefined;
}

/**
 * Links the queued row to the person the officer chose and writes it as a member of its import's
 * snapshot with the list's own columns (`extras`, in the list's column order, as the row was sent).
 *
 * @example await linkReviewedRow(tx, list, review, 12n, 'account:ana', ['dependiente', 'publico', '2020-09-01']);
 */
export async function linkReviewedRow(
  tx: Sql,
  list: SourceListDefinition,
  review: IdentityReview,
  candidate: ReviewCandidate,
  decidedBy: string,
  extras: readonly string[],
): Promise<void> {
  await tx.query(
    `INSERT INTO identity_link (import_id, line_number, list, person_id, match_weight, comparison_vector, decided_by, review_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [
      String(review.importId),
      String(review.lineNumber),
      review.list,
      String(candidate.personId),
      candidate.weight,
      JSON.stringify(candidate.vector),
      decidedBy,
      String(review.id),
    ],
  );
  const columns = list.extra.map((c) => `, ${c.name}`).join('');
  const values = list.extra.map((c, i) => `, $${i + 4}::${c.sqlType}`).join('');
  await tx.query(
    `INSERT INTO ${list.table} (import_id, person_id, line_number${columns}) VALUES ($1, $2, $3${values})`,
    [String(review.importId), String(candidate.personId), String(review.lineNumber), ...extras],
  );
}

/**
 * Closes a queued row with the officer's decision.
 *
 * @example await closeReview(tx, 7n, 'rejected', null, 'account:ana', at);
 */
export async function closeReview(
  tx: Sql,
  reviewId: bigint,
  status: 'accepted' | 'rejected' | 'unsure',
  personId: bigint | null,
  decidedBy: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE identity_review SET status = $2, decided_person_id = $3, decided_by = $4, decided_at = $5 WHERE id = $1`,
    [String(reviewId), status, personId === null ? null : String(personId), decidedBy, at],
  );
}

/**
 * A row of the queue as it stands (not locked: for showing it).
 *
 * @example const review = await findReview(db, 7n);
 */
export async function findReview(db: Sql, reviewId: bigint): Promise<IdentityReview | undefined> {
  const [row] = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM identity_review WHERE id = $1`, [
    String(reviewId),
  ]);
  return row ? toReview(row) : undefined;
}

/** A candidate person as the registry holds them, for the officer to compare with the row. */
export interface CandidatePerson {
  id: bigint;
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  sex: string;
  municipalityCode: string;
  dateOfDeath: string | null;
}

/**
 * The registry's persons with these ids (a queued row's candidates), in no particular order.
 *
 * @example const persons = await candidatePersons(db, [12n, 40n]);
 */
export async function candidatePersons(db: Sql, ids: readonly bigint[]): Promise<CandidatePerson[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{
    id: bigint;
    ci_number: string;
    complemento: string;
    dob: string;
    given_names: string;
    first_surname: string;
    second_surname: string;
    sex: string;
    municipality_code: string;
    dod: string | null;
  }>(
    `SELECT id, ci_number, complemento, date_of_birth::text AS dob, given_names, first_surname, second_surname,
            sex, municipality_code, date_of_death::text AS dod
     FROM person WHERE id = ANY($1::bigint[])`,
    [ids.map(String)],
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.dob,
    givenNames: r.given_names,
    firstSurname: r.first_surname,
    secondSurname: r.second_surname,
    sex: r.sex,
    municipalityCode: r.municipality_code,
    dateOfDeath: r.dod,
  }));
}

/** How many rows wait (pending or "not sure"). @example await waitingCount(db) // 3 */
export async function waitingCount(db: Sql): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM identity_review WHERE status IN ('pending', 'unsure')`,
  );
  return Number(row?.n ?? 0);
}

/**
 * The lists whose current snapshot names the person with this key through a row an officer
 * accepted in the review queue (not the exact key, not the model alone): the citizen's "why" says
 * so. The current snapshot is the list's latest completed import.
 *
 * @example await reviewedListNames(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }) // ['afp-dependent']
 */
export async function reviewedListNames(
  db: Sql,
  key: { ciNumber: string; complemento: string; dateOfBirth: string },
): Promise<string[]> {
  const rows = await db.query<{ list: string }>(
    `SELECT DISTINCT l.list
     FROM person p
     JOIN identity_link l ON l.person_id = p.id AND l.decided_by <> 'model' AND l.review_id IS NOT NULL
     WHERE p.ci_number = $1 AND p.complemento = $2 AND p.date_of_birth = $3::date
       AND l.import_id = (SELECT max(r.id) FROM import_run r WHERE r.kind = l.list AND r.status = 'completed')
     ORDER BY l.list`,
    [key.ciNumber, key.complemento, key.dateOfBirth],
  );
  return rows.map((r) => r.list);
}
