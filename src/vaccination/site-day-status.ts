import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { selectSites } from './site.repository.ts';
import {
  type DayLotRow,
  type SiteDayCounts,
  selectDayLots,
  siteDayClosed,
  siteDayCounts,
} from './site-day.repository.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import type { Site } from './vaccination.types.ts';

/** A site's day as its page shows it: the site, its counters per product, whether it is closed. */
export interface SiteDayStatus {
  site: Site;
  day: IsoDate;
  products: SiteDayCounts[];
  closed: boolean;
  /** Once closed: per lot, the doses given, opened and wasted (none before the closing). */
  lots: DayLotRow[];
}

/**
 * A site's day for the site's page (siteDay, and whether closeSiteDay closed it).
 *
 * @example const r = await siteDayStatus(db, 'lp-umsa', '2021-04-27'); r.value.closed // false
 */
export async function siteDayStatus(
  sql: Sql,
  siteCode: string,
  day: IsoDate,
): Promise<Result<SiteDayStatus, VaccinationFailure>> {
  const [site] = await selectSites(sql, { codes: [siteCode] });
  if (!site) return fail({ code: 'site_not_found', site: siteCode });
  return ok({
    site,
    day,
    products: await siteDayCounts(sql, site.id, day),
    closed: await siteDayClosed(sql, site.id, day),
    lots: await selectDayLots(sql, site.id, day),
  });
}
