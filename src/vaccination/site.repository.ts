import type { Sql } from '../db/database.ts';
import type { MassDay, ProductCode, Site, SiteAccess, SiteHours } from './vaccination.types.ts';

/** The sites' SQL: vaccination_site with its hours, capacity and mass days. */

interface SiteRow {
  id: bigint;
  code: string;
  location_id: bigint;
  name: string;
  department_code: number;
  municipality_code: string;
  access: SiteAccess;
  active: boolean;
}

/** A site's own columns, as written. */
export interface SiteFields {
  code: string;
  name: string;
  departmentCode: number;
  municipalityCode: string;
  access: SiteAccess;
  active: boolean;
}

/**
 * Inserts a site (and its location) unless the code is taken; returns its id, or undefined.
 *
 * @example await insertSite(tx, fields, 'site-lp-umsa', now)
 */
export async function insertSite(
  sql: Sql,
  site: SiteFields,
  locationCode: string,
  at: Date,
): Promise<bigint | undefined> {
  const [taken] = await sql.query('SELECT 1 FROM vaccination_site WHERE code = $1', [site.code]);
  if (taken) return undefined;
  const [location] = await sql.query<{ id: bigint }>(
    `INSERT INTO vaccination_location (code, kind, department_code, name, created_at)
     VALUES ($1, 'site', $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [locationCode, site.departmentCode, site.name, at],
  );
  if (!location) return undefined;
  const [row] = await sql.query<{ id: bigint }>(
    `INSERT INTO vaccination_site (code, location_id, name, department_code, municipality_code, access, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [
      site.code,
      location.id,
      site.name,
      site.departmentCode,
      site.municipalityCode,
      site.access,
      site.active,
      at,
    ],
  );
  return row?.id;
}

/** Changes a site's own columns. @example await updateSiteRow(tx, id, fields, now) */
export async function updateSiteRow(sql: Sql, id: bigint, site: SiteFields, at: Date): Promise<void> {
  await sql.query(
    `UPDATE vaccination_site SET name = $2, department_code = $3, municipality_code = $4, access = $5, active = $6, updated_at = $7
     WHERE id = $1`,
    [id, site.name, site.departmentCode, site.municipalityCode, site.access, site.active, at],
  );
}

/**
 * Replaces a site's hours, capacity and mass days with those given (each only when given).
 *
 * @example await replaceSiteSchedule(tx, id, { hours: [{ weekday: 1, opensAt: '08:00', closesAt: '16:00' }] })
 */
export async function replaceSiteSchedule(
  sql: Sql,
  id: bigint,
  schedule: {
    hours?: readonly SiteHours[];
    capacity?: Readonly<Record<string, number>>;
    massDays?: readonly MassDay[];
  },
): Promise<void> {
  if (schedule.hours) {
    await sql.query('DELETE FROM vaccination_site_hours WHERE site_id = $1', [id]);
    await sql.query(
      `INSERT INTO vaccination_site_hours (site_id, weekday, opens_at, closes_at)
       SELECT $1, weekday, opens_at::time, closes_at::time FROM unnest($2::smallint[], $3::text[], $4::text[]) AS h (weekday, opens_at, closes_at)`,
      [
        id,
        schedule.hours.map((h) => h.weekday),
        schedule.hours.map((h) => h.opensAt),
        schedule.hours.map((h) => h.closesAt),
      ],
    );
  }
  if (schedule.capacity) {
    const entries = Object.entries(schedule.capacity);
    await sql.query('DELETE FROM vaccination_site_capacity WHERE site_id = $1', [id]);
    await sql.query(
      `INSERT INTO vaccination_site_capacity (site_id, product, doses_per_day)
       SELECT $1, product, doses FROM unnest($2::text[], $3::integer[]) AS c (product, doses)`,
      [id, entries.map(([p]) => p), entries.map(([, n]) => n)],
    );
  }
  if (schedule.massDays) {
    const days = schedule.massDays;
    await sql.query('DELETE FROM vaccination_site_mass_day WHERE site_id = $1', [id]);
    await sql.query(
      `INSERT INTO vaccination_site_mass_day (site_id, day, opens_at, closes_at, note)
       SELECT $1, day::date, opens_at::time, closes_at::time, note
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS m (day, opens_at, closes_at, note)`,
      [
        id,
        days.map((d) => d.day),
        days.map((d) => d.opensAt),
        days.map((d) => d.closesAt),
        days.map((d) => d.note),
      ],
    );
  }
}

/**
 * Sites with their hours, capacity and mass days: all, or those of the codes given, or of a
 * department; ordered by code.
 *
 * @example await selectSites(db, { codes: ['lp-umsa'] })
 */
export async function selectSites(
  sql: Sql,
  options: { codes?: readonly string[]; departmentCode?: number } = {},
): Promise<Site[]> {
  const rows = await sql.query<SiteRow>(
    `SELECT id, code, location_id, name, department_code, municipality_code, access, active FROM vaccination_site
     WHERE ($1::text[] IS NULL OR code = ANY($1::text[])) AND ($2::smallint IS NULL OR department_code = $2)
     ORDER BY code`,
    [options.codes ? [...options.codes] : null, options.departmentCode ?? null],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const hours = await sql.query<{ site_id: bigint; weekday: number; opens_at: string; closes_at: string }>(
    `SELECT site_id, weekday, to_char(opens_at, 'HH24:MI') AS opens_at, to_char(closes_at, 'HH24:MI') AS closes_at
     FROM vaccination_site_hours WHERE site_id = ANY($1::bigint[]) ORDER BY site_id, weekday`,
    [ids],
  );
  const capacity = await sql.query<{ site_id: bigint; product: ProductCode; doses_per_day: number }>(
    `SELECT site_id, product, doses_per_day FROM vaccination_site_capacity WHERE site_id = ANY($1::bigint[])
     ORDER BY site_id, product`,
    [ids],
  );
  const massDays = await sql.query<{
    site_id: bigint;
    day: string;
    opens_at: string | null;
    closes_at: string | null;
    note: string | null;
  }>(
    `SELECT site_id, day, to_char(opens_at, 'HH24:MI') AS opens_at, to_char(closes_at, 'HH24:MI') AS closes_at, note
     FROM vaccination_site_mass_day WHERE site_id = ANY($1::bigint[]) ORDER BY site_id, day`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    locationId: r.location_id,
    name: r.name,
    departmentCode: r.department_code,
    municipalityCode: r.municipality_code,
    access: r.access,
    active: r.active,
    hours: hours
      .filter((h) => h.site_id === r.id)
      .map((h) => ({ weekday: h.weekday, opensAt: h.opens_at, closesAt: h.closes_at })),
    capacity: Object.fromEntries(
      capacity.filter((c) => c.site_id === r.id).map((c) => [c.product, c.doses_per_day]),
    ),
    massDays: massDays
      .filter((m) => m.site_id === r.id)
      .map((m) => ({ day: m.day, opensAt: m.opens_at, closesAt: m.closes_at, note: m.note })),
  }));
}
