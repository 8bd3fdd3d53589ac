import type { InputProblem, MovementProblem, VaccinationFailure } from '../../vaccination/index.ts';
import type { Catalogue } from '../catalogue.ts';

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
};
