#!/usr/bin/env node
// Runs every *.test.ts and *.test.tsx (components) under src/ and test/ with Node's own test runner
// (TypeScript through tsx).
// The back end is the embedded PostgreSQL server unless DATABASE_URL names a PostgreSQL server;
// .ci/run runs both. On the embedded back end one server is started for the whole run in a
// temporary folder (each test file creates and drops its own database on it, as on a server),
// and stopped and removed at the end.
// The run is named (AYNI_TEST_RUN) and given a folder (AYNI_TEST_RUN_DIR): the test files build
// template databases once for the whole run (the migrated schema, each seeded country: see
// test/helpers/database.ts) and copy them; the templates are dropped and the folder removed at
// the end.
// Usage: npm test [-- [--node-test-flag=value …] [path/to/file.test.ts …]]
//   Arguments that start with `--` go to `node --test` as they are (`--test-name-pattern=refund`,
//   `--test-only`; give a value with `=`); the others are the test files to run instead of all.
//   AYNI_TEST_TIMEOUT_MS (default 1200000, twenty minutes) bounds each test file through
//   --test-timeout: a hung promise fails its file instead of hanging CI. Node 20 applies
//   --test-timeout to a whole file, not to each test (nodejs/node#50431), so the bound is sized on
//   the slowest file; --test-force-exit ends a file whose tests are done but whose handles are not.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { attachEmbedded } from '../src/db/embedded.ts';

/**
 * Twenty minutes: the slowest file, test/browser/every-page.test.ts (every page × language × role in
 * Chromium), took 444 s in a clean-clone CI run on the 2-core machine and ran past ten minutes on
 * the PostgreSQL server while a second test run shared the machine (2026-12-07); the bound is there
 * to fail a hung promise, not to time a slow file.
 */
const DEFAULT_TIMEOUT_MS = 1_200_000;

async function findTests(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    if (name === 'node_modules') continue;
    const full = path.join(dir, name);
    if ((await stat(full)).isDirectory()) out.push(...(await findTests(full)));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(full);
  }
  return out;
}

function timeoutMs(): number {
  const raw = process.env.AYNI_TEST_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    console.error(
      `ayni tests: AYNI_TEST_TIMEOUT_MS must be a whole number of milliseconds above 0; got "${raw}"`,
    );
    process.exit(2);
  }
  return ms;
}

const args = process.argv.slice(2);
const runnerFlags = args.filter((a) => a.startsWith('--'));
const named = args.filter((a) => !a.startsWith('--'));
const files = named.length > 0 ? named : (await Promise.all(['src', 'test'].map(findTests))).flat().sort();
/** The runner's defaults, each left out when the command line gives that flag itself. */
const given = (flag: string) => runnerFlags.some((a) => a === flag || a.startsWith(`${flag}=`));
const defaults = [
  ...(given('--test-concurrency') ? [] : ['--test-concurrency=2']),
  // The spec reporter, and each file's time for the list of the slowest (scripts/test-file-times.mjs).
  ...(given('--test-reporter')
    ? []
    : [
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-file-times.mjs')}`,
        '--test-reporter-destination=stderr',
      ]),
  ...(given('--test-timeout') ? [] : [`--test-timeout=${timeoutMs()}`]),
  ...(given('--test-force-exit') ? [] : ['--test-force-exit']),
];
const env = { ...process.env };
const run = randomBytes(4).toString('hex');
const runDir = await mkdtemp(path.join(os.tmpdir(), 'ayni-test-run-'));
env.AYNI_TEST_RUN = run;
env.AYNI_TEST_RUN_DIR = runDir;
env.AYNI_TEST_TIMES = path.join(runDir, 'file-times.json');
let cleanup = async () => {};
if (process.env.DATABASE_URL) {
  console.log(
    `ayni tests: ${files.length} files on the PostgreSQL server ${new URL(process.env.DATABASE_URL).host}`,
  );
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-tests-'));
  const attached = await attachEmbedded(path.join(dir, 'data'));
  if (!attached.ok) {
    console.error(
      `ayni tests: the embedded PostgreSQL server cannot start: ${JSON.stringify(attached.error)}`,
    );
    process.exit(1);
  }
  const server = attached.value;
  env.AYNI_TEST_EMBEDDED_URL = server.url;
  console.log(
    `ayni tests: ${files.length} files on the embedded PostgreSQL server (${server.layout.pgdata})`,
  );
  cleanup = async () => {
    await server.detach();
    await rm(dir, { recursive: true, force: true });
  };
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...defaults, ...runnerFlags, ...files], {
  stdio: 'inherit',
  env,
});
// Ctrl+C reaches the runner too; the embedded server is then stopped below, not left behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code: number = await new Promise((resolve) =>
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 1))),
);
await slowestFiles(env.AYNI_TEST_TIMES);
await dropTemplates(env.DATABASE_URL || env.AYNI_TEST_EMBEDDED_URL);
await rm(runDir, { recursive: true, force: true });
await cleanup();
process.exit(code);

/** Drops the run's template databases (test/helpers/database.ts builds them). */
async function dropTemplates(url: string | undefined): Promise<void> {
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'ayni\\_test\\_tpl\\_' || $1 || '\\_%'",
      [run],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } catch (error) {
    console.error(
      `ayni tests: the run's template databases could not be dropped: ${(error as Error).message}`,
    );
  } finally {
    await admin.end().catch(() => {});
  }
}

/** Lists the files that took longest (scripts/test-file-times.mjs kept their times), slowest first. */
async function slowestFiles(timesFile: string, shown = 15): Promise<void> {
  let times: Record<string, number>;
  try {
    times = JSON.parse(await readFile(timesFile, 'utf8')) as Record<string, number>;
  } catch {
    return;
  }
  const all = Object.entries(times);
  if (all.length < 2) return;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const total = all.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(
    `\nayni tests: the slowest files (of ${all.length}, ${s(total)} in all, before hooks included):`,
  );
  for (const [file, ms] of all.sort((a, b) => b[1] - a[1]).slice(0, shown))
    console.log(`  ${s(ms).padStart(8)}  ${path.relative(process.cwd(), file)}`);
}
