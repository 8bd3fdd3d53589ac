import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadParameterFile } from '../parameters/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { PRODUCT_CODES, type ProductCode } from './vaccination.types.ts';

/**
 * How the stock is watched, as dated parameters (parameters/stock.yaml): the expiry warning, the
 * pace that predicts a site running out, the presentation assumed for lots whose own is unknown.
 */

export const STOCK_PARAMETERS = {
  vaccination_expiry_alert_days: z.number().int().min(0).max(365),
  vaccination_stock_pace: z.strictObject({
    window_days: z.number().int().min(1).max(90),
    horizon_days: z.number().int().min(1).max(90),
  }),
  vaccination_lot_presentation: z
    .array(
      z.strictObject({
        product: z.enum(PRODUCT_CODES),
        doses_per_vial: z.number().int().min(1).max(50),
        shelf_life_days: z.number().int().min(1).max(3650),
      }),
    )
    .refine((rows) => new Set(rows.map((r) => r.product)).size === rows.length, 'one row per product'),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const stockParameters = loadParameterFile(path.join(here, 'parameters', 'stock.yaml'), STOCK_PARAMETERS);

/**
 * Operating rules, not law: a date before their first value (the Sputnik V contract, 30 Dec 2020)
 * takes that first value, so that a question about an earlier day is answered rather than refused.
 */
const FIRST_DAY: IsoDate = '2020-12-30';
const inForce = (on: IsoDate): IsoDate => (on < FIRST_DAY ? FIRST_DAY : on);

/** Days before expiry a lot with stock is an alert. @example expiryAlertDays('2021-06-01') // 30 */
export function expiryAlertDays(on: IsoDate): number {
  return stockParameters.value('vaccination_expiry_alert_days', inForce(on));
}

/** The pace window and horizon in force. @example stockPace('2021-06-01') // { windowDays: 7, horizonDays: 7 } */
export function stockPace(on: IsoDate): { windowDays: number; horizonDays: number } {
  const p = stockParameters.value('vaccination_stock_pace', inForce(on));
  return { windowDays: p.window_days, horizonDays: p.horizon_days };
}

/**
 * The presentation assumed for a product's lot whose own is not known.
 *
 * @example lotPresentation('janssen', '2021-07-11') // { dosesPerVial: 5, shelfLifeDays: 180 }
 */
export function lotPresentation(
  product: ProductCode,
  on: IsoDate,
): { dosesPerVial: number; shelfLifeDays: number } {
  const row = stockParameters
    .value('vaccination_lot_presentation', inForce(on))
    .find((r) => r.product === product);
  if (row === undefined) throw new Error(`vaccination_lot_presentation has no row for ${product}`);
  return { dosesPerVial: row.doses_per_vial, shelfLifeDays: row.shelf_life_days };
}
