/**
 * Benchmark: the wealth tax (issue #20 §9: assess ≥ 10,000 declarations/s in memory and ≥ 1,000/s
 * stored; a 1 M-household simulation scenario in under 10 s). One script for all of it.
 *
 *   node --import tsx bench/wealth-tax.ts [--memory 20000] [--stored 2000] [--single 300]
 *        [--clients 4] [--households 1000000] [--skip-stored]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--embedded]
 *
 * 1. In memory: `--memory` declarations (a house, a US-dollar account abroad, household goods, a
 *    debt) assessed by `evaluateDeclaration` — the path every filing takes: facts (schema and the
 *    currency conversion), rules bound for the day (cached), tax, deadline past non-working days,
 *    fine — after a warm-up of a tenth; and the two halves apart (facts, evaluation).
 * 2. Stored, on a fresh database on the server (dropped afterwards) — or, with `--embedded`, on the
 *    embedded back end in a fresh data directory (removed afterwards; its server's CPU is not read,
 *    only this process's) — each taxpayer registered with a residence beforehand (not timed):
 *    - one filing per transaction: `--single` filings by `fileDeclaration` from `--clients`
 *      concurrent callers (the web form's and the API's way);
 *    - batched: `--stored` filings by `fileDeclarations` in batches of 500, one transaction per
 *      batch (the import's way: multi-row inserts, one ledger call, one audit entry per batch);
 *    - one import: the same number as a CSV through `importDeclarations` (parsing, quarantine,
 *      the import's record, then the batch).
 *    Each reports filings per second of wall time, and CPU-seconds per 1,000 filings of this
 *    process and of the database server's backends for this database (from /proc), so a figure
 *    taken on a loaded machine can still be compared.
 * 3. The revenue simulation: tails fitted for `--households` households and the five reform
 *    scenarios run over them; seconds.
 *
 * Every figure prints the machine's load: on the shared 2-core machine wall-clock rates depend on
 * what the other processes do; the CPU-seconds do much less.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { declarationFacts, evaluate, igf, tryBind } from '../src/rules/index.ts';
import {
  DECLARATION_CSV_HEADER,
  evaluateDeclaration,
  type FilingInput,
  fileDeclaration,
  fileDeclarations,
  importDeclarations,
  recordResidence,
  registerTaxpayer,
} from '../src/wealth-tax/index.ts';
import { fitTails, reformScenarios, simulate } from '../src/wealth-tax/simulation.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const MEMORY = Number(arg('memory', '20000'));
const STORED = Number(arg('stored', '2000'));
const SINGLE = Number(arg('single', '300'));
const CLIENTS = Number(arg('clients', '4'));
const HOUSEHOLDS = Number(arg('households', '1000000'));
const SKIP_STORED = process.argv.includes('--skip-stored');
const EMBEDDED = process.argv.includes('--embedded');
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const AT = new Date('2021-03-20T14:00:00Z');
const FILED_ON = '2021-03-20';

/** A declaration; most are over Bs 30 M net and owe tax, the rest fall under the threshold. */
function declaration(i: number) {
  return {
    assets: [
      {
        description: 'Inmueble',
        category: 'real_estate',
        location: 'bolivia',
        market_value: 20_000_000 + (i % 997) * 10_000,
      },
      {
        description: 'Cuenta',
        category: 'deposits_and_credits',
        location: 'abroad',
        market_value: `USD ${1_000_000 + (i % 101) * 10_000}`,
      },
      { description: 'Menaje', category: 'household_goods', location: 'bolivia', market_value: 500_000 },
    ],
    debts: [
      {
        description: 'Préstamo',
        lender: 'asfi_regulated',
        location: 'bolivia',
        outstanding_principal: 1_000_000,
      },
    ],
  };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** CPU-seconds this process has used. */
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function inMemory(): {
  perSecond: number;
  cpuPer1000: number;
  facts: number;
  evaluation: number;
  taxed: number;
} {
  for (let i = 0; i < MEMORY / 10; i++) evaluateDeclaration(declaration(i), 2020, 365, FILED_ON);
  let taxed = 0;
  const cpu0 = ownCpu();
  let t = performance.now();
  for (let i = 0; i < MEMORY; i++) {
    const ev = evaluateDeclaration(declaration(i), 2020, 365, FILED_ON);
    if (!ev.ok) throw new Error(JSON.stringify(ev.error));
    if ((ev.value.value('igf_tax_centavos') as bigint) > 0n) taxed++;
    ev.value.value('igf_fine_centavos');
    ev.value.value('igf_filing_deadline');
  }
  const seconds = (performance.now() - t) / 1000;
  const cpu = ownCpu() - cpu0;
  if (taxed === 0) throw new Error('nothing assessed');
  // The halves apart: the rules bound once for the day, as evaluateDeclaration's cache does.
  const bound = tryBind(igf, { date: FILED_ON, parameterDate: '2020-12-31' });
  if (!bound.ok) throw new Error(JSON.stringify(bound.error));
  t = performance.now();
  const facts = [];
  for (let i = 0; i < MEMORY; i++) {
    const f = declarationFacts({
      fortune_year: 2020,
      days_in_bolivia_last_12_months: 365,
      ...declaration(i),
    });
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    facts.push(f.value);
  }
  const factsSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  for (const f of facts) evaluate(bound.value, f).value('igf_filing_deadline');
  const evalSeconds = (performance.now() - t) / 1000;
  return {
    perSecond: MEMORY / seconds,
    cpuPer1000: (cpu / MEMORY) * 1000,
    facts: MEMORY / factsSeconds,
    evaluation: MEMORY / evalSeconds,
    taxed,
  };
}

/** CPU-seconds used so far by the server's backends of a database (Linux /proc; 0 where unreadable). */
async function serverCpu(admin: pg.Client | null, database: string): Promise<Map<number, number>> {
  if (!admin) return new Map();
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  const tick = 100; // USER_HZ on Linux
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / tick);
    } catch {
      // Not on this machine, or gone: counted as nothing.
    }
  }
  return out;
}

function serverCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, cpu] of after) s += cpu - (before.get(pid) ?? 0);
  return s;
}

interface StoredFigure {
  label: string;
  count: number;
  seconds: number;
  ownCpu: number;
  serverCpu: number;
}

async function timed(
  admin: pg.Client | null,
  database: string,
  label: string,
  count: number,
  run: () => Promise<void>,
): Promise<StoredFigure> {
  const server0 = await serverCpu(admin, database);
  const cpu0 = ownCpu();
  const t = performance.now();
  await run();
  const seconds = (performance.now() - t) / 1000;
  const own = ownCpu() - cpu0;
  const server = serverCpuSpent(server0, await serverCpu(admin, database));
  return { label, count, seconds, ownCpu: own, serverCpu: server };
}

async function registerAll(db: Database, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const r = await registerTaxpayer(
      db,
      {
        nit: nit(i),
        fullName: `Contribuyente ${i}`,
        passport: { number: `P${1_000_000 + i}`, country: 'US' },
        departmentCode: 7,
      },
      'account:bench',
      AT,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const d = await recordResidence(
      db,
      { nit: nit(i), fortuneYear: 2020, daysInBolivia: 300 },
      'account:bench',
      AT,
    );
    if (!d.ok) throw new Error(JSON.stringify(d.error));
  }
}

const nit = (i: number) => String(10_000_000 + i);
const filing = (i: number, key: string): FilingInput => ({
  nit: nit(i),
  fortuneYear: 2020,
  filedOn: FILED_ON,
  declaration: declaration(i),
  filingKey: key,
});

async function stored(): Promise<StoredFigure[]> {
  const name = `ayni_bench_wealth_tax_${process.pid}`;
  const admin = EMBEDDED ? null : new pg.Client({ connectionString: SERVER });
  const dataDir = EMBEDDED ? await mkdtemp(path.join(os.tmpdir(), 'ayni-bench-wealth-tax-')) : os.tmpdir();
  let db: Database;
  if (admin) {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir });
  } else db = await openBenchDatabase({ databaseUrl: undefined, dataDir });
  const figures: StoredFigure[] = [];
  try {
    await registerAll(db, 0, SINGLE + 2 * STORED);
    let next = 0;
    figures.push(
      await timed(admin, name, `one filing per transaction, ${CLIENTS} clients`, SINGLE, async () => {
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            for (let i = next++; i < SINGLE; i = next++) {
              const r = await fileDeclaration(db, filing(i, `single:${i}`), 'account:bench', AT);
              if (!r.ok) throw new Error(JSON.stringify(r.error));
            }
          }),
        );
      }),
    );
    figures.push(
      await timed(admin, name, 'batched, 500 per transaction', STORED, async () => {
        for (let from = SINGLE; from < SINGLE + STORED; from += 500) {
          const batch = [];
          for (let i = from; i < Math.min(from + 500, SINGLE + STORED); i++)
            batch.push(filing(i, `batch:${i}`));
          for (const r of await fileDeclarations(db, batch, 'account:bench', AT))
            if (!r.ok) throw new Error(JSON.stringify(r.error));
        }
      }),
    );
    const lines = [DECLARATION_CSV_HEADER.join(',')];
    for (let i = SINGLE + STORED; i < SINGLE + 2 * STORED; i++) {
      const key = `import:${i}`;
      const d = declaration(i);
      lines.push(
        `${nit(i)},2020,${FILED_ON},${key},,asset,Inmueble,real_estate,bolivia,,,${d.assets[0]!.market_value},,,`,
        `${nit(i)},2020,${FILED_ON},${key},,asset,Cuenta,deposits_and_credits,abroad,,USD,${String(d.assets[1]!.market_value).slice(4)},,,`,
        `${nit(i)},2020,${FILED_ON},${key},,asset,Menaje,household_goods,bolivia,,,500000,,,`,
        `${nit(i)},2020,${FILED_ON},${key},,debt,Préstamo,asfi_regulated,bolivia,,,1000000,,,`,
      );
    }
    figures.push(
      await timed(admin, name, 'one import (CSV, one transaction)', STORED, async () => {
        const r = await importDeclarations(
          db,
          { fileName: 'bench.csv', content: lines.join('\n') },
          'account:bench',
          AT,
        );
        if (!r.ok || r.value.declarationsFiled !== STORED) throw new Error(JSON.stringify(r));
      }),
    );
    return figures;
  } finally {
    await db.close();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    } else await rm(dataDir, { recursive: true, force: true });
  }
}

function simulation(): { seconds: number; payers: number; revenueBolivianos: number } {
  const started = performance.now();
  const results = simulate(fitTails(HOUSEHOLDS), reformScenarios());
  return {
    seconds: (performance.now() - started) / 1000,
    payers: results[0]!.payers,
    revenueBolivianos: results[0]!.revenueCentavos / 100,
  };
}

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${load()}; stored on ${EMBEDDED ? 'the embedded back end' : 'the PostgreSQL server'}`,
);
const m = inMemory();
console.log(
  `in memory: ${Math.round(m.perSecond)} declarations assessed per second (${MEMORY}, ${m.taxed} owing tax), ` +
    `${m.cpuPer1000.toFixed(3)} CPU-s per 1,000 (${Math.round(1000 / m.cpuPer1000)} per CPU-second); ` +
    `halves: facts ${Math.round(m.facts)}/s, evaluation ${Math.round(m.evaluation)}/s; load ${load()}`,
);
const s = simulation();
console.log(
  `simulation: ${HOUSEHOLDS} households, 5 scenarios in ${s.seconds.toFixed(2)} s (law: ${s.payers} payers, Bs ${s.revenueBolivianos.toFixed(0)}); load ${load()}`,
);
if (!SKIP_STORED)
  for (const f of await stored())
    console.log(
      `stored, ${f.label}: ${Math.round(f.count / f.seconds)} filings per second (${f.count} in ${f.seconds.toFixed(2)} s); ` +
        `CPU-s per 1,000: this process ${((f.ownCpu / f.count) * 1000).toFixed(2)}, database ${((f.serverCpu / f.count) * 1000).toFixed(2)}; load ${load()}`,
    );
