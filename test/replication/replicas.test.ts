import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { Hono } from 'hono';
import pg from 'pg';
import type { Database } from '../../src/db/database.ts';
import { openServer } from '../../src/db/multi-host.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { openReader, type Reader } from '../../src/db/replicas.ts';
import { READ_AFTER_COOKIE, readerFor, readYourWrites } from '../../src/scale/index.ts';
import { createServerDatabase } from '../helpers/database.ts';

/**
 * The replication suite (issue #22): against a real hot standby of the test server, made by
 * scripts/start-standby.sh (`pg_basebackup -R`, port 5433) and named by AYNI_TEST_REPLICA_URL.
 * Without it the suite is skipped, saying so. Replay is paused and resumed on the standby
 * (`pg_wal_replay_pause()`) to make it lag on demand; one test stops the standby and starts it again.
 */
const replicaServer = process.env.AYNI_TEST_REPLICA_URL;
const primaryServer = process.env.DATABASE_URL;
const skip =
  replicaServer && primaryServer
    ? false
    : 'AYNI_TEST_REPLICA_URL (a hot standby of DATABASE_URL, scripts/start-standby.sh) and DATABASE_URL are not both set';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let primary: Database;
let replicaUrl: string;
let drop: () => Promise<void>;
const readers: Reader[] = [];

/** A URL of the replica server for database `name`. */
const onReplica = (name: string) => {
  const u = new URL(replicaServer!);
  u.pathname = `/${name}`;
  return u.toString();
};

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

/** Runs one statement on the standby as the server's superuser (pause and resume replay). */
async function onStandby(sql: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: replicaUrl });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

const reader = (maxLagMs = 1000) => {
  const r = openReader(primary, [replicaUrl], { maxLagMs, checkMs: 100_000, connectTimeoutMs: 2000 });
  readers.push(r);
  return r;
};
const fromStandby = async (db: Database) =>
  (await db.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))[0]!.r;

before(async () => {
  if (skip) return;
  const created = await createServerDatabase();
  drop = created.drop;
  primary = await openPostgres(created.url);
  replicaUrl = onReplica(created.name);
  await primary.exec('CREATE TABLE filed (id bigint PRIMARY KEY, what text NOT NULL)');
  // The new database reaches the standby by replication: wait for its table there.
  await until('the test database on the standby', async () => {
    await onStandby('SELECT 1 FROM filed LIMIT 0');
    return true;
  });
});

after(async () => {
  if (skip) return;
  await onStandby('SELECT pg_wal_replay_resume()').catch(() => {});
  for (const r of readers) await r.close();
  await primary.close();
  await drop();
});

test('look-ups go to a replica under the lag bound, and see what the primary committed', {
  skip,
}, async () => {
  const r = reader();
  await primary.query(`INSERT INTO filed VALUES (1, 'first')`);
  await until('the replica under the bound', async () => {
    await r.check();
    return r.state().replicas[0]!.usable;
  });
  const db = r.sql();
  assert.equal(await fromStandby(db), true, 'the statement ran on the standby');
  await until(
    'the row replayed',
    async () => (await db.query('SELECT 1 FROM filed WHERE id = 1')).length === 1,
  );
  assert.equal(r.state().replicas[0]!.served, 1);
  assert.equal(r.state().servedByPrimary, 0);
  // A write through the reader's handle fails on a standby: look-ups only.
  await assert.rejects(r.sql().query(`INSERT INTO filed VALUES (99, 'no')`), /read-only/);
});

test('a replica lagging past the bound is left out: the primary answers, until it catches up', {
  skip,
}, async () => {
  const r = reader(300);
  await r.check();
  assert.ok(r.state().replicas[0]!.usable);
  await onStandby('SELECT pg_wal_replay_pause()');
  try {
    await primary.query(`INSERT INTO filed VALUES (2, 'while paused')`);
    // Received, not replayed: the lag is the time since the last replayed transaction.
    await until('the lag over 300 ms', async () => {
      await r.check();
      return !r.state().replicas[0]!.usable;
    });
    assert.match(r.state().replicas[0]!.problem ?? '', /lag \d+ ms over 300 ms/);
    const db = r.sql();
    assert.equal(await fromStandby(db), false, 'the primary answered');
    assert.equal((await db.query('SELECT 1 FROM filed WHERE id = 2')).length, 1);
    assert.equal(r.state().servedByPrimary, 1);
  } finally {
    await onStandby('SELECT pg_wal_replay_resume()');
  }
  await until('the replica back under the bound', async () => {
    await r.check();
    return r.state().replicas[0]!.usable;
  });
  assert.equal(await fromStandby(r.sql()), true);
});

test("read-your-writes: after a citizen's own write their look-ups wait for a replica that has it", {
  skip,
}, async () => {
  // A bound that the paused replica stays under (its lag is since the last replayed write, and
  // the write below is the only one): only the caller's own write sends them to the primary.
  const r = reader(600_000);
  await r.check();
  const app = { db: primary, reader: r, config: { secureCookies: false as const } };
  const http = new Hono();
  http.use('*', readYourWrites(app));
  http.post('/file', async (c) => {
    await app.db.query(`INSERT INTO filed VALUES (3, 'a grievance')`);
    return c.text('filed', 201);
  });
  http.get('/mine', async (c) => {
    const db = readerFor(app, c);
    const rows = await db.query('SELECT what FROM filed WHERE id = 3');
    return c.json({ standby: await fromStandby(db), found: rows.length === 1 });
  });
  await onStandby('SELECT pg_wal_replay_pause()');
  try {
    const posted = await http.request('/file', { method: 'POST' });
    assert.equal(posted.status, 201);
    const cookie = posted.headers.get('set-cookie') ?? '';
    assert.match(
      cookie,
      new RegExp(`^${READ_AFTER_COOKIE}=[0-9A-F]+%2F[0-9A-F]+; Max-Age=60; Path=/; HttpOnly; SameSite=Lax$`),
    );
    const sent = cookie.split(';')[0]!;
    // The citizen who wrote reads it back, from the primary: the replica has not replayed it.
    await r.check();
    const mine = await (await http.request('/mine', { headers: { cookie: sent } })).json();
    assert.deepEqual(mine, { standby: false, found: true });
    // Someone else, with no such cookie, is served by the replica (which has not got it yet).
    const theirs = await (await http.request('/mine')).json();
    assert.deepEqual(theirs, { standby: true, found: false });
  } finally {
    await onStandby('SELECT pg_wal_replay_resume()');
  }
  // Once the replica has replayed past the write, it serves the citizen too.
  const posted = await http.request('/mine', { headers: { cookie: 'x=1' } });
  assert.equal(posted.status, 200);
  await until('the replica past the write', async () => {
    await r.check();
    const res = await http.request('/mine', {
      headers: {
        cookie: `${READ_AFTER_COOKIE}=${encodeURIComponent(r.state().replicas[0]!.replayed ?? '0/0')}`,
      },
    });
    const body = (await res.json()) as { standby: boolean; found: boolean };
    return body.standby && body.found;
  });
});

test('the standby stopped mid-load: every look-up is answered (the primary takes over), and it serves again once back', {
  skip,
}, async () => {
  const r = reader(5000);
  await r.check();
  assert.ok(r.state().replicas[0]!.usable);
  const port = new URL(replicaServer!).port || '5433';
  let stop = false;
  let answered = 0;
  const failures: unknown[] = [];
  const load = (async () => {
    while (!stop) {
      try {
        const rows = await r.sql().query('SELECT count(*)::int AS n FROM filed');
        if (rows.length === 1) answered++;
      } catch (error) {
        failures.push(error);
      }
    }
  })();
  try {
    await until('some look-ups before the stop', async () => answered > 20);
    await run(path.join(root, 'scripts/start-standby.sh'), ['stop'], {
      env: { ...process.env, STANDBY_PORT: port },
    });
    const atStop = answered;
    await until('look-ups answered with the standby down', async () => answered > atStop + 50);
    assert.equal(r.state().replicas[0]!.usable, false, 'the stopped standby is left out');
  } finally {
    stop = true;
    await load;
    await run(path.join(root, 'scripts/start-standby.sh'), [], {
      env: { ...process.env, STANDBY_PORT: port },
    });
  }
  assert.deepEqual(failures, [], 'no look-up failed');
  await until('the standby serving again', async () => {
    await r.check();
    return r.state().replicas[0]!.usable;
  });
  assert.equal(await fromStandby(r.sql()), true);
});

test('a multi-host DATABASE_URL with target_session_attrs=read-write writes to the primary, skipping the standby and a dead host', {
  skip,
}, async () => {
  const p = new URL(primaryServer!);
  const s = new URL(replicaUrl);
  const name = s.pathname.slice(1);
  const auth = p.username ? `${p.username}${p.password ? `:${p.password}` : ''}@` : '';
  const url = `postgres://${auth}127.0.0.1:1,${s.host},${p.host}/${name}?target_session_attrs=read-write`;
  const db = await openServer(url, 2, { connectTimeoutMs: 1000 });
  try {
    await db.query(`INSERT INTO filed VALUES (4, 'through the multi-host URL')`);
    assert.equal(await fromStandby(db), false);
    // Any host, in order: the first that answers, the standby.
    const any = await openServer(url.replace('read-write', 'any'), 2, { connectTimeoutMs: 1000 });
    try {
      assert.equal(await fromStandby(any), true);
    } finally {
      await any.close();
    }
  } finally {
    await db.close();
  }
});
