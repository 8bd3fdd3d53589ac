import type { PersonNotFound } from '../rules/index.ts';
import type { ProductCode, SiteAccess } from './vaccination.types.ts';

/**
 * The vaccination campaign's expected failures, as values (docs/adr/0009-one-failure-model.md);
 * their HTTP statuses and words are in src/messages/{status,es,en}/vaccination.ts. Fields are
 * public: codes, ids, dates and counts of the campaign, never a person's data.
 *
 * @example const f: VaccinationFailure = { code: 'stock_insufficient', location: 'site-lp-umsa', lotId: 3n, availableDoses: 0n, requestedDoses: 1n };
 */
export type VaccinationFailure =
  /** A product code that is not one of the campaign's products. */
  | { readonly code: 'product_unknown'; readonly product: string }
  /** A lot's or site's field the campaign cannot accept; `field` names it, `problem` says why. */
  | {
      readonly code: 'vaccination_input_invalid';
      readonly field: string;
      readonly problem: 'missing' | 'format' | 'range' | 'unknown' | 'mismatch';
    }
  | { readonly code: 'lot_not_found'; readonly lotId: bigint }
  /** The lot is registered with other fields (expiry, doses per vial): a typing mistake, or another lot. */
  | {
      readonly code: 'lot_conflict';
      readonly product: string;
      readonly manufacturer: string;
      readonly lotNumber: string;
      readonly lotId: bigint;
    }
  /** A lot past its expiry date moves only as expired. */
  | { readonly code: 'lot_expired'; readonly lotId: bigint; readonly expiresOn: string; readonly on: string }
  | { readonly code: 'location_not_found'; readonly location: string }
  | { readonly code: 'site_not_found'; readonly site: string }
  | { readonly code: 'site_code_taken'; readonly site: string }
  /** Not enough doses of the lot at the location for the movement. */
  | {
      readonly code: 'stock_insufficient';
      readonly location: string;
      readonly lotId: bigint;
      readonly availableDoses: bigint;
      readonly requestedDoses: bigint;
    }
  /** No lot of the product with doses at the location (FEFO found nothing to use). */
  | { readonly code: 'stock_empty'; readonly location: string; readonly product: string }
  /** A movement id used before for a different movement. */
  | { readonly code: 'movement_conflict'; readonly movementId: string }
  /** A movement the stock refuses as asked: `problem` says why. */
  | {
      readonly code: 'movement_invalid';
      readonly movementId: string;
      readonly problem:
        | 'id_format'
        | 'doses_not_positive'
        | 'same_location'
        | 'wrong_location_kind'
        | 'not_expired_yet';
    }
  /** A delivery id recorded before with other fields. */
  | { readonly code: 'delivery_conflict'; readonly deliveryId: string }
  /** Nobody in the registry has the CI number, complemento and date of birth given (the rules' failure). */
  | PersonNotFound
  /** The person may not receive the dose on the day: `reason` says why; `ciWeekday` is the day their CI allows. */
  | {
      readonly code: 'not_eligible_today';
      readonly on: string;
      readonly doseNumber: number;
      readonly reason: IneligibleReason;
      /** ISO weekday (1 Monday … 5 Friday) the CI's last digit gives, when the rotation applies. */
      readonly ciWeekday: number | null;
    }
  /** The interval from the previous dose has not passed: the dose may be given from `earliestOn`. */
  | {
      readonly code: 'dose_too_early';
      readonly doseNumber: number;
      readonly earliestOn: string;
      readonly on: string;
    }
  /** The last day the rules admit for the dose has passed. */
  | {
      readonly code: 'dose_too_late';
      readonly doseNumber: number;
      readonly latestOn: string;
      readonly on: string;
    }
  /** The product may not be given for this dose (the heterologous rules): `allowedProducts` may. */
  | {
      readonly code: 'wrong_product_for_dose';
      readonly doseNumber: number;
      readonly product: string;
      readonly allowedProducts: readonly ProductCode[];
    }
  /** The person's series is complete and no further dose is open to them. */
  | { readonly code: 'series_complete'; readonly dosesGiven: number }
  /** The dose number given is not the person's next dose. */
  | { readonly code: 'dose_out_of_order'; readonly doseNumber: number; readonly nextDoseNumber: number }
  /** The dose is recorded already under another idempotency key: here is the record. */
  | { readonly code: 'dose_already_recorded'; readonly doseNumber: number; readonly existing: RecordedDose }
  /** The idempotency key was used for another dose of the person. */
  | { readonly code: 'dose_key_conflict'; readonly idempotencyKey: string }
  /** The site holds no dose of the lot. */
  | { readonly code: 'lot_not_at_site'; readonly lotId: bigint; readonly site: string }
  /** The site is not in service. */
  | { readonly code: 'site_inactive'; readonly site: string }
  /** The site does not open on the day (no hours that weekday and no mass-vaccination day). */
  | { readonly code: 'site_not_open'; readonly site: string; readonly day: string }
  /** The site's day is closed: nothing more is booked, queued or given that day. */
  | { readonly code: 'site_day_closed'; readonly site: string; readonly day: string }
  /** The site does not take walk-ins, or appointments. */
  | {
      readonly code: 'access_not_offered';
      readonly site: string;
      readonly access: Exclude<SiteAccess, 'both'>;
    }
  /** Every place of the product at the site that day is taken. */
  | { readonly code: 'capacity_full'; readonly site: string; readonly day: string; readonly product: string }
  /** The person is in the site's queue that day already. */
  | {
      readonly code: 'queue_entry_exists';
      readonly site: string;
      readonly day: string;
      readonly ticket: number;
    }
  /** No such ticket waiting in the site's queue that day. */
  | {
      readonly code: 'queue_entry_not_found';
      readonly site: string;
      readonly day: string;
      readonly ticket: number;
    }
  /** Nobody is waiting in the site's queue that day. */
  | { readonly code: 'queue_empty'; readonly site: string; readonly day: string }
  /** The person holds an active appointment for the dose already. */
  | {
      readonly code: 'appointment_exists';
      readonly appointmentId: bigint;
      readonly doseNumber: number;
      readonly site: string;
      readonly day: string;
    }
  | { readonly code: 'appointment_not_found'; readonly appointmentId: bigint }
  /** The appointment is not booked any more (attended, cancelled, a no-show). */
  | { readonly code: 'appointment_not_booked'; readonly appointmentId: bigint; readonly status: string };

/** Why a person may not receive a dose on a day (`not_eligible_today`). */
export type IneligibleReason =
  /** Before the campaign's first day: no cohort is open. */
  | 'campaign_not_started'
  /** The registry records their death before the day. */
  | 'deceased'
  /** No cohort of theirs (age in their department, border municipality, priority group) is open. */
  | 'cohort_not_open'
  /** Their cohort is open, but the CI last-digit rotation gives them another weekday. */
  | 'not_their_weekday'
  /** No booster is open to their group, or their primary series does not admit one. */
  | 'booster_not_open';

/** A dose as the registry holds it, as a refusal may show it: no person data. */
export interface RecordedDose {
  readonly doseNumber: number;
  readonly product: ProductCode;
  readonly lotId: bigint;
  readonly site: string;
  readonly givenOn: string;
  readonly idempotencyKey: string;
}

/** Why a field was refused (`vaccination_input_invalid`). */
export type InputProblem = Extract<VaccinationFailure, { code: 'vaccination_input_invalid' }>['problem'];

/** Why a movement was refused (`movement_invalid`). */
export type MovementProblem = Extract<VaccinationFailure, { code: 'movement_invalid' }>['problem'];
