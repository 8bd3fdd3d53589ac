import { bind, tryBind, vaccination } from '../rules/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Product, ProductCode, ScheduleProduct } from './vaccination.types.ts';

/**
 * The rules' schedules as the lists and the replay need them on a day: for each product that
 * starts a two-dose series, the product of its second dose (Sputnik V's component 2; the same
 * product otherwise) and the days after the first dose it is due and its latest day; and the
 * booster in force. Read from `vaccination_dose_schedules` and `vaccination_booster`
 * (src/rules/parameters/vaccination.yaml) bound on that day: nothing here restates them.
 */

/** The second dose of a series started with `firstProduct`. */
export interface SecondDoseRule {
  firstProduct: ProductCode;
  secondProduct: ProductCode;
  afterDays: number;
  /** Null: no latest day set by the rules on that day. */
  latestAfterDays: number | null;
}

/** The booster as the rules have it on a day; `open` false when no age may have it. */
export interface BoosterRule {
  open: boolean;
  generalMinimumAge: number | null;
  comorbidityMinimumAge: number | null;
  weeksAfterSecondDose: number;
  /** The first-dose products whose completed series may be boosted. */
  primedProducts: ProductCode[];
  closesOn: IsoDate | null;
}

interface ScheduleRow {
  product: ScheduleProduct;
  doses: number;
  second_dose_after_days: number | null;
  second_dose_latest_after_days: number | null;
}

interface BoosterParameter {
  general_minimum_age_years: number | null;
  comorbidity_minimum_age_years: number | null;
  weeks_after_second_dose: number;
  primed_products: ScheduleProduct[];
  closes_on: IsoDate | null;
}

/**
 * The second-dose rule of every product that starts a two-dose series, on `on`.
 *
 * @example secondDoseRules(await listProducts(db), '2021-08-09').find((r) => r.firstProduct === 'sputnik_v_1')
 *   // { firstProduct: 'sputnik_v_1', secondProduct: 'sputnik_v_2', afterDays: 21, latestAfterDays: 90 }
 */
export function secondDoseRules(products: readonly Product[], on: IsoDate): SecondDoseRule[] {
  // Before the campaign's rules take effect (29 Jan 2021) nobody has a first dose: no second is due.
  const bound = tryBind(vaccination, { date: on });
  if (!bound.ok) return [];
  const rows = bound.value.parameter('vaccination_dose_schedules').value as ScheduleRow[];
  const out: SecondDoseRule[] = [];
  for (const p of products) {
    if (p.component === 2) continue;
    const row = rows.find((r) => r.product === p.scheduleProduct);
    if (row === undefined || row.doses < 2 || row.second_dose_after_days === null) continue;
    const second =
      p.component === 1
        ? products.find((q) => q.scheduleProduct === p.scheduleProduct && q.component === 2)
        : p;
    if (second === undefined) continue;
    out.push({
      firstProduct: p.code,
      secondProduct: second.code,
      afterDays: row.second_dose_after_days,
      latestAfterDays: row.second_dose_latest_after_days,
    });
  }
  return out;
}

/**
 * Whether a product's series is complete with one dose (Janssen), on `on`.
 *
 * @example singleDoseProducts(await listProducts(db), '2021-07-11') // ['janssen']
 */
export function singleDoseProducts(products: readonly Product[], on: IsoDate): ProductCode[] {
  const rows = bind(vaccination, { date: on }).parameter('vaccination_dose_schedules').value as ScheduleRow[];
  return products
    .filter((p) => rows.some((r) => r.product === p.scheduleProduct && r.doses === 1))
    .map((p) => p.code);
}

/**
 * The booster in force on `on`, its primed products as the campaign's product codes.
 *
 * @example boosterRule(await listProducts(db), '2021-11-02').generalMinimumAge // 18
 */
export function boosterRule(products: readonly Product[], on: IsoDate): BoosterRule {
  const b = bind(vaccination, { date: on }).parameter('vaccination_booster').value as BoosterParameter;
  const primed = products
    .filter((p) => p.component !== 2 && b.primed_products.includes(p.scheduleProduct))
    .map((p) => p.code);
  const open =
    (b.general_minimum_age_years !== null || b.comorbidity_minimum_age_years !== null) &&
    primed.length > 0 &&
    (b.closes_on === null || on <= b.closes_on);
  return {
    open,
    generalMinimumAge: b.general_minimum_age_years,
    comorbidityMinimumAge: b.comorbidity_minimum_age_years,
    weeksAfterSecondDose: b.weeks_after_second_dose,
    primedProducts: primed,
    closesOn: b.closes_on,
  };
}
