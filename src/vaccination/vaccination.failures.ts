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
  | { readonly code: 'delivery_conflict'; readonly deliveryId: string };

/** Why a field was refused (`vaccination_input_invalid`). */
export type InputProblem = Extract<VaccinationFailure, { code: 'vaccination_input_invalid' }>['problem'];

/** Why a movement was refused (`movement_invalid`). */
export type MovementProblem = Extract<VaccinationFailure, { code: 'movement_invalid' }>['problem'];
