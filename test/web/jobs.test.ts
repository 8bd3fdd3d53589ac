import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import type { DepositExportProgress, ExportDepositsResult } from '../../src/bono/deposits.ts';
import type { Round } from '../../src/bono/index.ts';
import { UserError } from '../../src/shared/errors.ts';
import { createLogger, silentLogger } from '../../src/shared/log.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import { exportJobPage } from '../../src/web/backoffice/deposits.pages.ts';
import { Jobs } from '../../src/web/backoffice/jobs.ts';
import { roundJobPage } from '../../src/web/backoffice/rounds.pages.ts';

/**
 * The back office's background jobs (src/web/backoffice/jobs.ts) with operations the test holds
 * open, so every state is reached on purpose: running with its progress, completed, refused by the
 * service (its code and message kept), failed by a bug (nothing of it kept), one job per key, a
 * bounded number running and remembered. Then the progress pages of a round creation and of a
 * deposit export in each state, rendered from such jobs. The whole operations over HTTP are in
 * backoffice.test.ts and deposit-jobs.test.ts.
 */

/** An operation the test finishes when it chooses. */
function held<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const NOW = new Date('2021-02-15T14:00:00Z');
const limits = {
  running: 2,
  remembered: 3,
  busy: () => new UserError('busy', 'Too many running.'),
  keyBusy: (j: { label: string }) => new UserError('key_busy', `${j.label} is running.`),
};
const start = (key?: string) => ({
  kind: 'test',
  label: key ?? 'no key',
  ...(key ? { key } : {}),
  startedBy: 'account:rosa',
  startedAt: NOW,
  now: () => NOW,
  log: silentLogger(),
});

test('a job runs in the background: progress while it runs, its result when done', async () => {
  const jobs = new Jobs<string, number>(limits);
  const op = held<number>();
  let report: (p: string) => void = () => {};
  const job = jobs.start(start(), (r) => {
    report = r;
    return op.promise;
  });
  assert.equal(job.state, 'running');
  assert.equal(job.progress, null);
  assert.match(job.id, /^[A-Za-z0-9_-]{22}$/);
  report('step one');
  assert.equal(jobs.get(job.id)?.progress, 'step one');
  assert.deepEqual(jobs.active(), [job]);
  op.resolve(42);
  await tick();
  assert.equal(job.state, 'completed');
  assert.equal(job.result, 42);
  assert.equal(job.error, null);
  assert.deepEqual(job.finishedAt, NOW);
  assert.deepEqual(jobs.active(), []);
});

test('a refusal keeps its code, message and details; a bug keeps nothing and is logged', async () => {
  const jobs = new Jobs<string, number>(limits);
  const refused = jobs.start(start(), async () => {
    throw new UserError('regular_round_exists', 'Regular round 2 is approved.', { roundId: 2 });
  });
  const logged: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    destination: { write: (l: string) => logged.push(JSON.parse(l)) },
  });
  const bug = jobs.start({ ...start(), log }, async () => {
    throw new Error('relation "bono_round" does not exist');
  });
  await tick();
  assert.equal(refused.state, 'failed');
  assert.deepEqual(refused.error, {
    code: 'regular_round_exists',
    message: 'Regular round 2 is approved.',
    details: { roundId: 2 },
  });
  assert.equal(bug.state, 'failed');
  assert.deepEqual(bug.error, { code: 'internal', message: '' });
  assert.equal(logged.length, 1);
  assert.equal(logged[0]!['job'], bug.id);
  assert.equal(logged[0]!['kind'], 'test');
  assert.match(String((logged[0]!['err'] as { message: string }).message), /bono_round/);
});

test('one running job per key, a bounded number running, a bounded number remembered', async () => {
  const jobs = new Jobs<string, number>(limits);
  const first = held<number>();
  const a = jobs.start(start('round:1'), () => first.promise);
  assert.throws(
    () => jobs.start(start('round:1'), () => Promise.resolve(0)),
    (e: UserError) => e.code === 'key_busy' && /round:1 is running/.test(e.message),
  );
  assert.equal(jobs.runningWith('round:1'), a);
  const second = held<number>();
  jobs.start(start('round:2'), () => second.promise);
  assert.throws(
    () => jobs.checkCanStart('round:3'),
    (e: UserError) => e.code === 'busy',
  );
  assert.throws(
    () => jobs.start(start(), () => Promise.resolve(0)),
    (e: UserError) => e.code === 'busy',
  );
  first.resolve(1);
  await tick();
  // Once it is done, the key is free again.
  assert.equal(jobs.runningWith('round:1'), undefined);
  const again = jobs.start(start('round:1'), () => Promise.resolve(2));
  await tick();
  assert.equal(again.result, 2);
  // Finished jobs beyond the limit are forgotten, oldest first; a running job never is.
  const done = [jobs.start(start(), () => Promise.resolve(3))];
  await tick();
  done.push(jobs.start(start(), () => Promise.resolve(4)));
  await tick();
  assert.equal(jobs.get(a.id), undefined, 'the oldest finished job is forgotten');
  assert.equal(jobs.get(again.id), undefined);
  assert.ok(jobs.runningWith('round:2'), 'the running job is kept');
  assert.ok(done.every((j) => jobs.get(j.id)));
  second.resolve(5);
  await tick();
});

const ctx = (lang: 'es' | 'en'): PageContext => ({
  lang,
  pathWithQuery: '/oficina/x',
  principal: null,
  csrfToken: null,
});

test('the progress page of a round: the step while running, the refusal or a generic failure', async () => {
  const jobs = new Jobs<string, Round>(limits);
  const op = held<Round>();
  let report: (p: string) => void = () => {};
  const job = jobs.start({ ...start(), label: '2020-12-01' }, (r) => {
    report = r;
    return op.promise;
  });
  let html = roundJobPage(ctx('es'), job);
  assert.match(html, /<meta http-equiv="refresh" content="2">/);
  assert.match(html, /<h1[^>]*>Creando la ronda<\/h1>/);
  assert.match(html, /data-testid="round-step">Preparando la ronda…</);
  assert.match(html, /Ronda del 2020-12-01 — iniciada por account:rosa/);
  report('applying the rules to the registry');
  html = roundJobPage(ctx('es'), job);
  assert.match(html, /data-testid="round-step">Aplicando las reglas del bono a cada persona del registro</);
  assert.match(roundJobPage(ctx('en'), job), /data-testid="round-step">Applying the bono’s rules/);
  // A step the page does not know yet is shown as the service wrote it.
  report('vacuuming <tables>');
  assert.match(roundJobPage(ctx('en'), job), /data-testid="round-step">vacuuming &lt;tables&gt;</);

  op.reject(new UserError('regular_round_exists', 'Regular round 2 is approved.', { roundId: 2 }));
  await tick();
  html = roundJobPage(ctx('es'), job);
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /Ya existe la ronda regular 2\./);
  assert.match(html, /href="\/oficina\/rondas\/nueva\?lang=es"/);

  const bug = jobs.start(start(), async () => {
    throw new Error('secret internals at /srv/ayni');
  });
  await tick();
  html = roundJobPage(ctx('en'), bug);
  assert.match(html, /Something went wrong on our side and the round was not created/);
  assert.doesNotMatch(html, /secret internals/);
});

test('the progress page of a deposit export: the phase and its counts, validation, the refusal', async () => {
  const jobs = new Jobs<DepositExportProgress, ExportDepositsResult>(limits);
  const op = held<ExportDepositsResult>();
  let report: (p: DepositExportProgress) => void = () => {};
  const job = jobs.start({ ...start('round:7'), label: '7' }, (r) => {
    report = r;
    return op.promise;
  });
  let html = exportJobPage(ctx('es'), job, true);
  assert.match(html, /<meta http-equiv="refresh" content="2">/);
  assert.match(html, /Generando los archivos de depósito — Ronda 7/);
  assert.match(html, /data-phase="starting"/);
  report({ phase: 'reserving', done: 16_000, total: 40_000 });
  html = exportJobPage(ctx('es'), job, true);
  assert.match(html, /data-phase="reserving">Reservando los depósitos en el libro mayor/);
  assert.match(html, /data-testid="export-done">16\.000</);
  assert.match(html, /data-testid="export-total">40\.000</);
  assert.match(html, /<progress id="done" max="40000" value="16000">40 %<\/progress>/);
  assert.match(html, /Validación contra el esquema XSD<\/dt>\s*<dd>sí/);
  report({ phase: 'validating', done: 1, total: 3, bankBic: 'BUNIBOLX' });
  html = exportJobPage(ctx('en'), job, false);
  assert.match(html, /data-phase="validating">Recording each file \(BUNIBOLX\)</);
  assert.match(html, /Validation against the XSD<\/dt>\s*<dd>no/);

  op.reject(
    new UserError('deposit_file_exists', '/srv/deposits/x.xml already exists; move it away.', {
      path: '/srv/deposits/x.xml',
    }),
  );
  await tick();
  html = exportJobPage(ctx('es'), job, true);
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /already exists; move it away/, 'an untranslated refusal shows the service’s message');
  assert.match(html, /href="\/oficina\/rondas\/7\/depositos\?lang=es"/);
});
