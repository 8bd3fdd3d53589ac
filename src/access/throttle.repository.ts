import type { Sql } from '../db/database.ts';

/**
 * Keys locked at `now`, with the time each lock ends.
 *
 * @example await activeLocks(db, [accountKey, 'ip:10.0.0.7'], now);
 */
export async function activeLocks(
  db: Sql,
  keys: readonly string[],
  now: Date,
): Promise<{ key: string; lockedUntil: Date }[]> {
  const rows = await db.query<{ key: string; locked_until: Date }>(
    'SELECT key, locked_until FROM login_throttle WHERE key = ANY($1::text[]) AND locked_until > $2',
    [keys, now],
  );
  return rows.map((r) => ({ key: r.key, lockedUntil: r.locked_until }));
}

/**
 * Counts one failure for `key` in one statement (safe under concurrent sign-ins). The count starts
 * again at 1 when a lock has been served or when the counted failures are stale: older than
 * `staleBefore`, measured from the first failure (`window`, for addresses) or the last one
 * (`consecutive`, for usernames).
 *
 * @example const { failures } = await countFailure(tx, key, now, new Date(now.getTime() - 86_400_000), 'consecutive');
 */
export async function countFailure(
  tx: Sql,
  key: string,
  now: Date,
  staleBefore: Date,
  mode: 'window' | 'consecutive',
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const restart = `(t.locked_until IS NOT NULL AND t.locked_until <= $2)
    OR (CASE WHEN $4::boolean THEN t.first_failure_at ELSE t.last_failure_at END) < $3`;
  const [row] = await tx.query<{ failures: number; locked_until: Date | null }>(
    `INSERT INTO login_throttle AS t (key, failures, first_failure_at, last_failure_at, locked_until)
     VALUES ($1, 1, $2, $2, NULL)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN ${restart} THEN 1 ELSE t.failures + 1 END,
       first_failure_at = CASE WHEN ${restart} THEN $2 ELSE t.first_failure_at END,
       locked_until = CASE WHEN ${restart} THEN NULL ELSE t.locked_until END,
       last_failure_at = $2
     RETURNING failures, locked_until`,
    [key, now, staleBefore, mode === 'window'],
  );
  if (!row) throw new Error('login_throttle upsert returned no row');
  return { failures: row.failures, lockedUntil: row.locked_until };
}

/** Locks a key until a time. @example await lockKey(tx, key, new Date(now.getTime() + 900_000)); */
export async function lockKey(tx: Sql, key: string, until: Date): Promise<void> {
  await tx.query('UPDATE login_throttle SET locked_until = $2 WHERE key = $1', [key, until]);
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
 * Deletes rows whose lock is over and whose last failure is older than `staleBefore`.
 *
 * @example await purgeStale(tx, now, dayAgo);
 */
export async function purgeStale(tx: Sql, now: Date, staleBefore: Date): Promise<number> {
  const rows = await tx.query(
    `DELETE FROM login_throttle
     WHERE (locked_until IS NULL OR locked_until <= $1) AND last_failure_at < $2 RETURNING 1`,
    [now, staleBefore],
  );
  return rows.length;
}
