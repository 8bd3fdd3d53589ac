import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAccounts, createLedger, ensureAccounts, getAccountsByCode } from '../../src/ledger/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { at, T0 } from './ledger-fixture.ts';

/** Ledgers and accounts: opening them is idempotent by code, and their definitions never change. */

let t: TestDatabase;

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

test('the migration creates the BOB ledger; a ledger is created once, idempotently', async () => {
  const [bob] = await t.db.query<{ unit: string; scale: number }>(
    "SELECT unit, scale FROM ledger WHERE code = 'BOB'",
  );
  assert.deepEqual(bob, { unit: 'centavo', scale: 2 });
  const doses = { code: 'vaccine_doses', unit: 'dose', scale: 0, name: 'Vaccine doses' };
  assert.equal(await createLedger(t.db, doses), 'ok');
  assert.equal(await createLedger(t.db, doses), 'exists');
  assert.equal(await createLedger(t.db, { ...doses, scale: 2 }), 'exists_with_different_fields');
  assert.equal(await createLedger(t.db, { ...doses, code: 'bad code' }), 'ledger_invalid');
  assert.equal(await createLedger(t.db, { ...doses, code: 'x', unit: 'Dose' }), 'ledger_invalid');
  assert.equal(await createLedger(t.db, { ...doses, code: 'x', scale: 1.5 }), 'ledger_invalid');
});

test('opening accounts: ok, then exists; every refusal has its code', async () => {
  const payable = {
    code: 'bono:entitlements-payable',
    ledger: 'BOB',
    kind: 'liability' as const,
    name: 'Entitlements payable',
    debitsMustNotExceedCredits: true,
    createdAt: T0,
  };
  const results = await createAccounts(t.db, [
    payable,
    { ...payable, createdAt: at(5) }, // the same account opened again later: the time is not compared
    { ...payable, debitsMustNotExceedCredits: false },
    { ...payable, code: 'Bono:Payable' },
    { ...payable, code: 'bono:x', ledger: 'USD' },
    { ...payable, code: 'bono:x', kind: 'cash' as never },
    { ...payable, code: 'bono:x', name: 'line\nbreak' },
    { ...payable, code: 'bono:x', createdAt: new Date('nope') },
    { ...payable, code: 'bono:x', creditsMustNotExceedDebits: true },
    { ...payable, code: 'bono:paid:BUNIBOLX', kind: 'expense', debitsMustNotExceedCredits: false },
  ]);
  assert.deepEqual(
    results.map((r) => r.result),
    [
      'ok',
      'exists',
      'exists_with_different_fields',
      'code_invalid',
      'ledger_not_found',
      'kind_invalid',
      'name_invalid',
      'timestamp_invalid',
      'flags_are_mutually_exclusive',
      'ok',
    ],
  );
  const [first, again] = results;
  assert.ok(first?.result === 'ok' && again?.result === 'exists');
  assert.deepEqual(again.account, first.account);
  assert.deepEqual(first.account.createdAt, T0);
  assert.equal(first.account.debitsPosted, 0n);
  const reopened = await createAccounts(t.db, [payable]);
  assert.equal(reopened[0]!.result, 'exists');
  assert.deepEqual(
    (await getAccountsByCode(t.db, ['bono:paid:BUNIBOLX', 'bono:nothing'])).map((a) => a.code),
    ['bono:paid:BUNIBOLX'],
  );
});

test('ensureAccounts returns accounts by code, and a configuration mistake as a failure value', async () => {
  const accounts = await ensureAccounts(t.db, [
    { code: 'bono:expired-returned', ledger: 'BOB', kind: 'equity', createdAt: T0 },
    { code: 'bono:deposits-in-flight:BUNIBOLX', ledger: 'BOB', kind: 'asset', createdAt: T0 },
  ]);
  assert.ok(accounts.ok);
  assert.deepEqual([...accounts.value.keys()], ['bono:expired-returned', 'bono:deposits-in-flight:BUNIBOLX']);
  const refused = await ensureAccounts(t.db, [
    { code: 'bono:expired-returned', ledger: 'BOB', kind: 'asset', createdAt: T0 },
  ]);
  assert.deepEqual(refused, {
    ok: false,
    error: {
      code: 'ledger_account_refused',
      accountCode: 'bono:expired-returned',
      result: 'exists_with_different_fields',
    },
  });
  assert.equal(
    !refused.ok && describeFailure(refused.error, 'en').detail,
    'Account bono:expired-returned could not be opened: exists_with_different_fields.',
  );
});
