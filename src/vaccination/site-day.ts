import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { transactionWithRetry } from '../ledger/index.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { releaseNoShows } from './appointment.ts';
import { dosesGivenByLot } from './dose.repository.ts';
import { selectLots } from './lot.repository.ts';
import { leaveAllWaiting } from './queue.repository.ts';
import { selectSites } from './site.repository.ts';
import {
  ensureSiteDay,
  insertDayLots,
  lockSiteDayForClosing,
  markSiteDayClosed,
  releasePlaces,
  type SiteDayCounts,
  siteDayCounts,
} from './site-day.repository.ts';
import { stockAt } from './stock-balance.ts';
import { moveStock } from './stock-movement.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { type ProductCode, siteLocationCode } from './vaccination.types.ts';

/**
 * A site's day closes with its counts: per product the capacity, the places booked and taken by
 * walk-ins, the doses given; the no-shows (their reserved doses back in stock); the walk-ins still
 * waiting (they left, their places freed); and the doses wasted — what was left in the vials opened
 * that day (a multi-dose vial is discarded at the day's end), moved out of the stock as `wasted`.
 * Once closed, nothing more is booked, queued or given that day.
 */

export type { SiteDayCounts } from './site-day.repository.ts';

/** Doses wasted of one lot at the day's end. */
export interface Waste {
  lotId: bigint;
  product: ProductCode;
  /** Doses given from the lot that day. */
  given: number;
  /** Vials opened: the doses given, rounded up to whole vials. */
  vialsOpened: number;
  /** Doses in the vials opened (vials × doses per vial). */
  dosesOpened: number;
  /** Opened − given, or the count the site gave; never more than the stock held. */
  wasted: number;
  /** True when the site counted the waste itself. */
  counted: boolean;
}

/** A site's day as closed. */
export interface DayClosing {
  site: string;
  day: IsoDate;
  closedAt: Date;
  closedBy: string;
  products: SiteDayCounts[];
  /** Appointments not attended. */
  noShows: number;
  /** Walk-ins who left the queue unserved at the closing. */
  left: number;
  waste: Waste[];
}

/** What the site manager gives to close a day. */
export interface CloseDayInput {
  site: string;
  day: IsoDate;
  actor: Actor;
  at: Date;
  /** Doses wasted by lot as counted at the site, replacing the vials' arithmetic for those lots. */
  wastedByLot?: ReadonlyMap<bigint, number>;
}

/**
 * Closes a site's day; a day closed already is `site_day_closed` (nothing moves twice).
 *
 * @example const r = await closeSiteDay(db, { site: 'lp-umsa', day: '2021-04-27', actor: 'account:jefa', at: now }); r.value.waste // [{ lotId: 3n, given: 412, vialsOpened: 42, wasted: 8, … }]
 */
export async function closeSiteDay(
  db: Database,
  input: CloseDayInput,
): Promise<Result<DayClosing, VaccinationFailure>> {
  if (parseIsoDate(input.day) !== input.day)
    return fail({ code: 'vaccination_input_invalid', field: 'day', problem: 'format' });
  for (const [, doses] of input.wastedByLot ?? new Map())
    if (!Number.isInteger(doses) || doses < 0)
      return fail({ code: 'vaccination_input_invalid', field: 'wasted', problem: 'range' });
  return transactionWithRetry(db, async (tx) => {
    const [site] = await selectSites(tx, { codes: [input.site] });
    if (!site) return fail({ code: 'site_not_found', site: input.site });
    await ensureSiteDay(tx, site.id, input.day, site.capacity);
    const locked = await lockSiteDayForClosing(tx, site.id, input.day);
    if (locked.closedAt !== null) return fail({ code: 'site_day_closed', site: site.code, day: input.day });

    const noShows = await releaseNoShows(tx, site.id, input.day, input.at);
    const left = await leaveAllWaiting(tx, site.id, input.day, input.at);
    for (const e of left) await releasePlaces(tx, site.id, input.day, e.product, 'walk_ins', 1);
    const waste = await wasteOf(tx, site.id, input.day, input.wastedByLot);
    const stock = await stockAt(tx, { location: siteLocationCode(site.code) });
    if (!stock.ok) return stock;
    for (const w of waste) {
      const available = stock.value.find((l) => l.lot.id === w.lotId)?.availableDoses ?? 0n;
      const doses = BigInt(w.wasted) < available ? BigInt(w.wasted) : available;
      // The vials' arithmetic may count doses the stock never held (a vial received short): the
      // stock cannot go below zero, so what it holds is what is written off.
      w.wasted = Number(doses);
      if (doses === 0n) continue;
      const moved = await moveStock(tx, {
        id: `waste:${site.code}:${input.day}:${w.lotId}`,
        kind: 'wasted',
        lotId: w.lotId,
        doses,
        from: siteLocationCode(site.code),
        on: input.day,
        occurredAt: input.at,
      });
      if (!moved.ok) return moved;
    }
    await insertDayLots(tx, site.id, input.day, waste);
    await markSiteDayClosed(tx, site.id, input.day, input.at, input.actor);
    const closing: DayClosing = {
      site: site.code,
      day: input.day,
      closedAt: input.at,
      closedBy: input.actor,
      products: await siteDayCounts(tx, site.id, input.day),
      noShows: noShows.length,
      left: left.length,
      waste,
    };
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'vaccination_site_day.closed',
      entityType: 'vaccination_site_day',
      entityId: `${site.code}:${input.day}`,
      after: {
        products: closing.products,
        noShows: closing.noShows,
        left: closing.left,
        waste: closing.waste,
      },
    });
    return ok(closing);
  });
}

/** Per lot given that day: vials opened and the doses left in them (or the count the site gave). */
async function wasteOf(
  tx: Sql,
  siteId: bigint,
  day: IsoDate,
  counted: ReadonlyMap<bigint, number> | undefined,
): Promise<Waste[]> {
  const given = await dosesGivenByLot(tx, siteId, day);
  const lots = new Map(
    (
      await selectLots(
        tx,
        given.map((g) => g.lotId),
      )
    ).map((l) => [l.id, l]),
  );
  return given.map((g) => {
    const perVial = lots.get(g.lotId)!.dosesPerVial;
    const vialsOpened = Math.ceil(g.doses / perVial);
    const siteCount = counted?.get(g.lotId);
    return {
      lotId: g.lotId,
      product: g.product,
      given: g.doses,
      vialsOpened,
      dosesOpened: vialsOpened * perVial,
      wasted: siteCount ?? vialsOpened * perVial - g.doses,
      counted: siteCount !== undefined,
    };
  });
}

/**
 * A site's day as it stands: its counters per product (open or closed).
 *
 * @example const r = await siteDay(db, 'lp-umsa', '2021-04-27'); r.value.products[0].administered
 */
export async function siteDay(
  sql: Sql,
  siteCode: string,
  day: IsoDate,
): Promise<Result<{ site: string; day: IsoDate; products: SiteDayCounts[] }, VaccinationFailure>> {
  const [site] = await selectSites(sql, { codes: [siteCode] });
  if (!site) return fail({ code: 'site_not_found', site: siteCode });
  return ok({ site: site.code, day, products: await siteDayCounts(sql, site.id, day) });
}
