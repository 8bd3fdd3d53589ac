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

/**
 * Creates a database on the run's server, empty or as a copy of `template`; returns its name and
 * a dropper.
 */
export async function createServerDatabase(
  template?: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `ayni_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: requireServer() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
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

/**
 * Template databases shared by the files of one `npm test` run. scripts/run-tests.ts names the
 * run (AYNI_TEST_RUN, a short hex id) and a folder for it (AYNI_TEST_RUN_DIR), and drops every
 * `ayni_test_tpl_<run>_…` database and removes the folder when the run ends. Each template is
 * built once, by the first test file that needs it, under a PostgreSQL advisory lock that the
 * others wait on; a file then gets its own database as a copy (CREATE DATABASE … TEMPLATE),
 * which it drops as before. Outside a run (a file given to `node --test` by hand) there are no
 * templates and every database is built from the migrations, as before.
 */
export const testRun = process.env.AYNI_TEST_RUN || undefined;
export const testRunDir = process.env.AYNI_TEST_RUN_DIR || undefined;

/** The name of one of the run's template databases. @example templateName('schema') */
export function templateName(what: string): string {
  return `ayni_test_tpl_${testRun}_${what}`;
}

/**
 * The template `name`, built by `build` into a new database (copied from `parent`, or empty)
 * unless an earlier file of the run built it. The build goes into a database of another name,
 * renamed when it is done, so a file that failed half-way leaves no template that looks whole.
 */
export async function ensureTemplate(
  name: string,
  parent: string | null,
  build: (url: string) => Promise<void>,
): Promise<void> {
  const admin = new pg.Client({ connectionString: requireServer() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const [exists] = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows;
    if (exists) return;
    const building = `${name}_b${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${building}${parent ? ` TEMPLATE ${parent}` : ''}`);
    try {
      await build(databaseUrl(building));
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      throw error;
    }
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
    await admin.end();
  }
}

/** Opens a test database by URL, as the tests see it (the run's back end). */
async function openTestDatabase(url: string, dir: string): Promise<Database> {
  const opened = await openDatabase({ databaseUrl: url, dataDir: dir });
  if (!opened.ok) throw new Error(`the test database could not be opened: ${JSON.stringify(opened.error)}`);
  // The tests see the back end of the run, though both are reached by URL here.
  return Object.assign(Object.create(null), opened.value, { backend: testBackend });
}

/** The migrated schema with the geography: every test database starts as a copy of it. */
const SCHEMA_TEMPLATE = 'schema';

async function ensureSchemaTemplate(): Promise<string> {
  const name = templateName(SCHEMA_TEMPLATE);
  await ensureTemplate(name, null, async (url) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-test-'));
    const db = await openTestDatabase(url, dir);
    try {
      await syncGeography(db);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
  return name;
}

/**
 * What a test database holds, table by table (row counts): equal to the schema template's while
 * no test has written to it. seedCountry copies a template over a database only then.
 */
export async function contentsOf(db: Database): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  if (tables.length === 0) return '';
  const rows = await db.query<{ name: string; n: string }>(
    tables.map((t) => `SELECT '${t.name}' AS name, count(*)::text AS n FROM ${t.name}`).join(' UNION ALL '),
  );
  return rows
    .map((r) => `${r.name}=${r.n}`)
    .sort()
    .join(',');
}

/**
 * A test database made from a template of the run (see ensureTemplate), and what its copy needs:
 * seedCountry (test/helpers/country.ts) replaces a fresh one by a copy of a seeded template.
 */
interface Copied {
  handle: TestDatabase;
  name: string;
  /** contentsOf the fresh database, to tell that no test wrote to it yet. */
  fresh: string;
}
const copies = new WeakMap<Database, Copied>();

/**
 * Replaces the fresh test database behind `db` by a copy of the template `template`, under the
 * same name and address; `db` (the same object the test holds) then speaks to the copy. Returns
 * false, changing nothing, when `db` is not a fresh database of createTestDatabase in a run or a
 * test has written to it already.
 */
export async function replaceByCopy(db: Database, template: () => Promise<string>): Promise<boolean> {
  const copied = copies.get(db);
  if (!copied || copied.handle.db !== db) return false;
  if ((await contentsOf(db)) !== copied.fresh) return false;
  const name = await template();
  await db.close();
  const admin = new pg.Client({ connectionString: requireServer() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${copied.name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${copied.name} TEMPLATE ${name}`);
  } finally {
    await admin.end();
  }
  const reopened = await openTestDatabase(copied.handle.url, copied.handle.dir);
  Object.assign(db, reopened);
  return true;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-test-'));
  const created = await createServerDatabase(testRun ? await ensureSchemaTemplate() : undefined);
  const db = await openTestDatabase(created.url, dir);
  if (!testRun) await syncGeography(db);
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
  if (testRun) copies.set(db, { handle, name: created.name, fresh: await contentsOf(db) });
  return handle;
}
