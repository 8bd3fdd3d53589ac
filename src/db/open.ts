import type { Config } from '../shared/config.ts';
import { ok, type Result } from '../shared/failure.ts';
import type { Logger } from '../shared/log.ts';
import type { DatabaseFailure } from './database.failures.ts';
import type { Database, Sql } from './database.ts';
import { attachEmbedded, type EmbeddedAttachment, notRunning } from './embedded.ts';
import { migrate } from './migrate.ts';
import { openServer } from './multi-host.ts';
import { openPostgres } from './postgres.ts';

export interface OpenOptions {
  /** Progress lines for a person (the embedded server's first start takes a few seconds). */
  log?: (line: string) => void;
  /** Where the connections' diagnostics go (an idle connection the server closed); none: nowhere. */
  logger?: Logger;
}

/**
 * Opens the database the configuration names and brings its schema up to date: the PostgreSQL
 * server of `DATABASE_URL`, or else the embedded PostgreSQL server in `dataDir/postgres`, started
 * by this process when no other ayni process has (src/db/embedded.ts, ADR 0008). Fails, with the
 * database closed, when the embedded server cannot start or a migration was edited.
 *
 * @example const opened = await openDatabase(config); if (!opened.ok) return opened; const db = opened.value;
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'databaseConnectTimeoutMs'>,
  options: OpenOptions = {},
): Promise<Result<Database, DatabaseFailure>> {
  let db: Database;
  // One host, or several with target_session_attrs (src/db/multi-host.ts); a connection that does
  // not open within AYNI_DB_CONNECT_TIMEOUT_MS fails its request (503) instead of hanging it.
  if (config.databaseUrl)
    db = await openServer(config.databaseUrl, undefined, {
      logger: options.logger,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    });
  else {
    const embedded = await openEmbeddedDatabase(config.dataDir, options);
    if (!embedded.ok) return embedded;
    db = embedded.value;
  }
  try {
    const migrated = await migrate(db);
    if (!migrated.ok) {
      await db.close();
      return migrated;
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return ok(db);
}

/**
 * Leaves the embedded server. A server that was asked to stop and did not is no failure of the
 * caller's work (its own connections are closed, its work committed): it is logged, and the next
 * ayni process connects to that server or finds it gone.
 */
async function leaveEmbedded(attachment: EmbeddedAttachment, options: OpenOptions): Promise<void> {
  const left = await attachment.detach();
  if (left.ok) return;
  options.log?.(
    `ayni: the embedded database did not stop (${left.error.code}); see ${attachment.layout.logFile}.`,
  );
  options.logger?.warn({ failure: left.error }, 'the embedded database did not stop');
}

/**
 * The embedded server as a Database. When the server goes away under a running process (killed,
 * or stopped by an administrator) the statement in progress fails as on any server; the process
 * then starts it again (crash recovery replays what was committed) so that the next request works.
 */
async function openEmbeddedDatabase(
  dataDir: string,
  options: OpenOptions,
): Promise<Result<Database, DatabaseFailure>> {
  const attached = await attachEmbedded(dataDir, options);
  if (!attached.ok) return attached;
  let attachment: EmbeddedAttachment = attached.value;
  let db: Database;
  try {
    db = await openPostgres(attachment.url, undefined, { logger: options.logger });
  } catch (error) {
    await leaveEmbedded(attachment, options);
    throw error;
  }
  let closed = false;
  let reviving: Promise<void> | undefined;
  const revive = () => {
    if (closed || reviving) return;
    reviving = (async () => {
      try {
        const previous = attachment;
        const again = await attachEmbedded(dataDir, options);
        if (!again.ok) {
          options.log?.(`ayni: the embedded database could not be started again (${again.error.code}).`);
          options.logger?.error({ failure: again.error }, 'the embedded database could not be started again');
          return;
        }
        attachment = again.value;
        await previous.detach().catch(() => {});
      } catch (error) {
        options.log?.(`ayni: the embedded database could not be started again: ${(error as Error).message}`);
        options.logger?.error({ err: error }, 'the embedded database could not be started again');
      } finally {
        reviving = undefined;
      }
    })();
  };
  const watched =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        if (notRunning(error)) revive();
        throw error;
      }
    };
  const inner = db;
  const sql: Sql = {
    query: watched(inner.query.bind(inner)) as Sql['query'],
    queryEach: watched(inner.queryEach.bind(inner)) as Sql['queryEach'],
    exec: watched(inner.exec.bind(inner)),
    copyFrom: watched(inner.copyFrom.bind(inner)),
  };
  return ok({
    backend: 'embedded',
    ...sql,
    poolUse: inner.poolUse,
    transaction: watched(inner.transaction.bind(inner)) as Database['transaction'],
    async close() {
      closed = true;
      await reviving;
      try {
        await inner.close();
      } finally {
        await leaveEmbedded(attachment, options);
      }
    },
  });
}
