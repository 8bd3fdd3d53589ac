import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import {
  type DoseInput,
  dosesOf,
  eligibilityOn,
  type Lot,
  recordDose,
  stockAt,
} from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { ACTOR, keyOf, persons, show, site, stockedLot, stockLocations, type TestPerson } from './fixture.ts';

/**
 * The nominal registry: a dose recorded moves one dose out of the site's stock and is audited;
 * each refusal has its precise code (dose too early with the earliest date, the wrong product for
 * the dose, the series complete, an expired lot, a lot not at the site, a person whose cohort is
 * not open); the same key returns the same record, another key for a recorded dose is refused with
 * the record; twenty concurrent retries of one key write one record and move the stock once.
 */

const SITE = 'lp-doses';
const RETRIES = 20;

let t: TestDatabase;
let sputnik1: Lot;
let sputnik2: Lot;
let sinopharm: Lot;
let astrazeneca: Lot;
let expired: Lot;
let warehouseOnly: Lot;
let elders: TestPerson[];
let young: TestPerson;

function dose(p: TestPerson, lot: Lot, givenOn: string, doseNumber: number, key: string): DoseInput {
  return {
    person: keyOf(p),
    product: lot.product,
    lotId: lot.id,
    site: SITE,
    givenOn,
    doseNumber,
    idempotencyKey: key,
    actor: ACTOR,
    recordedAt: new Date(`${givenOn}T15:00:00Z`),
  };
}

async function siteStock(lot: Lot): Promise<bigint> {
  const lines = okValue(await stockAt(t.db, { location: `site-${SITE}` }));
  return lines.find((l) => l.lot.id === lot.id)?.availableDoses ?? 0n;
}

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 400);
  await stockLocations(t.db);
  await site(t.db, { code: SITE });
  sputnik1 = await stockedLot(t.db, {
    product: 'sputnik_v_1',
    lotNumber: 'SV1-A',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: SITE,
  });
  sputnik2 = await stockedLot(t.db, {
    product: 'sputnik_v_2',
    lotNumber: 'SV2-A',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: SITE,
  });
  sinopharm = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-A',
    expiresOn: '2021-12-31',
    doses: 100n,
    siteCode: SITE,
  });
  astrazeneca = await stockedLot(t.db, {
    product: 'astrazeneca',
    lotNumber: 'AZ-A',
    expiresOn: '2022-03-31',
    doses: 100n,
    siteCode: SITE,
  });
  expired = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-OLD',
    expiresOn: '2021-05-31',
    doses: 10n,
    siteCode: SITE,
  });
  warehouseOnly = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-WH',
    expiresOn: '2021-12-31',
    doses: 10n,
    siteCode: null,
  });
  elders = await persons(t.db, { bornBefore: '1955-01-01', limit: 6 });
  young = (await persons(t.db, { bornAfter: '2005-01-01', bornBefore: '2008-01-01', limit: 1 }))[0]!;
});

after(async () => {
  await t?.dispose();
});

test('a first dose is recorded, moves one dose out of the site, counts for the day and is audited', async () => {
  const p = elders[0]!;
  const before = await siteStock(sputnik1);
  const r = okValue(await recordDose(t.db, dose(p, sputnik1, '2021-06-01', 1, 'k-1')));
  assert.equal(r.replayed, false);
  assert.deepEqual(
    { personId: r.dose.personId, doseKind: r.dose.doseKind, product: r.dose.product, site: r.dose.site },
    { personId: p.id, doseKind: 'first', product: 'sputnik_v_1', site: SITE },
  );
  assert.equal(await siteStock(sputnik1), before - 1n);
  const [audit] = await t.db.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM audit_entry WHERE action = 'vaccination_dose.recorded' AND entity_id = $1`,
    [`${p.id}:1`],
  );
  assert.equal(audit?.n, 1);
});

test('the same key returns the same record; another key for the dose is refused with the record; the key for another dose conflicts', async () => {
  const p = elders[0]!;
  const again = okValue(await recordDose(t.db, dose(p, sputnik1, '2021-06-01', 1, 'k-1')));
  assert.equal(again.replayed, true);
  const other = await recordDose(t.db, dose(p, sputnik1, '2021-06-01', 1, 'k-other'));
  assert.deepEqual(other, {
    ok: false,
    error: {
      code: 'dose_already_recorded',
      doseNumber: 1,
      existing: {
        doseNumber: 1,
        product: 'sputnik_v_1',
        lotId: sputnik1.id,
        site: SITE,
        givenOn: '2021-06-01',
        idempotencyKey: 'k-1',
      },
    },
  });
  const conflict = await recordDose(t.db, dose(p, sputnik2, '2021-06-22', 2, 'k-1'));
  assert.deepEqual(conflict, { ok: false, error: { code: 'dose_key_conflict', idempotencyKey: 'k-1' } });
});

test('a second dose before its interval is refused with the earliest date, in Spanish too', async () => {
  const r = await recordDose(t.db, dose(elders[0]!, sputnik2, '2021-06-10', 2, 'k-2'));
  assert.deepEqual(r, {
    ok: false,
    error: { code: 'dose_too_early', doseNumber: 2, earliestOn: '2021-06-22', on: '2021-06-10' },
  });
  if (!r.ok)
    assert.equal(
      describeFailure(r.error, 'es').detail,
      'La dosis 2 no puede aplicarse antes del 2021-06-22 (se pidió para el 2021-06-10).',
    );
});

test('the wrong product for the second dose is refused with the products allowed (Sputnik V: component 2)', async () => {
  const r = await recordDose(t.db, dose(elders[0]!, sinopharm, '2021-06-22', 2, 'k-2'));
  assert.deepEqual(r, {
    ok: false,
    error: {
      code: 'wrong_product_for_dose',
      doseNumber: 2,
      product: 'sinopharm',
      allowedProducts: ['sputnik_v_2'],
    },
  });
});

test('the second dose completes the series; no third dose before boosters open; an AstraZeneca booster after them', async () => {
  const p = elders[0]!;
  const second = okValue(await recordDose(t.db, dose(p, sputnik2, '2021-06-22', 2, 'k-2')));
  assert.equal(second.dose.doseKind, 'second');
  assert.deepEqual(await recordDose(t.db, dose(p, astrazeneca, '2021-07-01', 3, 'k-3')), {
    ok: false,
    error: { code: 'series_complete', dosesGiven: 2 },
  });
  assert.deepEqual(await recordDose(t.db, dose(p, sinopharm, '2021-10-20', 3, 'k-3')), {
    ok: false,
    error: {
      code: 'wrong_product_for_dose',
      doseNumber: 3,
      product: 'sinopharm',
      allowedProducts: ['astrazeneca'],
    },
  });
  const booster = okValue(await recordDose(t.db, dose(p, astrazeneca, '2021-10-20', 3, 'k-3')));
  assert.equal(booster.dose.doseKind, 'booster');
  assert.deepEqual(
    okValue(await dosesOf(t.db, keyOf(p))).map((d) => [d.doseNumber, d.doseKind, d.product]),
    [
      [1, 'first', 'sputnik_v_1'],
      [2, 'second', 'sputnik_v_2'],
      [3, 'booster', 'astrazeneca'],
    ],
  );
});

test('a dose out of order, a person whose cohort is not open, an expired lot, a lot not at the site: each refused precisely', async () => {
  const p = elders[1]!;
  assert.deepEqual(await recordDose(t.db, dose(p, sputnik2, '2021-06-22', 2, 'o-1')), {
    ok: false,
    error: { code: 'dose_out_of_order', doseNumber: 2, nextDoseNumber: 1 },
  });
  const notOpen = await recordDose(t.db, dose(young, sinopharm, '2021-06-01', 1, 'y-1'));
  assert.deepEqual(notOpen, {
    ok: false,
    error: {
      code: 'not_eligible_today',
      on: '2021-06-01',
      doseNumber: 1,
      reason: 'cohort_not_open',
      ciWeekday: null,
    },
  });
  if (!notOpen.ok) assert.match(describeFailure(notOpen.error, 'es').detail, /ningún grupo suyo/);
  assert.deepEqual(await recordDose(t.db, dose(p, expired, '2021-06-01', 1, 'e-1')), {
    ok: false,
    error: { code: 'lot_expired', lotId: expired.id, expiresOn: '2021-05-31', on: '2021-06-01' },
  });
  assert.deepEqual(await recordDose(t.db, dose(p, warehouseOnly, '2021-06-01', 1, 'w-1')), {
    ok: false,
    error: { code: 'lot_not_at_site', lotId: warehouseOnly.id, site: SITE },
  });
  assert.deepEqual(okValue(await dosesOf(t.db, keyOf(p))), []);
});

test('eligibility names the next dose, its products and its window', async () => {
  const p = elders[2]!;
  okValue(await recordDose(t.db, dose(p, sinopharm, '2021-06-01', 1, 'e-p2')));
  const e = okValue(await eligibilityOn(t.db, keyOf(p), '2021-06-15', { weekday: true }));
  assert.deepEqual(e.next, {
    doseNumber: 2,
    doseKind: 'second',
    products: ['sinopharm'],
    earliestOn: '2021-06-22',
    latestOn: '2021-06-29',
  });
  assert.deepEqual(e.refusal, {
    code: 'dose_too_early',
    doseNumber: 2,
    earliestOn: '2021-06-22',
    on: '2021-06-15',
  });
  assert.deepEqual(
    await eligibilityOn(t.db, { ciNumber: '1', complemento: '', dateOfBirth: '1900-01-01' }, '2021-06-15'),
    { ok: false, error: { code: 'person_not_found' } },
  );
});

test(`${RETRIES} concurrent retries of one key: one record, one audit entry, the stock moved once`, async () => {
  const p = elders[3]!;
  const before = await siteStock(sinopharm);
  const clients: Database[] = await Promise.all(
    Array.from({ length: RETRIES }, () => openPostgres(t.url, 1)),
  );
  let results: Awaited<ReturnType<typeof recordDose>>[];
  try {
    results = await Promise.all(
      clients.map((c) => recordDose(c, dose(p, sinopharm, '2021-06-02', 1, 'retry-1'))),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  for (const r of results) assert.ok(r.ok, show(r));
  assert.equal(results.filter((r) => r.ok && !r.value.replayed).length, 1);
  assert.equal(await siteStock(sinopharm), before - 1n);
  assert.equal(okValue(await dosesOf(t.db, keyOf(p))).length, 1);
  const [audit] = await t.db.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM audit_entry WHERE action = 'vaccination_dose.recorded' AND entity_id = $1`,
    [`${p.id}:1`],
  );
  assert.equal(audit?.n, 1);
  const verified = await verifyLedger(t.db);
  assert.deepEqual(verified.problems, []);
});
