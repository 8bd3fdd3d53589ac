import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeFailure } from '../../src/messages/index.ts';
import {
  closeSiteDay,
  eligibilityOn,
  joinQueue,
  type Lot,
  leaveQueue,
  queueAt,
  recordDose,
  serveQueue,
  siteDay,
  siteDayStatus,
  stockAt,
} from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { ACTOR, keyOf, persons, site, stockedLot, stockLocations, type TestPerson } from './fixture.ts';

/**
 * A walk-in day: people arrive with their CI and are queued in order while places last (a person
 * whose cohort or CI weekday does not allow them that day is refused with the reason), the queue is
 * served in ticket order with the lot the site uses first, and the day closes with its counts:
 * doses given, those who left, the doses left in opened vials written off as wasted.
 */

const SITE = 'lp-walk';
const DAY = '2021-07-06';
const at = (hour: number) => new Date(`${DAY}T${String(hour).padStart(2, '0')}:00:00Z`);

let t: TestDatabase;
let lot: Lot;
let adults: TestPerson[];

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 400);
  await stockLocations(t.db);
  await site(t.db, { code: SITE, access: 'walk_in', capacity: { sinopharm: 3 } });
  await site(t.db, { code: 'lp-booked-only', access: 'appointment', capacity: { sinopharm: 3 } });
  lot = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-WALK',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: SITE,
    dosesPerVial: 10,
  });
  adults = await persons(t.db, { bornBefore: '1990-01-01', limit: 5 });
});

after(async () => {
  await t?.dispose();
});

test('walk-ins are queued in order while places last; a second arrival and a full day are refused', async () => {
  const entries = [];
  for (const [i, p] of adults.slice(0, 3).entries())
    entries.push(
      okValue(
        await joinQueue(t.db, { person: keyOf(p), site: SITE, day: DAY, actor: ACTOR, at: at(12 + i) }),
      ),
    );
  assert.deepEqual(
    entries.map((e) => [e.ticket, e.product, e.doseNumber, e.status]),
    [
      [1, 'sinopharm', 1, 'waiting'],
      [2, 'sinopharm', 1, 'waiting'],
      [3, 'sinopharm', 1, 'waiting'],
    ],
  );
  assert.deepEqual(
    await joinQueue(t.db, { person: keyOf(adults[0]!), site: SITE, day: DAY, actor: ACTOR, at: at(15) }),
    {
      ok: false,
      error: { code: 'queue_entry_exists', site: SITE, day: DAY, ticket: 1 },
    },
  );
  assert.deepEqual(
    await joinQueue(t.db, { person: keyOf(adults[3]!), site: SITE, day: DAY, actor: ACTOR, at: at(15) }),
    {
      ok: false,
      error: { code: 'capacity_full', site: SITE, day: DAY, product: 'sinopharm' },
    },
  );
  assert.deepEqual(
    await joinQueue(t.db, {
      person: keyOf(adults[3]!),
      site: 'lp-booked-only',
      day: DAY,
      actor: ACTOR,
      at: at(15),
    }),
    { ok: false, error: { code: 'access_not_offered', site: 'lp-booked-only', access: 'walk_in' } },
  );
  assert.deepEqual(
    await joinQueue(t.db, {
      person: keyOf(adults[3]!),
      site: SITE,
      day: '2021-07-04',
      actor: ACTOR,
      at: at(15),
    }),
    {
      ok: false,
      error: { code: 'site_not_open', site: SITE, day: '2021-07-04' },
    },
  );
});

test('the queue is served in ticket order with the lot used first; a ticket can be served out of turn', async () => {
  const first = okValue(await serveQueue(t.db, { site: SITE, day: DAY, actor: ACTOR, at: at(16) }));
  assert.equal(first.ticket, 1);
  assert.equal(first.dose.personId, adults[0]!.id);
  assert.equal(first.dose.lotId, lot.id);
  const third = okValue(
    await serveQueue(t.db, { site: SITE, day: DAY, ticket: 3, actor: ACTOR, at: at(17) }),
  );
  assert.equal(third.dose.personId, adults[2]!.id);
  assert.deepEqual(await serveQueue(t.db, { site: SITE, day: DAY, ticket: 3, actor: ACTOR, at: at(17) }), {
    ok: false,
    error: { code: 'queue_entry_not_found', site: SITE, day: DAY, ticket: 3 },
  });
  const waiting = okValue(await queueAt(t.db, SITE, DAY, { waitingOnly: true }));
  assert.deepEqual(
    waiting.map((e) => e.ticket),
    [2],
  );
});

test('the day closes with its counts, the unserved have left, and the opened vial is wasted', async () => {
  const closing = okValue(await closeSiteDay(t.db, { site: SITE, day: DAY, actor: ACTOR, at: at(22) }));
  assert.deepEqual(closing.products, [
    { product: 'sinopharm', capacity: 3, reserved: 0, walkIns: 2, administered: 2 },
  ]);
  assert.equal(closing.left, 1);
  assert.equal(closing.noShows, 0);
  assert.deepEqual(closing.waste, [
    {
      lotId: lot.id,
      product: 'sinopharm',
      given: 2,
      vialsOpened: 1,
      dosesOpened: 10,
      wasted: 8,
      counted: false,
    },
  ]);
  const stock = okValue(await stockAt(t.db, { location: `site-${SITE}` }));
  assert.equal(stock.find((l) => l.lot.id === lot.id)?.availableDoses, 100n - 2n - 8n);
  assert.deepEqual(okValue(await siteDay(t.db, SITE, DAY)).products, closing.products);
  // The closing's lines per lot are kept (the closing page shows them): opened − given = wasted.
  const status = okValue(await siteDayStatus(t.db, SITE, DAY));
  assert.equal(status.closed, true);
  assert.deepEqual(status.lots, [
    {
      lotId: lot.id,
      product: 'sinopharm',
      given: 2,
      vialsOpened: 1,
      dosesOpened: 10,
      wasted: 8,
      counted: false,
    },
  ]);
  // Audited with the same figures.
  const [entry] = await t.db.query<{ after: { waste: { wasted: number; dosesOpened: number }[] } }>(
    `SELECT after FROM audit_entry WHERE action = 'vaccination_site_day.closed' AND entity_id = $1`,
    [`${SITE}:${DAY}`],
  );
  assert.deepEqual(
    entry?.after.waste.map((w) => [w.dosesOpened, w.wasted]),
    [[10, 8]],
  );
});

test('a closed day takes no one and records no dose; closing again is refused', async () => {
  const closed = { ok: false, error: { code: 'site_day_closed', site: SITE, day: DAY } };
  assert.deepEqual(
    await joinQueue(t.db, { person: keyOf(adults[4]!), site: SITE, day: DAY, actor: ACTOR, at: at(23) }),
    closed,
  );
  assert.deepEqual(
    await recordDose(t.db, {
      person: keyOf(adults[4]!),
      product: 'sinopharm',
      lotId: lot.id,
      site: SITE,
      givenOn: DAY,
      doseNumber: 1,
      idempotencyKey: 'late-1',
      actor: ACTOR,
      recordedAt: at(23),
    }),
    closed,
  );
  assert.deepEqual(await closeSiteDay(t.db, { site: SITE, day: DAY, actor: ACTOR, at: at(23) }), closed);
  assert.deepEqual(await leaveQueue(t.db, { site: SITE, day: DAY, ticket: 2, actor: ACTOR, at: at(23) }), {
    ok: false,
    error: { code: 'queue_entry_not_found', site: SITE, day: DAY, ticket: 2 },
  });
});

test("in La Paz in April 2021 a walk-in comes on their CI's weekday: another day is refused, saying which", async () => {
  const day = '2021-04-27'; // a Tuesday: CI numbers ending in 2 or 3
  const [person] = await t.db.query<{ ci_number: string; complemento: string; date_of_birth: string }>(
    `SELECT ci_number, complemento, date_of_birth FROM registry_person
     WHERE department_code = 2 AND date_of_death IS NULL AND date_of_birth < '1955-01-01'
       AND right(ci_number, 1) IN ('6', '7') ORDER BY id LIMIT 1`,
  );
  assert.ok(person, 'the seeded country has a La Paz elder with a CI ending in 6 or 7');
  const key = {
    ciNumber: person.ci_number,
    complemento: person.complemento,
    dateOfBirth: person.date_of_birth,
  };
  const refused = await joinQueue(t.db, {
    person: key,
    site: SITE,
    day,
    actor: ACTOR,
    at: new Date(`${day}T13:00:00Z`),
  });
  assert.deepEqual(refused, {
    ok: false,
    error: { code: 'not_eligible_today', on: day, doseNumber: 1, reason: 'not_their_weekday', ciWeekday: 4 },
  });
  if (!refused.ok)
    assert.equal(
      describeFailure(refused.error, 'es').detail,
      'La dosis 1 no puede aplicarse el 2021-04-27: por el último dígito de su CI le corresponde otro día (le corresponde el jueves).',
    );
  const thursday = okValue(await eligibilityOn(t.db, key, '2021-04-29', { weekday: true }));
  assert.equal(thursday.refusal, null);
});
