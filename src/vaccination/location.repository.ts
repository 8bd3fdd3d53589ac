import type { Sql } from '../db/database.ts';
import type { Location, LocationKind } from './vaccination.types.ts';

/** The SQL of the places doses are kept and of their stock accounts (vaccination_location, vaccination_stock_account). */

interface LocationRow {
  id: bigint;
  code: string;
  kind: LocationKind;
  department_code: number | null;
  name: string;
}

const fromRow = (r: LocationRow): Location => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  departmentCode: r.department_code,
  name: r.name,
});

/**
 * Inserts locations that do not exist yet (by code); existing ones are left as they are.
 *
 * @example await insertLocations(tx, [{ code: 'sedes-2', kind: 'sedes', departmentCode: 2, name: 'SEDES La Paz' }], now)
 */
export async function insertLocations(
  sql: Sql,
  locations: readonly Omit<Location, 'id'>[],
  at: Date,
): Promise<void> {
  if (locations.length === 0) return;
  await sql.query(
    `INSERT INTO vaccination_location (code, kind, department_code, name, created_at)
     SELECT code, kind, department_code, name, $5
     FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[]) AS l (code, kind, department_code, name)
     ON CONFLICT (code) DO NOTHING`,
    [
      locations.map((l) => l.code),
      locations.map((l) => l.kind),
      locations.map((l) => l.departmentCode),
      locations.map((l) => l.name),
      at,
    ],
  );
}

/** Locations by code (those that exist). @example await selectLocations(db, ['national-warehouse']) */
export async function selectLocations(sql: Sql, codes: readonly string[]): Promise<Location[]> {
  const rows = await sql.query<LocationRow>(
    'SELECT id, code, kind, department_code, name FROM vaccination_location WHERE code = ANY($1::text[])',
    [[...codes]],
  );
  return rows.map(fromRow);
}

/** Every location: the warehouse, then the SEDES, then the sites, each by code. @example await listLocations(db) */
export async function listLocations(sql: Sql): Promise<Location[]> {
  const rows = await sql.query<LocationRow>(
    `SELECT id, code, kind, department_code, name FROM vaccination_location
     ORDER BY CASE kind WHEN 'national_warehouse' THEN 0 WHEN 'sedes' THEN 1 ELSE 2 END, code`,
  );
  return rows.map(fromRow);
}

/** A lot's stock account at a location, as recorded. */
export interface StockAccountRow {
  locationId: bigint;
  lotId: bigint;
  accountId: bigint;
}

/**
 * Records that a stock account exists (idempotent: the same pair is recorded once).
 *
 * @example await insertStockAccount(tx, { locationId, lotId, accountId })
 */
export async function insertStockAccount(sql: Sql, row: StockAccountRow): Promise<void> {
  await sql.query(
    `INSERT INTO vaccination_stock_account (location_id, lot_id, account_id) VALUES ($1, $2, $3)
     ON CONFLICT (location_id, lot_id) DO NOTHING`,
    [row.locationId, row.lotId, row.accountId],
  );
}

/**
 * The stock accounts of some locations (all lots ever held there), or of every location.
 *
 * @example await selectStockAccounts(db, { locationIds: [siteLocationId] })
 */
export async function selectStockAccounts(
  sql: Sql,
  options: { locationIds?: readonly bigint[]; lotIds?: readonly bigint[] } = {},
): Promise<StockAccountRow[]> {
  const rows = await sql.query<{ location_id: bigint; lot_id: bigint; account_id: bigint }>(
    `SELECT location_id, lot_id, account_id FROM vaccination_stock_account
     WHERE ($1::bigint[] IS NULL OR location_id = ANY($1::bigint[]))
       AND ($2::bigint[] IS NULL OR lot_id = ANY($2::bigint[]))
     ORDER BY location_id, lot_id`,
    [options.locationIds ? [...options.locationIds] : null, options.lotIds ? [...options.lotIds] : null],
  );
  return rows.map((r) => ({ locationId: r.location_id, lotId: r.lot_id, accountId: r.account_id }));
}
