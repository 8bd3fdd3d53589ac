import type { Sql } from '../db/database.ts';

/** The issuer's public material: the CSCA certificate and the document signers. */

export interface SignerRow {
  kid: string;
  certificate: Buffer;
  notBefore: Date;
  notAfter: Date;
  status: 'active' | 'retired' | 'revoked';
  createdAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export async function selectAuthority(sql: Sql): Promise<Buffer | undefined> {
  const rows = await sql.query<{ certificate: Buffer }>(
    'SELECT certificate FROM certificate_authority WHERE id = 1',
  );
  return rows[0]?.certificate;
}

/** Inserts the CSCA unless one is there; true when this call inserted it. */
export async function insertAuthority(
  sql: Sql,
  certificate: Uint8Array,
  at: Date,
  by: string,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO certificate_authority (id, certificate, created_at, created_by) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [Buffer.from(certificate), at, by],
  );
  return rows.length === 1;
}

const SIGNER_COLUMNS = `kid, certificate, not_before AS "notBefore", not_after AS "notAfter", status,
  created_at AS "createdAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`;

export async function selectSigners(sql: Sql): Promise<SignerRow[]> {
  return sql.query<SignerRow>(`SELECT ${SIGNER_COLUMNS} FROM certificate_signer ORDER BY created_at, kid`);
}

export async function selectActiveSigner(sql: Sql, lock = false): Promise<SignerRow | undefined> {
  const rows = await sql.query<SignerRow>(
    `SELECT ${SIGNER_COLUMNS} FROM certificate_signer WHERE status = 'active'${lock ? ' FOR UPDATE' : ''}`,
  );
  return rows[0];
}

export async function selectSigner(sql: Sql, kid: string): Promise<SignerRow | undefined> {
  const rows = await sql.query<SignerRow>(
    `SELECT ${SIGNER_COLUMNS} FROM certificate_signer WHERE kid = $1 FOR UPDATE`,
    [kid],
  );
  return rows[0];
}

/** Serialises key changes (rotation, revocation, the first key) across processes. */
export async function lockSigners(sql: Sql): Promise<void> {
  await sql.query("SELECT pg_advisory_xact_lock(hashtext('certificate_signer'))");
}

export async function insertSigner(
  sql: Sql,
  s: { kid: string; certificate: Uint8Array; notBefore: Date; notAfter: Date; at: Date; by: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO certificate_signer (kid, certificate, not_before, not_after, status, created_at, created_by)
     VALUES ($1, $2, $3, $4, 'active', $5, $6)`,
    [s.kid, Buffer.from(s.certificate), s.notBefore, s.notAfter, s.at, s.by],
  );
}

export async function retireSigner(sql: Sql, kid: string, at: Date): Promise<void> {
  await sql.query(`UPDATE certificate_signer SET status = 'retired', retired_at = $2 WHERE kid = $1`, [
    kid,
    at,
  ]);
}

export async function markSignerRevoked(sql: Sql, kid: string, at: Date, reason: string): Promise<void> {
  await sql.query(
    `UPDATE certificate_signer SET status = 'revoked', revoked_at = $2, revoked_reason = $3 WHERE kid = $1`,
    [kid, at, reason],
  );
}
