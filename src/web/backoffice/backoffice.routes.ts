import type { Hono, MiddlewareHandler } from 'hono';
import type { Access, AccessEnv, Permission } from '../../access/index.ts';
import type { App } from '../../app.ts';
import type { JobRunner } from '../../jobs/index.ts';
import { createRouter, type RouteGuards } from '../../routing/route.ts';
import { pickLang } from '../../shared/lang.ts';
import { hrefWithLang } from '../components/href-with-lang.ts';
import { accessRoutes } from './access.routes.tsx';
import { auditRoutes } from './audit.routes.tsx';
import { OFFICE } from './backoffice.page.ts';
import { depositRoutes } from './deposit.routes.tsx';
import { grievanceRoutes } from './grievance.routes.tsx';
import { identityReviewRoutes } from './identity-review.routes.tsx';
import { ImportJobs } from './import-jobs.ts';
import { registryRoutes } from './registry.routes.tsx';
import { roundRoutes } from './round.routes.tsx';
import { sessionRoutes } from './session.pages.tsx';

/**
 * The back office for officers, mounted at /oficina: sign-in, the registry (search, imports with
 * progress, source lists), payment rounds (create with progress, approve, payment progress),
 * deposit files (generated with progress) and reconciliation, and the grievance queue. The long
 * operations run as background jobs (src/jobs/: durable, run by `runner`) followed on pages that
 * refresh themselves, from any server process on the database. Every screen is a route defined with `defineRoute`
 * (src/routing/route.ts) with the one permission it needs, so it is in the route × role test;
 * the navigation shows a reader only the screens their roles allow.
 *
 * Pages are server-rendered HTML that works without JavaScript, Spanish by default and English
 * with `?lang=en`; every form carries the session's CSRF token; a successful post redirects
 * (POST/redirect/GET) and a refused one shows the form again with its messages.
 *
 * @example mountRoutes(router, '/oficina', backofficeRoutes(app, access, runner));
 */
export function backofficeRoutes(app: App, access: Access, runner: JobRunner): Hono<AccessEnv> {
  const jobs = new ImportJobs(app.db, app.rejectsDir, runner);
  const router = createRouter(officeGuards(access));
  const deps = { app, access, jobs, runner };
  sessionRoutes(router, deps);
  registryRoutes(router, deps);
  roundRoutes(router, deps);
  depositRoutes(router, deps);
  grievanceRoutes(router, deps);
  identityReviewRoutes(router, deps);
  accessRoutes(router, deps);
  auditRoutes(router, deps);
  return router.hono;
}

/**
 * The access guards of the back office: a reader who is not signed in (or whose session ran out)
 * is sent to the sign-in form with the address they asked for, which brings them back after
 * signing in; a signed-in reader without the permission gets access's own refusal (403).
 */
export function officeGuards(access: Access): RouteGuards {
  const toSignIn: MiddlewareHandler<AccessEnv> = async (c, next) => {
    if (c.get('principal')) return next();
    const url = new URL(c.req.url);
    const params = new URLSearchParams();
    // After a refused POST the form's data is gone: come back to the page, not to the post.
    params.set('next', c.req.method === 'GET' ? url.pathname + url.search : OFFICE);
    if (c.get('authFailure')?.code === 'session_expired') params.set('expired', '1');
    c.header('Cache-Control', 'no-store');
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    return c.redirect(hrefWithLang(`${OFFICE}/ingresar?${params}`, lang), 303);
  };
  return {
    checkFormCsrf: access.checkFormCsrf,
    answerFailure: access.answerFailure,
    requireSignedIn: toSignIn,
    requirePermission: (permission: Permission) => {
      const check = access.requirePermission(permission);
      return async (c, next) => (c.get('principal') ? check(c, next) : toSignIn(c, next));
    },
  };
}
