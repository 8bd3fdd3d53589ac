import type { Job } from '../../jobs/index.ts';
import { pageMessages } from '../../messages/index.ts';
import { defineRoute, type Localized, type RoutePermission, type Router } from '../../routing/route.ts';
import { pageHtml } from '../components/index.ts';
import type { PageContext } from './backoffice.page.ts';
import { JobGonePage, JobProgressPage, type JobView } from './job.page.tsx';
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
/** The kinds of job, as the catalogue's jobs area names them. */
export type JobKind = 'imports' | 'rounds' | 'exports';

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
  /** Whose words the page of an address that names no job takes (finished jobs are forgotten). */
  kind: JobKind;
  /** The back office's section of the job (its screen's path). */
  section: string;
  /** Where the page of a forgotten job leads back to (with the kind's `back` words); none: no link. */
  back?: string;
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
      if (!job) {
        const words = pageMessages(ctx.lang).jobs[spec.kind];
        const links = spec.back ? [{ path: spec.back, label: words.back }] : [];
        const gone = (
          <JobGonePage ctx={ctx} title={words.title} text={words.gone} section={spec.section} links={links} />
        );
        return sendPage(c, pageHtml(gone), 404);
      }
      const done = job.state === 'succeeded' ? spec.succeeded?.(c, ctx, job) : undefined;
      return done ?? sendPage(c, pageHtml(<JobProgressPage ctx={ctx} view={spec.view(ctx, job)} />));
    },
  });
}
