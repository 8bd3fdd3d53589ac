import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Sql } from '../db/database.ts';
import { loadParameterFile } from '../parameters/index.ts';
import { addDays, type IsoDate, toEpochDay } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import {
  type BoosterRow,
  type SecondDoseRow,
  selectBoosterEligible,
  selectSecondDosesDue,
  siteExists,
} from './dose-lists.repository.ts';
import { boosterRule, secondDoseRules } from './dose-schedule.ts';
import { listProducts } from './product.repository.ts';
import { stockAt } from './stock-balance.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { type ProductCode, siteLocationCode } from './vaccination.types.ts';

/**
 * The lists a site's staff work from (issue #18 §8): second doses due and overdue per site, who
 * may have a booster, and who will find their second product missing because the site's stock
 * cannot cover the second doses due. Schedules and the booster are the rules' on the day
 * (dose-schedule.ts); when a list calls a second dose overdue is parameters/lists.yaml.
 */

export const LIST_PARAMETERS = {
  vaccination_second_dose_overdue_days: z.number().int().min(0).max(365),
  vaccination_second_dose_horizon_days: z.number().int().min(0).max(90),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const listParameters = loadParameterFile(path.join(here, 'parameters', 'lists.yaml'), LIST_PARAMETERS);

/** Operating rules, not law: a day before their first value takes that first value. */
const FIRST_DAY: IsoDate = '2020-12-30';
const inForce = (on: IsoDate): IsoDate => (on < FIRST_DAY ? FIRST_DAY : on);

/**
 * Where a second dose stands on a day: `upcoming` (due within the horizon), `due`, `overdue`
 * (more than the overdue days past due, or past the rules' latest day).
 */
export type SecondDoseStatus = 'upcoming' | 'due' | 'overdue';

/** A person of the second-dose list. */
export interface SecondDoseDue extends SecondDoseRow {
  status: SecondDoseStatus;
  /** Days since it fell due (negative: days until it does). */
  daysLate: number;
}

/** A person of the booster list. */
export type BoosterEligible = BoosterRow;

/** A site and second product whose stock does not cover the second doses due. */
export interface SecondProductShortage {
  site: string;
  product: ProductCode;
  /** Second doses due, overdue or upcoming within the horizon. */
  dosesNeeded: number;
  /** Usable doses at the site (lots not expired on the day). */
  availableDoses: bigint;
  /** The persons the stock cannot cover: the last to fall due, as the earliest are served first. */
  missing: SecondDoseDue[];
}

function statusOf(row: SecondDoseRow, on: IsoDate): SecondDoseDue {
  const daysLate = toEpochDay(on) - toEpochDay(row.dueOn);
  const overdueDays = listParameters.value('vaccination_second_dose_overdue_days', inForce(on));
  const status: SecondDoseStatus =
    daysLate < 0
      ? 'upcoming'
      : daysLate > overdueDays || (row.latestOn !== null && on > row.latestOn)
        ? 'overdue'
        : 'due';
  return { ...row, status, daysLate };
}

async function knownSite(sql: Sql, site: string | undefined): Promise<VaccinationFailure | undefined> {
  if (site !== undefined && !(await siteExists(sql, site))) return { code: 'site_not_found', site };
  return undefined;
}

/**
 * Persons whose second dose is due, overdue, or (with `withinDays`, by default the horizon in
 * force) upcoming, by the site of their first dose, earliest due first.
 *
 * @example await secondDosesDue(db, { on: '2021-05-18', site: 'lp-umsa' }) // ok([{ site: 'lp-umsa', status: 'due', dueOn: '2021-05-18', … }])
 */
export async function secondDosesDue(
  sql: Sql,
  options: { on: IsoDate; site?: string; withinDays?: number },
): Promise<Result<SecondDoseDue[], VaccinationFailure>> {
  const unknown = await knownSite(sql, options.site);
  if (unknown) return fail(unknown);
  const within =
    options.withinDays ?? listParameters.value('vaccination_second_dose_horizon_days', inForce(options.on));
  const rows = await selectSecondDosesDue(sql, {
    on: options.on,
    dueBy: addDays(options.on, within),
    rules: secondDoseRules(await listProducts(sql), options.on),
    ...(options.site === undefined ? {} : { site: options.site }),
  });
  return ok(rows.map((r) => statusOf(r, options.on)));
}

/**
 * Persons who may have a booster on `on` by the rules in force (age, primed series, weeks since
 * the second dose, the booster period), by the site of their second dose. The nominal registry
 * holds no comorbidities, so only the general minimum age applies here; an officer checks a
 * comorbidity at the desk.
 *
 * @example await boosterEligible(db, { on: '2021-11-02' }) // ok([{ site: 'lp-umsa', secondOn: '2021-08-30', … }])
 */
export async function boosterEligible(
  sql: Sql,
  options: { on: IsoDate; site?: string },
): Promise<Result<BoosterEligible[], VaccinationFailure>> {
  const unknown = await knownSite(sql, options.site);
  if (unknown) return fail(unknown);
  const rule = boosterRule(await listProducts(sql), options.on);
  if (!rule.open || rule.generalMinimumAge === null) return ok([]);
  return ok(
    await selectBoosterEligible(sql, {
      on: options.on,
      primedProducts: rule.primedProducts,
      weeks: rule.weeksAfterSecondDose,
      minimumAge: rule.generalMinimumAge,
      ...(options.site === undefined ? {} : { site: options.site }),
    }),
  );
}

/**
 * Sites whose stock of a second product (not expired on `on`) cannot cover the second doses due,
 * overdue or upcoming within the horizon there, with the persons left uncovered.
 *
 * @example await secondProductMissing(db, { on: '2021-06-01' }) // ok([{ site: 'lp-umsa', product: 'sputnik_v_2', dosesNeeded: 40, availableDoses: 0n, missing: [...] }])
 */
export async function secondProductMissing(
  sql: Sql,
  options: { on: IsoDate; site?: string; withinDays?: number },
): Promise<Result<SecondProductShortage[], VaccinationFailure>> {
  const due = await secondDosesDue(sql, options);
  if (!due.ok) return due;
  const groups = new Map<string, SecondDoseDue[]>();
  for (const d of due.value) {
    const key = `${d.site}\t${d.secondProduct}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const out: SecondProductShortage[] = [];
  for (const [key, persons] of groups) {
    const [site, product] = key.split('\t') as [string, ProductCode];
    const stock = await stockAt(sql, { location: siteLocationCode(site), product });
    const available = stock.ok
      ? stock.value.filter((l) => l.lot.expiresOn >= options.on).reduce((s, l) => s + l.availableDoses, 0n)
      : 0n;
    if (BigInt(persons.length) <= available) continue;
    out.push({
      site,
      product,
      dosesNeeded: persons.length,
      availableDoses: available,
      missing: persons.slice(Number(available)),
    });
  }
  return ok(out.sort((a, b) => a.site.localeCompare(b.site) || a.product.localeCompare(b.product)));
}
