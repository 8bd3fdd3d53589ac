/**
 * Benchmark: the Bono deposit export (`exportDeposits`, src/bono/deposits.ts) — one pain.001.001.03
 * file per bank, a bono_deposit row and a pending ledger transfer per deposit.
 *
 *   node --import tsx bench/bono-deposits.bench.ts [--persons 200000] [--batch 16000]
 *        [--backend postgres|pglite] [--server postgres://postgres@127.0.0.1:5432/postgres] [--validate]
 *
 * On a fresh database (a new database on the server, dropped afterwards; or PGlite in a temporary
 * folder): `--persons` persons, all entitled by deposit in one approved round, over the eight banks
 * of src/bono/parameters/operations.yaml — persons, round and entitlements written directly by SQL,
 * the payable account funded through the ledger as `approveRound` does. Then times
 * `exportDeposits` end to end (count, reservation, COPY, ledger, file writing, recording) and
 * prints deposits per second, the share of the time spent inside the ledger's `createTransfers`
 * and in the COPY, the CPU time of this process and (on a local PostgreSQL server) of the server
 * processes serving the export — on a machine shared with other work, deposits per CPU second say
 * more than the wall clock — the files' size, and peak RSS. `--validate` adds XSD validation of every file
 * (../shared/testdata/iso20022/schemas), which holds about three times a file in memory.
 * The backend defaults to PostgreSQL when DATABASE_URL or --server is given, else PGlite.
 *
 * `--country` exports instead the deposits of the bench country's approved round (11.7 M persons,
 * about 527,000 deposit entitlements; bench/country.ts, and bench/bono-payouts.bench.ts makes and
 * approves the round and pays some at counters), on a copy of that database made for the run
 * (CREATE DATABASE … TEMPLATE, dropped afterwards): the export's queries meet a registry and
 * entitlement tables of their real size.
 *
 * `--floor` first times, on the same database, the three things any design of the export must do
 * for each deposit, without the ledger: read it (the export's own candidate query, page by page),
 * record it (COPY of its bono_deposit row into a copy of the table with the same indexes) and write
 * it (the pain.001 files, from those rows). Their CPU time, this process's and the server's, bounds
 * the deposits per second that two cores could reach even if everything overlapped perfectly.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureBonoAccounts } from '../src/bono/bono.accounts.ts';
import {
  type CandidateRow,
  candidatePage,
  copyDeposits,
  type NewDepositRow,
} from '../src/bono/deposits.repository.ts';
import { depositEndToEndId, exportDeposits } from '../src/bono/deposits.ts';
import { depositDebtor } from '../src/bono/operations.ts';
import type { Database, Sql } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open.ts';
import { type Pain001CreditTransfer, writePain001File } from '../src/interchange/iso20022/index.ts';
import { BOB_LEDGER, createTransfers, verifyLedger } from '../src/ledger/index.ts';

function arg(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const PERSONS = Number(arg('persons', '200000'));
const BATCH = Number(arg('batch', '16000'));
const SERVER = arg('server', process.env.DATABASE_URL || undefined);
const BACKEND = arg('backend', SERVER ? 'postgres' : 'pglite')!;
const VALIDATE = process.argv.includes('--validate');
const FLOOR = process.argv.includes('--floor');
/** Export the bench country's own round (bench/country.ts, bench/bono-payouts.bench.ts) on a copy. */
const COUNTRY = process.argv.includes('--country');
const PEOPLE = Number(arg('people', '11700000'));
const AT = new Date('2020-12-02T13:00:00Z');
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
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: dir });
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
  // Read into the page cache, as a server that has been running holds them.
  await db.exec('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
  await db.query(
    `SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c
     WHERE c.relname IN ('person', 'person_pkey', 'bono_entitlement', 'bono_entitlement_pkey', 'bono_payment', 'source_bank_account')`,
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
  if (BACKEND === 'pglite') {
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
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
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: dir });
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

/** Wraps a Sql so that the time spent in the ledger's statements and in COPY is measured. */
function timed(db: Database, times: { copyMs: number; ledgerMs: number }): Database {
  const wrap = (sql: Sql): Sql => ({
    query: async (text, params) => {
      const start = performance.now();
      try {
        return await sql.query(text, params);
      } finally {
        if (/ledger_(account|transfer|unique_key)/.test(text)) times.ledgerMs += performance.now() - start;
      }
    },
    exec: (text) => sql.exec(text),
    copyFrom: async (copySql, chunks) => {
      const start = performance.now();
      try {
        await sql.copyFrom(copySql, chunks);
      } finally {
        times.copyMs += performance.now() - start;
      }
    },
  });
  return {
    ...wrap(db),
    backend: db.backend,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

/**
 * CPU seconds used so far by the server processes serving this database (user + system, from
 * /proc; only when the server runs on this machine). Processes that ended are not counted, so
 * this is a lower bound; the pool keeps its connections open while the export is busy.
 */
async function serverCpuSeconds(db: Database): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (db.backend !== 'postgres') return out;
  const rows = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const tick = 100; // USER_HZ on Linux
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / tick);
    } catch {
      // not on this machine, or already gone
    }
  }
  return out;
}

function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU seconds of this process and of the server's processes for this database, so far. */
async function cpuNow(db: Database): Promise<{ node: number; server: Map<number, number> }> {
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1e6, server: await serverCpuSeconds(db) };
}

async function cpuSince(db: Database, before: { node: number; server: Map<number, number> }) {
  const after = await cpuNow(db);
  let server = 0;
  for (const [pid, seconds] of after.server) server += seconds - (before.server.get(pid) ?? 0);
  return { node: after.node - before.node, server };
}

/**
 * The floor (see --floor above): read, record and write every deposit, each step alone, and the
 * best rate two cores could reach if the three overlapped perfectly. Leaves the round untouched:
 * the rows go to a scratch copy of bono_deposit, dropped afterwards.
 */
async function floor(db: Database, roundId: number, dir: string): Promise<void> {
  const filter = {
    roundId,
    day: '2020-12-02',
    banks: BANKS,
    accountReasonCodes: [],
    deceasedReasonCodes: [],
  };
  const steps: { name: string; wall: number; node: number; server: number }[] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const before = await cpuNow(db);
    const t0 = performance.now();
    const out = await run();
    const wall = (performance.now() - t0) / 1000;
    steps.push({ name, wall, ...(await cpuSince(db, before)) });
    return out;
  };
  const rows = await step('read (candidate pages)', async () => {
    const all: CandidateRow[] = [];
    for (let after = 0n; ; ) {
      const page = await candidatePage(db, filter, after, BATCH);
      if (page.upto === undefined) return all;
      all.push(...page.rows);
      after = page.upto;
    }
  });
  // The same table, indexes and checks as bono_deposit, under another name.
  await db.exec(
    'DROP TABLE IF EXISTS bench_deposit_floor; CREATE TABLE bench_deposit_floor (LIKE bono_deposit INCLUDING ALL)',
  );
  const fileOf = new Map(BANKS.map((bic, i) => [bic, i + 1]));
  const deposits: NewDepositRow[] = rows.map((r) => {
    const endToEndId = depositEndToEndId(roundId, fileOf.get(r.bank_bic)!, r.person_id);
    return {
      endToEndId,
      fileId: fileOf.get(r.bank_bic)!,
      roundId,
      personId: r.person_id,
      bankBic: r.bank_bic,
      accountNumber: r.account_number,
      amountCentavos: r.amount_centavos,
      sentTransferId: `bono:deposits-sent:${endToEndId}`,
    };
  });
  await step('record (COPY of the bono_deposit rows)', async () => {
    for (let i = 0; i < deposits.length; i += BATCH) {
      const page = deposits.slice(i, i + BATCH);
      await db.transaction(async (tx) => {
        const scratch: typeof tx = {
          ...tx,
          copyFrom: (copySql, chunks) =>
            tx.copyFrom(copySql.replace('COPY bono_deposit ', 'COPY bench_deposit_floor '), chunks),
        };
        await copyDeposits(scratch, page);
      });
    }
  });
  await db.exec('DROP TABLE bench_deposit_floor');
  await step('write (pain.001 files)', async () => {
    const debtor = depositDebtor('2020-12-02');
    for (const bic of BANKS) {
      const lines: Pain001CreditTransfer[] = [];
      let sum = 0n;
      rows.forEach((r, i) => {
        if (r.bank_bic !== bic) return;
        sum += r.amount_centavos;
        lines.push({
          endToEndId: deposits[i]!.endToEndId,
          amountCentavos: r.amount_centavos,
          creditorName: r.creditor_name,
          creditorAccountId: r.account_number,
          creditorIdentityNumber: r.identity,
        });
      });
      const written = await writePain001File(
        path.join(dir, `floor-${bic}.xml`),
        {
          messageId: `FLOOR-${bic}`,
          creationDateTime: '2020-12-02T09:00:00-04:00',
          paymentInformationId: `FLOOR-${bic}-1`,
          requestedExecutionDate: '2020-12-02',
          debtor,
          creditorAgent: { bic },
          expectedTransactionCount: lines.length,
          expectedControlSumCentavos: sum,
          defaultRemittanceText: 'Bono Contra el Hambre - Ley 1330, DS 4392',
          categoryPurposeCode: 'GOVT',
        },
        [lines],
        { overwrite: true },
      );
      if (!written.ok) throw new Error(`floor file for ${bic}: ${written.error.message}`);
      await rm(path.join(dir, `floor-${bic}.xml`));
    }
  });
  let cpu = 0;
  for (const s of steps) {
    cpu += s.node + s.server;
    console.log(
      `  floor, ${s.name}: ${s.wall.toFixed(2)} s wall, CPU ${s.node.toFixed(2)} s here + ${s.server.toFixed(2)} s server`,
    );
  }
  console.log(
    `  floor: ${rows.length.toLocaleString('en')} deposits read, recorded and written with ${cpu.toFixed(2)} CPU s, ` +
      `${((cpu / rows.length) * 1e6).toFixed(1)} µs each: at most ${Math.round(rows.length / (cpu / os.cpus().length)).toLocaleString('en')} deposits/s ` +
      `on ${os.cpus().length} cores if everything overlapped perfectly, before any ledger work`,
  );
}

async function main() {
  console.log(
    `bono deposit export benchmark: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const copy = COUNTRY ? await countryCopy() : undefined;
  const f = copy ?? (await fresh());
  try {
    const buildStart = performance.now();
    const roundId = copy ? copy.roundId : await buildRound(f.db);
    if (!copy)
      console.log(
        `${BACKEND}: ${PERSONS.toLocaleString('en')} deposit entitlements over ${BANKS.length} banks built in ${((performance.now() - buildStart) / 1000).toFixed(1)} s`,
      );
    if (FLOOR && !copy) await floor(f.db, roundId, f.dir);
    const times = { copyMs: 0, ledgerMs: 0 };
    const db = timed(f.db, times);
    const serverBefore = await serverCpuSeconds(f.db);
    const cpuStart = process.cpuUsage();
    const phases = new Map<string, number>();
    const start = performance.now();
    const result = await exportDeposits(db, {
      roundId,
      outDir: path.join(f.dir, 'out'),
      at: AT,
      actor: 'account:bench.checker',
      batchSize: BATCH,
      ...(VALIDATE ? { schemaPath: schemasDir } : {}),
      // When each phase began, to show where the wall-clock time goes.
      onProgress: (p) => {
        if (!phases.has(p.phase)) phases.set(p.phase, performance.now() - start);
      },
    });
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const serverAfter = await serverCpuSeconds(f.db);
    let serverSeconds = 0;
    for (const [pid, seconds] of serverAfter) serverSeconds += seconds - (serverBefore.get(pid) ?? 0);
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
      `  waiting on the ledger's statements ${(times.ledgerMs / 1000).toFixed(1)} s and on the COPY of bono_deposit ${(times.copyMs / 1000).toFixed(1)} s ` +
        `(two pages overlap, so these add up to more than the wall clock); this process used ${nodeCpuSeconds.toFixed(1)} CPU s ` +
        `(${Math.round(result.sent / nodeCpuSeconds).toLocaleString('en')} deposits per CPU second); batch ${BATCH}; peak RSS ${peakRssMiB().toFixed(0)} MiB`,
    );
    if (serverAfter.size > 0)
      console.log(
        `  the database server's processes used at least ${serverSeconds.toFixed(1)} CPU s; this process and the server together: ` +
          `${Math.round(result.sent / (nodeCpuSeconds + serverSeconds)).toLocaleString('en')} deposits per CPU second`,
      );
    const verifyStart = performance.now();
    const verified = await verifyLedger(f.db);
    console.log(
      `  verifyLedger: ${verified.ok ? 'ok' : 'FAILED'} in ${((performance.now() - verifyStart) / 1000).toFixed(1)} s`,
    );
    if (!verified.ok) process.exitCode = 1;
  } finally {
    await f.dispose();
  }
}

await main();
