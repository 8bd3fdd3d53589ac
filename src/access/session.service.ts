import { type Actor, accountActor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { AccessFailure } from './access.failures.ts';
import { type AccessSettings, DEFAULT_ACCESS_SETTINGS } from './access.settings.ts';
import { permissionsOf } from './permissions.ts';
import type { Principal } from './principal.ts';
import { deleteSession, sessionByTokenHash, touchSession } from './session.repository.ts';
import { constantTimeEqual, sha256Hex } from './tokens.ts';

/** A valid session: who it belongs to and the CSRF token its forms must carry. */
export interface ActiveSession {
  principal: Principal;
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

/** What a session token looks like (randomToken): anything else is refused without a query. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Finds the session a cookie names and checks it is still valid at `now`: not idle for longer than
 * `idleTimeoutMs`, not older than `absoluteTimeoutMs`, its account not disabled. An expired session
 * is deleted. Activity is recorded at most every `touchIntervalMs`, so the idle timeout is
 * measured from the last recorded activity (up to a minute early by default).
 *
 * @example
 *   const r = await authenticateSession(db, cookieValue, new Date());
 *   if (r.ok) c.set('principal', r.value.principal);
 */
export async function authenticateSession(
  db: Sql,
  sessionToken: string,
  now: Date,
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): Promise<Result<ActiveSession, AccessFailure>> {
  const expired = fail<AccessFailure>({ code: 'session_expired' });
  if (!TOKEN.test(sessionToken)) return expired;
  const tokenSha256 = sha256Hex(sessionToken);
  const s = await sessionByTokenHash(db, tokenSha256);
  if (!s) return expired;
  const idleExpiresAt = new Date(s.lastSeenAt.getTime() + settings.session.idleTimeoutMs);
  const absoluteExpiresAt = new Date(s.createdAt.getTime() + settings.session.absoluteTimeoutMs);
  if (s.disabled || now >= idleExpiresAt || now >= absoluteExpiresAt) {
    await deleteSession(db, tokenSha256);
    return expired;
  }
  let idleEnds = idleExpiresAt;
  if (now.getTime() - s.lastSeenAt.getTime() >= settings.session.touchIntervalMs) {
    await touchSession(db, tokenSha256, now);
    idleEnds = new Date(now.getTime() + settings.session.idleTimeoutMs);
  }
  return ok({
    principal: {
      kind: 'account',
      id: s.username,
      actor: accountActor(s.username),
      displayName: s.displayName,
      organisation: null,
      roles: s.roles,
      permissions: permissionsOf(s.roles),
    },
    csrfToken: s.csrfToken,
    idleExpiresAt: idleEnds < absoluteExpiresAt ? idleEnds : absoluteExpiresAt,
    absoluteExpiresAt,
  });
}

/**
 * Whether a request's CSRF token is the session's own, compared in constant time.
 *
 * @example if (!csrfTokenMatches(session, c.req.header('x-csrf-token'))) return refuse('csrf_mismatch');
 */
export function csrfTokenMatches(
  session: Pick<ActiveSession, 'csrfToken'>,
  sent: string | undefined,
): boolean {
  if (sent === undefined || sent === '') return false;
  return constantTimeEqual(sent, session.csrfToken);
}

/**
 * Ends a session (sign-out) and records `session.ended`. Returns false when there was none.
 *
 * @example await logout(db, cookieValue, { actor: principal.actor, now: new Date() });
 */
export async function logout(
  db: Database,
  sessionToken: string,
  input: { actor: Actor; now: Date },
): Promise<boolean> {
  if (!TOKEN.test(sessionToken)) return false;
  const tokenSha256 = sha256Hex(sessionToken);
  return db.transaction(async (tx) => {
    const s = await sessionByTokenHash(tx, tokenSha256);
    if (!s || !(await deleteSession(tx, tokenSha256))) return false;
    await appendAudit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'session.ended',
      entityType: 'account',
      entityId: s.username,
      after: { reason: 'sign_out' },
    });
    return true;
  });
}
