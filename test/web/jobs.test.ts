import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DepositExportFailure } from '../../src/bono/deposit.failures.ts';
import type { DepositExportProgress, ExportDepositsResult } from '../../src/bono/deposit-export.types.ts';
import type { RoundCreationRunning, RoundFreezeFailure } from '../../src/bono/index.ts';
import type { Job, JobFailure, JobInterrupted } from '../../src/jobs/index.ts';
import type { RegistryFailure } from '../../src/registry/index.ts';
import type { Failure } from '../../src/shared/failure.ts';
import type { PageContext } from '../../src/web/backoffice/backoffice.page.ts';
import { type ExportJob, exportJobView } from '../../src/web/backoffice/deposit.pages.tsx';
import { importJobView } from '../../src/web/backoffice/import-job.view.tsx';
import type { ImportJob } from '../../src/web/backoffice/import-jobs.ts';
import { jobProgressHtml } from '../../src/web/backoffice/job.page.tsx';
import { type RoundJob, roundJobView } from '../../src/web/backoffice/round.pages.tsx';
import { parseHtml, textOf } from '../helpers/html.ts';

const roundJobPage = (c: PageContext, job: RoundJob) => jobProgressHtml(c, roundJobView(c, job));
const exportJobPage = (c: PageContext, job: ExportJob, validating: boolean) =>
  jobProgressHtml(c, exportJobView(c, job, validating));

/**
 * The progress pages of a round creation and of a deposit export in each state of their job
 * (src/jobs/): running with its step or phase, refused by the service, failed by a bug,
 * interrupted. The jobs themselves, on a database, are in test/jobs/job-runner.test.ts; the whole
 * operations over HTTP in backoffice.test.ts, deposit-jobs.test.ts and durable-jobs.test.ts.
 */

const NOW = new Date('2021-02-15T14:00:00Z');

/** Why a round creation's job fails: createRound's refusal, or its queue's. */
type RoundJobFailure = RoundFreezeFailure | RoundCreationRunning;

/** A job as the pages read it from the database. */
function job<P, R, F extends Failure = Failure>(
  over: Partial<Job<P, R, F>> & Pick<Job<P, R, F>, 'label'>,
): Job<P, R, F> {
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

const failed = <F extends Failure = Failure>(error: JobFailure<F>) => ({
  state: 'failed' as const,
  error,
  finishedAt: NOW,
});
const interrupted: JobInterrupted = { code: 'job_interrupted', cause: 'shutdown' };

const ctx = (lang: 'es' | 'en'): PageContext => ({
  lang,
  pathWithQuery: '/oficina/x',
  principal: null,
  csrfToken: null,
});

test('the progress page of a round: the step while running, the refusal, a generic failure, an interruption', () => {
  const round = (over: Partial<RoundJob> = {}): RoundJob =>
    job<string, { roundId: number }, RoundJobFailure>({ label: '2020-12-01', ...over });
  let html = roundJobPage(ctx('es'), round());
  assert.match(html, /<meta http-equiv="refresh" content="2"\/?>/);
  assert.match(html, /<h1[^>]*>Creando la ronda<\/h1>/);
  // A creation starts as soon as it is admitted: before its first report, its first real step.
  assert.match(html, /data-testid="round-step">Leyendo el estado del registro</);
  assert.match(html, /Ronda del 2020-12-01 — iniciada por la cuenta rosa/);
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
    round(failed<RoundJobFailure>({ code: 'regular_round_exists', roundId: 2, roundStatus: 'approved' })),
  );
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /Ya existe la ronda regular 2\./);
  assert.match(html, /href="\/oficina\/rondas\/nueva\?lang=es"/);
  assert.match(
    roundJobPage(
      ctx('en'),
      round(failed<RoundJobFailure>({ code: 'regular_round_exists', roundId: 2, roundStatus: 'approved' })),
    ),
    /Regular round 2 is approved; a person is paid once/,
  );

  html = roundJobPage(ctx('en'), round(failed({ code: 'internal' })));
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
  const exporting = (
    over: Partial<Job<DepositExportProgress, ExportDepositsResult, DepositExportFailure>> = {},
  ) =>
    job<DepositExportProgress, ExportDepositsResult, DepositExportFailure>({
      label: '7',
      key: 'round:7',
      ...over,
    });
  let html = exportJobPage(ctx('es'), exporting(), true);
  assert.match(html, /<meta http-equiv="refresh" content="2"\/?>/);
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
    exporting(failed<DepositExportFailure>({ code: 'deposit_file_exists', filePath: '/srv/deposits/x.xml' })),
    true,
  );
  assert.doesNotMatch(html, /http-equiv="refresh"/);
  assert.match(html, /role="alert"/);
  assert.match(html, /x\.xml ya existe: muévalo a otra parte o genere los archivos en otra carpeta\./);
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

test('the progress page of an import: its first real step at once, never «waiting for its turn»', () => {
  const importing = (over: Partial<ImportJob> = {}): ImportJob =>
    job({ label: 'personas.csv', kind: 'persons', ...over }) as ImportJob;
  for (const lang of ['es', 'en'] as const) {
    // Just admitted: the job runs at once, and nothing else runs before it.
    const doc = parseHtml(jobProgressHtml(ctx(lang), importJobView(ctx(lang), importing(), 'Personas')));
    const step = doc.querySelector('[data-testid=import-phase]')!;
    assert.equal(step.getAttribute('role'), 'status');
    assert.equal(textOf(step), lang === 'es' ? 'Revisando el archivo' : 'Checking the file');
    assert.doesNotMatch(textOf(doc.querySelector('main')), /Esperando su turno|Waiting for its turn/);
    assert.equal(doc.querySelector('meta[http-equiv=refresh]')?.getAttribute('content'), '2');
    assert.equal(textOf(doc.querySelector('[data-testid=rows-read]')), '0');
  }
  const loading = parseHtml(
    jobProgressHtml(
      ctx('es'),
      importJobView(
        ctx('es'),
        importing({ progress: { phase: 'load', bytesRead: 40, totalBytes: 100, rowsRead: 1234 } }),
        'Personas',
      ),
    ),
  );
  assert.equal(textOf(loading.querySelector('[data-testid=import-phase]')), 'Leyendo y validando filas');
  assert.equal(loading.querySelector('progress#bytes')?.getAttribute('value'), '40');
  assert.equal(textOf(loading.querySelector('[data-testid=rows-read]')), '1.234');

  const mismatch = parseHtml(
    jobProgressHtml(
      ctx('es'),
      importJobView(
        ctx('es'),
        importing(
          failed<RegistryFailure>({
            code: 'import_header_mismatch',
            fileName: 'personas.csv',
            kind: 'persons',
            expected: ['ci', 'nombre'],
            missing: ['nombre'],
            unexpectedCount: 11,
            found: ['ci', '<b>'],
            foundCount: 12,
            wrongOrder: false,
          }),
        ),
        'Personas',
      ),
    ),
  );
  assert.equal(mismatch.querySelector('meta[http-equiv=refresh]'), null, 'a failed job stops reloading');
  assert.deepEqual(
    mismatch.querySelectorAll('[data-testid=header-found] code').map((c) => c.text),
    ['ci', '<b>'],
  );
  const paragraphs = mismatch.querySelectorAll('[role=alert] p').map((p) => textOf(p));
  assert.ok(
    paragraphs.includes('La primera línea de personas.csv tiene 12 nombres; los primeros 2:'),
    paragraphs.join(' | '),
  );
  assert.ok(paragraphs.includes('y 10 más.'));
  assert.equal(
    mismatch.querySelector('main a[href="/oficina/importaciones?lang=es"]')?.text,
    'Volver a las importaciones',
  );
});
