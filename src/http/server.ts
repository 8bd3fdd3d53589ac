import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AccessEnv, accessRoutes, createAccess } from '../access/index.ts';
import { type App, clockOf, logOf } from '../app.ts';
import { BankLookupLimit, budgetShare, PayoutDesk } from '../bono/index.ts';
import { databaseUnavailable } from '../db/availability.ts';
import { pingDatabase } from '../db/ping.ts';
import { type JobDrain, JobRunner } from '../jobs/index.ts';
import { registryCounts } from '../registry/index.ts';
import { createRouter, defineRoute, mountRoutes, type Router } from '../routing/route.ts';
import { Instant } from '../routing/schemas.ts';
import { readerFor, readYourWrites } from '../scale/index.ts';
import { pickLang } from '../shared/lang.ts';
import { loadPublicRegistryStatus } from '../transparency/index.ts';
import { keepPopulationAhead } from '../vaccination/index.ts';
import { backofficeRoutes } from '../web/backoffice/backoffice.routes.ts';
import { caseOfficeRoutes, casePublicRoutes } from '../web/cases/cases.routes.tsx';
import { certificatePageRoutes } from '../web/certificates/certificates.routes.tsx';
import { portalRoutes } from '../web/portal/index.ts';
import { renderStatusPage } from '../web/status.page.tsx';
import { transparencyRoutes } from '../web/transparency/transparency.routes.ts';
import { vaccinationCitizenRoutes } from '../web/vaccination/citizen.routes.tsx';
import { vaccinationOfficeRoutes } from '../web/vaccination/office.routes.tsx';
import { wealthTaxOfficeRoutes } from '../web/wealth-tax/office.routes.tsx';
import { wealthTaxPublicRoutes } from '../web/wealth-tax/public.routes.tsx';
import { openApiDocument } from './api/openapi.document.ts';
import { bonoApiRoutes } from './bono-api.routes.ts';
import { casesApiRoutes } from './cases-api.routes.ts';
import { certificatesApiRoutes } from './certificates-api.routes.ts';
import { notFound, onError, respondToFailure } from './error-handler.ts';
import { identityMergeApiRoutes } from './identity-merge-api.routes.ts';
import { identityReviewApiRoutes } from './identity-review-api.routes.ts';
import { metricsRoute, observeRequest } from './metrics.routes.ts';
import { requestLogging } from './request-log.ts';
import { vaccinationApiRoutes } from './vaccination-api.routes.ts';
import { wealthTaxApiRoutes } from './wealth-tax-api.routes.ts';
import { wealthTaxRepresentationApiRoutes } from './wealth-tax-representation-api.routes.ts';

const RegistryCountsJson = z
  .object({
    persons: z.number().int(),
    living: z.number().int(),
    abroad: z.number().int(),
    byDepartment: z.array(z.object({ code: z.number().int(), name: z.string(), persons: z.number().int() })),
    sourceLists: z.array(
      z.object({
        name: z.string(),
        titleEs: z.string(),
        titleEn: z.string(),
        members: z.number().int(),
        importedAt: Instant.nullable(),
      }),
    ),
    lastImports: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        fileName: z.string(),
        status: z.string(),
        finishedAt: Instant.nullable(),
        rowsRead: z.number().int().nullable(),
        rowsAccepted: z.number().int().nullable(),
        rowsRejected: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'RegistryCounts', description: 'Counts only: no personal data.' });

/** When a client refused with 503 database_unavailable may try again: a failover takes seconds. */
const DATABASE_RETRY_AFTER_MS = 5000;

/** The server's own routes: the status page, the health check, registry counts, the OpenAPI document. */
function coreRoutes(router: Router, app: App): void {
  defineRoute(router, {
    method: 'get',
    path: '/',
    operationId: 'statusPage',
    summary: { es: 'Estado del registro (página)', en: 'Registry status (page)' },
    tags: ['pages'],
    access: { public: true },
    responses: {
      200: { description: 'The status page: published figures only, small counts suppressed.', html: true },
    },
    handler: async (c) => {
      const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
      c.header('Content-Language', lang);
      c.header('Cache-Control', 'no-store');
      return c.html(
        renderStatusPage(await loadPublicRegistryStatus(readerFor(app, c), clockOf(app)()), lang),
      );
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tags: ['system'],
    access: { public: true },
    responses: {
      200: {
        description: 'Up, with the database back end in use.',
        schema: z.object({ status: z.literal('ok'), backend: z.enum(['embedded', 'postgres']) }),
      },
    },
    handler: async (c) => {
      await pingDatabase(app.db);
      return c.json({ status: 'ok', backend: app.db.backend });
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/registry/counts',
    operationId: 'registryCounts',
    tags: ['registry'],
    // Exact small counts and officers' file names: not for the public (docs/security.md).
    access: { permission: 'registry.read' },
    responses: { 200: { description: 'The counts.', schema: RegistryCountsJson } },
    handler: async (c) => {
      const counts = await registryCounts(app.db);
      // Counts and import ids stay far below 2^53: plain JSON numbers, as before.
      return c.json(JSON.parse(JSON.stringify(counts, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))));
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    tags: ['system'],
    access: { public: true },
    responses: {
      200: {
        description: 'OpenAPI 3.1, as committed in docs/openapi.json.',
        schema: z.record(z.string(), z.unknown()),
      },
    },
    handler: (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(openApiDocument(router.hono));
    },
  });
}

/**
 * The HTTP interface: thin routes that call domain services, API and pages in one Hono app. Every
 * route is defined with `defineRoute` (src/routing/route.ts), so it is validated, guarded, listed
 * in the OpenAPI document and covered by the route × role test. docs/http.md says how to add one.
 *
 * @example const server = await startServer(app); … await server.close();
 */
export function buildHttpApp(app: App, options: HttpAppOptions = {}): Hono<AccessEnv> {
  const http = new Hono<AccessEnv>();
  // First: a request id (answered in X-Request-Id) on every log line of the request, and one access
  // line once it is answered — the route's pattern, never its address (src/http/request-log.ts);
  // and every request timed for /metrics, refusals included (src/http/metrics.routes.ts).
  http.use('*', ...requestLogging(logOf(app), observeRequest));
  // Every request: load the session or API credential, and refuse cross-site state changes.
  const access = createAccess(app.db, {
    // The app's clock (real time, or the simulated one of a demonstration): sessions, payouts and
    // look-ups are all dated by it.
    now: clockOf(app),
    secureCookies: app.config.secureCookies,
    // Behind the TLS proxy, the client is the address the proxy forwards (docs/security.md).
    trustedProxies: app.config.trustedProxies,
    respond: respondToFailure,
  });
  // Who is calling, then (per route, in src/routing/route.ts) whether they may, and only then the
  // body, within the route's limit: nothing here reads a body (docs/security.md, "Request bodies").
  http.use('*', access.authenticate, access.csrf);
  // After a caller's own write, their look-ups wait for a replica that has it (src/db/replicas.ts).
  // Without replicas (fixed when the app opens) it would do nothing: not a layer on every request.
  if (app.reader?.replicated) http.use('*', readYourWrites(app));
  // No database server to answer (the primary down, a failover under way): 503 at once, not 500.
  http.onError((err, c) =>
    databaseUnavailable(err)
      ? respondToFailure(c, { code: 'database_unavailable', retryAfterMs: DATABASE_RETRY_AFTER_MS })
      : onError(err, c),
  );
  http.notFound(notFound);
  const router = createRouter(access, http);

  coreRoutes(router, app);
  mountRoutes(router, '/api/session', accessRoutes(app.db, access));
  // Payouts are committed in groups by one desk per app; closing the server drains it.
  const desk = new PayoutDesk(app.db);
  // Back-office jobs run in this process, recorded in the database (src/jobs/); closing waits for
  // them until AYNI_JOB_DRAIN_SECONDS, then marks them interrupted.
  const runner = options.jobs ?? jobRunnerOf(app);
  closers.set(http, [() => desk.close(), async () => void (await runner.close())]);
  // The bank API's limit is read by /metrics too: one per app.
  const bankLookupLimit = new BankLookupLimit(
    budgetShare(app.config.bankMissesPerMinute, options.processes ?? 1),
  );
  mountRoutes(router, '/api/bono', bonoApiRoutes(app, access, desk, bankLookupLimit));
  metricsRoute(router, {
    db: app.db,
    bankLookupLimit,
    runningJobs: () => runner.runningHere,
    reader: app.reader,
  });

  // --- mounted modules
  // One line per module: `fooRoutes(router, app)` defines its routes on `router` with defineRoute
  // (or builds a group with createRouter and mounts it with mountRoutes). Nothing else to change:
  // the OpenAPI document (`npm run openapi`) and the route × role test pick the routes up.
  mountRoutes(router, '/', portalRoutes(app, access));
  mountRoutes(router, '/oficina', backofficeRoutes(app, access, runner));
  mountRoutes(router, '/', vaccinationCitizenRoutes(app, access));
  mountRoutes(router, '/', certificatePageRoutes(app, access));
  mountRoutes(router, '/oficina', vaccinationOfficeRoutes(app, access));
  mountRoutes(router, '/', transparencyRoutes(app, access));
  mountRoutes(router, '/api/vaccination', vaccinationApiRoutes(app, access));
  mountRoutes(router, '/api/certificates', certificatesApiRoutes(app, access));
  mountRoutes(router, '/api/cases', casesApiRoutes(app, access));
  mountRoutes(router, '/api/identity-reviews', identityReviewApiRoutes(app, access));
  mountRoutes(router, '/api/identity-merges', identityMergeApiRoutes(app, access));
  mountRoutes(router, '/api/wealth-tax', wealthTaxApiRoutes(app, access));
  mountRoutes(router, '/api/wealth-tax', wealthTaxRepresentationApiRoutes(app, access));
  mountRoutes(router, '/oficina', wealthTaxOfficeRoutes(app, access));
  mountRoutes(router, '/', wealthTaxPublicRoutes(app, access));
  mountRoutes(router, '/oficina', caseOfficeRoutes(app, access));
  mountRoutes(router, '/', casePublicRoutes(app, access));

  return http;
}

export interface HttpAppOptions {
  /** The runner of the back-office jobs; by default one of the app's own (tests give their own). */
  jobs?: JobRunner;
  /**
   * How many server processes share this port (`ayni start --workers N`); each keeps its share of
   * a bank credential's look-up budget (`budgetShare`). Default 1.
   */
  processes?: number;
}

/** The runner of an app's back-office jobs: its clock, its log, and the shutdown deadline configured. */
const jobRunnerOf = (app: App) =>
  new JobRunner(app.db, { now: clockOf(app), log: logOf(app), drainMs: app.config.jobDrainSeconds * 1000 });

const closers = new WeakMap<Hono<AccessEnv>, (() => Promise<void>)[]>();

/**
 * Finishes what an app built by `buildHttpApp` has in flight (payouts queued for a group commit,
 * back-office jobs running: waited for until their deadline). `startServer`'s `close` calls it
 * after the last connection ends.
 *
 * @example const http = buildHttpApp(app); … await closeHttpApp(http);
 */
export async function closeHttpApp(http: Hono<AccessEnv>): Promise<void> {
  for (const close of closers.get(http) ?? []) await close();
  closers.delete(http);
}

export interface RunningServer {
  url: string;
  /** Back-office jobs running in this server now. */
  readonly jobsRunning: number;
  /**
   * Stops: first the back-office jobs (no new one; those running are waited for until the
   * deadline, their progress pages still served, then marked interrupted), then the connections,
   * then what `closeHttpApp` finishes. Says which jobs it gave up on.
   */
  close(): Promise<JobDrain>;
}

export async function startServer(
  app: App,
  host = app.config.httpHost,
  port = app.config.httpPort,
  options: { processes?: number } = {},
): Promise<RunningServer> {
  const jobs = jobRunnerOf(app);
  const http = buildHttpApp(app, { jobs, processes: options.processes });
  // Today's vaccination target population counted ahead of the officers and the portal, after an
  // import or a new day forgot it (src/vaccination/coverage-ahead.ts): a server's work, not a command's.
  const keeper = keepPopulationAhead(app.db, clockOf(app), { log: logOf(app) });
  return new Promise((resolve) => {
    const server = serve({ fetch: http.fetch, hostname: host, port }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        get jobsRunning() {
          return jobs.runningHere;
        },
        close: async () => {
          const drain = await jobs.close();
          await keeper.stop();
          await new Promise<void>((done) => server.close(() => done()));
          await closeHttpApp(http);
          return drain;
        },
      });
    });
  });
}
