import type { Context } from 'hono';
import { UserError } from '../shared/errors.ts';
import { type Lang, pickLang } from '../shared/lang.ts';

/**
 * How a route fails: the expected-failure class every route throws (`HttpError`, a status and a
 * message in Spanish and English), the JSON body of an error answer, and the catalogue of the
 * kit's own failures (invalid input, a body over the limit, no such address, a bug). Codes are
 * stable (clients branch on them); messages may be reworded. The HTTP interface adds the codes of
 * the API it serves (src/http/errors.ts) and answers every error in one place
 * (src/http/error-handler.ts); access failures have their own catalogue (src/access/failures.ts),
 * answered in the same shape.
 */

export interface ErrorText {
  status: 400 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;
  es: string;
  en: string;
}

/** Failures of the route kit itself, whatever the route. */
export const ROUTE_ERRORS = {
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
 * The error of a catalogue's code; `details` (never secrets, never other persons' data) go to the
 * client as they are.
 *
 * @example throw cataloguedError(ROUTE_ERRORS, 'request_too_large', { limitBytes: 65536 });
 */
export function cataloguedError<Code extends string>(
  catalogue: Readonly<Record<Code, ErrorText>>,
  code: Code,
  details?: Record<string, unknown>,
  issues?: RequestIssue[],
): HttpError {
  const text = catalogue[code];
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
