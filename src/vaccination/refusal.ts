import type { Database, Sql } from '../db/database.ts';
import { transactionWithRetry } from '../ledger/index.ts';
import { fail, type Result } from '../shared/failure.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * A refusal met after a transaction has written (a place or a ticket taken): thrown to roll it
 * back, and caught by `refusable`, which returns the failure. Private to the domain: no exported
 * function lets it escape.
 */
export class Refused extends Error {
  constructor(readonly failure: VaccinationFailure) {
    super(failure.code);
  }
}

/**
 * Runs `fn` in a transaction of its own (retried on a deadlock); a `Refused` thrown inside rolls
 * it back and is returned as the failure it carries.
 *
 * @example return refusable(db, (tx) => book(tx, input));
 */
export async function refusable<T>(
  db: Database,
  fn: (tx: Sql) => Promise<Result<T, VaccinationFailure>>,
): Promise<Result<T, VaccinationFailure>> {
  try {
    return await transactionWithRetry(db, fn);
  } catch (e) {
    if (e instanceof Refused) return fail(e.failure);
    throw e;
  }
}
