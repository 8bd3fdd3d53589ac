import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Sql } from '../../src/db/database.ts';
import { createTransfers, type LedgerProblem, reversalOf, verifyLedger } from '../../src/ledger/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { at, BONO, type Chart, codes, fund, move, openChart, transferOf } from './ledger-fixture.ts';

/**
 * verifyLedger finds what a bug, a careless script or a disabled trigger would leave behind. Each
 * test tampers inside a transaction (triggers and constraints disabled there) and rolls it back, so
 * every test starts from the same consistent ledger.
 */

let t: TestDatabase;
let c: Chart;

before(async () => {
  t = await createTestDatabase();
  c = await openChart(t.db, 'v');
  await fund(t.db, c, 3n * BONO, 'v:f');
  const [paid] = await createTransfers(t.db, [
    move('v:pay-1', c.payable, c.union, BONO, { uniqueKey: 'v:bono:1', personId: 1n }),
  ]);
  const results = await createTransfers(t.db, [
    reversalOf(transferOf(paid), { id: 'v:rev-1', code: 'bono.payout_reversal', occurredAt: at(1) }),
    move('v:pay-2', c.payable, c.bnb, BONO, { uniqueKey: 'v:bono:1', personId: 1n, occurredAt: at(2) }),
    {
      ...move('v:dep', c.payable, c.union, BONO, { uniqueKey: 'v:bono:2', occurredAt: at(3) }),
      kind: 'pending',
    },
    {
      id: 'v:dep-ok',
      kind: 'post_pending',
      pendingId: 'v:dep',
      code: 'bono.deposit_accepted',
      occurredAt: at(4),
    },
  ]);
  assert.deepEqual(codes(results), ['ok', 'ok', 'ok', 'ok']);
});
after(async () => {
  await t.dispose();
});

class Rollback extends Error {}

/** Runs `tamper` with the ledger's triggers off, verifies, and rolls everything back. */
async function problemsAfter(tamper: (tx: Sql) => Promise<void>): Promise<LedgerProblem[]> {
  let problems: LedgerProblem[] = [];
  await t.db
    .transaction(async (tx) => {
      await tx.exec(
        'ALTER TABLE ledger_transfer DISABLE TRIGGER USER; ALTER TABLE ledger_account DISABLE TRIGGER USER;',
      );
      await tamper(tx);
      problems = (await verifyLedger(tx)).problems;
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return problems;
}

const kinds = (problems: LedgerProblem[]) => [...new Set(problems.map((p) => p.problem))].sort();

test('a consistent ledger verifies, with its totals', async () => {
  const v = await verifyLedger(t.db);
  assert.deepEqual(v.problems, []);
  assert.equal(v.ok, true);
  assert.equal(v.transferCount, 7n);
  const bob = v.ledgers.find((l) => l.ledger === 'BOB')!;
  // Disbursed and allocated 3 × BONO each, then a payout, its reversal, another payout and a deposit posted.
  assert.equal(bob.debitsPosted, bob.creditsPosted);
  assert.equal(bob.debitsPosted, 10n * BONO);
});

test('an edited amount shows in both accounts and in the reversal it no longer mirrors', async () => {
  const problems = await problemsAfter(async (tx) => {
    await tx.query("UPDATE ledger_transfer SET amount = amount + 1 WHERE id = 'v:pay-1'");
  });
  assert.deepEqual(kinds(problems), ['balance_differs', 'reversal_mismatch']);
  const differs = problems.filter((p) => p.problem === 'balance_differs');
  assert.deepEqual(differs.map((p) => p.code).sort(), ['v:entitlements-payable', 'v:paid:BUNIBOLX']);
});

test('a balance changed by hand unbalances its ledger', async () => {
  const problems = await problemsAfter(async (tx) => {
    await tx.query('UPDATE ledger_account SET credits_posted = credits_posted + 5 WHERE id = $1', [
      c.expired.id,
    ]);
  });
  assert.deepEqual(kinds(problems), ['balance_differs', 'ledger_unbalanced']);
});

test('a broken flag is reported even with its CHECK dropped', async () => {
  const problems = await problemsAfter(async (tx) => {
    const [check] = await tx.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'ledger_account'::regclass
       AND pg_get_constraintdef(oid) LIKE '%debits_posted + debits_pending) <= credits_posted%'`,
    );
    assert.ok(check, 'the flag CHECK exists');
    await tx.exec(`ALTER TABLE ledger_account DROP CONSTRAINT ${check.conname}`);
    await tx.query('UPDATE ledger_account SET debits_posted = credits_posted + 1 WHERE id = $1', [
      c.payable.id,
    ]);
  });
  assert.deepEqual(kinds(problems), ['balance_differs', 'flag_violated', 'ledger_unbalanced']);
});

test('a post that no longer matches its pending transfer', async () => {
  const problems = await problemsAfter(async (tx) => {
    await tx.query(
      "UPDATE ledger_transfer SET code = 'x', occurred_at = occurred_at - interval '1 day' WHERE id = 'v:dep-ok'",
    );
  });
  assert.deepEqual(kinds(problems), ['resolution_mismatch']);
});

test('unique keys: a live key missing, a stale one present, one held twice', async () => {
  const missing = await problemsAfter(async (tx) => {
    await tx.query("DELETE FROM ledger_unique_key WHERE unique_key = 'v:bono:2'");
  });
  assert.deepEqual(missing, [
    { problem: 'unique_key_differs', uniqueKey: 'v:bono:2', liveTransferId: 'v:dep', heldTransferId: null },
  ]);
  const stale = await problemsAfter(async (tx) => {
    await tx.query("INSERT INTO ledger_unique_key (unique_key, transfer_id) VALUES ('v:bono:9', 'v:rev-1')");
  });
  assert.deepEqual(stale, [
    { problem: 'unique_key_differs', uniqueKey: 'v:bono:9', liveTransferId: null, heldTransferId: 'v:rev-1' },
  ]);
  const twice = await problemsAfter(async (tx) => {
    await tx.query("UPDATE ledger_transfer SET unique_key = 'v:bono:1' WHERE id = 'v:f:allocate'");
  });
  assert.deepEqual(kinds(twice), ['unique_key_differs', 'unique_key_held_twice']);
  assert.deepEqual(
    twice.find((p) => p.problem === 'unique_key_held_twice'),
    { problem: 'unique_key_held_twice', uniqueKey: 'v:bono:1', transferIds: ['v:f:allocate', 'v:pay-2'] },
  );
});

test('a transfer on another ledger than its accounts, or naming an account that does not exist', async () => {
  const problems = await problemsAfter(async (tx) => {
    await tx.query("INSERT INTO ledger (code, unit, scale, name) VALUES ('USD', 'cent', 2, 'US dollars')");
    await tx.query("UPDATE ledger_transfer SET ledger = 'USD' WHERE id = 'v:pay-2'");
  });
  assert.deepEqual(kinds(problems), ['transfer_ledger_mismatch']);
  const dangling = await problemsAfter(async (tx) => {
    await tx.query("UPDATE ledger_transfer SET credit_account_id = 999999 WHERE id = 'v:pay-2'");
  });
  assert.ok(dangling.some((p) => p.problem === 'transfer_ledger_mismatch' && p.transferId === 'v:pay-2'));
  assert.ok(
    dangling.some((p) => p.problem === 'balance_differs' && p.accountId === 999999n && p.code === null),
  );
});

test('a transfer deleted behind the ledger’s back is named by its accounts and its key', async () => {
  const problems = await problemsAfter(async (tx) => {
    // The deposit's posting and the deposit itself gone: the balances still count them, and the
    // key the deposit held is held by no transfer.
    await tx.query("DELETE FROM ledger_transfer WHERE id IN ('v:dep-ok', 'v:dep')");
  });
  assert.deepEqual(kinds(problems), ['balance_differs', 'unique_key_differs']);
  assert.deepEqual(
    problems.filter((p) => p.problem === 'unique_key_differs'),
    [{ problem: 'unique_key_differs', uniqueKey: 'v:bono:2', liveTransferId: null, heldTransferId: 'v:dep' }],
  );
});

test('a transfer reversed twice, with the second reversal’s balances made to match', async () => {
  const problems = await problemsAfter(async (tx) => {
    await tx.exec('DROP INDEX ledger_transfer_reversed_once');
    await tx.query(
      `INSERT INTO ledger_transfer (id, kind, debit_account_id, credit_account_id, amount, ledger, code, reverses_id, occurred_at)
       SELECT 'v:rev-2', kind, debit_account_id, credit_account_id, amount, ledger, code, reverses_id, occurred_at
       FROM ledger_transfer WHERE id = 'v:rev-1'`,
    );
    await tx.query(
      `UPDATE ledger_account a SET debits_posted = debits_posted + t.amount FROM ledger_transfer t
       WHERE t.id = 'v:rev-2' AND a.id = t.debit_account_id`,
    );
    await tx.query(
      `UPDATE ledger_account a SET credits_posted = credits_posted + t.amount FROM ledger_transfer t
       WHERE t.id = 'v:rev-2' AND a.id = t.credit_account_id`,
    );
  });
  assert.deepEqual(problems, [
    { problem: 'reversal_mismatch', transferId: 'v:rev-1', reversesId: 'v:pay-1' },
    { problem: 'reversal_mismatch', transferId: 'v:rev-2', reversesId: 'v:pay-1' },
  ]);
});

test('two held keys whose transfers were swapped: every key still held, each by the wrong transfer', async () => {
  const problems = await problemsAfter(async (tx) => {
    await tx.query(
      `UPDATE ledger_unique_key SET transfer_id = CASE transfer_id WHEN 'v:pay-2' THEN 'v:dep' ELSE 'v:pay-2' END
       WHERE unique_key IN ('v:bono:1', 'v:bono:2')`,
    );
  });
  assert.deepEqual(kinds(problems), ['unique_key_differs']);
  assert.deepEqual(
    problems.map(
      (p) => p.problem === 'unique_key_differs' && [p.uniqueKey, p.liveTransferId, p.heldTransferId],
    ),
    [
      ['v:bono:1', 'v:pay-2', null],
      ['v:bono:1', null, 'v:dep'],
      ['v:bono:2', 'v:dep', null],
      ['v:bono:2', null, 'v:pay-2'],
    ],
  );
});
