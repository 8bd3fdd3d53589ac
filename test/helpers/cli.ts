import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { createServerDatabase } from './database.ts';

/** What one command reads besides its arguments. */
export interface AyniInput {
  /** Standard input (passwords with --password-stdin, one a line); never a terminal. */
  stdin?: string;
  /** Environment variables for this command only, e.g. `{ AYNI_CREDENTIAL: token }`; undefined unsets. */
  env?: Record<string, string | undefined>;
}

/**
 * Runs one `ayni …` command in this process, capturing what it prints and its exit code. `input`
 * is what the command reads: standard input (a string: just that), and environment variables such
 * as AYNI_CREDENTIAL, the personal credential an officer signs in with (see `asOfficer`). Standard
 * input is never the terminal, so a command that would prompt refuses instead.
 *
 * @example const { out, err, code } = await ayni(['audit', 'verify'], asOfficer(auditorToken));
 */
export async function ayni(
  args: string[],
  input: string | AyniInput = {},
): Promise<{ out: string; err: string; code: number }> {
  const { stdin, env = {} } = typeof input === 'string' ? { stdin: input } : input;
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  console.log = (...a: unknown[]) => out.push(a.join(' '));
  console.error = (...a: unknown[]) => err.push(a.join(' '));
  Object.defineProperty(process, 'stdin', {
    value: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
    configurable: true,
  });
  setEnv(env);
  process.exitCode = 0;
  try {
    await runCli(['node', 'ayni', ...args]);
  } finally {
    console.log = log;
    console.error = error;
    Object.defineProperty(process, 'stdin', stdinDescriptor);
    setEnv(savedEnv);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: out.join('\n'), err: err.join('\n'), code };
}

/** The input of a command run by the officer (or system) whose credential `token` is. */
export const asOfficer = (token: string, stdin?: string): AyniInput => ({
  env: { AYNI_CREDENTIAL: token },
  ...(stdin === undefined ? {} : { stdin }),
});

/**
 * Officer accounts made through the CLI as an office makes them: the first, an administrator,
 * without sign-in (none exists yet); the others by that administrator, signing in with their
 * password; then each officer issues their own personal credential. Returns the credentials by
 * username, for `asOfficer`. Every account has `password`.
 *
 * @example const tokens = await cliOfficers(PASSWORD, { admin: ['administrator'], ana: ['bono_officer'] });
 */
export async function cliOfficers(
  password: string,
  officers: Record<string, readonly string[]>,
): Promise<Record<string, string>> {
  const [first, ...others] = Object.entries(officers);
  if (!first?.[1].includes('administrator')) throw new Error('the first officer must be an administrator');
  const check = (what: string, r: { code: number; err: string }) => {
    if (r.code !== 0) throw new Error(`${what}: ${r.err}`);
  };
  const create = (username: string, roles: readonly string[], signIn: string[], stdin: string) =>
    ayni(
      [
        'accounts',
        'create',
        '--username',
        username,
        '--roles',
        roles.join(','),
        ...signIn,
        '--password-stdin',
      ],
      stdin,
    );
  check(first[0], await create(first[0], first[1], [], `${password}\n`));
  for (const [username, roles] of others)
    check(username, await create(username, roles, ['--officer', first[0]], `${password}\n${password}\n`));
  const tokens: Record<string, string> = {};
  for (const username of Object.keys(officers)) {
    const r = await ayni(
      ['credentials', 'create', '--personal', '--officer', username, '--password-stdin'],
      `${password}\n`,
    );
    check(`${username}'s credential`, r);
    tokens[username] = r.out;
  }
  return tokens;
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
