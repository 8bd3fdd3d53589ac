import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { syncGeography } from '../../src/registry/geography/geography.ts';

/**
 * A fresh, migrated database for one test file, on the back end the test run targets: PGlite in a
 * temporary folder by default, or a new database on the PostgreSQL server named by DATABASE_URL
 * (the test suite is run both ways by .ci/run). `dispose` drops or deletes it.
 *
 * @example const t = await createTestDatabase(); … await t.dispose();
 */
export interface TestDatabase {
  db: Database;
  /** A folder for the test's files (rejects, generated CSVs); removed by dispose. */
  dir: string;
  backend: 'pglite' | 'postgres';
  /** The database's address on the PostgreSQL server (undefined on PGlite, whose files are in `dir`). */
  url?: string;
  dispose(): Promise<void>;
}

export const serverUrl = process.env.DATABASE_URL || undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-test-'));
  if (!serverUrl) {
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await syncGeography(db);
    const handle: TestDatabase = {
      db,
      dir,
      backend: 'pglite',
      async dispose() {
        // The handle the test holds now (see below).
        await handle.db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return handle;
  }
  const name = `ayni_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: dir });
  await syncGeography(db);
  const handle: TestDatabase = {
    db,
    dir,
    backend: 'postgres',
    url: url.toString(),
    async dispose() {
      // The handle the test holds now (a test may close `db` and open another, as the crash test
      // does): closing the first one twice threw, and the database was never dropped.
      await handle.db.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
