import type { Sql } from '../db/database.ts';

/** An API credential as stored (the secret itself is never stored). */
export interface CredentialRecord {
  id: string;
  /** The organisation an organisation's credential belongs to; null for a personal one. */
  organisation: string | null;
  /** The officer account a personal credential belongs to (its id and username); null otherwise. */
  accountId: bigint | null;
  account: string | null;
  description: string;
  roles: string[];
  secretSha256: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

interface CredentialRow {
  id: string;
  organisation: string | null;
  account_id: bigint | null;
  account_username: string | null;
  description: string;
  roles: string[];
  secret_sha256: string;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

const COLUMNS = `id, organisation, account_id,
  (SELECT a.username FROM account a WHERE a.id = api_credential.account_id) AS account_username,
  description, roles, secret_sha256, created_at, created_by, revoked_at, revoked_by, last_used_at`;

function fromRow(r: CredentialRow): CredentialRecord {
  return {
    id: r.id,
    organisation: r.organisation,
    accountId: r.account_id,
    account: r.account_username,
    description: r.description,
    roles: r.roles,
    secretSha256: r.secret_sha256,
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    lastUsedAt: r.last_used_at,
  };
}

/**
 * Inserts a new credential: an organisation's, or (with accountId) an officer's personal one.
 *
 * @example const c = await insertCredential(tx, { id, organisation, accountId: null, … });
 */
export async function insertCredential(
  tx: Sql,
  c: Omit<CredentialRecord, 'account' | 'revokedAt' | 'revokedBy' | 'lastUsedAt'>,
): Promise<CredentialRecord> {
  const [row] = await tx.query<CredentialRow>(
    `INSERT INTO api_credential (id, organisation, account_id, description, roles, secret_sha256, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING ${COLUMNS}`,
    [c.id, c.organisation, c.accountId, c.description, c.roles, c.secretSha256, c.createdAt, c.createdBy],
  );
  if (!row) throw new Error('api_credential insert returned no row');
  return fromRow(row);
}

/**
 * The credential with this id, locked when `forUpdate`.
 *
 * @example await credentialById(tx, 'ak_0123456789abcdef', true);
 */
export async function credentialById(
  db: Sql,
  id: string,
  forUpdate = false,
): Promise<CredentialRecord | undefined> {
  const rows = await db.query<CredentialRow>(
    `SELECT ${COLUMNS} FROM api_credential WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Every credential, organisations' then personal ones by account. @example const all = await allCredentials(db); */
export async function allCredentials(db: Sql): Promise<CredentialRecord[]> {
  return (
    await db.query<CredentialRow>(
      `SELECT ${COLUMNS} FROM api_credential ORDER BY organisation NULLS LAST, account_username, created_at`,
    )
  ).map(fromRow);
}

/** Marks a credential revoked. @example await markRevoked(tx, id, now, actor); */
export async function markRevoked(tx: Sql, id: string, at: Date, by: string): Promise<CredentialRecord> {
  const [row] = await tx.query<CredentialRow>(
    `UPDATE api_credential SET revoked_at = $2, revoked_by = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, at, by],
  );
  if (!row) throw new Error(`api_credential ${id} vanished during revocation`);
  return fromRow(row);
}

/**
 * Records use, unless it was recorded after `notSince` (the caller computes the threshold).
 *
 * @example await touchCredential(db, id, now, new Date(now.getTime() - 60_000));
 */
export async function touchCredential(db: Sql, id: string, now: Date, notSince: Date): Promise<void> {
  await db.query(
    'UPDATE api_credential SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)',
    [id, now, notSince],
  );
}
