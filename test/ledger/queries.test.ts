import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  accountStatement,
  balanceAt,
  createTransfers,
  getAccounts,
  type StatementEntry,
  totalsByCode,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { at, BONO, type Chart, codes, fund, move, openChart } from './ledger-fixture.ts';

/** Balances at a time, paged statements and totals by reason code, read from the transfers. */

let t: TestDatabase;
let c: Chart;
const PAYOUTS = 25;

before(async () => {
  t = await createTestDatabase();
  c = await openChart(t.db, 'q');
  await fund(t.db, c, 40n * BONO, 'q:f');
  // Payouts every ten minutes alternating between two banks, two of them in one minute recorded in
  // reverse order, a deposit reserved then posted, and a reversal.
  const payouts = Array.from({ length: PAYOUTS }, (_, i) =>
    move(`q:pay:${String(i).padStart(2, '0')}`, c.payable, i % 2 === 0 ? c.union : c.bnb, BONO, {
      code: 'bono.payout',
      occurredAt: at(10 * (i + 1)),
    }),
  );
  assert.ok(codes(await createTransfers(t.db, payouts.slice(0, 20))).every((r) => r === 'ok'));
  assert.ok(codes(await createTransfers(t.db, payouts.slice(20).reverse())).every((r) => r === 'ok'));
  const results = await createTransfers(t.db, [
    {
      ...move('q:dep', c.payable, c.union, BONO, { code: 'bono.deposit', occurredAt: at(1000) }),
      kind: 'pending',
    },
    {
      id: 'q:dep-ok',
      kind: 'post_pending',
      pendingId: 'q:dep',
      code: 'bono.deposit_accepted',
      occurredAt: at(2000),
    },
    move('q:rev', c.union, c.payable, BONO, {
      code: 'bono.payout_reversal',
      reversesId: 'q:pay:00',
      occurredAt: at(3000),
    }),
  ]);
  assert.deepEqual(codes(results), ['ok', 'ok', 'ok']);
});
after(async () => {
  assert.deepEqual((await verifyLedger(t.db)).problems, []);
  await t.dispose();
});

test('the balance at the end equals the stored balance; earlier times count only what occurred', async () => {
  const [stored] = await getAccounts(t.db, [c.union.id]);
  assert.deepEqual(await balanceAt(t.db, c.union.id, at(10_000)), {
    debitsPending: stored!.debitsPending,
    debitsPosted: stored!.debitsPosted,
    creditsPending: stored!.creditsPending,
    creditsPosted: stored!.creditsPosted,
  });
  // Union paid payouts 0, 2, 4, … (13 of 25) by minute 250.
  assert.deepEqual(await balanceAt(t.db, c.union.id, at(250)), {
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: 0n,
    creditsPosted: 13n * BONO,
  });
  // While the deposit was in flight it was pending; once accepted, posted; the reversal debits.
  assert.deepEqual(await balanceAt(t.db, c.union.id, at(1500)), {
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: BONO,
    creditsPosted: 13n * BONO,
  });
  assert.deepEqual(await balanceAt(t.db, c.union.id, at(3000)), {
    debitsPending: 0n,
    debitsPosted: BONO,
    creditsPending: 0n,
    creditsPosted: 14n * BONO,
  });
  assert.deepEqual(await balanceAt(t.db, c.union.id, at(0)), {
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: 0n,
    creditsPosted: 0n,
  });
});

test('a statement pages by keyset, in the order transfers occurred, without gaps or repeats', async () => {
  const all: StatementEntry[] = [];
  let page = await accountStatement(t.db, c.payable.id, { limit: 4 });
  let pages = 1;
  all.push(...page.entries);
  while (page.next) {
    page = await accountStatement(t.db, c.payable.id, { limit: 4, after: page.next });
    all.push(...page.entries);
    pages++;
    assert.ok(pages < 100, 'paging terminates');
  }
  // Allocation, 25 payouts, the deposit, its posting and the reversal.
  assert.equal(all.length, 1 + PAYOUTS + 3);
  assert.equal(pages, Math.ceil(all.length / 4));
  assert.equal(new Set(all.map((e) => e.transfer.id)).size, all.length);
  const times = all.map((e) => e.transfer.occurredAt.getTime());
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
  assert.deepEqual(
    all.slice(0, 3).map((e) => [e.side, e.transfer.id]),
    [
      ['credit', 'q:f:allocate'],
      ['debit', 'q:pay:00'],
      ['debit', 'q:pay:01'],
    ],
  );
  assert.deepEqual(all.at(-1)!.side, 'credit');
  assert.equal(all.at(-1)!.transfer.id, 'q:rev');
});

test('a statement for a period', async () => {
  const page = await accountStatement(t.db, c.bnb.id, { from: at(20), to: at(60), limit: 10 });
  assert.deepEqual(
    page.entries.map((e) => e.transfer.id),
    ['q:pay:01', 'q:pay:03'],
  );
  assert.equal(page.next, null);
});

test('totals by code, for a ledger, an account or a period', async () => {
  const mine = (await totalsByCode(t.db, { ledger: 'BOB' })).filter((r) => r.code !== 'test.move');
  assert.deepEqual(mine, [
    { ledger: 'BOB', code: 'bono.allocation', kind: 'single_phase', count: 1n, amount: 40n * BONO },
    { ledger: 'BOB', code: 'bono.deposit', kind: 'pending', count: 1n, amount: BONO },
    { ledger: 'BOB', code: 'bono.deposit_accepted', kind: 'post_pending', count: 1n, amount: BONO },
    { ledger: 'BOB', code: 'bono.disbursement', kind: 'single_phase', count: 1n, amount: 40n * BONO },
    {
      ledger: 'BOB',
      code: 'bono.payout',
      kind: 'single_phase',
      count: BigInt(PAYOUTS),
      amount: BigInt(PAYOUTS) * BONO,
    },
    { ledger: 'BOB', code: 'bono.payout_reversal', kind: 'single_phase', count: 1n, amount: BONO },
  ]);
  // BNB paid at minutes 20, 40, 60, 80 and 100; `to` is exclusive.
  const bnb = await totalsByCode(t.db, { accountId: c.bnb.id, from: at(0), to: at(100) });
  assert.deepEqual(bnb, [
    { ledger: 'BOB', code: 'bono.payout', kind: 'single_phase', count: 4n, amount: 4n * BONO },
  ]);
  assert.deepEqual(await totalsByCode(t.db, { ledger: 'vaccine_doses' }), []);
});
