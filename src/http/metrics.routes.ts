import type { BankLookupCounters, BankLookupLimit } from '../bono/index.ts';
import type { Database, PoolUse } from '../db/database.ts';
import type { Reader, ReplicaState } from '../db/replicas.ts';
import { defineRoute, type Router } from '../routing/route.ts';
import { enableProcessMetrics, exposition, histogram, type Sampled } from '../shared/metrics.ts';
import type { AnsweredHook } from './request-log.ts';

/**
 * GET /metrics: the server's figures in Prometheus's text format, for a monitoring system. Not
 * public (docs/security.md, "Metrics"): it needs `metrics.read`, which the `monitoring` role (an API
 * credential that opens nothing else, for the scraper), administrators and auditors hold. No label
 * carries personal data: routes are patterns, refusals are codes, credentials are their public ids.
 *
 * What it serves: the figures the domains move as things happen (src/shared/metrics.ts: payouts
 * and refusals by code, group-commit batch sizes, throttle refusals), the request latency measured
 * here, Node's process figures, and what this app's objects hold now, read at each scrape: the
 * database pool's connections, the back-office jobs running, each bank credential's look-ups.
 */

// Seconds until the answer's headers are ready: a streamed body (a CSV download) may go on after.
const requestSeconds = histogram({
  name: 'ayni_http_request_duration_seconds',
  help: 'Time to answer a request, by route pattern ("unmatched": no route), method and status class (2xx …).',
  labelNames: ['route', 'method', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/** Methods named as they are; anything else a client sends is `OTHER`, so it adds no series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A series' labels, made once per route, method and status class and reused by every request. */
const seriesLabels = new Map<string, { route: string; method: string; status: string }>();

/**
 * Times a request into `ayni_http_request_duration_seconds`, once answered. Called by the first
 * middleware (src/http/request-log.ts, with the route's pattern it works out for its log line), so
 * that refusals by the access middleware are timed too.
 *
 * @example http.use('*', ...requestLogging(logOf(app), observeRequest));
 */
export const observeRequest: AnsweredHook = (c, route, seconds) => {
  const method = METHODS.has(c.req.method) ? c.req.method : 'OTHER';
  const status = c.res.status;
  const key = `${route}\u0000${method}\u0000${status}`;
  let labels = seriesLabels.get(key);
  if (labels === undefined) {
    labels = { route: route ?? 'unmatched', method, status: `${Math.floor(status / 100)}xx` };
    seriesLabels.set(key, labels);
  }
  requestSeconds.observe(labels, seconds);
};

/** The objects of one app whose figures are read at each scrape. */
export interface ScrapedSources {
  db: Database;
  /** The bank API's limit on look-ups that find nobody entitled (src/bono/bank-lookup-limit.ts). */
  bankLookupLimit: BankLookupLimit;
  /** Back-office jobs this process runs now (the job runner's, src/jobs/); absent, not served. */
  runningJobs?: () => number;
  /**
   * The replicas read-only look-ups are read from (DATABASE_READ_URL, src/db/replicas.ts): each
   * one's lag and whether it is in use, by host:port (never its user or password). Without
   * replicas, no series.
   */
  reader?: Reader | undefined;
}

/** What the pool, the job runner and the bank limit hold now, as figures. */
function sampledFrom(sources: ScrapedSources): Sampled[] {
  // One figure without labels; left out while it has no value (a database without a pool).
  const gauge = (name: string, help: string, read: () => number | undefined): Sampled => ({
    name,
    help,
    kind: 'gauge',
    labelNames: [],
    read: () => {
      const value = read();
      return value === undefined ? [] : [{ labels: {}, value }];
    },
  });
  const pool = (read: (p: PoolUse) => number) => () => {
    const use = sources.db.poolUse?.();
    return use && read(use);
  };
  // Per credential: its public id (`ak_…`, never its secret) and its organisation (a bank's BIC).
  const perCredential = (name: string, help: string, read: (c: BankLookupCounters) => number): Sampled => ({
    name,
    help,
    kind: 'counter',
    labelNames: ['credential', 'organisation'],
    read: () =>
      sources.bankLookupLimit.counters().map((c) => ({
        labels: { credential: c.credentialId, organisation: c.organisation ?? '' },
        value: read(c),
      })),
  });
  // Per replica: its host:port, as the reader names it (no user, no password).
  const perReplica = (
    name: string,
    kind: 'gauge' | 'counter',
    help: string,
    read: (r: ReplicaState) => number | undefined,
  ): Sampled => ({
    name,
    help,
    kind,
    labelNames: ['replica'],
    read: () =>
      (sources.reader?.state().replicas ?? []).flatMap((r) => {
        const value = read(r);
        return value === undefined ? [] : [{ labels: { replica: r.host }, value }];
      }),
  });
  return [
    gauge(
      'ayni_db_pool_connections',
      'Database connections open (in use or idle).',
      pool((p) => p.total),
    ),
    gauge(
      'ayni_db_pool_idle_connections',
      'Database connections open and idle.',
      pool((p) => p.idle),
    ),
    gauge(
      'ayni_db_pool_waiting_requests',
      'Queries and transactions waiting for a database connection.',
      pool((p) => p.waiting),
    ),
    gauge(
      'ayni_db_pool_max_connections',
      'The most connections the pool opens.',
      pool((p) => p.max),
    ),
    gauge(
      'ayni_jobs_running',
      'Back-office jobs (imports, round creations, deposit exports) this process runs now.',
      () => sources.runningJobs?.(),
    ),
    perCredential(
      'ayni_bono_bank_lookups_total',
      'Bank verifications and payouts let through to a look-up, per credential, since the server started.',
      (c) => c.checked,
    ),
    perReplica(
      'ayni_db_replica_lag_seconds',
      'gauge',
      'Replay lag of each read replica at its last check, in seconds (0: it has replayed all it received); absent while its check fails.',
      (r) => (r.lagMs === null ? undefined : r.lagMs / 1000),
    ),
    perReplica(
      'ayni_db_replica_in_use',
      'gauge',
      'Whether each read replica serves read-only look-ups now (1) or is left out (0: lagging past AYNI_REPLICA_MAX_LAG_MS, or its check failed).',
      (r) => (r.usable ? 1 : 0),
    ),
    perReplica(
      'ayni_db_replica_reads_total',
      'counter',
      'Read-only requests each read replica served, since the server started.',
      (r) => r.served,
    ),
    {
      name: 'ayni_db_reads_on_primary_total',
      help: 'Read-only requests the primary served because no replica could (none usable, behind the caller’s own write), since the server started; absent without replicas.',
      kind: 'counter',
      labelNames: [],
      read: () =>
        sources.reader?.replicated ? [{ labels: {}, value: sources.reader.state().servedByPrimary }] : [],
    },
    perCredential(
      'ayni_bono_bank_lookup_misses_total',
      'Of those, look-ups that found nobody entitled, per credential.',
      (c) => c.misses,
    ),
    perCredential(
      'ayni_bono_bank_lookups_refused_total',
      'Bank look-ups refused by the credential limit (429 credential_limited), per credential.',
      (c) => c.refused,
    ),
  ];
}

/**
 * Defines GET /metrics on the server's router.
 *
 * @example metricsRoute(router, { db: app.db, bankLookupLimit, runningJobs: () => runner.runningHere });
 */
export function metricsRoute(router: Router, sources: ScrapedSources): void {
  enableProcessMetrics();
  const sampled = sampledFrom(sources);
  defineRoute(router, {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: { es: 'Métricas del servidor (Prometheus)', en: 'Server metrics (Prometheus)' },
    description: {
      es: 'Latencia por ruta, pagos y rechazos por código, lotes de escritura, trabajos en curso, límites alcanzados y conexiones a la base de datos, en el formato de texto de Prometheus. Sin datos personales.',
      en: 'Latency by route, payouts and refusals by code, group-commit batches, running jobs, throttle refusals and database connections, in Prometheus text format. No personal data.',
    },
    tags: ['system'],
    // For a monitoring system, not for integrators: out of the OpenAPI document.
    internal: true,
    access: { permission: 'metrics.read' },
    responses: {
      200: { description: 'Prometheus text format 0.0.4 (text/plain; version=0.0.4).', text: true },
    },
    handler: async (c) => {
      const { contentType, body } = await exposition(sampled);
      c.header('Cache-Control', 'no-store');
      return c.body(body, 200, { 'Content-Type': contentType });
    },
  });
}
