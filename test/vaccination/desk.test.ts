import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import {
  bookAppointment,
  type DoseInput,
  type Lot,
  recordDose,
  siteDay,
  stockAt,
} from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { ACTOR, keyOf, persons, show, site, stockedLot, stockLocations, type TestPerson } from './fixture.ts';

/**
 * The booking and dose desks (src/vaccination/desk.ts) commit many requests in one transaction:
 * 300 parallel bookings for a site's day with N places left book exactly N, retries of a key
 * answer the same appointment and book nothing more; bookings refused after they had taken a place
 * (no dose left to reserve) roll back alone, their places given back, while the others in their
 * batch commit; a dose recorded twice (and many times at once) with one key is one dose, one
 * stock movement and one audit entry, and a refused dose in the same burst refuses only itself.
 */

const DAY = '2021-07-06'; // a Tuesday; every adult's cohort is open
const at = new Date(`${DAY}T12:00:00Z`);
const REQUESTS = 300;
const CAPACITY = 120;
const TAKEN_BEFORE = 20;
const FREE = CAPACITY - TAKEN_BEFORE;
const SHORT_PLACES = 60;
const SHORT_STOCK = 25n;

let t: TestDatabase;
let adults: TestPerson[];
let doseLot: Lot;
let shortLot: Lot;

async function reserved(siteCode: string, product: string): Promise<number> {
  const p = okValue(await siteDay(t.db, siteCode, DAY)).products;
  return p.find((c) => c.product === product)?.reserved ?? 0;
}

async function available(siteCode: string, lot: Lot): Promise<bigint> {
  const lines = okValue(await stockAt(t.db, { location: `site-${siteCode}` }));
  return lines.find((l) => l.lot.id === lot.id)?.availableDoses ?? 0n;
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 1200);
  await stockLocations(t.db);
  // Janssen: one dose, so a booking takes one place and reserves one dose.
  await site(t.db, { code: 'lp-lote', access: 'appointment', capacity: { janssen: CAPACITY } });
  await stockedLot(t.db, {
    product: 'janssen',
    lotNumber: 'JJ-LOTE',
    expiresOn: '2021-12-31',
    doses: 1000n,
    siteCode: 'lp-lote',
  });
  await site(t.db, { code: 'lp-corto', access: 'appointment', capacity: { janssen: SHORT_PLACES } });
  shortLot = await stockedLot(t.db, {
    product: 'janssen',
    lotNumber: 'JJ-CORTO',
    expiresOn: '2021-12-31',
    doses: SHORT_STOCK,
    siteCode: 'lp-corto',
  });
  await site(t.db, { code: 'lp-dosis' });
  doseLot = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-DESK',
    expiresOn: '2021-12-31',
    doses: 500n,
    siteCode: 'lp-dosis',
  });
  adults = await persons(t.db, { bornBefore: '2000-01-01', limit: 700 });
  assert.ok(adults.length >= 700, `the seeded country has ${adults.length} adults`);
});

after(async () => {
  await t?.dispose();
});

test(`${REQUESTS} parallel bookings (a sixth of them retries) for a day with ${FREE} places left book exactly ${FREE}`, async () => {
  const booking = (p: TestPerson, key: string): Parameters<typeof bookAppointment>[1] => ({
    person: keyOf(p),
    site: 'lp-lote',
    day: DAY,
    idempotencyKey: key,
    actor: ACTOR,
    at,
  });
  for (const [i, p] of adults.slice(0, TAKEN_BEFORE).entries())
    okValue(await bookAppointment(t.db, booking(p, `before-${i}`)));
  assert.equal(await reserved('lp-lote', 'janssen'), TAKEN_BEFORE);

  // 250 people, and 50 of them twice with the same key (a client's retry racing its first try).
  const people = adults.slice(TAKEN_BEFORE, TAKEN_BEFORE + 250);
  const requests = [...people.map((p, i) => ({ p, i })), ...people.slice(0, 50).map((p, i) => ({ p, i }))];
  assert.equal(requests.length, REQUESTS);
  const pool: Database = await openPostgres(t.url, 16);
  let results: Awaited<ReturnType<typeof bookAppointment>>[];
  try {
    results = await Promise.all(requests.map(({ p, i }) => bookAppointment(pool, booking(p, `race-${i}`))));
  } finally {
    await pool.close();
  }
  const booked = results.filter((r) => r.ok);
  const ids = new Set(booked.map((r) => (r.ok ? r.value.appointment.id : 0n)));
  assert.equal(ids.size, FREE, 'distinct appointments booked');
  for (const r of results.filter((x) => !x.ok))
    assert.deepEqual(r.ok ? null : r.error.code, 'capacity_full', show(r));
  // A retry answers what its first try got: the same appointment, or the same refusal.
  for (let i = 0; i < 50; i++) {
    const first = results[i]!;
    const retry = results[250 + i]!;
    assert.equal(retry.ok, first.ok, `person ${i}: ${show(first)} / ${show(retry)}`);
    if (first.ok && retry.ok) {
      assert.equal(retry.value.appointment.id, first.value.appointment.id);
      assert.ok(first.value.replayed !== retry.value.replayed, 'one of the two found the other');
    }
  }
  assert.equal(await reserved('lp-lote', 'janssen'), CAPACITY);
  const [rows] = await t.db.query<{ booked: number; audited: number; unnamed: number }>(
    `SELECT (SELECT count(*)::int FROM vaccination_appointment a JOIN vaccination_site s ON s.id = a.site_id
              WHERE s.code = 'lp-lote' AND a.status = 'booked') AS booked,
            (SELECT count(DISTINCT a.entity_id)::int FROM audit_entry a
               JOIN vaccination_appointment v ON v.id::text = a.entity_id
               JOIN vaccination_site s ON s.id = v.site_id
              WHERE a.action = 'vaccination_appointment.booked' AND s.code = 'lp-lote') AS audited,
            (SELECT count(*)::int FROM audit_entry
              WHERE action IN ('vaccination_appointment.booked', 'vaccination_dose.recorded')
                AND entity_id IS NULL) AS unnamed`,
  );
  // One entry per booking, naming its appointment, as a lone booking writes.
  assert.deepEqual(rows, { booked: CAPACITY, audited: CAPACITY, unnamed: 0 });
});

test(`bookings refused after taking a place (${SHORT_STOCK} doses for ${SHORT_PLACES} places) roll back alone`, async () => {
  const people = adults.slice(300, 400);
  const pool: Database = await openPostgres(t.url, 8);
  let results: Awaited<ReturnType<typeof bookAppointment>>[];
  try {
    results = await Promise.all(
      people.map((p, i) =>
        bookAppointment(pool, {
          person: keyOf(p),
          site: 'lp-corto',
          day: DAY,
          idempotencyKey: `short-${i}`,
          actor: ACTOR,
          at,
        }),
      ),
    );
  } finally {
    await pool.close();
  }
  assert.equal(results.filter((r) => r.ok).length, Number(SHORT_STOCK));
  for (const r of results.filter((x) => !x.ok))
    assert.ok(!r.ok && ['stock_empty', 'stock_insufficient'].includes(r.error.code), show(r));
  // The refused ones gave their places back; no appointment of theirs remains.
  assert.equal(await reserved('lp-corto', 'janssen'), Number(SHORT_STOCK));
  assert.equal(await available('lp-corto', shortLot), 0n);
  const [n] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM vaccination_appointment a JOIN vaccination_site s ON s.id = a.site_id
     WHERE s.code = 'lp-corto'`,
  );
  assert.equal(n?.n, Number(SHORT_STOCK));
  assert.equal((await verifyLedger(t.db)).ok, true);
});

test('a dose recorded twice with one key, and many times at once, is one dose and one stock movement', async () => {
  const people = adults.slice(500, 560);
  const dose = (p: TestPerson, lotId: bigint, key: string): DoseInput => ({
    person: keyOf(p),
    product: 'sinopharm',
    lotId,
    site: 'lp-dosis',
    givenOn: DAY,
    doseNumber: 1,
    idempotencyKey: key,
    actor: ACTOR,
    recordedAt: at,
  });
  const before = await available('lp-dosis', doseLot);
  // One after the other: the second call is the record, replayed.
  const first = okValue(await recordDose(t.db, dose(people[0]!, doseLot.id, 'tablet:0')));
  const again = okValue(await recordDose(t.db, dose(people[0]!, doseLot.id, 'tablet:0')));
  assert.deepEqual([first.replayed, again.replayed], [false, true]);
  assert.deepEqual(again.dose, first.dose);

  // At once: each of 59 people three times under one key, and one request for a lot that does not
  // exist (refused alone).
  const pool: Database = await openPostgres(t.url, 12);
  let results: Awaited<ReturnType<typeof recordDose>>[];
  try {
    const rest = people.slice(1);
    results = await Promise.all([
      ...[0, 1, 2].flatMap(() =>
        rest.map((p, i) => recordDose(pool, dose(p, doseLot.id, `tablet:${i + 1}`))),
      ),
      recordDose(pool, dose(adults[600]!, 999_999n, 'tablet:nolot')),
    ]);
  } finally {
    await pool.close();
  }
  const refused = results.filter((r) => !r.ok);
  assert.deepEqual(
    refused.map((r) => (r.ok ? null : r.error.code)),
    ['lot_not_found'],
    show(refused),
  );
  assert.equal(results.filter((r) => r.ok && !r.value.replayed).length, 59);
  assert.equal(await available('lp-dosis', doseLot), before - 60n);
  const [counts] = await t.db.query<{ doses: number; movements: number; audited: number }>(
    `SELECT (SELECT count(*)::int FROM vaccination_dose d WHERE d.person_id = ANY($1::bigint[])) AS doses,
            (SELECT count(*)::int FROM ledger_transfer WHERE id = ANY($2::text[])) AS movements,
            (SELECT count(*)::int FROM audit_entry
               WHERE action = 'vaccination_dose.recorded' AND entity_id = ANY($3::text[])) AS audited`,
    [
      people.map((p) => p.id),
      people.map((p) => `vaccination:dose:${p.id}:1`),
      people.map((p) => `${p.id}:1`),
    ],
  );
  assert.deepEqual(counts, { doses: 60, movements: 60, audited: 60 });
  assert.equal((await verifyLedger(t.db)).ok, true);
});
