import type { Sql } from '../db/database.ts';

/** An officer account as stored (the password hash stays inside the access domain). */
export interface AccountRecord {
  id: bigint;
  username: string;
  displayName: string;
  roles: string[];
  passwordHash: string;
  passwordChangedAt: Date;
  disabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface AccountRow {
  id: bigint;
  username: string;
  display_name: string;
  roles: string[];
  password_hash: string;
  password_changed_at: Date;
  disabled: boolean;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, username, display_name, roles, password_hash, password_changed_at, disabled, last_login_at, created_at, updated_at';

function fromRow(r: AccountRow): AccountRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    passwordHash: r.password_hash,
    passwordChangedAt: r.password_changed_at,
    disabled: r.disabled,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The account with this (normalised) username, locked for update when `forUpdate`.
 *
 * @example const account = await accountByUsername(tx, 'ana.quispe', true);
 */
export async function accountByUsername(
  db: Sql,
  username: string,
  forUpdate = false,
): Promise<AccountRecord | undefined> {
  const rows = await db.query<AccountRow>(
    `SELECT ${COLUMNS} FROM account WHERE username = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [username],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Every account, by username. @example const all = await allAccounts(db); */
export async function allAccounts(db: Sql): Promise<AccountRecord[]> {
  return (await db.query<AccountRow>(`SELECT ${COLUMNS} FROM account ORDER BY username`)).map(fromRow);
}

/**
 * Inserts an account; returns undefined when the username is taken.
 *
 * @example const created = await insertAccount(tx, { username, displayName, roles, passwordHash, now });
 */
export async function insertAccount(
  tx: Sql,
  a: { username: string; displayName: string; roles: string[]; passwordHash: string; now: Date },
): Promise<AccountRecord | undefined> {
  const rows = await tx.query<AccountRow>(
    `INSERT INTO account (username, display_name, roles, password_hash, password_changed_at, created_at, updated_at)
     VALUES ($1, $2, $3::text[], $4, $5, $5, $5)
     ON CONFLICT (username) DO NOTHING
     RETURNING ${COLUMNS}`,
    [a.username, a.displayName, a.roles, a.passwordHash, a.now],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/**
 * Sets some columns of an account (those given) and returns it as it now is.
 *
 * @example const after = await updateAccount(tx, account.id, { disabled: true }, now);
 */
export async function updateAccount(
  tx: Sql,
  id: bigint,
  change: { roles?: string[]; disabled?: boolean; passwordHash?: string; lastLoginAt?: Date },
  now: Date,
): Promise<AccountRecord> {
  const rows = await tx.query<AccountRow>(
    `UPDATE account SET
       roles = COALESCE($2::text[], roles),
       disabled = COALESCE($3::boolean, disabled),
       password_hash = COALESCE($4, password_hash),
       password_changed_at = CASE WHEN $4::text IS NULL THEN password_changed_at ELSE $6 END,
       last_login_at = COALESCE($5, last_login_at),
       updated_at = CASE WHEN $2::text[] IS NULL AND $3::boolean IS NULL AND $4::text IS NULL THEN updated_at ELSE $6 END
     WHERE id = $1
     RETURNING ${COLUMNS}`,
    [
      id,
      change.roles ?? null,
      change.disabled ?? null,
      change.passwordHash ?? null,
      change.lastLoginAt ?? null,
      now,
    ],
  );
  if (!rows[0]) throw new Error(`account ${id} vanished during an update`);
  return fromRow(rows[0]);
}

/**
 * Replaces a password hash with one of the same password under new argon2 parameters: not a
 * password change, so `password_changed_at` and `updated_at` stay.
 *
 * @example await replacePasswordHash(tx, account.id, await hashPassword(password, params));
 */
export async function replacePasswordHash(tx: Sql, id: bigint, passwordHash: string): Promise<void> {
  await tx.query('UPDATE account SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

/**
 * Serialises the changes that could leave ayni without an administrator (disabling an account,
 * changing its roles) until the transaction ends, so two administrators disabling each other at
 * once cannot both succeed. Taken before any account row is locked.
 *
 * @example await lockAdministrators(tx);
 */
export async function lockAdministrators(tx: Sql): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('ayni:access:administrators'))");
}

/**
 * The roles of every enabled account other than `exceptId` (to count who would still manage
 * accounts after a change).
 *
 * @example const others = await enabledAccountRoles(tx, account.id);
 */
export async function enabledAccountRoles(tx: Sql, exceptId: bigint): Promise<string[][]> {
  const rows = await tx.query<{ roles: string[] }>(
    'SELECT roles FROM account WHERE disabled = false AND id <> $1',
    [exceptId],
  );
  return rows.map((r) => r.roles);
}
