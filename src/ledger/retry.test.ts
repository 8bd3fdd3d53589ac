import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Database, Sql } from '../db/database.ts';
import { isRetryableTransactionError, transactionWithRetry } from './retry.ts';
import { LedgerRaceError } from './transfer-engine.ts';

/** The retry loop, on a stand-in database whose transactions fail as told. */

function failingDatabase(failures: unknown[]): Database & { attempts: number } {
  const db = {
    backend: 'embedded' as const,
    attempts: 0,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      db.attempts++;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return fn({} as Sql);
    },
    query: async () => [],
    queryEach: async () => {},
    exec: async () => {},
    copyFrom: async () => {},
    close: async () => {},
  };
  return db as Database & { attempts: number };
}

const sqlState = (code: string) => Object.assign(new Error(code), { code });

test('deadlocks, serialisation failures and ledger races are retried until the transaction succeeds', async () => {
  const db = failingDatabase([sqlState('40P01'), sqlState('40001'), new LedgerRaceError('id taken')]);
  const seen: unknown[] = [];
  const result = await transactionWithRetry(db, async () => 'done', { onRetry: (e) => seen.push(e) });
  assert.equal(result, 'done');
  assert.equal(db.attempts, 4);
  assert.equal(seen.length, 3);
});

test('retries are bounded: the last error is thrown after maxAttempts', async () => {
  const db = failingDatabase(Array.from({ length: 10 }, () => sqlState('40P01')));
  await assert.rejects(
    transactionWithRetry(db, async () => 'never', { maxAttempts: 3 }),
    (e: unknown) => (e as { code?: string }).code === '40P01',
  );
  assert.equal(db.attempts, 3);
});

test('other errors are not retried', async () => {
  const db = failingDatabase([sqlState('23505')]);
  await assert.rejects(
    transactionWithRetry(db, async () => 'never'),
    /23505/,
  );
  assert.equal(db.attempts, 1);
  assert.equal(isRetryableTransactionError(new Error('boom')), false);
  assert.equal(isRetryableTransactionError(null), false);
});
