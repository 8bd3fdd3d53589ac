import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  boosterEligible,
  createSite,
  ensureStockLocations,
  recordMovement,
  registerLot,
  secondDosesDue,
  secondProductMissing,
} from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertDoses, persons } from './dose-rows.ts';

/**
 * The lists of a site's staff: second doses due, overdue and upcoming with the rules' intervals
 * and latest days; who may have a booster by the rules in force; who will find the second product
 * missing because the site's stock cannot cover the second doses due.
 */

const ACTOR = 'account:lists-test';
const AT = new Date('2021-04-01T14:00:00Z');
const ON = '2021-05-20';
let t: TestDatabase;
let siteId: bigint;
const p: bigint[] = [];

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok)
    assert.fail(
      `expected ok, got ${JSON.stringify(r.error, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return r.value;
}

async function lot(product: string, manufacturer: string, lotNumber: string): Promise<bigint> {
  const r = must(
    await registerLot(
      t.db,
      { product, manufacturer, lotNumber, expiresOn: '2021-12-31', dosesPerVial: 2 },
      ACTOR,
      AT,
    ),
  );
  return r.lot.id;
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 400);
  await ensureStockLocations(t.db, AT);
  siteId = must(
    await createSite(
      t.db,
      { code: 'lp-lists', name: 'Centro de salud', municipalityCode: '020101', access: 'walk_in' },
      ACTOR,
      AT,
    ),
  ).id;
  const sinopharm = await lot('sinopharm', 'Sinopharm', 'S1');
  const sputnik1 = await lot('sputnik_v_1', 'Gamaleya', 'G1');
  const janssen = await lot('janssen', 'Janssen', 'J1');
  const astrazeneca = await lot('astrazeneca', 'AstraZeneca', 'A1');
  // Two Sinopharm doses at the site; no Sputnik V component 2.
  must(
    await recordMovement(
      t.db,
      { id: 'lists-receipt', kind: 'receipt', lotId: sinopharm, doses: 2n, on: '2021-04-01', occurredAt: AT },
      ACTOR,
    ),
  );
  must(
    await recordMovement(
      t.db,
      {
        id: 'lists-send',
        kind: 'transfer',
        lotId: sinopharm,
        doses: 2n,
        from: 'national-warehouse',
        to: 'site-lp-lists',
        on: '2021-04-01',
        occurredAt: AT,
      },
      ACTOR,
    ),
  );
  for (const x of await persons(t.db, { bornBy: '1960-01-01', limit: 9 })) p.push(x.id);
  assert.equal(p.length, 9, 'the country has nine persons over 60');
  const dose = (
    i: number,
    n: 1 | 2,
    kind: 'first' | 'second' | 'single',
    product: string,
    lotId: bigint,
    on: string,
  ) => ({
    personId: p[i]!,
    doseNumber: n,
    kind,
    product,
    lotId,
    siteId,
    givenOn: on,
  });
  await insertDoses(t.db, [
    dose(0, 1, 'first', 'sinopharm', sinopharm, '2021-04-29'), // due 20 May: due
    dose(1, 1, 'first', 'sinopharm', sinopharm, '2021-04-15'), // due 6 May, latest 13 May: overdue
    dose(2, 1, 'first', 'sinopharm', sinopharm, '2021-05-01'), // due 22 May: upcoming
    dose(3, 1, 'first', 'sinopharm', sinopharm, '2021-05-10'), // due 31 May: beyond the horizon
    dose(4, 1, 'first', 'sputnik_v_1', sputnik1, '2021-04-20'), // due 11 May, no latest yet: 9 days late
    dose(5, 1, 'first', 'sinopharm', sinopharm, '2021-04-01'),
    dose(5, 2, 'second', 'sinopharm', sinopharm, '2021-04-22'), // complete: booster from 17 Jun
    dose(6, 1, 'single', 'janssen', janssen, '2021-04-20'), // single dose: nothing due
    dose(7, 1, 'first', 'astrazeneca', astrazeneca, '2021-04-01'),
    dose(7, 2, 'second', 'astrazeneca', astrazeneca, '2021-04-29'), // not primed for the booster
  ]);
});

after(async () => {
  await t?.dispose();
});

test('second doses due, overdue and upcoming, by the rules’ intervals and latest days', async () => {
  const due = must(await secondDosesDue(t.db, { on: ON, site: 'lp-lists' }));
  assert.deepEqual(
    due.map((d) => [d.personId, d.status, d.dueOn, d.latestOn, d.daysLate, d.secondProduct]),
    [
      [p[1], 'overdue', '2021-05-06', '2021-05-13', 14, 'sinopharm'],
      [p[4], 'overdue', '2021-05-11', null, 9, 'sputnik_v_2'],
      [p[0], 'due', '2021-05-20', '2021-05-27', 0, 'sinopharm'],
      [p[2], 'upcoming', '2021-05-22', '2021-05-29', -2, 'sinopharm'],
    ],
  );
  assert.ok(due.every((d) => d.site === 'lp-lists' && d.ciNumber !== '' && d.givenNames !== ''));
  // Without the horizon, the upcoming one is not listed.
  assert.deepEqual(
    must(await secondDosesDue(t.db, { on: ON, withinDays: 0 })).map((d) => d.personId),
    [p[1], p[4], p[0]],
  );
  assert.deepEqual(await secondDosesDue(t.db, { on: ON, site: 'nowhere' }), {
    ok: false,
    error: { code: 'site_not_found', site: 'nowhere' },
  });
});

test('the second product missing at the site: the stock covers the earliest due, the rest are listed', async () => {
  const missing = must(await secondProductMissing(t.db, { on: ON }));
  assert.deepEqual(
    missing.map((m) => [
      m.site,
      m.product,
      m.dosesNeeded,
      m.availableDoses,
      m.missing.map((x) => x.personId),
    ]),
    [
      ['lp-lists', 'sinopharm', 3, 2n, [p[2]]],
      ['lp-lists', 'sputnik_v_2', 1, 0n, [p[4]]],
    ],
  );
  // On 10 April nothing is due yet (the first second dose falls due on 22 April).
  assert.deepEqual(must(await secondProductMissing(t.db, { on: '2021-04-10' })), []);
});

test('booster eligibility follows the rules in force: closed before 13 Oct, primed series only', async () => {
  assert.deepEqual(must(await boosterEligible(t.db, { on: '2021-10-01' })), []);
  const open = must(await boosterEligible(t.db, { on: '2021-11-02', site: 'lp-lists' }));
  assert.deepEqual(
    open.map((b) => [b.personId, b.firstProduct, b.secondOn, b.earliestOn]),
    [[p[5], 'sinopharm', '2021-04-22', '2021-06-17']],
  );
  // After the booster period closes (31 Dec 2021), nobody.
  assert.deepEqual(must(await boosterEligible(t.db, { on: '2022-01-03' })), []);
});

test('before the campaign’s rules take effect (29 Jan 2021) no second dose is due and nothing is missing', async () => {
  // The SEDES alerts page asks on the demo's clock (Dec 2020): it answered 500 when the schedules
  // could not be bound before their first date.
  assert.deepEqual(must(await secondDosesDue(t.db, { on: '2020-12-15' })), []);
  assert.deepEqual(must(await secondProductMissing(t.db, { on: '2020-12-15' })), []);
});
