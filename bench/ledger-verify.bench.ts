/**
 * Benchmark: the ledger's full check (`verifyLedger`, src/ledger/ledger.verify.ts) at national scale.
 *
 *   node --import tsx bench/ledger-verify.bench.ts [--server postgres://postgres@127.0.0.1:5432/postgres]
 *        [--transfers 3560000] [--database ayni_bench_perffloors_ledger] [--keep] [--on NAME]
 *
 * Without `--on`: a database of its own (dropped afterwards unless `--keep`), migrated as ayni
 * migrates, filled by SQL with a bono round's shape of ledger: `--transfers` counter payouts
 * (single phase, a unique key and a person each) from the entitlements payable to eight banks'
 * paid accounts, one in fifty reversed and paid again, and a deposit export's pending transfers
 * (one per page of 1,000 and bank) posted, one in ten voided; balances as the transfers make
 * them. `--on NAME` checks an existing database instead (a copy of the bench country after a
 * deposit export). Then prints the time of each of the check's questions and of the whole check,
 * twice (the second with the cache warm).
 *
 * Then the check from a checkpoint (`checkLedger`, src/ledger/ledger.checkpoint.ts): a full run
 * that writes the first checkpoint, one day's new transfers (`--day` counter payouts of a second
 * round, one in a hundred of them as many reversals of the first round's payouts, and a deposit
 * page pending then posted per bank, written by SQL as the fill is), then the incremental run
 * (with `--history`, the fingerprint of the rows before the checkpoint, and without it, the default). Beside
 * each, in the same run, its floor: a bare `count(*)` of the rows it must read (the whole table
 * for the full check and the fingerprint, the transfers after the checkpoint for the rest). For
 * each: wall time, this process's CPU and the server backends' (the pool's connections, from
 * /proc; a parallel plan's workers are not counted), and the load average.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { openServer } from '../src/db/multi-host.ts';
import { checkLedger, verifyLedger } from '../src/ledger/index.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const SERVER = arg('server', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const TRANSFERS = Number(arg('transfers', '3560000'));
const DAY = Number(arg('day', '150000'));
const ON = arg('on', '');
const NAME = ON || arg('database', 'ayni_bench_perffloors_ledger');
const KEEP = process.argv.includes('--keep') || ON !== '';
if (!/^[a-z_][a-z0-9_]*$/.test(NAME)) throw new Error(`bad database name ${NAME}`);

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

const url = new URL(SERVER);
url.pathname = `/${NAME}`;

/** The ledger a round leaves: payouts, reversals and repayments, deposits pending then posted or voided. */
const FILL = `
ALTER TABLE ledger_transfer DISABLE TRIGGER USER;
INSERT INTO ledger_account (code, ledger, kind, name, debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at)
SELECT c, 'BOB', k, c, f1, f2, '2020-12-01' FROM (VALUES
  ('bench:treasury', 'equity', false, false), ('bench:payable', 'liability', true, false),
  ('bench:paid:1', 'asset', false, false), ('bench:paid:2', 'asset', false, false), ('bench:paid:3', 'asset', false, false),
  ('bench:paid:4', 'asset', false, false), ('bench:paid:5', 'asset', false, false), ('bench:paid:6', 'asset', false, false),
  ('bench:paid:7', 'asset', false, false), ('bench:paid:8', 'asset', false, false)) v(c, k, f1, f2);
CREATE TEMP TABLE acc AS SELECT id, code FROM ledger_account WHERE code LIKE 'bench:%';
-- Fund the payable account.
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, occurred_at)
SELECT 'bench:fund', 'single_phase', (SELECT id FROM acc WHERE code = 'bench:treasury'), (SELECT id FROM acc WHERE code = 'bench:payable'),
  50000::bigint * ${TRANSFERS} * 2, 'BOB', 'bono.allocate', '2020-12-01';
-- Counter payouts: payable credited? No: the payable account is debited as it pays, the bank's paid account credited.
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, unique_key, person_id, user_data_64, occurred_at)
SELECT 'payout:r1:' || g, 'single_phase', (SELECT id FROM acc WHERE code = 'bench:payable'),
  (SELECT id FROM acc WHERE code = 'bench:paid:' || (1 + g % 8)), 50000, 'BOB', 'bono.payout',
  'bono:r1:' || g, g, 1, timestamptz '2020-12-02' + g * interval '100 ms'
FROM generate_series(1, ${TRANSFERS}) g;
-- One in fifty reversed, then paid again.
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, reverses_id, person_id, occurred_at)
SELECT 'reversal:r1:' || g, 'single_phase', (SELECT id FROM acc WHERE code = 'bench:paid:' || (1 + g % 8)),
  (SELECT id FROM acc WHERE code = 'bench:payable'), 50000, 'BOB', 'bono.payout_reversal', 'payout:r1:' || g, g,
  timestamptz '2021-01-02' + g * interval '1 ms'
FROM generate_series(50, ${TRANSFERS}, 50) g;
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, unique_key, person_id, user_data_64, occurred_at)
SELECT 'payout:r1:' || g || ':again', 'single_phase', (SELECT id FROM acc WHERE code = 'bench:payable'),
  (SELECT id FROM acc WHERE code = 'bench:paid:' || (1 + (g + 1) % 8)), 50000, 'BOB', 'bono.payout',
  'bono:r1:' || g, g, 1, timestamptz '2021-01-10' + g * interval '1 ms'
FROM generate_series(50, ${TRANSFERS}, 50) g;
-- Deposits: a pending transfer per page of 1,000 and bank, posted, one in ten voided.
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, unique_key, user_data_text, occurred_at)
SELECT 'deposit:r1:' || g, 'pending', (SELECT id FROM acc WHERE code = 'bench:payable'),
  (SELECT id FROM acc WHERE code = 'bench:paid:' || (1 + g % 8)), 50000 * 1000, 'BOB', 'bono.deposit',
  'bono:deposit:r1:' || g, 'BANK' || (g % 8), timestamptz '2021-02-01' + g * interval '1 s'
FROM generate_series(1, greatest(1, ${TRANSFERS} / 10000)) g;
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, pending_id, occurred_at)
SELECT t.id || ':' || CASE WHEN g % 10 = 0 THEN 'void' ELSE 'post' END,
  CASE WHEN g % 10 = 0 THEN 'void_pending' ELSE 'post_pending' END, t.debit_account_id, t.credit_account_id, t.amount, 'BOB',
  'bono.deposit_result', t.id, t.occurred_at + interval '1 day'
FROM ledger_transfer t, LATERAL (SELECT substr(t.id, 12)::int AS g) n WHERE t.kind = 'pending';
-- The live keys.
INSERT INTO ledger_unique_key (unique_key, transfer_id, person_id)
SELECT unique_key, id, person_id FROM ledger_transfer t WHERE unique_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = t.id)
  AND NOT EXISTS (SELECT 1 FROM ledger_transfer v WHERE v.pending_id = t.id AND v.kind = 'void_pending');
-- Balances as the transfers make them.
UPDATE ledger_account a SET
  debits_pending = s.dpe, debits_posted = s.dpo, credits_pending = s.cpe, credits_posted = s.cpo
FROM (
  SELECT a.id,
    coalesce(sum(CASE t.kind WHEN 'pending' THEN t.amount WHEN 'single_phase' THEN 0 ELSE -t.amount END) FILTER (WHERE t.debit_account_id = a.id), 0) AS dpe,
    coalesce(sum(CASE WHEN t.kind IN ('single_phase', 'post_pending') THEN t.amount ELSE 0 END) FILTER (WHERE t.debit_account_id = a.id), 0) AS dpo,
    coalesce(sum(CASE t.kind WHEN 'pending' THEN t.amount WHEN 'single_phase' THEN 0 ELSE -t.amount END) FILTER (WHERE t.credit_account_id = a.id), 0) AS cpe,
    coalesce(sum(CASE WHEN t.kind IN ('single_phase', 'post_pending') THEN t.amount ELSE 0 END) FILTER (WHERE t.credit_account_id = a.id), 0) AS cpo
  FROM acc a JOIN ledger_transfer t ON a.id IN (t.debit_account_id, t.credit_account_id) GROUP BY a.id
) s WHERE s.id = a.id;
ALTER TABLE ledger_transfer ENABLE TRIGGER USER;
`;

/**
 * One day after the checkpoint: a second round's counter payouts, one in a hundred of them as many
 * reversals of the first round's payouts (not those already reversed), a deposit page pending and
 * posted per bank; the balances and live keys moved by exactly these transfers.
 */
const dayFill = (round: number, offset: number) => `
ALTER TABLE ledger_transfer DISABLE TRIGGER USER;
CREATE TEMP TABLE acc AS SELECT id, code FROM ledger_account WHERE code LIKE 'bench:%';
CREATE TEMP TABLE mark AS SELECT max(seq) AS seq FROM ledger_transfer;
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, unique_key, person_id, user_data_64, occurred_at)
SELECT 'payout:r${round}:' || g, 'single_phase', (SELECT id FROM acc WHERE code = 'bench:payable'),
  (SELECT id FROM acc WHERE code = 'bench:paid:' || (1 + g % 8)), 50000, 'BOB', 'bono.payout',
  'bono:r${round}:' || g, g, ${round}, timestamptz '2021-03-01' + g * interval '100 ms'
FROM generate_series(1, ${DAY}) g;
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, reverses_id, person_id, occurred_at)
SELECT 'reversal:r1:' || g || ':day${round}', 'single_phase', (SELECT id FROM acc WHERE code = 'bench:paid:' || (1 + g % 8)),
  (SELECT id FROM acc WHERE code = 'bench:payable'), 50000, 'BOB', 'bono.payout_reversal', 'payout:r1:' || g, g,
  timestamptz '2021-03-02' + g * interval '1 ms'
FROM generate_series(${offset}, least(${TRANSFERS}, ${offset} + 50 * (${DAY} / 100 - 1)), 50) g;
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, unique_key, user_data_text, occurred_at)
SELECT 'deposit:r${round}:' || g, 'pending', (SELECT id FROM acc WHERE code = 'bench:payable'),
  (SELECT id FROM acc WHERE code = 'bench:paid:' || g), 50000 * 1000, 'BOB', 'bono.deposit',
  'bono:deposit:r${round}:' || g, 'BANK' || g, timestamptz '2021-03-01'
FROM generate_series(1, 8) g;
INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, pending_id, occurred_at)
SELECT t.id || ':post', 'post_pending', t.debit_account_id, t.credit_account_id, t.amount, 'BOB', 'bono.deposit_result', t.id,
  t.occurred_at + interval '1 hour'
FROM ledger_transfer t WHERE t.id LIKE 'deposit:r${round}:%' AND t.kind = 'pending';
INSERT INTO ledger_unique_key (unique_key, transfer_id, person_id)
SELECT unique_key, id, person_id FROM ledger_transfer WHERE seq > (SELECT seq FROM mark) AND unique_key IS NOT NULL;
DELETE FROM ledger_unique_key k USING ledger_transfer r
  WHERE r.seq > (SELECT seq FROM mark) AND r.reverses_id IS NOT NULL AND k.transfer_id = r.reverses_id;
UPDATE ledger_account a SET
  debits_pending = debits_pending + s.dpe, debits_posted = debits_posted + s.dpo,
  credits_pending = credits_pending + s.cpe, credits_posted = credits_posted + s.cpo
FROM (
  SELECT a.id,
    coalesce(sum(CASE t.kind WHEN 'pending' THEN t.amount WHEN 'single_phase' THEN 0 ELSE -t.amount END) FILTER (WHERE t.debit_account_id = a.id), 0) AS dpe,
    coalesce(sum(CASE WHEN t.kind IN ('single_phase', 'post_pending') THEN t.amount ELSE 0 END) FILTER (WHERE t.debit_account_id = a.id), 0) AS dpo,
    coalesce(sum(CASE t.kind WHEN 'pending' THEN t.amount WHEN 'single_phase' THEN 0 ELSE -t.amount END) FILTER (WHERE t.credit_account_id = a.id), 0) AS cpe,
    coalesce(sum(CASE WHEN t.kind IN ('single_phase', 'post_pending') THEN t.amount ELSE 0 END) FILTER (WHERE t.credit_account_id = a.id), 0) AS cpo
  FROM acc a JOIN ledger_transfer t ON a.id IN (t.debit_account_id, t.credit_account_id)
  WHERE t.seq > (SELECT seq FROM mark) GROUP BY a.id
) s WHERE s.id = a.id;
ALTER TABLE ledger_transfer ENABLE TRIGGER USER;
`;

/** CPU seconds (user + system) of a process, from /proc. */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Wall, this process's CPU and the database's server backends' CPU around `f`. */
async function measured<T>(
  db: Database,
  f: () => Promise<T>,
): Promise<{ value: T; wall: number; cpu: number; server: number }> {
  const backends = async () =>
    (
      await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
    ).map((r) => r.pid);
  const pids = await backends();
  const server0 = pids.reduce((a, p) => a + cpuOf(p), 0);
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wall = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(self0);
  // The pool may have opened a connection during `f`: count it from zero.
  const after = await backends();
  const server = after.reduce((a, p) => a + cpuOf(p), 0) - server0;
  return { value, wall, cpu: (self.user + self.system) / 1e6, server };
}

const fmt = (m: { wall: number; cpu: number; server: number }) =>
  `${m.wall.toFixed(2)} s wall, CPU ${m.cpu.toFixed(2)} s here + ${m.server.toFixed(2)} s server, load ${os.loadavg()[0]!.toFixed(1)}`;

async function checkpointRuns(db: Database): Promise<void> {
  const actor = 'account:bench' as const;
  const run = async (label: string, options: { full?: boolean; history?: boolean }) => {
    const m = await measured(db, () => checkLedger(db, { actor, at: new Date(), timings: true, ...options }));
    const v = m.value;
    console.log(
      `checkLedger ${label}: ${fmt(m)}; ${v.mode}, ${v.ok ? 'ok' : `${v.problems.length} problems`}, ` +
        `${v.transferCount.toLocaleString('en')} transfers, checkpoint ${v.checkpoint?.id ?? 'none'} through ${v.checkpoint?.throughSeq ?? '-'}`,
    );
    for (const [q, ms] of Object.entries(v.timings ?? {})) console.log(`  ${q}: ${(ms / 1000).toFixed(2)} s`);
    return v;
  };
  const floor = async (label: string, sql: string, params: unknown[] = []) => {
    const m = await measured(db, () => db.query(sql, params));
    console.log(`floor ${label}: ${fmt(m)}`);
  };
  await floor('count(*) of every transfer', 'SELECT count(*) FROM ledger_transfer');
  const full = await run('full (writes the first checkpoint)', { full: true });
  let mark = full.checkpoint?.throughSeq ?? 0n;
  const day = async (round: number, offset: number) => {
    const t0 = performance.now();
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    await c.query(dayFill(round, offset));
    await c.query('ANALYZE ledger_transfer');
    await c.end();
    const [added] = await db.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM ledger_transfer WHERE seq > $1',
      [mark],
    );
    console.log(
      `a day's transfers: ${added!.n.toLocaleString('en')} added in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await floor(
      'count(*) of the day’s transfers (seq > mark)',
      'SELECT count(*) FROM ledger_transfer WHERE seq > $1',
      [mark],
    );
  };
  // Each incremental run reads one day's transfers after the latest checkpoint.
  await day(2, 25);
  const withHistory = await run('incremental, --history', { history: true });
  mark = withHistory.checkpoint?.throughSeq ?? mark;
  await day(3, 35);
  await run('incremental (the default: no history fingerprint)', {});
  await floor('count(*) of every transfer', 'SELECT count(*) FROM ledger_transfer');
  await run('incremental with no new transfer (the two small tables)', {});
  await run('full (again)', { full: true });
}

async function main(): Promise<void> {
  if (!ON) {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${NAME}`);
    });
  }
  // An existing database is checked as it is, not migrated (its schema may be older than the tree's).
  const db: Database = ON
    ? await openServer(url.toString())
    : await openBenchDatabase({ databaseUrl: url.toString(), dataDir: '/tmp/ayni-bench-perffloors' });
  try {
    if (!ON) {
      const t0 = performance.now();
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query('SET maintenance_work_mem = "256MB"');
      await c.query(FILL);
      for (const t of ['ledger_transfer', 'ledger_unique_key', 'ledger_account'])
        await c.query(`VACUUM ANALYZE ${t}`);
      await c.end();
      console.log(`filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const [size] = await db.query<{ n: bigint; mib: number }>(
      `SELECT (SELECT count(*) FROM ledger_transfer) AS n,
         pg_total_relation_size('ledger_transfer')::float8 / 1048576 AS mib`,
    );
    console.log(
      `ledger_transfer: ${size!.n.toLocaleString('en')} rows, ${size!.mib.toFixed(0)} MiB with its indexes`,
    );
    for (const mode of ['full', 'full (again)'] as const) {
      const t0 = performance.now();
      const v = await verifyLedger(db, { timings: true });
      const s = (performance.now() - t0) / 1000;
      console.log(
        `verifyLedger ${mode}: ${s.toFixed(1)} s, ` +
          `${v.ok ? 'ok' : `${v.problems.length} problems: ${JSON.stringify(v.problems.slice(0, 3), (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}`}, ` +
          `${v.transferCount.toLocaleString('en')} transfers`,
      );
      for (const [q, ms] of Object.entries(v.timings ?? {}))
        console.log(`  ${q}: ${(ms / 1000).toFixed(2)} s`);
    }
    if (!ON || process.argv.includes('--checkpoints')) await checkpointRuns(db);
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await db.close();
    if (!KEEP) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
  }
}

await main();
