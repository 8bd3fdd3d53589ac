import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import {
  createSite,
  ensureStockLocations,
  type Lot,
  lotsNearExpiry,
  nextLot,
  recordMovement,
  registerLot,
  sitesRunningOut,
  stockAt,
  stockHistory,
} from '../../src/vaccination/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The stock of doses on the ledger: a movement retried moves once, fifty withdrawals racing for
 * twenty doses leave exactly zero (never less), the next lot to use is the first to expire, an
 * expired lot moves only as expired, and the alerts see lots near expiry and sites running out.
 */

const ACTOR = 'account:stock-test';
const AT = new Date('2021-04-20T14:00:00Z');
const WITHDRAWALS = 50;
const STOCK = 20n;

let t: TestDatabase;

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok)
    assert.fail(
      `expected ok, got ${JSON.stringify(r.error, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return r.value;
}

async function lot(lotNumber: string, expiresOn: string, product = 'sinopharm'): Promise<Lot> {
  const r = must(
    await registerLot(
      t.db,
      { product, manufacturer: 'Sinopharm', lotNumber, expiresOn, dosesPerVial: 2 },
      ACTOR,
      AT,
    ),
  );
  return r.lot;
}

async function receive(id: string, l: Lot, doses: bigint, on = '2021-04-20') {
  return recordMovement(
    t.db,
    { id, kind: 'receipt', lotId: l.id, doses, on, occurredAt: new Date(`${on}T16:00:00Z`) },
    ACTOR,
  );
}

before(async () => {
  t = await createTestDatabase();
  await ensureStockLocations(t.db, AT);
  must(
    await createSite(
      t.db,
      {
        code: 'lp-umsa',
        name: 'UMSA Monoblock',
        municipalityCode: '020101',
        access: 'walk_in',
        hours: [2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '08:00', closesAt: '16:00' })),
        capacity: { sinopharm: 800 },
      },
      ACTOR,
      AT,
    ),
  );
});
after(() => t.dispose());

test('a movement retried with its id moves once; the same id for another movement is refused', async () => {
  const l = await lot('IDEM-1', '2022-04-20');
  assert.equal(must(await receive('r-idem', l, 1_000n)).replayed, false);
  assert.equal(must(await receive('r-idem', l, 1_000n)).replayed, true);
  const transfer = {
    id: 't-idem',
    kind: 'transfer' as const,
    lotId: l.id,
    doses: 300n,
    from: 'national-warehouse',
    to: 'sedes-2',
    on: '2021-04-21',
    occurredAt: new Date('2021-04-21T14:00:00Z'),
  };
  const results = await Promise.all([1, 2, 3].map(() => recordMovement(t.db, transfer, ACTOR)));
  assert.equal(results.filter((r) => r.ok && !r.value.replayed).length, 1);
  assert.ok(results.every((r) => r.ok));
  const stock = must(await stockAt(t.db, { product: 'sinopharm' })).filter((s) => s.lot.id === l.id);
  assert.deepEqual(
    stock.map((s) => [s.location, s.availableDoses]),
    [
      ['national-warehouse', 700n],
      ['sedes-2', 300n],
    ],
  );
  const conflict = await recordMovement(t.db, { ...transfer, doses: 301n }, ACTOR);
  assert.deepEqual(conflict, { ok: false, error: { code: 'movement_conflict', movementId: 't-idem' } });
  assert.equal(
    describeFailure(conflict.ok ? assert.fail() : conflict.error, 'en').detail,
    'Movement t-idem is recorded with other details: choose another id.',
  );
  const history = must(await stockHistory(t.db, { location: 'sedes-2', lotId: l.id }));
  assert.deepEqual(
    history.map((h) => [h.kind, h.doses, h.counterpart]),
    [['transfer', 300n, 'national-warehouse']],
  );
});

test(`${WITHDRAWALS} concurrent withdrawals of one dose from ${STOCK}: exactly ${STOCK} succeed, the stock never goes negative`, async () => {
  const l = await lot('RACE-1', '2022-04-20');
  must(await receive('r-race', l, STOCK));
  must(
    await recordMovement(
      t.db,
      {
        id: 't-race',
        kind: 'transfer',
        lotId: l.id,
        doses: STOCK,
        from: 'national-warehouse',
        to: 'site-lp-umsa',
        on: '2021-04-21',
        occurredAt: new Date('2021-04-21T15:00:00Z'),
      },
      ACTOR,
    ),
  );
  const clients: Database[] = await Promise.all(
    Array.from({ length: WITHDRAWALS }, () => openPostgres(t.url, 1)),
  );
  try {
    const results = await Promise.all(
      clients.map((client, i) =>
        recordMovement(
          client,
          {
            id: `given-race-${i}`,
            kind: i % 2 === 0 ? 'administered' : 'wasted',
            lotId: l.id,
            doses: 1n,
            from: 'site-lp-umsa',
            on: '2021-04-22',
            occurredAt: new Date('2021-04-22T15:00:00Z'),
          },
          ACTOR,
        ),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, Number(STOCK));
    for (const r of results.filter((x) => !x.ok)) {
      assert.deepEqual(r, {
        ok: false,
        error: {
          code: 'stock_insufficient',
          location: 'site-lp-umsa',
          lotId: l.id,
          availableDoses: 0n,
          requestedDoses: 1n,
        },
      });
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  const left = must(await stockAt(t.db, { location: 'site-lp-umsa' })).filter((s) => s.lot.id === l.id);
  assert.deepEqual(left, []);
  const verified = await verifyLedger(t.db);
  assert.equal(
    verified.ok,
    true,
    JSON.stringify(verified, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)),
  );
});

test('FEFO: the next lot is the first to expire with doses, not yet expired on the day', async () => {
  const late = await lot('FEFO-LATE', '2021-12-31', 'astrazeneca');
  const early = await lot('FEFO-EARLY', '2021-06-30', 'astrazeneca');
  const gone = await lot('FEFO-GONE', '2021-05-01', 'astrazeneca');
  for (const [i, l] of [late, early, gone].entries()) {
    must(await receive(`r-fefo-${i}`, l, 10n));
    must(
      await recordMovement(
        t.db,
        {
          id: `t-fefo-${i}`,
          kind: 'transfer',
          lotId: l.id,
          doses: 10n,
          from: 'national-warehouse',
          to: 'site-lp-umsa',
          on: '2021-04-22',
          occurredAt: new Date('2021-04-22T15:00:00Z'),
        },
        ACTOR,
      ),
    );
  }
  const ask = (on: string) => nextLot(t.db, { location: 'site-lp-umsa', product: 'astrazeneca', on });
  assert.equal(must(await ask('2021-04-30')).lot.id, gone.id);
  // On 2 May the first lot has expired: the next to expire is used.
  assert.equal(must(await ask('2021-05-02')).lot.id, early.id);
  must(
    await recordMovement(
      t.db,
      {
        id: 'given-fefo',
        kind: 'administered',
        lotId: early.id,
        doses: 10n,
        from: 'site-lp-umsa',
        on: '2021-05-02',
        occurredAt: new Date('2021-05-02T15:00:00Z'),
      },
      ACTOR,
    ),
  );
  assert.equal(must(await ask('2021-05-02')).lot.id, late.id);
  assert.deepEqual(await ask('2022-01-01'), {
    ok: false,
    error: { code: 'stock_empty', location: 'site-lp-umsa', product: 'astrazeneca' },
  });
});

test('an expired lot moves only as expired, and only after its expiry date', async () => {
  const l = await lot('EXP-1', '2021-05-10');
  must(await receive('r-exp', l, 50n, '2021-05-01'));
  const move = (id: string, kind: 'transfer' | 'expired', on: string) =>
    recordMovement(
      t.db,
      {
        id,
        kind,
        lotId: l.id,
        doses: 50n,
        from: 'national-warehouse',
        to: 'sedes-2',
        on,
        occurredAt: new Date(`${on}T15:00:00Z`),
      },
      ACTOR,
    );
  assert.deepEqual(await move('t-exp', 'transfer', '2021-05-11'), {
    ok: false,
    error: { code: 'lot_expired', lotId: l.id, expiresOn: '2021-05-10', on: '2021-05-11' },
  });
  assert.deepEqual(await move('x-exp-early', 'expired', '2021-05-10'), {
    ok: false,
    error: { code: 'movement_invalid', movementId: 'x-exp-early', problem: 'not_expired_yet' },
  });
  const written = must(await move('x-exp', 'expired', '2021-05-11'));
  assert.equal(written.to, null);
  const left = must(await stockAt(t.db, { location: 'national-warehouse' })).filter((s) => s.lot.id === l.id);
  assert.deepEqual(left, []);
  // The stock as it stood before the write-off, from the ledger's transfers.
  const before = must(
    await stockAt(t.db, { location: 'national-warehouse', at: new Date('2021-05-05T00:00:00Z') }),
  );
  assert.equal(before.find((s) => s.lot.id === l.id)?.availableDoses, 50n);
});

test('alerts: lots near expiry, and a site that will run out at its pace', async () => {
  const near = await lot('NEAR-1', '2021-06-10', 'pfizer');
  must(await receive('r-near', near, 600n, '2021-06-01'));
  const alerts = await lotsNearExpiry(t.db, { on: '2021-06-01' });
  const mine = alerts.find((a) => a.lot.id === near.id);
  assert.deepEqual(mine && [mine.location, mine.availableDoses, mine.daysLeft], [
    'national-warehouse',
    600n,
    9,
  ]);
  assert.equal(
    (await lotsNearExpiry(t.db, { on: '2021-06-01', days: 5 })).some((a) => a.lot.id === near.id),
    false,
  );

  // 600 doses at the site, 10 given a day for a week: the 530 left last 53 days (no alert); after
  // another 500 on the last day, the 30 left do not last a day at 570 a week (alert, horizon 7).
  const moveTo = must(
    await recordMovement(
      t.db,
      {
        id: 't-pace',
        kind: 'transfer',
        lotId: near.id,
        doses: 600n,
        from: 'national-warehouse',
        to: 'site-lp-umsa',
        on: '2021-06-01',
        occurredAt: new Date('2021-06-01T13:00:00Z'),
      },
      ACTOR,
    ),
  );
  assert.equal(moveTo.doses, 600n);
  const give = (id: string, doses: bigint, on: string) =>
    recordMovement(
      t.db,
      {
        id,
        kind: 'administered',
        lotId: near.id,
        doses,
        from: 'site-lp-umsa',
        on,
        occurredAt: new Date(`${on}T15:00:00Z`),
      },
      ACTOR,
    );
  for (let d = 1; d <= 7; d++) must(await give(`pace-${d}`, 10n, `2021-06-0${d}`));
  assert.deepEqual(await sitesRunningOut(t.db, { on: '2021-06-08' }), []);
  must(await give('pace-8', 500n, '2021-06-07'));
  assert.deepEqual(await sitesRunningOut(t.db, { on: '2021-06-08' }), [
    { site: 'lp-umsa', product: 'pfizer', availableDoses: 30n, dosesPerDay: 570 / 7, daysLeft: 0 },
  ]);
});
