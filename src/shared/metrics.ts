import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * ayni's metrics: one registry per process, served in Prometheus's text format at GET /metrics
 * (src/http/metrics.routes.ts; docs/security.md says who may read it).
 *
 * Why one module in `shared` wrapping prom-client, and not a port in `shared` with the registry
 * built in the interface layer: a figure is moved where the thing happens — a payout decided in the
 * bono, a batch committed in the ledger, a sign-in refused in access, a job started in the back
 * office — and `shared` is the one layer below all of them, so every layer may call it without an
 * import going the wrong way. Domains get three small functions and plain interfaces, never
 * prom-client's own API: this file is the only one that imports the library, so replacing it
 * changes nothing else. A port would need a stand-in until an interface plugged the real registry
 * in at start-up, and an order of start-up to get right, for nothing: the registry is memory that
 * costs a few additions per event and is only turned into text when scraped; a command-line
 * process that never serves /metrics never reads it.
 *
 * Metrics are defined once, at module level, beside the code that moves them; a name defined twice
 * fails when the second module loads. Names: `ayni_<domain>_<what>[_<unit>]`, counters end in
 * `_total`, durations are in seconds. Label values come from short fixed lists (a route pattern, a
 * refusal code), never from a request's own text: no personal data, and a bounded number of series.
 * Figures that already live in an object — a database pool's connections, a limiter's counts — are
 * not copied into counters as they change: they are read when scraped (`Sampled`).
 */

const registry = new Registry();

/** Label values of one series; every label the metric declares. */
export type Labels<L extends string> = { readonly [K in L]: string };

interface MetricSpec<L extends string> {
  /** `ayni_<domain>_<what>[_<unit>]`; `_total` for a counter. */
  name: string;
  /** One line for whoever reads /metrics: what is counted, and when. */
  help: string;
  labelNames: readonly L[];
}

/** Something that only goes up: events (payouts, refusals). */
export interface CounterMetric<L extends string> {
  inc(labels: Labels<L>, by?: number): void;
}

/** A distribution: durations, sizes. */
export interface HistogramMetric<L extends string> {
  observe(labels: Labels<L>, value: number): void;
}

/** How many of something there are now (jobs running): up when one starts, down when it ends. */
export interface GaugeMetric<L extends string> {
  inc(labels: Labels<L>): void;
  dec(labels: Labels<L>): void;
}

/** @example const refused = counter({ name: 'ayni_x_refusals_total', help: '…', labelNames: ['code'] }); refused.inc({ code }); */
export function counter<L extends string>(spec: MetricSpec<L>): CounterMetric<L> {
  const c = new Counter({ ...spec, registers: [registry] });
  return { inc: (labels, by = 1) => c.inc(labels, by) };
}

/**
 * @example const sizes = histogram({ name: 'ayni_x_batch_size', help: '…', labelNames: [], buckets: [1, 10, 100] }); sizes.observe({}, 12);
 */
export function histogram<L extends string>(
  spec: MetricSpec<L> & { buckets: readonly number[] },
): HistogramMetric<L> {
  const h = new Histogram({ ...spec, buckets: [...spec.buckets], registers: [registry] });
  return { observe: (labels, value) => h.observe(labels, value) };
}

/** @example const running = gauge({ name: 'ayni_x_running', help: '…', labelNames: ['kind'] }); running.inc({ kind }); … running.dec({ kind }); */
export function gauge<L extends string>(spec: MetricSpec<L>): GaugeMetric<L> {
  const g = new Gauge({ ...spec, registers: [registry] });
  return { inc: (labels) => g.inc(labels), dec: (labels) => g.dec(labels) };
}

/**
 * Requests refused by a throttle, by `limit`: `sign_in_username` (a username locked after failed
 * sign-ins), `sign_in_address` (an address blocked after many), `citizen_lookup` (the citizen
 * look-up's limits), `bank_credential` (a bank credential's look-ups that find nobody entitled).
 * One metric for every throttle, defined here because three domains move it.
 */
export const throttleRefusals = counter({
  name: 'ayni_throttle_refusals_total',
  help: 'Requests refused by a throttle: sign_in_username, sign_in_address, citizen_lookup, bank_credential.',
  labelNames: ['limit'],
});

/** One series of a sampled figure. */
export interface Sample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * A figure read when /metrics is scraped, from an object one app holds (its database pool, its
 * bank look-up limit), rather than moved as things happen. `counter` for a figure that only goes
 * up while the object lives.
 */
export interface Sampled {
  name: string;
  help: string;
  kind: 'counter' | 'gauge';
  labelNames: readonly string[];
  read(): readonly Sample[];
}

let processMetrics = false;

/**
 * Adds Node's and the operating system's figures for this process (CPU, memory, event-loop delay,
 * garbage collection, open handles), under their usual names (`process_*`, `nodejs_*`). Called by
 * the server that serves /metrics; a second call does nothing.
 */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry });
}

/**
 * The process's metrics and the app's sampled figures, in Prometheus's text format.
 *
 * @example const { contentType, body } = await exposition([poolUse]); return c.body(body, 200, { 'content-type': contentType });
 */
export async function exposition(
  sampled: readonly Sampled[],
): Promise<{ contentType: string; body: string }> {
  // The sampled figures go in a registry of this scrape only: they belong to one app, and a
  // process may hold several (the tests do).
  const now = new Registry();
  for (const s of sampled) {
    const samples = s.read();
    // A figure with no series now is left out: a metric without labels would otherwise print 0.
    if (samples.length === 0) continue;
    const spec = { name: s.name, help: s.help, labelNames: [...s.labelNames], registers: [now] };
    if (s.kind === 'counter') {
      const c = new Counter(spec);
      for (const x of samples) c.inc(x.labels, x.value);
    } else {
      const g = new Gauge(spec);
      for (const x of samples) g.set(x.labels, x.value);
    }
  }
  // A name both here and in the process's registry is a bug: merge refuses it.
  const merged = Registry.merge([registry, now]);
  return { contentType: registry.contentType, body: await merged.metrics() };
}
