import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DepositExportProgress, ExportDepositsResult } from '../../src/bono/deposit-export.types.ts';
import type { Job, JobFailure } from '../../src/jobs/index.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import { exportJobPage } from '../../src/web/backoffice/deposits.pages.ts';
import { roundJobPage } from '../../src/web/backoffice/rounds.pages.ts';

/**
 * The progress pages of a round creation and of a deposit export in each state of their job
 * (src/jobs/): running with its step or phase, refused by the service, failed by a bug,
 * interrupted. The jobs themselves, on a database, are in test/jobs/job-runner.test.ts; the whole
 * operations over HTTP in backoffice.test.ts, deposit-jobs.test.ts and durable-jobs.test.ts.
 */

const NOW = new Date('2021-02-15T14:00:00Z');

/** A job as the pages read it from the database. */
function job<P, R>(over: Partial<Job<P, R>> & Pick<Job<P, R>, 'label'>): Job<P, R> {
  return {
    id: 'Q2hhY2FsdGF5YUlsbGltYW',
    kind: 'test',
    key: null,
    startedBy: 'account:rosa',
    startedAt: NOW,
    state: 'running',
    progress: null,
    done: null,
    total: null,
    message: null,
    result: null,
    error: null,
    finishedAt: null,
    ...over,
  };
}

const failed = (error: JobFailure) => ({ state: 'failed' as const, error, finishedAt: NOW });
const interrupted: JobFailure = {
  code: 'job_interrupted',
  message: 'The server stopped before this job ended; start it again.',
  details: { cause: 'shutdown' },
};

const ctx = (lang: 'es' | 'en'): PageContext => ({
  lang,
  pathWithQuery: '/oficina/x',
  principal: null,
  csrfToken: null,
});

test('the progress page of a round: the step while running, the refusal, a generic failure, an interruption', () => {
  const round = (over: Partial<Job<string, { roundId: number }>> = {}) =>
    job<string, { roundId: number }>({ label: '2020-12-01', ...over });
  let html = roundJobPage(ctx('es'), round());
  assert.match(html, /<meta http-equiv="refresh" content="2">/);
  assert.match(html, /<h1[^>]*>Creando la ronda<\/h1>/);
  assert.match(html, /data-testid="round-step">Preparando la ronda…</);
  assert.match(html, /Ronda del 2020-12-01 — iniciada por account:rosa/);
  const applying = round({ progress: 'applying the rules to the registry' });
  html = roundJobPage(ctx('es'), applying);
  assert.match(html, /data-testid="round-step">Aplicando las reglas del bono a cada persona del registro</);
  assert.match(roundJobPage(ctx('en'), applying), /data-testid="round-step">Applying the bono’s rules/);
  // A step the page does not know yet is shown as the service wrote it.
  assert.match(
    roundJobPage(ctx('en'), round({ progress: 'vacuuming <tables>' })),
    /data-testid="round-step">vacuuming &lt;tables&gt;</,
  );

  html = roundJobPage(
    ctx('es'),
    round(
      failed({
        code: 'regular_round_exists',
        message: 'Regular round 2 is approved.',
        details: { roundId: 2 },
      }),
    ),
  );
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /Ya existe la ronda regular 2\./);
  assert.match(html, /href="\/oficina\/rondas\/nueva\?lang=es"/);

  html = roundJobPage(ctx('en'), round(failed({ code: 'internal', message: '' })));
  assert.match(html, /Something went wrong on our side and the round was not created/);

  // Its server stopped before it ended: what happened, and what to do.
  html = roundJobPage(ctx('es'), round(failed(interrupted)));
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /La creación se interrumpió: el servidor se detuvo antes de que terminara/);
  assert.match(html, /no se creó\. Créela de nuevo\./);
  assert.match(html, /href="\/oficina\/rondas\/nueva\?lang=es"/);
  assert.match(
    roundJobPage(ctx('en'), round(failed(interrupted))),
    /so it was not created\. Create it again\./,
  );
});

test('the progress page of a deposit export: the phase and its counts, validation, the refusal, an interruption', () => {
  const exporting = (over: Partial<Job<DepositExportProgress, ExportDepositsResult>> = {}) =>
    job<DepositExportProgress, ExportDepositsResult>({ label: '7', key: 'round:7', ...over });
  let html = exportJobPage(ctx('es'), exporting(), true);
  assert.match(html, /<meta http-equiv="refresh" content="2">/);
  assert.match(html, /Generando los archivos de depósito — Ronda 7/);
  assert.match(html, /data-phase="starting"/);
  html = exportJobPage(
    ctx('es'),
    exporting({ progress: { phase: 'reserving', done: 16_000, total: 40_000 } }),
    true,
  );
  assert.match(html, /data-phase="reserving">Reservando los depósitos en el libro mayor/);
  assert.match(html, /data-testid="export-done">16\.000</);
  assert.match(html, /data-testid="export-total">40\.000</);
  assert.match(html, /<progress id="done" max="40000" value="16000">40 %<\/progress>/);
  assert.match(html, /Validación contra el esquema XSD<\/dt>\s*<dd>sí/);
  html = exportJobPage(
    ctx('en'),
    exporting({ progress: { phase: 'validating', done: 1, total: 3, bankBic: 'BUNIBOLX' } }),
    false,
  );
  assert.match(html, /data-phase="validating">Recording each file \(BUNIBOLX\)</);
  assert.match(html, /Validation against the XSD<\/dt>\s*<dd>no/);

  html = exportJobPage(
    ctx('es'),
    exporting(
      failed({
        code: 'deposit_file_exists',
        message: '/srv/deposits/x.xml already exists; move it away.',
        details: { path: '/srv/deposits/x.xml' },
      }),
    ),
    true,
  );
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /already exists; move it away/, 'an untranslated refusal shows the service’s message');
  assert.match(html, /href="\/oficina\/rondas\/7\/depositos\?lang=es"/);
  assert.doesNotMatch(html, /\/srv\/deposits/, 'no server path on the page');

  html = exportJobPage(ctx('es'), exporting(failed(interrupted)), true);
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(
    html,
    /La generación se interrumpió: el servidor se detuvo antes de que terminara\. Genere los archivos de nuevo\./,
  );
  assert.match(html, /la próxima exportación completa/, 'what became of deposits already reserved');
});
