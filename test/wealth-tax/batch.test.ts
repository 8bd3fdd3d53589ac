import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../../src/audit/index.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { balanceOf, fileDeclaration, fileDeclarations } from '../../src/wealth-tax/index.ts';
import {
  AT,
  failure,
  must,
  OFFICER,
  USD_ASSETS,
  type WealthTaxFixture,
  wealthTaxFixture,
} from './fixture.ts';

/**
 * Filing many at once (src/wealth-tax/declaration-batch.ts): each filing of a batch is assessed
 * and booked as it would be alone — the same tax, the same balance — the answers come back in the
 * batch's order, a refused one writes nothing and stops nothing else, retries and amendments take
 * the one-by-one way, and each filing of the batch has its own audit entry, as alone.
 */

let f: WealthTaxFixture;

before(async () => {
  f = await wealthTaxFixture();
  for (const nit of ['2000001', '2000002', '2000003', '2000004', '2000006']) await f.filer(nit);
  // 2000005 has no residence for 2020: its filing is refused.
  must(
    await f.register({
      nit: '2000005',
      fullName: 'Sin residencia',
      passport: { number: 'P2000005', country: 'AR' },
      departmentCode: 7,
    }),
  );
});

after(async () => {
  await f?.dispose();
});

const filing = (nit: string, key: string, extra: Record<string, unknown> = {}) => ({
  nit,
  fortuneYear: 2020,
  filedOn: '2021-03-20',
  declaration: USD_ASSETS,
  filingKey: key,
  ...extra,
});

test('a batch files each original as alone would, in order; a refusal stops nothing else', async () => {
  // The tax one filing alone gets, for comparison.
  const alone = must(await fileDeclaration(f.db, filing('2000004', 'alone:4'), OFFICER, AT));
  const results = await fileDeclarations(
    f.db,
    [
      filing('2000001', 'batch:1'),
      filing('2000005', 'batch:5'),
      filing('2000002', 'batch:2'),
      // The same taxpayer's year twice in one batch: the second is an amendment, one by one.
      filing('2000003', 'batch:3a'),
      filing('2000003', 'batch:3b', { reason: 'Corrige la cuenta' }),
    ],
    OFFICER,
    AT,
  );
  assert.equal(results.length, 5);
  const one = must(results[0]!);
  assert.equal(one.declaration.version, 1);
  assert.equal(one.assessment.taxCentavos, alone.assessment.taxCentavos);
  assert.equal(failure(results[1]!).code, 'residence_missing');
  assert.equal(must(results[2]!).declaration.taxpayerId !== one.declaration.taxpayerId, true);
  assert.equal(must(results[3]!).declaration.version, 1);
  assert.equal(must(results[4]!).declaration.version, 2);
  // The balance on the ledger is the tax, for a batch filing as for one alone.
  for (const nit of ['2000001', '2000002', '2000004'])
    assert.equal(must(await balanceOf(f.db, nit, 2020)).balanceCentavos, alone.assessment.taxCentavos);
  assert.equal(must(await balanceOf(f.db, '2000003', 2020)).taxCentavos, alone.assessment.taxCentavos);
});

test('a retry of a batch files nothing again and answers the first filings', async () => {
  const again = await fileDeclarations(
    f.db,
    [filing('2000001', 'batch:1'), filing('2000002', 'batch:2')],
    OFFICER,
    AT,
  );
  assert.deepEqual(
    again.map((r) => must(r).created),
    [false, false],
  );
  assert.equal(must(await balanceOf(f.db, '2000001', 2020)).payments.length, 0);
  const record = must(await f.read({ nit: '2000001', fortuneYear: 2020, on: '2021-04-01', lang: 'es' }));
  assert.equal(record.versions.length, 1);
  // The same key twice in one batch (a double send inside it): filed once, the second a retry.
  const twice = await fileDeclarations(
    f.db,
    [filing('2000006', 'dup:6'), filing('2000006', 'dup:6')],
    OFFICER,
    AT,
  );
  assert.deepEqual(
    twice.map((r) => must(r).created),
    [true, false],
  );
});

test('one audit entry per filing of the batch, as a lone filing writes, never the items; chain and ledger verify', async () => {
  const entries = await listAuditEntries(f.db, { last: 200 });
  const batch = entries.filter(
    (e) =>
      e.action === 'wealth_tax_declaration.filed' &&
      ['2000001', '2000002'].includes((e.after as { nit?: string } | null)?.nit ?? ''),
  );
  assert.equal(batch.length, 2);
  // Each names its declaration, so a look-up by declaration finds the filing.
  const [ids] = await f.db.query<{ ids: string[] }>(
    `SELECT array_agg(d.id::text) AS ids FROM wealth_tax_declaration d
     JOIN wealth_tax_taxpayer t ON t.id = d.taxpayer_id WHERE t.nit IN ('2000001', '2000002')`,
  );
  assert.deepEqual(batch.map((e) => e.entityId).sort(), ids!.ids.sort());
  for (const e of batch) {
    assert.equal(e.before, null);
    assert.deepEqual(Object.keys(e.after as object).sort(), ['fortuneYear', 'nit', 'taxCentavos', 'version']);
    assert.equal((e.after as { version: number }).version, 1);
  }
  // Written together under one lock of the head: consecutive in the chain.
  assert.equal(batch[1]!.seq, batch[0]!.seq + 1n);
  // The year filed twice in the batch went the one-by-one way, each with its own entry.
  const own = entries
    .filter((e) => e.entityType === 'wealth_tax_declaration')
    .filter((e) => (e.after as { nit?: string } | null)?.nit === '2000003')
    .map((e) => e.action);
  assert.deepEqual(own, ['wealth_tax_declaration.filed', 'wealth_tax_declaration.amended']);
  assert.ok(!JSON.stringify(batch.map((e) => e.after)).includes('Miami'));
  assert.equal((await verifyAuditChain(f.db)).ok, true);
  assert.deepEqual((await verifyLedger(f.db)).problems, []);
});
