import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createAccount, createCredential } from '../../src/access/index.ts';
import { verifyAuditChain } from '../../src/audit/index.ts';
import type { DatabaseFailure } from '../../src/db/database.failures.ts';
import type { Database } from '../../src/db/database.ts';
import {
  attachEmbedded,
  type EmbeddedAttachment,
  embeddedLayout,
  postmasterPid,
} from '../../src/db/embedded.ts';
import { openDatabase } from '../../src/db/open.ts';
import { verifyLedger } from '../../src/ledger/index.ts';
import { syncGeography } from '../../src/registry/index.ts';
import type { Result } from '../../src/shared/failure.ts';
import { ROUND_APPROVED_AT, seedCountryWithRound } from '../helpers/country.ts';
import { type ServerProcess, startServerProcess } from '../helpers/processes.ts';

/**
 * The embedded database (issue 14 §1): ayni starts a real PostgreSQL server in its data folder, and
 * the web server and every CLI command are clients of it. Before, the embedded engine was a
 * database inside one process with fsync off: a CLI command run beside `npm start` made the
 * server's acknowledged payouts vanish after a kill -9 (10 of 10), and a graceful stop lost the
 * CLI's own writes (`accounts disable` printed "disabled" and the person could still sign in).
 *
 * These tests run whole processes as a user would, with no DATABASE_URL, whatever back end the
 * rest of the suite runs on.
 */

/** The value of a step that must succeed; its failure value fails the test. */
function must<T>(result: Result<T, DatabaseFailure>): T {
  if (!result.ok) assert.fail(`failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLOCK = '2021-02-01T11:00:00-04:00';
const OFFICER = { username: 'dora.admin', password: 'caballo bateria grapa correcta' };

/** The environment of every child: the data folder, no server URL (the embedded default). */
function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AYNI_DATA_DIR: dataDir, AYNI_CLOCK: CLOCK, ...extra };
  delete env.DATABASE_URL;
  delete env.AYNI_TEST_EMBEDDED_URL;
  return env;
}

type Server = ServerProcess;

/** `ayni start` on the embedded database of `dataDir` (no DATABASE_URL), on the test's clock. */
const startServer = (dataDir: string): Promise<Server> =>
  startServerProcess({ dir: dataDir }, { AYNI_CLOCK: CLOCK });

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Runs `ayni …` as its own process, as an officer at a shell would: signed in as AYNI_OFFICER, the
 * password piped in for the commands that need one (`--password-stdin`).
 */
async function cli(
  dataDir: string,
  args: string[],
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', './bin/typescript.mjs', 'src/main.ts', ...args], {
    cwd: root,
    env: childEnv(dataDir, { AYNI_OFFICER: OFFICER.username }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdin!.end(stdin);
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { code, out, err };
}

interface Person {
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
}

async function pay(url: string, token: string, key: string, person: Person) {
  const res = await fetch(`${url}/api/bono/payouts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
    body: JSON.stringify({ ...person, paymentPoint: 'Caja 1' }),
  });
  return { status: res.status, body: (await res.json()) as { payment?: { id: number }; code?: string } };
}

async function signIn(url: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number | undefined): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

describe('embedded PostgreSQL: one database, many clients', () => {
  let work: string;
  let dataDir: string;
  const tokens: string[] = [];
  let persons: Person[] = [];
  let server: Server | undefined;

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ayni-embedded-test-'));
    dataDir = path.join(work, 'data');
    // Prepared in this process through the embedded server itself (which stops when it closes).
    const db = must(await openDatabase({ databaseUrl: undefined, dataDir }));
    try {
      await syncGeography(db);
      await seedCountryWithRound(db, work, 1_200);
      const at = ROUND_APPROVED_AT;
      for (const bic of ['BUNIBOLX', 'BNBOBOLX']) {
        const r = await createCredential(db, {
          organisation: bic,
          roles: ['bank'],
          actor: 'system',
          now: at,
        });
        assert.ok(r.ok);
        tokens.push(r.value.token);
      }
      for (const [username, roles] of [
        [OFFICER.username, ['administrator']],
        ['eva.oficial', ['bono_officer']],
      ] as const) {
        const a = await createAccount(db, {
          username,
          displayName: username,
          roles,
          password: OFFICER.password,
          actor: 'system',
          now: at,
        });
        assert.ok(a.ok, a.ok ? '' : a.error.code);
      }
      persons = (
        await db.query<{ ci: string; c: string; dob: string }>(
          `SELECT p.ci_number AS ci, p.complemento AS c, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
           FROM bono_entitlement e JOIN person p ON p.id = e.person_id
           WHERE e.channel = 'counter' ORDER BY p.id LIMIT 20`,
        )
      ).map((p) => ({ ciNumber: p.ci, complemento: p.c, dateOfBirth: p.dob }));
      assert.equal(persons.length, 20);
    } finally {
      await db.close();
    }
  });

  after(async () => {
    if (server) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    const layout = embeddedLayout(dataDir);
    const pid = postmasterPid(layout);
    if (alive(pid)) process.kill(pid!, 'SIGKILL');
    await gone(pid);
    await rm(work, { recursive: true, force: true });
  });

  it('keeps the data folder private and runs with fsync on', async () => {
    const a = must(await attachEmbedded(dataDir));
    try {
      assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
      assert.equal((await stat(a.layout.pgdata)).mode & 0o777, 0o700);
      assert.equal((await stat(a.layout.socketDir)).mode & 0o777, 0o700);
      assert.equal((await stat(a.layout.logFile)).mode & 0o077, 0, 'the log is for its owner only');
      const db = must(await openDatabase({ databaseUrl: a.url, dataDir }));
      try {
        const rows = await db.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings
           WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'listen_addresses')
           ORDER BY name`,
        );
        assert.deepEqual(
          Object.fromEntries(rows.map((r) => [r.name, r.setting])),
          { fsync: 'on', full_page_writes: 'on', listen_addresses: '', synchronous_commit: 'on' },
          'durable, and no TCP port',
        );
      } finally {
        await db.close();
      }
    } finally {
      must(await a.detach());
    }
    assert.equal(postmasterPid(embeddedLayout(dataDir)), undefined, 'the last client out stopped it');
  });

  it('a CLI write made beside the running server survives a graceful stop and a restart', async () => {
    server = await startServer(dataDir);
    const pid = postmasterPid(embeddedLayout(dataDir));
    assert.ok(alive(pid), 'the server started the database');
    assert.equal(await signIn(server.url, 'eva.oficial', OFFICER.password), 200, 'eva can sign in');

    const disable = await cli(
      dataDir,
      ['accounts', 'disable', 'eva.oficial', '--password-stdin'],
      `${OFFICER.password}\n`,
    );
    assert.equal(disable.code, 0, disable.err);
    assert.equal(
      await signIn(server.url, 'eva.oficial', OFFICER.password),
      401,
      'refused at once, on the server',
    );
    assert.equal(
      postmasterPid(embeddedLayout(dataDir)),
      pid,
      'the CLI used the running database, not one of its own',
    );
    const status = await cli(dataDir, ['database', 'status']);
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, new RegExp(`running, pid ${pid}, PostgreSQL 18\\.\\d+, fsync on`));
    assert.match(
      status.out,
      new RegExp(`attached +ayni ${server.child.pid} start`),
      'the web server is attached',
    );
    const stop = await cli(dataDir, ['database', 'stop']);
    assert.equal(stop.code, 1, 'a database in use is not stopped without --force');
    assert.match(stop.err, /in use by ayni \d+ start/);
    assert.ok(alive(pid));

    server.child.kill('SIGTERM');
    await exited(server.child);
    assert.ok(await gone(pid), 'the last client out stopped the database');
    server = await startServer(dataDir);
    assert.equal(
      await signIn(server.url, 'eva.oficial', OFFICER.password),
      401,
      'still disabled after the restart',
    );
  });

  it('kill -9 of the web server and of the database loses no acknowledged payout and pays nobody twice', async () => {
    server ??= await startServer(dataDir);
    const [bankA, bankB] = tokens as [string, string];
    const acked = new Map<string, number>();
    const results = await Promise.all(persons.map((p, i) => pay(server!.url, bankA, `embedded-a-${i}`, p)));
    for (const [i, r] of results.entries()) {
      assert.equal(r.status, 201, JSON.stringify(r.body));
      acked.set(`embedded-a-${i}`, r.body.payment!.id);
    }
    // A read-only CLI command while the server runs (this alone lost the payouts before).
    const verify = await cli(dataDir, ['audit', 'verify', '--password-stdin'], `${OFFICER.password}\n`);
    assert.equal(verify.code, 0, verify.err);

    const pid = postmasterPid(embeddedLayout(dataDir));
    server.child.kill('SIGKILL');
    await exited(server.child);
    assert.ok(alive(pid), 'the database outlives a crash of the web server');
    process.kill(pid!, 'SIGKILL');
    assert.ok(await gone(pid));

    server = await startServer(dataDir);
    assert.notEqual(postmasterPid(embeddedLayout(dataDir)), pid, 'a new postmaster, after crash recovery');
    for (const [i, p] of persons.entries()) {
      const again = await pay(server.url, bankA, `embedded-a-${i}`, p);
      assert.equal(again.status, 200, `the acknowledged payout ${i} is there: ${JSON.stringify(again.body)}`);
      assert.equal(again.body.payment!.id, acked.get(`embedded-a-${i}`));
      const other = await pay(server.url, bankB, `embedded-b-${i}`, p);
      assert.equal(
        other.status,
        409,
        `a second bank cannot pay person ${i} again: ${JSON.stringify(other.body)}`,
      );
    }
    server.child.kill('SIGTERM');
    await exited(server.child);
    server = undefined;

    const db: Database = must(await openDatabase({ databaseUrl: undefined, dataDir }));
    try {
      const [dup] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT person_id FROM bono_payment WHERE reversed_at IS NULL
         GROUP BY person_id HAVING count(*) > 1) d`,
      );
      assert.equal(dup!.n, 0, 'nobody paid twice');
      const [disabled] = await db.query<{ disabled: boolean }>(
        `SELECT disabled FROM account WHERE username = 'eva.oficial'`,
      );
      assert.equal(disabled?.disabled, true, "the CLI's write is there");
      assert.deepEqual((await verifyLedger(db)).problems, []);
      assert.equal((await verifyAuditChain(db)).ok, true, 'the audit chain verifies');
    } finally {
      await db.close();
    }
  });

  it('a web server whose database is killed under it starts it again for the next requests', async () => {
    server ??= await startServer(dataDir);
    const [bankA] = tokens as [string, string];
    const pid = postmasterPid(embeddedLayout(dataDir));
    process.kill(pid!, 'SIGKILL');
    assert.ok(await gone(pid));
    let answered: { status: number } | undefined;
    for (let i = 0; i < 100; i++) {
      answered = await pay(server.url, bankA, 'embedded-a-0', persons[0]!);
      if (answered.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(answered?.status, 200, 'the acknowledged payout is found again, without restarting ayni');
    const revived = postmasterPid(embeddedLayout(dataDir));
    assert.ok(alive(revived) && revived !== pid, 'a new postmaster');
    server.child.kill('SIGTERM');
    await exited(server.child);
    server = undefined;
    assert.ok(await gone(revived), 'and it stops with the last client');
  });

  it('two processes starting on a new folder at once end with one database, both served', async () => {
    const fresh = path.join(work, 'fresh');
    const [a, b] = (await Promise.all([attachEmbedded(fresh), attachEmbedded(fresh)])).map(must) as [
      EmbeddedAttachment,
      EmbeddedAttachment,
    ];
    try {
      assert.equal(a.pid, b.pid, 'one postmaster');
      assert.equal([a.startedHere, b.startedHere].filter(Boolean).length >= 1, true);
      must(await a.detach());
      assert.ok(alive(b.pid), 'the first to leave does not stop a database another process uses');
      const db = must(await openDatabase({ databaseUrl: b.url, dataDir: fresh }));
      assert.equal((await db.query<{ one: number }>('SELECT 1 AS one'))[0]!.one, 1);
      await db.close();
    } finally {
      must(await a.detach());
      must(await b.detach());
    }
    assert.ok(await gone(a.pid), 'the last one out stops it');
    const log = await readFile(path.join(fresh, 'postgres.log'), 'utf8');
    assert.match(log, /database system is shut down/);
  });
});
