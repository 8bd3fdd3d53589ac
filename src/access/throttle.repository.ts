import type { Sql } from '../db/database.ts';

/**
 * Sign-in attempts are counted when they start, before their password is checked, never
 * afterwards: a check takes about 100 ms, and counting afterwards let a burst of parallel attempts
 * all pass a limit that none of them had reached yet (40 passwords sent at once were all checked).
 * A row's `failures` is therefore the number of attempts counted: those that failed and those
 * still being checked. A success gives its count back (`giveBack`) or clears the key (`clearKey`).
 */

/** How one key is limited. */
export interface ThrottleRule {
  /** Attempts counted that lock the key: the one that reaches it is the last one let through. */
  limit: number;
  lockMs: number;
  /**
   * Counted attempts are forgotten when older than this, measured from the first one (`window`,
   * for addresses) or the last one (`consecutive`, for usernames).
   */
  memoryMs: number;
  mode: 'window' | 'consecutive';
}

/** An attempt let through: its number among those counted, and the lock it set, if it reached the limit. */
export interface Admitted {
  attempt: number;
  /** Set when this attempt reached the limit and so locked the key (until when). */
  lockedUntil: Date | null;
}

/**
 * Counts one attempt for `key`, unless the key is locked, in one statement: concurrent attempts
 * for the same key are counted one after another on its row, so at most `rule.limit` are let
 * through however many arrive at once. The attempt that reaches the limit locks the key at once,
 * before its own check, so the attempts behind it are refused. The count starts again at 1 when a
 * lock has been served or when the counted attempts are stale. A refused attempt changes nothing
 * (a lock cannot be prolonged by hammering it) and gets the time the lock ends.
 *
 * The row stays locked until the caller's transaction ends: every transaction that takes more
 * than one key takes the address's before the username's.
 *
 * @example const r = await admitAttempt(tx, 'ip:10.0.0.7', now, { limit: 100, lockMs: 900_000, memoryMs: 900_000, mode: 'window' });
 */
export async function admitAttempt(
  tx: Sql,
  key: string,
  now: Date,
  rule: ThrottleRule,
): Promise<{ admitted: true; value: Admitted } | { admitted: false; lockedUntil: Date }> {
  const restart = `(t.locked_until IS NOT NULL AND t.locked_until <= $2)
    OR (CASE WHEN $4::boolean THEN t.first_failure_at ELSE t.last_failure_at END) < $3`;
  const counted = `CASE WHEN ${restart} THEN 1 ELSE t.failures + 1 END`;
  const lockedUntil = new Date(now.getTime() + rule.lockMs);
  const [row] = await tx.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO login_throttle AS t (key, failures, first_failure_at, last_failure_at, locked_until)
     VALUES ($1, 1, $2, $2, CASE WHEN 1 >= $5::int THEN $6::timestamptz END)
     ON CONFLICT (key) DO UPDATE SET
       failures = ${counted},
       first_failure_at = CASE WHEN ${restart} THEN $2 ELSE t.first_failure_at END,
       last_failure_at = $2,
       locked_until = CASE WHEN ${counted} >= $5::int THEN $6::timestamptz END
     WHERE t.locked_until IS NULL OR t.locked_until <= $2
     RETURNING failures, locked_until`,
    [key, now, new Date(now.getTime() - rule.memoryMs), rule.mode === 'window', rule.limit, lockedUntil],
  );
  if (row) return { admitted: true, value: { attempt: row.failures, lockedUntil: row.locked_until } };
  // Refused: the upsert locked the row without changing it, so this reads the same lock.
  const [lock] = await tx.query<{ locked_until: Date }>(
    'SELECT locked_until FROM login_throttle WHERE key = $1',
    [key],
  );
  return { admitted: false, lockedUntil: lock?.locked_until ?? now };
}

/**
 * Gives back the count of an attempt that succeeded (a correct password from an office's
 * address is no failure of that address). When that brings the count below the limit, a lock the
 * attempt set is lifted. Attempts counted in a later window are left alone.
 *
 * @example await giveBack(tx, 'ip:10.0.0.7', now, 100);
 */
export async function giveBack(tx: Sql, key: string, now: Date, limit: number): Promise<void> {
  await tx.query(
    `UPDATE login_throttle SET failures = failures - 1,
       locked_until = CASE WHEN failures - 1 < $3::int AND locked_until > $2 THEN NULL ELSE locked_until END
     WHERE key = $1 AND failures > 0 AND first_failure_at <= $2`,
    [key, now, limit],
  );
}

/**
 * Forgets a key's failures (after a successful sign-in, or an administrator's unlock).
 *
 * @example await clearKey(tx, key);
 */
export async function clearKey(tx: Sql, key: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM login_throttle WHERE key = $1 RETURNING 1', [key]);
  return rows.length > 0;
}

/**
 * Deletes rows whose lock is over and whose last failure is older than `staleBefore`. Rows another
 * transaction holds are skipped, not waited for: one is being counted again, so it is not stale,
 * and waiting could close a circle with that sign-in (it holds its address's row and waits for
 * the username's).
 *
 * @example await purgeStale(tx, now, dayAgo);
 */
export async function purgeStale(tx: Sql, now: Date, staleBefore: Date): Promise<number> {
  const rows = await tx.query(
    `DELETE FROM login_throttle WHERE key IN (
       SELECT key FROM login_throttle
       WHERE (locked_until IS NULL OR locked_until <= $1) AND last_failure_at < $2
       FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [now, staleBefore],
  );
  return rows.length;
}
