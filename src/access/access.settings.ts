/**
 * Every security parameter of accounts, sessions and credentials, in one object, so a review reads
 * them in one place and a test can shorten a timeout without touching code. docs/security.md says
 * why each value was chosen.
 *
 * @example const settings = { ...DEFAULT_ACCESS_SETTINGS, session: { ...DEFAULT_ACCESS_SETTINGS.session, idleTimeoutMs: 60_000 } };
 */
export interface AccessSettings {
  password: {
    /** Counted in Unicode code points after NFKC normalisation. */
    minLength: number;
    /** Bounds the work one sign-in request can ask for. */
    maxLength: number;
    argon2: Argon2Parameters;
  };
  session: {
    /** A session unused for this long ends. */
    idleTimeoutMs: number;
    /** A session ends this long after sign-in, however busy. */
    absoluteTimeoutMs: number;
    /** Last activity is written at most this often, so a busy officer does not cost a write per request. */
    touchIntervalMs: number;
  };
  lockout: {
    /** Consecutive failed sign-ins to one username that lock it. */
    maxConsecutiveFailures: number;
    lockDurationMs: number;
    /** Failures older than this are forgotten, so rows for mistyped usernames do not pile up. */
    failureMemoryMs: number;
    /** Failed sign-ins from one address within `ipWindowMs` that block the address. */
    ipMaxFailures: number;
    ipWindowMs: number;
    ipLockDurationMs: number;
  };
  credential: {
    /** `last_used_at` is written at most this often per credential, to keep bank API calls cheap. */
    lastUsedIntervalMs: number;
  };
}

/** Argon2id cost, as stored in each hash's PHC string (`m=…,p=…,t=…`). */
export interface Argon2Parameters {
  memoryKiB: number;
  timeCost: number;
  parallelism: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export const DEFAULT_ACCESS_SETTINGS: AccessSettings = Object.freeze({
  password: Object.freeze({
    minLength: 12,
    maxLength: 256,
    // OWASP Password Storage Cheat Sheet, first argon2id configuration: 19 MiB, 2 passes, 1 lane
    // (about 90 ms on this project's 2-core reference machine; docs/security.md).
    argon2: Object.freeze({ memoryKiB: 19_456, timeCost: 2, parallelism: 1 }),
  }),
  session: Object.freeze({
    idleTimeoutMs: 30 * MINUTE_MS,
    absoluteTimeoutMs: 12 * HOUR_MS,
    touchIntervalMs: MINUTE_MS,
  }),
  lockout: Object.freeze({
    maxConsecutiveFailures: 5,
    lockDurationMs: 15 * MINUTE_MS,
    failureMemoryMs: 24 * HOUR_MS,
    // An office shares one public address among dozens of officers: high enough for their typos,
    // low enough to stop one machine spraying guesses across many usernames.
    ipMaxFailures: 100,
    ipWindowMs: 15 * MINUTE_MS,
    ipLockDurationMs: 15 * MINUTE_MS,
  }),
  credential: Object.freeze({ lastUsedIntervalMs: MINUTE_MS }),
});
