/**
 * Benchmark: bank counter payouts over HTTP on PostgreSQL (issue 4: ≥ 2,000 per second, p99 < 50 ms,
 * zero duplicates) and, with --status, citizen status look-ups (issue 5: ≥ 11,000 per second,
 * p99 < 10 ms). The server runs as `ayni start` in its own process on the bench country
 * (bench/country.ts); the load comes from a second process (bench/load/http-load.ts) on loopback.
 *
 *   node --import tsx bench/bono-payouts.bench.ts [--people 11700000] [--payouts 60000]
 *        [--connections 64] [--duration-s 30] [--status] [--lookups 200000]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--no-prewarm] [--cpu-prof DIR]
 *
 * Before the load, the tables and indexes a look-up reads are read once into the operating system's
 * page cache (pg_prewarm 'read'): a production server holds them in memory (about 3 GB for 11.7 M
 * persons), whereas a bench server that just restarted or ran other work reads each look-up's
 * pages from disk, which measures the disk. --no-prewarm measures that cold case.
 *
 * In the same run, with the same load generator and the same request files, a naive floor
 * (bench/load/floor-server.ts: Hono + `pg`, one prepared statement per request, no ledger, no audit,
 * its payouts into a copy of bono_payment) answers the payouts and the look-ups after ayni, and
 * ayni's ratio to it is printed (issue #17: status ≥ 1.2 ×, payouts ≥ 0.8 × with p99 within 1.5 ×).
 * `--no-floor` leaves it out. `--cpu-prof DIR` writes the server's V8 CPU profile into DIR when it stops
 * (node --cpu-prof; open it in Chrome's DevTools or speedscope): where its time per request goes.
 *
 * Each payout request is for a different entitled person who has not been paid, from one of
 * eight banks with its own credential, each with a fresh idempotency key. After the run the
 * database is checked: one live payment per person, and as many payments as 201 answers.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCredential } from '../src/access/index.ts';
import { approveRound, createRound } from '../src/bono/index.ts';
import { arg, flag, openBenchCountry } from './country.ts';

const people = Number(arg('people', '11700000'));
const serverUrl = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const payouts = Number(arg('payouts', '60000'));
const connections = arg('connections', '64');
const duration = arg('duration-s', '30');
const port = Number(arg('port', '3199'));
const WARM_UP = 6000;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const { db, url } = await openBenchCountry(people, serverUrl, flag('fresh'));
const at = new Date('2020-11-30T14:00:00Z');
let [round] = await db.query<{ id: number }>(
  `SELECT id::int AS id FROM bono_round WHERE kind = 'regular' AND status = 'approved'`,
);
if (!round) {
  console.log('creating and approving a regular round (once per bench database)…');
  const r = await createRound(db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:bench-maker', at });
  if (!r.ok) throw new Error(`the bench round was refused: ${r.error.code}`);
  const approved = await approveRound(db, { roundId: r.value.id, actor: 'account:bench-checker', at });
  if (!approved.ok) throw new Error(`the bench round's approval was refused: ${approved.error.code}`);
  round = { id: r.value.id };
}
// Every run adds its payouts to these tables. A production server's autovacuum keeps their
// statistics current; this machine's PostgreSQL runs with autovacuum off, and look-ups planned on
// the statistics of empty tables ran about 5 % slower (11,430–11,819/s, p99 10.4–10.9 ms, against
// 12,138/s, p99 9.4 ms, on 2026-11-30).
await db.exec(
  'ANALYZE bono_payment; ANALYZE ledger_transfer; ANALYZE ledger_unique_key; ANALYZE audit_entry',
);
if (!flag('no-prewarm')) {
  const t0 = performance.now();
  await db.exec('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  // Every table and index of the schema (4 GB for 11.7 M persons: persons, entitlements, lists).
  const [warm] = await db.query<{ pages: string }>(
    `SELECT sum(pg_prewarm(c.oid, 'read'))::text AS pages FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')`,
  );
  console.log(
    `prewarm: ${(Number(warm!.pages) / 128).toFixed(0)} MiB read into the page cache in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const banks = (await db.query<{ bic: string }>('SELECT bic FROM bono_bank ORDER BY bic')).map((b) => b.bic);
const tokens: string[] = [];
for (const bic of banks) {
  const c = await createCredential(db, {
    organisation: bic,
    roles: ['bank'],
    actor: 'system',
    // On the round's day, not today: the server below sets the database's clock to 2021
    // (AYNI_CLOCK), which is refused behind a change recorded later (src/clock.ts).
    now: at,
  });
  if (!c.ok) throw new Error(`credential for ${bic}: ${c.error.code}`);
  tokens.push(c.value.token);
}
const work = path.join(os.tmpdir(), 'ayni-bench');
const run = Date.now().toString(36);

/** CPU time (ms, user + system) a process has used, from /proc (Linux). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0; // gone (a backend that closed): its time is lost, so the figure is a lower bound
  }
}

/** The PostgreSQL backends serving the bench database (the server's pool). */
async function backendPids(): Promise<number[]> {
  return (
    await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    )
  ).map((r) => r.pid);
}

/** Runs the load generator (bench/load/http-load.ts) in its own process; returns what it printed. */
function runLoad(file: string, seconds: string, target = port): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/load/http-load.ts',
        '--url',
        `http://127.0.0.1:${target}`,
        '--requests',
        file,
        '--connections',
        connections,
        '--duration-s',
        seconds,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`load exited ${code}`))));
  });
}

/**
 * Runs the load and reports, besides its throughput, what each request cost in CPU: the server
 * process, its PostgreSQL backends and the load generator. Other work on the machine (the load
 * average is printed) slows the wall-clock figures but not these, so they say what the same code
 * would do on two cores of its own.
 */
async function load(
  file: string,
  label: string,
  target: { pid: number; port: number } = { pid: server.pid!, port },
): Promise<Record<string, unknown>> {
  const pids = await backendPids();
  const before = {
    server: cpuMs(target.pid),
    pg: new Map(pids.map((p) => [p, cpuMs(p)])),
  };
  const out = await runLoad(file, duration, target.port);
  // Backends that opened during the run count from their start.
  const after = await backendPids();
  const pgMs = after.reduce((a, p) => a + cpuMs(p) - (before.pg.get(p) ?? 0), 0);
  const serverMs = cpuMs(target.pid) - before.server;
  const result = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
  const n = Number(result['requests']) || 1;
  const perRequest = {
    serverUs: Math.round((serverMs * 1000) / n),
    postgresUs: Math.round((pgMs * 1000) / n),
    clientUs: Math.round((Number(result['cpuMs']) * 1000) / n),
  };
  const cpuUs = perRequest.serverUs + perRequest.postgresUs + perRequest.clientUs;
  console.log(`${label}: ${JSON.stringify(result)}`);
  console.log(
    `  CPU per request: ${JSON.stringify(perRequest)} → at most ${Math.round(2e6 / cpuUs)}/s on 2 idle cores (client included); load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  return { ...result, cpuUs };
}

// The server, in its own process, on the bench database, with its clock in the rezagados period.
const server = spawn(
  process.execPath,
  [
    ...(arg('cpu-prof', '') ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(arg('cpu-prof', ''))}`] : []),
    '--import',
    './bin/typescript.mjs',
    'src/main.ts',
    'start',
    '--port',
    String(port),
    '--seed-people',
    '0',
  ],
  {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, AYNI_CLOCK: '2021-02-01T10:00:00-04:00' },
    stdio: ['ignore', 'inherit', 'pipe'],
  },
);
await new Promise<void>((resolve, reject) => {
  let log = '';
  server.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
    if (log.includes('ayni: serving')) resolve();
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
});

/** The naive floor (bench/load/floor-server.ts), on the same database, its payouts into a copy. */
const FLOOR = !flag('no-floor');
const floorPort = port + 1;
let floor: ReturnType<typeof spawn> | undefined;
if (FLOOR) {
  await db.exec(
    'DROP TABLE IF EXISTS bench_floor_payment; CREATE TABLE bench_floor_payment (LIKE bono_payment INCLUDING ALL)',
  );
  floor = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/load/floor-server.ts',
      '--database-url',
      url,
      '--port',
      String(floorPort),
      '--round',
      String(round.id),
      '--payments',
      'bench_floor_payment',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let log = '';
    floor!.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('floor: serving')) resolve();
    });
    floor!.once('exit', (code) => reject(new Error(`floor exited ${code}: ${log}`)));
  });
}

/** Ayni's throughput and p99 beside the floor's, from the load generator's results. */
function ratio(name: string, ayni: Record<string, unknown>, base: Record<string, unknown>): void {
  const rate = (r: Record<string, unknown>) => Number(r['perSecond']);
  const p99 = (r: Record<string, unknown>) => Number(r['p99Ms']);
  console.log(
    `${name} against the floor: ${(rate(ayni) / rate(base)).toFixed(2)} × its throughput ` +
      `(${rate(ayni).toFixed(0)}/s against ${rate(base).toFixed(0)}/s), p99 ${(p99(ayni) / p99(base)).toFixed(2)} × ` +
      `(${p99(ayni).toFixed(1)} ms against ${p99(base).toFixed(1)} ms); CPU per request (server, PostgreSQL, client) ` +
      `${Number(ayni['cpuUs'])} µs against ${Number(base['cpuUs'])} µs: ${(Number(base['cpuUs']) / Number(ayni['cpuUs'])).toFixed(2)} × on idle cores`,
  );
}

try {
  const persons = await db.query<{ ci: string; c: string; dob: string }>(
    `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
     FROM bono_entitlement e JOIN person p ON p.id = e.person_id
     WHERE e.round_id = $1 AND e.channel = 'counter'
       AND NOT EXISTS (SELECT 1 FROM bono_payment b WHERE b.person_id = e.person_id)
     LIMIT $2`,
    [round.id, payouts + WARM_UP],
  );
  // The first WARM_UP persons are paid in a warm-up of a few seconds before the measured run: a
  // serving process has compiled its hot paths and opened its pool's connections; one that just
  // started has not.
  const request = (p: (typeof persons)[number], i: number) =>
    JSON.stringify({
      path: '/api/bono/payouts',
      headers: {
        authorization: `Bearer ${tokens[i % tokens.length]}`,
        'idempotency-key': `bench-${run}-${i}`,
      },
      body: { ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob, paymentPoint: 'Caja 1' },
    });
  const warmFile = path.join(work, `payouts-warm-${run}.jsonl`);
  const file = path.join(work, `payouts-${run}.jsonl`);
  writeFileSync(warmFile, `${persons.slice(0, WARM_UP).map(request).join('\n')}\n`);
  writeFileSync(
    file,
    `${persons
      .slice(WARM_UP)
      .map((p, i) => request(p, i + WARM_UP))
      .join('\n')}\n`,
  );
  await runLoad(warmFile, '3');
  const [before] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_payment');
  const r = await load(file, `payouts (${persons.length - WARM_UP} requests prepared)`);
  const [after] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_payment');
  const [dup] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL GROUP BY person_id HAVING count(*) > 1) d',
  );
  const created = (r['statuses'] as Record<string, number>)['201'] ?? 0;
  console.log(
    `payouts recorded ${after!.n - before!.n} (201 answers ${created}), persons paid twice: ${dup!.n}; target ≥ 2,000/s, p99 < 50 ms`,
  );
  if (after!.n - before!.n !== created || dup!.n !== 0) throw new Error('payout counts do not reconcile');
  if (floor) {
    await runLoad(warmFile, '3', floorPort);
    const f = await load(file, 'payouts, floor (Hono + pg, one INSERT … SELECT … ON CONFLICT DO NOTHING)', {
      pid: floor.pid!,
      port: floorPort,
    });
    ratio('payouts', r, f);
  }

  if (flag('status')) {
    const lookups = Number(arg('lookups', '200000'));
    const sample = await db.query<{ ci: string; c: string; dob: string }>(
      `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person
       WHERE id % 37 = 0 LIMIT $1`,
      [lookups],
    );
    const sfile = path.join(work, `status-${run}.jsonl`);
    // Each look-up comes from its own client address (X-Forwarded-For is not trusted, so the
    // limiter counts per connection address: all from 127.0.0.1 here, and every triple is right).
    writeFileSync(
      sfile,
      `${sample
        .map((p) =>
          JSON.stringify({
            path: '/api/bono/status',
            headers: {},
            body: { ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob },
          }),
        )
        .join('\n')}\n`,
    );
    await runLoad(sfile, '3'); // warm-up (these look-ups are read again in the run: they change nothing)
    const a = await load(
      sfile,
      `citizen status (${sample.length} look-ups prepared); target ≥ 11,000/s, p99 < 10 ms`,
    );
    if (floor) {
      await runLoad(sfile, '3', floorPort);
      const f = await load(sfile, 'citizen status, floor (Hono + pg, one prepared SELECT)', {
        pid: floor.pid!,
        port: floorPort,
      });
      ratio('citizen status', a, f);
    }
  }
} finally {
  server.kill('SIGTERM');
  floor?.kill('SIGTERM');
  if (FLOOR) await db.exec('DROP TABLE IF EXISTS bench_floor_payment');
  await db.close();
}
