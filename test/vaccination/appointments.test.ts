import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import {
  appointmentsOf,
  bookAppointment,
  cancelAppointment,
  closeSiteDay,
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
 * Appointments: 200 people booking 50 places at once get exactly 50, on either back end; a booking
 * reserves a dose of the right product and books the second dose inside the product's interval
 * (Sputnik V: component 2); one active appointment per person and dose; cancelling frees both
 * places and both doses; the dose given at the appointment uses its reserved dose; at the day's
 * end the no-shows give their doses back.
 */

const SITE = 'lp-citas';
const DAY = '2021-07-06'; // a Tuesday; every adult's cohort is open
const SECOND_DAY = '2021-07-27'; // 21 days later: Sputnik V's second component
const PLACES = 50;
const BOOKINGS = 200;
const CONNECTIONS = 40;
const at = new Date(`${DAY}T12:00:00Z`);

let t: TestDatabase;
let component1: Lot;
let component2: Lot;
let people: TestPerson[];

async function available(lot: Lot): Promise<bigint> {
  const lines = okValue(await stockAt(t.db, { location: `site-${SITE}` }));
  return lines.find((l) => l.lot.id === lot.id)?.availableDoses ?? 0n;
}

async function counts(day: string) {
  const p = okValue(await siteDay(t.db, SITE, day)).products;
  return Object.fromEntries(
    p.map((c) => [c.product, { reserved: c.reserved, administered: c.administered }]),
  );
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 600);
  await stockLocations(t.db);
  await site(t.db, {
    code: SITE,
    access: 'appointment',
    capacity: { sputnik_v_1: PLACES, sputnik_v_2: PLACES },
  });
  component1 = await stockedLot(t.db, {
    product: 'sputnik_v_1',
    lotNumber: 'SV1-CITAS',
    expiresOn: '2021-12-31',
    doses: 1000n,
    siteCode: SITE,
    dosesPerVial: 5,
  });
  component2 = await stockedLot(t.db, {
    product: 'sputnik_v_2',
    lotNumber: 'SV2-CITAS',
    expiresOn: '2021-12-31',
    doses: 1000n,
    siteCode: SITE,
    dosesPerVial: 5,
  });
  people = await persons(t.db, { bornBefore: '2000-01-01', limit: BOOKINGS });
});

after(async () => {
  await t?.dispose();
});

test(`${BOOKINGS} concurrent bookings for ${PLACES} places: exactly ${PLACES}, each with its second dose 21 days later`, async () => {
  const pool: Database = await openPostgres(t.url, CONNECTIONS);
  let results: Awaited<ReturnType<typeof bookAppointment>>[];
  try {
    results = await Promise.all(
      people.map((p, i) =>
        bookAppointment(pool, {
          person: keyOf(p),
          site: SITE,
          day: DAY,
          idempotencyKey: `race-${i}`,
          actor: ACTOR,
          at,
        }),
      ),
    );
  } finally {
    await pool.close();
  }
  const booked = results.filter((r) => r.ok);
  assert.equal(booked.length, PLACES);
  for (const r of results.filter((x) => !x.ok))
    assert.deepEqual(
      r,
      { ok: false, error: { code: 'capacity_full', site: SITE, day: DAY, product: 'sputnik_v_1' } },
      show(r),
    );
  for (const r of booked) {
    assert.ok(r.ok);
    assert.equal(r.value.appointment.product, 'sputnik_v_1');
    assert.deepEqual(
      [r.value.secondDose?.day, r.value.secondDose?.product, r.value.secondDose?.followsId],
      [SECOND_DAY, 'sputnik_v_2', r.value.appointment.id],
    );
  }
  assert.deepEqual(await counts(DAY), {
    sputnik_v_1: { reserved: PLACES, administered: 0 },
    sputnik_v_2: { reserved: 0, administered: 0 },
  });
  assert.equal((await counts(SECOND_DAY)).sputnik_v_2?.reserved, PLACES);
  assert.equal(await available(component1), 1000n - BigInt(PLACES));
  assert.equal(await available(component2), 1000n - BigInt(PLACES));
});

/** The people who got a place in the race, in order. */
async function bookedPeople(): Promise<TestPerson[]> {
  const out: TestPerson[] = [];
  for (const p of people) {
    const mine = okValue(await appointmentsOf(t.db, keyOf(p)));
    if (mine.some((a) => a.status === 'booked' && a.day === DAY)) out.push(p);
  }
  return out;
}

test('the same key returns the booking; another booking for the dose is refused with the one held', async () => {
  const [p] = await bookedPeople();
  const mine = okValue(await appointmentsOf(t.db, keyOf(p!)));
  const first = mine.find((a) => a.doseNumber === 1)!;
  const again = okValue(
    await bookAppointment(t.db, {
      person: keyOf(p!),
      site: SITE,
      day: DAY,
      idempotencyKey: first.idempotencyKey,
      actor: ACTOR,
      at,
    }),
  );
  assert.equal(again.replayed, true);
  assert.equal(again.appointment.id, first.id);
  assert.deepEqual(
    await bookAppointment(t.db, {
      person: keyOf(p!),
      site: SITE,
      day: '2021-07-07',
      idempotencyKey: 'other',
      actor: ACTOR,
      at,
    }),
    {
      ok: false,
      error: { code: 'appointment_exists', appointmentId: first.id, doseNumber: 1, site: SITE, day: DAY },
    },
  );
});

test('cancelling frees both places and both doses', async () => {
  const [, p] = await bookedPeople();
  const first = okValue(await appointmentsOf(t.db, keyOf(p!))).find((a) => a.doseNumber === 1)!;
  const before1 = await available(component1);
  const before2 = await available(component2);
  const cancelled = okValue(
    await cancelAppointment(t.db, { person: keyOf(p!), appointmentId: first.id, actor: ACTOR, at }),
  );
  assert.deepEqual(
    cancelled.map((a) => [a.doseNumber, a.status]),
    [
      [1, 'cancelled'],
      [2, 'cancelled'],
    ],
  );
  assert.equal(await available(component1), before1 + 1n);
  assert.equal(await available(component2), before2 + 1n);
  assert.equal((await counts(DAY)).sputnik_v_1?.reserved, PLACES - 1);
  assert.equal((await counts(SECOND_DAY)).sputnik_v_2?.reserved, PLACES - 1);
  assert.deepEqual(
    await cancelAppointment(t.db, { person: keyOf(p!), appointmentId: first.id, actor: ACTOR, at }),
    {
      ok: false,
      error: { code: 'appointment_not_booked', appointmentId: first.id, status: 'cancelled' },
    },
  );
});

test('the dose given at the appointment uses its reserved dose; at the day end the no-shows give theirs back', async () => {
  const [, , p] = await bookedPeople();
  const before1 = await available(component1);
  const given = okValue(
    await recordDose(t.db, {
      person: keyOf(p!),
      product: 'sputnik_v_1',
      lotId: component1.id,
      site: SITE,
      givenOn: DAY,
      doseNumber: 1,
      idempotencyKey: 'at-appointment',
      actor: ACTOR,
      recordedAt: at,
    }),
  );
  assert.notEqual(given.dose.appointmentId, null);
  assert.equal(
    await available(component1),
    before1,
    'the reserved dose was already out of what is available',
  );
  const first = okValue(await appointmentsOf(t.db, keyOf(p!))).find((a) => a.doseNumber === 1)!;
  assert.equal(first.status, 'attended');

  const closing = okValue(
    await closeSiteDay(t.db, { site: SITE, day: DAY, actor: ACTOR, at: new Date(`${DAY}T23:00:00Z`) }),
  );
  const noShows = PLACES - 2; // one cancelled, one attended
  assert.equal(closing.noShows, noShows);
  // The attended dose's vial of five: four doses wasted.
  assert.deepEqual(closing.waste, [
    {
      lotId: component1.id,
      product: 'sputnik_v_1',
      given: 1,
      vialsOpened: 1,
      dosesOpened: 5,
      wasted: 4,
      counted: false,
    },
  ]);
  assert.equal(await available(component1), before1 + BigInt(noShows) - 4n);
  // Their second doses were cancelled with their places: only the attended person keeps one.
  assert.equal((await counts(SECOND_DAY)).sputnik_v_2?.reserved, 1);
  assert.equal(await available(component2), 1000n - 1n);
  const verified = await verifyLedger(t.db);
  assert.deepEqual(verified.problems, []);
});
