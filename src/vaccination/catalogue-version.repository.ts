import type { Sql } from '../db/database.ts';

/**
 * The vaccination catalogue's version (migration 0064): moved by row triggers on sites, products,
 * locations, lots and their accounts in the writing transaction, by any process; the desks keep
 * their catalogue across batches while it stands still (catalogue-cache.ts).
 *
 * @example const version = await catalogueVersion(tx); // 17n
 */
export async function catalogueVersion(sql: Sql): Promise<bigint> {
  const [row] = await sql.query<{ version: bigint | string }>(
    'SELECT version FROM vaccination_catalogue_version',
  );
  return BigInt(row?.version ?? 0);
}
