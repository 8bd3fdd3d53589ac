import type { Context } from 'hono';
import type { PayoutRefusal } from '../bono/bono.types.ts';
import { UserError } from '../shared/errors.ts';
import { escapeHtml, type Lang, layout, pickLang } from '../web/html.ts';

/**
 * The HTTP interface's error catalogue: every code a client may see, with its HTTP status and a
 * message in Spanish and English. Codes are stable (clients branch on them); messages may be
 * reworded. Access failures (`authentication_required`, `forbidden` …) have their own catalogue in
 * src/access/failures.ts and are answered in the same shape.
 *
 * This file imports no domain at run time, so route modules inside domains (src/access, src/bono …)
 * can use the route helper without an import cycle.
 */

export interface ErrorText {
  status: 400 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;
  es: string;
  en: string;
}

/** Failures of the HTTP layer itself. */
const HTTP_ERRORS = {
  request_invalid: {
    status: 400,
    es: 'La solicitud no es válida: revise los campos indicados.',
    en: 'The request is not valid: check the fields listed.',
  },
  request_too_large: {
    status: 413,
    es: 'La solicitud es demasiado grande.',
    en: 'The request body is too large.',
  },
  not_found: {
    status: 404,
    es: 'No existe lo que busca en esta dirección.',
    en: 'There is nothing at this address.',
  },
  internal_error: {
    status: 500,
    es: 'Ocurrió un error interno. Intente de nuevo en unos minutos; si persiste, avise a la mesa de ayuda.',
    en: 'Something went wrong on our side. Try again in a few minutes; if it persists, tell the help desk.',
  },
} as const satisfies Record<string, ErrorText>;

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
export const HTTP_ERROR_CATALOGUE = { ...HTTP_ERRORS, ...PAYOUT_ERRORS, ...BONO_ERRORS } as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_CATALOGUE;

/** @example isHttpErrorCode('already_paid') // true */
export function isHttpErrorCode(code: string): code is HttpErrorCode {
  return Object.hasOwn(HTTP_ERROR_CATALOGUE, code);
}

/** One problem with one field of a request, as a validation failure lists it. */
export interface RequestIssue {
  /** Where: `body.username`, `query.page`, `headers.idempotency-key`, `params.id`. */
  path: string;
  /** zod's issue code (`invalid_type`, `too_small` …). */
  code: string;
  /** In the request's language. */
  message: string;
}

/** The JSON body of every error answer: `{ error: { code, message, issues?, details? } }`. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: RequestIssue[];
    details?: Record<string, unknown>;
  };
}

/**
 * An expected failure raised by a route, with its status and both messages. Throw it from a handler;
 * the HTTP app's error handler answers it as JSON for `/api/*` and as an error page elsewhere.
 *
 * @example throw httpError('already_paid', { paidAt, bankBic });
 * @example throw new HttpError({ code: 'round_not_found', status: 404, es: 'No existe la ronda.', en: 'No such round.' });
 */
export class HttpError extends UserError {
  readonly status: number;
  readonly messages: { es: string; en: string };
  readonly issues: RequestIssue[] | undefined;

  constructor(init: {
    code: string;
    status: number;
    es: string;
    en: string;
    details?: Record<string, unknown>;
    issues?: RequestIssue[];
  }) {
    super(init.code, init.en, init.details);
    this.name = 'HttpError';
    this.status = init.status;
    this.messages = { es: init.es, en: init.en };
    this.issues = init.issues;
  }
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
  const text: ErrorText = HTTP_ERROR_CATALOGUE[code];
  return new HttpError({ code, status: text.status, es: text.es, en: text.en, details, issues });
}

/**
 * The request's language: `?lang=` first, then Accept-Language, Spanish by default — the rule of
 * the pages (src/web/html.ts) and of src/access's `requestLang`.
 *
 * @example langOf(c) // 'en' for Accept-Language: en-GB
 */
export function langOf(c: Context): Lang {
  return pickLang(c.req.query('lang'), c.req.header('accept-language'));
}

/**
 * Whether a path belongs to the JSON API (errors as JSON) rather than to the pages (errors as HTML).
 * /metrics too: a monitoring system reads a refusal's status, it follows no sign-in page.
 */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/metrics';
}

/**
 * The JSON body for an error.
 *
 * @example errorBody('not_found', 'No existe …') // { error: { code: 'not_found', message: 'No existe …' } }
 */
export function errorBody(
  code: string,
  message: string,
  extra: { issues?: RequestIssue[]; details?: Record<string, unknown> } = {},
): ErrorBody {
  return {
    error: {
      code,
      message,
      ...(extra.issues ? { issues: extra.issues } : {}),
      ...(extra.details ? { details: extra.details } : {}),
    },
  };
}

const PAGE_TITLES: Record<Lang, Record<number, string>> = {
  es: {
    400: 'Solicitud no válida',
    401: 'Debe ingresar',
    403: 'Acceso no permitido',
    404: 'Página no encontrada',
    409: 'No se pudo completar',
    413: 'Demasiado grande',
    422: 'No se pudo completar',
    429: 'Demasiados intentos',
    500: 'Error interno',
    503: 'Servicio ocupado',
  },
  en: {
    400: 'Request not valid',
    401: 'Please sign in',
    403: 'Not allowed',
    404: 'Page not found',
    409: 'Could not be done',
    413: 'Too large',
    422: 'Could not be done',
    429: 'Too many attempts',
    500: 'Internal error',
    503: 'Service busy',
  },
};

/**
 * The error page for a browser: the message in the reader's language, the code (for the help desk),
 * the fields at fault, and a way back. No details of the failure beyond the message.
 *
 * @example c.html(renderErrorPage(c, 404, 'not_found', 'No existe …'), 404)
 */
export function renderErrorPage(
  c: Context,
  status: number,
  code: string,
  message: string,
  issues: readonly RequestIssue[] = [],
): string {
  const lang = langOf(c);
  const title = PAGE_TITLES[lang][status] ?? PAGE_TITLES[lang][status >= 500 ? 500 : 400]!;
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang === 'es' ? 'en' : 'es');
  const list =
    issues.length === 0
      ? ''
      : `<ul>${issues.map((i) => `<li>${escapeHtml(i.path)}: ${escapeHtml(i.message)}</li>`).join('')}</ul>`;
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${list}
<p><small>${lang === 'es' ? 'Código' : 'Code'}: <code data-error-code="${escapeHtml(code)}">${escapeHtml(code)}</code></small></p>
<p><a href="/">${lang === 'es' ? 'Volver al inicio' : 'Back to the start page'}</a></p>`;
  return layout(lang, title, body, `${url.pathname}${url.search}`);
}
