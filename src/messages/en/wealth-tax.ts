import type { WealthTaxFailure, WealthTaxInputProblem } from '../../wealth-tax/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { RULES_EN } from './rules.ts';

const PROBLEM: Record<WealthTaxInputProblem, string> = {
  missing: 'is missing',
  format: 'is not in the expected format',
  range: 'is out of range',
  conflict: 'does not agree with the rest',
};

const FIELD: Record<string, string> = {
  kind: 'the kind of notice (assessment, reminder or fine)',
  on: 'the notice’s date (a reminder up to the deadline, a fine after it)',
  nit: 'the NIT',
  fullName: 'the full name',
  departmentCode: 'the department',
  identity: 'the identity (give a CI or a passport, not both)',
  'passport.number': 'the passport number',
  'passport.country':
    'the passport country (a person without a Bolivian CI; a Bolivian CI is registered as a CI)',
  'ci.number': 'the CI number',
  'ci.dateOfBirth': 'the date of birth',
  daysInBolivia: 'the days in Bolivia (0 to 366)',
  regime: 'the marital regime',
  spouseNit: "the spouse's NIT",
  filingKey: 'the filing key',
  filedOn: "the filing date (after 31 December of the fortune's year)",
  reason: 'the reason for the amendment',
  paymentId: 'the payment id',
  paidOn: 'the payment date',
  amount: 'the amount',
  currency: 'the currency',
  representative: 'the representative’s account (its username)',
  validFrom: 'the mandate’s first day',
  validTo: 'the mandate’s last day (on or after the first)',
  mandateId: 'the mandate’s number',
};

const field = (f: string) =>
  FIELD[f] ??
  (f.endsWith('.ownership') ? `the ownership (${f}): a marital item needs community property` : f);

/** English words for the wealth tax's failures. */
export const WEALTH_TAX_EN: Catalogue<WealthTaxFailure> = {
  wealth_tax_input_invalid: {
    title: 'A field is not valid.',
    detail: (f) => `A field is not valid: ${field(f.field)} ${PROBLEM[f.problem]}.`,
  },
  taxpayer_not_found: {
    title: 'No taxpayer has that NIT.',
    detail: (f) => `No wealth-tax taxpayer has the NIT ${f.nit}.`,
  },
  taxpayer_exists: {
    title: 'The taxpayer is registered already.',
    detail: (f) =>
      f.by === 'nit'
        ? `The NIT ${f.nit} is registered already.`
        : f.by === 'person'
          ? 'That person is registered already under another NIT.'
          : 'That passport is registered already under another NIT.',
  },
  taxpayer_person_not_in_registry: {
    title: 'The person is not in the registry.',
    detail: (f) => `Nobody in the registry has the CI ${f.ciNumber} with that complemento and date of birth.`,
  },
  not_mandated: {
    title: 'You hold no mandate from this taxpayer.',
    detail: (f) =>
      `Your account holds no mandate in force today from the taxpayer with NIT ${f.nit} (never granted, expired or revoked): you may only declare and read for the taxpayers who named you their representative. Ask the SIN to record the mandate.`,
  },
  mandate_not_found: {
    title: 'No such mandate.',
    detail: (f) => `There is no mandate number ${f.mandateId}.`,
  },
  mandate_revoked: {
    title: 'The mandate was revoked already.',
    detail: (f) => `Mandate number ${f.mandateId} was revoked already: it stays as it was.`,
  },
  spouse_not_found: {
    title: 'The spouse is not registered.',
    detail: (f) => `No taxpayer has the NIT ${f.nit}: register the spouse first.`,
  },
  residence_missing: {
    title: "The year's residence is missing.",
    detail: (f) =>
      `Record the days taxpayer ${f.nit} stayed in Bolivia in ${f.fortuneYear} before the declaration.`,
  },
  input_invalid: RULES_EN.input_invalid,
  declaration_year_mismatch: {
    title: 'The fortune year does not match.',
    detail: (f) => `The declaration says ${f.declaredYear} but is filed for ${f.fortuneYear}.`,
  },
  declaration_not_found: {
    title: 'No declaration.',
    detail: (f) => `NIT ${f.nit} has no declaration for ${f.fortuneYear}.`,
  },
  import_header_invalid: {
    title: 'The file’s header is not the one expected.',
    detail: (f) => `The CSV file’s first line must be: ${f.expected}`,
  },
  import_json_invalid: {
    title: 'The JSON file cannot be read.',
    detail: (f) => `The JSON file is malformed near line ${f.line}: nothing was imported.`,
  },
  import_format_unknown: {
    title: 'Unknown file format.',
    detail: (f) => `Cannot read ${f.fileName}: send a .csv or .json file.`,
  },
  nothing_to_amend: {
    title: 'Nothing to amend.',
    detail: (f) => `NIT ${f.nit} filed no declaration for ${f.fortuneYear}: file the original.`,
  },
  filing_key_conflict: {
    title: 'The filing key was used before.',
    detail: (f) => `The filing key ${f.filingKey} was used for another declaration.`,
  },
  wealth_tax_not_in_force: {
    title: 'The tax is not in force on that date.',
    detail: (f) => `The wealth tax is not in force on ${f.on} (it applies from the fortune of 2020).`,
  },
  payment_conflict: {
    title: 'The payment id was used before.',
    detail: (f) => `Payment ${f.paymentId} is recorded with other fields.`,
  },
  payment_currency_refused: {
    title: 'That currency is not accepted.',
    detail: (f) =>
      `A payment in ${f.currency} on ${f.on} is not accepted: pay in bolivianos, or in US dollars from abroad at the day's official rate.`,
  },
  no_overpayment: {
    title: 'No over-payment.',
    detail: (f) =>
      `NIT ${f.nit} has no sufficient over-payment for ${f.fortuneYear} (in credit: ${f.overpaidCentavos} centavos).`,
  },
};
