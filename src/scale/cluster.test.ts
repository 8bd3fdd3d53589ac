import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { startWorkers } from '../../test/helpers/processes.ts';

/**
 * `ayni start --workers 2`: two server processes on one port and one database, each answering
 * requests (their access lines name two process ids); SIGTERM to the first process stops both,
 * and it exits 0. On the embedded server too: the first process keeps it attached for the workers.
 */

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
  const env: NodeJS.ProcessEnv = { ...process.env, AYNI_DATA_DIR: t.dir, AYNI_LOG_LEVEL: 'info' };
  if (t.backend === 'postgres') env.DATABASE_URL = t.url;
  else {
    delete env.DATABASE_URL;
    delete env.AYNI_TEST_EMBEDDED_URL;
  }
  const { child, port, out, messages, exited } = await startWorkers(env);
  try {
    assert.match(messages(), /ayni: 2 server workers started/);
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push(await get(`http://127.0.0.1:${port}/health`));
    assert.deepEqual(new Set(statuses), new Set([200]));
    const pids = new Set(
      out()
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
