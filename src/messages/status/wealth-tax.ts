import type { WealthTaxFailure } from '../../wealth-tax/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The wealth tax's failures: bad input 400, a taxpayer, spouse or declaration not found 404, a
 * conflict with what is recorded (a NIT, person or passport registered, a filing key or payment
 * id used for something else) 409, something the law or the record refuses (no residence for the
 * year, nothing to amend, a currency without an official rate, no over-payment) 422.
 */
export const WEALTH_TAX_STATUS: Statuses<WealthTaxFailure> = {
  wealth_tax_input_invalid: 400,
  taxpayer_not_found: 404,
  not_mandated: 403,
  mandate_not_found: 404,
  mandate_revoked: 409,
  taxpayer_exists: 409,
  taxpayer_person_not_in_registry: 404,
  spouse_not_found: 404,
  residence_missing: 422,
  input_invalid: 400,
  declaration_year_mismatch: 400,
  declaration_not_found: 404,
  nothing_to_amend: 422,
  filing_key_conflict: 409,
  wealth_tax_not_in_force: 422,
  payment_conflict: 409,
  payment_currency_refused: 422,
  no_overpayment: 422,
  import_header_invalid: 400,
  import_json_invalid: 400,
  import_format_unknown: 400,
};
