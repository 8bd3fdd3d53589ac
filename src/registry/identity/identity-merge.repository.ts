import type { Sql } from '../../db/database.ts';

/**
 * The SQL of registry merges (identity_merge, identity_merge_moved; migration 0051): candidate
 * duplicate pairs by blocking, proposals and their decisions, and the moves of the registry's own
 * references (source-list snapshot rows, identity links) from a retired person to the survivor.
 */

export type MergeStatus = 'proposed' | 'approved' | 'rejected' | 'unmerged';

/** A proposed, decided or undone merge of two persons of the registry. */
export interface IdentityMerge {
  id: bigint;
  survivingPersonId: bigint;
  retiredPersonId: bigint;
  matchWeight: number | null;
  vector: Record<string, string | null>;
  status: MergeStatus;
  proposedBy: string;
  proposedAt: Date;
  proposalReason: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  unmergedBy: string | null;
  unmergedAt: Date | null;
  unmergeReason: string | null;
}

interface MergeRow {
  id: bigint;
  surviving_person_id: bigint;
  retired_person_id: bigint;
  match_weight: number | null;
  comparison_vector: Record<string, string | null>;
  status: MergeStatus;
  proposed_by: string;
  proposed_at: Date;
  proposal_reason: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  unmerged_by: string | null;
  unmerged_at: Date | null;
  unmerge_reason: string | null;
}

const MERGE_COLUMNS = `id, surviving_person_id, retired_person_id, match_weight, comparison_vector, status,
  proposed_by, proposed_at, proposal_reason, decided_by, decided_at, decision_reason, unmerged_by, unmerged_at,
  unmerge_reason`;

const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));

function toMerge(r: MergeRow): IdentityMerge {
  return {
    id: BigInt(r.id),
    survivingPersonId: BigInt(r.surviving_person_id),
    retiredPersonId: BigInt(r.retired_person_id),
    matchWeight: r.match_weight === null ? null : Number(r.match_weight),
    vector: r.comparison_vector,
    status: r.status,
    proposedBy: r.proposed_by,
    proposedAt: new Date(r.proposed_at),
    proposalReason: r.proposal_reason,
    decidedBy: r.decided_by,
    decidedAt: date(r.decided_at),
    decisionReason: r.decision_reason,
    unmergedBy: r.unmerged_by,
    unmergedAt: date(r.unmerged_at),
    unmergeReason: r.unmerge_reason,
  };
}

/**
 * Candidate duplicate pairs of live persons (neither retired by a merge), lower id first, by the
 * blocking rules of PERSON_BLOCKING written in SQL: the same CI number; the same date of birth
 * and first two letters of the first surname; the same names and year of birth; the CI's last
 * five digits and the year of birth. At most `limit` pairs.
 *
 * @example const pairs = await duplicateCandidatePairs(db, 100_000);
 */
export async function duplicateCandidatePairs(db: Sql, limit: number): Promise<Array<[bigint, bigint]>> {
  const rows = await db.query<{ a: bigint; b: bigint }>(
    `WITH live AS (
       SELECT p.id, p.ci_number, p.date_of_birth, lower(p.given_names) AS g, lower(p.first_surname) AS f,
              lower(p.second_surname) AS s
       FROM person p
       WHERE NOT EXISTS (SELECT 1 FROM identity_merge m WHERE m.retired_person_id = p.id AND m.status = 'approved')
     ), pairs AS (
       SELECT a.id AS a, b.id AS b FROM live a JOIN live b ON b.ci_number = a.ci_number AND b.id > a.id
       UNION
       SELECT a.id, b.id FROM live a JOIN live b
         ON b.date_of_birth = a.date_of_birth AND left(b.f, 2) = left(a.f, 2) AND b.id > a.id
       UNION
       SELECT a.id, b.id FROM live a JOIN live b
         ON b.g = a.g AND b.f = a.f AND b.s = a.s
        AND extract(year FROM b.date_of_birth) = extract(year FROM a.date_of_birth) AND b.id > a.id
       UNION
       SELECT a.id, b.id FROM live a JOIN live b
         ON length(a.ci_number) >= 5 AND right(b.ci_number, 5) = right(a.ci_number, 5)
        AND extract(year FROM b.date_of_birth) = extract(year FROM a.date_of_birth) AND b.id > a.id
     )
     SELECT a, b FROM pairs ORDER BY a, b LIMIT $1`,
    [limit],
  );
  return rows.map((r) => [BigInt(r.a), BigInt(r.b)]);
}

/**
 * Ids of up to `size` persons spread over the registry, for the random pairs that estimate u.
 *
 * @example const ids = await samplePersonIds(db, 2_000);
 */
export async function samplePersonIds(db: Sql, size: number): Promise<bigint[]> {
  const rows = await db.query<{ id: bigint }>(
    `WITH n AS (SELECT count(*) AS total FROM person)
     SELECT id FROM (
       SELECT id, row_number() OVER (ORDER BY id) AS k FROM person
     ) ranked, n
     WHERE k % greatest(1, n.total / $1) = 0
     LIMIT $1`,
    [size],
  );
  return rows.map((r) => BigInt(r.id));
}

/** How many persons the registry holds (the prior of a pair). @example await registrySize(db) // 11_700_000 */
export async function registrySize(db: Sql): Promise<number> {
  const [row] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM person`);
  return Number(row?.n ?? 0);
}

/**
 * Locks the two persons' rows in id order (two merges of the same person at once: the second
 * waits, then sees the first) and says which exist.
 *
 * @example await lockPersons(tx, [12n, 40n]) // [12n, 40n]
 */
export async function lockPersons(tx: Sql, ids: readonly bigint[]): Promise<bigint[]> {
  const rows = await tx.query<{ id: bigint }>(
    `SELECT id FROM person WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
    [ids.map(String)],
  );
  return rows.map((r) => BigInt(r.id));
}

/**
 * The approved merges touching these persons (as survivor or retired).
 *
 * @example await approvedMergesOf(tx, [12n, 40n])
 */
export async function approvedMergesOf(tx: Sql, ids: readonly bigint[]): Promise<IdentityMerge[]> {
  const rows = await tx.query<MergeRow>(
    `SELECT ${MERGE_COLUMNS} FROM identity_merge
     WHERE status = 'approved' AND (surviving_person_id = ANY($1::bigint[]) OR retired_person_id = ANY($1::bigint[]))`,
    [ids.map(String)],
  );
  return rows.map(toMerge);
}

/**
 * The open proposal or approved merge of this pair, either way round.
 *
 * @example await openMergeOfPair(tx, 12n, 40n)
 */
export async function openMergeOfPair(tx: Sql, a: bigint, b: bigint): Promise<IdentityMerge | undefined> {
  const [row] = await tx.query<MergeRow>(
    `SELECT ${MERGE_COLUMNS} FROM identity_merge
     WHERE status IN ('proposed', 'approved')
       AND least(surviving_person_id, retired_person_id) = least($1::bigint, $2::bigint)
       AND greatest(surviving_person_id, retired_person_id) = greatest($1::bigint, $2::bigint)`,
    [String(a), String(b)],
  );
  return row ? toMerge(row) : undefined;
}

/** A new proposal's values. */
export interface NewMerge {
  survivingPersonId: bigint;
  retiredPersonId: bigint;
  matchWeight: number | null;
  vector: Record<string, string | null>;
  proposedBy: string;
  proposedAt: Date;
  reason: string;
}

/** Writes a proposal. @example const merge = await insertMerge(tx, proposal); */
export async function insertMerge(tx: Sql, m: NewMerge): Promise<IdentityMerge> {
  const [row] = await tx.query<MergeRow>(
    `INSERT INTO identity_merge (surviving_person_id, retired_person_id, match_weight, comparison_vector, proposed_by,
       proposed_at, proposal_reason)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
     RETURNING ${MERGE_COLUMNS}`,
    [
      String(m.survivingPersonId),
      String(m.retiredPersonId),
      m.matchWeight,
      JSON.stringify(m.vector),
      m.proposedBy,
      m.proposedAt,
      m.reason,
    ],
  );
  if (!row) throw new Error('identity_merge: INSERT returned no row');
  return toMerge(row);
}

/** A merge as it stands (not locked). @example await findMerge(db, 3n) */
export async function findMerge(db: Sql, id: bigint): Promise<IdentityMerge | undefined> {
  const [row] = await db.query<MergeRow>(`SELECT ${MERGE_COLUMNS} FROM identity_merge WHERE id = $1`, [
    String(id),
  ]);
  return row ? toMerge(row) : undefined;
}

/** A merge locked until the transaction ends (two approvals at once: one waits). @example await lockMerge(tx, 3n) */
export async function lockMerge(tx: Sql, id: bigint): Promise<IdentityMerge | undefined> {
  const [row] = await tx.query<MergeRow>(
    `SELECT ${MERGE_COLUMNS} FROM identity_merge WHERE id = $1 FOR UPDATE`,
    [String(id)],
  );
  return row ? toMerge(row) : undefined;
}

/** The merges, newest first, optionally of one status. @example await listMerges(db, 'proposed', 100) */
export async function listMerges(
  db: Sql,
  status: MergeStatus | undefined,
  limit: number,
): Promise<IdentityMerge[]> {
  const rows = await db.query<MergeRow>(
    `SELECT ${MERGE_COLUMNS} FROM identity_merge WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $2`,
    [status ?? null, limit],
  );
  return rows.map(toMerge);
}

/** Records the checker's decision. @example await decideMerge(tx, 3n, 'approved', 'account:eva', at, 'same person') */
export async function decideMerge(
  tx: Sql,
  id: bigint,
  status: 'approved' | 'rejected',
  by: string,
  at: Date,
  reason: string,
): Promise<void> {
  await tx.query(
    `UPDATE identity_merge SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5 WHERE id = $1`,
    [String(id), status, by, at, reason],
  );
}

/** Records an unmerge. @example await markUnmerged(tx, 3n, 'account:eva', at, 'two people after all') */
export async function markUnmerged(tx: Sql, id: bigint, by: string, at: Date, reason: string): Promise<void> {
  await tx.query(
    `UPDATE identity_merge SET status = 'unmerged', unmerged_by = $2, unmerged_at = $3, unmerge_reason = $4 WHERE id = $1`,
    [String(id), by, at, reason],
  );
}

/**
 * Moves the retired person's rows of a registry table (a source list's snapshots, identity_link) to
 * the survivor and writes each move down. A snapshot that already names the survivor keeps the
 * retired person's row as it is (one person is one member of a snapshot): the retired person has
 * left the read model, so that row counts for nobody, and it is there again after an unmerge.
 * Returns the rows moved.
 *
 * @example await moveReferences(tx, 3n, 'source_afp_dependent', 40n, 12n, true) // 2
 */
export async function moveReferences(
  tx: Sql,
  mergeId: bigint,
  table: string,
  retired: bigint,
  survivor: bigint,
  onePerSnapshot: boolean,
): Promise<number> {
  const unique = onePerSnapshot
    ? `AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.import_id = s.import_id AND t.person_id = $3)`
    : '';
  const rows = await tx.query<{ n: string }>(
    `WITH moved AS (
       UPDATE ${table} s SET person_id = $3 WHERE s.person_id = $2 ${unique}
       RETURNING s.import_id, s.line_number
     ), written AS (
       INSERT INTO identity_merge_moved (merge_id, relation, import_id, line_number)
       SELECT $1, $4, import_id, line_number FROM moved
       RETURNING 1
     )
     SELECT count(*)::text AS n FROM written`,
    [String(mergeId), String(retired), String(survivor), table],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Moves back what moveReferences moved for this merge in `table`. Returns the rows moved back.
 *
 * @example await moveReferencesBack(tx, 3n, 'source_afp_dependent', 40n) // 2
 */
export async function moveReferencesBack(
  tx: Sql,
  mergeId: bigint,
  table: string,
  retired: bigint,
): Promise<number> {
  const rows = await tx.query<{ n: string }>(
    `WITH back AS (
       UPDATE ${table} s SET person_id = $2
       FROM identity_merge_moved m
       WHERE m.merge_id = $1 AND m.relation = $3 AND s.import_id = m.import_id AND s.line_number = m.line_number
       RETURNING 1
     )
     SELECT count(*)::text AS n FROM back`,
    [String(mergeId), String(retired), table],
  );
  return Number(rows[0]?.n ?? 0);
}

/** How many references each merge moved. @example await movedCount(db, 3n) // 2 */
export async function movedCount(db: Sql, mergeId: bigint): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM identity_merge_moved WHERE merge_id = $1`,
    [String(mergeId)],
  );
  return Number(row?.n ?? 0);
}

/**
 * The person a merge keeps for this id: the survivor when it was retired by an approved merge,
 * else the id itself.
 *
 * @example await survivorOf(db, 40n) // 12n
 */
export async function survivorOf(db: Sql, personId: bigint): Promise<bigint> {
  const [row] = await db.query<{ id: bigint }>(
    `SELECT surviving_person_id AS id FROM identity_merge WHERE retired_person_id = $1 AND status = 'approved'`,
    [String(personId)],
  );
  return row ? BigInt(row.id) : personId;
}

/**
 * The person and every id merged into it (their records in other domains keep the retired ids).
 *
 * @example await mergedIdsOf(db, 12n) // [12n, 40n]
 */
export async function mergedIdsOf(db: Sql, personId: bigint): Promise<bigint[]> {
  const rows = await db.query<{ id: bigint }>(
    `SELECT retired_person_id AS id FROM identity_merge WHERE surviving_person_id = $1 AND status = 'approved'
     ORDER BY retired_person_id`,
    [String(personId)],
  );
  return [personId, ...rows.map((r) => BigInt(r.id))];
}

/**
 * A new snapshot of a list follows the merges in force: its rows naming a retired person by the
 * exact key (or linked to one by score) move to the survivor, each move recorded under its merge
 * so an unmerge puts it back; a snapshot that already names the survivor keeps the retired row
 * as it is, and of two retired persons of one survivor on one snapshot the first line moves.
 * Returns the rows moved.
 *
 * @example await followMergesInSnapshot(tx, 'source_afp_dependent', 9n) // 1
 */
export async function followMergesInSnapshot(tx: Sql, table: string, importId: bigint): Promise<number> {
  const rows = await tx.query<{ n: string }>(
    `WITH pick AS (
       SELECT DISTINCT ON (m.surviving_person_id) m.id AS merge_id, s.person_id AS retired,
              m.surviving_person_id AS survivor
       FROM ${table} s JOIN identity_merge m ON m.retired_person_id = s.person_id AND m.status = 'approved'
       WHERE s.import_id = $1
         AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.import_id = $1 AND t.person_id = m.surviving_person_id)
       ORDER BY m.surviving_person_id, s.line_number
     ), moved AS (
       UPDATE ${table} s SET person_id = p.survivor FROM pick p
       WHERE s.import_id = $1 AND s.person_id = p.retired
       RETURNING p.merge_id, s.import_id, s.line_number
     ), written AS (
       INSERT INTO identity_merge_moved (merge_id, relation, import_id, line_number)
       SELECT merge_id, $2, import_id, line_number FROM moved
       RETURNING 1
     )
     SELECT count(*)::text AS n FROM written`,
    [String(importId), table],
  );
  return Number(rows[0]?.n ?? 0);
}
