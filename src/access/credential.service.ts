import { randomBytes } from 'node:crypto';
import { type Actor, accountActor, appendAudit, credentialActor } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { AccessFailure } from './access.failures.ts';
import { type AccessSettings, DEFAULT_ACCESS_SETTINGS } from './access.settings.ts';
import { accountByUsername } from './account.repository.ts';
import { normaliseUsername } from './account.service.ts';
import {
  allCredentials,
  type CredentialRecord,
  credentialById,
  insertCredential,
  markRevoked,
  touchCredential,
} from './credential.repository.ts';
import { verifyPassword } from './password.ts';
import { permissionsOf } from './permissions.ts';
import type { Principal } from './principal.ts';
import { parseRoles } from './roles.ts';
import { constantTimeEqual, randomToken, sha256Hex } from './tokens.ts';

/** An API credential as shown to administrators: never the secret, nor its hash. */
export interface Credential {
  id: string;
  /** The organisation (a bank's BIC …) of an organisation's credential; null for a personal one. */
  organisation: string | null;
  /** The officer a personal credential belongs to (username); null for an organisation's. */
  account: string | null;
  description: string;
  roles: string[];
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

function toCredential(r: CredentialRecord): Credential {
  const { secretSha256: _secret, accountId: _accountId, ...shown } = r;
  return shown;
}

/** A bank is named by its BIC (ISO 9362); another institution by an upper-case code. */
const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const ORGANISATION = /^[A-Z0-9][A-Z0-9._-]{1,63}$/;
const BEARER = /^Bearer\s+(ak_[0-9a-f]{16})\.([A-Za-z0-9_-]{43})\s*$/i;

/**
 * Issues a credential for another system, bound to an organisation and to roles meant for
 * credentials; records `credential.created`. The returned `token` (`<id>.<secret>`) is the only
 * time the secret exists outside the caller: only its SHA-256 is stored.
 *
 * @example
 *   const r = await createCredential(db, { organisation: 'BUNIBOLX', roles: ['bank'],
 *     description: 'Banco Unión payout API', actor, now: new Date() });
 *   if (r.ok) showOnce(r.value.token); // never stored, never shown again
 */
export async function createCredential(
  db: Database,
  input: { organisation: string; roles: readonly string[]; description?: string; actor: Actor; now: Date },
): Promise<Result<{ credential: Credential; token: string }, AccessFailure>> {
  const organisation = input.organisation.trim().toUpperCase();
  const roles = parseRoles(input.roles, 'credential');
  if (!roles.ok) return roles;
  const isBank = roles.value.includes('bank');
  if (!ORGANISATION.test(organisation) || (isBank && !BIC.test(organisation)))
    return fail({ code: 'organisation_invalid', organisation });
  const id = `ak_${randomBytes(8).toString('hex')}`;
  const secret = randomToken();
  const description = (input.description ?? '').trim().slice(0, 200);
  return db.transaction(async (tx) => {
    const created = await insertCredential(tx, {
      id,
      organisation,
      accountId: null,
      description,
      roles: roles.value,
      secretSha256: sha256Hex(secret),
      createdAt: input.now,
      createdBy: input.actor,
    });
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'credential.created',
      entityType: 'api_credential',
      entityId: id,
      after: { organisation, roles: roles.value, description },
    });
    return ok({ credential: toCredential(created), token: `${id}.${secret}` });
  });
}

/**
 * Issues an officer's personal credential, for the CLI (AYNI_CREDENTIAL) or a script of their own:
 * it acts as that officer — with the account's roles as they are at each use, recorded as
 * `account:<username>` — so nobody else should ever see it. Callers issue it only to the officer
 * who signed in with their password, never on someone else's behalf. Records `credential.created`.
 *
 * @example
 *   const r = await createPersonalCredential(db, { username: 'ana.quispe', description: 'laptop',
 *     actor: 'account:ana.quispe', now });
 *   if (r.ok) showOnce(r.value.token); // never stored, never shown again
 */
export async function createPersonalCredential(
  db: Database,
  input: { username: string; description?: string; actor: Actor; now: Date },
): Promise<Result<{ credential: Credential; token: string }, AccessFailure>> {
  const username = normaliseUsername(input.username);
  const id = `ak_${randomBytes(8).toString('hex')}`;
  const secret = randomToken();
  const description = (input.description ?? '').trim().slice(0, 200);
  return db.transaction(async (tx) => {
    const account = await accountByUsername(tx, username, true);
    if (!account || account.disabled) return fail({ code: 'account_not_found', username });
    const created = await insertCredential(tx, {
      id,
      organisation: null,
      accountId: account.id,
      description,
      roles: [],
      secretSha256: sha256Hex(secret),
      createdAt: input.now,
      createdBy: input.actor,
    });
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'credential.created',
      entityType: 'api_credential',
      entityId: id,
      after: { account: account.username, description },
    });
    return ok({ credential: toCredential(created), token: `${id}.${secret}` });
  });
}

/**
 * Issues an officer's personal credential on the web, where the officer is signed in by a session:
 * as the CLI issues one only to an officer who typed their password, the page asks for it again,
 * so a session left open on a shared computer cannot mint a credential that outlives it. A wrong
 * password is `invalid_credentials`, and nothing is issued or recorded.
 *
 * @example
 *   const r = await createPersonalCredentialWithPassword(db, { username: 'ana.quispe',
 *     password, description: 'laptop', actor: 'account:ana.quispe', now });
 */
export async function createPersonalCredentialWithPassword(
  db: Database,
  input: { username: string; password: string; description?: string; actor: Actor; now: Date },
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): Promise<Result<{ credential: Credential; token: string }, AccessFailure>> {
  const account = await accountByUsername(db, normaliseUsername(input.username));
  if (!account || account.disabled) return fail({ code: 'invalid_credentials' });
  const checked = await verifyPassword(account.passwordHash, input.password, settings.password.argon2);
  if (!checked.ok) return fail({ code: 'invalid_credentials' });
  return createPersonalCredential(db, {
    username: account.username,
    ...(input.description === undefined ? {} : { description: input.description }),
    actor: input.actor,
    now: input.now,
  });
}

/**
 * Revokes a credential: refused at once by this process, and within CREDENTIAL_CACHE_MS by any
 * other that checked it just before; records `credential.revoked`.
 *
 * @example await revokeCredential(db, { id: 'ak_0123456789abcdef', actor, now: new Date() });
 */
export async function revokeCredential(
  db: Database,
  input: { id: string; actor: Actor; now: Date },
): Promise<Result<Credential, AccessFailure>> {
  const id = input.id.trim();
  const result = await db.transaction(async (tx): Promise<Result<Credential, AccessFailure>> => {
    const current = await credentialById(tx, id, true);
    if (!current) return fail({ code: 'credential_not_found', credentialId: id });
    if (current.revokedAt) return fail({ code: 'credential_already_revoked', credentialId: id });
    const revoked = await markRevoked(tx, id, input.now, input.actor);
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'credential.revoked',
      entityType: 'api_credential',
      entityId: id,
      before: { revoked: false },
      after: {
        revoked: true,
        ...(current.account ? { account: current.account } : { organisation: current.organisation }),
      },
    });
    return ok(toCredential(revoked));
  });
  // After the commit (a request in between would cache it again): this process refuses it at once,
  // other processes within CREDENTIAL_CACHE_MS.
  if (result.ok) forgetCredential(db, id);
  return result;
}

/** Every credential, revoked ones included. @example const all = await listCredentials(db); */
export async function listCredentials(db: Sql): Promise<Credential[]> {
  return (await allCredentials(db)).map(toCredential);
}

/**
 * How long a process trusts a credential it has checked before reading it again: a bank's
 * requests then cost no query each (at 2,000 payouts a second the check was a third of the
 * database's work). A revocation takes effect at once in the process that makes it and within
 * this time in any other (another server process, the CLI). Measured with the monotonic clock,
 * not the app's clock, which a demonstration may hold still.
 */
export const CREDENTIAL_CACHE_MS = 5_000;

interface Checked {
  principal: Principal;
  /** When (monotonic ms) the entry stops being trusted. */
  until: number;
  /** The app-clock time (ms) of the last `last_used_at` write this process made or tried. */
  touchedAt: number;
}

/** Per database, checked credentials by the SHA-256 of the whole token (only the same secret finds one). */
const checked = new WeakMap<Sql, Map<string, Checked>>();
const MAX_CHECKED = 1_000;

function checkedIn(db: Sql): Map<string, Checked> {
  let m = checked.get(db);
  if (!m) {
    m = new Map();
    checked.set(db, m);
  }
  return m;
}

/** Forgets a credential at once (on revocation); revocations are rare, so a scan is fine. */
function forgetCredential(db: Sql, id: string): void {
  const m = checked.get(db);
  if (m) for (const [k, v] of m) if (v.principal.id === id) m.delete(k);
}

/**
 * Authenticates `Authorization: Bearer <id>.<secret>`. Unknown id, wrong secret, revoked
 * credential and a personal credential whose account is disabled all give `invalid_credentials`.
 * A personal credential's principal is its officer: `account:<username>` with the account's roles
 * as they are now. The secret's hash is compared in constant time. Use is
 * recorded in `last_used_at` at most once per `lastUsedIntervalMs`. A credential found valid is
 * trusted for CREDENTIAL_CACHE_MS without another query (keyed by the SHA-256 of the whole token,
 * so only the same secret finds it); a refusal is never cached.
 *
 * @example const r = await authenticateCredential(db, c.req.header('authorization') ?? '', new Date());
 */
export async function authenticateCredential(
  db: Sql,
  authorization: string,
  now: Date,
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): Promise<Result<Principal, AccessFailure>> {
  const invalid = fail<AccessFailure>({ code: 'invalid_credentials' });
  const m = BEARER.exec(authorization);
  if (!m) return invalid;
  const [, id, secret] = m as unknown as [string, string, string];
  const cache = checkedIn(db);
  const cacheKey = sha256Hex(`${id}.${secret}`);
  const hit = cache.get(cacheKey);
  const clock = performance.now();
  if (hit && hit.until > clock) {
    if (now.getTime() - hit.touchedAt >= settings.credential.lastUsedIntervalMs) {
      hit.touchedAt = now.getTime();
      await touchCredential(
        db,
        hit.principal.id,
        now,
        new Date(now.getTime() - settings.credential.lastUsedIntervalMs),
      );
    }
    return ok(hit.principal);
  }
  if (hit) cache.delete(cacheKey);
  const c = await credentialById(db, id);
  // Hash and compare even for an unknown id, so the time does not tell which ids exist.
  const matches = constantTimeEqual(sha256Hex(secret), c?.secretSha256 ?? '');
  if (!c || !matches || c.revokedAt !== null) return invalid;
  const holder = c.account === null ? undefined : await accountByUsername(db, c.account);
  if (c.account !== null && (!holder || holder.disabled)) return invalid;
  await touchCredential(db, c.id, now, new Date(now.getTime() - settings.credential.lastUsedIntervalMs));
  const principal: Principal = holder
    ? {
        kind: 'credential',
        id: c.id,
        actor: accountActor(holder.username),
        displayName: holder.displayName,
        organisation: null,
        roles: holder.roles,
        permissions: permissionsOf(holder.roles),
      }
    : {
        kind: 'credential',
        id: c.id,
        actor: credentialActor(c.id),
        displayName: c.description || (c.organisation ?? c.id),
        organisation: c.organisation,
        roles: c.roles,
        permissions: permissionsOf(c.roles),
      };
  if (cache.size >= MAX_CHECKED) cache.clear();
  // touchedAt: the write above happened unless last_used_at was newer; either way it is recent.
  cache.set(cacheKey, { principal, until: clock + CREDENTIAL_CACHE_MS, touchedAt: now.getTime() });
  return ok(principal);
}
