import { type Actor, accountActor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { AccessFailure } from './access.failures.ts';
import { type AccessSettings, DEFAULT_ACCESS_SETTINGS } from './access.settings.ts';
import {
  type AccountRecord,
  accountByUsername,
  allAccounts,
  enabledAccountRoles,
  insertAccount,
  lockAdministrators,
  updateAccount,
} from './account.repository.ts';
import { checkPasswordPolicy, hashPassword } from './password.ts';
import { permissionsOf } from './permissions.ts';
import { parseRoles } from './roles.ts';
import { deleteSessionsOfAccount } from './session.repository.ts';
import { clearKey } from './throttle.repository.ts';
import { sha256Hex } from './tokens.ts';

/** An officer account as the rest of ayni sees it: no password hash. */
export interface Account {
  id: bigint;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  lastLoginAt: Date | null;
  passwordChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;

/**
 * Usernames that are words of the back office's addresses: `/oficina/cuentas/nueva` is the form
 * for a new account, so an account named `nueva` could never open its own page.
 */
const RESERVED_USERNAMES: ReadonlySet<string> = new Set(['nueva']);

/** Whether an account with these roles, enabled or not, manages accounts (an administrator). */
function managesAccounts(roles: readonly string[], disabled: boolean): boolean {
  return !disabled && permissionsOf(roles).has('accounts.manage');
}

/**
 * Refuses a change that would leave no enabled account able to manage accounts: nobody could then
 * create, enable or give roles to anyone, on the web or in the CLI, short of editing the database.
 * The caller holds `lockAdministrators`, so the count cannot change before the transaction ends.
 */
async function keepsAnAdministrator(
  tx: Sql,
  before: AccountRecord,
  after: { roles: readonly string[]; disabled: boolean },
): Promise<Result<void, AccessFailure>> {
  if (!managesAccounts(before.roles, before.disabled) || managesAccounts(after.roles, after.disabled))
    return ok(undefined);
  const others = await enabledAccountRoles(tx, before.id);
  if (others.some((roles) => managesAccounts(roles, false))) return ok(undefined);
  return fail({ code: 'last_administrator', username: before.username });
}

/** @example normaliseUsername('  Ana.Quispe ') // 'ana.quispe' */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * The login_throttle key of a username: hashed, so what someone typed there is not kept.
 *
 * @example usernameThrottleKey('Ana.Quispe') // 'account:<sha256 of "ana.quispe">'
 */
export function usernameThrottleKey(username: string): string {
  return `account:${sha256Hex(normaliseUsername(username))}`;
}

/** The stored account without its password hash. @example return ok(toAccount(record)); */
export function toAccount(r: AccountRecord): Account {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    roles: r.roles,
    disabled: r.disabled,
    lastLoginAt: r.lastLoginAt,
    passwordChangedAt: r.passwordChangedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** What the audit trail keeps of an account: never the password hash. */
function audited(r: AccountRecord) {
  return { username: r.username, displayName: r.displayName, roles: r.roles, disabled: r.disabled };
}

/**
 * Creates an officer account after checking the username, the roles (known, and meant for
 * accounts) and the password policy, and records `account.created` in the same transaction.
 *
 * @example
 *   const r = await createAccount(db, { username: 'ana.quispe', displayName: 'Ana Quispe',
 *     roles: ['bono_officer'], password, actor: cliActor('root'), now: new Date() });
 *   if (!r.ok) return refuse(r.error.code);
 */
export async function createAccount(
  db: Database,
  input: {
    username: string;
    displayName: string;
    roles: readonly string[];
    password: string;
    actor: Actor;
    now: Date;
  },
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): Promise<Result<Account, AccessFailure>> {
  const username = normaliseUsername(input.username);
  if (!USERNAME.test(username)) return fail({ code: 'username_invalid' });
  if (RESERVED_USERNAMES.has(username)) return fail({ code: 'username_reserved', username });
  const displayName = input.displayName.trim();
  if (displayName === '' || displayName.length > 200) return fail({ code: 'display_name_invalid' });
  const roles = parseRoles(input.roles, 'account');
  if (!roles.ok) return roles;
  const weak = checkPasswordPolicy(username, input.password, settings);
  if (weak) return fail(weak);
  // Hash before opening the transaction: it is the slow part and needs no lock.
  const passwordHash = await hashPassword(input.password, settings.password.argon2);
  return db.transaction(async (tx) => {
    const created = await insertAccount(tx, {
      username,
      displayName,
      roles: roles.value,
      passwordHash,
      now: input.now,
    });
    if (!created) return fail({ code: 'username_taken', username });
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'account.created',
      entityType: 'account',
      entityId: username,
      after: audited(created),
    });
    return ok(toAccount(created));
  });
}

/**
 * Every account, by username.
 *
 * @example const names = (await listAccounts(db)).map((a) => `${a.username} ${a.roles.join(',')}`);
 */
export async function listAccounts(db: Sql): Promise<Account[]> {
  return (await allAccounts(db)).map(toAccount);
}

/** @example const account = await findAccount(db, 'ana.quispe'); */
export async function findAccount(db: Sql, username: string): Promise<Account | undefined> {
  const r = await accountByUsername(db, normaliseUsername(username));
  return r ? toAccount(r) : undefined;
}

/** Runs `change` on the locked account row inside a transaction; `account_not_found` if none. */
async function withAccount<T>(
  db: Database,
  username: string,
  change: (tx: Sql, account: AccountRecord) => Promise<Result<T, AccessFailure>>,
  options: { lockAdministrators?: boolean } = {},
): Promise<Result<T, AccessFailure>> {
  const name = normaliseUsername(username);
  return db.transaction(async (tx) => {
    if (options.lockAdministrators) await lockAdministrators(tx);
    const account = await accountByUsername(tx, name, true);
    if (!account) return fail({ code: 'account_not_found', username: name });
    return change(tx, account);
  });
}

/**
 * Replaces an account's roles and records `account.roles_changed` with the roles before and after.
 * Open sessions see the new roles at their next request, since roles are read with the session.
 * Refused (`last_administrator`) when it would take the last enabled administrator's role away.
 *
 * @example await setAccountRoles(db, { username: 'ana.quispe', roles: ['bono_approver'], actor, now });
 */
export async function setAccountRoles(
  db: Database,
  input: { username: string; roles: readonly string[]; actor: Actor; now: Date },
): Promise<Result<Account, AccessFailure>> {
  const roles = parseRoles(input.roles, 'account');
  if (!roles.ok) return roles;
  return withAccount(
    db,
    input.username,
    async (tx, before) => {
      const kept = await keepsAnAdministrator(tx, before, { roles: roles.value, disabled: before.disabled });
      if (!kept.ok) return kept;
      const after = await updateAccount(tx, before.id, { roles: roles.value }, input.now);
      await appendAudit(tx, {
        at: input.now,
        actor: input.actor,
        action: 'account.roles_changed',
        entityType: 'account',
        entityId: before.username,
        before: { roles: before.roles },
        after: { roles: after.roles },
      });
      return ok(toAccount(after));
    },
    { lockAdministrators: true },
  );
}

/**
 * Disables an account and ends its sessions at once; records `account.disabled`. Accounts are never
 * deleted, so their username stays theirs in the audit trail. Refused (`last_administrator`) for
 * the last enabled administrator.
 *
 * @example await disableAccount(db, { username: 'ana.quispe', actor, now });
 */
export async function disableAccount(
  db: Database,
  input: { username: string; actor: Actor; now: Date },
): Promise<Result<Account, AccessFailure>> {
  return setDisabled(db, input, true);
}

/**
 * Enables a disabled account again; records `account.enabled`.
 *
 * @example await enableAccount(db, { username, actor, now });
 */
export async function enableAccount(
  db: Database,
  input: { username: string; actor: Actor; now: Date },
): Promise<Result<Account, AccessFailure>> {
  return setDisabled(db, input, false);
}

async function setDisabled(
  db: Database,
  input: { username: string; actor: Actor; now: Date },
  disabled: boolean,
): Promise<Result<Account, AccessFailure>> {
  return withAccount(
    db,
    input.username,
    async (tx, before) => {
      if (before.disabled === disabled) return ok(toAccount(before));
      const kept = await keepsAnAdministrator(tx, before, { roles: before.roles, disabled });
      if (!kept.ok) return kept;
      const after = await updateAccount(tx, before.id, { disabled }, input.now);
      const sessionsEnded = disabled ? await deleteSessionsOfAccount(tx, before.id) : 0;
      await appendAudit(tx, {
        at: input.now,
        actor: input.actor,
        action: disabled ? 'account.disabled' : 'account.enabled',
        entityType: 'account',
        entityId: before.username,
        before: { disabled: before.disabled },
        after: disabled ? { disabled, sessionsEnded } : { disabled },
      });
      return ok(toAccount(after));
    },
    { lockAdministrators: disabled },
  );
}

/**
 * Sets a new password (an administrator's reset, or the officer's own change), ends the account's
 * sessions and records `account.password_set` — without any trace of the password or its hash.
 *
 * @example await setAccountPassword(db, { username: 'ana.quispe', password, actor, now });
 */
export async function setAccountPassword(
  db: Database,
  input: { username: string; password: string; actor: Actor; now: Date },
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): Promise<Result<Account, AccessFailure>> {
  const username = normaliseUsername(input.username);
  const weak = checkPasswordPolicy(username, input.password, settings);
  if (weak) return fail(weak);
  const passwordHash = await hashPassword(input.password, settings.password.argon2);
  return withAccount(db, username, async (tx, before) => {
    const after = await updateAccount(tx, before.id, { passwordHash }, input.now);
    const sessionsEnded = await deleteSessionsOfAccount(tx, before.id);
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'account.password_set',
      entityType: 'account',
      entityId: before.username,
      after: { sessionsEnded, byOwner: input.actor === accountActor(before.username) },
    });
    return ok(toAccount(after));
  });
}

/**
 * Lifts a lock-out before it expires (the officer called the help desk); records `account.unlocked`.
 *
 * @example await unlockAccount(db, { username: 'ana.quispe', actor, now });
 */
export async function unlockAccount(
  db: Database,
  input: { username: string; actor: Actor; now: Date },
): Promise<Result<{ failuresCleared: boolean }, AccessFailure>> {
  return withAccount(db, input.username, async (tx, account) => {
    const failuresCleared = await clearKey(tx, usernameThrottleKey(account.username));
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'account.unlocked',
      entityType: 'account',
      entityId: account.username,
      after: { failuresCleared },
    });
    return ok({ failuresCleared });
  });
}
