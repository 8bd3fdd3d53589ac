import type { Job } from '../../jobs/index.ts';
import { defineRoute, type Localized, type RoutePermission, type Router } from '../../routing/route.ts';
import { pageHtml } from '../components/index.ts';
import type { PageContext } from './backoffice.page.ts';
import { JobGonePage, type JobLink, JobProgressPage, type JobView } from './job.page.tsx';
import {
  jobParam,
  OFFICE_TAGS,
  type OfficeContext,
  pageContext,
  pageResponses,
  sendPage,
} from './office.context.ts';

/**
 * The one route shape of a job's progress page: `GET <area>/trabajos/:job`, the job read from its
 * queue in the database (whichever process runs it), 404 with a way back when the address names no
 * job, the area's answer once it succeeded (the round, the deposits, the import's counts), and the
 * shared progress page (./job.page.tsx) otherwise. Imports, round creations and deposit exports
 * each define theirs with it.
 */
export interface JobRouteSpec<J extends Job<unknown, unknown>> {
  /** The area's path, e.g. `/rondas` (the route is `<area>/trabajos/:job`). */
  area: string;
  operationId: string;
  summary: Localized;
  description: Localized;
  permission: RoutePermission;
  /** What the 200 (the progress page) and, if any, the 303 once done answer, for the registry. */
  responses: { page: string; redirect?: string; param: string };
  find: (id: string) => Promise<J | undefined>;
  /** The page of an address that names no job (finished jobs are forgotten). */
  gone: (ctx: PageContext) => { title: string; text: string; section: string; links: readonly JobLink[] };
  /** The answer once the job succeeded: a redirect to what it made, or a page; none to show `view`. */
  succeeded?: (c: OfficeContext, ctx: PageContext, job: J) => Response | undefined;
  view: (ctx: PageContext, job: J) => JobView;
}

/**
 * Defines a job's progress route on the back office's router.
 *
 * @example defineJobRoute(router, { area: '/rondas', operationId: 'officeRoundJob', find: (id) => jobs.get(id), view: roundJobView, … })
 */
export function defineJobRoute<J extends Job<unknown, unknown>>(router: Router, spec: JobRouteSpec<J>): void {
  defineRoute(router, {
    method: 'get',
    path: `${spec.area}/trabajos/:job{[A-Za-z0-9_-]+}`,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tags: OFFICE_TAGS,
    access: { permission: spec.permission },
    request: { params: jobParam(spec.responses.param) },
    responses: pageResponses(spec.responses.page, {
      ...(spec.responses.redirect ? { redirect: spec.responses.redirect } : {}),
      notFound: true,
    }),
    handler: async (c, { params }) => {
      const ctx = pageContext(c);
      const job = await spec.find(params.job);
      if (!job) return sendPage(c, pageHtml(<JobGonePage ctx={ctx} {...spec.gone(ctx)} />), 404);
      const done = job.state === 'succeeded' ? spec.succeeded?.(c, ctx, job) : undefined;
      return done ?? sendPage(c, pageHtml(<JobProgressPage ctx={ctx} view={spec.view(ctx, job)} />));
    },
  });
}
