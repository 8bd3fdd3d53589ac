import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import {
  type Account,
  type CreateTransferResult,
  createTransfers,
  ensureAccounts,
  getAccounts,
  type TransferInput,
  transactionWithRetry,
  verifyLedger,
} from '../../src/ledger/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { accountsOrFail, at, BONO, T0 } from './ledger-fixture.ts';

/**
 * Twenty clients pay the same persons at once, through different banks, retrying requests whose
 * answer they "lost", with shared and with their own transfer ids: every person is paid exactly
 * once, every id is applied once, and no deadlock or serialisation error reaches a client (they are
 * retried inside, a bounded number of times). Each client has its own connection.
 */

const CLIENTS = 20;
const PERSONS = 200;
const BANKS = ['BUNIBOLX', 'BNBOBOLX', 'BMSCBOLX', 'BCRIBOLX', 'FIEBBOLX'];
const BATCH = 10;

let t: TestDatabase;
let clients: Database[];
let payable: Account;
let banks: Account[];

/** mulberry32: a small seeded generator, so each client's order is reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

before(async () => {
  t = await createTestDatabase();
  clients = await Promise.all(Array.from({ length: CLIENTS }, () => openPostgres(t.url, 1)));
  const accounts = accountsOrFail(
    await ensureAccounts(t.db, [
      { code: 'c:lender', ledger: 'BOB', kind: 'liability', createdAt: T0 },
      {
        code: 'c:entitlements-payable',
        ledger: 'BOB',
        kind: 'liability',
        debitsMustNotExceedCredits: true,
        createdAt: T0,
      },
      ...BANKS.map((bic) => ({
        code: `c:paid:${bic}`,
        ledger: 'BOB',
        kind: 'expense' as const,
        createdAt: T0,
      })),
    ]),
  );
  payable = accounts.get('c:entitlements-payable')!;
  banks = BANKS.map((bic) => accounts.get(`c:paid:${bic}`)!);
  // Exactly enough for every person once: a second payment would also break the payable's flag.
  const [r] = await createTransfers(t.db, [
    {
      id: 'c:allocate',
      debitAccountId: accounts.get('c:lender')!.id,
      creditAccountId: payable.id,
      amount: BigInt(PERSONS) * BONO,
      ledger: 'BOB',
      code: 'bono.allocation',
      occurredAt: T0,
    },
  ]);
  assert.equal(r!.result, 'ok');
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.dispose();
});

test(`${CLIENTS} clients paying overlapping persons through different banks: each paid exactly once`, async () => {
  let retries = 0;
  const tally = new Map<string, number>();
  const count = (results: CreateTransferResult[]) => {
    for (const r of results) tally.set(r.result, (tally.get(r.result) ?? 0) + 1);
  };
  const send = (client: Database, batch: TransferInput[]) =>
    transactionWithRetry(client, (tx) => createTransfers(tx, batch), {
      maxAttempts: 20,
      onRetry: () => {
        retries++;
      },
    });

  await Promise.all(
    clients.map(async (client, c) => {
      const random = prng(c + 1);
      const persons = shuffle(
        Array.from({ length: PERSONS }, (_, i) => i + 1),
        random,
      );
      for (let i = 0; i < persons.length; i += BATCH) {
        // Half the requests use the id every client derives for the person (the same transfer, sent
        // by many), the others the client's own request id through its own bank (a different transfer
        // for the same person, which the unique key must refuse).
        const batch = persons.slice(i, i + BATCH).map((person): TransferInput => {
          const shared = random() < 0.5;
          const bank = shared ? banks[person % banks.length]! : banks[c % banks.length]!;
          return {
            id: shared ? `pay:${person}` : `req:${c}:${person}`,
            debitAccountId: payable.id,
            creditAccountId: bank.id,
            amount: BONO,
            ledger: 'BOB',
            code: 'bono.payout',
            uniqueKey: `bono:${person}`,
            personId: BigInt(person),
            occurredAt: at(c),
          };
        });
        count(await send(client, batch));
        // Now and then the answer is "lost" and the client sends the same batch again.
        if (random() < 0.3) {
          const again = await send(client, batch);
          assert.ok(
            again.every((r) => r.result === 'exists' || r.result === 'unique_key_exists'),
            `a repeated batch changes nothing: ${again.map((r) => r.result)}`,
          );
          count(again);
        }
      }
    }),
  );

  assert.equal(tally.get('ok'), PERSONS, `one ok per person: ${JSON.stringify(Object.fromEntries(tally))}`);
  const [paid] = await t.db.query<{ transfers: bigint; persons: bigint; keys: bigint }>(
    `SELECT count(*) AS transfers, count(DISTINCT person_id) AS persons,
       (SELECT count(*) FROM ledger_unique_key WHERE unique_key LIKE 'bono:%') AS keys
     FROM ledger_transfer WHERE code = 'bono.payout'`,
  );
  assert.deepEqual(paid, { transfers: BigInt(PERSONS), persons: BigInt(PERSONS), keys: BigInt(PERSONS) });
  const [after] = await getAccounts(t.db, [payable.id]);
  assert.equal(after!.debitsPosted, BigInt(PERSONS) * BONO);
  const bankTotal = (
    await getAccounts(
      t.db,
      banks.map((b) => b.id),
    )
  ).reduce((s, b) => s + b.creditsPosted, 0n);
  assert.equal(bankTotal, BigInt(PERSONS) * BONO);
  assert.deepEqual((await verifyLedger(t.db)).problems, []);
  console.log(`concurrency (${t.backend}): ${JSON.stringify(Object.fromEntries(tally))}; retries ${retries}`);
});

test('the same ids sent by many clients over disjoint accounts: the race is retried, each id applied once', async () => {
  // With no account in common, nothing serialises the clients before they insert the same id: the
  // losers wait on the winner's row, find it taken and retry, then answer from what was recorded.
  const own = accountsOrFail(
    await ensureAccounts(
      t.db,
      clients.flatMap((_, c) => [
        { code: `race:${c}:from`, ledger: 'BOB', kind: 'liability' as const, createdAt: T0 },
        { code: `race:${c}:to`, ledger: 'BOB', kind: 'asset' as const, createdAt: T0 },
      ]),
    ),
  );
  let retries = 0;
  const tally = new Map<string, number>();
  await Promise.all(
    clients.map(async (client, c) => {
      const random = prng(100 + c);
      const ids = shuffle(
        Array.from({ length: 40 }, (_, i) => `race:${i}`),
        random,
      );
      for (let i = 0; i < ids.length; i += 8) {
        const batch = ids.slice(i, i + 8).map(
          (id): TransferInput => ({
            id,
            debitAccountId: own.get(`race:${c}:from`)!.id,
            creditAccountId: own.get(`race:${c}:to`)!.id,
            amount: 1n,
            ledger: 'BOB',
            code: 'test.race',
            uniqueKey: `${id}:key`,
            occurredAt: T0,
          }),
        );
        const results = await transactionWithRetry(client, (tx) => createTransfers(tx, batch), {
          maxAttempts: 20,
          onRetry: () => {
            retries++;
          },
        });
        for (const r of results) tally.set(r.result, (tally.get(r.result) ?? 0) + 1);
      }
    }),
  );
  assert.equal(tally.get('ok'), 40);
  assert.equal(tally.get('exists_with_different_fields'), 40 * (CLIENTS - 1));
  const [n] = await t.db.query<{ n: bigint }>(
    "SELECT count(*) AS n FROM ledger_transfer WHERE code = 'test.race'",
  );
  assert.equal(n!.n, 40n);
  assert.deepEqual((await verifyLedger(t.db)).problems, []);
  console.log(`race (${t.backend}): ${JSON.stringify(Object.fromEntries(tally))}; retries ${retries}`);
});

test('two transactions that lock accounts in opposite orders deadlock once, and are retried', async () => {
  // Each transaction calls createTransfers twice — what the doc comment advises against — locking
  // two disjoint pairs of banks in opposite orders, each waiting until the other holds its first
  // pair. (The wait gives up after ten seconds, so a mistake fails the test instead of hanging it.)
  const [a, b, c, d] = banks as [Account, Account, Account, Account];
  let arrived = 0;
  let release: () => void = () => {};
  const bothHoldFirstLocks = new Promise<void>((resolve) => {
    release = resolve;
    setTimeout(resolve, 10_000).unref();
  });
  const meet = async (attempt: number) => {
    if (attempt > 1) return;
    arrived++;
    if (arrived === 2) release();
    await bothHoldFirstLocks;
  };
  const move = (id: string, from: Account, to: Account): TransferInput => ({
    id,
    debitAccountId: from.id,
    creditAccountId: to.id,
    amount: 1n,
    ledger: 'BOB',
    code: 'test.deadlock',
    occurredAt: T0,
  });
  let deadlocks = 0;
  const pair = (client: Database, first: [Account, Account], second: [Account, Account], tag: string) => {
    let attempt = 0;
    return transactionWithRetry(
      client,
      async (tx) => {
        attempt++;
        const one = await createTransfers(tx, [move(`dl:${tag}:1`, ...first)]);
        await meet(attempt);
        const two = await createTransfers(tx, [move(`dl:${tag}:2`, ...second)]);
        return [...one, ...two];
      },
      {
        onRetry: (error) => {
          if ((error as { code?: string }).code === '40P01') deadlocks++;
        },
      },
    );
  };
  const results = await Promise.all([
    pair(clients[0]!, [a, b], [c, d], 'x'),
    pair(clients[1]!, [c, d], [a, b], 'y'),
  ]);
  assert.deepEqual(
    results.map((r) => r.map((x) => x.result)),
    [
      ['ok', 'ok'],
      ['ok', 'ok'],
    ],
  );
  assert.equal(arrived, 2, 'both transactions held their first locks at once');
  assert.equal(deadlocks, 1, 'PostgreSQL broke the deadlock by aborting one of them, which was retried');
  assert.deepEqual((await verifyLedger(t.db)).problems, []);
});
