import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { bookAppointment, type Lot, siteDay, stockAt } from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { ACTOR, keyOf, persons, show, site, stockedLot, stockLocations, type TestPerson } from './fixture.ts';

/**
 * The second dose's window: a booking locks the counters of its second dose's due day only, and
 * the rest of the window when that day is full. Ten people book Sputnik V's first component at
 * once where the second component has four places a day: four second doses on the due day, four
 * the day after, two the day after that, each a reserved dose of component 2, no day past its
 * places, on either back end.
 */

const SITE = 'lp-ventana';
const DAY = '2021-07-06'; // a Tuesday; every adult's cohort is open
const DUE = ['2021-07-27', '2021-07-28', '2021-07-29']; // 21 days later, and the next open days
const PEOPLE = 10;
const SECOND_PLACES = 4;
const at = new Date(`${DAY}T12:00:00Z`);

let t: TestDatabase;
let component2: Lot;
let people: TestPerson[];

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 300);
  await stockLocations(t.db);
  await site(t.db, {
    code: SITE,
    access: 'appointment',
    capacity: { sputnik_v_1: PEOPLE, sputnik_v_2: SECOND_PLACES },
  });
  await stockedLot(t.db, {
    product: 'sputnik_v_1',
    lotNumber: 'SV1-VENTANA',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: SITE,
    dosesPerVial: 5,
  });
  component2 = await stockedLot(t.db, {
    product: 'sputnik_v_2',
    lotNumber: 'SV2-VENTANA',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: SITE,
    dosesPerVial: 5,
  });
  people = await persons(t.db, { bornBefore: '2000-01-01', limit: PEOPLE });
});

after(async () => {
  await t?.dispose();
});

test(`${PEOPLE} first doses at once, ${SECOND_PLACES} second-dose places a day: the due day full, the next days take the rest`, async () => {
  const pool: Database = await openPostgres(t.url, PEOPLE);
  let results: Awaited<ReturnType<typeof bookAppointment>>[];
  try {
    results = await Promise.all(
      people.map((p, i) =>
        bookAppointment(pool, {
          person: keyOf(p),
          site: SITE,
          day: DAY,
          idempotencyKey: `window-${i}`,
          actor: ACTOR,
          at,
        }),
      ),
    );
  } finally {
    await pool.close();
  }
  const days = new Map<string, number>();
  for (const r of results) {
    assert.ok(r.ok, show(r));
    assert.equal(r.value.secondDoseRefusal, null, show(r));
    assert.equal(r.value.secondDose?.product, 'sputnik_v_2', show(r));
    const day = r.value.secondDose!.day;
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  assert.deepEqual([...days].sort(), [
    [DUE[0], SECOND_PLACES],
    [DUE[1], SECOND_PLACES],
    [DUE[2], PEOPLE - 2 * SECOND_PLACES],
  ]);
  for (const day of DUE) {
    const c = okValue(await siteDay(t.db, SITE, day)).products.find((x) => x.product === 'sputnik_v_2');
    assert.equal(c?.reserved, days.get(day), day);
    assert.ok(c && c.reserved <= c.capacity, day);
  }
  const lines = okValue(await stockAt(t.db, { location: `site-${SITE}` }));
  assert.equal(lines.find((l) => l.lot.id === component2.id)?.availableDoses, 100n - BigInt(PEOPLE));
  assert.ok((await verifyLedger(t.db)).ok);
});
