import type { Context } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import type { App } from '../../app.ts';
import type { JobRunner } from '../../jobs/index.ts';
import type { ResponseSpec } from '../../routing/route.ts';
import { pickLang } from '../../shared/lang.ts';
import type { PageContext } from './backoffice.page.ts';
import type { ImportJobs } from './import-jobs.ts';

/**
 * What every back-office route is given: the application, the access middleware set, the import
 * jobs, and the server's job runner, from which the pages make their queues of jobs (src/jobs/).
 */
export interface OfficeDeps {
  app: App;
  access: Access;
  jobs: ImportJobs;
  runner: JobRunner;
}

export type OfficeContext = Context<AccessEnv>;

/** The page context of a request: language, address, who is asking, the CSRF token for forms. */
export function pageContext(c: OfficeContext): PageContext {
  const url = new URL(c.req.url);
  return {
    lang: pickLang(c.req.query('lang'), c.req.header('accept-language')),
    pathWithQuery: url.pathname + url.search,
    principal: c.get('principal') ?? null,
    csrfToken: c.get('session')?.csrfToken ?? null,
  };
}

/** The signed-in principal of a guarded route (the guard has checked there is one). */
export function principalOf(c: OfficeContext) {
  const p = c.get('principal');
  if (!p) throw new Error('a guarded back-office route ran without a principal');
  return p;
}

type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/**
 * Sends a page. Back-office pages hold personal data: never cached, never framed by another site,
 * no script allowed, and the address (which may hold a CI being searched) is not sent elsewhere.
 */
export function sendPage(c: OfficeContext, html: string, status: PageStatus = 200): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'same-origin');
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Language', pageContext(c).lang);
  return c.html(html, status);
}

/** POST/redirect/GET: a 303 sends the browser to the result page with a GET. */
export function seeOther(c: OfficeContext, location: string): Response {
  c.header('Cache-Control', 'no-store');
  return c.redirect(location, 303);
}

/** The documented answers of a page route (pages stay out of the OpenAPI document). */
export function pageResponses(
  what: string,
  more: { redirect?: string; refused?: string; notFound?: boolean; file?: string } = {},
): Record<number, ResponseSpec> {
  const r: Record<number, ResponseSpec> = { 200: { description: what, html: true } };
  if (more.file) r[200] = { description: more.file, csv: true };
  if (more.redirect) r[303] = { description: more.redirect, redirect: true };
  if (more.refused) r[400] = { description: more.refused, html: true };
  if (more.notFound) r[404] = { description: 'Not found (page).', html: true };
  return r;
}

/** An optional text field of a form or query, bounded so a huge value is refused before any work. */
export const optionalText = (max: number) => z.string().max(max).optional();

/** The three boxes of a date field of the components' `DateInput`. */
export function dateFields(name: string) {
  return {
    [`${name}-day`]: optionalText(8),
    [`${name}-month`]: optionalText(8),
    [`${name}-year`]: optionalText(8),
  };
}

/** A numeric path parameter (ids), already constrained to digits by the route's path pattern. */
export const idParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/**
 * The id of a background job (src/jobs/: 128 bits, 22 base64url characters) in a progress page's
 * address. The example is a well-formed id that names no job (the route × role test uses it).
 *
 * @example request: { params: jobParam('The job id the round form redirected to.') }
 */
export const jobParam = (description: string) =>
  z.object({
    job: z
      .string()
      .regex(/^[A-Za-z0-9_-]{22}$/)
      .meta({ description, examples: ['Q2hhY2FsdGF5YUlsbGltYW'] }),
  });

/** Tags of the back-office routes in the registry. */
export const OFFICE_TAGS = ['pages', 'back-office'] as const;
