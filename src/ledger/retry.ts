import type { Database, Sql } from '../db/database.ts';
import { LedgerRaceError } from './transfer-engine.ts';

/**
 * SQLSTATEs after which running the whole transaction again is the right answer: PostgreSQL chose
 * this transaction as the victim of a conflict, and nothing it wrote remains.
 */
const RETRYABLE_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * Whether an error means "run the transaction again": a serialisation failure, a deadlock or a
 * ledger race.
 *
 * @example isRetryableTransactionError(Object.assign(new Error(), { code: '40P01' })) // true
 */
export function isRetryableTransactionError(error: unknown): boolean {
  if (error instanceof LedgerRaceError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

export interface RetryOptions {
  /** Most attempts in all, first included; after the last one the error is thrown. */
  maxAttempts?: number;
  /** Called before each new attempt, e.g. to count retries in a benchmark or a test. */
  onRetry?: (error: unknown, attempt: number) => void;
}

const DEFAULT_MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 100;

/**
 * Runs `fn` in a transaction, and runs it again in a new transaction when PostgreSQL reports a
 * serialisation failure or a deadlock, or the ledger a race on a transfer id or unique key — at most
 * `maxAttempts` times in all, with a short randomised back-off so that the contenders do not collide
 * again in step. `fn` must be safe to run again: it must do its work only through `tx` (what it
 * wrote is rolled back) and decide again from what it reads. Ledger transfers are, because their
 * ids are chosen by the caller: the retry of an applied transfer is `exists`.
 *
 * @example
 *   const results = await transactionWithRetry(db, (tx) => createTransfers(tx, batch));
 */
export async function transactionWithRetry<T>(
  db: Database,
  fn: (tx: Sql) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryableTransactionError(error)) throw error;
      options.onRetry?.(error, attempt);
      const ceilingMs = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
    }
  }
}
