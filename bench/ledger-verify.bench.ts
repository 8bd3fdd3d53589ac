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
 */
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { openServer } from '../src/db/multi-host.ts';
import { verifyLedger } from '../src/ledger/index.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const SERVER = arg('server', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const TRANSFERS = Number(arg('transfers', '3560000'));
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
    const [load] = (await import('node:os')).loadavg();
    console.log(`load average ${load!.toFixed(1)}`);
  } finally {
    await db.close();
    if (!KEEP) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`));
  }
}

await main();
