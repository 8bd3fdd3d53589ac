import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type AnyFailure, requestIssuesInWords } from '../messages/index.ts';
import { isApiPath, langOf } from '../routing/errors.ts';
import { requestLog } from '../shared/log.ts';
import { renderErrorPage } from '../web/error.page.tsx';
import { problemOf, problemResponse } from './problem.ts';

/**
 * Where a browser is sent when a page needs a signed-in officer: the back office's sign-in form
 * (src/web/backoffice/session.pages.tsx), which reads `next` (the page to come back to) and
 * `expired` (the session ended, rather than nobody signed in).
 */
export const SIGN_IN_PATH = '/oficina/ingresar';

/** A page that needs someone signed in sends the browser to sign in rather than to an error page. */
function signInRedirect(c: Context, failure: AnyFailure): Response | null {
  if (failure.code !== 'authentication_required' && failure.code !== 'session_expired') return null;
  const url = new URL(c.req.url);
  // After a refused form post its data is gone: come back to the start page, not to the post.
  const next = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/';
  const target = new URLSearchParams({ next });
  if (failure.code === 'session_expired') target.set('expired', '1');
  if (langOf(c) === 'en') target.set('lang', 'en');
  c.header('Cache-Control', 'no-store');
  return c.redirect(`${SIGN_IN_PATH}?${target}`, 303);
}

/**
 * The one answer to every expected failure (docs/adr/0009-one-failure-model.md): under /api/ RFC
 * 9457 problem details (src/http/problem.ts); for pages, the sign-in form when nobody (or an
 * expired session) is signed in, else the error page — status and words from src/messages, in the
 * reader's language. A lock-out says when to come back (Retry-After); a refused bearer credential
 * says how to authenticate (WWW-Authenticate). The access middleware answers its refusals with it
 * (`createAccess(db, { respond: respondToFailure })`), and so do the routers built on that access,
 * for the route kit's own failures.
 *
 * @example if (!r.ok) return respondToFailure(c, r.error);
 */
export function respondToFailure(c: Context, failure: AnyFailure): Response {
  return answer(c, failure, isApiPath(c.req.path) ? 'api' : 'page');
}

/**
 * A failure answered as the API answers it, whatever the path: problem details, with Retry-After
 * and WWW-Authenticate as `respondToFailure` gives them. For apps that serve no pages.
 *
 * @example createAccess(db, { respond: respondAsApi });
 */
export function respondAsApi(c: Context, failure: AnyFailure): Response {
  return answer(c, failure, 'api');
}

function answer(c: Context, given: AnyFailure, surface: 'api' | 'page', status?: number): Response {
  const lang = langOf(c);
  // The route kit's issues with a body carry codes: worded here, for the API and the page alike.
  const failure: AnyFailure =
    given.code === 'request_invalid' ? { ...given, issues: requestIssuesInWords(given.issues, lang) } : given;
  const retryAfterMs = (failure as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof retryAfterMs === 'number') c.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  if (surface === 'page') {
    const redirect = signInRedirect(c, failure);
    if (redirect) return redirect;
  }
  const problem = problemOf(failure, lang);
  if (status !== undefined) problem.status = status;
  if (problem.status === 401 && c.req.header('authorization'))
    c.header('WWW-Authenticate', 'Bearer realm="ayni"');
  c.header('Content-Language', lang);
  if (surface === 'api') return problemResponse(c, problem);
  c.header('Cache-Control', 'no-store');
  const issues = failure.code === 'request_invalid' ? failure.issues : [];
  return c.html(
    renderErrorPage(c, problem.status, failure.code, problem.detail, issues),
    problem.status as 400,
  );
}

/**
 * The app's error handler, for what was thrown rather than returned: Hono's own HTTP exceptions (a
 * malformed body) as `request_invalid`; anything else is a bug (expected failures are returned as
 * values, ADR 0009), answered 500 `internal_error` — logged, never shown.
 *
 * @example http.onError(onError);
 */
export const onError: ErrorHandler = (err, c) => {
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own refusal keeps its status (413 for a body over Hono's limit …).
    return answer(
      c,
      { code: 'request_invalid', issues: [] },
      isApiPath(c.req.path) ? 'api' : 'page',
      err.status,
    );
  }
  // The request's own line, with its id; the access line that follows names the route (not the
  // address, which may hold a CI number).
  requestLog(c).error({ err }, 'request failed: a bug, answered 500 internal_error');
  return respondToFailure(c, { code: 'internal_error' });
};

/**
 * 404 for every address no route serves, in the same shape as other failures.
 *
 * @example http.notFound(notFound);
 */
export const notFound: NotFoundHandler = (c) => respondToFailure(c, { code: 'not_found' });
