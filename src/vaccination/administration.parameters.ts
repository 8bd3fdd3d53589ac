import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadParameterFile } from '../parameters/index.ts';
import { VACCINATION_PRODUCTS } from '../rules/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { PRODUCT_CODES, type ProductCode, type ScheduleProduct } from './vaccination.types.ts';

/**
 * Which product may be given for which dose (the heterologous rules) and which source lists make a
 * person a priority group, as dated parameters (parameters/administration.yaml). Who may be
 * vaccinated when, and the intervals, are the rules' (src/rules/parameters/vaccination.yaml).
 */

const products = z.array(z.enum(PRODUCT_CODES));
const byScheduleProduct = z.partialRecord(z.enum(VACCINATION_PRODUCTS), products);

export const ADMINISTRATION_PARAMETERS = {
  vaccination_products_by_dose: z.strictObject({
    first_dose: products,
    second_dose: byScheduleProduct,
    booster: byScheduleProduct,
  }),
  vaccination_priority_lists: z.strictObject({
    health_worker: z.array(z.string().min(1)),
    comorbidity: z.array(z.string().min(1)),
  }),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const administrationParameters = loadParameterFile(
  path.join(here, 'parameters', 'administration.yaml'),
  ADMINISTRATION_PARAMETERS,
);

/** The campaign's first day: before it no product may be given (the rules say nobody is eligible). */
const FIRST_DAY: IsoDate = '2021-01-29';
const inForce = (on: IsoDate): IsoDate => (on < FIRST_DAY ? FIRST_DAY : on);

/** What the next dose is, as the products rule sees it. */
export type DoseSlot =
  | { kind: 'first' }
  | { kind: 'second'; firstDoseProduct: ScheduleProduct }
  | { kind: 'booster'; firstDoseProduct: ScheduleProduct };

/**
 * The products that may be given for a dose on a day: the first dose's list, or the second dose's
 * and the booster's by the product of the first dose (empty: none may be given).
 *
 * @example productsForDose({ kind: 'second', firstDoseProduct: 'sputnik_v' }, '2021-05-01') // ['sputnik_v_2']
 */
export function productsForDose(slot: DoseSlot, on: IsoDate): readonly ProductCode[] {
  const p = administrationParameters.value('vaccination_products_by_dose', inForce(on));
  if (slot.kind === 'first') return p.first_dose;
  const table = slot.kind === 'second' ? p.second_dose : p.booster;
  return table[slot.firstDoseProduct] ?? [];
}

/**
 * The source lists whose members are health workers, or persons with a comorbidity, on a day.
 *
 * @example priorityLists('2021-04-05') // { healthWorker: [], comorbidity: [] }
 */
export function priorityLists(on: IsoDate): {
  healthWorker: readonly string[];
  comorbidity: readonly string[];
} {
  const p = administrationParameters.value('vaccination_priority_lists', inForce(on));
  return { healthWorker: p.health_worker, comorbidity: p.comorbidity };
}
