import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { freePort } from '../../test/helpers/processes.ts';

/**
 * `ayni start --workers 2`: two server processes on one port and one database, each answering
 * requests (their access lines name two process ids); SIGTERM to the first process stops both,
 * and it exits 0. On the embedded server too: the first process keeps it attached for the workers.
 */

const root = path.resolve(import.meta.dirname, '../..');
let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

/** One request on a connection of its own, so that the cluster may hand it to either worker. */
const get = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });

test('two worker processes serve one port and one database, and stop together on SIGTERM', async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, AYNI_DATA_DIR: t.dir, AYNI_LOG_LEVEL: 'info' };
  if (t.backend === 'postgres') env.DATABASE_URL = t.url;
  else {
    delete env.DATABASE_URL;
    delete env.AYNI_TEST_EMBEDDED_URL;
  }
  const child = spawn(
    process.execPath,
    [
      '--import',
      './bin/typescript.mjs',
      'src/main.ts',
      'start',
      '--port',
      String(port),
      '--seed-people',
      '0',
      '--workers',
      '2',
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let messages = '';
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the workers did not start:\n${messages}`)), 120_000);
      child.stderr!.on('data', (d: Buffer) => {
        messages += d.toString();
        if ((messages.match(/ayni: serving/g) ?? []).length === 2) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${messages}`)));
    });
    assert.match(messages, /ayni: 2 server workers started/);
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push(await get(`http://127.0.0.1:${port}/health`));
    assert.deepEqual(new Set(statuses), new Set([200]));
    const pids = new Set(
      out
        .split('\n')
        .filter((l) => l.includes('"/health"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    assert.equal(pids.size, 2, `access lines of two processes (${[...pids].join(', ')})`);
    assert.ok(!pids.has(child.pid!), 'the first process forks and waits: the workers serve');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
