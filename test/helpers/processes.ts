import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ayni processes a test starts, signals and kills: `ayni start` serving a test database, and a
 * process holding a back-office job open (./hold-a-job.ts).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The arguments of `node` running `ayni start` on `port` without seeding. */
const startArgs = (port: number) => [
  '--import',
  './bin/typescript.mjs',
  'src/main.ts',
  'start',
  '--port',
  String(port),
  '--seed-people',
  '0',
];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What it printed on standard error so far (its messages for the person who started it). */
  messages(): string;
}

/**
 * Runs `ayni start` (no seeding) on the test database `t` in a child process, and returns once it
 * serves. Without `t.url` it runs on the embedded database of `t.dir`, as `npm start` does. Its standard output, the JSON log, is not kept: a pipe nobody reads would fill and stall it.
 *
 * @example const server = await startServerProcess(t, { AYNI_JOB_DRAIN_SECONDS: '0' }); … server.child.kill('SIGTERM');
 */
export async function startServerProcess(
  t: { dir: string; url?: string },
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, AYNI_DATA_DIR: t.dir, ...env };
  if (t.url) childEnv.DATABASE_URL = t.url;
  else {
    delete childEnv.DATABASE_URL;
    delete childEnv.AYNI_TEST_EMBEDDED_URL;
  }
  const child = spawn(process.execPath, startArgs(port), {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let messages = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${messages}`)), 90_000);
    child.stderr!.on('data', (d: Buffer) => {
      messages += d.toString();
      if (messages.includes('ayni: serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${messages}`)));
  });
  child.removeAllListeners('exit');
  return { child, url: `http://127.0.0.1:${port}`, messages: () => messages };
}

/**
 * Starts a process that runs one job of `queue` on the database at `url` and never finishes it
 * (./hold-a-job.ts); returns the job's id once its progress is written, and how to kill it.
 *
 * @example const held = await holdAJob(t.url, 'imports', 'persons', 'padron.csv'); … await held.kill();
 */
export async function holdAJob(
  url: string,
  queue: string,
  kind: string,
  label: string,
  key?: string,
): Promise<{ id: string; kill(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/hold-a-job.ts', url, queue, kind, label, ...(key ? [key] : [])],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const id = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the job's process exited with ${code}: ${err}`)));
  });
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    id,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface WorkerCluster {
  child: ChildProcess;
  port: number;
  /** Its standard output so far (the JSON log, the access lines naming each worker's pid). */
  out(): string;
  /** What it printed on standard error so far. */
  messages(): string;
  /** Its exit code once it exits. */
  exited: Promise<number | null>;
}

/**
 * Runs `ayni start --workers N` (no seeding) with `env` as its whole environment (the caller puts
 * the database in it), and returns once every worker serves; kills it if they do not start.
 *
 * @example const w = await startWorkers({ ...process.env, AYNI_DATA_DIR: t.dir, DATABASE_URL: t.url }); … w.child.kill('SIGTERM'); assert.equal(await w.exited, 0);
 */
export async function startWorkers(env: NodeJS.ProcessEnv, workers = 2): Promise<WorkerCluster> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startArgs(port), '--workers', String(workers)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let messages = '';
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the workers did not start:\n${messages}`)), 120_000);
      child.stderr!.on('data', (d: Buffer) => {
        messages += d.toString();
        if ((messages.match(/ayni: serving/g) ?? []).length === workers) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${messages}`)));
    });
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  return { child, port, out: () => out, messages: () => messages, exited };
}
