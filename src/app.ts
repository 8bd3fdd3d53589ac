import path from 'node:path';
import {
  CLOCK_REFRESH_MS,
  type ClockAnchor,
  clockOnOpening,
  clockReading,
  readClockAnchor,
} from './clock.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { syncGeography } from './registry/index.ts';
import type { Config } from './shared/config.ts';
import { createLogger, type Logger, silentLogger } from './shared/log.ts';

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
   * The clock every interface passes to the domain (which never reads one): the database's one
   * clock (src/clock.ts) — real time, or a simulated clock anchored in the database (the demo clock
   * a seeded database starts, or AYNI_CLOCK) that every process reads alike and that runs forward
   * in real time. Absent (an App built by hand in a test): real time; use `clockOf`.
   */
  now?: () => Date;
  /** Whether `now` is a simulated clock (pages say so). */
  simulatedClock?: boolean;
  /** Reads the database's clock anchor again (done every CLOCK_REFRESH_MS by openApp's apps). */
  refreshClock?: () => Promise<void>;
  /**
   * Where the server and the domain write their diagnostics (src/shared/log.ts), at AYNI_LOG_LEVEL.
   * Absent (an App built by hand in a test): nothing is logged; use `logOf`.
   */
  log?: Logger;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /**
   * The logger; by default one at the configured level writing to standard error, so that a
   * command's standard output holds only its result (`ayni start` passes one writing to standard
   * output: a server's log is its output).
   */
  log?: Logger;
}

export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger({ level: config.logLevel, destination: 'stderr' });
  const db = await openDatabase(config, { logger: log });
  await syncGeography(db);
  let anchor: ClockAnchor | undefined;
  try {
    anchor = await clockOnOpening(db, config.clockSetTo);
  } catch (error) {
    await db.close();
    throw error;
  }
  let closed = false;
  const refreshClock = async () => {
    if (!closed) anchor = await readClockAnchor(db);
  };
  // Another process may move the clock (AYNI_CLOCK) while this one runs: read it again now and
  // then. A failed read keeps the anchor this process has; the next one tries again.
  const refresher = setInterval(() => refreshClock().catch(() => {}), CLOCK_REFRESH_MS);
  refresher.unref();
  return {
    config,
    db,
    rejectsDir: path.join(config.dataDir, 'rejects'),
    now: () => clockReading(anchor, Date.now()),
    get simulatedClock() {
      return anchor !== undefined;
    },
    refreshClock,
    log,
    close: async () => {
      closed = true;
      clearInterval(refresher);
      await db.close();
    },
  };
}

/** The app's logger; one that writes nothing when it has none. @example logOf(app).warn('…') */
export function logOf(app: Pick<App, 'log'>): Logger {
  return app.log ?? silentLogger();
}

/** The app's clock, real time when it has none. @example const now = clockOf(app); now() */
export function clockOf(app: Pick<App, 'now'>): () => Date {
  return app.now ?? (() => new Date());
}
