import type { PayoutRefusal } from '../bono/index.ts';
import {
  cataloguedError,
  type ErrorText,
  type HttpError,
  type RequestIssue,
  ROUTE_ERRORS,
} from '../routing/errors.ts';

/**
 * The HTTP interface's error catalogue: every code a client of ayni's API may see, with its HTTP
 * status and a message in Spanish and English — the route kit's own (src/routing/errors.ts) and the
 * bono's, which banks' systems branch on. Codes are stable; messages may be reworded. Access
 * failures (`authentication_required`, `forbidden` …) have their own catalogue in
 * src/access/failures.ts and are answered in the same shape.
 */

/**
 * Why a bank counter may not pay (src/bono/bono.types.ts `PayoutRefusal`): a bank's system branches
 * on these codes, so they are part of the API contract.
 */
const PAYOUT_ERRORS = {
  // Also the answer when nobody has the triple: a bank told the two apart learnt dates of birth.
  not_entitled: {
    status: 422,
    es: 'Nadie con ese número de carnet, complemento y fecha de nacimiento es beneficiario del bono. Revise los datos del carnet.',
    en: 'Nobody with that identity card number, complemento and date of birth is entitled to the bono. Check the details on the card.',
  },
  round_not_approved: {
    status: 409,
    es: 'La ronda de pago de esta persona todavía no fue aprobada.',
    en: 'This person’s payment round has not been approved yet.',
  },
  window_not_open: {
    status: 409,
    es: 'El periodo de cobro de esta persona todavía no empezó.',
    en: 'This person’s collection window has not opened yet.',
  },
  collection_period_over: {
    status: 409,
    es: 'El plazo para cobrar el bono terminó.',
    en: 'The period for collecting the bono is over.',
  },
  already_paid: {
    status: 409,
    es: 'La persona ya cobró el bono.',
    en: 'The person has already been paid the bono.',
  },
  deposit_in_progress: {
    status: 409,
    es: 'Hay un depósito en cuenta en curso para esta persona; no puede cobrar en ventanilla.',
    en: 'A deposit to this person’s account is in progress; they cannot collect at a counter.',
  },
  idempotency_key_reused: {
    status: 409,
    es: 'Esta clave de idempotencia ya se usó para otro pago.',
    en: 'This idempotency key was already used for another payout.',
  },
  bank_unknown: {
    status: 422,
    es: 'La credencial no pertenece a un banco pagador del bono.',
    en: 'The credential does not belong to a bank that pays the bono.',
  },
  busy: {
    status: 503,
    es: 'El servicio está ocupado. Repita la misma solicitud, con la misma clave, en unos segundos.',
    en: 'The service is busy. Repeat the same request, with the same key, in a few seconds.',
  },
} as const satisfies Record<PayoutRefusal, ErrorText>;

/** The bono's other expected failures over the API: payout input, reversals, citizen look-ups. */
const BONO_ERRORS = {
  idempotency_key_invalid: {
    status: 400,
    es: 'La clave de idempotencia debe tener de 8 a 64 caracteres A–Z a–z 0–9 . _ - (sirve un UUID) y repetirse igual en cada reintento del mismo pago.',
    en: 'The Idempotency-Key must be 8 to 64 characters from A–Z a–z 0–9 . _ - (a UUID will do), and the same on every retry of one payout.',
  },
  payment_point_invalid: {
    status: 400,
    es: 'El punto de pago tiene como máximo 80 letras, cifras, espacios y . , # / ( ) -.',
    en: 'The payment point is at most 80 letters, digits, spaces and . , # / ( ) -.',
  },
  payment_not_found: {
    status: 404,
    es: 'Este banco no hizo ningún pago con ese número.',
    en: 'This bank made no payment with that number.',
  },
  reason_required: {
    status: 400,
    es: 'Indique el motivo de la reversión (hasta 500 caracteres).',
    en: 'Give the reason for the reversal (at most 500 characters).',
  },
  not_reversible: {
    status: 409,
    es: 'Solo los pagos en ventanilla se revierten por la API; un depósito lo devuelve el banco.',
    en: 'Only counter payouts are reversed through the API; a deposit is returned by the bank.',
  },
  reversal_before_payment: {
    status: 422,
    es: 'La reversión tiene una fecha anterior al pago: revise el reloj del sistema que la envía.',
    en: 'The reversal is dated before the payment: check the clock of the system that sends it.',
  },
  reversal_window_closed: {
    status: 409,
    es: 'Un pago en ventanilla solo se revierte el mismo día en que se hizo. Registre un reclamo.',
    en: 'A counter payout can only be reversed on the day it was made. File a grievance instead.',
  },
  lookups_limited: {
    status: 429,
    es: 'Demasiadas consultas sin resultado. Espere unos minutos antes de intentar de nuevo.',
    en: 'Too many look-ups without a result. Wait a few minutes before trying again.',
  },
  /** The citizen's look-up (`/api/bono/status`): no person has all three details. */
  person_not_found: {
    status: 404,
    es: 'No hay ninguna persona con ese número de carnet, complemento y fecha de nacimiento.',
    en: 'No person has that identity card number, complemento and date of birth.',
  },
  credential_limited: {
    status: 429,
    es: 'Esta credencial hizo demasiadas verificaciones y pagos de personas que no son beneficiarias en el último minuto. Espere los segundos que indica Retry-After; se avisó a los operadores de ayni.',
    en: 'This credential made too many verifications and payouts of people who are not entitled in the last minute. Wait the seconds Retry-After gives; ayni’s operators have been told.',
  },
} as const satisfies Record<string, ErrorText>;

/** Every code of this catalogue, with status and messages. */
export const HTTP_ERROR_CATALOGUE = { ...ROUTE_ERRORS, ...PAYOUT_ERRORS, ...BONO_ERRORS } as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CATALOGUE;

/** @example isHttpErrorCode('already_paid') // true */
export function isHttpErrorCode(code: string): code is HttpErrorCode {
  return Object.hasOwn(HTTP_ERROR_CATALOGUE, code);
}

/**
 * The catalogued error for a code; `details` (never secrets, never other persons' data) go to the
 * client as they are.
 *
 * @example throw httpError('not_found');
 */
export function httpError(
  code: HttpErrorCode,
  details?: Record<string, unknown>,
  issues?: RequestIssue[],
): HttpError {
  return cataloguedError(HTTP_ERROR_CATALOGUE, code, details, issues);
}
