import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { type JobQueueSpec, JobRunner, type JobRunnerOptions } from '../../src/jobs/index.ts';
import type { ImportProgress, ImportSummary, RegistryFailure } from '../../src/registry/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { ok, type Result } from '../../src/shared/failure.ts';
import { createOfficer, uploadImport } from '../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { holdAJob } from '../helpers/processes.ts';
import { type Session, signIn } from '../helpers/sign-in.ts';

/**
 * Back-office jobs are durable (issue #15 §4): two app instances on one database stand for two
 * server processes. A job started in one is followed, with its progress, from the other; a job
 * whose process was killed is shown interrupted with what to do; a server shutting down starts no
 * new job and waits for the running ones.
 */

const PASSWORD = 'trabajos que sobreviven';
const PERSONS_CSV = [
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death',
  '4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,',
  '6234567,,SC,Pedro,Rojas,Vaca,1962-11-20,M,070101,BO,',
].join('\n');

let t: TestDatabase;
/** The same database through a second pool: the second server's. */
let secondDb: Database;
const logged: string[] = [];
const runners: JobRunner[] = [];

function runner(db: Database, options: Partial<JobRunnerOptions> = {}): JobRunner {
  const r = new JobRunner(db, {
    now: () => new Date(),
    log: { error: (_fields, message) => logged.push(message) },
    ...options,
  });
  runners.push(r);
  return r;
}

function server(db: Database, jobs: JobRunner) {
  const app: App = {
    config: { ...loadConfig({}), dataDir: t.dir, secureCookies: false },
    db,
    rejectsDir: path.join(t.dir, 'rejects'),
    close: async () => {},
  };
  return buildHttpApp(app, { jobs });
}

/** The import queue as the back office declares it (src/web/backoffice/import-jobs.ts). */
const imports: JobQueueSpec<ImportProgress, ImportSummary, RegistryFailure> = {
  name: 'imports',
  running: 2,
  remembered: 100,
  busy: () => ({ code: 'imports_busy', running: 2 }),
  keyBusy: () => ({ code: 'imports_busy' }),
  measure: (p) => ({ done: p.bytesRead, total: p.totalBytes, message: p.phase }),
};

/** The job a queue admitted (the test's queues are never full). */
function admitted<T>(started: Result<T, unknown>): T {
  assert.ok(started.ok, `the job is admitted: ${JSON.stringify(started)}`);
  return started.value;
}

/** What the importer answers, with these figures. */
const summary = (over: Partial<ImportSummary>): ImportSummary => ({
  status: 'completed',
  importId: 1n,
  kind: 'persons',
  fileName: 'padron.csv',
  sha256: 'a'.repeat(64),
  encoding: 'utf-8',
  rowsRead: 0,
  rowsAccepted: 0,
  rowsRejected: 0,
  rowsLinkedByScore: 0,
  rowsQueued: 0,
  rowsInserted: 0,
  rowsUpdated: 0,
  rowsUnchanged: 0,
  rowsRemoved: 0,
  blankLines: 0,
  rejectsPath: null,
  loadMode: 'direct',
  elapsedMs: 1,
  ...over,
});

const held = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
};

async function page(http: ReturnType<typeof buildHttpApp>, url: string, o: Session) {
  const res = await http.request(url, { headers: { cookie: o.cookie } });
  return { status: res.status, html: await res.text() };
}

before(async () => {
  t = await createTestDatabase();
  secondDb = await openPostgres(t.url);
  await createOfficer(t.db, 'oficial', ['bono_officer'], PASSWORD);
});
after(async () => {
  for (const r of runners) await r.close(0);
  await secondDb?.close();
  await t?.dispose();
});

test('an import started on one server is followed, with its progress, on another', async () => {
  const first = runner(t.db);
  const one = server(t.db, first);
  const two = server(secondDb, runner(secondDb));
  const oficial = await signIn(one, 'oficial', PASSWORD);

  // A running import of the first server, its progress reported and not yet done.
  const op = held<ImportSummary>();
  let report: (p: ImportProgress) => void = () => {};
  const job = admitted(
    await first.queue(imports).start(
      {
        kind: 'persons',
        label: 'padron-nacional.csv',
        startedBy: 'account:oficial',
        startedAt: new Date(),
      },
      (r) => {
        report = r;
        return op.promise.then(ok);
      },
    ),
  );
  report({ phase: 'load', bytesRead: 40, totalBytes: 100, rowsRead: 1234 });
  const progress = `/oficina/importaciones/trabajos/${job.id}`;
  let seen = await page(two, progress, oficial);
  for (let i = 0; i < 100 && !seen.html.includes('>1.234<'); i++) {
    await sleep(20);
    seen = await page(two, progress, oficial);
  }
  assert.equal(seen.status, 200);
  assert.match(seen.html, /<meta http-equiv="refresh" content="2"\/?>/);
  assert.match(seen.html, /data-testid="import-phase">Leyendo y validando filas</);
  assert.match(seen.html, /data-testid="rows-read">1\.234</);
  assert.match(seen.html, /<progress id="bytes" max="100" value="40">40 %/);
  assert.match(
    (await page(two, '/oficina/importaciones', oficial)).html,
    new RegExp(`href="/oficina/importaciones/trabajos/${job.id}[^"]*">padron-nacional\\.csv</a>`),
    'the second server lists the first one’s running import',
  );
  op.resolve(
    summary({
      importId: 41n,
      fileName: 'padron-nacional.csv',
      rowsRead: 1300,
      rowsAccepted: 1290,
      rowsRejected: 10,
      rowsInserted: 1290,
    }),
  );
  for (let i = 0; i < 100 && seen.html.includes('http-equiv="refresh"'); i++) {
    await sleep(20);
    seen = await page(two, progress, oficial);
  }
  assert.match(seen.html, /Importación N\.º 41/);
  assert.match(seen.html, /data-testid="rows-accepted">1\.290</);

  // The whole operation through the first server's form, followed to its counts on the second.
  const started = await uploadImport(one, oficial, {
    kind: 'persons',
    name: 'padron.csv',
    content: PERSONS_CSV,
  });
  assert.equal(started.status, 303);
  const location = started.headers.get('location')!;
  let html = '';
  for (let i = 0; i < 300; i++) {
    html = (await page(two, location, oficial)).html;
    if (!html.includes('http-equiv="refresh"')) break;
    await sleep(50);
  }
  assert.match(html, /data-testid="rows-read">2</);
  assert.match(html, /data-testid="rows-inserted">2</);
  assert.deepEqual(logged, []);
});

test('an import whose server was killed is shown interrupted, with what to do', async () => {
  const held = await holdAJob(t.url, 'imports', 'persons', 'perdido.csv');
  const id = held.id;
  const two = server(secondDb, runner(secondDb, { staleAfterMs: 1_000 }));
  const oficial = await signIn(two, 'oficial', PASSWORD);
  const progress = `/oficina/importaciones/trabajos/${id}`;
  assert.match((await page(two, progress, oficial)).html, /data-testid="rows-read">1\.234</);

  await held.kill();
  let seen = await page(two, progress, oficial);
  for (let i = 0; i < 200 && seen.html.includes('http-equiv="refresh"'); i++) {
    await sleep(50);
    seen = await page(two, progress, oficial);
  }
  assert.equal(seen.status, 200);
  assert.doesNotMatch(seen.html, /http-equiv="refresh"/);
  assert.match(seen.html, /role="alert"/);
  assert.match(seen.html, /La importación se interrumpió: el servidor se detuvo antes de que terminara/);
  assert.match(seen.html, /Vuelva a importar el archivo\./);
  const en = await page(two, `${progress}?lang=en`, oficial);
  assert.match(en.html, /The import was interrupted: the server stopped before it ended/);
  assert.doesNotMatch(
    (await page(two, '/oficina/importaciones', oficial)).html,
    /perdido\.csv/,
    'no longer among the running imports',
  );
});

test('a server shutting down starts no new job and waits for the running one', async () => {
  const jobs = runner(t.db, { drainMs: 10_000 });
  const http = server(t.db, jobs);
  const oficial = await signIn(http, 'oficial', PASSWORD);
  const op = held<ImportSummary>();
  const job = admitted(
    await jobs
      .queue(imports)
      .start(
        { kind: 'persons', label: 'ultimo.csv', startedBy: 'account:oficial', startedAt: new Date() },
        () => op.promise.then(ok),
      ),
  );
  let closed = false;
  const closing = closeHttpApp(http).then(() => {
    closed = true;
  });
  const refused = await uploadImport(http, oficial, {
    kind: 'persons',
    name: 'tarde.csv',
    content: PERSONS_CSV,
  });
  assert.equal(refused.status, 503);
  assert.match(await refused.text(), /El servidor se está deteniendo y no inicia nuevos trabajos/);
  // Its progress page is still served while it runs; shutdown waits for it.
  assert.match((await page(http, `/oficina/importaciones/trabajos/${job.id}`, oficial)).html, /ultimo\.csv/);
  await sleep(200);
  assert.equal(closed, false, 'closing waits for the running import');
  op.resolve(summary({ status: 'already_imported', fileName: 'ultimo.csv', loadMode: 'none' }));
  await closing;
  const [row] = await t.db.query<{ state: string }>('SELECT state FROM job WHERE id = $1', [job.id]);
  assert.equal(row?.state, 'succeeded');
});
