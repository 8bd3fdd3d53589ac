/**
 * Benchmark: the Bono deposit export (`exportDeposits`, src/bono/deposit-export.ts) — one pain.001.001.03
 * file per bank, a bono_deposit row per deposit and a ledger transfer per page and bank.
 *
 *   node --max-semi-space-size=64 --import ./bin/typescript.mjs bench/bono-deposits.bench.ts
 *        [--persons 200000] [--batch 16000] [--backend postgres|embedded]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--validate] [--country] [--no-verify]
 *        [--runs 1] [--perf-window]
 *
 * On a fresh database (a new database on the server, dropped afterwards; or the embedded server in a temporary
 * folder): `--persons` persons, all entitled by deposit in one approved round, over the eight banks
 * of src/bono/parameters/operations.yaml — persons, round and entitlements written directly by SQL,
 * the payable account funded through the ledger as `approveRound` does. Then times
 * `exportDeposits` end to end (pages classified and recorded, ledger, file writing, recording) and
 * prints deposits per second, the share of the time spent inside the ledger's `createTransfers`
 * and in the page statements, the CPU time of this process and (on a local PostgreSQL server) of the server
 * processes serving the export — on a machine shared with other work, deposits per CPU second say
 * more than the wall clock — the files' size, and peak RSS. `--validate` adds XSD validation of every file
 * (../shared/testdata/iso20022/schemas), which holds about three times a file in memory.
 * The backend defaults to PostgreSQL when DATABASE_URL or --server is given, else the embedded server.
 *
 * `--country` exports instead the deposits of the bench country's approved round (11.7 M persons,
 * about 527,000 deposit entitlements; bench/country.ts, and bench/bono-payouts.bench.ts makes and
 * approves the round and pays some at counters), on a copy of that database made for the run
 * (CREATE DATABASE … TEMPLATE, dropped afterwards): the export's queries meet a registry and
 * entitlement tables of their real size. `--no-verify` skips the full ledger check afterwards.
 * After the export, the floor (issue #17), in the same run on the same database: a bare `COPY` of the
 * same deposit rows (the round's deposit entitlements) joined with the persons' names, in bank and
 * person order, to a file (server side: nothing between the server and the disk); ayni's time is
 * printed as a ratio to it (target ≤ 1.5 ×).
 * `--runs N` repeats the whole run N times and prints the median: this machine's speed drifts by
 * ±10–20 % from minute to minute, so one run says little. `--perf-window` prints when the export
 * began and ended on the monotonic clock, for `perf record -k CLOCK_MONOTONIC` and
 * `perf report --time <start>,<end>`.
 *
 * Run it as ayni runs (`node --max-semi-space-size=64 --import ./bin/typescript.mjs
 * bench/bono-deposits.bench.ts …`, the flags and module hooks of `npm start` and the CLI): tsx names
 * every closure it creates at run time, which costs the export's hot loops.

 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureBonoAccounts } from '../src/bono/bono.accounts.ts';
import { exportDeposits } from '../src/bono/deposit-export.ts';
import type { Database, Sql } from '../src/db/database.ts';
import { BOB_LEDGER, createTransfers, verifyLedger } from '../src/ledger/index.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const PERSONS = Number(arg('persons', '200000'));
const BATCH = Number(arg('batch', '16000'));
const SERVER = arg('server', process.env.DATABASE_URL || undefined);
const BACKEND = arg('backend', SERVER ? 'postgres' : 'embedded')!;
const VALIDATE = process.argv.includes('--validate');
/** Export the bench country's own round (bench/country.ts, bench/bono-payouts.bench.ts) on a copy. */
const COUNTRY = process.argv.includes('--country');
/** Skip the ledger's full check afterwards (about a minute on the bench country), for repeated runs. */
const NO_VERIFY = process.argv.includes('--no-verify');
const PEOPLE = Number(arg('people', '11700000'));
/** Exports one after another, each on a fresh database or copy; their median is printed at the end. */
const RUNS = Number(arg('runs', '1'));
/** Print when the export began and ended on the monotonic clock, to cut a `perf record` to it. */
const PERF_WINDOW = process.argv.includes('--perf-window');
const AT = new Date('2020-12-02T13:00:00Z');
/** What the export reads for every deposit: the registry and the round's deposit entitlements. */
const HOT_RELATIONS = `('person', 'person_pkey', 'bono_entitlement', 'bono_entitlement_deposit', 'bono_payment', 'bono_payment_one_live')`;
const BANKS = [
  'BUNIBOLX',
  'BNBOBOLX',
  'BMSCBOLX',
  'BISABOLX',
  'BSOLBOLX',
  'FIEBBOLX',
  'BECOBOLX',
  'GANABOLX',
];
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = path.resolve(projectRoot, '..', 'shared', 'testdata', 'iso20022', 'schemas');

interface Fresh {
  db: Database;
  dir: string;
  dispose(): Promise<void>;
}

/**
 * Drops a database of the benchmark's. Its pool has ended, but the connections may still be
 * closing: forced off at once, they were reported as errors. So it waits (at most 5 s) for them.
 */
async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A copy of the bench country (with its approved round), dropped afterwards. */
async function countryCopy(): Promise<Fresh & { roundId: number }> {
  if (!SERVER) throw new Error('--country needs --server or DATABASE_URL');
  const source = `ayni_bench_country_${PEOPLE}`;
  const name = `ayni_deposits_country_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const t0 = performance.now();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source} STRATEGY = FILE_COPY`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-deposits-bench-'));
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: dir });
  const [round] = await db.query<{ id: number }>(
    `SELECT id::int AS id FROM bono_round WHERE kind = 'regular' AND status = 'approved'`,
  );
  if (!round) throw new Error(`${source} has no approved round: run bench/bono-payouts.bench.ts once`);
  const [c] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bono_entitlement WHERE round_id = $1 AND channel = 'deposit'`,
    [round.id],
  );
  console.log(
    `postgres: copy of ${source} in ${((performance.now() - t0) / 1000).toFixed(1)} s; round ${round.id} has ${c!.n.toLocaleString('en')} deposit entitlements`,
  );
  // What autovacuum would have done by the time an officer exports (this machine's PostgreSQL
  // runs with it off): visibility maps set, so that an index-only scan does not visit the heap,
  // and current statistics. Quick once the template has been vacuumed (all-visible pages are skipped).
  const v0 = performance.now();
  for (const table of ['person', 'bono_entitlement', 'bono_payment', 'bono_deposit'])
    await db.exec(`VACUUM (ANALYZE) ${table}`);
  console.log(
    `  VACUUM (ANALYZE) of the tables the export reads: ${((performance.now() - v0) / 1000).toFixed(1)} s`,
  );
  // Read into the page cache, as a server that has been running holds them; and into the server's
  // own buffers when they are large enough to hold what the export reads (the copy is a new
  // database, so nothing of it is there yet).
  await db.exec('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  const [sizes] = await db.query<{ buffers: string; needed: string }>(
    `SELECT (SELECT setting::bigint * current_setting('block_size')::bigint FROM pg_settings WHERE name = 'shared_buffers') AS buffers,
       (SELECT sum(pg_relation_size(c.oid)) FROM pg_class c WHERE c.relname IN ${HOT_RELATIONS}) AS needed`,
  );
  const intoBuffers = Number(sizes!.buffers) > 1.25 * Number(sizes!.needed);
  await db.query(
    `SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c
     WHERE c.relname IN ('person', 'person_pkey', 'bono_entitlement', 'bono_entitlement_pkey', 'bono_payment', 'source_bank_account')`,
  );
  if (intoBuffers)
    await db.query(
      `SELECT sum(pg_prewarm(c.oid, 'buffer')) FROM pg_class c WHERE c.relname IN ${HOT_RELATIONS}`,
    );
  console.log(
    `  shared_buffers ${(Number(sizes!.buffers) / 2 ** 20).toFixed(0)} MiB; the person and entitlement tables and indexes the export reads: ${(Number(sizes!.needed) / 2 ** 20).toFixed(0)} MiB${intoBuffers ? ', read into shared buffers' : ' (they do not fit: read from the page cache)'}`,
  );
  return {
    db,
    dir,
    roundId: round.id,
    async dispose() {
      await db.close();
      await dropDatabase(name);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function fresh(): Promise<Fresh> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-deposits-bench-'));
  if (BACKEND === 'embedded') {
    const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: dir });
    return {
      db,
      dir,
      async dispose() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  if (!SERVER) throw new Error('--backend postgres needs --server or DATABASE_URL');
  const name = `ayni_deposits_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: dir });
  return {
    db,
    dir,
    async dispose() {
      await db.close();
      await dropDatabase(name);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Persons, an approved round and its deposit entitlements, straight into the tables. */
async function buildRound(db: Database): Promise<number> {
  const [imp] = await db.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, status)
     VALUES ('persons', 'bench', $1, 'bench', 'completed') RETURNING id`,
    [randomBytes(32).toString('hex')],
  );
  // Names with Spanish letters on every other person, so transliteration costs what it would.
  await db.query(
    `INSERT INTO person (ci_number, complemento, given_names, first_surname, second_surname, date_of_birth, sex,
       municipality_code, created_import_id, updated_import_id)
     SELECT (1000000 + g)::text, CASE WHEN g % 7 = 0 THEN '1B' ELSE '' END,
       (ARRAY['Juana', 'María', 'José Luis', 'Wilma', 'Freddy', 'Limbert', 'Begoña', 'Rosa Ángela'])[1 + g % 8],
       (ARRAY['Mamani', 'Quispe', 'Choque', 'Condori', 'Flores', 'Núñez', 'Gutiérrez', 'Peñaranda'])[1 + (g / 8) % 8],
       (ARRAY['Mamani', 'Quispe', 'Choque', 'Condori', 'Flores', 'Núñez', 'Gutiérrez', 'Peñaranda'])[1 + (g / 64) % 8],
       DATE '1970-01-01' + (g % 12000), CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, '020101', $1, $1
     FROM generate_series(1, $2) AS g`,
    [imp!.id, PERSONS],
  );
  const total = BigInt(PERSONS) * 100_000n;
  const [round] = await db.query<{ id: number }>(
    `INSERT INTO bono_round (kind, as_of, status, rules_version, parameters, registry_state, entitlement_count,
       total_centavos, control_totals, content_hash, created_by, created_at, decided_by, decided_at)
     VALUES ('regular', '2020-11-30', 'approved', repeat('a', 64), '{}', '{}', $1, $2, '[]', repeat('b', 64),
       'account:bench.maker', $3, 'account:bench.checker', $3)
     RETURNING id::int AS id`,
    [PERSONS, total.toString(), AT],
  );
  await db.query(
    `INSERT INTO bono_entitlement (round_id, person_id, amount_centavos, department_code, band, opens_on, closes_on,
       deadline, channel, bank_bic, account_number)
     SELECT $1, p.id, 100000, p.department_code, '18-29', '2020-12-01', '2020-12-14', '2021-03-01', 'deposit',
       ($2::text[])[1 + (p.id % 8)::int], (3000000000 + p.id)::text
     FROM person p`,
    [round!.id, BANKS],
  );
  await db.exec('ANALYZE person; ANALYZE bono_entitlement');
  const accounts = await ensureBonoAccounts(db, AT);
  const line = accounts.funding[0]!;
  const [funded] = await createTransfers(db, [
    {
      id: `bono:fund:${round!.id}:${line.code}`,
      debitAccountId: line.id,
      creditAccountId: accounts.payable,
      amount: total,
      ledger: BOB_LEDGER,
      code: 'bono.fund',
      userData64: BigInt(round!.id),
      occurredAt: AT,
    },
  ]);
  if (funded?.result !== 'ok') throw new Error(`funding failed: ${funded?.result}`);
  return round!.id;
}

/** Wraps a Sql so that the time spent in the ledger's statements and in the page statements is measured. */
function timed(db: Database, times: { pageMs: number; ledgerMs: number }): Database {
  const wrap = (sql: Sql): Sql => ({
    query: async (text, params) => {
      const start = performance.now();
      try {
        return await sql.query(text, params);
      } finally {
        if (/ledger_(account|transfer|unique_key)/.test(text)) times.ledgerMs += performance.now() - start;
        else if (/INSERT INTO bono_deposit \(/.test(text)) times.pageMs += performance.now() - start;
      }
    },
    queryEach: async (text, params, onRow) => {
      const start = performance.now();
      try {
        await sql.queryEach(text, params, onRow);
      } finally {
        if (/INSERT INTO bono_deposit \(/.test(text)) times.pageMs += performance.now() - start;
      }
    },
    exec: (text) => sql.exec(text),
    copyFrom: (copySql, chunks) => sql.copyFrom(copySql, chunks),
  });
  return {
    ...wrap(db),
    backend: db.backend,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/**
 * The CPU seconds (user + system, from /proc) that the server processes serving the database use
 * between `serverCpu` and `stop()`, sampled every 100 ms through a connection of the bench's own to
 * the server's `postgres` database: a connection that ends meanwhile keeps what it had used at its
 * last sample (read only at the start and the end, as before, the pool's connections that idled
 * out during a long XSD validation were lost, and the server was reported as "at least 0.0 CPU s").
 * A process first seen after the start counts from zero: it was started for this work. Zero when
 * the server is not on this machine or not PostgreSQL.
 */
async function serverCpu(db: Database): Promise<{ stop(): Promise<number | undefined> }> {
  if (db.backend !== 'postgres' || !SERVER) return { stop: async () => undefined };
  const [{ name } = { name: '' }] = await db.query<{ name: string }>('SELECT current_database() AS name');
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const tick = 100; // USER_HZ on Linux
  const read = (pid: number): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      return undefined; // not on this machine, or already gone
    }
  };
  const baseline = new Map<number, number>();
  const last = new Map<number, number>();
  let seen = false;
  const sample = async (first: boolean) => {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    for (const { pid } of rows) {
      const seconds = read(pid);
      if (seconds === undefined) continue;
      seen = true;
      if (!baseline.has(pid)) baseline.set(pid, first ? seconds : 0);
      last.set(pid, seconds);
    }
  };
  await sample(true);
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!stopped) await sample(false);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await sample(false);
      await admin.end();
      if (!seen) return undefined;
      let total = 0;
      for (const [pid, seconds] of last) total += seconds - baseline.get(pid)!;
      return total;
    },
  };
}

function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main() {
  console.log(
    `bono deposit export benchmark: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const rates: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    if (RUNS > 1) console.log(`run ${run} of ${RUNS}`);
    rates.push(await runOnce());
  }
  if (RUNS > 1) {
    const sorted = [...rates].sort((a, b) => a - b);
    const median =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    console.log(
      `${RUNS} runs: ${sorted.map((r) => Math.round(r).toLocaleString('en')).join(', ')} deposits/s; median ${Math.round(median).toLocaleString('en')}`,
    );
  }
}

/** One export on its own database (a fresh one, or a fresh copy of the bench country); deposits per second. */
async function runOnce(): Promise<number> {
  const copy = COUNTRY ? await countryCopy() : undefined;
  const f = copy ?? (await fresh());
  let rate = 0;
  try {
    const buildStart = performance.now();
    const roundId = copy ? copy.roundId : await buildRound(f.db);
    if (!copy)
      console.log(
        `${BACKEND}: ${PERSONS.toLocaleString('en')} deposit entitlements over ${BANKS.length} banks built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`,
      );
    const times = { pageMs: 0, ledgerMs: 0 };
    const db = timed(f.db, times);
    const serverMeter = await serverCpu(f.db);
    const cpuStart = process.cpuUsage();
    const phases = new Map<string, number>();
    const start = performance.now();
    const monoStart = process.hrtime.bigint();
    const exported = await exportDeposits(db, {
      roundId,
      outDir: path.join(f.dir, 'out'),
      at: AT,
      actor: 'account:bench.checker',
      batchSize: BATCH,
      ...(VALIDATE ? { schemaPath: schemasDir } : {}),
      // When each phase began, to show where the wall-clock time goes.
      onProgress: (p) => {
        if (!phases.has(p.phase)) phases.set(p.phase, performance.now() - start);
        // The last page delivered: what follows is the files' assembly and recording.
        if (p.phase === 'reserving' && p.done === p.total) phases.set('last page', performance.now() - start);
      },
    });
    const seconds = (performance.now() - start) / 1000;
    if (!exported.ok) throw new Error(`the export was refused: ${JSON.stringify(exported.error)}`);
    const result = exported.value;
    // For `perf record -k CLOCK_MONOTONIC … ; perf report --time <start>,<end>`: the export alone.
    if (PERF_WINDOW)
      console.log(
        `  perf window (CLOCK_MONOTONIC s): ${Number(monoStart) / 1e9},${Number(process.hrtime.bigint()) / 1e9}`,
      );
    const cpu = process.cpuUsage(cpuStart);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const serverSeconds = await serverMeter.stop();
    const bytes = result.files.reduce((s, file) => s + file.sizeBytes, 0);
    if (!copy && result.sent !== PERSONS) throw new Error(`sent ${result.sent} of ${PERSONS}`);
    if (copy)
      console.log(
        `  sent ${result.sent.toLocaleString('en')}; not sent: ${JSON.stringify(Object.fromEntries(Object.entries(result.skipped).filter(([, n]) => n > 0)))}`,
      );
    console.log(
      `  exportDeposits: ${result.sent.toLocaleString('en')} deposits in ${result.files.length} files (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${seconds.toFixed(1)} s: ` +
        `${Math.round(result.sent / seconds).toLocaleString('en')} deposits/s${VALIDATE ? ' (XSD validation included)' : ''}`,
    );
    console.log(
      `  phases began at (s): ${[...phases].map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)}`).join(', ')}`,
    );
    console.log(
      `  waiting on the ledger's statements ${(times.ledgerMs / 1000).toFixed(1)} s and on the page statements (classify, record, return) ${(times.pageMs / 1000).toFixed(1)} s ` +
        `(two pages overlap, so these add up to more than the wall clock); this process used ${nodeCpuSeconds.toFixed(1)} CPU s ` +
        `(${Math.round(result.sent / nodeCpuSeconds).toLocaleString('en')} deposits per CPU second); batch ${BATCH}; peak RSS ${peakRssMiB().toFixed(0)} MiB`,
    );
    if (serverSeconds !== undefined)
      console.log(
        `  the database server's processes used ${serverSeconds.toFixed(1)} CPU s; this process and the server together: ` +
          `${Math.round(result.sent / (nodeCpuSeconds + serverSeconds)).toLocaleString('en')} deposits per CPU second`,
      );
    rate = result.sent / seconds;
    const floorFile = path.join(os.tmpdir(), `ayni-deposits-floor-${process.pid}.tsv`);
    const floorMeter = await serverCpu(f.db);
    const floorStart = performance.now();
    await f.db.exec(
      `COPY (SELECT e.bank_bic, e.account_number, e.amount_centavos, e.person_id, p.ci_number, p.complemento,
               p.given_names, p.first_surname, p.second_surname
             FROM bono_entitlement e JOIN person p ON p.id = e.person_id
             WHERE e.round_id = ${Number(roundId)} AND e.channel = 'deposit'
             ORDER BY e.bank_bic, e.person_id) TO '${floorFile}'`,
    );
    const floorSeconds = (performance.now() - floorStart) / 1000;
    const floorCpu = await floorMeter.stop();
    await rm(floorFile, { force: true });
    console.log(
      `  floor (a bare COPY of the same rows with the names, in order, to a file): ${floorSeconds.toFixed(1)} s; ` +
        `ayni ${(seconds / floorSeconds).toFixed(2)} × the floor's time (target ≤ 1.5 ×)` +
        (floorCpu !== undefined && serverSeconds !== undefined
          ? `; CPU ${(nodeCpuSeconds + serverSeconds).toFixed(1)} s against the floor's ${floorCpu.toFixed(1)} s: ` +
            `${((nodeCpuSeconds + serverSeconds) / floorCpu).toFixed(2)} ×`
          : ''),
    );
    if (!NO_VERIFY) {
      const verifyStart = performance.now();
      const verified = await verifyLedger(f.db);
      console.log(
        `  verifyLedger: ${verified.ok ? 'ok' : 'FAILED'} in ${((performance.now() - verifyStart) / 1000).toFixed(1)} s`,
      );
      if (!verified.ok) process.exitCode = 1;
    }
  } finally {
    await f.dispose();
  }
  return rate;
}

await main();
