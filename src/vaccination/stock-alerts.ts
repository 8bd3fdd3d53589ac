import type { Database } from '../db/database.ts';
import { totalsByCode } from '../ledger/index.ts';
import { addDays, type IsoDate, startOfBolivianDay, toEpochDay } from '../shared/dates.ts';
import { selectStockAccounts } from './location.repository.ts';
import { selectLots } from './lot.repository.ts';
import { selectSites } from './site.repository.ts';
import { expiryAlertDays, stockPace } from './stock.parameters.ts';
import { stockAt } from './stock-balance.ts';
import { DOSE_LEDGER, type Lot, type ProductCode, siteLocationCode } from './vaccination.types.ts';

/**
 * Alerts about the stock on a day: lots with doses that expire soon (within
 * vaccination_expiry_alert_days), and sites whose stock of a product will not last
 * vaccination_stock_pace.horizon_days at the pace of the last window_days.
 */

/** A lot with doses at a location that expires within the warning period. */
export interface ExpiryAlert {
  location: string;
  lot: Lot;
  availableDoses: bigint;
  /** Days from the day asked to the lot's last day (0: it expires at the end of that day). */
  daysLeft: number;
}

/**
 * Lots with doses that expire within `days` (by default the parameter in force), soonest first.
 *
 * @example await lotsNearExpiry(db, { on: '2021-08-20' }) // [{ location: 'sedes-2', lot, availableDoses: 1200n, daysLeft: 28 }]
 */
export async function lotsNearExpiry(
  db: Database,
  options: { on: IsoDate; days?: number },
): Promise<ExpiryAlert[]> {
  const days = options.days ?? expiryAlertDays(options.on);
  const last = addDays(options.on, days);
  const stock = await stockAt(db);
  if (!stock.ok) return [];
  return stock.value
    .filter((l) => l.availableDoses > 0n && l.lot.expiresOn >= options.on && l.lot.expiresOn <= last)
    .map((l) => ({
      location: l.location,
      lot: l.lot,
      availableDoses: l.availableDoses,
      daysLeft: toEpochDay(l.lot.expiresOn) - toEpochDay(options.on),
    }))
    .sort((a, b) => a.daysLeft - b.daysLeft || a.location.localeCompare(b.location));
}

/** A site whose stock of a product will run out within the horizon at its current pace. */
export interface RunOutAlert {
  site: string;
  product: ProductCode;
  /** Usable doses (lots not expired on the day). */
  availableDoses: bigint;
  /** Doses given per day, on average over the window. */
  dosesPerDay: number;
  /** Whole days the stock lasts at that pace. */
  daysLeft: number;
}

/**
 * Sites that will run out of a product within the horizon at the pace of the last days (the doses
 * given, from the ledger), those soonest out first. A site that gave none of a product in the
 * window has no pace and raises no alert.
 *
 * @example await sitesRunningOut(db, { on: '2021-05-03' }) // [{ site: 'lp-umsa', product: 'sinopharm', availableDoses: 900n, dosesPerDay: 800, daysLeft: 1 }]
 */
export async function sitesRunningOut(db: Database, options: { on: IsoDate }): Promise<RunOutAlert[]> {
  const { windowDays, horizonDays } = stockPace(options.on);
  // The window ends when the day asked begins: the pace of the days already closed.
  const to = startOfBolivianDay(options.on);
  const from = startOfBolivianDay(addDays(options.on, -windowDays));
  const out: RunOutAlert[] = [];
  for (const site of await selectSites(db)) {
    const location = siteLocationCode(site.code);
    const stock = await stockAt(db, { location });
    if (!stock.ok) continue;
    const accounts = await selectStockAccounts(db, { locationIds: [site.locationId] });
    const byProduct = new Map<ProductCode, { available: bigint; given: bigint }>();
    const lotProduct = new Map(
      (
        await selectLots(
          db,
          accounts.map((a) => a.lotId),
        )
      ).map((l) => [l.id, l.product]),
    );
    for (const l of stock.value) {
      if (l.lot.expiresOn < options.on) continue;
      const p = byProduct.get(l.lot.product) ?? { available: 0n, given: 0n };
      p.available += l.availableDoses;
      byProduct.set(l.lot.product, p);
    }
    for (const a of accounts) {
      const product = lotProduct.get(a.lotId);
      if (product === undefined) continue;
      const [given] = (
        await totalsByCode(db, { ledger: DOSE_LEDGER, accountId: a.accountId, from, to })
      ).filter((t) => t.code === 'vaccination.administered');
      if (!given) continue;
      const p = byProduct.get(product) ?? { available: 0n, given: 0n };
      p.given += given.amount;
      byProduct.set(product, p);
    }
    for (const [product, p] of byProduct) {
      if (p.given === 0n) continue;
      const dosesPerDay = Number(p.given) / windowDays;
      const daysLeft = Math.floor(Number(p.available) / dosesPerDay);
      if (daysLeft < horizonDays)
        out.push({ site: site.code, product, availableDoses: p.available, dosesPerDay, daysLeft });
    }
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.site.localeCompare(b.site));
}
