import type { VaccinationFailure } from '../../vaccination/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The vaccination campaign's failures: bad input 400, something named that does not exist 404, a
 * conflict with what is recorded (a lot, a delivery or a movement id used for something else, a
 * site code taken, stock short) 409, a rule refusing it (an expired lot) 422.
 */
export const VACCINATION_STATUS: Statuses<VaccinationFailure> = {
  product_unknown: 400,
  vaccination_input_invalid: 400,
  lot_not_found: 404,
  lot_conflict: 409,
  lot_expired: 422,
  location_not_found: 404,
  site_not_found: 404,
  site_code_taken: 409,
  stock_insufficient: 409,
  stock_empty: 409,
  movement_conflict: 409,
  movement_invalid: 400,
  delivery_conflict: 409,
};
