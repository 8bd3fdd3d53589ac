import type { VaccinationFailure } from '../../vaccination/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The vaccination campaign's failures: bad input 400, something named that does not exist 404, a
 * conflict with what is recorded (a lot, a delivery or a movement id used for something else, a
 * site code taken, stock short, a dose recorded under another key, a day closed or full) 409, a
 * rule refusing it (an expired lot, a dose out of its schedule, of the wrong product, a person whose
 * cohort is not open) 422.
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
  person_not_found: 404,
  not_eligible_today: 422,
  dose_too_early: 422,
  dose_too_late: 422,
  wrong_product_for_dose: 422,
  series_complete: 422,
  dose_out_of_order: 422,
  dose_already_recorded: 409,
  dose_key_conflict: 409,
  lot_not_at_site: 422,
  site_inactive: 422,
  site_not_open: 422,
  site_day_closed: 409,
  access_not_offered: 422,
  capacity_full: 409,
  queue_entry_exists: 409,
  queue_entry_not_found: 404,
  queue_empty: 404,
  appointment_exists: 409,
  appointment_not_found: 404,
  appointment_not_booked: 409,
};
