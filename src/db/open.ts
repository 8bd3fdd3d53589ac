import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../shared/config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/**
 * Opens the database the configuration names (PostgreSQL when `DATABASE_URL` is set, otherwise
 * PGlite under `dataDir/pglite`) and brings its schema up to date.
 *
 * @example const db = await openDatabase(loadConfig(process.env));
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  let db: Database;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    const dir = path.join(config.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    db = await openPglite(dir);
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
