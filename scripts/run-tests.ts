#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript through tsx).
// The back end is the embedded PostgreSQL server unless DATABASE_URL names a PostgreSQL server;
// .ci/run runs both. On the embedded back end one server is started for the whole run in a
// temporary folder (each test file creates and drops its own database on it, as on a server),
// and stopped and removed at the end.
// Usage: npm test [-- path/to/file.test.ts …]
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { attachEmbedded } from '../src/db/embedded.ts';

async function findTests(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    if (name === 'node_modules') continue;
    const full = path.join(dir, name);
    if ((await stat(full)).isDirectory()) out.push(...(await findTests(full)));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : (await Promise.all(['src', 'test'].map(findTests))).flat().sort();
const env = { ...process.env };
// Servers and commands the tests open log nothing (a test that reads the log captures its own).
env.AYNI_LOG_LEVEL ??= 'silent';
let cleanup = async () => {};
if (process.env.DATABASE_URL) {
  console.log(
    `ayni tests: ${files.length} files on the PostgreSQL server ${new URL(process.env.DATABASE_URL).host}`,
  );
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-tests-'));
  const server = await attachEmbedded(path.join(dir, 'data'));
  env.AYNI_TEST_EMBEDDED_URL = server.url;
  console.log(
    `ayni tests: ${files.length} files on the embedded PostgreSQL server (${server.layout.pgdata})`,
  );
  cleanup = async () => {
    await server.detach();
    await rm(dir, { recursive: true, force: true });
  };
}
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
// Ctrl+C reaches the runner too; the embedded server is then stopped below, not left behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code: number = await new Promise((resolve) =>
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 1))),
);
await cleanup();
process.exit(code);
