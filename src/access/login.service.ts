import { accountActor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { throttleRefusals } from '../shared/metrics.ts';
import type { AccessFailure, AccessFailureCode } from './access.failures.ts';
import { type AccessSettings, DEFAULT_ACCESS_SETTINGS } from './access.settings.ts';
import { accountByUsername, replacePasswordHash, updateAccount } from './account.repository.ts';
import { type Account, normaliseUsername, toAccount, usernameThrottleKey } from './account.service.ts';
import { hashPassword, spendPasswordCheck, verifyPassword } from './password.ts';
import { deleteExpiredSessions, insertSession } from './session.repository.ts';
import { type Admitted, admitAttempt, clearKey, giveBack, purgeStale } from './throttle.repository.ts';
import { randomToken, sha256Hex } from './tokens.ts';

/** A successful sign-in: the new session's tokens go to the browser and nowhere else. */
export interface SignedIn {
  account: Account;
  /** The session cookie's value. Only its SHA-256 is stored. */
  sessionToken: string;
  /** The synchroniser token every state-changing request of this session must carry. */
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

/** What an officer typed, from where, when. */
export interface SignInAttempt {
  username: string;
  password: string;
  clientIp: string | null;
  now: Date;
}

/** The refusals of a sign-in that are locks, as /metrics names them (`ayni_throttle_refusals_total{limit}`). */
const LOCKS: Partial<Record<AccessFailureCode, string>> = {
  account_locked: 'sign_in_username',
  too_many_attempts: 'sign_in_address',
};

const later = (now: Date, ms: number) => new Date(now.getTime() + ms);

/**
 * Signs an officer in and opens a session. Failures say only `invalid_credentials`, whether the
 * username exists or not, and take the same time (an unknown username still costs one argon2id
 * check). Five consecutive failures lock the username for 15 minutes — any username, existing or
 * not, so a lock-out reveals nothing either — and many failures from one address block it.
 *
 * Every attempt is counted against the username and the address before its password is checked
 * (throttle.repository.ts), so a burst of parallel attempts gets no more checks than attempts one
 * after another would: the attempt that reaches a limit locks at once and those behind it are
 * refused unchecked, even one carrying the right password. A success clears the username's count
 * and gives back its count to the address. While locked, attempts are refused before any password
 * is checked and are not counted, so a lock cannot be prolonged indefinitely by an attacker. Every
 * outcome is recorded in the audit trail (`login.succeeded`, `login.failed`, `account.locked`,
 * `login.address_blocked`), except attempts refused during a lock, so a flood of them cannot flood
 * the trail.
 *
 * @example
 *   const r = await login(db, { username: 'ana.quispe', password, clientIp: '10.0.0.7', now: new Date() });
 *   if (r.ok) setCookie(r.value.sessionToken); else respond(r.error);
 */
export async function login(
  db: Database,
  input: SignInAttempt,
  settings: AccessSettings = DEFAULT_ACCESS_SETTINGS,
): Promise<Result<SignedIn, AccessFailure>> {
  const signedIn = await attemptSignIn(db, input, settings);
  // Every answer of a lock, for /metrics: the attempt that set it and those refused while it holds.
  const lock = signedIn.ok ? undefined : LOCKS[signedIn.error.code];
  if (lock) throttleRefusals.inc({ limit: lock });
  return signedIn;
}

/** The sign-in `login` describes, without its count of refusals. */
async function attemptSignIn(
  db: Database,
  input: SignInAttempt,
  settings: AccessSettings,
): Promise<Result<SignedIn, AccessFailure>> {
  const { now } = input;
  const username = normaliseUsername(input.username);
  const accountKey = usernameThrottleKey(username);
  const ipKey = input.clientIp ? `ip:${input.clientIp}` : null;

  const admitted = await admit(db, accountKey, ipKey, now, settings);
  if (!admitted.ok) return admitted;
  const { byName, byIp } = admitted.value;

  const account = await accountByUsername(db, username);
  const params = settings.password.argon2;
  // An absurdly long password is refused without hashing it (it cannot be anyone's: the policy caps
  // length), which bounds the work one request can cause; the time does not depend on the username.
  const tooLong = input.password.length > settings.password.maxLength * 2;
  let passwordOk = false;
  let needsRehash = false;
  if (!tooLong) {
    if (account)
      ({ ok: passwordOk, needsRehash } = await verifyPassword(account.passwordHash, input.password, params));
    else await spendPasswordCheck(input.password, params);
  }

  if (!account || !passwordOk || account.disabled) {
    const reason = !account ? 'unknown_username' : account.disabled ? 'account_disabled' : 'wrong_password';
    return recordFailure(
      db,
      { username: account?.username ?? null, byName, byIp, reason, clientIp: input.clientIp, now },
      settings,
    );
  }

  // The slow rehash happens before the transaction, so the chain head is not held during it.
  const newHash = needsRehash ? await hashPassword(input.password, params) : undefined;
  return db.transaction(async (tx) => {
    const current = await accountByUsername(tx, username, true);
    // Disabled, or password changed, between the check above and now: treat as a failure.
    if (!current || current.disabled || current.passwordHash !== account.passwordHash)
      return fail({ code: 'invalid_credentials' });
    // The address's row, then the username's: the order `admit` takes them in, so a sign-in that
    // succeeds and one being counted never wait for each other in a circle. The purge comes last
    // and skips rows others hold.
    if (ipKey) await giveBack(tx, ipKey, now, settings.lockout.ipMaxFailures);
    await clearKey(tx, accountKey);
    await purgeStale(
      tx,
      now,
      later(now, -Math.max(settings.lockout.failureMemoryMs, settings.lockout.ipWindowMs)),
    );
    await deleteExpiredSessions(
      tx,
      later(now, -settings.session.idleTimeoutMs),
      later(now, -settings.session.absoluteTimeoutMs),
    );
    if (newHash) await replacePasswordHash(tx, current.id, newHash);
    const updated = await updateAccount(tx, current.id, { lastLoginAt: now }, now);
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    await insertSession(tx, {
      tokenSha256: sha256Hex(sessionToken),
      accountId: current.id,
      csrfToken,
      now,
      clientIp: input.clientIp,
    });
    await appendAudit(tx, {
      at: now,
      actor: accountActor(current.username),
      action: 'login.succeeded',
      entityType: 'account',
      entityId: current.username,
      after: { clientIp: input.clientIp, passwordRehashed: newHash !== undefined },
    });
    return ok({
      account: toAccount(updated),
      sessionToken,
      csrfToken,
      idleExpiresAt: later(now, settings.session.idleTimeoutMs),
      absoluteExpiresAt: later(now, settings.session.absoluteTimeoutMs),
    });
  });
}

/** The attempt as counted against the username and the address. */
type Counted = { byName: Admitted; byIp: Admitted | null };

/**
 * Thrown inside the counting transaction to roll back the address's count when the username is
 * locked: a returned failure would commit it. Private to this file, and always caught in `admit`,
 * which returns the failure it carries as a Result.
 */
class Refused extends Error {
  constructor(readonly failure: AccessFailure) {
    super(failure.code);
  }
}

/**
 * Counts the attempt against its address, then its username, in one transaction: both or neither
 * (an attempt refused for a locked username leaves the address's count as it was). Every sign-in
 * takes the two rows in this order, so two of them never wait for each other in a circle.
 */
async function admit(
  db: Database,
  accountKey: string,
  ipKey: string | null,
  now: Date,
  settings: AccessSettings,
): Promise<Result<Counted, AccessFailure>> {
  const { lockout } = settings;
  const retryAfterMs = (until: Date) => Math.max(0, until.getTime() - now.getTime());
  try {
    const counted = await db.transaction(async (tx) => {
      let byIp: Admitted | null = null;
      if (ipKey) {
        const r = await admitAttempt(tx, ipKey, now, {
          limit: lockout.ipMaxFailures,
          lockMs: lockout.ipLockDurationMs,
          memoryMs: lockout.ipWindowMs,
          mode: 'window',
        });
        if (!r.admitted)
          throw new Refused({ code: 'too_many_attempts', retryAfterMs: retryAfterMs(r.lockedUntil) });
        byIp = r.value;
      }
      const r = await admitAttempt(tx, accountKey, now, {
        limit: lockout.maxConsecutiveFailures,
        lockMs: lockout.lockDurationMs,
        memoryMs: lockout.failureMemoryMs,
        mode: 'consecutive',
      });
      if (!r.admitted)
        throw new Refused({ code: 'account_locked', retryAfterMs: retryAfterMs(r.lockedUntil) });
      return { byName: r.value, byIp };
    });
    return ok(counted);
  } catch (e) {
    if (e instanceof Refused) return fail(e.failure);
    throw e;
  }
}

/**
 * A failed check: already counted by `admit`, so this records it, and the locks this attempt set
 * by reaching a limit, in the audit trail.
 */
async function recordFailure(
  db: Database,
  f: {
    username: string | null;
    byName: Admitted;
    byIp: Admitted | null;
    clientIp: string | null;
    reason: string;
    now: Date;
  },
  settings: AccessSettings,
): Promise<Result<never, AccessFailure>> {
  const { now } = f;
  const { lockout } = settings;
  const lockName = f.byName.lockedUntil !== null;
  const blockIp = f.byIp !== null && f.byIp.lockedUntil !== null;
  return db.transaction(async (tx) => {
    // The typed username is recorded only when it names an account: people type passwords into
    // the username field, and the audit trail can never be cleaned. The actor is ayni itself: who
    // typed is unknown, which is the point of the entry.
    await appendAudit(tx, {
      at: now,
      actor: 'system',
      action: 'login.failed',
      entityType: 'account',
      entityId: f.username,
      after: { reason: f.reason, clientIp: f.clientIp, consecutiveFailures: f.byName.attempt },
    });
    if (lockName && f.username) {
      await appendAudit(tx, {
        at: now,
        actor: 'system',
        action: 'account.locked',
        entityType: 'account',
        entityId: f.username,
        after: { lockedUntil: f.byName.lockedUntil, consecutiveFailures: f.byName.attempt },
      });
    }
    if (blockIp && f.clientIp) {
      await appendAudit(tx, {
        at: now,
        actor: 'system',
        action: 'login.address_blocked',
        entityType: 'client_address',
        entityId: f.clientIp,
        after: { blockedUntil: f.byIp?.lockedUntil, failures: f.byIp?.attempt },
      });
    }
    if (blockIp) return fail({ code: 'too_many_attempts', retryAfterMs: lockout.ipLockDurationMs });
    if (lockName) return fail({ code: 'account_locked', retryAfterMs: lockout.lockDurationMs });
    return fail({ code: 'invalid_credentials' });
  });
}
