import type {
  IneligibleReason,
  InputProblem,
  MovementProblem,
  VaccinationFailure,
} from '../../vaccination/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { BONO_EN } from './bono.ts';

const INPUT_PROBLEM: Record<InputProblem, string> = {
  missing: 'is missing',
  format: 'is not in the expected format',
  range: 'is out of range',
  unknown: 'names nothing known',
  mismatch: 'does not match the rest',
};

const MOVEMENT_PROBLEM: Record<MovementProblem, string> = {
  id_format: 'its id must be 1–116 characters of A–Z a–z 0–9 : . _ - / @, starting with a letter or digit',
  doses_not_positive: 'the number of doses must be above zero',
  same_location: 'doses cannot move to the location they are at',
  wrong_location_kind: 'receipts arrive at the national warehouse and doses are given at a site',
  not_expired_yet: 'a lot is written off as expired only after its expiry date',
};

const INELIGIBLE_EN: Record<IneligibleReason, string> = {
  campaign_not_started: 'the campaign had not started',
  deceased: 'the registry records the person as deceased',
  cohort_not_open:
    'no cohort of theirs (age in their department, border municipality, priority group) is open',
  not_their_weekday: "the CI's last digit gives them another weekday",
  booster_not_open: 'no booster is open to their group',
};

const WEEKDAY_EN: Record<number, string> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

/** The vaccination campaign's failures in English (statuses: ../status/vaccination.ts). */
export const VACCINATION_EN: Catalogue<VaccinationFailure> = {
  product_unknown: {
    title: 'Unknown vaccine product.',
    detail: (f) =>
      `There is no product "${f.product}": use sputnik_v_1, sputnik_v_2, sinopharm, astrazeneca, pfizer, janssen or moderna.`,
  },
  vaccination_input_invalid: {
    title: 'A field is not valid.',
    detail: (f) => `The field ${f.field} ${INPUT_PROBLEM[f.problem]}.`,
  },
  lot_not_found: { title: 'Lot not found.', detail: (f) => `There is no lot ${f.lotId}.` },
  lot_conflict: {
    title: 'The lot is registered with other details.',
    detail: (f) =>
      `Lot ${f.lotNumber} of ${f.product} (${f.manufacturer}) is registered as lot ${f.lotId} with another expiry date, vial size or note.`,
  },
  lot_expired: {
    title: 'The lot has expired.',
    detail: (f) => `Lot ${f.lotId} expired on ${f.expiresOn}: its doses cannot be used or moved on ${f.on}.`,
  },
  location_not_found: {
    title: 'Location not found.',
    detail: (f) => `There is no location "${f.location}".`,
  },
  site_not_found: {
    title: 'Vaccination site not found.',
    detail: (f) => `There is no vaccination site "${f.site}".`,
  },
  site_code_taken: {
    title: 'The site code is taken.',
    detail: (f) => `A vaccination site with the code "${f.site}" exists already.`,
  },
  stock_insufficient: {
    title: 'Not enough doses in stock.',
    detail: (f) =>
      `${f.location} holds ${f.availableDoses} doses of lot ${f.lotId}; ${f.requestedDoses} were asked for.`,
  },
  stock_empty: {
    title: 'No doses of the product in stock.',
    detail: (f) => `${f.location} has no doses of ${f.product} from a lot that has not expired.`,
  },
  movement_conflict: {
    title: 'The movement id was used for another movement.',
    detail: (f) => `Movement ${f.movementId} is recorded with other details: choose another id.`,
  },
  movement_invalid: {
    title: 'The movement is not valid.',
    detail: (f) => `Movement ${f.movementId} was refused: ${MOVEMENT_PROBLEM[f.problem]}.`,
  },
  delivery_conflict: {
    title: 'The delivery id was used for another delivery.',
    detail: (f) => `Delivery ${f.deliveryId} is recorded with another date, lot, quantity or supplier.`,
  },
  // One person_not_found for ayni: the bono's words (the rules reuse them too).
  person_not_found: BONO_EN.person_not_found,
  not_eligible_today: {
    title: 'Not eligible on this day.',
    detail: (f) =>
      `Dose ${f.doseNumber} cannot be given on ${f.on}: ${INELIGIBLE_EN[f.reason]}${f.reason === 'not_their_weekday' && f.ciWeekday !== null ? ` (their day is ${WEEKDAY_EN[f.ciWeekday]})` : ''}.`,
  },
  dose_too_early: {
    title: 'Too early for this dose.',
    detail: (f) => `Dose ${f.doseNumber} cannot be given before ${f.earliestOn} (asked for ${f.on}).`,
  },
  dose_too_late: {
    title: 'Too late for this dose.',
    detail: (f) => `Dose ${f.doseNumber} could be given until ${f.latestOn} (asked for ${f.on}).`,
  },
  wrong_product_for_dose: {
    title: 'Wrong vaccine for this dose.',
    detail: (f) =>
      f.allowedProducts.length === 0
        ? `No vaccine may be given as dose ${f.doseNumber}; ${f.product} was asked for.`
        : `Dose ${f.doseNumber} must be ${f.allowedProducts.join(' or ')}, not ${f.product}.`,
  },
  series_complete: {
    title: 'The vaccination series is complete.',
    detail: (f) => `The person has ${f.dosesGiven} doses and no further dose is open to them.`,
  },
  dose_out_of_order: {
    title: 'Not the next dose.',
    detail: (f) => `The person's next dose is dose ${f.nextDoseNumber}, not dose ${f.doseNumber}.`,
  },
  dose_already_recorded: {
    title: 'The dose is recorded already.',
    detail: (f) =>
      `Dose ${f.doseNumber} is recorded already: ${f.existing.product}, lot ${f.existing.lotId}, at ${f.existing.site} on ${f.existing.givenOn} (key ${f.existing.idempotencyKey}).`,
  },
  dose_key_conflict: {
    title: 'The idempotency key was used for another dose.',
    detail: (f) => `The key ${f.idempotencyKey} is recorded for another dose: choose another key.`,
  },
  lot_not_at_site: {
    title: 'The lot is not in stock at the site.',
    detail: (f) => `${f.site} holds no dose of lot ${f.lotId}.`,
  },
  site_inactive: {
    title: 'The site is not in service.',
    detail: (f) => `The vaccination site ${f.site} is not in service.`,
  },
  site_not_open: {
    title: 'The site is not open that day.',
    detail: (f) => `The vaccination site ${f.site} does not open on ${f.day}.`,
  },
  site_day_closed: {
    title: "The site's day is closed.",
    detail: (f) => `The day ${f.day} at ${f.site} is closed: nothing more is booked, queued or given.`,
  },
  access_not_offered: {
    title: 'The site does not offer this access.',
    detail: (f) =>
      `The vaccination site ${f.site} ${f.access === 'walk_in' ? 'takes no walk-ins' : 'takes no appointments'}.`,
  },
  capacity_full: {
    title: 'No places left.',
    detail: (f) => `Every place for ${f.product} at ${f.site} on ${f.day} is taken.`,
  },
  queue_entry_exists: {
    title: 'Already in the queue.',
    detail: (f) => `The person is in the queue of ${f.site} on ${f.day} already, with ticket ${f.ticket}.`,
  },
  queue_entry_not_found: {
    title: 'Ticket not found.',
    detail: (f) => `No ticket ${f.ticket} is waiting in the queue of ${f.site} on ${f.day}.`,
  },
  queue_empty: {
    title: 'Nobody is waiting.',
    detail: (f) => `Nobody is waiting in the queue of ${f.site} on ${f.day}.`,
  },
  appointment_exists: {
    title: 'An appointment for this dose exists.',
    detail: (f) =>
      `The person holds appointment ${f.appointmentId} for dose ${f.doseNumber} at ${f.site} on ${f.day}: cancel it first.`,
  },
  appointment_not_found: {
    title: 'Appointment not found.',
    detail: (f) => `There is no appointment ${f.appointmentId} of this person.`,
  },
  appointment_not_booked: {
    title: 'The appointment is not booked.',
    detail: (f) => `Appointment ${f.appointmentId} is ${f.status.replace('_', '-')}, not booked.`,
  },
};
