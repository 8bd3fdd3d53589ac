import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  ACCESS_FAILURES,
  type AccessFailure,
  type AccessFailureCode,
  accessFailureMessage,
  accessFailureStatus,
} from '../access/index.ts';
import { errorBody, HttpError, isApiPath, langOf, type RequestIssue } from '../routing/errors.ts';
import { publicMessage, UserError } from '../shared/errors.ts';
import { requestLog } from '../shared/log.ts';
import { renderErrorPage } from '../web/error.page.ts';
import { HTTP_ERROR_CATALOGUE, isHttpErrorCode } from './errors.ts';

/**
 * Where a browser is sent when a page needs a signed-in officer: the back office's sign-in form
 * (src/web/backoffice/session.pages.ts), which reads `next` (the page to come back to) and
 * `expired` (the session ended, rather than nobody signed in).
 */
export const SIGN_IN_PATH = '/oficina/ingresar';

interface Answer {
  status: number;
  code: string;
  message: string;
  issues?: RequestIssue[];
  details?: Record<string, unknown>;
}

/**
 * The one way every error leaves the server: JSON under /api/, an error page elsewhere. A message
 * written for the command line may name a file by its path on the server: only its name leaves.
 */
function answer(c: Context, a: Answer): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Language', langOf(c));
  const message = publicMessage(a.message);
  if (isApiPath(c.req.path)) {
    return c.json(errorBody(a.code, message, { issues: a.issues, details: a.details }), a.status as 400);
  }
  return c.html(renderErrorPage(c, a.status, a.code, message, a.issues), a.status as 400);
}

function isAccessFailureCode(code: string): code is AccessFailureCode {
  return Object.hasOwn(ACCESS_FAILURES, code);
}

/**
 * Answers an access refusal (the `respond` option of src/access's `createAccess`): under /api/ JSON
 * `{ error: { code, message } }` with 401/403/429; for pages, a 303 to the sign-in page when nobody
 * (or an expired session) is signed in, else an error page with the same status.
 *
 * @example createAccess(db, { respond: respondToAccessFailure });
 */
export function respondToAccessFailure(c: Context, failure: AccessFailure): Response {
  const status = accessFailureStatus(failure);
  if (failure.retryAfterMs !== undefined)
    c.header('Retry-After', String(Math.ceil(failure.retryAfterMs / 1000)));
  if (status === 401 && c.req.header('authorization')) c.header('WWW-Authenticate', 'Bearer realm="ayni"');
  const signInNeeded = failure.code === 'authentication_required' || failure.code === 'session_expired';
  if (!isApiPath(c.req.path) && signInNeeded) {
    const url = new URL(c.req.url);
    // After a refused form post its data is gone: come back to the start page, not to the post.
    const next = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/';
    const lang = langOf(c);
    const target = new URLSearchParams({ next });
    if (failure.code === 'session_expired') target.set('expired', '1');
    if (lang === 'en') target.set('lang', 'en');
    c.header('Cache-Control', 'no-store');
    return c.redirect(`${SIGN_IN_PATH}?${target}`, 303);
  }
  return answer(c, { status, code: failure.code, message: accessFailureMessage(failure, langOf(c)) });
}

/**
 * The app's error handler: an `HttpError` with its own status and messages; a `UserError` whose code
 * is catalogued (src/http/errors.ts, src/access/failures.ts) with the catalogue's; another
 * `UserError` (an expected failure of a domain) as 422 with its message; Hono's own HTTP exceptions
 * (a malformed body) with their status; anything else, a bug, as 500 `internal_error` — logged,
 * never shown.
 *
 * @example http.onError(onError);
 */
export const onError: ErrorHandler = (err, c) => {
  const lang = langOf(c);
  if (err instanceof HttpError) {
    return answer(c, {
      status: err.status,
      code: err.code,
      message: err.messages[lang],
      issues: err.issues,
      details: err.details,
    });
  }
  if (err instanceof UserError) {
    if (isHttpErrorCode(err.code)) {
      const text = HTTP_ERROR_CATALOGUE[err.code];
      return answer(c, { status: text.status, code: err.code, message: text[lang] });
    }
    if (isAccessFailureCode(err.code)) return respondToAccessFailure(c, { ...err.details, code: err.code });
    // A domain's expected failure without a catalogue entry: its own (English) one-line message.
    return answer(c, { status: 422, code: err.code, message: err.message });
  }
  if (err instanceof HTTPException && err.status < 500) {
    const text = HTTP_ERROR_CATALOGUE.request_invalid;
    return answer(c, { status: err.status, code: 'request_invalid', message: text[lang] });
  }
  // The request's own line, with its id; the access line that follows names the route (not the
  // address, which may hold a CI number).
  requestLog(c).error({ err }, 'request failed: a bug, answered 500 internal_error');
  const text = HTTP_ERROR_CATALOGUE.internal_error;
  return answer(c, { status: 500, code: 'internal_error', message: text[lang] });
};

/**
 * 404 for every address no route serves, in the same shape as other errors.
 *
 * @example http.notFound(notFound);
 */
export const notFound: NotFoundHandler = (c) => {
  const text = HTTP_ERROR_CATALOGUE.not_found;
  return answer(c, { status: 404, code: 'not_found', message: text[langOf(c)] });
};
