import type { Sql } from '../db/database.ts';

/**
 * Per department, the payers of a fortune year (taxpayers whose latest assessment owes tax), the
 * tax assessed and the payments received: the input of the public figures, never published as is.
 *
 * @example await payersByDepartment(db, 2020)
 */
export async function payersByDepartment(
  sql: Sql,
  fortuneYear: number,
): Promise<{ department_code: number; payers: bigint; tax: bigint; paid: bigint }[]> {
  return sql.query<{ department_code: number; payers: bigint; tax: bigint; paid: bigint }>(
    `WITH latest AS (
       SELECT DISTINCT ON (a.taxpayer_id) a.taxpayer_id, a.tax_centavos
         FROM wealth_tax_assessment a
        WHERE a.fortune_year = $1
        ORDER BY a.taxpayer_id, a.declaration_id DESC)
     SELECT t.department_code,
            count(*)::bigint AS payers,
            sum(l.tax_centavos)::bigint AS tax,
            coalesce(sum((SELECT sum(p.amount_centavos) FROM wealth_tax_payment p
                           WHERE p.taxpayer_id = l.taxpayer_id AND p.fortune_year = $1)), 0)::bigint AS paid
       FROM latest l JOIN wealth_tax_taxpayer t ON t.id = l.taxpayer_id
      WHERE l.tax_centavos > 0
      GROUP BY t.department_code`,
    [fortuneYear],
  );
}
