/**
 * Benchmark: appointments under contention (issue #18 §13: ≥ 1,000 bookings/s on PostgreSQL with
 * zero overbooked slots).
 *
 *   node --import tsx bench/vaccination-bookings.bench.ts [--people 1000000] [--sites 20]
 *        [--places 250] [--bookings 10000] [--clients 128] [--connections 32]
 *        [--server postgres://postgres@127.0.0.1:5432/postgres] [--keep] [--trace] [--floor-statements 12]
 *
 * On a copy of the bench country (bench/vaccination-kit.ts), `--sites` sites in La Paz each offer
 * `--places` Sinopharm places on Tuesday 6 Jul 2021 (every adult's cohort open), with the doses in
 * stock. `--bookings` adults (more than the places: the sites fill up and the rest are refused
 * `capacity_full`) book at once through `bookAppointment`, `--clients` requests in flight on a pool
 * of `--connections`; each person picks a site by their index, so every site is contended. A
 * booking of a first dose also books the second dose 21 days later at the same site and reserves
 * both doses on the ledger. Prints the bookings per second (booked, and all answers), the refusals
 * by code, and then counts, from the appointments themselves, the slots (site, day, product) with
 * more booked appointments than places — it must print 0 — and verifies the ledger.
 */
import { verifyLedger } from '../src/ledger/index.ts';
import { bookAppointment } from '../src/vaccination/index.ts';
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
const PLACES = Number(arg('places', '250'));
const BOOKINGS = Number(arg('bookings', '10000'));
const CLIENTS = Number(arg('clients', '128'));
const CONNECTIONS = Number(arg('connections', '32'));
const FLOOR_STATEMENTS = Number(arg('floor-statements', '12'));
const SERVER = arg('server', 'postgres://postgres@127.0.0.1:5432/postgres');
const DAY = '2021-07-06';

const copy = await benchCopy(PEOPLE, 'bookings', SERVER, CONNECTIONS);
const { db } = copy;
// --trace: the requests go through a database that times every statement (the profile printed last).
const tracing = flag('trace') ? traced(db) : null;
const requestDb = tracing?.db ?? db;
for (let s = 0; s < SITES; s++) await stockedSite(db, `bench-${s}`, 'sinopharm', PLACES, BigInt(PLACES * 4));
const people = await adults(db, BOOKINGS);
const at = new Date(`${DAY}T12:00:00Z`);

const refusals = new Map<string, number>();
let booked = 0;
const meter = await cpuMeter(db);
const seconds = await concurrently(BOOKINGS, CLIENTS, async (i) => {
  const r = await bookAppointment(requestDb, {
    person: people[i]!,
    site: `bench-${i % SITES}`,
    day: DAY,
    idempotencyKey: `bench-${i}`,
    actor: ACTOR,
    at,
  });
  const refusal = r.ok
    ? r.value.secondDoseRefusal && `second dose: ${r.value.secondDoseRefusal.code}`
    : r.error.code;
  if (r.ok) booked++;
  if (refusal) refusals.set(refusal, (refusals.get(refusal) ?? 0) + 1);
});
const cpu = await meter.stop();

const [over] = await db.query<{ slots: number; overbooked: number; booked: number }>(
  `SELECT count(*)::int AS slots, count(*) FILTER (WHERE a.booked > c.capacity)::int AS overbooked,
          coalesce(sum(a.booked), 0)::int AS booked
   FROM (SELECT site_id, day, product, count(*) AS booked FROM vaccination_appointment
         WHERE status = 'booked' GROUP BY 1, 2, 3) a
   JOIN vaccination_site_day_product c USING (site_id, day, product)`,
);
const ledger = await verifyLedger(db);
console.log(
  `bookings: ${BOOKINGS.toLocaleString('en')} requests for ${(SITES * PLACES).toLocaleString('en')} places (${SITES} sites × ${PLACES}), ${CLIENTS} in flight on ${CONNECTIONS} connections, ${PEOPLE.toLocaleString('en')}-person country`,
);
console.log(
  `  ${seconds.toFixed(2)} s: ${(BOOKINGS / seconds).toFixed(0)} answers/s, ${booked.toLocaleString('en')} booked = ${(booked / seconds).toFixed(0)} bookings/s (each with its second dose: ${(2 * booked).toLocaleString('en')} appointments, as many doses reserved)`,
);
console.log(`  refused: ${[...refusals].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
console.log(
  `  slots with appointments: ${over!.slots}, appointments booked ${over!.booked.toLocaleString('en')}, overbooked slots: ${over!.overbooked}`,
);
console.log(`  ledger: ${ledger.ok ? 'verified' : `NOT verified: ${JSON.stringify(ledger.problems)}`}`);
console.log(cpuLine(cpu, BOOKINGS));
if (tracing) console.log(tracing.trace.report(BOOKINGS));
// The floor, in the same run: the desk's lanes and batches, each batch --floor-statements round trips doing nothing.
const floor = await deskFloor(db, BOOKINGS, CLIENTS, 4, FLOOR_STATEMENTS);
console.log(
  `  floor (4 lanes, batches of ${FLOOR_STATEMENTS} × SELECT 1 and the commit, same in flight): ${floor.rate.toFixed(0)} requests/s, a round trip ${floor.roundTripMs.toFixed(1)} ms; the desk answered at ${((100 * BOOKINGS) / seconds / floor.rate).toFixed(0)} % of it`,
);
await copy.finish(flag('keep'));
if (over!.overbooked !== 0 || !ledger.ok) process.exitCode = 1;
