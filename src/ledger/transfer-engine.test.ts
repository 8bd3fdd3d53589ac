import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transfer, TransferInput } from './ledger.types.ts';
import {
  type AccountState,
  type BatchSnapshot,
  decideBatch,
  LedgerRaceError,
  sameTransfer,
} from './transfer-engine.ts';

/** The batch decisions without a database: what is decided, and what is to be written. */

const T = new Date('2020-12-01T20:00:00Z');

function account(id: bigint, over: Partial<AccountState> = {}): AccountState {
  return {
    id,
    ledger: 'BOB',
    debitsMustNotExceedCredits: false,
    creditsMustNotExceedDebits: false,
    debitsPending: 0n,
    debitsPosted: 0n,
    creditsPending: 0n,
    creditsPosted: 0n,
    ...over,
  };
}

function recorded(over: Partial<Transfer> & Pick<Transfer, 'id'>): Transfer {
  return {
    seq: 1n,
    kind: 'single_phase',
    debitAccountId: 1n,
    creditAccountId: 2n,
    amount: 100n,
    ledger: 'BOB',
    code: 'bono.payout',
    pendingId: null,
    reversesId: null,
    expiresAt: null,
    uniqueKey: null,
    personId: null,
    userData64: null,
    userDataText: null,
    occurredAt: T,
    ...over,
  };
}

function snapshot(over: Partial<BatchSnapshot> = {}): BatchSnapshot {
  return {
    // 1: entitlements payable, holding 300 and refusing to go below zero; 2 and 3: two banks.
    accounts: new Map([
      [1n, account(1n, { debitsMustNotExceedCredits: true, creditsPosted: 300n })],
      [2n, account(2n)],
      [3n, account(3n)],
    ]),
    transfers: new Map(),
    resolutions: new Map(),
    reversals: new Map(),
    keyHolders: new Map(),
    ...over,
  };
}

const pay = (id: string, over: Partial<TransferInput> = {}): TransferInput =>
  ({
    id,
    debitAccountId: 1n,
    creditAccountId: 2n,
    amount: 100n,
    ledger: 'BOB',
    code: 'bono.payout',
    occurredAt: T,
    ...over,
  }) as TransferInput;

test('the balances and keys to write are the net of the batch', () => {
  const s = snapshot();
  const out = decideBatch(s, [
    pay('a', { uniqueKey: 'k1' }),
    pay('b', { creditAccountId: 3n }),
    pay('c'),
    pay('d'),
  ]);
  assert.deepEqual(
    out.results.map((r) => r.result),
    ['ok', 'ok', 'ok', 'exceeds_credits'],
  );
  assert.deepEqual(
    out.created.map((t) => t.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual([...out.keysClaimed.keys()], ['k1']);
  assert.equal(out.keysReleased.size, 0);
  const byId = new Map(out.changedAccounts.map((a) => [a.id, a]));
  assert.equal(byId.get(1n)!.debitsPosted, 300n);
  assert.equal(byId.get(2n)!.creditsPosted, 200n);
  assert.equal(byId.get(3n)!.creditsPosted, 100n);
  // The snapshot itself is never changed.
  assert.equal(s.accounts.get(1n)!.debitsPosted, 0n);
});

test('a failed chain undoes its balances, keys, resolutions and ids', () => {
  const pending = recorded({ id: 'dep', kind: 'pending', uniqueKey: 'k-dep' });
  const s = snapshot({
    accounts: new Map([
      [1n, account(1n, { debitsMustNotExceedCredits: true, creditsPosted: 300n, debitsPending: 100n })],
      [2n, account(2n, { creditsPending: 100n })],
      [3n, account(3n)],
    ]),
    transfers: new Map([['dep', pending]]),
    keyHolders: new Map([['k-dep', 'dep']]),
  });
  const out = decideBatch(s, [
    {
      id: 'void',
      kind: 'void_pending',
      pendingId: 'dep',
      code: 'bono.deposit_rejected',
      occurredAt: T,
      linked: true,
    },
    pay('x', { uniqueKey: 'k-dep', creditAccountId: 3n, linked: true }),
    pay('y', { amount: 1_000n }),
    // After the failed chain, the key and the reservation are back as they were.
    pay('z', { uniqueKey: 'k-dep' }),
    { id: 'post', kind: 'post_pending', pendingId: 'dep', code: 'bono.deposit_accepted', occurredAt: T },
    pay('x', { uniqueKey: 'k-dep', creditAccountId: 3n }),
  ]);
  assert.deepEqual(
    out.results.map((r) => r.result),
    [
      'linked_event_failed',
      'linked_event_failed',
      'exceeds_credits',
      'unique_key_exists',
      'ok',
      'unique_key_exists',
    ],
  );
  assert.deepEqual(
    out.created.map((t) => t.id),
    ['post'],
  );
  assert.equal(out.keysClaimed.size + out.keysReleased.size, 0);
  const payable = out.changedAccounts.find((a) => a.id === 1n)!;
  assert.equal(payable.debitsPending, 0n);
  assert.equal(payable.debitsPosted, 100n);
});

test('a key released and claimed again in one batch is one delete and one insert', () => {
  const paid = recorded({ id: 'pay-1', uniqueKey: 'bono:7', personId: 7n });
  const s = snapshot({
    accounts: new Map([
      [1n, account(1n, { debitsMustNotExceedCredits: true, creditsPosted: 300n, debitsPosted: 100n })],
      [2n, account(2n, { creditsPosted: 100n })],
      [3n, account(3n)],
    ]),
    transfers: new Map([['pay-1', paid]]),
    keyHolders: new Map([['bono:7', 'pay-1']]),
  });
  const out = decideBatch(s, [
    pay('rev-1', {
      debitAccountId: 2n,
      creditAccountId: 1n,
      reversesId: 'pay-1',
      code: 'bono.payout_reversal',
    }),
    pay('pay-2', { creditAccountId: 3n, uniqueKey: 'bono:7' }),
  ]);
  assert.deepEqual(
    out.results.map((r) => r.result),
    ['ok', 'ok'],
  );
  assert.deepEqual([...out.keysReleased], [['bono:7', 'pay-1']]);
  assert.deepEqual(
    [...out.keysClaimed].map(([k, t]) => [k, t.id]),
    [['bono:7', 'pay-2']],
  );
});

test('posting a pending transfer whose accounts were not locked is a race, not a wrong answer', () => {
  const pending = recorded({ id: 'dep', kind: 'pending', debitAccountId: 8n, creditAccountId: 9n });
  const s = snapshot({ transfers: new Map([['dep', pending]]) });
  assert.throws(
    () => decideBatch(s, [{ id: 'ok', kind: 'post_pending', pendingId: 'dep', code: 'x', occurredAt: T }]),
    LedgerRaceError,
  );
});

test('sameTransfer ignores the time and the fields a post leaves out', () => {
  const e = recorded({ id: 'a', personId: 5n });
  assert.ok(sameTransfer(pay('a', { personId: 5n, occurredAt: new Date(0) }), e));
  assert.ok(!sameTransfer(pay('a'), e));
  const post = recorded({ id: 'p', kind: 'post_pending', pendingId: 'dep' });
  assert.ok(
    sameTransfer(
      { id: 'p', kind: 'post_pending', pendingId: 'dep', code: 'bono.payout', occurredAt: T },
      post,
    ),
  );
  assert.ok(
    !sameTransfer(
      { id: 'p', kind: 'post_pending', pendingId: 'dep', amount: 99n, code: 'bono.payout', occurredAt: T },
      post,
    ),
  );
});
