import type { Sql } from '../db/database.ts';
import type { Product } from './vaccination.types.ts';

/**
 * The campaign's products (migration 0041 inserts them): a read, with no decision to make.
 *
 * @example (await listProducts(db)).map((p) => p.code) // ['astrazeneca', 'janssen', …, 'sputnik_v_2']
 */
export async function listProducts(sql: Sql): Promise<Product[]> {
  const rows = await sql.query<{
    code: Product['code'];
    schedule_product: Product['scheduleProduct'];
    component: 1 | 2 | null;
    name: string;
    manufacturer: string;
  }>('SELECT code, schedule_product, component, name, manufacturer FROM vaccination_product ORDER BY code');
  return rows.map((r) => ({
    code: r.code,
    scheduleProduct: r.schedule_product,
    component: r.component,
    name: r.name,
    manufacturer: r.manufacturer,
  }));
}
