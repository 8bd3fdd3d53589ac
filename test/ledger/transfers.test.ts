import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createLedger,
  createTransfers,
  ensureAccounts,
  getAccounts,
  getTransfers,
  reversalOf,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { INT8_MAX } from '../../src/ledger/ledger.types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import {
  accountsOrFail,
  at,
  BONO,
  type Chart,
  codes,
  conflictingOf,
  fund,
  move,
  openChart,
  T0,
  transferOf,
} from './ledger-fixture.ts';

/**
 * Single-phase transfers on a real database (PGlite, or PostgreSQL with DATABASE_URL): every result
 * code, idempotent retries, linked chains, unique keys, reversals, and the guards in the schema.
 */

let t: TestDatabase;
let namespaces = 0;
/** A fresh chart for each test, so tests cannot see each other's balances. */
const chart = async () => openChart(t.db, `t${++namespaces}`);

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  const v = await verifyLedger(t.db);
  assert.deepEqual(v.problems, [], 'every test leaves the ledger consistent');
  await t.dispose();
});

/** Posted balances of the accounts, in the order given. */
async function balancesOf(...accounts: Chart[keyof Chart][]) {
  const byId = new Map(
    (
      await getAccounts(
        t.db,
        accounts.map((a) => a.id),
      )
    ).map((a) => [a.id, a]),
  );
  return accounts.map((account) => {
    const a = byId.get(account.id)!;
    return {
      code: a.code.split(':').slice(1).join(':'),
      debitsPosted: a.debitsPosted,
      creditsPosted: a.creditsPosted,
    };
  });
}

describe('ok and exists', () => {
  test('a transfer moves its amount and carries what was recorded', async () => {
    const c = await chart();
    await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
    const [r] = await createTransfers(t.db, [
      move('t1:payout:1:4521337', c.payable, c.union, BONO, {
        code: 'bono.payout',
        personId: 4_521_337n,
        userData64: 1n,
        userDataText: 'BUNIBOLX',
        uniqueKey: 't1:bono:4521337',
        occurredAt: at(5),
      }),
    ]);
    const recorded = transferOf(r);
    assert.equal(r!.result, 'ok');
    assert.ok(recorded.seq > 0n);
    assert.equal(recorded.amount, BONO);
    assert.equal(recorded.personId, 4_521_337n);
    assert.deepEqual(await getTransfers(t.db, [recorded.id]), [recorded]);
    assert.deepEqual(await balancesOf(c.payable, c.union), [
      { code: 'entitlements-payable', debitsPosted: BONO, creditsPosted: 3n * BONO },
      { code: 'paid:BUNIBOLX', debitsPosted: 0n, creditsPosted: BONO },
    ]);
  });

  test('a retry with the same fields is `exists`, returns the original and applies nothing', async () => {
    const c = await chart();
    await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
    const payout = move('t2:payout', c.payable, c.union, BONO, { occurredAt: at(1) });
    const [first] = await createTransfers(t.db, [payout]);
    // The caller read its clock again before retrying: the time is not compared.
    const [retry] = await createTransfers(t.db, [{ ...payout, occurredAt: at(9) }]);
    assert.equal(retry!.result, 'exists');
    assert.deepEqual(transferOf(retry), transferOf(first));
    assert.deepEqual(transferOf(retry).occurredAt, at(1));
    assert.equal((await getAccounts(t.db, [c.union.id]))[0]!.creditsPosted, BONO);
  });

  test('the same id with other fields is `exists_with_different_fields`, naming the original', async () => {
    const c = await chart();
    await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
    const [first] = await createTransfers(t.db, [move('t3:payout', c.payable, c.union, BONO)]);
    const variants = [
      move('t3:payout', c.payable, c.bnb, BONO),
      move('t3:payout', c.payable, c.union, 2n * BONO),
      move('t3:payout', c.payable, c.union, BONO, { code: 'bono.other' }),
      move('t3:payout', c.payable, c.union, BONO, { personId: 7n }),
      move('t3:payout', c.payable, c.union, BONO, { uniqueKey: 'k' }),
      move('t3:payout', c.payable, c.union, BONO, { userDataText: 'X' }),
      { ...move('t3:payout', c.payable, c.union, BONO), kind: 'pending' as const },
    ];
    const results = await createTransfers(t.db, variants);
    for (const r of results) {
      assert.equal(r.result, 'exists_with_different_fields');
      assert.deepEqual(conflictingOf(r), transferOf(first));
    }
  });

  test('an id repeated within one batch is applied once', async () => {
    const c = await chart();
    await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
    const p = move('t4:payout', c.payable, c.union, BONO);
    const results = await createTransfers(t.db, [p, p, { ...p, amount: 7n }]);
    assert.deepEqual(codes(results), ['ok', 'exists', 'exists_with_different_fields']);
    assert.equal((await getAccounts(t.db, [c.union.id]))[0]!.creditsPosted, BONO);
  });
});

describe('refusals that need no database', () => {
  test('each malformed field has its own code', async () => {
    const c = await chart();
    const ok = move('t5:x', c.lender, c.union, 1n);
    const results = await createTransfers(t.db, [
      { ...ok, id: '' },
      { ...ok, id: 'has space' },
      { ...ok, id: 'x'.repeat(129) },
      { ...ok, kind: 'posted' as never },
      { ...ok, code: 'Bono Payout' },
      { ...ok, occurredAt: new Date('nonsense') },
      { ...ok, amount: 0n },
      { ...ok, amount: -1n },
      { ...ok, amount: INT8_MAX + 1n },
      { ...ok, creditAccountId: c.lender.id },
      { ...ok, uniqueKey: 'no spaces allowed' },
      { ...ok, personId: 0n },
      { ...ok, userDataText: 'tab\there' },
      { ...ok, userData64: INT8_MAX + 1n },
      { ...ok, reversesId: 'bad id' },
      { ...ok, reversesId: ok.id },
      { ...ok, kind: 'pending', expiresAt: T0 },
      { id: 't5:post', kind: 'post_pending', pendingId: 'bad id', code: 'x', occurredAt: T0 },
      { id: 't5:post', kind: 'post_pending', pendingId: 't5:post', code: 'x', occurredAt: T0 },
      { id: 't5:post', kind: 'void_pending', pendingId: 'p', amount: 0n, code: 'x', occurredAt: T0 },
    ]);
    assert.deepEqual(codes(results), [
      'id_invalid',
      'id_invalid',
      'id_invalid',
      'kind_invalid',
      'code_invalid',
      'timestamp_invalid',
      'amount_must_not_be_zero',
      'amount_out_of_range',
      'amount_out_of_range',
      'accounts_must_be_different',
      'unique_key_invalid',
      'user_data_invalid',
      'user_data_invalid',
      'user_data_invalid',
      'reverses_id_invalid',
      'reverses_id_must_be_different',
      'expires_at_must_follow_timestamp',
      'pending_id_invalid',
      'pending_id_must_be_different',
      'amount_must_not_be_zero',
    ]);
    assert.deepEqual(await getTransfers(t.db, ['t5:x', 't5:post']), []);
  });
});

describe('refusals that read the accounts', () => {
  test('missing accounts, mixed ledgers, flags', async () => {
    const c = await chart();
    await fund(t.db, c, BONO, `${c.payable.code}:f`);
    const results = await createTransfers(t.db, [
      move('t6:a', { ...c.payable, id: 999_999n }, c.union, 1n),
      move('t6:b', c.payable, { ...c.union, id: 999_999n }, 1n),
      move('t6:c', c.payable, c.union, 1n, { ledger: 'USD' }),
      // More than was allocated: the payable's flag refuses it.
      move('t6:d', c.payable, c.union, BONO + 1n),
      // The advance may never be credited beyond its debits.
      move('t6:e', c.lender, c.advance, 1n),
      // Exactly what was allocated is fine, and then nothing more.
      move('t6:f', c.payable, c.union, BONO),
      move('t6:g', c.payable, c.union, 1n),
    ]);
    assert.deepEqual(codes(results), [
      'debit_account_not_found',
      'credit_account_not_found',
      'ledger_mismatch',
      'exceeds_credits',
      'exceeds_debits',
      'ok',
      'exceeds_credits',
    ]);
  });

  test('accounts on two ledgers never exchange a transfer', async () => {
    assert.equal(
      await createLedger(t.db, { code: 'vaccine_doses', unit: 'dose', scale: 0, name: 'Vaccine doses' }),
      'ok',
    );
    const a = accountsOrFail(
      await ensureAccounts(t.db, [
        { code: 't7:doses:received', ledger: 'vaccine_doses', kind: 'liability', createdAt: T0 },
        { code: 't7:doses:stock', ledger: 'vaccine_doses', kind: 'asset', createdAt: T0 },
      ]),
    );
    const c = await chart();
    const stock = a.get('t7:doses:stock')!;
    const received = a.get('t7:doses:received')!;
    const results = await createTransfers(t.db, [
      move('t7:a', c.lender, stock, 1n),
      move('t7:b', received, stock, 500n),
      move('t7:c', received, stock, 500n, { ledger: 'vaccine_doses' }),
    ]);
    assert.deepEqual(codes(results), ['accounts_must_have_the_same_ledger', 'ledger_mismatch', 'ok']);
  });

  test('balances that would overflow a bigint are refused', async () => {
    const c = await chart();
    const max = INT8_MAX;
    const results = await createTransfers(t.db, [
      move('t8:a', c.lender, c.expired, max),
      move('t8:b', c.lender, c.union, 1n),
      move('t8:c', c.bnb, c.expired, 1n),
    ]);
    assert.deepEqual(codes(results), ['ok', 'overflows_debits', 'overflows_credits']);
  });
});

describe('unique keys: at most one live transfer per key', () => {
  test('a second payment of the same person from another bank is refused, naming the first', async () => {
    const c = await chart();
    await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
    const [first] = await createTransfers(t.db, [
      move('t9:union:req-1', c.payable, c.union, BONO, { uniqueKey: 't9:bono:77', occurredAt: at(3) }),
    ]);
    const [second] = await createTransfers(t.db, [
      move('t9:bnb:req-9', c.payable, c.bnb, BONO, { uniqueKey: 't9:bono:77', occurredAt: at(8) }),
    ]);
    assert.equal(second!.result, 'unique_key_exists');
    const holder = conflictingOf(second);
    assert.equal(holder.id, 't9:union:req-1');
    assert.equal(holder.creditAccountId, c.union.id);
    assert.deepEqual(holder.occurredAt, at(3));
    assert.equal(transferOf(first).uniqueKey, 't9:bono:77');
  });

  test('a key is refused before a balance check, so the answer names the earlier payment', async () => {
    const c = await chart();
    await fund(t.db, c, BONO, `${c.payable.code}:f`);
    await createTransfers(t.db, [move('t10:a', c.payable, c.union, BONO, { uniqueKey: 't10:k' })]);
    const [r] = await createTransfers(t.db, [move('t10:b', c.payable, c.bnb, BONO, { uniqueKey: 't10:k' })]);
    assert.equal(r!.result, 'unique_key_exists');
  });

  test('reversing a payment releases its key: the person can be paid again', async () => {
    const c = await chart();
    await fund(t.db, c, 2n * BONO, `${c.payable.code}:f`);
    const [paid] = await createTransfers(t.db, [
      move('t11:pay-1', c.payable, c.union, BONO, { uniqueKey: 't11:bono:5', personId: 5n }),
    ]);
    const original = transferOf(paid);
    const results = await createTransfers(t.db, [
      reversalOf(original, { id: 't11:rev-1', code: 'bono.payout_reversal', occurredAt: at(10) }),
      move('t11:pay-2', c.payable, c.bnb, BONO, {
        uniqueKey: 't11:bono:5',
        personId: 5n,
        occurredAt: at(11),
      }),
    ]);
    assert.deepEqual(codes(results), ['ok', 'ok']);
    const reversal = transferOf(results[0]);
    assert.equal(reversal.reversesId, original.id);
    assert.equal(reversal.personId, 5n);
    assert.deepEqual(await balancesOf(c.payable, c.union, c.bnb), [
      { code: 'entitlements-payable', debitsPosted: 2n * BONO, creditsPosted: 3n * BONO },
      { code: 'paid:BUNIBOLX', debitsPosted: BONO, creditsPosted: BONO },
      { code: 'paid:BNBOBOLX', debitsPosted: 0n, creditsPosted: BONO },
    ]);
  });
});

describe('reversals', () => {
  test('each way a reversal can be wrong has its own code', async () => {
    const c = await chart();
    await fund(t.db, c, 3n * BONO, `${c.payable.code}:f`);
    const [p] = await createTransfers(t.db, [
      move('t12:pay', c.payable, c.union, BONO, { occurredAt: at(5) }),
    ]);
    const original = transferOf(p);
    const rev = (id: string, over = {}) => ({
      ...reversalOf(original, { id, code: 'bono.payout_reversal', occurredAt: at(6) }),
      ...over,
    });
    const results = await createTransfers(t.db, [
      rev('t12:r1', { reversesId: 't12:nothing' }),
      rev('t12:r2', { amount: BONO - 1n }),
      rev('t12:r3', { debitAccountId: c.bnb.id }),
      rev('t12:r4', { occurredAt: at(4) }),
      rev('t12:r5'),
      rev('t12:r6'),
    ]);
    assert.deepEqual(codes(results), [
      'reversed_transfer_not_found',
      'reversal_must_mirror_reversed_transfer',
      'reversal_must_mirror_reversed_transfer',
      'timestamp_precedes_reversed_transfer',
      'ok',
      'transfer_already_reversed',
    ]);
    assert.equal(conflictingOf(results[5]).id, 't12:r5');
    const reversal = transferOf(results[4]);
    // A reversal is a correction, not something to correct in turn.
    const [again] = await createTransfers(t.db, [
      reversalOf(reversal, { id: 't12:r7', code: 'bono.payout_reversal', occurredAt: at(7) }),
    ]);
    assert.equal(again!.result, 'reversed_transfer_not_reversible');
  });

  test('a reversal that would break a flag is refused like any transfer', async () => {
    const c = await chart();
    await fund(t.db, c, BONO, `${c.payable.code}:f`);
    const [allocation] = await getTransfers(t.db, [`${c.payable.code}:f:allocate`]);
    await createTransfers(t.db, [move('t13:pay', c.payable, c.union, BONO)]);
    // Taking back the allocation after it was paid out would leave the payable overdrawn.
    const [r] = await createTransfers(t.db, [
      reversalOf(allocation!, { id: 't13:unallocate', code: 'bono.allocation_reversal', occurredAt: at(1) }),
    ]);
    assert.equal(r!.result, 'exceeds_credits');
  });
});

describe('linked chains: all or nothing', () => {
  test('one refusal fails the whole chain and leaves no trace; the next chain is independent', async () => {
    const c = await chart();
    await fund(t.db, c, 2n * BONO, `${c.payable.code}:f`);
    const results = await createTransfers(t.db, [
      move('t14:a1', c.payable, c.union, BONO, { linked: true, uniqueKey: 't14:k1' }),
      move('t14:a2', c.payable, c.union, BONO, { linked: true }),
      move('t14:a3', c.payable, c.union, BONO), // exceeds: the allocation is 2 × BONO
      move('t14:b1', c.payable, c.bnb, BONO, { linked: true, uniqueKey: 't14:k1' }),
      move('t14:b2', c.payable, c.bnb, BONO),
      move('t14:c1', c.payable, c.bnb, 1n, { linked: true }),
    ]);
    assert.deepEqual(codes(results), [
      'linked_event_failed',
      'linked_event_failed',
      'exceeds_credits',
      'ok',
      'ok',
      'linked_event_chain_open',
    ]);
    assert.deepEqual(
      (await getTransfers(t.db, ['t14:a1', 't14:a2', 't14:a3', 't14:b1', 't14:b2', 't14:c1']))
        .map((x) => x.id)
        .sort(),
      ['t14:b1', 't14:b2'],
    );
  });

  test('a chain retried whole is `exists` throughout', async () => {
    const c = await chart();
    await fund(t.db, c, 2n * BONO, `${c.payable.code}:f`);
    const chain = [
      move('t15:a', c.payable, c.union, BONO, { linked: true }),
      move('t15:b', c.payable, c.bnb, BONO),
    ];
    assert.deepEqual(codes(await createTransfers(t.db, chain)), ['ok', 'ok']);
    assert.deepEqual(codes(await createTransfers(t.db, chain)), ['exists', 'exists']);
  });
});

describe('the schema refuses what the code would never do', () => {
  test('transfers cannot be updated, deleted or truncated', async () => {
    const c = await chart();
    await createTransfers(t.db, [move('t16:a', c.lender, c.union, 5n)]);
    await assert.rejects(
      t.db.query("UPDATE ledger_transfer SET amount = 6 WHERE id = 't16:a'"),
      /ledger ledger_transfer: UPDATE refused/,
    );
    await assert.rejects(t.db.query("DELETE FROM ledger_transfer WHERE id = 't16:a'"), /DELETE refused/);
    await assert.rejects(t.db.exec('TRUNCATE ledger_transfer CASCADE'), /TRUNCATE refused/);
  });

  test('an account is never removed and its definition never changes; posted balances only grow', async () => {
    const c = await chart();
    await createTransfers(t.db, [move('t17:a', c.lender, c.union, 5n)]);
    await assert.rejects(
      t.db.query('DELETE FROM ledger_account WHERE id = $1', [c.union.id]),
      /DELETE refused/,
    );
    await assert.rejects(
      t.db.query("UPDATE ledger_account SET ledger = 'BOB', kind = 'asset' WHERE id = $1", [c.union.id]),
      /UPDATE refused/,
    );
    await assert.rejects(
      t.db.query('UPDATE ledger_account SET credits_posted = 0 WHERE id = $1', [c.union.id]),
      /a posted balance may only grow/,
    );
    await t.db.query("UPDATE ledger_account SET name = 'Banco Unión S.A.' WHERE id = $1", [c.union.id]);
  });

  test('balances written past a flag are refused by a CHECK', async () => {
    const c = await chart();
    await assert.rejects(
      t.db.query('UPDATE ledger_account SET debits_posted = debits_posted + 1 WHERE id = $1', [c.payable.id]),
      /check constraint/,
    );
  });
});
