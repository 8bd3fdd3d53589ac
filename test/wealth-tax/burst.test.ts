import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../../src/ledger/index.ts';
import { balanceOf } from '../../src/wealth-tax/index.ts';
import { must, USD_ASSETS, type WealthTaxFixture, wealthTaxFixture } from './fixture.ts';

/**
 * A burst: 300 identical payment requests at once (a bank retrying, a double-clicked form)
 * record one payment, one ledger transfer and one set of late charges; the others answer that it
 * was recorded before.
 */

let f: WealthTaxFixture;
before(async () => {
  f = await wealthTaxFixture();
  await f.filer('7000001');
  must(
    await f.file({
      nit: '7000001',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'burst:7000001',
    }),
  );
});
after(() => f.dispose());

test('300 parallel identical payments record one payment', async () => {
  const input = {
    nit: '7000001',
    fortuneYear: 2020,
    paymentId: 'bank:burst:1',
    paidOn: '2021-04-12',
    currency: 'BOB' as const,
    amount: '100000.00',
  };
  const results = await Promise.all(Array.from({ length: 300 }, () => f.pay(input)));
  const ok = results.map((r) => must(r));
  assert.equal(ok.filter((r) => r.created).length, 1);
  assert.equal(ok.filter((r) => !r.created).length, 299);
  assert.equal(ok.filter((r) => r.charges.length > 0).length, 1, 'late charges settled once');
  const payments = await f.db.query<{ n: bigint }>('SELECT count(*) AS n FROM wealth_tax_payment');
  assert.equal(payments[0]!.n, 1n);
  const transfers = await f.db.query<{ n: bigint }>(
    "SELECT count(*) AS n FROM ledger_transfer WHERE id LIKE 'wealth-tax:pay:%'",
  );
  assert.equal(transfers[0]!.n, 1n);
  const balance = must(await balanceOf(f.db, '7000001', 2020));
  assert.equal(balance.paidCentavos, 10_000_000n);
  assert.deepEqual((await verifyLedger(f.db)).problems, []);
});
