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
  /**
   * The clock every interface passes to the domain (which never reads one): real time, or a clock
   * started at a chosen instant (AYNI_CLOCK, or the demo clock a seeded database records) that
   * runs forward in real time. Absent (an App built by hand in a test): real time; use `clockOf`.
   */
  now?: () => Date;
  /** Whether `now` is a simulated clock (pages say so). */
  simulatedClock?: boolean;
  close(): Promise<void>;
}

export async function openApp(config: Config): Promise<App> {
  const db = await openDatabase(config);
  await syncGeography(db);
  const [setting] = await db.query<{ value: string }>(
    `SELECT value FROM app_setting WHERE key = 'clock_start'`,
  );
  const start = config.clockStart ?? (setting ? new Date(setting.value) : undefined);
  const booted = Date.now();
  return {
    config,
    db,
    rejectsDir: path.join(config.dataDir, 'rejects'),
    now: start ? () => new Date(start.getTime() + (Date.now() - booted)) : () => new Date(),
    simulatedClock: start !== undefined,
    close: () => db.close(),
  };
}

/** The app's clock, real time when it has none. @example const now = clockOf(app); now() */
export function clockOf(app: Pick<App, 'now'>): () => Date {
  return app.now ?? (() => new Date());
}
