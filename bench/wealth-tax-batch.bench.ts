/**
 * Benchmark: the wealth tax's assessment split and batched (issue #20 §9, the targets of 10,000
 * declarations/s in memory and 1,000/s stored).
 *
 *   node --import tsx bench/wealth-tax-batch.bench.ts [--memory 5000] [--stored 1000]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres]
 *
 * 1. In memory, the two halves apart: turning a declaration into facts (the rules' schema and the
 *    currency conversion) and evaluating the bound rules (tax, fine, deadline with its holiday
 *    check). The rules are bound once per day (src/rules/bind.ts caches them), so the deadline's
 *    parameters are read once, not per declaration.
 * 2. Stored, batched: `--stored` declarations in one CSV imported by `importDeclarations` — one
 *    transaction and one lock for the whole file instead of one per filing — against the
 *    one-transaction-per-filing rate of bench/wealth-tax.ts.
 */
import os from 'node:os';
import pg from 'pg';
import { bind, declarationFacts, evaluate, igf } from '../src/rules/index.ts';
import {
  DECLARATION_CSV_HEADER,
  importDeclarations,
  recordResidence,
  registerTaxpayer,
} from '../src/wealth-tax/index.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const MEMORY = Number(arg('memory', '5000'));
const STORED = Number(arg('stored', '1000'));
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const AT = new Date('2021-03-20T14:00:00Z');

const declaration = (i: number) => ({
  fortune_year: 2020,
  days_in_bolivia_last_12_months: 365,
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
  ],
  debts: [
    {
      description: 'Préstamo',
      lender: 'asfi_regulated',
      location: 'bolivia',
      outstanding_principal: 1_000_000,
    },
  ],
});

function inMemory(): { facts: number; evaluate: number; both: number } {
  const bound = bind(igf, { date: '2021-04-10', parameterDate: '2020-12-31' });
  // Warm up the JIT on a tenth, then measure.
  for (let i = 0; i < MEMORY / 10; i++) {
    const f = declarationFacts(declaration(i));
    if (f.ok) evaluate(bound, f.value).value('igf_filing_deadline');
  }
  let t = performance.now();
  const facts = [];
  for (let i = 0; i < MEMORY; i++) {
    const f = declarationFacts(declaration(i));
    if (!f.ok) throw new Error(JSON.stringify(f.error));
    facts.push(f.value);
  }
  const factsSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  let sum = 0n;
  for (const f of facts) {
    const ev = evaluate(bound, f);
    sum += (ev.value('igf_tax_centavos') as bigint) + (ev.value('igf_fine_centavos') as bigint);
    ev.value('igf_filing_deadline');
  }
  const evalSeconds = (performance.now() - t) / 1000;
  if (sum === 0n) throw new Error('nothing assessed');
  return {
    facts: MEMORY / factsSeconds,
    evaluate: MEMORY / evalSeconds,
    both: MEMORY / (factsSeconds + evalSeconds),
  };
}

async function storedBatch(): Promise<{ perSecond: number; seconds: number }> {
  const name = `ayni_wealth_tax_batch_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = await openBenchDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  try {
    const nit = (i: number) => String(20_000_000 + i);
    for (let i = 0; i < STORED; i++) {
      const r = await registerTaxpayer(
        db,
        {
          nit: nit(i),
          fullName: `Contribuyente ${i}`,
          passport: { number: `P${2_000_000 + i}`, country: 'US' },
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
    const lines = [DECLARATION_CSV_HEADER.join(',')];
    for (let i = 0; i < STORED; i++) {
      const key = `batch:${i}`;
      lines.push(
        `${nit(i)},2020,2021-03-20,${key},,asset,Inmueble,real_estate,bolivia,,,${20_000_000 + (i % 997) * 10_000},,,`,
      );
      lines.push(
        `${nit(i)},2020,2021-03-20,${key},,asset,Cuenta,deposits_and_credits,abroad,,USD,${1_000_000 + (i % 101) * 1000},,,`,
      );
      lines.push(`${nit(i)},2020,2021-03-20,${key},,debt,Préstamo,asfi_regulated,bolivia,,,1000000,,,`);
    }
    const started = performance.now();
    const r = await importDeclarations(
      db,
      { fileName: 'bench.csv', content: lines.join('\n') },
      'account:bench',
      AT,
    );
    const seconds = (performance.now() - started) / 1000;
    if (!r.ok || r.value.declarationsFiled !== STORED) throw new Error(JSON.stringify(r));
    return { perSecond: STORED / seconds, seconds };
  } finally {
    await db.close();
    const a = new pg.Client({ connectionString: SERVER });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  }
}

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const m = inMemory();
console.log(
  `in memory (${MEMORY}): facts ${Math.round(m.facts)}/s, evaluation ${Math.round(m.evaluate)}/s, both ${Math.round(m.both)}/s`,
);
const s = await storedBatch();
console.log(
  `stored, one import: ${Math.round(s.perSecond)} declarations filed and assessed per second (${STORED} in ${s.seconds.toFixed(1)} s)`,
);
