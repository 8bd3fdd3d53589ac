/**
 * Benchmark (issue #22): the citizen status look-up (POST /api/bono/status) through 1, 2 and 4 app
 * processes (`ayni start --workers N`) against one primary and one hot standby (DATABASE_READ_URL),
 * and, for comparison, one process with no replica. The look-up is admitted on the primary
 * (`bono_lookup_admit`) and read from the replica (src/bono/status.ts). For each run: look-ups per
 * second, p99, and the CPU spent per 1,000 look-ups by each app process, by the primary's and the
 * standby's backends serving the bench database (from /proc), and by the load generator — figures
 * that hold on a machine shared with other work, unlike the rate.
 *
 *   node --import tsx bench/replica-lookups.bench.ts [--people 100000] [--duration-s 15]
 *        [--connections 64] [--processes 1,2,4] [--lookups 100000]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres]
 *        [--replica postgres://postgres@127.0.0.1:5433/postgres]
 *
 * The standby is scripts/start-standby.sh's (it receives the bench country by replication). The
 * country is bench/country.ts's, in a database of its own (`ayni_bench_scale_country_<people>`),
 * kept between runs; drop it when done. bench/replica-reads.bench.ts measures one SELECT the same
 * way, without the app.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { approveRound, createRound } from '../src/bono/index.ts';
import { arg, openBenchCountry } from './country.ts';

const people = Number(arg('people', '100000'));
const serverUrl = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const replicaServer = arg('replica', 'postgres://postgres@127.0.0.1:5433/postgres');
const duration = arg('duration-s', '15');
const connections = arg('connections', '64');
const counts = arg('processes', '1,2,4').split(',').map(Number);
const lookups = Number(arg('lookups', '100000'));
const port = Number(arg('port', '3297'));
if (!process.argv.includes('--database'))
  process.argv.push('--database', `ayni_bench_scale_country_${people}`);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = path.join(os.tmpdir(), 'ayni-bench');

/** utime + stime of a process and its parent pid, from /proc (USER_HZ 100); undefined when gone. */
function stat(pid: number): { cpuMs: number; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 };
  } catch {
    return undefined;
  }
}
const allPids = () =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
/** CPU ms of `pid` and of each of its children, by pid. */
function family(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const p of allPids()) {
    const s = stat(p);
    if (s && (p === pid || s.ppid === pid)) out.set(p, s.cpuMs);
  }
  return out;
}
const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

const { db, url } = await openBenchCountry(people, serverUrl);
const at = new Date('2020-11-30T14:00:00Z');
const [round] = await db.query<{ id: number }>(
  `SELECT id::int AS id FROM bono_round WHERE kind = 'regular' AND status = 'approved'`,
);
if (!round) {
  const r = await createRound(db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:bench-maker', at });
  if (!r.ok) throw new Error(`the bench round was refused: ${r.error.code}`);
  const approved = await approveRound(db, { roundId: r.value.id, actor: 'account:bench-checker', at });
  if (!approved.ok) throw new Error(`the bench round's approval was refused: ${approved.error.code}`);
}
await db.exec('ANALYZE');
const sample = await db.query<{ ci: string; c: string; dob: string }>(
  `SELECT ci_number AS ci, complemento AS c, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM person
   WHERE id % 3 = 0 LIMIT $1`,
  [lookups],
);
await db.close();
const dbName = new URL(url).pathname.slice(1);
const replicaUrl = (() => {
  const u = new URL(replicaServer);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
// The standby has the country and the round once this reads them.
for (let i = 0; ; i++) {
  const c = new pg.Client({ connectionString: replicaUrl });
  const ok = await c
    .connect()
    .then(() => c.query(`SELECT 1 FROM bono_round WHERE status = 'approved'`))
    .then((r) => r.rowCount === 1)
    .catch(() => false);
  await c.end().catch(() => {});
  if (ok) break;
  if (i > 600) throw new Error('the standby does not have the bench country');
  await new Promise((r) => setTimeout(r, 1000));
}
const file = path.join(work, `replica-lookups-${process.pid}.jsonl`);
writeFileSync(
  file,
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
/**
 * The backends serving the bench database on `server` (the app's pools), and their CPU so far:
 * only them, since other work shares both clusters on this machine (and the standby replays it).
 */
async function backendsCpu(server: string): Promise<Map<number, number>> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    const rows = (
      await c.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        dbName,
      ])
    ).rows as { pid: number }[];
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const s = stat(pid);
      if (s) out.set(pid, s.cpuMs);
    }
    return out;
  } finally {
    await c.end();
  }
}
/** CPU spent between two readings; a backend that opened in between counts from its start. */
const spent = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((a, [pid, ms]) => a + ms - (before.get(pid) ?? 0), 0);

function runLoad(seconds: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/load/http-load.ts',
        '--url',
        `http://127.0.0.1:${port}`,
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
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ...JSON.parse(text.trim().split('\n').pop()!), pid: child.pid })
        : reject(new Error(`load exited ${code}`)),
    );
  });
}

console.log(
  `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${sample.length} look-ups prepared, ${connections} connections, ${duration} s a run`,
);
const runs: { processes: number; replica: boolean }[] = [
  { processes: 1, replica: false },
  ...counts.map((n) => ({ processes: n, replica: true })),
];
for (const r of runs) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    AYNI_DATA_DIR: work,
    AYNI_CLOCK: '2021-02-01T11:00:00-04:00',
    AYNI_LOG_LEVEL: 'warn',
  };
  if (r.replica) env.DATABASE_READ_URL = replicaUrl;
  else delete env.DATABASE_READ_URL;
  const server = spawn(
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
      String(r.processes),
    ],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let messages = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${messages}`)), 180_000);
    server.stderr!.on('data', (d: Buffer) => {
      messages += d.toString();
      if ((messages.match(/ayni: serving/g) ?? []).length === r.processes) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${messages}`)));
  });
  server.removeAllListeners('exit');
  // The replica is checked every quarter of the lag bound: in use well before the warm-up ends.
  await runLoad('4');
  const app0 = family(server.pid!);
  const p0 = await backendsCpu(serverUrl);
  const s0 = await backendsCpu(replicaServer);
  const result = await runLoad(duration);
  const app1 = family(server.pid!);
  const primaryMs = spent(p0, await backendsCpu(serverUrl));
  const standbyMs = spent(s0, await backendsCpu(replicaServer));
  const done = Number(result['requests'] ?? 0);
  const per1000 = (ms: number) => ((ms * 1000) / done).toFixed(0);
  const workers = [...app1]
    .filter(([pid]) => pid !== server.pid || r.processes === 1)
    .map(([pid, ms]) => per1000(ms - (app0.get(pid) ?? 0)));
  const appMs = sum(app1) - sum(app0);
  console.log(
    JSON.stringify({
      processes: r.processes,
      replica: r.replica,
      lookupsPerSecond: result['perSecond'] ?? result['throughput'],
      p99Ms: result['p99Ms'] ?? result['p99'],
      statuses: result['statuses'],
      cpuMsPer1000: {
        app: per1000(appMs),
        eachProcess: workers,
        primary: per1000(primaryMs),
        standby: per1000(standbyMs),
        loadGenerator: result['cpuMs'] === undefined ? undefined : per1000(Number(result['cpuMs'])),
      },
      cpuSecondsPerSecond: {
        app: (appMs / 1000 / Number(duration)).toFixed(2),
        primary: (primaryMs / 1000 / Number(duration)).toFixed(2),
        standby: (standbyMs / 1000 / Number(duration)).toFixed(2),
      },
    }),
  );
  server.kill('SIGTERM');
  await new Promise((res) => server.once('exit', res));
}
