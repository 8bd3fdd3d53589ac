import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { createCredential } from '../../src/access/index.ts';
import { databaseUnavailable } from '../../src/db/availability.ts';
import type { Database } from '../../src/db/database.ts';
import { openServer } from '../../src/db/multi-host.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { ROUND_APPROVED_AT, seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { type ServerProcess, startServerProcess } from '../helpers/processes.ts';

/**
 * Failover with a promotion, mid-load: a primary of its own (initdb on port 5435, so that the
 * run's server is never stopped) with a hot standby (scripts/start-standby.sh, port 5436) in
 * synchronous replication. Writers insert keyed rows through a multi-host URL with
 * target_session_attrs=read-write; the primary is killed (immediate stop), the standby promoted
 * (`pg_ctl promote`), and the same process carries on with no restart: every write that was
 * acknowledged is on the new primary, none twice, and the writes refused in between were refused
 * as database_unavailable, at once. Then the same with the app itself: two `ayni start` processes
 * on a multi-host DATABASE_URL take payouts from two banks while the primary is killed and the
 * standby promoted; every payout acknowledged (201/200) is on the new primary, a refused one is
 * sent again with its idempotency key until answered, and nobody is paid twice. Each test has a
 * pair of clusters of its own (a promotion ends the standby's role), so the run's standby on 5433
 * is never touched. Part of the replication suite: runs with AYNI_TEST_REPLICA_URL.
 */
const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const binDir = existsSync('/usr/lib/postgresql')
  ? readdirSync('/usr/lib/postgresql')
      .sort((a, b) => Number(a) - Number(b))
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .pop()
  : undefined;
const skip = !process.env.AYNI_TEST_REPLICA_URL
  ? 'AYNI_TEST_REPLICA_URL is not set (the replication suite runs with a standby: scripts/start-standby.sh)'
  : !binDir
    ? 'no PostgreSQL server binaries in /usr/lib/postgresql'
    : false;

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user when this is root (it refuses to run as root). */
async function pgRun(program: string, args: string[]): Promise<string> {
  const command = [path.join(binDir!, program), ...args];
  const { stdout } = asRoot
    ? await run('su', ['postgres', '-s', '/bin/sh', '-c', command.map((a) => `'${a}'`).join(' ')])
    : await run(command[0]!, command.slice(1));
  return stdout;
}

async function sql(port: number, text: string, database = 'postgres'): Promise<unknown[]> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

interface Pair {
  primaryPort: number;
  standbyPort: number;
  primaryDir: string;
  standbyDir: string;
}
const pairs: Pair[] = [];

/**
 * A primary of its own (initdb) on `primaryPort` and its hot standby (scripts/start-standby.sh) on
 * `standbyPort`, in synchronous replication. `load` runs on the primary before the standby is
 * copied from it.
 */
async function startPair(primaryPort: number, standbyPort: number, load: () => Promise<void>): Promise<Pair> {
  const p: Pair = {
    primaryPort,
    standbyPort,
    primaryDir: `/tmp/ayni-promotion-primary-${process.pid}-${primaryPort}`,
    standbyDir: `/tmp/ayni-promotion-standby-${process.pid}-${standbyPort}`,
  };
  pairs.push(p);
  await run('mkdir', ['-p', p.primaryDir]);
  if (asRoot) await run('chown', ['postgres:', p.primaryDir]);
  await pgRun('initdb', ['-D', p.primaryDir, '-U', 'postgres', '--auth=trust']);
  await run('sh', [
    '-c',
    `printf '%s\\n' "port = ${primaryPort}" "listen_addresses = '127.0.0.1'" "unix_socket_directories = '/tmp'" >> ${p.primaryDir}/postgresql.conf && printf 'host replication all 127.0.0.1/32 trust\\n' >> ${p.primaryDir}/pg_hba.conf`,
  ]);
  await pgRun('pg_ctl', ['-D', p.primaryDir, '-l', `${p.primaryDir}/server.log`, '-w', 'start']);
  await load();
  await run(path.join(root, 'scripts/start-standby.sh'), [], {
    env: {
      ...process.env,
      PRIMARY_PORT: String(primaryPort),
      STANDBY_PORT: String(standbyPort),
      STANDBY_DIR: p.standbyDir,
    },
  });
  // Synchronous once the standby streams (before, every commit would wait for one that is not there).
  await sql(primaryPort, `ALTER SYSTEM SET synchronous_standby_names = '*'`);
  await sql(primaryPort, 'SELECT pg_reload_conf()');
  return p;
}

async function stopPair(p: Pair): Promise<void> {
  for (const dir of [p.primaryDir, p.standbyDir])
    await pgRun('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop']).catch(() => {});
  await run('rm', ['-rf', p.primaryDir, p.standbyDir]);
}

after(async () => {
  if (skip) return;
  for (const p of pairs) await stopPair(p);
});

test('the primary killed mid-load, the standby promoted: writes resume with no restart and no acknowledged write is lost', {
  skip,
}, async (t) => {
  const pair = await startPair(5435, 5436, async () => {
    await sql(5435, 'CREATE TABLE acked (k int PRIMARY KEY, writer int NOT NULL)');
  });
  const db: Database = await openServer(
    `postgres://postgres@127.0.0.1:${pair.primaryPort},127.0.0.1:${pair.standbyPort}/postgres?target_session_attrs=read-write`,
    4,
    { connectTimeoutMs: 1000 },
  );
  const acked: number[] = [];
  const refusals: { ms: number; unavailable: boolean }[] = [];
  let next = 1;
  let stop = false;
  let afterPromotion = 0;
  let promoted = false;
  const writer = async (w: number) => {
    while (!stop) {
      const k = next++;
      const t0 = Date.now();
      try {
        await db.query('INSERT INTO acked (k, writer) VALUES ($1, $2)', [k, w]);
        acked.push(k);
        if (promoted) afterPromotion++;
      } catch (error) {
        refusals.push({ ms: Date.now() - t0, unavailable: databaseUnavailable(error) });
        if (!databaseUnavailable(error)) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const writers = Promise.all([1, 2, 3, 4].map(writer));
  try {
    const until = async (what: string, ok: () => boolean) => {
      const end = Date.now() + 60_000;
      while (!ok()) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until('writes on the first primary', () => acked.length >= 200);
    await pgRun('pg_ctl', ['-D', pair.primaryDir, '-m', 'immediate', 'stop']);
    const before = acked.length;
    await until('writes refused with the primary gone', () => refusals.length >= 4);
    await pgRun('pg_ctl', ['-D', pair.standbyDir, '-w', 'promote']);
    promoted = true;
    await until('writes on the promoted standby', () => afterPromotion >= 200);
    assert.ok(acked.length > before);
  } finally {
    stop = true;
    await writers;
  }
  const rows = (await db.query<{ k: number }>('SELECT k FROM acked ORDER BY k')).map((r) => r.k);
  await db.close();
  t.diagnostic(
    `acknowledged ${acked.length} writes, ${afterPromotion} after the promotion; refused ${refusals.length} while no primary (slowest refusal ${Math.max(0, ...refusals.map((r) => r.ms))} ms)`,
  );
  const present = new Set(rows);
  const lost = acked.filter((k) => !present.has(k));
  assert.deepEqual(lost, [], 'every acknowledged write is on the new primary (synchronous replication)');
  assert.equal(present.size, rows.length, 'no key twice');
  assert.ok(
    refusals.every((r) => r.unavailable),
    'refused as database_unavailable',
  );
  assert.ok(
    refusals.every((r) => r.ms < 3000),
    `refused at once (slowest ${Math.max(...refusals.map((r) => r.ms))} ms)`,
  );
});

test('two app processes taking payouts while the primary is killed and the standby promoted: every acknowledged payout is on the new primary, nobody paid twice', {
  skip,
}, async (tc) => {
  // A seeded country with its round, made on the run's server and copied into the pair's primary.
  const t = await createTestDatabase();
  const servers: ServerProcess[] = [];
  try {
    await seedCountryWithRound(t.db, t.dir, 600);
    const tokens: string[] = [];
    for (const bic of ['BUNIBOLX', 'BNBOBOLX']) {
      const r = await createCredential(t.db, {
        organisation: bic,
        roles: ['bank'],
        actor: 'system',
        now: ROUND_APPROVED_AT,
      });
      assert.ok(r.ok);
      tokens.push(r.value.token);
    }
    const persons = (
      await t.db.query<{ ci: string; c: string; dob: string }>(
        `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
         FROM bono_entitlement e JOIN person p ON p.id = e.person_id WHERE e.channel = 'counter' ORDER BY p.id`,
      )
    ).map((p) => ({ ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob }));
    assert.ok(persons.length >= 100, `${persons.length} persons paid at a counter`);
    const pair = await startPair(5437, 5438, async () => {
      await sql(5437, 'CREATE DATABASE ayni');
      const dump = path.join(t.dir, 'country.dump');
      await run(path.join(binDir!, 'pg_dump'), ['-Fc', '-f', dump, '-d', t.url!]);
      await run(path.join(binDir!, 'pg_restore'), [
        '--no-owner',
        '-h',
        '127.0.0.1',
        '-p',
        '5437',
        '-U',
        'postgres',
        '-d',
        'ayni',
        dump,
      ]);
    });
    const url = `postgres://postgres@127.0.0.1:${pair.primaryPort},127.0.0.1:${pair.standbyPort}/ayni?target_session_attrs=read-write`;
    const env = { AYNI_CLOCK: '2021-02-01T11:00:00-04:00', AYNI_DB_CONNECT_TIMEOUT_MS: '1000' };
    const target = { dir: t.dir, url };
    servers.push(await startServerProcess(target, env), await startServerProcess(target, env));

    /** Each person's payout, acknowledged: the payment's id and the answer's status. */
    const acked = new Map<number, { id: number; status: number }>();
    const refused: number[] = [];
    let promoted = false;
    let ackedAfterPromotion = 0;
    let next = 0;
    const payOne = async (n: number) => {
      const person = persons[n]!;
      const bank = n % 2;
      const key = `promotion-${String(n).padStart(6, '0')}`;
      // Sent again, with the same key, until answered: a refused one may or may not have committed.
      for (let attempt = 0; ; attempt++) {
        const server = servers[(n + attempt) % 2]!;
        const res = await fetch(`${server.url}/api/bono/payouts`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens[bank]}`,
            'idempotency-key': key,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ ...person, paymentPoint: 'Caja 2' }),
        }).catch(() => undefined);
        const body = res ? ((await res.json().catch(() => ({}))) as Record<string, unknown>) : {};
        if (res && (res.status === 200 || res.status === 201)) {
          acked.set(n, { id: (body['payment'] as { id: number }).id, status: res.status });
          if (promoted) ackedAfterPromotion++;
          return;
        }
        assert.equal(res?.status, 503, `refused with ${res?.status}: ${JSON.stringify(body)}`);
        refused.push(n);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const writers = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < persons.length) await payOne(next++);
      }),
    );
    const until = async (what: string, ok: () => boolean) => {
      const end = Date.now() + 120_000;
      while (!ok()) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await until('payouts on the first primary', () => acked.size >= 20);
    await pgRun('pg_ctl', ['-D', pair.primaryDir, '-m', 'immediate', 'stop']);
    const atKill = acked.size;
    await until('payouts refused with the primary gone', () => refused.length >= 4);
    await pgRun('pg_ctl', ['-D', pair.standbyDir, '-w', 'promote']);
    promoted = true;
    await writers;
    tc.diagnostic(
      `${acked.size} payouts acknowledged (${atKill} before the kill, ${ackedAfterPromotion} after the promotion), ${refused.length} refusals sent again, ${[...acked.values()].filter((a) => a.status === 200).length} of them answered with the payment their key had already made`,
    );
    assert.ok(atKill < persons.length, 'the primary was killed with payouts still to come');
    assert.ok(ackedAfterPromotion > 0, 'payouts taken by the promoted standby, with no restart');
    assert.equal(acked.size, persons.length);

    const promotedDb = await openPostgres(`postgres://postgres@127.0.0.1:${pair.standbyPort}/ayni`);
    try {
      const live = await promotedDb.query<{ id: number; ci: string; n: number }>(
        `SELECT b.id::int AS id, p.ci_number AS ci, count(*) OVER (PARTITION BY b.person_id)::int AS n
         FROM bono_payment b JOIN person p ON p.id = b.person_id WHERE b.reversed_at IS NULL`,
      );
      assert.deepEqual(
        live.filter((r) => r.n > 1),
        [],
        'nobody paid twice',
      );
      const present = new Set(live.map((r) => r.id));
      const lost = [...acked].filter(([, a]) => !present.has(a.id)).map(([n]) => n);
      assert.deepEqual(lost, [], 'every acknowledged payout is on the new primary');
      assert.equal(live.length, persons.length, 'one payment per person');
      assert.deepEqual((await verifyLedger(promotedDb)).problems, []);
    } finally {
      await promotedDb.close();
    }
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    await t.dispose();
  }
});
