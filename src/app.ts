import path from 'node:path';
import {
  CLOCK_REFRESH_MS,
  type ClockAnchor,
  clockOnOpening,
  clockReading,
  readClockAnchor,
} from './clock.ts';
import type { DatabaseFailure } from './db/database.failures.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { openReader, type Reader } from './db/replicas.ts';
import { syncGeography } from './registry/index.ts';
import type { Config, ConfigFailure } from './shared/config.ts';
import { ok, type Result } from './shared/failure.ts';
import { createLogger, type Logger, silentLogger } from './shared/log.ts';

/**
 * Everything an interface (CLI, HTTP) needs to act: the configuration and a migrated database
 * with its reference data in place.
 *
 * @example const opened = await openApp(config); if (opened.ok) … await opened.value.close();
 */
export interface App {
  config: Config;
  db: Database;
  /**
   * Where the public's read-only look-ups may be read from: the hot standbys of DATABASE_READ_URL
   * under the lag bound, else `db` (src/db/replicas.ts). Routes ask for it through `readerFor(app, c)`
   * (src/http/read-your-writes.ts); absent (an App built by hand): `db`.
   */
  reader?: Reader;
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

/** Why an app could not be opened: the database (embedded server, migrations), or AYNI_CLOCK. */
export type OpenAppFailure = DatabaseFailure | ConfigFailure;

/**
 * Opens the database the configuration names, brings it up to date and reads its clock. Its
 * failures are the start-up's, returned to the entry point (src/cli/main.ts), which prints them.
 *
 * @example const opened = await openApp(config); if (opened.ok) { const app = opened.value; … await app.close(); }
 */
export async function openApp(
  config: Config,
  options: OpenAppOptions = {},
): Promise<Result<App, OpenAppFailure>> {
  const log = options.log ?? createLogger({ level: config.logLevel, destination: 'stderr' });
  const opened = await openDatabase(config, { logger: log });
  if (!opened.ok) return opened;
  const db = opened.value;
  await syncGeography(db);
  let anchor: ClockAnchor | undefined;
  try {
    const clock = await clockOnOpening(db, config.clockSetTo);
    if (!clock.ok) {
      await db.close();
      return clock;
    }
    anchor = clock.value;
  } catch (error) {
    await db.close();
    throw error;
  }
  let closed = false;
  const reader = openReader(db, config.databaseReadUrls ?? [], {
    maxLagMs: config.replicaMaxLagMs ?? 2000,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    logger: log,
  });
  const refreshClock = async () => {
    if (!closed) anchor = await readClockAnchor(db);
  };
  // Another process may move the clock (AYNI_CLOCK) while this one runs: read it again now and
  // then. A failed read keeps the anchor this process has; the next one tries again.
  const refresher = setInterval(() => refreshClock().catch(() => {}), CLOCK_REFRESH_MS);
  refresher.unref();
  return ok({
    config,
    db,
    reader,
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
      await reader.close();
      await db.close();
    },
  });
}

/** The app's logger; one that writes nothing when it has none. @example logOf(app).warn('…') */
export function logOf(app: Pick<App, 'log'>): Logger {
  return app.log ?? silentLogger();
}

/** The app's clock, real time when it has none. @example const now = clockOf(app); now() */
export function clockOf(app: Pick<App, 'now'>): () => Date {
  return app.now ?? (() => new Date());
}
