/**
 * Benchmark: the wealth tax (issue #20 §9).
 *
 *   node --import tsx bench/wealth-tax.ts [--memory 20000] [--stored 2000] [--clients 4]
 *        [--households 1000000] [--server postgres://postgres@127.0.0.1:5432/postgres]
 *
 * 1. In memory: `--memory` declarations (three assets, one in US dollars, one debt) turned into
 *    facts and assessed by the rules (tax, deadline, fine), per second.
 * 2. Stored: on a fresh database on the server, `--stored` taxpayers registered with their
 *    residence, then each one's declaration filed and assessed by `fileDeclaration` (row lock,
 *    declaration, assessment, two ledger transfers at most, audit entry, one transaction each) from
 *    `--clients` concurrent callers; filings per second. The database is dropped afterwards.
 * 3. The revenue simulation: tails fitted for `--households` households and the five reform
 *    scenarios run over them; seconds.
 */
import os from 'node:os';
import pg from 'pg';
import { bind, declarationFacts, evaluate, igf } from '../src/rules/index.ts';
import { fileDeclaration, recordResidence, registerTaxpayer } from '../src/wealth-tax/index.ts';
import { fitTails, reformScenarios, simulate } from '../src/wealth-tax/simulation.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const MEMORY = Number(arg('memory', '20000'));
const STORED = Number(arg('stored', '2000'));
const CLIENTS = Number(arg('clients', '4'));
const HOUSEHOLDS = Number(arg('households', '1000000'));
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const AT = new Date('2021-03-20T14:00:00Z');

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
        market_value: `USD ${1_000_000 + (i % 101) * 1000}`,
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

function inMemory(): number {
  const bound = bind(igf, { date: '2021-04-10', parameterDate: '2020-12-31' });
  let sum = 0n;
  const started = performance.now();
  for (let i = 0; i < MEMORY; i++) {
    const facts = declarationFacts({
      fortune_year: 2020,
      days_in_bolivia_last_12_months: 365,
      ...declaration(i),
    });
    if (!facts.ok) throw new Error(JSON.stringify(facts.error));
    const ev = evaluate(bound, facts.value);
    sum += (ev.value('igf_tax_centavos') as bigint) + (ev.value('igf_fine_centavos') as bigint);
    ev.value('igf_filing_deadline');
  }
  const seconds = (performance.now() - started) / 1000;
  if (sum === 0n) throw new Error('nothing assessed');
  return MEMORY / seconds;
}

async function stored(): Promise<{ perSecond: number; seconds: number }> {
  const name = `ayni_wealth_tax_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  try {
    const nit = (i: number) => String(10_000_000 + i);
    for (let i = 0; i < STORED; i++) {
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
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < STORED; i = next++) {
          const r = await fileDeclaration(
            db,
            {
              nit: nit(i),
              fortuneYear: 2020,
              filedOn: '2021-03-20',
              declaration: declaration(i),
              filingKey: `bench:${i}`,
            },
            'account:bench',
            AT,
          );
          if (!r.ok) throw new Error(JSON.stringify(r.error));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: STORED / seconds, seconds };
  } finally {
    await db.close();
    const a = new pg.Client({ connectionString: SERVER });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
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
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`in memory: ${Math.round(inMemory())} declarations assessed per second (${MEMORY})`);
const s = simulation();
console.log(
  `simulation: ${HOUSEHOLDS} households, 5 scenarios in ${s.seconds.toFixed(2)} s (law: ${s.payers} payers, Bs ${s.revenueBolivianos.toFixed(0)})`,
);
const st = await stored();
console.log(
  `stored: ${Math.round(st.perSecond)} declarations filed and assessed per second (${STORED} in ${st.seconds.toFixed(1)} s, ${CLIENTS} clients)`,
);
