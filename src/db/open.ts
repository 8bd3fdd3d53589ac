import type { Config } from '../shared/config.ts';
import type { Logger } from '../shared/log.ts';
import type { Database, Sql } from './database.ts';
import { attachEmbedded, type EmbeddedAttachment, notRunning } from './embedded.ts';
import { migrate } from './migrate.ts';
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
 * by this process when no other ayni process has (src/db/embedded.ts, ADR 0008).
 *
 * @example const db = await openDatabase(loadConfig(process.env));
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: OpenOptions = {},
): Promise<Database> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl, undefined, { logger: options.logger })
    : await openEmbeddedDatabase(config.dataDir, options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * The embedded server as a Database. When the server goes away under a running process (killed,
 * or stopped by an administrator) the statement in progress fails as on any server; the process
 * then starts it again (crash recovery replays what was committed) so that the next request works.
 */
async function openEmbeddedDatabase(dataDir: string, options: OpenOptions): Promise<Database> {
  let attachment: EmbeddedAttachment = await attachEmbedded(dataDir, options);
  let db: Database;
  try {
    db = await openPostgres(attachment.url, undefined, { logger: options.logger });
  } catch (error) {
    await attachment.detach();
    throw error;
  }
  let closed = false;
  let reviving: Promise<void> | undefined;
  const revive = () => {
    if (closed || reviving) return;
    reviving = (async () => {
      try {
        const previous = attachment;
        attachment = await attachEmbedded(dataDir, options);
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
  return {
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
        await attachment.detach();
      }
    },
  };
}
