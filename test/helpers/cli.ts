import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { createServerDatabase } from './database.ts';

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

/** Where the CLI under test keeps its database: a data folder, and a database on the run's server. */
export interface CliDatabase {
  dataDir: string;
  /** The database's URL on the run's server (the embedded one, or DATABASE_URL's). */
  databaseUrl: string;
  /** Drops the database and removes the data folder. */
  dispose(): Promise<void>;
}

/**
 * A database of the CLI's own, named to the CLI through AYNI_DATA_DIR and DATABASE_URL: a new
 * database on the run's server. The CLI opens and closes it on every command, so it cannot share
 * the test helper's open database. (The CLI's own start of the embedded server, with no
 * DATABASE_URL, is tested in test/db/embedded.test.ts.)
 *
 * @example const cli = await cliDatabase('audit'); … await cli.dispose();
 */
export async function cliDatabase(label: string): Promise<CliDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `ayni-${label}-cli-test-`));
  process.env.AYNI_DATA_DIR = dataDir;
  const created = await createServerDatabase();
  process.env.DATABASE_URL = created.url;
  return {
    dataDir,
    databaseUrl: created.url,
    async dispose() {
      await created.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
