import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * `npm test` (scripts/run-tests.ts): arguments that start with `--` reach `node --test`, the others
 * are files; AYNI_TEST_TIMEOUT_MS bounds a file, so a hung promise fails instead of hanging CI.
 * DATABASE_URL names a server nobody listens on: these files need no database, and the runner then
 * starts no embedded server.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => path.join('test', 'scripts', 'fixtures', name);

function runTests(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; seconds: number }> {
  const started = Date.now();
  // Without the test runner's own marker, which would make the runner below refuse to run files
  // ("run() is being called recursively within a test file").
  const { NODE_TEST_CONTEXT: _, ...outside } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/run-tests.ts', ...args], {
    cwd: root,
    env: { ...outside, DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', ...env },
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (out += b));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, out, seconds: (Date.now() - started) / 1000 })),
  );
}

test('runner flags reach node --test, other arguments are the files', async () => {
  const r = await runTests([fixture('two-tests.ts'), '--test-name-pattern=^alpha$', '--test-reporter=tap']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /ayni tests: 1 files on the PostgreSQL server 127\.0\.0\.1:9/);
  assert.match(r.out, /^ok 1 - alpha/m);
  assert.match(r.out, /^ok 2 - beta # SKIP test name does not match pattern/m);
  assert.match(r.out, /^# pass 1$/m);
});

test('a hung promise fails its file after AYNI_TEST_TIMEOUT_MS instead of hanging the run', async () => {
  const r = await runTests([fixture('hangs.ts'), '--test-reporter=tap'], { AYNI_TEST_TIMEOUT_MS: '1500' });
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /test timed out after 1500ms/);
  assert.ok(r.seconds < 60, `the run ended after ${r.seconds} s`);
});

test('AYNI_TEST_TIMEOUT_MS that is not a number of milliseconds is refused before anything runs', async () => {
  const r = await runTests([fixture('two-tests.ts')], { AYNI_TEST_TIMEOUT_MS: '2m' });
  assert.equal(r.code, 2);
  assert.match(r.out, /AYNI_TEST_TIMEOUT_MS must be a whole number of milliseconds above 0; got "2m"/);
});
