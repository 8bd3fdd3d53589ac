/**
 * A load generator in its own process (the benchmarks spawn it, so the server's process does not
 * share its event loop with the client's): keeps `--connections` keep-alive connections busy, each
 * sending the next request from a JSON-lines file as soon as the answer to its previous one has
 * arrived (no pipelining), and prints one JSON line of results: requests, statuses, throughput and
 * latency percentiles.
 *
 *   node --import tsx bench/load/http-load.ts --url http://127.0.0.1:3100 --requests FILE
 *        [--connections 64] [--duration-s 20]
 * Each request line: { "path": "/api/bono/payouts", "headers": {…}, "body": {…} }. Requests are
 * used once each, in order; the run ends when they are used up or the duration is over.
 *
 * It speaks HTTP/1.1 over plain sockets, with every request serialised before the clock starts
 * (as autocannon does): the client shares the machine's two cores with the server and PostgreSQL,
 * and node:http's client spent more CPU per request than the server's routing did.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const url = new URL(arg('url', 'http://127.0.0.1:3100'));
const connections = Number(arg('connections', '64'));
const durationMs = Number(arg('duration-s', '20')) * 1000;
const host = url.host;
const requests = readFileSync(arg('requests', ''), 'utf8')
  .trim()
  .split('\n')
  .map((l) => {
    const r = JSON.parse(l) as { path: string; headers: Record<string, string>; body: unknown };
    const payload = JSON.stringify(r.body);
    const headers = Object.entries(r.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    return Buffer.from(
      `POST ${r.path} HTTP/1.1\r\nhost: ${host}\r\n${headers}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
    );
  });

const latencies: number[] = [];
const statuses: Record<string, number> = {};
const codes: Record<string, number> = {};
let next = 0;
let errors = 0;
const started = performance.now();
const deadline = started + durationMs;
const cpuAtStart = process.cpuUsage();

const CRLF2 = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

/** One connection: send, read one whole answer (headers, then content-length bytes), repeat. */
function connection(): Promise<void> {
  return new Promise((done) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let t0 = 0;
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      socket.destroy();
      done();
    };
    const sendNext = () => {
      if (next >= requests.length || performance.now() >= deadline) return finish();
      t0 = performance.now();
      socket.write(requests[next++]!);
    };
    socket.on('connect', sendNext);
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const headEnd = buffered.indexOf(CRLF2);
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString('latin1');
      const declared = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
      let end: number;
      if (declared !== undefined) end = headEnd + 4 + Number(declared);
      else {
        // Chunked: the answer ends with the zero-length chunk (the body is only read for its code).
        const last = buffered.indexOf(LAST_CHUNK, headEnd);
        if (last < 0) return;
        end = last + LAST_CHUNK.length;
      }
      if (buffered.length < end) return;
      const body = buffered.subarray(headEnd + 4, end);
      buffered = buffered.subarray(end);
      latencies.push(performance.now() - t0);
      const status = head.slice(9, 12);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (Number(status) >= 300) {
        const code = /"code":"([a-z_]+)"/.exec(body.toString())?.[1] ?? 'unknown';
        codes[code] = (codes[code] ?? 0) + 1;
      }
      sendNext();
    });
    socket.on('error', () => {
      errors++;
      finish();
    });
    socket.on('close', finish);
  });
}

await Promise.all(Array.from({ length: connections }, connection));
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
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
    /** This process's CPU during the run (not its start-up), for the cost per request. */
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    statuses,
    refusals: codes,
  }),
);
