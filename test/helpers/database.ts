import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Backend, Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { syncGeography } from '../../src/registry/geography/geography.ts';

/**
 * A fresh, migrated database for one test file, on the server the test run targets: the embedded
 * PostgreSQL server that `npm test` starts for the run (scripts/run-tests.ts names it in
 * AYNI_TEST_EMBEDDED_URL), or the PostgreSQL server named by DATABASE_URL (.ci/run runs the suite
 * both ways). `dispose` drops it.
 *
 * @example const t = await createTestDatabase(); … await t.dispose();
 */
export interface TestDatabase {
  db: Database;
  /** A folder for the test's files (rejects, generated CSVs); removed by dispose. */
  dir: string;
  backend: Backend;
  /** The database's address on the server. */
  url: string;
  dispose(): Promise<void>;
}

/** The server the run targets: DATABASE_URL, else the run's embedded server. */
export const serverUrl = process.env.DATABASE_URL || process.env.AYNI_TEST_EMBEDDED_URL || undefined;
export const testBackend: Backend = process.env.DATABASE_URL ? 'postgres' : 'embedded';

function requireServer(): string {
  if (!serverUrl) {
    throw new Error(
      'No database for the tests: run them with `npm test` (which starts the embedded server), or set DATABASE_URL.',
    );
  }
  return serverUrl;
}

/** The URL of database `name` on the run's server. @example databaseUrl('ayni_test_1') */
export function databaseUrl(name: string): string {
  const url = new URL(requireServer());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database on the run's server; returns its name and a dropper. */
export async function createServerDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `ayni_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: requireServer() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    async drop() {
      const a = new pg.Client({ connectionString: requireServer() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-test-'));
  const created = await createServerDatabase();
  const opened = await openDatabase({ databaseUrl: created.url, dataDir: dir });
  if (!opened.ok) throw new Error(`the test database could not be opened: ${JSON.stringify(opened.error)}`);
  // The tests see the back end of the run, though both are reached by URL here.
  const db: Database = Object.assign(Object.create(null), opened.value, { backend: testBackend });
  await syncGeography(db);
  const handle: TestDatabase = {
    db,
    dir,
    backend: testBackend,
    url: created.url,
    async dispose() {
      // The handle the test holds now (a test may close `db` and open another, as the crash test
      // does): closing the first one twice threw, and the database was never dropped.
      await handle.db.close();
      await created.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
