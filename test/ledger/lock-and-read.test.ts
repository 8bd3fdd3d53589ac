import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Sql } from '../../src/db/database.ts';
import { createTransfers, getAccounts, type TransferInput } from '../../src/ledger/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import {
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
 * createTransfers locks its accounts and reads what the batch may conflict with in one statement,
 * whose snapshot is taken before the lock is granted. A batch that waited for the lock while
 * another transaction recorded, on the same accounts, the same transfer or the same unique key must
 * still see it — as `exists` or `unique_key_exists`, the answer of a batch that read after the lock
 * — not decide again and fail on the insert. Each case holds the first transaction open until the
 * second is waiting for the lock, then commits it.
 */

let t: TestDatabase;
let c: Chart;

before(async () => {
  t = await createTestDatabase();
  c = await openChart(t.db, 'lockread');
  await fund(t.db, c, 10n * BONO);
});

after(async () => {
  await t.dispose();
});

/** Resolves once a backend of this database is waiting for a lock (or after 5 s). */
async function someoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [w] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (w!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Runs `first` in a transaction that stays open until `second`, in its own transaction, waits for
 * the accounts `first` locked; returns what `second` answered (it is not retried: a race would throw).
 */
async function whileWaiting(first: TransferInput[], second: TransferInput[]) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let recorded!: () => void;
  const firstRecorded = new Promise<void>((resolve) => {
    recorded = resolve;
  });
  const one = t.db.transaction(async (tx: Sql) => {
    const r = await createTransfers(tx, first);
    recorded();
    await held;
    return r;
  });
  await firstRecorded;
  const two = t.db.transaction((tx: Sql) => createTransfers(tx, second));
  await someoneWaitsForALock();
  release();
  const [a, b] = await Promise.all([one, two]);
  return { first: a, second: b };
}

test('the same transfer, recorded while this batch waited for the lock, is `exists`', async () => {
  const payout = move('lockread:payout:1', c.payable, c.union, BONO, {
    uniqueKey: 'lockread:person:1',
    personId: 1n,
  });
  const { first, second } = await whileWaiting([payout], [payout]);
  assert.deepEqual(codes(first), ['ok']);
  assert.deepEqual(codes(second), ['exists']);
  assert.equal(transferOf(second[0]).seq, transferOf(first[0]).seq);
  const [payable] = await getAccounts(t.db, [c.payable.id]);
  assert.equal(payable!.debitsPosted, BONO, 'paid once');
});

test('the same unique key, claimed while this batch waited, is `unique_key_exists`; the others are recorded', async () => {
  const union = move('lockread:payout:2', c.payable, c.union, BONO, {
    uniqueKey: 'lockread:person:2',
    personId: 2n,
  });
  const bnb = move('lockread:payout:2:bnb', c.payable, c.bnb, BONO, {
    uniqueKey: 'lockread:person:2',
    personId: 2n,
  });
  const other = move('lockread:payout:3', c.payable, c.bnb, BONO, {
    uniqueKey: 'lockread:person:3',
    personId: 3n,
  });
  const { first, second } = await whileWaiting([union], [bnb, other]);
  assert.deepEqual(codes(first), ['ok']);
  assert.deepEqual(codes(second), ['unique_key_exists', 'ok']);
  assert.equal(conflictingOf(second[0]).id, 'lockread:payout:2');
  const [payable] = await getAccounts(t.db, [c.payable.id]);
  assert.equal(payable!.debitsPosted, 3n * BONO);
});
