/**
 * Benchmark: the nominal registry under load (issue #18 §13: ≥ 2,000 dose records/s).
 *
 *   node --import tsx bench/vaccination-doses.bench.ts [--people 1000000] [--sites 20]
 *        [--doses 5000] [--clients 128] [--connections 32]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep] [--trace] [--floor-statements 12]
 *
 * On a copy of the bench country (bench/vaccination-kit.ts), `--sites` walk-in sites in La Paz
 * each hold a Sinopharm lot; `--doses` adults each get a first dose recorded through `recordDose`
 * (the person found by CI, complemento and date of birth, the rules' checks, one dose out of the
 * site's stock on the ledger, the record, the day's counter, the audit entry) on Tuesday 6 Jul 2021,
 * `--clients` in flight on a pool of `--connections`, the vaccinators of a site side by side.
 * Prints the records per second and the refusals, then checks that every dose moved the stock
 * once: the ledger verified, no stock negative, the doses given on the ledger equal to the records.
 */
import { verifyLedger } from '../src/ledger/index.ts';
import { type Lot, recordDose, stockAt } from '../src/vaccination/index.ts';
import { arg, flag } from './country.ts';
import {
  ACTOR,
  adults,
  benchCopy,
  concurrently,
  cpuLine,
  cpuMeter,
  deskFloor,
  stockedSite,
  traced,
} from './vaccination-kit.ts';

const PEOPLE = Number(arg('people', '1000000'));
const SITES = Number(arg('sites', '20'));
const DOSES = Number(arg('doses', '5000'));
const CLIENTS = Number(arg('clients', '128'));
const CONNECTIONS = Number(arg('connections', '32'));
const FLOOR_STATEMENTS = Number(arg('floor-statements', '12'));
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const DAY = '2021-07-06';

const copy = await benchCopy(PEOPLE, 'doses', SERVER, CONNECTIONS);
const { db } = copy;
// --trace: the requests go through a database that times every statement (the profile printed last).
const tracing = flag('trace') ? traced(db) : null;
const requestDb = tracing?.db ?? db;
const perSite = Math.ceil(DOSES / SITES);
const lots: Lot[] = [];
for (let s = 0; s < SITES; s++)
  lots.push(await stockedSite(db, `bench-${s}`, 'sinopharm', perSite * 2, BigInt(perSite * 2)));
const people = await adults(db, DOSES);
const at = new Date(`${DAY}T15:00:00Z`);

const refusals = new Map<string, number>();
let recorded = 0;
const meter = await cpuMeter(db);
const seconds = await concurrently(DOSES, CLIENTS, async (i) => {
  const site = i % SITES;
  const r = await recordDose(requestDb, {
    person: people[i]!,
    product: 'sinopharm',
    lotId: lots[site]!.id,
    site: `bench-${site}`,
    givenOn: DAY,
    doseNumber: 1,
    idempotencyKey: `bench-${i}`,
    actor: ACTOR,
    recordedAt: at,
  });
  if (r.ok) recorded++;
  else refusals.set(r.error.code, (refusals.get(r.error.code) ?? 0) + 1);
});
const cpu = await meter.stop();

const ledger = await verifyLedger(db);
const lines = await stockAt(db);
const negative = lines.ok ? lines.value.filter((l) => l.availableDoses < 0n).length : -1;
const left = lines.ok ? lines.value.reduce((s, l) => s + l.availableDoses, 0n) : -1n;
const [rows] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM vaccination_dose');
console.log(
  `doses: ${DOSES.toLocaleString('en')} first doses at ${SITES} sites, ${CLIENTS} in flight on ${CONNECTIONS} connections, ${PEOPLE.toLocaleString('en')}-person country`,
);
console.log(
  `  ${seconds.toFixed(2)} s: ${recorded.toLocaleString('en')} recorded = ${(recorded / seconds).toFixed(0)} dose records/s`,
);
console.log(`  refused: ${[...refusals].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
console.log(
  `  records in the registry ${rows!.n.toLocaleString('en')}, stock left ${left} of ${perSite * 2 * SITES} (negative lines: ${negative}), ledger ${ledger.ok ? 'verified' : 'NOT verified'}`,
);
console.log(cpuLine(cpu, DOSES));
if (tracing) console.log(tracing.trace.report(DOSES));
// The floor, in the same run: the desk's lanes and batches, each batch --floor-statements round trips doing nothing.
const floor = await deskFloor(db, DOSES, CLIENTS, 4, FLOOR_STATEMENTS);
console.log(
  `  floor (4 lanes, batches of ${FLOOR_STATEMENTS} × SELECT 1 and the commit, same in flight): ${floor.rate.toFixed(0)} requests/s, a round trip ${floor.roundTripMs.toFixed(1)} ms; the desk answered at ${((100 * DOSES) / seconds / floor.rate).toFixed(0)} % of it`,
);
await copy.finish(flag('keep'));
if (!ledger.ok || negative !== 0 || rows!.n !== recorded || left !== BigInt(perSite * 2 * SITES - recorded))
  process.exitCode = 1;
