import type { Sql } from '../db/database.ts';

/** The SQL of the banks that pay the bono (bono_bank: BIC and name, as src/bono/parameters/operations.yaml lists them). */

/**
 * Records an enabled bank, or renames one already recorded.
 *
 * @example await upsertBank(tx, 'BUNIBOLX', 'Banco Unión');
 */
export async function upsertBank(sql: Sql, bic: string, name: string): Promise<void> {
  await sql.query(
    'INSERT INTO bono_bank (bic, name) VALUES ($1, $2) ON CONFLICT (bic) DO UPDATE SET name = EXCLUDED.name',
    [bic, name],
  );
}
