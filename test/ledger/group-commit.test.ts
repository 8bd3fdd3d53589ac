import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CreateTransferResult,
  createTransfers,
  GroupCommitQueueFull,
  GroupCommitter,
  getAccounts,
  type TransferInput,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { BONO, type Chart, fund, move, openChart } from './ledger-fixture.ts';

/** Group commit: concurrent single payouts gathered into batches, each batch one transaction. */

let t: TestDatabase;
let c: Chart;
const PERSONS = 300;

before(async () => {
  t = await createTestDatabase();
  c = await openChart(t.db, 'g');
  await fund(t.db, c, BigInt(PERSONS) * BONO, 'g:f');
});
after(async () => {
  assert.deepEqual((await verifyLedger(t.db)).problems, []);
  await t.dispose();
});

const payout = (person: number, bank: Chart['union']): TransferInput =>
  move(`g:pay:${bank.code}:${person}`, c.payable, bank, BONO, {
    code: 'bono.payout',
    uniqueKey: `g:bono:${person}`,
    personId: BigInt(person),
  });

test('concurrent requests are committed in batches, each answered with its own result', async () => {
  const batchSizes: number[] = [];
  const committer = new GroupCommitter<TransferInput, CreateTransferResult>({
    db: t.db,
    maxBatch: 100,
    run: async (tx, items) => {
      batchSizes.push(items.length);
      return createTransfers(tx, items);
    },
  });
  // Every person asked twice, by two banks: the second asks are refused by the unique key.
  const asks = Array.from({ length: PERSONS }, (_, i) => [
    payout(i + 1, c.union),
    payout(i + 1, c.bnb),
  ]).flat();
  const results = await Promise.all(asks.map((a) => committer.submit(a)));
  await committer.close();
  const tally = new Map<string, number>();
  for (const r of results) tally.set(r.result, (tally.get(r.result) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(tally), { ok: PERSONS, unique_key_exists: PERSONS });
  results.forEach((r, i) => {
    if (r.result === 'ok') assert.equal(r.transfer.id, asks[i]!.id, 'each request gets its own result');
  });
  assert.ok(
    batchSizes.length < asks.length / 10,
    `batched: ${batchSizes.length} batches for ${asks.length} requests`,
  );
  assert.ok(Math.max(...batchSizes) <= 100);
  const [payable] = await getAccounts(t.db, [c.payable.id]);
  assert.equal(payable!.debitsPosted, BigInt(PERSONS) * BONO);
  await assert.rejects(committer.submit(payout(1, c.union)), /closed/);
});

test('a full queue refuses at once, and a failed batch fails only its own requests', async () => {
  let calls = 0;
  const committer = new GroupCommitter<number, number>({
    db: t.db,
    maxBatch: 2,
    maxQueued: 4,
    run: async (_tx, items) => {
      calls++;
      if (items.includes(13)) throw new Error('unlucky batch');
      return items.map((n) => n * 2);
    },
  });
  // Batches of two: [1, 2] and [13, 4]; the fifth finds the queue full.
  const settled = await Promise.allSettled([1, 2, 13, 4, 5].map((n) => committer.submit(n)));
  assert.deepEqual(
    settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).constructor.name)),
    [2, 4, 'Error', 'Error', 'GroupCommitQueueFull'],
  );
  assert.ok(settled[4]!.status === 'rejected' && settled[4]!.reason instanceof GroupCommitQueueFull);
  // The committer goes on after a failed batch.
  assert.equal(await committer.submit(6), 12);
  await committer.close();
  assert.equal(calls, 3);
});
