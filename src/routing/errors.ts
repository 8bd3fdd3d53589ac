import type { Context } from 'hono';
import { type Lang, pickLang } from '../shared/lang.ts';

/**
 * How a route fails, as values (docs/adr/0009-one-failure-model.md): the failures of the route kit
 * itself — input that fails its schema, a body over the limit, no such address, a bug — which the
 * kit hands to the router's `answerFailure` (src/http/error-handler.ts answers every failure, as
 * RFC 9457 problem details under /api/ and as an error page elsewhere). Their statuses and words
 * live with every other failure's in src/messages.
 */

/** One problem with one field of a request, as a validation failure lists it. */
export interface RequestIssue {
  /** Where: `body.username`, `query.page`, `headers.idempotency-key`, `params.id`. */
  path: string;
  /** zod's issue code (`invalid_type`, `too_small` …). */
  code: string;
  /**
   * In the request's language: zod's words for a field; empty for the kit's own issues with the
   * body as a whole (`BodyIssueCode`), which the interfaces word from the catalogues
   * (src/messages: `requestIssuesInWords`) before anyone sees them.
   */
  message: string;
  /** For `unsupported_media_type`: what the route takes (only until the issue is worded). */
  expected?: readonly BodyKind[];
}

/** The kit's own issues with a request's body as a whole: the body is not JSON, a form is malformed, another type. */
export type BodyIssueCode = 'invalid_json' | 'invalid_multipart' | 'unsupported_media_type';

/** What a route's body may be: JSON or a form. */
export type BodyKind = 'json' | 'form';

/** The failures of the route kit, whatever the route. */
export type RouteFailure =
  | { readonly code: 'request_invalid'; readonly issues: readonly RequestIssue[] }
  | { readonly code: 'request_too_large'; readonly limitBytes: number }
  | { readonly code: 'not_found' }
  | { readonly code: 'internal_error' }
  /**
   * No database server answers, or none accepts writes (the primary down, a failover under way):
   * answered 503 at once rather than left hanging (src/db/availability.ts); `retryAfterMs`: when to try again.
   */
  | { readonly code: 'database_unavailable'; readonly retryAfterMs: number };

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
