import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createTransfers,
  expiredPendingTransfers,
  getAccounts,
  type PendingTransferInput,
  type ResolvePendingTransferInput,
  reversalOf,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import {
  at,
  BONO,
  type Chart,
  codes,
  conflictingOf,
  fund,
  move,
  openChart,
  transferOf,
} from './ledger-fixture.ts';

/**
 * Two-phase transfers, as deposits use them: the export file reserves the amount (pending), the
 * bank's pain.002 acceptance posts it, a rejection voids it.
 */

let t: TestDatabase;
let namespaces = 0;
const chart = async () => openChart(t.db, `p${++namespaces}`);

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  const v = await verifyLedger(t.db);
  assert.deepEqual(v.problems, []);
  await t.dispose();
});

const deposit = (id: string, c: Chart, over: Partial<PendingTransferInput> = {}): PendingTransferInput => ({
  ...move(id, c.payable, c.union, BONO, { code: 'bono.deposit', occurredAt: at(60) }),
  kind: 'pending',
  ...over,
});
const post = (id: string, pendingId: string, over: Partial<ResolvePendingTransferInput> = {}) =>
  ({
    id,
    kind: 'post_pending',
    pendingId,
    code: 'bono.deposit_accepted',
    occurredAt: at(120),
    ...over,
  }) as ResolvePendingTransferInput;
const voidOf = (id: string, pendingId: string, over: Partial<ResolvePendingTransferInput> = {}) =>
  post(id, pendingId, { kind: 'void_pending', code: 'bono.deposit_rejected', ...over });

async function balances(a: Chart[keyof Chart]) {
  const [x] = await getAccounts(t.db, [a.id]);
  return {
    debitsPending: x!.debitsPending,
    debitsPosted: x!.debitsPosted,
    creditsPending: x!.creditsPending,
    creditsPosted: x!.creditsPosted,
  };
}

test('a pending transfer reserves its amount, and the reservation counts against the flag', async () => {
  const c = await chart();
  await fund(t.db, c, BONO, `${c.payable.code}:f`);
  const results = await createTransfers(t.db, [
    deposit('p1:dep', c),
    move('p1:counter', c.payable, c.bnb, BONO), // the same money cannot also be paid at a counter
  ]);
  assert.deepEqual(codes(results), ['ok', 'exceeds_credits']);
  assert.deepEqual(await balances(c.payable), {
    debitsPending: BONO,
    debitsPosted: 0n,
    creditsPending: 0n,
    creditsPosted: BONO,
  });
  assert.deepEqual(await balances(c.union), {
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: BONO,
    creditsPosted: 0n,
  });
});

test('posting moves the reservation to posted; a retry is `exists`; voiding it then is refused', async () => {
  const c = await chart();
  await fund(t.db, c, BONO, `${c.payable.code}:f`);
  await createTransfers(t.db, [deposit('p2:dep', c)]);
  const [posted] = await createTransfers(t.db, [post('p2:ok', 'p2:dep')]);
  const p = transferOf(posted);
  assert.equal(p.kind, 'post_pending');
  assert.equal(p.debitAccountId, c.payable.id, 'accounts are taken from the pending transfer');
  assert.equal(p.amount, BONO);
  assert.deepEqual(await balances(c.payable), {
    debitsPending: 0n,
    debitsPosted: BONO,
    creditsPending: 0n,
    creditsPosted: BONO,
  });
  const results = await createTransfers(t.db, [
    post('p2:ok', 'p2:dep', { occurredAt: at(500) }),
    post('p2:ok', 'p2:dep', { amount: BONO, debitAccountId: c.payable.id, ledger: 'BOB' }),
    post('p2:ok', 'p2:dep', { code: 'bono.other' }),
    voidOf('p2:rejected', 'p2:dep'),
    post('p2:ok-again', 'p2:dep'),
  ]);
  assert.deepEqual(codes(results), [
    'exists',
    'exists',
    'exists_with_different_fields',
    'pending_transfer_already_posted',
    'pending_transfer_already_posted',
  ]);
  assert.equal(conflictingOf(results[3]).id, 'p2:ok');
});

test('voiding releases the reservation and the unique key: the person may collect at a counter', async () => {
  const c = await chart();
  await fund(t.db, c, BONO, `${c.payable.code}:f`);
  await createTransfers(t.db, [deposit('p3:dep', c, { uniqueKey: 'p3:bono:8', personId: 8n })]);
  const before = await createTransfers(t.db, [
    move('p3:counter', c.payable, c.bnb, BONO, { uniqueKey: 'p3:bono:8' }),
  ]);
  assert.deepEqual(codes(before), ['unique_key_exists']);
  const results = await createTransfers(t.db, [
    voidOf('p3:rejected', 'p3:dep', { personId: 8n, userDataText: 'AC04' }),
    post('p3:late-accept', 'p3:dep'),
    move('p3:counter', c.payable, c.bnb, BONO, { uniqueKey: 'p3:bono:8', personId: 8n }),
  ]);
  assert.deepEqual(codes(results), ['ok', 'pending_transfer_already_voided', 'ok']);
  assert.deepEqual(await balances(c.union), {
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: 0n,
    creditsPosted: 0n,
  });
  assert.equal((await balances(c.payable)).debitsPosted, BONO);
});

test('each way a post or void can be wrong has its own code', async () => {
  const c = await chart();
  await fund(t.db, c, 2n * BONO, `${c.payable.code}:f`);
  await createTransfers(t.db, [
    deposit('p4:dep', c, { expiresAt: at(24 * 60) }),
    move('p4:single', c.payable, c.bnb, 1n),
  ]);
  const results = await createTransfers(t.db, [
    post('p4:a', 'p4:nothing'),
    post('p4:b', 'p4:single'),
    post('p4:c', 'p4:dep', { creditAccountId: c.bnb.id }),
    post('p4:d', 'p4:dep', { ledger: 'USD' }),
    post('p4:e', 'p4:dep', { amount: BONO - 1n }),
    post('p4:f', 'p4:dep', { occurredAt: at(59) }),
    post('p4:g', 'p4:dep', { occurredAt: at(24 * 60) }),
    // Expired: it can no longer be posted, but voiding it releases the money.
    voidOf('p4:h', 'p4:dep', { occurredAt: at(25 * 60) }),
  ]);
  assert.deepEqual(codes(results), [
    'pending_transfer_not_found',
    'pending_transfer_not_pending',
    'pending_transfer_has_different_accounts',
    'pending_transfer_has_different_ledger',
    'pending_transfer_has_different_amount',
    'timestamp_precedes_pending_transfer',
    'pending_transfer_expired',
    'ok',
  ]);
});

test('a pending transfer and its posting in one batch; a linked chain of them fails whole', async () => {
  const c = await chart();
  await fund(t.db, c, BONO, `${c.payable.code}:f`);
  const results = await createTransfers(t.db, [
    deposit('p5:dep-1', c, { linked: true }),
    post('p5:ok-1', 'p5:dep-1', { linked: true }),
    move('p5:over', c.payable, c.bnb, 1n), // nothing left: fails the chain
    deposit('p5:dep-2', c),
    post('p5:ok-2', 'p5:dep-2'),
  ]);
  assert.deepEqual(codes(results), [
    'linked_event_failed',
    'linked_event_failed',
    'exceeds_credits',
    'ok',
    'ok',
  ]);
  assert.deepEqual(await balances(c.payable), {
    debitsPending: 0n,
    debitsPosted: BONO,
    creditsPending: 0n,
    creditsPosted: BONO,
  });
});

test('reversing a posted deposit (returned by the bank) releases the key its pending transfer held', async () => {
  const c = await chart();
  await fund(t.db, c, BONO, `${c.payable.code}:f`);
  await createTransfers(t.db, [deposit('p6:dep', c, { uniqueKey: 'p6:bono:9', personId: 9n })]);
  const [posted] = await createTransfers(t.db, [post('p6:ok', 'p6:dep', { personId: 9n })]);
  const results = await createTransfers(t.db, [
    reversalOf(transferOf(posted), {
      id: 'p6:returned',
      code: 'bono.deposit_returned',
      occurredAt: at(3000),
    }),
    move('p6:counter', c.payable, c.bnb, BONO, {
      uniqueKey: 'p6:bono:9',
      personId: 9n,
      occurredAt: at(3100),
    }),
  ]);
  assert.deepEqual(codes(results), ['ok', 'ok']);
  // A pending transfer itself is not reversed: it is voided.
  const [r] = await createTransfers(t.db, [
    { ...move('p6:rev-pending', c.union, c.payable, BONO), reversesId: 'p6:dep' },
  ]);
  assert.equal(r!.result, 'reversed_transfer_not_reversible');
});

test('expired pending transfers are listed until voided', async () => {
  const c = await chart();
  await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
  await createTransfers(t.db, [
    deposit('p7:a', c, { expiresAt: at(100) }),
    deposit('p7:b', c, { expiresAt: at(200) }),
    deposit('p7:c', c, { expiresAt: at(300) }),
  ]);
  const mine = async (minutes: number, afterId?: string) =>
    (await expiredPendingTransfers(t.db, { at: at(minutes), limit: 1000, ...(afterId ? { afterId } : {}) }))
      .map((p) => p.id)
      .filter((id) => id.startsWith('p7:'));
  assert.deepEqual(await mine(99), []);
  assert.deepEqual(await mine(250), ['p7:a', 'p7:b']);
  assert.deepEqual(await mine(250, 'p7:a'), ['p7:b']);
  await createTransfers(t.db, [voidOf('expire:p7:a', 'p7:a', { occurredAt: at(250) })]);
  assert.deepEqual(await mine(400), ['p7:b', 'p7:c']);
});
