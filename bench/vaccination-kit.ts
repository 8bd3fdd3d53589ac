/**
 * What the vaccination benchmarks share: a copy of the bench country (bench/country.ts) to write
 * in, sites in La Paz with a lot of one product in stock at each, and adults of the registry to
 * book or vaccinate. Everything goes through the campaign's own functions (src/vaccination), as
 * an officer would set it up.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { GroupCommitter } from '../src/ledger/index.ts';
import type { PersonKey } from '../src/registry/index.ts';
import {
  createSite,
  ensureStockLocations,
  type Lot,
  recordMovement,
  registerLot,
} from '../src/vaccination/index.ts';
import { arg, flag, openBenchCountry } from './country.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

export const ACTOR = 'account:bench';
const SET_UP_AT = new Date('2021-06-01T12:00:00Z');

/** A copy of the bench country for one benchmark, opened with a pool of `connections`. */
export interface BenchCopy {
  db: Database;
  url: string;
  /** Closes the pool and drops the copy, unless `keep`. */
  finish: (keep: boolean) => Promise<void>;
}

/**
 * Copies `ayni_bench_country_<people>` (built once if missing) into `ayni_bench_<name>_<people>`
 * (CREATE DATABASE … TEMPLATE): every run starts from the same country without doses.
 *
 * @example const copy = await benchCopy(1_000_000, 'bookings', server, 32);
 */
export async function benchCopy(
  people: number,
  name: string,
  server: string,
  connections: number,
): Promise<BenchCopy> {
  const country = await openBenchCountry(people, server, flag('fresh'));
  await country.db.close();
  const database = `ayni_bench_vaccination_${name}_${people}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(
    `CREATE DATABASE ${database} TEMPLATE ${arg('database', `ayni_bench_country_${people}`)}`,
  );
  const url = new URL(server);
  url.pathname = `/${database}`;
  const db = await openPostgres(url.toString(), connections);
  await ensureStockLocations(db, SET_UP_AT);
  return {
    db,
    url: url.toString(),
    finish: async (keep) => {
      await db.close();
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * A copy made beforehand (`CREATE DATABASE <name> TEMPLATE …`), opened with its migrations applied
 * and the stock locations ensured; `finish` drops it unless `keep`.
 *
 * @example const copy = await existingCopy('ayni_bench_vaccination_cov', server);
 */
export async function existingCopy(name: string, server: string): Promise<BenchCopy> {
  if (!/^ayni_bench_[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({
    databaseUrl: url.toString(),
    dataDir: path.join(os.tmpdir(), 'ayni-bench'),
  });
  await ensureStockLocations(db, SET_UP_AT);
  return {
    db,
    url: url.toString(),
    finish: async (keep) => {
      await db.close();
      if (keep) return;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * A site in La Paz (020101) open Monday to Saturday with `capacity` places a day of `product`, and
 * a lot of `doses` received at the warehouse and moved to it.
 *
 * @example const lot = await stockedSite(db, 'bench-1', 'sinopharm', 250, 10_000n);
 */
export async function stockedSite(
  db: Database,
  code: string,
  product: string,
  capacity: number,
  doses: bigint,
): Promise<Lot> {
  must(
    await createSite(
      db,
      {
        code,
        name: `Bench ${code}`,
        municipalityCode: '020101',
        access: 'both',
        hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '16:00' })),
        capacity: { [product]: capacity },
      },
      ACTOR,
      SET_UP_AT,
    ),
  );
  const { lot } = must(
    await registerLot(
      db,
      { product, manufacturer: 'Bench', lotNumber: `B-${code}`, expiresOn: '2022-06-30', dosesPerVial: 10 },
      ACTOR,
      SET_UP_AT,
    ),
  );
  const on = '2021-06-01';
  must(
    await recordMovement(
      db,
      { id: `bench-receipt-${code}`, kind: 'receipt', lotId: lot.id, doses, on, occurredAt: SET_UP_AT },
      ACTOR,
    ),
  );
  must(
    await recordMovement(
      db,
      {
        id: `bench-to-${code}`,
        kind: 'transfer',
        lotId: lot.id,
        doses,
        from: 'national-warehouse',
        to: `site-${code}`,
        on,
        occurredAt: SET_UP_AT,
      },
      ACTOR,
    ),
  );
  return lot;
}

/**
 * `n` living adults (born before 1990) of the registry, by id: their CI, complemento and date of
 * birth, as a citizen or a vaccinator gives them.
 *
 * @example const people = await adults(db, 10_000);
 */
export async function adults(db: Database, n: number): Promise<PersonKey[]> {
  const rows = await db.query<{ ci_number: string; complemento: string; date_of_birth: string }>(
    `SELECT ci_number, complemento, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM registry_person
     WHERE date_of_death IS NULL AND date_of_birth < '1990-01-01' AND residence_country = 'BO'
     ORDER BY id LIMIT $1`,
    [n],
  );
  if (rows.length < n) throw new Error(`the bench country has ${rows.length} adults, not ${n}`);
  return rows.map((r) => ({
    ciNumber: r.ci_number,
    complemento: r.complemento,
    dateOfBirth: r.date_of_birth,
  }));
}

/**
 * Runs `task(i)` for i in 0…n−1 with `concurrency` in flight; returns the seconds it took.
 *
 * @example const s = await concurrently(10_000, 128, (i) => book(i));
 */
export async function concurrently(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** The value of a set-up step, which must succeed (the bench's own data). */
function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok)
    throw new Error(
      `bench set-up refused: ${JSON.stringify(r.error, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
    );
  return r.value;
}

/** CPU seconds of the PostgreSQL server process `pid` (user + system), read from /proc (same machine only). */
function serverCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Starts counting the CPU this benchmark costs: this Node process's, and that of the server
 * processes serving the copy's connections (read from /proc, so the server must run on this
 * machine; 0 otherwise). The figure survives a machine shared with other work, where requests per
 * second do not. `stop()` returns the CPU-seconds spent since the start.
 *
 * @example const cpu = await cpuMeter(db); …; const { node, server } = await cpu.stop();
 */
export async function cpuMeter(
  db: Database,
): Promise<{ stop: () => Promise<{ node: number; server: number }> }> {
  const backends = async () =>
    (
      await db.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )
    ).map((r) => r.pid);
  const start = new Map<number, number>();
  for (const pid of await backends()) start.set(pid, serverCpuSeconds(pid));
  const node0 = process.cpuUsage();
  return {
    stop: async () => {
      const node = process.cpuUsage(node0);
      let server = 0;
      for (const pid of new Set([...start.keys(), ...(await backends())]))
        server += serverCpuSeconds(pid) - (start.get(pid) ?? 0);
      return { node: (node.user + node.system) / 1e6, server };
    },
  };
}

/** The CPU line of a benchmark: CPU-seconds per 1,000 requests, Node and server. */
export function cpuLine(cpu: { node: number; server: number }, requests: number): string {
  const per = (s: number) => ((s * 1000) / requests).toFixed(2);
  return `  CPU: node ${cpu.node.toFixed(1)} s + server ${cpu.server.toFixed(1)} s = ${per(cpu.node + cpu.server)} CPU-s per 1,000 requests (node ${per(cpu.node)}, server ${per(cpu.server)})`;
}

/** Where a traced database's transactions spent their time (`traced`). */
export interface Trace {
  /** Prints the transactions, their statements by kind (time, count) and the commit's share. */
  report: (requests: number) => string;
}

/**
 * The database with every transaction's statements timed (the profile a benchmark prints with
 * `--trace`): per kind of statement (its first words) the calls and the milliseconds from send to
 * answer — lock waits, round trips and the server's work together — and each transaction's time
 * from BEGIN to the end of COMMIT. The statements on the pool outside a transaction are timed too.
 *
 * @example const { db: traced, trace } = traced(copy.db); …; console.log(trace.report(n));
 */
export function traced(db: Database): { db: Database; trace: Trace } {
  const kinds = new Map<string, { n: number; ms: number }>();
  let transactions = 0;
  let txMs = 0;
  const count = (kind: string, ms: number) => {
    const k = kinds.get(kind) ?? { n: 0, ms: 0 };
    k.n++;
    k.ms += ms;
    kinds.set(kind, k);
  };
  const kindOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 90);
  const timedQuery =
    (sql: { query: Database['query'] }, prefix: string) =>
    async <T>(text: string, params?: readonly unknown[]): Promise<T[]> => {
      const t0 = performance.now();
      try {
        return await sql.query<T>(text, params);
      } finally {
        count(`${prefix}${kindOf(text)}`, performance.now() - t0);
      }
    };
  const wrapped: Database = {
    backend: db.backend,
    poolUse: db.poolUse?.bind(db),
    query: timedQuery(db, 'pool: '),
    queryEach: db.queryEach.bind(db),
    exec: db.exec.bind(db),
    copyFrom: db.copyFrom.bind(db),
    close: () => db.close(),
    transaction: async (fn) => {
      const t0 = performance.now();
      try {
        return await db.transaction((tx) =>
          fn({
            query: timedQuery(tx, 'tx: '),
            queryEach: tx.queryEach.bind(tx),
            exec: tx.exec.bind(tx),
            copyFrom: tx.copyFrom.bind(tx),
          }),
        );
      } finally {
        transactions++;
        txMs += performance.now() - t0;
      }
    },
  };
  return {
    db: wrapped,
    trace: {
      report: (requests) => {
        const inTx = [...kinds].filter(([k]) => k.startsWith('tx: '));
        const ms = inTx.reduce((s, [, v]) => s + v.ms, 0);
        const statements = inTx.reduce((s, [, v]) => s + v.n, 0);
        const per = (x: number) => (x / Math.max(transactions, 1)).toFixed(1);
        const lines = [
          `  trace: ${transactions} transactions (${per(requests)} requests each), ${per(txMs)} ms each from BEGIN to the end of COMMIT, of which ${per(statements)} statements (+ BEGIN and COMMIT) ${per(ms)} ms`,
        ];
        for (const [kind, v] of [...kinds].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
          lines.push(
            `    ${(v.ms / 1000).toFixed(2).padStart(7)} s ${String(v.n).padStart(6)}× ${(v.ms / v.n).toFixed(1).padStart(6)} ms  ${kind}`,
          );
        return lines.join('\n');
      },
    },
  };
}

/**
 * The floor of a desk on this machine as it is loaded now: `n` requests, `clients` in flight,
 * through group committers in `lanes` lanes (as src/vaccination/desk.ts), each batch one
 * transaction of `statements` round trips doing nothing (`SELECT 1`) but its commit. A desk's
 * batch is some 12–15 round trips: its rate over this one says what the round trips cost against
 * what the work does. Returns requests per second and the mean round trip in milliseconds.
 *
 * @example const floor = await deskFloor(db, 10_000, 128, 4, 14); // { rate: 2400, roundTripMs: 3.1 }
 */
export async function deskFloor(
  db: Database,
  n: number,
  clients: number,
  lanes: number,
  statements: number,
): Promise<{ rate: number; roundTripMs: number }> {
  let trips = 0;
  let tripMs = 0;
  const committers = Array.from(
    { length: lanes },
    () =>
      new GroupCommitter<number, number>({
        db,
        name: 'bench_floor',
        maxBatch: 200,
        maxWaitMs: 1,
        run: async (tx, items) => {
          for (let s = 0; s < statements; s++) {
            const t0 = performance.now();
            await tx.query('SELECT 1');
            tripMs += performance.now() - t0;
            trips++;
          }
          return items.map((i) => i);
        },
      }),
  );
  const seconds = await concurrently(n, clients, async (i) => {
    await committers[i % lanes]!.submit(i);
  });
  await Promise.all(committers.map((c) => c.close()));
  return { rate: n / seconds, roundTripMs: tripMs / Math.max(trips, 1) };
}
