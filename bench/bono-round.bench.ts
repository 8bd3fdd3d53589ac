/**
 * Benchmark: freezing a Bono round over a whole synthetic country on PostgreSQL, against a bare
 * `INSERT … SELECT` of the same rows in the same run (issue 4: within 2 ×).
 *
 *   node --import tsx bench/bono-round.bench.ts [--people 11700000]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--date 2020-12-01] [--fresh]
 *
 * The country is built once by bench/country.ts and kept. Each run:
 *   bare    CREATE TABLE … (the entitlement columns) + INSERT … SELECT of the compiled rules,
 *           the same query createRound runs, into an unindexed table: the floor for writing the rows;
 *   freeze  createRound: the same INSERT into bono_entitlement (primary key and person index),
 *           control totals, the content hash over every row, the round row and its audit entry.
 * Rounds and entitlements are removed between runs (the benchmark owns its database).
 */
import { createRound } from '../src/bono/index.ts';
import { arg, flag, openBenchCountry, seconds } from './country.ts';

const people = Number(arg('people', '11700000'));
const server = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const asOf = arg('date', '2020-12-01');

const { db } = await openBenchCountry(people, server, flag('fresh'));
// A regular round stands alone (createRound refuses a second), so the benchmark needs a database
// without one; it removes only what it creates.
const [standing] = await db.query<{ id: number }>(
  `SELECT id::int AS id FROM bono_round WHERE kind = 'regular' AND status <> 'rejected'`,
);
if (standing) {
  console.error(
    `round ${standing.id} stands in this bench database (bench/bono-payouts.bench.ts keeps one): rerun with --fresh, which rebuilds the country.`,
  );
  process.exit(2);
}
async function clean(roundId?: number): Promise<void> {
  // The audit trail refuses deletions by design; this database is the benchmark's own, so it
  // removes its round with the triggers switched off for this session only.
  await db.exec(`SET session_replication_role = replica;
    ${roundId ? `DELETE FROM bono_entitlement WHERE round_id = ${roundId}; DELETE FROM bono_round WHERE id = ${roundId};` : ''}
    DROP TABLE IF EXISTS bench_bare;
    SET session_replication_role = DEFAULT;`);
  // Without this the next run inserts into an index holding millions of dead entries of this one,
  // which production never does (a round is frozen once): measured 22.8 s against 16 s.
  if (roundId) await db.exec('VACUUM bono_entitlement');
}
await clean();

// The bare statement: the exact SELECT a round freezes, built the same way createRound builds it.
const { entitlementSelectForBench } = await import('../src/bono/round-freeze.ts');
const select = await entitlementSelectForBench(db, asOf);

let t0 = performance.now();
await db.exec(`CREATE TABLE bench_bare (person_id bigint, amount_centavos bigint, department_code smallint, band text,
  opens_on date, closes_on date, deadline date, channel text, bank_bic text, account_number text)`);
await db.exec(`INSERT INTO bench_bare ${select}`);
const bare = (performance.now() - t0) / 1000;
const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_bare');
console.log(`bare INSERT … SELECT: ${n!.n.toLocaleString('en')} rows in ${bare.toFixed(1)} s`);

t0 = performance.now();
const frozen = await createRound(db, {
  asOf,
  kind: 'regular',
  actor: 'cli:bench',
  at: new Date(),
  onProgress: (s) => console.log(`  freeze: ${s} (${seconds(t0)} s)`),
});
if (!frozen.ok) throw new Error(`the bench round was refused: ${frozen.error.code}`);
const round = frozen.value;
const freeze = (performance.now() - t0) / 1000;
console.log(
  `freeze: ${round.entitlementCount.toLocaleString('en')} entitlements, total Bs ${(round.totalCentavos / 100n).toLocaleString('en')}, hash ${round.contentHash.slice(0, 16)}… in ${freeze.toFixed(1)} s`,
);
if (round.entitlementCount !== n!.n)
  throw new Error('the round and the bare insert wrote different row counts');
console.log(`ratio freeze / bare: ${(freeze / bare).toFixed(2)} (target ≤ 2)`);
await clean(round.id);
await db.close();
