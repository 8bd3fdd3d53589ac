import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { databaseUnavailable } from '../../src/db/availability.ts';
import type { Database } from '../../src/db/database.ts';
import { openServer } from '../../src/db/multi-host.ts';

/**
 * Failover with a promotion, mid-load: a primary of its own (initdb on port 5435, so that the
 * run's server is never stopped) with a hot standby (scripts/start-standby.sh, port 5436) in
 * synchronous replication. Writers insert keyed rows through a multi-host URL with
 * target_session_attrs=read-write; the primary is killed (immediate stop), the standby promoted
 * (`pg_ctl promote`), and the same process carries on with no restart: every write that was
 * acknowledged is on the new primary, none twice, and the writes refused in between were refused
 * as database_unavailable, at once. Part of the replication suite: runs with AYNI_TEST_REPLICA_URL.
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

const PRIMARY_PORT = 5435;
const STANDBY_PORT = 5436;
const primaryDir = `/tmp/ayni-promotion-primary-${process.pid}`;
const standbyDir = `/tmp/ayni-promotion-standby-${process.pid}`;
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user when this is root (it refuses to run as root). */
async function pgRun(program: string, args: string[]): Promise<string> {
  const command = [path.join(binDir!, program), ...args];
  const { stdout } = asRoot
    ? await run('su', ['postgres', '-s', '/bin/sh', '-c', command.map((a) => `'${a}'`).join(' ')])
    : await run(command[0]!, command.slice(1));
  return stdout;
}

async function sql(port: number, text: string): Promise<unknown[]> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

before(async () => {
  if (skip) return;
  await run('mkdir', ['-p', primaryDir]);
  if (asRoot) await run('chown', ['postgres:', primaryDir]);
  await pgRun('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust']);
  await run('sh', [
    '-c',
    `printf '%s\\n' "port = ${PRIMARY_PORT}" "listen_addresses = '127.0.0.1'" "unix_socket_directories = '/tmp'" >> ${primaryDir}/postgresql.conf && printf 'host replication all 127.0.0.1/32 trust\\n' >> ${primaryDir}/pg_hba.conf`,
  ]);
  await pgRun('pg_ctl', ['-D', primaryDir, '-l', `${primaryDir}/server.log`, '-w', 'start']);
  await sql(PRIMARY_PORT, 'CREATE TABLE acked (k int PRIMARY KEY, writer int NOT NULL)');
  await run(path.join(root, 'scripts/start-standby.sh'), [], {
    env: {
      ...process.env,
      PRIMARY_PORT: String(PRIMARY_PORT),
      STANDBY_PORT: String(STANDBY_PORT),
      STANDBY_DIR: standbyDir,
    },
  });
  // Synchronous once the standby streams (before, every commit would wait for one that is not there).
  await sql(PRIMARY_PORT, `ALTER SYSTEM SET synchronous_standby_names = '*'`);
  await sql(PRIMARY_PORT, 'SELECT pg_reload_conf()');
});

after(async () => {
  if (skip) return;
  for (const dir of [primaryDir, standbyDir])
    await pgRun('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop']).catch(() => {});
  await run('rm', ['-rf', primaryDir, standbyDir]);
});

test('the primary killed mid-load, the standby promoted: writes resume with no restart and no acknowledged write is lost', {
  skip,
}, async (t) => {
  const db: Database = await openServer(
    `postgres://postgres@127.0.0.1:${PRIMARY_PORT},127.0.0.1:${STANDBY_PORT}/postgres?target_session_attrs=read-write`,
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
    await pgRun('pg_ctl', ['-D', primaryDir, '-m', 'immediate', 'stop']);
    const before = acked.length;
    await until('writes refused with the primary gone', () => refusals.length >= 4);
    await pgRun('pg_ctl', ['-D', standbyDir, '-w', 'promote']);
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
