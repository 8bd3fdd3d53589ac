import os from 'node:os';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { attachEmbedded } from '../../src/db/embedded.ts';
import { type OpenOptions, openDatabase } from '../../src/db/open.ts';
import type { Config } from '../../src/shared/config.ts';

/**
 * The database a bench measures on, opened as ayni opens it (src/db/open.ts). A bench without its
 * database measures nothing: the failure value ends it, printed as it is.
 *
 * @example const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: dir });
 */
export async function openBenchDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options?: OpenOptions,
): Promise<Database> {
  const opened = await openDatabase(config, options);
  if (!opened.ok)
    throw new Error(`the bench's database could not be opened: ${JSON.stringify(opened.error)}`);
  return opened.value;
}

/**
 * The address of the database `name` on `server`, created empty when it is not there (dropped first
 * when `fresh`): the benches that keep a database between runs share this step.
 *
 * @example const url = await ensureServerDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'ayni_bench_rules_1000000');
 */
export async function ensureServerDatabase(server: string, name: string, fresh = false): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Where a bench runs: a database on a PostgreSQL server, or an embedded data folder. */
export type BenchWhere = { databaseUrl: string } | { dataDir: string };

/** A bench's database with an address for the plain `pg` connections the bench opens beside it. */
export interface BenchTarget {
  db: Database;
  /** A connection string to the same database (for the embedded server: its Unix socket). */
  url: string;
  /** Closes the database; the embedded server stops when no other ayni process is attached. */
  close(): Promise<void>;
}

/**
 * Opens the bench's database and gives a connection string to it. The embedded database is opened
 * as ayni opens it, and this process also attaches to its server to learn the socket's address: the
 * server stays up for the side connections until `close()`, which stops it when it is the last.
 *
 * @example const t = await openBenchTarget({ dataDir: '/srv/bench/country' }); new pg.Client(t.url);
 */
export async function openBenchTarget(where: BenchWhere): Promise<BenchTarget> {
  if ('databaseUrl' in where) {
    const db = await openBenchDatabase({ databaseUrl: where.databaseUrl, dataDir: os.tmpdir() });
    return { db, url: where.databaseUrl, close: () => db.close() };
  }
  const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: where.dataDir });
  const attached = await attachEmbedded(where.dataDir);
  if (!attached.ok) {
    await db.close();
    throw new Error(`the embedded server could not be attached: ${JSON.stringify(attached.error)}`);
  }
  return {
    db,
    url: attached.value.url,
    async close() {
      await db.close();
      const left = await attached.value.detach();
      if (!left.ok) throw new Error(`the embedded server did not stop: ${JSON.stringify(left.error)}`);
    },
  };
}
