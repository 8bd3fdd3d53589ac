import type { Sql } from '../db/database.ts';
import type { MaritalRegime, Taxpayer } from './wealth-tax.types.ts';

/** The taxpayers' and residences' SQL (wealth_tax_taxpayer, wealth_tax_residence). */

interface TaxpayerRow {
  id: bigint;
  nit: string;
  full_name: string;
  person_id: bigint | null;
  passport_number: string | null;
  passport_country: string | null;
  department_code: number;
  marital_regime: MaritalRegime;
  spouse_taxpayer_id: bigint | null;
}

const COLUMNS =
  'id, nit, full_name, person_id, passport_number, passport_country, department_code, marital_regime, spouse_taxpayer_id';

function fromRow(r: TaxpayerRow): Taxpayer {
  return {
    id: r.id,
    nit: r.nit,
    fullName: r.full_name,
    personId: r.person_id,
    passportNumber: r.passport_number,
    passportCountry: r.passport_country,
    departmentCode: r.department_code,
    maritalRegime: r.marital_regime,
    spouseTaxpayerId: r.spouse_taxpayer_id,
  };
}

/**
 * Inserts a taxpayer, or returns which unique key is taken (`nit`, `person`, `passport`).
 *
 * @example await insertTaxpayer(tx, t, 'account:ana', now)
 */
export async function insertTaxpayer(
  sql: Sql,
  t: Omit<Taxpayer, 'id'>,
  createdBy: string,
  at: Date,
): Promise<Taxpayer | 'nit' | 'person' | 'passport'> {
  const [taken] = await sql.query<{ by: 'nit' | 'person' | 'passport' }>(
    `SELECT CASE WHEN nit = $1 THEN 'nit' WHEN person_id = $2 THEN 'person' ELSE 'passport' END AS by
       FROM wealth_tax_taxpayer
      WHERE nit = $1 OR person_id = $2 OR (passport_country = $3 AND passport_number = $4)
      LIMIT 1`,
    [t.nit, t.personId, t.passportCountry, t.passportNumber],
  );
  if (taken) return taken.by;
  const [row] = await sql.query<TaxpayerRow>(
    `INSERT INTO wealth_tax_taxpayer (nit, full_name, person_id, passport_number, passport_country,
       department_code, marital_regime, spouse_taxpayer_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING ${COLUMNS}`,
    [
      t.nit,
      t.fullName,
      t.personId,
      t.passportNumber,
      t.passportCountry,
      t.departmentCode,
      t.maritalRegime,
      t.spouseTaxpayerId,
      createdBy,
      at,
    ],
  );
  return fromRow(row!);
}

/** A taxpayer by NIT, or null; `forUpdate` locks the row (a filing or payment is under way). @example await taxpayerByNit(tx, '1234567') */
export async function taxpayerByNit(
  sql: Sql,
  nit: string,
  options: { forUpdate?: boolean } = {},
): Promise<Taxpayer | null> {
  const [row] = await sql.query<TaxpayerRow>(
    `SELECT ${COLUMNS} FROM wealth_tax_taxpayer WHERE nit = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [nit],
  );
  return row ? fromRow(row) : null;
}

/** A taxpayer by id, or null. @example await taxpayerById(db, 3n) */
export async function taxpayerById(sql: Sql, id: bigint): Promise<Taxpayer | null> {
  const [row] = await sql.query<TaxpayerRow>(`SELECT ${COLUMNS} FROM wealth_tax_taxpayer WHERE id = $1`, [
    id,
  ]);
  return row ? fromRow(row) : null;
}

/** Sets the marital regime and spouse of a taxpayer. @example await updateMarriage(tx, 3n, 'community_property', 4n) */
export async function updateMarriage(
  sql: Sql,
  id: bigint,
  regime: MaritalRegime,
  spouseId: bigint | null,
): Promise<void> {
  await sql.query(
    'UPDATE wealth_tax_taxpayer SET marital_regime = $2, spouse_taxpayer_id = $3 WHERE id = $1',
    [id, regime, spouseId],
  );
}

/** All taxpayers in NIT order (the officers' list; a few hundred). @example await listTaxpayers(db) */
export async function listTaxpayers(sql: Sql, limit: number): Promise<Taxpayer[]> {
  const rows = await sql.query<TaxpayerRow>(
    `SELECT ${COLUMNS} FROM wealth_tax_taxpayer ORDER BY nit LIMIT $1`,
    [limit],
  );
  return rows.map(fromRow);
}

/**
 * Records the days in Bolivia for a year, returning the days recorded before (null when new).
 *
 * @example await upsertResidence(tx, 3n, 2020, 200, 'account:ana', now) // null
 */
export async function upsertResidence(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
  days: number,
  recordedBy: string,
  at: Date,
): Promise<number | null> {
  const [before] = await sql.query<{ days_in_bolivia: number }>(
    'SELECT days_in_bolivia FROM wealth_tax_residence WHERE taxpayer_id = $1 AND fortune_year = $2 FOR UPDATE',
    [taxpayerId, fortuneYear],
  );
  await sql.query(
    `INSERT INTO wealth_tax_residence (taxpayer_id, fortune_year, days_in_bolivia, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (taxpayer_id, fortune_year)
     DO UPDATE SET days_in_bolivia = EXCLUDED.days_in_bolivia, recorded_by = EXCLUDED.recorded_by,
                   recorded_at = EXCLUDED.recorded_at`,
    [taxpayerId, fortuneYear, days, recordedBy, at],
  );
  return before ? before.days_in_bolivia : null;
}

/** The days in Bolivia recorded for a year, or null. @example await residenceDays(db, 3n, 2020) // 200 */
export async function residenceDays(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
): Promise<number | null> {
  const [row] = await sql.query<{ days_in_bolivia: number }>(
    'SELECT days_in_bolivia FROM wealth_tax_residence WHERE taxpayer_id = $1 AND fortune_year = $2',
    [taxpayerId, fortuneYear],
  );
  return row ? row.days_in_bolivia : null;
}
