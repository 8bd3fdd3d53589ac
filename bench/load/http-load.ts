/**
 * A load generator in its own process (the benchmarks spawn it, so the server's process does not
 * share its event loop with the client's): keeps `--connections` keep-alive connections busy, each
 * sending the next request from a JSON-lines file, and prints one JSON line of results: requests,
 * statuses, throughput and latency percentiles.
 *
 *   node --import tsx bench/load/http-load.ts --url http://127.0.0.1:3100 --requests FILE
 *        [--connections 64] [--duration-s 20]
 * Each request line: { "path": "/api/bono/payouts", "headers": {…}, "body": {…} }. Requests are
 * used once each, in order; the run ends when they are used up or the duration is over.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const url = new URL(arg('url', 'http://127.0.0.1:3100'));
const connections = Number(arg('connections', '64'));
const durationMs = Number(arg('duration-s', '20')) * 1000;
const lines = readFileSync(arg('requests', ''), 'utf8').trim().split('\n');
const requests = lines.map(
  (l) => JSON.parse(l) as { path: string; headers: Record<string, string>; body: unknown },
);

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
const codes: Record<string, number> = {};
let next = 0;
let errors = 0;
const started = performance.now();
const deadline = started + durationMs;

function send(r: (typeof requests)[number]): Promise<void> {
  const payload = JSON.stringify(r.body);
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: r.path,
        headers: {
          ...r.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          if ((res.statusCode ?? 0) >= 300) {
            const code = /"code":"([a-z_]+)"/.exec(Buffer.concat(chunks).toString())?.[1] ?? 'unknown';
            codes[code] = (codes[code] ?? 0) + 1;
          }
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(payload);
  });
}

async function worker(): Promise<void> {
  while (next < requests.length && performance.now() < deadline) await send(requests[next++]!);
}

await Promise.all(Array.from({ length: connections }, worker));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    seconds: Number(elapsed.toFixed(2)),
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(pct(50).toFixed(2)),
    p99Ms: Number(pct(99).toFixed(2)),
    maxMs: Number((latencies[latencies.length - 1] ?? 0).toFixed(2)),
    statuses,
    refusals: codes,
  }),
);
agent.destroy();
