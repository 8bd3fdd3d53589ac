import type { Sql } from '../db/database.ts';

/** A session joined with its account, as authentication needs it. */
export interface SessionRecord {
  tokenSha256: string;
  accountId: bigint;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
}

/**
 * Stores a new session (its token's hash).
 *
 * @example await insertSession(tx, { tokenSha256, accountId, csrfToken, now, clientIp });
 */
export async function insertSession(
  tx: Sql,
  s: { tokenSha256: string; accountId: bigint; csrfToken: string; now: Date; clientIp: string | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO account_session (token_sha256, account_id, csrf_token, created_at, last_seen_at, client_ip)
     VALUES ($1, $2, $3, $4, $4, $5)`,
    [s.tokenSha256, s.accountId, s.csrfToken, s.now, s.clientIp],
  );
}

/**
 * The session with this token hash, with its account.
 *
 * @example const s = await sessionByTokenHash(db, sha256Hex(token));
 */
export async function sessionByTokenHash(db: Sql, tokenSha256: string): Promise<SessionRecord | undefined> {
  const [r] = await db.query<{
    token_sha256: string;
    account_id: bigint;
    csrf_token: string;
    created_at: Date;
    last_seen_at: Date;
    username: string;
    display_name: string;
    roles: string[];
    disabled: boolean;
  }>(
    `SELECT s.token_sha256, s.account_id, s.csrf_token, s.created_at, s.last_seen_at,
            a.username, a.display_name, a.roles, a.disabled
     FROM account_session s JOIN account a ON a.id = s.account_id
     WHERE s.token_sha256 = $1`,
    [tokenSha256],
  );
  if (!r) return undefined;
  return {
    tokenSha256: r.token_sha256,
    accountId: r.account_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    disabled: r.disabled,
  };
}

/**
 * Records activity, unless another request already recorded a later one.
 *
 * @example await touchSession(db, hash, now);
 */
export async function touchSession(db: Sql, tokenSha256: string, now: Date): Promise<void> {
  await db.query(
    'UPDATE account_session SET last_seen_at = $2 WHERE token_sha256 = $1 AND last_seen_at < $2',
    [tokenSha256, now],
  );
}

/** Deletes one session; returns whether it existed. @example await deleteSession(db, hash); */
export async function deleteSession(db: Sql, tokenSha256: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM account_session WHERE token_sha256 = $1 RETURNING 1', [
    tokenSha256,
  ]);
  return rows.length > 0;
}

/**
 * Ends every session of an account (on disable or a password change).
 *
 * @example await deleteSessionsOfAccount(tx, account.id);
 */
export async function deleteSessionsOfAccount(tx: Sql, accountId: bigint): Promise<number> {
  const rows = await tx.query('DELETE FROM account_session WHERE account_id = $1 RETURNING 1', [accountId]);
  return rows.length;
}

/**
 * Deletes sessions past either expiry; `idleBefore` and `createdBefore` are computed by the caller.
 *
 * @example await deleteExpiredSessions(tx, new Date(now - idleTimeoutMs), new Date(now - absoluteTimeoutMs));
 */
export async function deleteExpiredSessions(tx: Sql, idleBefore: Date, createdBefore: Date): Promise<number> {
  const rows = await tx.query(
    'DELETE FROM account_session WHERE last_seen_at < $1 OR created_at < $2 RETURNING 1',
    [idleBefore, createdBefore],
  );
  return rows.length;
}
