import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createOfficer, uploadImport } from '../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess } from '../helpers/processes.ts';
import { signIn } from '../helpers/sign-in.ts';

/**
 * `ayni start` on SIGTERM (issue #15 §4): it takes no new back-office job and waits for the running
 * ones until AYNI_JOB_DRAIN_SECONDS, then marks what is left interrupted and exits. An import
 * started over HTTP is the running job: given the time, it ends and is recorded; given none, it is
 * marked interrupted and nothing of it is kept (an import is one transaction).
 */

const PASSWORD = 'apagado ordenado del servidor';
/** Enough rows that the import is still running when the signal comes. */
const ROWS = 60_000;

let t: TestDatabase;

before(async () => {
  t = await createTestDatabase();
  await createOfficer(t.db, 'oficial', ['bono_officer'], PASSWORD);
});
after(async () => {
  await t?.dispose();
});

function personsCsv(first: number): string {
  const lines = [
    'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death',
  ];
  for (let i = 0; i < ROWS; i++) lines.push(`${first + i},,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,`);
  return lines.join('\n');
}

/** Starts an import over HTTP as an officer's browser does; returns its job id once it runs. */
async function startImport(url: string, content: string): Promise<string> {
  const http = {
    request: (input: string, init?: RequestInit) => fetch(url + input, { ...init, redirect: 'manual' }),
  };
  const o = await signIn(http, 'oficial', PASSWORD);
  const res = await uploadImport(http, o, { kind: 'persons', name: 'padron.csv', content });
  assert.equal(res.status, 303);
  const id = /trabajos\/([A-Za-z0-9_-]{22})/.exec(res.headers.get('location') ?? '')?.[1];
  assert.ok(id);
  return id;
}

async function stopped(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const began = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { code, ms: Date.now() - began };
}

async function jobRow(id: string) {
  const [row] = await t.db.query<{ state: string; error_code: string | null }>(
    'SELECT state, error_code FROM job WHERE id = $1',
    [id],
  );
  return { ...row };
}

test('given time, the running import ends and is recorded before the server exits', async () => {
  const server = await startServerProcess(t, { AYNI_JOB_DRAIN_SECONDS: '120' });
  const id = await startImport(server.url, personsCsv(1_000_000));
  const { code } = await stopped(server.child);
  assert.equal(code, 0, server.messages());
  assert.deepEqual(await jobRow(id), { state: 'succeeded', error_code: null });
  const [run] = await t.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM person WHERE ci_number >= '1000000' AND ci_number < '2000000'",
  );
  assert.equal(run?.n, ROWS, 'every row of the import is in the registry');
});

test('past the deadline, the running import is marked interrupted and nothing of it is kept', async () => {
  const server = await startServerProcess(t, { AYNI_JOB_DRAIN_SECONDS: '0' });
  const id = await startImport(server.url, personsCsv(3_000_000));
  const { code, ms } = await stopped(server.child);
  assert.equal(code, 0, server.messages());
  assert.ok(ms < 20_000, `the server left within the deadline and its grace (${ms} ms)`);
  assert.match(server.messages(), /waiting up to 0 s for 1 running job/);
  assert.match(server.messages(), /1 job\(s\) did not end in time: marked interrupted/);
  assert.deepEqual(await jobRow(id), { state: 'failed', error_code: 'job_interrupted' });
  const [n] = await t.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM person WHERE ci_number >= '3000000' AND ci_number < '4000000'",
  );
  assert.equal(n?.n, 0, 'the interrupted import left the registry as it was');
});
