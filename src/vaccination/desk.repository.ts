import type { Sql } from '../db/database.ts';

/**
 * The desk's savepoints: each request of a batch runs under its own, so a refusal after a write or
 * an error rolls back that request alone and the batch's others still commit (src/vaccination/desk.ts).
 */

/** Opens the first request's savepoint. */
export async function openRequestSavepoint(tx: Sql): Promise<void> {
  await tx.exec('SAVEPOINT vaccination_request');
}

/** Keeps the request just done and opens the next one's savepoint, in one round trip. */
export async function nextRequestSavepoint(tx: Sql): Promise<void> {
  await tx.exec('RELEASE SAVEPOINT vaccination_request; SAVEPOINT vaccination_request');
}

/** Undoes what the current request wrote; the requests before it stay. */
export async function undoRequest(tx: Sql): Promise<void> {
  await tx.query('ROLLBACK TO SAVEPOINT vaccination_request');
}

/** Keeps the last request's writes: its savepoint released, the batch's transaction goes on. */
export async function keepRequest(tx: Sql): Promise<void> {
  await tx.exec('RELEASE SAVEPOINT vaccination_request');
}
