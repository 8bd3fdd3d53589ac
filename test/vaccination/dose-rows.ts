import type { Database } from '../../src/db/database.ts';

/**
 * Dose records written straight into the nominal registry's table, for tests of what reads it
 * (lists, coverage): the doses themselves are not under test there, and recording them through
 * the administration function would need stock and eligibility for every one.
 */

/** One dose to write. */
export interface DoseRow {
  personId: bigint;
  doseNumber: 1 | 2 | 3;
  kind: 'first' | 'second' | 'single' | 'booster';
  product: string;
  lotId: bigint;
  siteId: bigint;
  givenOn: string;
}

/**
 * Writes the doses, each with a key and a (fictitious) transfer id of its own.
 *
 * @example await insertDoses(t.db, [{ personId: 1n, doseNumber: 1, kind: 'first', product: 'sinopharm', lotId, siteId, givenOn: '2021-04-29' }])
 */
export async function insertDoses(db: Database, doses: readonly DoseRow[]): Promise<void> {
  for (const d of doses)
    await db.query(
      `INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
                                     idempotency_key, stock_transfer_id, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, 'account:test', $7::date)`,
      [
        d.personId,
        d.doseNumber,
        d.kind,
        d.product,
        d.lotId,
        d.siteId,
        d.givenOn,
        `test:${d.doseNumber}`,
        `vaccination:test:${d.personId}:${d.doseNumber}`,
      ],
    );
}

/**
 * Persons of the registry, oldest first, with their department and date of birth.
 *
 * @example const [oldest] = await persons(t.db, { department: 2 });
 */
export async function persons(
  db: Database,
  options: { department?: number; bornBy?: string; limit?: number } = {},
): Promise<{ id: bigint; department: number; dateOfBirth: string }[]> {
  const rows = await db.query<{ id: bigint; department: number; date_of_birth: string }>(
    `SELECT id, department_code::int AS department, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
     FROM registry_person
     WHERE residence_country = 'BO' AND date_of_death IS NULL
       AND ($1::int IS NULL OR department_code = $1) AND ($2::date IS NULL OR date_of_birth <= $2::date)
     ORDER BY date_of_birth, id LIMIT $3`,
    [options.department ?? null, options.bornBy ?? null, options.limit ?? 100],
  );
  return rows.map((r) => ({ id: r.id, department: r.department, dateOfBirth: r.date_of_birth }));
}
