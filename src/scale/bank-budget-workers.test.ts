import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { startWorkers } from '../../test/helpers/processes.ts';
import { createCredential } from '../access/index.ts';
import { openDatabase } from '../db/open.ts';

/**
 * A bank credential's look-up budget across processes (issue #22): `ayni start --workers 2` with
 * AYNI_BANK_MISSES_PER_MINUTE=20, and a burst of 200 verifications at once from one bank, each on
 * a connection of its own (so node:cluster hands them to both workers), every one naming nobody.
 * Each worker keeps half the budget (`budgetShare`): no more than 20 are looked up in all, the
 * rest refused with 429 credential_limited — not 20 a worker.
 */

const BUDGET = 20;
let t: TestDatabase;
let token: string;
before(async () => {
  t = await createTestDatabase();
  const r = await createCredential(t.db, {
    organisation: 'BUNIBOLX',
    roles: ['bank'],
    actor: 'system',
    now: new Date('2021-02-01T15:00:00Z'),
  });
  assert.ok(r.ok);
  token = r.value.token;
  await t.db.close();
});
after(async () => {
  const reopened = await openDatabase({ databaseUrl: t.url, dataDir: t.dir });
  if (reopened.ok) t.db = reopened.value;
  await t.dispose();
});

/** One verification on a connection of its own: its status and the worker's process id. */
const verify = (port: number, n: number) =>
  new Promise<number>((resolve, reject) => {
    const body = JSON.stringify({
      ciNumber: String(90_000_000 + n),
      complemento: '',
      dateOfBirth: '1970-01-01',
    });
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/bono/verify',
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });

test('two workers admit no more of a bank’s misses than the budget, a burst of 200 spread over both', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AYNI_DATA_DIR: t.dir,
    AYNI_LOG_LEVEL: 'info',
    AYNI_BANK_MISSES_PER_MINUTE: String(BUDGET),
    AYNI_CLOCK: '2021-02-01T11:00:00-04:00',
  };
  // The test's database, on the run's server or its embedded one, where the credential is.
  env.DATABASE_URL = t.url;
  const { child, port, out, exited } = await startWorkers(env);
  try {
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, n) => verify(port, n)));
    const looked = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    assert.equal(looked + refused, 200, `statuses ${[...new Set(statuses)]}`);
    assert.ok(looked <= BUDGET, `${looked} looked up; the budget is ${BUDGET} for both workers together`);
    assert.ok(looked >= BUDGET / 2, `${looked} looked up: at least one worker's share is used`);
    // Both workers took part (their access lines name two process ids).
    const pids = new Set(
      out()
        .split('\n')
        .filter((l) => l.includes('"/api/bono/verify"'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    assert.equal(pids.size, 2, `verifications answered by ${pids.size} processes`);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
