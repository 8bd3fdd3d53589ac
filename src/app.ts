import path from 'node:path';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { syncGeography } from './registry/index.ts';
import type { Config } from './shared/config.ts';

/**
 * Everything an interface (CLI, HTTP) needs to act: the configuration and a migrated database
 * with its reference data in place.
 *
 * @example const app = await openApp(loadConfig(process.env)); … await app.close();
 */
export interface App {
  config: Config;
  db: Database;
  /** Folder for rejects files. */
  rejectsDir: string;
  close(): Promise<void>;
}

export async function openApp(config: Config): Promise<App> {
  const db = await openDatabase(config);
  await syncGeography(db);
  return {
    config,
    db,
    rejectsDir: path.join(config.dataDir, 'rejects'),
    close: () => db.close(),
  };
}
