import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The campaign's tables hold the rules in the database itself (migration 0041): one dose record per
 * person and dose number, one active appointment per person and dose, a site's day never booked
 * beyond its capacity, the dose registry never edited.
 */

let t: TestDatabase;
const AT = new Date('2021-04-27T12:00:00Z');

before(async () => {
  t = await createTestDatabase();
});
after(() => t.dispose());

test('the DOSE ledger counts whole doses and the seven products are there', async () => {
  const [ledger] = await t.db.query<{ unit: string; scale: number }>(
    `SELECT unit, scale FROM ledger WHERE code = 'DOSE'`,
  );
  assert.deepEqual(ledger, { unit: 'dose', scale: 0 });
  const products = await t.db.query<{ code: string }>('SELECT code FROM vaccination_product ORDER BY code');
  assert.deepEqual(
    products.map((p) => p.code),
    ['astrazeneca', 'janssen', 'moderna', 'pfizer', 'sinopharm', 'sputnik_v_1', 'sputnik_v_2'],
  );
});

test('constraints: capacity, one dose per person and number, one active appointment, immutable doses', async () => {
  const db = t.db;
  const [loc] = await db.query<{ id: bigint }>(
    `INSERT INTO vaccination_location (code, kind, department_code, name, created_at)
     VALUES ('site-lp-umsa', 'site', 2, 'UMSA Monoblock', $1) RETURNING id`,
    [AT],
  );
  const [site] = await db.query<{ id: bigint }>(
    `INSERT INTO vaccination_site (code, location_id, name, department_code, municipality_code, access, created_at, updated_at)
     VALUES ('lp-umsa', $1, 'UMSA Monoblock', 2, '020101', 'both', $2, $2) RETURNING id`,
    [loc!.id, AT],
  );
  await assert.rejects(
    db.query(
      `INSERT INTO vaccination_site (code, location_id, name, department_code, municipality_code, access, created_at, updated_at)
       VALUES ('wrong-dept', $1, 'x', 3, '020101', 'both', $2, $2)`,
      [loc!.id, AT],
    ),
    /check constraint|violates/,
  );
  await db.query(`INSERT INTO vaccination_site_day (site_id, day) VALUES ($1, '2021-04-27')`, [site!.id]);
  await db.query(
    `INSERT INTO vaccination_site_day_product (site_id, day, product, capacity) VALUES ($1, '2021-04-27', 'sinopharm', 1)`,
    [site!.id],
  );
  await db.query(
    `UPDATE vaccination_site_day_product SET reserved = reserved + 1 WHERE site_id = $1 AND product = 'sinopharm'`,
    [site!.id],
  );
  await assert.rejects(
    db.query(
      `UPDATE vaccination_site_day_product SET walk_ins = walk_ins + 1 WHERE site_id = $1 AND product = 'sinopharm'`,
      [site!.id],
    ),
    /check constraint/,
  );
  const book = (key: string) =>
    db.query(
      `INSERT INTO vaccination_appointment (person_id, site_id, day, dose_number, product, status, idempotency_key, booked_by, booked_at)
       VALUES (7, $1, '2021-04-27', 1, 'sinopharm', 'booked', $2, 'test', $3)`,
      [site!.id, key, AT],
    );
  await book('a');
  await assert.rejects(book('b'), /duplicate key|unique/);
  const [lot] = await db.query<{ id: bigint }>(
    `INSERT INTO vaccination_lot (product, manufacturer, lot_number, expires_on, doses_per_vial, created_by, created_at)
     VALUES ('sinopharm', 'Sinopharm', 'SP-2021-001', '2022-02-24', 2, 'test', $1) RETURNING id`,
    [AT],
  );
  const dose = (kind: string, n: number, key: string) =>
    db.query(
      `INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
         idempotency_key, stock_transfer_id, recorded_by, recorded_at)
       VALUES (7, $1, $2, 'sinopharm', $3, $4, '2021-04-27', $5, $5, 'test', $6)`,
      [n, kind, lot!.id, site!.id, key, AT],
    );
  await assert.rejects(dose('second', 1, 'k0'), /check constraint/);
  await dose('first', 1, 'k1');
  await assert.rejects(dose('first', 1, 'k2'), /duplicate key|unique/);
  await assert.rejects(db.query('DELETE FROM vaccination_dose'), /refused/);
});
