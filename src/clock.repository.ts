import type { Sql } from './db/database.ts';

/**
 * Where the database's clock anchor is kept: one row of `app_setting`, its value the anchor as
 * JSON text (./clock.ts reads and writes that text; this file only stores it).
 */

const ANCHOR_KEY = 'clock_anchor';

/**
 * The stored anchor's text, or undefined when none is stored (the clock runs on real time).
 *
 * @example const text = await readAnchorText(db);
 */
export async function readAnchorText(db: Sql): Promise<string | undefined> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM app_setting WHERE key = $1', [
    ANCHOR_KEY,
  ]);
  return row?.value;
}

/**
 * Stores the anchor unless one is stored already (then it leaves that one as it is).
 *
 * @example await insertAnchorUnlessSet(db, '{"simulated":"2021-02-15T14:00:00.000Z","real":"…"}');
 */
export async function insertAnchorUnlessSet(db: Sql, text: string): Promise<void> {
  await db.query('INSERT INTO app_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    ANCHOR_KEY,
    text,
  ]);
}

/**
 * Stores the anchor, replacing any stored one.
 *
 * @example await writeAnchorText(tx, '{"simulated":"2021-01-05T14:00:00.000Z","real":"…"}');
 */
export async function writeAnchorText(db: Sql, text: string): Promise<void> {
  await db.query(
    `INSERT INTO app_setting (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [ANCHOR_KEY, text],
  );
}
