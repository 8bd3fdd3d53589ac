/**
 * Benchmark (issue #22): point look-ups through the reader (src/db/replicas.ts) served by the
 * primary or by a hot standby, and the CPU each server's processes spent per look-up — read from
 * /proc for every process of each PostgreSQL cluster (the postmaster's children), so that the
 * figure holds on a machine shared with other work. 200,000 synthetic rows with a unique key, as
 * the person table's natural key is, in a database of its own that is dropped afterwards.
 *
 *   node --import tsx bench/replica-reads.bench.ts [--lookups 40000] [--concurrency 32]
 *        [--primary postgres://postgres@127.0.0.1:5432/postgres]
 *        [--replica postgres://postgres@127.0.0.1:5433/postgres]
 *
 * The standby is scripts/start-standby.sh's. Prints one line per run: where, look-ups/s, and the
 * CPU of the primary's and the standby's processes and of this client, per look-up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { openPostgres } from '../src/db/postgres.ts';
import { openReader } from '../src/db/replicas.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const lookups = Number(arg('lookups', '40000'));
const concurrency = Number(arg('concurrency', '32'));
const primaryServer = arg('primary', 'postgres://postgres@127.0.0.1:5432/postgres');
const replicaServer = arg('replica', 'postgres://postgres@127.0.0.1:5433/postgres');
const ROWS = 200_000;
const name = `ayni_bench_replica_${process.pid}`;
const at = (server: string) => {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
};

/** The CPU, in ms, spent so far by every process of the cluster whose postmaster is `postmaster`. */
function clusterCpuMs(postmaster: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(pid) !== postmaster && ppid !== postmaster) continue;
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
    } catch {
      // the process ended while read
    }
  }
  return total;
}

async function postmasterOf(server: string): Promise<number> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  const [row] = (await c.query(`SELECT pg_backend_pid() AS pid`)).rows as { pid: number }[];
  const stat = readFileSync(`/proc/${row!.pid}/stat`, 'utf8');
  await c.end();
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

const admin = new pg.Client({ connectionString: primaryServer });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
await admin.end();
const primary = await openPostgres(at(primaryServer), concurrency);
try {
  await primary.exec(`CREATE TABLE person_bench (id bigint PRIMARY KEY, ci text NOT NULL UNIQUE, born date NOT NULL, name text NOT NULL);
    INSERT INTO person_bench SELECT g, lpad(g::text, 8, '0'), date '1950-01-01' + (g % 20000), 'persona ' || g FROM generate_series(1, ${ROWS}) g;
    ANALYZE person_bench;`);
  const primaryPm = await postmasterOf(primaryServer);
  const replicaPm = await postmasterOf(replicaServer);
  const reader = openReader(primary, [at(replicaServer)], {
    maxLagMs: 5000,
    checkMs: 100_000,
    poolSize: concurrency,
  });
  for (let i = 0; i < 200; i++) {
    await reader.check();
    if (reader.state().replicas[0]?.usable) {
      const rows = await reader
        .sql()
        .query('SELECT 1 FROM person_bench LIMIT 1')
        .catch(() => []);
      if (rows.length === 1) break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const run = async (where: 'primary' | 'replica') => {
    const db = where === 'primary' ? primary : reader.sql();
    const p0 = clusterCpuMs(primaryPm);
    const r0 = clusterCpuMs(replicaPm);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < lookups) {
          const i = next++;
          const ci = String(1 + ((i * 7919) % ROWS)).padStart(8, '0');
          const rows = await db.query('SELECT id, name, born FROM person_bench WHERE ci = $1', [ci]);
          if (rows.length !== 1) throw new Error(`look-up ${ci} found ${rows.length}`);
        }
      }),
    );
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const per = (cpuMs: number) => `${((cpuMs * 1000) / lookups).toFixed(0)} µs`;
    console.log(
      `${where}: ${lookups} look-ups in ${(ms / 1000).toFixed(1)} s = ${Math.round((lookups * 1000) / ms)}/s; CPU per look-up: primary cluster ${per(clusterCpuMs(primaryPm) - p0)}, standby cluster ${per(clusterCpuMs(replicaPm) - r0)}, client ${per((c.user + c.system) / 1000)}`,
    );
  };
  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  for (const where of ['primary', 'replica', 'primary', 'replica'] as const) await run(where);
  await reader.close();
} finally {
  await primary.close();
  const a = new pg.Client({ connectionString: primaryServer });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await a.end();
}
