import type { InputInvalid } from '../rules/index.ts';

/**
 * The wealth tax's expected failures, as values (docs/adr/0009-one-failure-model.md); their HTTP
 * statuses and words are in src/messages/{status,es,en}/wealth-tax.ts. Fields are public: a NIT,
 * ids, years, dates and amounts of the caller's own request — never another taxpayer's data and
 * never a declaration's content.
 *
 * @example const f: WealthTaxFailure = { code: 'taxpayer_not_found', nit: '1234567' };
 */
export type WealthTaxFailure =
  /** A field of a registration, residence or payment the tax cannot accept; `field` names it. */
  | {
      readonly code: 'wealth_tax_input_invalid';
      readonly field: string;
      readonly problem: 'missing' | 'format' | 'range' | 'conflict';
    }
  | { readonly code: 'taxpayer_not_found'; readonly nit: string }
  /**
   * A representative's account without a mandate of this taxpayer in force today (none, expired
   * or revoked). Also the answer for a NIT nobody registered, so an account learns nothing about
   * taxpayers who did not mandate it.
   */
  | { readonly code: 'not_mandated'; readonly nit: string }
  | { readonly code: 'mandate_not_found'; readonly mandateId: string }
  /** The mandate was revoked before: it stays as it was. */
  | { readonly code: 'mandate_revoked'; readonly mandateId: string }
  /** The NIT, the registry person or the passport is registered already (to another taxpayer). */
  | { readonly code: 'taxpayer_exists'; readonly nit: string; readonly by: 'nit' | 'person' | 'passport' }
  /** No person in the registry has this CI number, complemento and date of birth. */
  | { readonly code: 'taxpayer_person_not_in_registry'; readonly ciNumber: string }
  | { readonly code: 'spouse_not_found'; readonly nit: string }
  /** No residence recorded for the year: the declaration cannot be assessed without it. */
  | { readonly code: 'residence_missing'; readonly nit: string; readonly fortuneYear: number }
  /** The declaration's content is not one the rules can read (the rules' input_invalid). */
  | InputInvalid
  /** The declaration's fortune year differs from the year it is filed for. */
  | {
      readonly code: 'declaration_year_mismatch';
      readonly fortuneYear: number;
      readonly declaredYear: number;
    }
  | { readonly code: 'declaration_not_found'; readonly nit: string; readonly fortuneYear: number }
  /** An amendment needs the original: nothing was filed for the year. */
  | { readonly code: 'nothing_to_amend'; readonly nit: string; readonly fortuneYear: number }
  /** The filing key was used for another filing. */
  | { readonly code: 'filing_key_conflict'; readonly filingKey: string }
  /** The law (its parameters) is not in force for the year or day asked. */
  | { readonly code: 'wealth_tax_not_in_force'; readonly on: string }
  /** The payment's id was used for another payment. */
  | { readonly code: 'payment_conflict'; readonly paymentId: string }
  /** A payment in a currency the SIN does not take, or with no official rate that day. */
  | { readonly code: 'payment_currency_refused'; readonly currency: string; readonly on: string }
  /** A refund or a carry-forward asked for more than the year's over-payment. */
  /** An import file the importer cannot read at all (nothing counted, nothing written). */
  | { readonly code: 'import_header_invalid'; readonly expected: string }
  | { readonly code: 'import_json_invalid'; readonly line: number }
  | { readonly code: 'import_format_unknown'; readonly fileName: string }
  | {
      readonly code: 'no_overpayment';
      readonly nit: string;
      readonly fortuneYear: number;
      readonly overpaidCentavos: bigint;
    };

/** What a taxpayer-input field's problem is. */
export type WealthTaxInputProblem = Extract<
  WealthTaxFailure,
  { code: 'wealth_tax_input_invalid' }
>['problem'];
