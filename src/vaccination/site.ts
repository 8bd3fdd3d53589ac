import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { MUNICIPALITY_BY_CODE } from '../registry/index.ts';
import { type IsoDate, parseIsoDate, toEpochDay } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import {
  insertSite,
  replaceSiteSchedule,
  type SiteFields,
  selectSites,
  updateSiteRow,
} from './site.repository.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import {
  isProductCode,
  type MassDay,
  type ProductCode,
  SITE_ACCESS,
  type Site,
  type SiteHours,
  type SiteInput,
  siteLocationCode,
} from './vaccination.types.ts';

/**
 * Vaccination sites: created and changed by an officer (audited, before and after), listed, and
 * asked what they can give on a day. A site's department is its municipality's (the registry's INE
 * codes); its stock is its location's (`site-<code>`).
 */

const SITE_CODE = /^[a-z0-9][a-z0-9-]{0,56}$/;
const HOUR = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;
const MAX_CAPACITY = 100_000;

type Invalid = Result<never, VaccinationFailure>;
const bad = (field: string, problem: 'missing' | 'format' | 'range' | 'unknown' | 'mismatch'): Invalid =>
  fail({ code: 'vaccination_input_invalid', field, problem });

function checkHours(hours: readonly SiteHours[]): Invalid | undefined {
  const seen = new Set<number>();
  for (const h of hours) {
    if (!Number.isInteger(h.weekday) || h.weekday < 1 || h.weekday > 7 || seen.has(h.weekday))
      return bad('hours.weekday', 'range');
    seen.add(h.weekday);
    if (!HOUR.test(h.opensAt) || !HOUR.test(h.closesAt) || h.opensAt >= h.closesAt)
      return bad('hours', 'format');
  }
  return undefined;
}

function checkCapacity(capacity: Readonly<Record<string, number | undefined>>): Invalid | undefined {
  for (const [product, doses] of Object.entries(capacity)) {
    if (!isProductCode(product)) return fail({ code: 'product_unknown', product });
    if (doses === undefined || !Number.isInteger(doses) || doses < 0 || doses > MAX_CAPACITY)
      return bad(`capacity.${product}`, 'range');
  }
  return undefined;
}

function checkMassDays(days: readonly MassDay[]): Invalid | undefined {
  const seen = new Set<string>();
  for (const d of days) {
    if (parseIsoDate(d.day) !== d.day || seen.has(d.day)) return bad('mass_days.day', 'format');
    seen.add(d.day);
    if ((d.opensAt === null) !== (d.closesAt === null)) return bad('mass_days.hours', 'missing');
    if (d.opensAt !== null && (!HOUR.test(d.opensAt) || !HOUR.test(d.closesAt!) || d.opensAt >= d.closesAt!))
      return bad('mass_days.hours', 'format');
    if (d.note !== null && (d.note.length > 500 || !PRINTABLE.test(d.note)))
      return bad('mass_days.note', 'format');
  }
  return undefined;
}

/** A site's own fields from the input, or why they cannot be stored. */
function siteFields(input: SiteInput): Result<SiteFields, VaccinationFailure> {
  if (!SITE_CODE.test(input.code)) return bad('code', 'format');
  const name = input.name.trim();
  if (name === '') return bad('name', 'missing');
  if (name.length > 200 || !PRINTABLE.test(name)) return bad('name', 'format');
  const municipality = MUNICIPALITY_BY_CODE.get(input.municipalityCode);
  if (!municipality) return bad('municipality', 'unknown');
  if (!SITE_ACCESS.includes(input.access)) return bad('access', 'unknown');
  return ok({
    code: input.code,
    name,
    departmentCode: municipality.departmentCode,
    municipalityCode: municipality.code,
    access: input.access,
    active: input.active ?? true,
  });
}

function checkSchedule(input: Pick<SiteInput, 'hours' | 'capacity' | 'massDays'>): Invalid | undefined {
  return (
    (input.hours && checkHours(input.hours)) ||
    (input.capacity && checkCapacity(input.capacity)) ||
    (input.massDays && checkMassDays(input.massDays)) ||
    undefined
  );
}

const scheduleOf = (input: Pick<SiteInput, 'hours' | 'capacity' | 'massDays'>) => ({
  ...(input.hours ? { hours: input.hours } : {}),
  ...(input.capacity ? { capacity: input.capacity as Record<string, number> } : {}),
  ...(input.massDays ? { massDays: input.massDays } : {}),
});

/**
 * Creates a site with its location, hours, capacity per product and mass days, audited.
 *
 * @example
 *   await createSite(db, { code: 'lp-umsa-monoblock', name: 'UMSA Monoblock', municipalityCode: '020101',
 *     access: 'walk_in', hours: [{ weekday: 2, opensAt: '08:00', closesAt: '16:00' }],
 *     capacity: { sinopharm: 800 } }, 'account:ana', now)
 */
export async function createSite(
  db: Database,
  input: SiteInput,
  actor: Actor,
  at: Date,
): Promise<Result<Site, VaccinationFailure>> {
  const fields = siteFields(input);
  if (!fields.ok) return fields;
  const refused = checkSchedule(input);
  if (refused) return refused;
  return db.transaction(async (tx) => {
    const id = await insertSite(tx, fields.value, siteLocationCode(input.code), at);
    if (id === undefined) return fail({ code: 'site_code_taken', site: input.code });
    await replaceSiteSchedule(tx, id, scheduleOf(input));
    const [site] = await selectSites(tx, { codes: [input.code] });
    await appendAudit(tx, {
      at,
      actor,
      action: 'vaccination_site.created',
      entityType: 'vaccination_site',
      entityId: id,
      after: site,
    });
    return ok(site!);
  });
}

/**
 * Changes a site: the fields given replace those stored (hours, capacity and mass days as wholes),
 * audited with the site before and after.
 *
 * @example await updateSite(db, 'lp-umsa-monoblock', { capacity: { sinopharm: 900 } }, 'account:ana', now)
 */
export async function updateSite(
  db: Database,
  code: string,
  patch: Partial<Omit<SiteInput, 'code'>>,
  actor: Actor,
  at: Date,
): Promise<Result<Site, VaccinationFailure>> {
  return db.transaction(async (tx) => {
    const [before] = await selectSites(tx, { codes: [code] });
    if (!before) return fail({ code: 'site_not_found', site: code });
    const fields = siteFields({
      code,
      name: patch.name ?? before.name,
      municipalityCode: patch.municipalityCode ?? before.municipalityCode,
      access: patch.access ?? before.access,
      active: patch.active ?? before.active,
    });
    if (!fields.ok) return fields;
    if (fields.value.departmentCode !== before.departmentCode) return bad('municipality', 'mismatch');
    const refused = checkSchedule(patch);
    if (refused) return refused;
    await updateSiteRow(tx, before.id, fields.value, at);
    await replaceSiteSchedule(tx, before.id, scheduleOf(patch));
    const [after] = await selectSites(tx, { codes: [code] });
    await appendAudit(tx, {
      at,
      actor,
      action: 'vaccination_site.updated',
      entityType: 'vaccination_site',
      entityId: before.id,
      before,
      after,
    });
    return ok(after!);
  });
}

/**
 * Sites by code, all or of one department.
 *
 * @example await listSites(db, { departmentCode: 2 })
 */
export async function listSites(db: Database, options: { departmentCode?: number } = {}): Promise<Site[]> {
  return selectSites(db, options);
}

/** One site by code. @example const site = await getSite(db, 'lp-umsa-monoblock') */
export async function getSite(db: Database, code: string): Promise<Result<Site, VaccinationFailure>> {
  const [site] = await selectSites(db, { codes: [code] });
  return site ? ok(site) : fail({ code: 'site_not_found', site: code });
}

/** ISO weekday (1 Monday … 7 Sunday) of a date; 1970-01-01 was a Thursday. */
function isoWeekday(day: IsoDate): number {
  return ((((toEpochDay(day) + 3) % 7) + 7) % 7) + 1;
}

/**
 * What a site can give on a day, by product: its capacity when it is open that day (a weekday with
 * hours, or a mass-vaccination day) and active, otherwise nothing.
 *
 * @example siteCapacityOn(site, '2021-04-27') // { sinopharm: 800 } on a Tuesday the site opens
 */
export function siteCapacityOn(site: Site, day: IsoDate): Partial<Record<ProductCode, number>> {
  if (!site.active) return {};
  const open =
    site.massDays.some((d) => d.day === day) || site.hours.some((h) => h.weekday === isoWeekday(day));
  return open ? { ...site.capacity } : {};
}
