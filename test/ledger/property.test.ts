import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import {
  type Account,
  type CreateTransferResult,
  createTransfers,
  ensureAccounts,
  getAccounts,
  reversalOf,
  type Transfer,
  type TransferInput,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { validateTransfer } from '../../src/ledger/transfer-engine.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { accountsOrFail, at, T0 } from './ledger-fixture.ts';

/**
 * Property test: random sequences of batches — single-phase and pending transfers, posts, voids,
 * reversals, linked chains, unique keys, retries of earlier requests, malformed amounts, and whole
 * batches rolled back by a failure after the ledger wrote — on a handful of accounts with flags.
 * After every batch, the ledger must agree with a model kept from the results alone:
 *   - no transfer id is ever applied twice, and `exists` returns exactly what was applied;
 *   - each account's balances equal the sums of its applied transfers;
 *   - debits equal credits; no flag is broken; a unique key has at most one live holder;
 *   - a rolled-back batch leaves nothing behind;
 * and verifyLedger finds nothing wrong at the end of every run.
 */

// A fixed seed keeps the suite reproducible; set LEDGER_PROPERTY_SEED (and _RUNS) to explore more.
const DEFAULT_SEED = 20_201_201;
const SEED = Number(process.env.LEDGER_PROPERTY_SEED ?? DEFAULT_SEED);
const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 50);
const KEYS = 4;
const ACCOUNTS = 5;

/**
 * Ids are drawn from small pools per sort of transfer (`p` pending, `s` single-phase, `r` posts and
 * voids, `v` reversals), so that posts meet pending transfers, reversals meet what they reverse and
 * retries meet originals often; one id in ten is drawn from the single-phase pool whatever the
 * sort, so the same id also comes back with other fields.
 */
type Op =
  | {
      type: 'move';
      id: string;
      debit: number;
      credit: number;
      creditShift: number;
      amount: bigint;
      pending: boolean;
      key: number | null;
      expires: boolean;
      linked: boolean;
      minute: number;
    }
  | { type: 'resolve'; id: string; pending: string; post: boolean; linked: boolean; minute: number }
  | { type: 'reverse'; id: string; target: string; linked: boolean; minute: number }
  | { type: 'retry'; index: number };

const linked = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const minute = fc.nat(120);
const poolId = (prefix: string, size: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.nat(size - 1), fc.nat(SINGLE_IDS - 1))
    .map(([dice, n, stray]) => (dice === 0 ? `s${stray}` : `${prefix}${n}`));
const SINGLE_IDS = 10;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.boolean().chain((pending) =>
      fc.record({
        type: fc.constant('move' as const),
        id: pending ? poolId('p', 6) : poolId('s', SINGLE_IDS),
        debit: fc.nat(ACCOUNTS - 1),
        // Another account than the debit one, mostly: `accounts_must_be_different` has its unit test.
        credit: fc.nat(ACCOUNTS - 1),
        creditShift: fc.integer({ min: 0, max: 4 * ACCOUNTS }),
        // Zero now and then: a malformed request among the others.
        amount: fc.oneof(
          { weight: 1, arbitrary: fc.constant(0n) },
          { weight: 19, arbitrary: fc.bigInt(1n, 300n) },
        ),
        pending: fc.constant(pending),
        key: fc.option(fc.nat(KEYS - 1), { nil: null }),
        expires: fc.boolean(),
        linked,
        minute,
      }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('resolve' as const),
      id: poolId('r', 8),
      pending: fc.nat(5).map((n) => `p${n}`),
      post: fc.boolean(),
      linked,
      // Mostly after the transfers they resolve, sometimes after their deadline.
      minute: fc.integer({ min: 100, max: 300 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('reverse' as const),
      id: poolId('v', 6),
      target: fc.oneof(
        fc.nat(SINGLE_IDS - 1).map((n) => `s${n}`),
        fc.nat(7).map((n) => `r${n}`),
      ),
      linked,
      minute: fc.integer({ min: 100, max: 300 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('retry' as const), index: fc.nat(10_000) }) },
);
const batchArb = fc.record({
  ops: fc.array(opArb, { minLength: 1, maxLength: 10 }),
  rollback: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
});
const scenarioArb = fc.array(batchArb, { minLength: 1, maxLength: 8 });

let t: TestDatabase;
let run = 0;

before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

class Rollback extends Error {}

interface Model {
  applied: Map<string, Transfer>;
  history: TransferInput[];
}

/** The balances the applied transfers add up to, computed without the ledger's code. */
function expectedBalances(model: Model, accounts: Account[]) {
  const zero = () => ({ debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n });
  const sums = new Map(accounts.map((a) => [a.id, zero()]));
  for (const x of model.applied.values()) {
    const d = sums.get(x.debitAccountId)!;
    const c = sums.get(x.creditAccountId)!;
    if (x.kind === 'single_phase') {
      d.debitsPosted += x.amount;
      c.creditsPosted += x.amount;
    } else if (x.kind === 'pending') {
      d.debitsPending += x.amount;
      c.creditsPending += x.amount;
    } else {
      d.debitsPending -= x.amount;
      c.creditsPending -= x.amount;
      if (x.kind === 'post_pending') {
        d.debitsPosted += x.amount;
        c.creditsPosted += x.amount;
      }
    }
  }
  return accounts.map((a) => ({ code: a.code, ...sums.get(a.id)! }));
}

/** Keys held by live transfers in the model: not voided, not reversed (nor their posting). */
function liveKeyHolders(model: Model): Map<string, string[]> {
  const released = new Set<string>();
  for (const x of model.applied.values()) {
    if (x.kind === 'void_pending') released.add(x.pendingId!);
    if (x.reversesId !== null) {
      released.add(x.reversesId);
      const reversed = model.applied.get(x.reversesId);
      if (reversed?.kind === 'post_pending') released.add(reversed.pendingId!);
    }
  }
  const holders = new Map<string, string[]>();
  for (const x of model.applied.values()) {
    if (x.uniqueKey === null || released.has(x.id)) continue;
    holders.set(x.uniqueKey, [...(holders.get(x.uniqueKey) ?? []), x.id]);
  }
  return holders;
}

function toInput(op: Op, ns: string, accounts: Account[], model: Model): TransferInput {
  const id = (local: string) => `${ns}:${local}`;
  if (op.type === 'retry') {
    const earlier = model.history[op.index % Math.max(1, model.history.length)];
    return (
      earlier ??
      toInput({ type: 'reverse', id: 'v0', target: 's0', linked: false, minute: 0 }, ns, accounts, model)
    );
  }
  if (op.type === 'move') {
    const input: TransferInput = {
      id: id(op.id),
      debitAccountId: accounts[op.debit]!.id,
      creditAccountId:
        accounts[
          op.creditShift === 0 ? op.credit : (op.debit + 1 + (op.creditShift % (ACCOUNTS - 1))) % ACCOUNTS
        ]!.id,
      amount: op.amount,
      ledger: 'BOB',
      code: op.pending ? 'prop.pending' : 'prop.move',
      occurredAt: at(op.minute),
      linked: op.linked,
    };
    if (op.key !== null) input.uniqueKey = `${ns}:k${op.key}`;
    if (!op.pending) return input;
    return { ...input, kind: 'pending', ...(op.expires ? { expiresAt: at(op.minute + 200) } : {}) };
  }
  if (op.type === 'resolve') {
    return {
      id: id(op.id),
      kind: op.post ? 'post_pending' : 'void_pending',
      pendingId: id(op.pending),
      code: op.post ? 'prop.post' : 'prop.void',
      occurredAt: at(op.minute),
      linked: op.linked,
    };
  }
  const target = model.applied.get(id(op.target));
  const fields = { id: id(op.id), code: 'prop.reversal', occurredAt: at(op.minute), linked: op.linked };
  if (target) return reversalOf(target, fields);
  return {
    ...fields,
    debitAccountId: accounts[1]!.id,
    creditAccountId: accounts[0]!.id,
    amount: 1n,
    ledger: 'BOB',
    reversesId: id(op.target),
  };
}

/** Applies a batch's results to the model, checking each against what the model already knows. */
function absorb(model: Model, inputs: TransferInput[], results: CreateTransferResult[]): void {
  assert.equal(results.length, inputs.length);
  results.forEach((r, i) => {
    const id = inputs[i]!.id;
    if (r.result === 'ok') {
      assert.ok(!model.applied.has(id), `transfer ${id} applied twice`);
      assert.ok(r.transfer.seq > 0n);
      model.applied.set(id, r.transfer);
    } else if (r.result === 'exists') {
      assert.deepEqual(r.transfer, model.applied.get(id), `exists must return the original of ${id}`);
    } else if (r.result === 'exists_with_different_fields') {
      assert.deepEqual(r.conflicting, model.applied.get(id));
    } else if ('conflicting' in r) {
      assert.deepEqual(
        r.conflicting,
        model.applied.get(r.conflicting.id),
        `${r.result} names a recorded transfer`,
      );
      assert.ok(!model.applied.has(id));
    } else if (model.applied.has(id)) {
      // A request whose id was applied is refused only by the checks made before the id is looked
      // up (its own malformed fields) or by the failure of its chain; nothing else may ignore it.
      const early = ['linked_event_failed', 'linked_event_chain_open', validateTransfer(inputs[i]!)];
      assert.ok(early.includes(r.result), `${id} was applied, yet a retry got ${r.result}`);
    }
  });
}

async function check(model: Model, ns: string, accounts: Account[]): Promise<void> {
  const stored = await getAccounts(
    t.db,
    accounts.map((a) => a.id),
  );
  const actual = stored
    .map((a) => ({
      code: a.code,
      debitsPending: a.debitsPending,
      debitsPosted: a.debitsPosted,
      creditsPending: a.creditsPending,
      creditsPosted: a.creditsPosted,
    }))
    .sort((x, y) => x.code.localeCompare(y.code));
  const expected = expectedBalances(model, accounts).sort((x, y) => x.code.localeCompare(y.code));
  assert.deepEqual(actual, expected, 'balances equal the sums of the applied transfers');
  const sum = (f: (a: Account) => bigint) => stored.reduce((s, a) => s + f(a), 0n);
  assert.equal(
    sum((a) => a.debitsPosted),
    sum((a) => a.creditsPosted),
    'posted debits = posted credits',
  );
  assert.equal(
    sum((a) => a.debitsPending),
    sum((a) => a.creditsPending),
    'pending debits = pending credits',
  );
  for (const a of stored) {
    if (a.debitsMustNotExceedCredits) assert.ok(a.debitsPosted + a.debitsPending <= a.creditsPosted, a.code);
    if (a.creditsMustNotExceedDebits) assert.ok(a.creditsPosted + a.creditsPending <= a.debitsPosted, a.code);
  }
  for (const [key, holders] of liveKeyHolders(model))
    assert.equal(holders.length, 1, `key ${key} held by ${holders}`);
  const [count] = await t.db.query<{ n: bigint }>(
    'SELECT count(*) AS n FROM ledger_transfer WHERE id LIKE $1',
    [`${ns}:%`],
  );
  assert.equal(count!.n, BigInt(model.applied.size), 'the database holds exactly the applied transfers');
}

test('random batches keep every ledger invariant', async () => {
  let batches = 0;
  let transfers = 0;
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(scenarioArb, async (scenario) => {
      const ns = `r${++run}`;
      const opened = accountsOrFail(
        await ensureAccounts(t.db, [
          { code: `${ns}:source`, ledger: 'BOB', kind: 'liability', createdAt: T0 },
          {
            code: `${ns}:payable`,
            ledger: 'BOB',
            kind: 'liability',
            debitsMustNotExceedCredits: true,
            createdAt: T0,
          },
          {
            code: `${ns}:advance`,
            ledger: 'BOB',
            kind: 'asset',
            creditsMustNotExceedDebits: true,
            createdAt: T0,
          },
          { code: `${ns}:bank-a`, ledger: 'BOB', kind: 'expense', createdAt: T0 },
          { code: `${ns}:bank-b`, ledger: 'BOB', kind: 'expense', createdAt: T0 },
        ]),
      );
      const accounts = [...opened.values()];
      const model: Model = { applied: new Map(), history: [] };
      const seed: TransferInput[] = [
        {
          id: `${ns}:seed-1`,
          debitAccountId: accounts[0]!.id,
          creditAccountId: accounts[1]!.id,
          amount: 200n,
          ledger: 'BOB',
          code: 'prop.seed',
          occurredAt: T0,
        },
        {
          id: `${ns}:seed-2`,
          debitAccountId: accounts[2]!.id,
          creditAccountId: accounts[3]!.id,
          amount: 200n,
          ledger: 'BOB',
          code: 'prop.seed',
          occurredAt: T0,
        },
      ];
      absorb(model, seed, await createTransfers(t.db, seed));
      for (const batch of scenario) {
        const inputs = batch.ops.map((op) => toInput(op, ns, accounts, model));
        model.history.push(...inputs);
        batches++;
        transfers += inputs.length;
        if (batch.rollback) {
          // The caller's transaction fails after the ledger wrote: nothing of it may remain.
          await t.db
            .transaction(async (tx) => {
              await createTransfers(tx, inputs);
              throw new Rollback();
            })
            .catch((e) => {
              if (!(e instanceof Rollback)) throw e;
            });
        } else {
          const results = await createTransfers(t.db, inputs);
          for (const r of results) seen.set(r.result, (seen.get(r.result) ?? 0) + 1);
          absorb(model, inputs, results);
        }
        await check(model, ns, accounts);
      }
      const v = await verifyLedger(t.db);
      assert.deepEqual(v.problems, []);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  console.log(
    `property: seed ${SEED}, ${RUNS} runs, ${batches} batches, ${transfers} transfers; results ${JSON.stringify(Object.fromEntries([...seen].sort()))}`,
  );
  // The generator must reach the interesting cases, or the property proves little; checked for the
  // default seed (another seed may well miss one, which says nothing about the ledger).
  if (SEED !== DEFAULT_SEED) return;
  for (const code of [
    'ok',
    'exists',
    'exists_with_different_fields',
    'exceeds_credits',
    'exceeds_debits',
    'unique_key_exists',
    'linked_event_failed',
    'pending_transfer_already_posted',
    'pending_transfer_already_voided',
    'pending_transfer_expired',
    'pending_transfer_not_found',
    'amount_must_not_be_zero',
  ]) {
    assert.ok(seen.has(code), `the scenarios never produced ${code}: ${[...seen.keys()].join(', ')}`);
  }
});
