import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { runCli } from '../../src/cli/main.ts';
import { serverUrl } from './database.ts';

/**
 * Runs one `ayni …` command in this process, capturing what it prints and its exit code; `stdin`
 * is what the command reads (a password, say).
 *
 * @example const { out, err, code } = await ayni(['audit', 'verify']);
 */
export async function ayni(
  args: string[],
  stdin?: string,
): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  if (stdin !== undefined)
    Object.defineProperty(process, 'stdin', {
      value: Readable.from([Buffer.from(stdin)]),
      configurable: true,
    });
  process.exitCode = 0;
  try {
    await runCli(['node', 'ayni', ...args]);
  } finally {
    console.log = log;
    console.error = error;
    Object.defineProperty(process, 'stdin', stdinDescriptor);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: out.join('\n'), err: err.join('\n'), code };
}

/** Where the CLI under test keeps its database: a data folder, and a server database if any. */
export interface CliDatabase {
  dataDir: string;
  /** The PostgreSQL database's URL, or undefined on PGlite (in dataDir). */
  databaseUrl: string | undefined;
  /** Drops the server database (if any) and removes the data folder. */
  dispose(): Promise<void>;
}

/**
 * A database of the CLI's own, named to the CLI through AYNI_DATA_DIR and DATABASE_URL: PGlite in a
 * new folder, or a new database on the test server (serverUrl) when there is one. The CLI opens and
 * closes it on every command, so it cannot share the test helper's open database.
 *
 * @example const cli = await cliDatabase('audit'); … await cli.dispose();
 */
export async function cliDatabase(label: string): Promise<CliDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `ayni-${label}-cli-test-`));
  process.env.AYNI_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (serverUrl) {
    dbName = `ayni_test_${label}_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    process.env.DATABASE_URL = databaseUrl;
  }
  return {
    dataDir,
    databaseUrl,
    async dispose() {
      if (dbName && serverUrl) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
