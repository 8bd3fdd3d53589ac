import type { Context } from 'hono';
import { type AnyFailure, describeFailure, failureFields } from '../messages/index.ts';
import { publicMessage } from '../shared/errors.ts';
import type { Lang } from '../shared/lang.ts';

/**
 * API failures as RFC 9457 problem details (`application/problem+json`), the shape banks' and
 * integrators' HTTP clients already parse (docs/adr/0009-one-failure-model.md, docs/http.md):
 *
 *   { "type": "tag:ayni.bo,2026:problem/already_paid", "title": "La persona ya cobró el bono.",
 *     "status": 409, "detail": "…", "code": "already_paid", "paidElsewhere": { … } }
 *
 * `type` names the kind of problem by its stable code (a tag URI, RFC 4151: an identifier, not an
 * address to fetch; docs/http.md lists every code); `title` and `detail` are in the reader's
 * language; `code` and the failure's typed fields (`issues` of an invalid request, `retryAfterMs` of
 * a lock-out, `paidElsewhere` …) are extension members.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `type` URI of a code. @example problemType('already_paid') // 'tag:ayni.bo,2026:problem/already_paid' */
export function problemType(code: string): string {
  return `tag:ayni.bo,2026:problem/${code}`;
}

/** An RFC 9457 problem details object with ayni's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

/**
 * The problem details of a failure in one language. Members RFC 9457 defines are never overwritten
 * by a failure's fields; a message that names a file by its path on the server keeps only its name.
 *
 * @example problemOf({ code: 'already_paid' }, 'en').status // 409
 */
export function problemOf(failure: AnyFailure, lang: Lang): Problem {
  const text = describeFailure(failure, lang);
  return {
    ...(withoutServerPaths(failureFields(failure)) as Record<string, unknown>),
    type: problemType(failure.code),
    title: publicMessage(text.title),
    status: text.status,
    detail: publicMessage(text.detail),
    code: failure.code,
  };
}

/**
 * A failure's fields with every server path in their strings cut to the file's own name: a field
 * such as `filePath` is the operator's own on the command line, but tells an API client only the
 * server's layout.
 */
function withoutServerPaths(value: unknown): unknown {
  if (typeof value === 'string') return publicMessage(value);
  if (Array.isArray(value)) return value.map(withoutServerPaths);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutServerPaths(v)]));
  }
  return value;
}

/**
 * The answer to an API request that failed as expected: problem details, not cached.
 *
 * @example if (!r.ok) return problem(c, r.error, 'en');
 */
export function problemResponse(c: Context, problem: Problem): Response {
  c.header('Cache-Control', 'no-store');
  // A failure's ids may be bigints (a lot, an appointment): written as strings of digits, as sendJson does.
  const body = JSON.stringify(problem, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
  return c.body(body, problem.status as 400, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}
