import type { Sql } from './database.ts';

/**
 * One round trip to the database server that reads no table: it answers, or this rejects with the
 * driver's error. For `/health`, which must say whether ayni can reach its database at all.
 *
 * @example await pingDatabase(app.db);
 */
export async function pingDatabase(db: Sql): Promise<void> {
  await db.query('SELECT 1');
}
