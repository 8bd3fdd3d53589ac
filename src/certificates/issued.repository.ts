import type { Sql } from '../db/database.ts';
import type { RevocationEntry, RevocationHashType } from './revocation.ts';

/** Certificates issued and the published revocation list. */

export interface IssuedRow {
  id: bigint;
  personId: bigint;
  doseNumber: number;
  uvci: string;
  kid: string;
  hc1: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

const COLUMNS = `id, person_id AS "personId", dose_number AS "doseNumber", uvci, kid, hc1, issued_at AS "issuedAt",
  expires_at AS "expiresAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`;

/** The certificate in force for a person's dose, if any. */
export async function selectCurrent(
  sql: Sql,
  personId: bigint,
  doseNumber: number,
): Promise<IssuedRow | undefined> {
  const rows = await sql.query<IssuedRow>(
    `SELECT ${COLUMNS} FROM certificate_issued WHERE person_id = $1 AND dose_number = $2 AND revoked_at IS NULL`,
    [personId, doseNumber],
  );
  return rows[0];
}

export async function selectIssued(sql: Sql, id: bigint, lock = false): Promise<IssuedRow | undefined> {
  const rows = await sql.query<IssuedRow>(
    `SELECT ${COLUMNS} FROM certificate_issued WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function selectIssuedOfPerson(sql: Sql, personId: bigint): Promise<IssuedRow[]> {
  return sql.query<IssuedRow>(`SELECT ${COLUMNS} FROM certificate_issued WHERE person_id = $1 ORDER BY id`, [
    personId,
  ]);
}

/** Serialises issuing for one person across processes (two clicks issue one certificate). */
export async function lockPersonCertificates(sql: Sql, personId: bigint): Promise<void> {
  await sql.query("SELECT pg_advisory_xact_lock(hashtext('certificate_issued'), $1::int)", [
    Number(personId % 2147483647n),
  ]);
}

export async function insertIssued(
  sql: Sql,
  c: Omit<IssuedRow, 'id' | 'revokedAt' | 'revokedReason'> & { issuedBy: string },
): Promise<bigint> {
  const rows = await sql.query<{ id: bigint }>(
    `INSERT INTO certificate_issued (person_id, dose_number, uvci, kid, hc1, issued_at, expires_at, issued_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [c.personId, c.doseNumber, c.uvci, c.kid, c.hc1, c.issuedAt, c.expiresAt, c.issuedBy],
  );
  return rows[0]!.id;
}

export async function markRevoked(sql: Sql, id: bigint, at: Date, reason: string, by: string): Promise<void> {
  await sql.query(
    'UPDATE certificate_issued SET revoked_at = $2, revoked_reason = $3, revoked_by = $4 WHERE id = $1',
    [id, at, reason, by],
  );
}

export async function insertRevocations(
  sql: Sql,
  entries: readonly {
    hash: string;
    type: RevocationHashType;
    kid: string;
    revokedOn: string;
    expiresAt: Date;
  }[],
): Promise<void> {
  for (const e of entries) {
    await sql.query(
      `INSERT INTO certificate_revocation (hash, hash_type, kid, revoked_on, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (hash) DO NOTHING`,
      [e.hash, e.type, e.kid, e.revokedOn, e.expiresAt],
    );
  }
}

/** The revocation list: entries of certificates not yet expired at `at` (an expired one fails anyway). */
export async function selectRevocations(sql: Sql, at: Date): Promise<RevocationEntry[]> {
  return sql.query<RevocationEntry>(
    `SELECT hash, hash_type AS type, kid, to_char(revoked_on, 'YYYY-MM-DD') AS "revokedOn"
     FROM certificate_revocation WHERE expires_at >= $1 ORDER BY hash_type, hash`,
    [at],
  );
}
