/**
 * Benchmark: the ledger's hot path — Bono payouts recorded in batches — and the full verification.
 *
 *   node --import tsx bench/ledger.bench.ts [--transfers 1000000] [--batch 1000] [--clients 1]
 *        [--group 0] [--backends embedded,postgres] [--server postgres://postgres@127.0.0.1:5432/postgres]
 *
 * For each back end, on a fresh database: open the Bono's accounts (entitlements payable with its
 * flag, 73 banks), allocate exactly enough for every payout, then record `--transfers` payouts of
 * Bs 1,000 — each with its person id, a unique key per person and a deterministic id, through
 * `transactionWithRetry` + `createTransfers` — in batches of `--batch`, from `--clients` concurrent
 * connections. With `--group N`, instead, N concurrent requesters
 * each send one payout at a time and wait for its answer (as bank tellers through the API would),
 * and a GroupCommitter gathers them into batches of at most `--batch`. Prints transfers per
 * second, the batch (or request) latency percentiles, the time of `verifyLedger`, of a balance at a
 * date and of a statement page on the busiest account, and the database size. The database is
 * dropped afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { openPostgres } from '../src/db/postgres.ts';
import {
  accountStatement,
  balanceAt,
  type CreateTransferResult,
  createTransfers,
  ensureAccounts,
  GroupCommitter,
  type TransferInput,
  transactionWithRetry,
  verifyLedger,
} from '../src/ledger/index.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const TRANSFERS = Number(arg('transfers', '1000000'));
const BATCH = Number(arg('batch', '1000'));
const CLIENTS = Number(arg('clients', '1'));
const GROUP = Number(arg('group', '0'));
const BACKENDS = arg('backends', 'embedded,postgres').split(',');
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const BONO_CENTAVOS = 100_000n;
const BANKS = 73;
const START = Date.parse('2020-12-01T20:00:00Z');

interface Fresh {
  db: Database;
  /** Opens another connection to the same database (PostgreSQL), for concurrent clients. */
  connect(): Promise<Database>;
  sizeMiB(): Promise<number>;
  dispose(): Promise<void>;
}

async function fresh(backend: string): Promise<Fresh> {
  if (backend === 'embedded') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-ledger-bench-'));
    const db = await openBenchDatabase({ databaseUrl: undefined, dataDir: dir });
    return {
      db,
      connect: async () => db,
      sizeMiB: async () => dbSize(db),
      async dispose() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `ayni_ledger_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  const others: Database[] = [];
  return {
    db,
    async connect() {
      const c = await openPostgres(url.toString(), 1);
      others.push(c);
      return c;
    },
    sizeMiB: async () => dbSize(db),
    async dispose() {
      await Promise.all(others.map((c) => c.close()));
      await db.close();
      const a = new pg.Client({ connectionString: SERVER });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function dbSize(db: Database): Promise<number> {
  const [row] = await db.query<{ bytes: bigint }>('SELECT pg_database_size(current_database()) AS bytes');
  return Number(row!.bytes) / 2 ** 20;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function run(backend: string): Promise<void> {
  const f = await fresh(backend);
  try {
    const at = new Date(START);
    const ensured = await ensureAccounts(f.db, [
      { code: 'bono:lender:ibrd-9115-bo', ledger: 'BOB', kind: 'liability', createdAt: at },
      {
        code: 'bono:entitlements-payable',
        ledger: 'BOB',
        kind: 'liability',
        debitsMustNotExceedCredits: true,
        createdAt: at,
      },
      ...Array.from({ length: BANKS }, (_, i) => ({
        code: `bono:paid:BANK${String(i).padStart(2, '0')}BOLX`,
        ledger: 'BOB',
        kind: 'expense' as const,
        createdAt: at,
      })),
    ]);
    if (!ensured.ok)
      throw new Error(`the bench's accounts were not opened: ${JSON.stringify(ensured.error)}`);
    const accounts = ensured.value;
    const payable = accounts.get('bono:entitlements-payable')!;
    const banks = [...accounts.values()].filter((a) => a.code.startsWith('bono:paid:'));
    await createTransfers(f.db, [
      {
        id: 'allocation:r1',
        debitAccountId: accounts.get('bono:lender:ibrd-9115-bo')!.id,
        creditAccountId: payable.id,
        amount: BigInt(TRANSFERS) * BONO_CENTAVOS,
        ledger: 'BOB',
        code: 'bono.allocation',
        occurredAt: at,
      },
    ]);

    const payoutOf = (i: number): TransferInput => {
      const person = BigInt(i + 1);
      return {
        id: `payout:r1:${person}`,
        debitAccountId: payable.id,
        creditAccountId: banks[i % BANKS]!.id,
        amount: BONO_CENTAVOS,
        ledger: 'BOB',
        code: 'bono.payout',
        uniqueKey: `bono-2020:${person}`,
        personId: person,
        userData64: 1n,
        occurredAt: new Date(START + i * 10),
      };
    };
    let retries = 0;
    let refused = 0;
    const onRetry = () => {
      retries++;
    };
    /** Latency of each call (batch mode) or of each request (group-commit mode). */
    const latenciesMs: number[] = [];
    let done = 0;
    const startedMs = performance.now();
    let lastReportMs = startedMs;
    const progress = () => {
      const nowMs = performance.now();
      if (nowMs - lastReportMs < 10_000) return;
      lastReportMs = nowMs;
      const rate = Math.round(done / ((nowMs - startedMs) / 1000));
      console.error(`  ${backend}: ${done.toLocaleString('en')} transfers, ${rate.toLocaleString('en')}/s`);
    };
    let next = 0;
    let clientCount = 1;
    if (GROUP > 0) {
      // GROUP requesters, each sending one payout at a time and waiting for its answer, as bank
      // tellers would through the API; the committer gathers what arrives into batches.
      const committer = new GroupCommitter<TransferInput, CreateTransferResult>({
        db: f.db,
        maxBatch: BATCH,
        run: (tx, items) => createTransfers(tx, items),
        retry: { onRetry },
      });
      await Promise.all(
        Array.from({ length: GROUP }, async () => {
          for (let i = next++; i < TRANSFERS; i = next++) {
            const t0 = performance.now();
            const r = await committer.submit(payoutOf(i));
            latenciesMs.push(performance.now() - t0);
            if (r.result !== 'ok') refused++;
            done++;
            progress();
          }
        }),
      );
      await committer.close();
    } else {
      const clients =
        backend === 'postgres'
          ? await Promise.all(Array.from({ length: CLIENTS }, () => f.connect()))
          : [f.db];
      clientCount = clients.length;
      const batches = Math.ceil(TRANSFERS / BATCH);
      await Promise.all(
        clients.map(async (db) => {
          for (let b = next++; b < batches; b = next++) {
            const batch: TransferInput[] = [];
            for (let i = b * BATCH; i < Math.min(TRANSFERS, (b + 1) * BATCH); i++) batch.push(payoutOf(i));
            const t0 = performance.now();
            const results = await transactionWithRetry(db, (tx) => createTransfers(tx, batch), { onRetry });
            latenciesMs.push(performance.now() - t0);
            refused += results.filter((r) => r.result !== 'ok').length;
            done += batch.length;
            progress();
          }
        }),
      );
    }
    const seconds = (performance.now() - startedMs) / 1000;
    latenciesMs.sort((a, b) => a - b);

    const verifyStart = performance.now();
    const verification = await verifyLedger(f.db);
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    const balanceStart = performance.now();
    await balanceAt(f.db, payable.id, new Date(START + (TRANSFERS / 2) * 10));
    const balanceMs = performance.now() - balanceStart;
    const firstPage = await accountStatement(f.db, payable.id, { limit: 100 });
    const pageStart = performance.now();
    await accountStatement(f.db, payable.id, { limit: 100, after: firstPage.next! });
    const pageMs = performance.now() - pageStart;

    console.log(
      [
        (GROUP > 0
          ? `${backend}: ${TRANSFERS.toLocaleString('en')} single payouts from ${GROUP} concurrent requesters, group commit (batches ≤ ${BATCH}): `
          : `${backend}: ${TRANSFERS.toLocaleString('en')} payouts in batches of ${BATCH}, ${clientCount} client(s): `) +
          `${seconds.toFixed(1)} s, ${Math.round(TRANSFERS / seconds).toLocaleString('en')} transfers/s; ` +
          `${GROUP > 0 ? 'request' : 'batch'} p50 ${percentile(latenciesMs, 0.5).toFixed(1)} ms, p99 ${percentile(latenciesMs, 0.99).toFixed(1)} ms; ` +
          `retries ${retries}; refused ${refused}`,
        `  verifyLedger: ${verifySeconds.toFixed(2)} s (${verification.ok ? 'ok' : `${verification.problems.length} problems`}, ` +
          `${verification.transferCount.toLocaleString('en')} transfers, ${verification.accountCount} accounts)`,
        `  balanceAt on the busiest account (${(TRANSFERS / 2).toLocaleString('en')} transfers before the date): ${balanceMs.toFixed(0)} ms; ` +
          `a statement page (100 entries): ${pageMs.toFixed(1)} ms; database ${(await f.sizeMiB()).toFixed(0)} MiB; ` +
          `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      ].join('\n'),
    );
    if (!verification.ok) process.exitCode = 1;
  } finally {
    await f.dispose();
  }
}

console.log(
  `ledger benchmark: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
for (const backend of BACKENDS) await run(backend);
