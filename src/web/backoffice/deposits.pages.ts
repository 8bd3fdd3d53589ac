import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { can } from '../../access/index.ts';
import {
  type DepositExportFailure,
  type DepositExportProgress,
  type DepositSkipReason,
  depositFile,
  depositFilesOf,
  type ExportDepositsResult,
  existingUnmatchedList,
  exportDeposits,
  getRound,
  type ImportStatusResult,
  importStatus,
  listRounds,
  listStatusImports,
  rejectionsOf,
  roundProgress,
  type StatusImportRecord,
  statusImportById,
} from '../../bono/index.ts';
import { describeReason } from '../../interchange/iso20022/index.ts';
import { JOB_INTERRUPTED, type Job, type JobsShuttingDown } from '../../jobs/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import { UploadedFile } from '../../routing/body.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { publicMessage } from '../../shared/errors.ts';
import { requestLog } from '../../shared/log.ts';
import {
  type Bilingual,
  type Content,
  definitionList,
  errorSummary,
  escapeHtml,
  notice,
  raw,
  submitButton,
  t,
  table,
  textInput,
} from '../html.ts';
import {
  a,
  count,
  href,
  instant,
  money,
  num,
  OFFICE,
  officePage,
  type PageContext,
  postForm,
  specialInput,
} from './backoffice.page.ts';
import { type JobView, jobProgressHtml } from './job.page.tsx';
import { defineJobRoute } from './job.routes.tsx';
import {
  idParam,
  OFFICE_TAGS,
  type OfficeContext,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from './office.context.ts';
import { RecentResults } from './recent-results.ts';

const DEPOSITS = `${OFFICE}/depositos`;
const REPLIES = `${DEPOSITS}/respuestas`;
const EXPORT_JOBS = `${DEPOSITS}/trabajos`;

/** A deposit export running in the background: its last progress report; its answer. */
export type ExportJob = Job<DepositExportProgress, ExportDepositsResult, DepositExportFailure>;
/**
 * Exports of different rounds may run side by side, up to this many in all server processes (each
 * holds a database connection and, when validating, about three times a file in memory); one per
 * round.
 */
const MAX_RUNNING_EXPORTS = 2;
/** Finished exports remembered for their result pages; the oldest are forgotten first. */
const MAX_REMEMBERED_EXPORTS = 50;
const exportKey = (roundId: number) => `round:${roundId}`;
/** A bank reply is an XML message; even a reply for a whole round stays far below this. */
const MAX_REPLY_BYTES = 100 * 1024 * 1024;

const TEXT = {
  deposits: { es: 'Depósitos y conciliación', en: 'Deposits and reconciliation' },
  rounds: { es: 'Rondas aprobadas', en: 'Approved rounds' },
  noRounds: { es: 'No hay rondas aprobadas.', en: 'No approved rounds.' },
  round: { es: 'Ronda', en: 'Round' },
  asOf: { es: 'Fecha', en: 'Date' },
  status: { es: 'Estado', en: 'Status' },
  seeDeposits: { es: 'Depósitos de la ronda', en: 'Deposits of the round' },
  upload: { es: 'Conciliar una respuesta del banco', en: 'Reconcile a bank reply' },
  uploadIntro: {
    es: 'Un informe de estado pain.002 o una notificación camt.054. Aceptado: la persona queda pagada; rechazado: puede cobrar en ventanilla. Importar dos veces el mismo archivo no cambia nada.',
    en: 'A pain.002 status report or a camt.054 notification. Accepted: the person is paid; rejected: they may collect at a counter. Importing the same file twice changes nothing.',
  },
  file: { es: 'Archivo XML', en: 'XML file' },
  originalMessage: {
    es: 'MsgId del archivo de depósito que responde (solo si el banco no lo indica)',
    en: 'MsgId of the deposit file it answers (only when the bank does not say)',
  },
  reconcile: { es: 'Conciliar', en: 'Reconcile' },
  noFile: { es: 'Elija el archivo de respuesta del banco.', en: 'Choose the bank’s reply file.' },
  tooBig: { es: 'El archivo es demasiado grande.', en: 'The file is too large.' },
  replies: { es: 'Respuestas importadas', en: 'Replies imported' },
  noReplies: { es: 'Aún no se importó ninguna respuesta.', en: 'No reply imported yet.' },
  reply: { es: 'Respuesta del banco', en: 'Bank reply' },
  kind: { es: 'Tipo', en: 'Kind' },
  fileName: { es: 'Archivo', en: 'File' },
  messageId: { es: 'MsgId', en: 'MsgId' },
  accepted: { es: 'Aceptados (pagados)', en: 'Accepted (paid)' },
  rejected: { es: 'Rechazados', en: 'Rejected' },
  unchanged: { es: 'Sin cambio', en: 'Unchanged' },
  unmatched: { es: 'Sin correspondencia', en: 'Unmatched' },
  importedBy: { es: 'Por', en: 'By' },
  importedAt: { es: 'Importado el', en: 'Imported on' },
  sha: { es: 'SHA-256', en: 'SHA-256' },
  byReason: { es: 'Rechazos por motivo', en: 'Rejections by reason' },
  reason: { es: 'Motivo', en: 'Reason' },
  deposits_: { es: 'Depósitos', en: 'Deposits' },
  again: {
    es: 'Este archivo ya había sido importado: no cambió nada. Estas son las cifras de aquella importación.',
    en: 'This file had already been imported: nothing changed. These are the counts of that import.',
  },
  applied: { es: 'Respuesta conciliada', en: 'Reply reconciled' },
  conflicts: {
    es: 'Contradicciones (no aplicadas; revíselas con el banco)',
    en: 'Contradictions (not applied; check them with the bank)',
  },
  endToEnd: { es: 'EndToEndId', en: 'EndToEndId' },
  recorded: { es: 'Registrado', en: 'Recorded' },
  reported: { es: 'Informado', en: 'Reported' },
  detail: { es: 'Detalle', en: 'Detail' },
  unmatchedIds: { es: 'EndToEndIds sin correspondencia', en: 'Unmatched EndToEndIds' },
  unmatchedFirst: { es: 'Los primeros 100:', en: 'The first 100:' },
  unmatchedList: {
    es: 'Lista completa (CSV: línea en la respuesta, motivo, EndToEndId)',
    en: 'Full list (CSV: line in the reply, reason, EndToEndId)',
  },
  unmatchedNotFound: {
    es: 'Esa respuesta no tiene lista de estados sin correspondencia.',
    en: 'That reply has no list of unmatched statuses.',
  },
  notes: { es: 'Observaciones', en: 'Notes' },
  notFound: { es: 'No existe esa respuesta.', en: 'There is no such reply.' },
  roundDeposits: { es: 'Depósitos de la ronda', en: 'Deposits of round' },
  paidDeposit: { es: 'Pagados por depósito', en: 'Paid by deposit' },
  inFlight: {
    es: 'Depósitos en el banco (esperando respuesta)',
    en: 'Deposits at the bank (awaiting a reply)',
  },
  files: { es: 'Archivos de depósito (pain.001.001.03)', en: 'Deposit files (pain.001.001.03)' },
  noFiles: {
    es: 'Aún no se generaron archivos para esta ronda.',
    en: 'No files generated for this round yet.',
  },
  bank: { es: 'Banco', en: 'Bank' },
  txs: { es: 'Transacciones', en: 'Transactions' },
  ctrlSum: { es: 'Suma de control', en: 'Control sum' },
  createdAt: { es: 'Generado el', en: 'Generated on' },
  download: { es: 'Descargar', en: 'Download' },
  provisional: {
    es: 'incompleto (se completará en la próxima exportación)',
    en: 'incomplete (the next export completes it)',
  },
  notHere: { es: 'no está en la carpeta de la oficina', en: 'not in the back office’s folder' },
  export: { es: 'Generar los archivos de depósito', en: 'Generate the deposit files' },
  exportIntro: {
    es: 'Un archivo por banco con las personas de la ronda que cobran en su cuenta y aún no cobraron. Cada depósito queda reservado en el libro mayor hasta la respuesta del banco. Generar de nuevo envía solo lo nuevo.',
    en: 'One file per bank with the round’s persons paid into their account who are not paid yet. Each deposit is reserved in the ledger until the bank answers. Generating again sends only what is new.',
  },
  exportButton: { es: 'Generar', en: 'Generate' },
  exported: { es: 'Archivos generados', en: 'Files generated' },
  sent: { es: 'Depósitos enviados', en: 'Deposits sent' },
  sentAmount: { es: 'Monto enviado', en: 'Amount sent' },
  skipped: { es: 'No enviados ahora, por motivo', en: 'Not sent now, by reason' },
  notApproved: { es: 'Solo una ronda aprobada tiene depósitos.', en: 'Only an approved round has deposits.' },
  refused: { es: 'No se pudo completar', en: 'This could not be done' },
  roundNotFound: { es: 'No existe esa ronda.', en: 'There is no such round.' },
  fileNotFound: { es: 'Ese archivo no está disponible.', en: 'That file is not available.' },
  backToRound: { es: 'Volver a la ronda', en: 'Back to the round' },
  startedBy: { es: 'Iniciado por', en: 'Started by' },
  running: {
    es: 'Se están generando los archivos de esta ronda',
    en: 'The files of this round are being generated',
  },
  seeRunning: { es: 'Ver el avance', en: 'See the progress' },
  xsdOn: {
    es: 'Cada archivo se valida contra el esquema XSD pain.001.001.03 antes de registrarlo.',
    en: 'Each file is validated against the pain.001.001.03 XSD before it is recorded.',
  },
  xsdOff: {
    es: 'Los archivos no se validan contra el esquema XSD: no hay esquemas ISO 20022 configurados (AYNI_ISO20022_SCHEMAS).',
    en: 'Files are not validated against the XSD: no ISO 20022 schemas are configured (AYNI_ISO20022_SCHEMAS).',
  },
  validated: {
    es: 'Validados contra el XSD pain.001.001.03',
    en: 'Validated against the pain.001.001.03 XSD',
  },
  yes: { es: 'sí', en: 'yes' },
  no: { es: 'no', en: 'no' },
  noFilesNow: { es: 'no se generó ningún archivo', en: 'no file was generated' },
  filesNow: { es: 'Archivos de esta exportación', en: 'Files of this export' },
} as const satisfies Record<string, Bilingual>;

const SKIPPED: Record<DepositSkipReason, Bilingual> = {
  already_paid: { es: 'ya pagados', en: 'already paid' },
  deposit_open: { es: 'con un depósito en el banco', en: 'with a deposit at the bank' },
  collection_period_over: { es: 'fuera del plazo de cobro', en: 'collection period over' },
  bank_not_enabled: { es: 'banco no habilitado', en: 'bank not enabled' },
  account_rejected: {
    es: 'cuenta rechazada por el banco (cobran en ventanilla)',
    en: 'account rejected by the bank (collect at a counter)',
  },
  beneficiary_deceased: {
    es: 'titular fallecido según el banco',
    en: 'holder deceased according to the bank',
  },
  person_missing: { es: 'persona ya no está en el registro', en: 'person no longer in the registry' },
  account_data_invalid: {
    es: 'datos de cuenta no válidos para pain.001',
    en: 'account data not valid for pain.001',
  },
  paid_meanwhile: { es: 'pagados mientras se generaba', en: 'paid meanwhile' },
};

function replyCounts(ctx: PageContext, r: StatusImportRecord): string {
  const L = ctx.lang;
  const n = (v: bigint, id: string): Content => raw(`<span data-testid="${id}">${count(v, L)}</span>`);
  return definitionList([
    [t(TEXT.kind, L), r.kind],
    [t(TEXT.fileName, L), r.fileName],
    [t(TEXT.messageId, L), r.messageId ?? '—'],
    [t(TEXT.sha, L), raw(`<code>${escapeHtml(r.sha256)}</code>`)],
    [t(TEXT.accepted, L), n(r.accepted, 'reply-accepted')],
    [t(TEXT.rejected, L), n(r.rejected, 'reply-rejected')],
    [t(TEXT.unchanged, L), n(r.unchanged, 'reply-unchanged')],
    [t(TEXT.unmatched, L), n(r.unmatched, 'reply-unmatched')],
    [t(TEXT.importedBy, L), r.importedBy],
    [t(TEXT.importedAt, L), instant(r.importedAt)],
  ]);
}

/**
 * What the progress page of a deposit export shows (./job.page.tsx lays it out): while it runs,
 * the phase, its counts and whether files are validated; when exportDeposits refused, its reason;
 * on a bug, a generic failure. Before its first report an export is "preparing": it may be
 * completing an interrupted export or counting, and which one is not known yet. A completed job is
 * not shown: its route sends the reader to the round's files with the result.
 *
 * @example exportJobView(ctx, job, true).running?.phase // 'reserving'
 */
export function exportJobView(ctx: PageContext, job: ExportJob, validating: boolean): JobView {
  const L = ctx.lang;
  const words = pageMessages(L).jobs.exports;
  const base = {
    title: words.titleOfRound(job.label),
    section: DEPOSITS,
    head: words.head(job.startedBy, instant(job.startedAt)),
    links: [{ path: `${OFFICE}/rondas/${job.label}/depositos`, label: words.back }],
  };
  if (job.state === 'failed') {
    const error = job.error;
    const reason =
      !error || error.code === 'internal'
        ? [words.internal]
        : [error.code === JOB_INTERRUPTED ? words.interrupted : refusalText(error, L), words.failedBody];
    return { ...base, failed: { title: words.failed, reason } };
  }
  const p = job.progress;
  const phase = p
    ? p.bankBic
      ? words.phaseAtBank(words.phases[p.phase], p.bankBic)
      : words.phases[p.phase]
    : null;
  return {
    ...base,
    running: {
      step: phase ?? words.starting,
      stepTestId: 'export-phase',
      phase: p?.phase ?? 'starting',
      ...(p !== null && p.total > 0
        ? {
            bar: {
              id: 'done',
              label: words.done,
              done: p.done,
              total: p.total,
              countTestIds: ['export-done', 'export-total'] as [string, string],
            },
          }
        : {}),
      details: [[words.xsd, validating ? words.yes : words.no]],
      refresh: words.refresh,
    },
  };
}

/**
 * The progress page of a deposit export, as HTML.
 *
 * @example exportJobPage(ctx, job, true) // job.state 'running' | 'failed'
 */
export function exportJobPage(ctx: PageContext, job: ExportJob, validating: boolean): string {
  return jobProgressHtml(ctx, exportJobView(ctx, job, validating));
}

/**
 * An export's refusal, recorded with its job, or the job queue's (exports busy, the round's export
 * running, the server shutting down), in the reader's words from src/messages, with any server
 * path cut to the file's own name.
 */
function refusalText(failure: DepositExportFailure | JobsShuttingDown, lang: PageContext['lang']): string {
  return publicMessage(describeFailure(failure, lang).detail);
}

/** Deposit files per round, and reconciliation of the banks' replies. */
export function depositRoutes(router: Router, { app, access, runner }: OfficeDeps): void {
  const depositsDir = path.join(app.config.dataDir, 'deposits');
  const uploadsDir = path.join(app.config.dataDir, 'uploads');
  // Every status of a reply that matches no deposit, listed as the reply is read (bounded memory).
  const unmatchedDir = path.join(app.config.dataDir, 'status-imports');
  const schemaPath = app.config.iso20022Schemas;
  const replies = new RecentResults<ImportStatusResult>();
  const jobs = runner.queue<DepositExportProgress, ExportDepositsResult, DepositExportFailure>({
    name: 'deposit-exports',
    running: MAX_RUNNING_EXPORTS,
    remembered: MAX_REMEMBERED_EXPORTS,
    busy: () => ({ code: 'deposit_exports_busy', running: MAX_RUNNING_EXPORTS }),
    keyBusy: (j) => ({ code: 'deposit_export_running', roundId: Number(j.label) }),
    measure: (p) => ({
      done: p.done,
      total: p.total,
      message: p.bankBic ? `${p.phase} ${p.bankBic}` : p.phase,
    }),
  });
  /** A completed export of this round, for its result (the `resultado` of the deposits page). */
  const finished = async (key: string | undefined, roundId: number) => {
    const job = key === undefined ? undefined : await jobs.get(key);
    return job?.state === 'succeeded' && job.result?.roundId === roundId ? job.result : undefined;
  };

  const page = (
    c: OfficeContext,
    title: string,
    body: string,
    status: 200 | 400 | 404 | 409 | 413 | 422 = 200,
  ) => sendPage(c, officePage(pageContext(c), title, body, { section: DEPOSITS }), status);

  const overview = async (
    c: OfficeContext,
    o: { errors?: { name: string; message: string }[]; refusal?: string; status?: 413 } = {},
  ) => {
    const ctx = pageContext(c);
    const L = ctx.lang;
    const err = (name: string) => o.errors?.find((e) => e.name === name)?.message;
    const rounds = (await listRounds(app.db)).filter(
      (r) => r.status === 'approved' || r.status === 'expired',
    );
    const recent = await listStatusImports(app.db);
    const upload = can(ctx.principal, 'deposits.manage')
      ? `<h2>${t(TEXT.upload, L)}</h2><p>${t(TEXT.uploadIntro, L)}</p>
${o.refusal ? notice('err', t(TEXT.refused, L), o.refusal) : ''}${errorSummary(o.errors ?? [], L)}
${postForm(
  ctx,
  REPLIES,
  `${specialInput({ type: 'file', name: 'archivo', label: t(TEXT.file, L), accept: '.xml,application/xml,text/xml', error: err('archivo') })}
${textInput({ name: 'mensaje_original', label: t(TEXT.originalMessage, L), maxLength: 35, spellcheck: false })}
${submitButton(t(TEXT.reconcile, L))}`,
  { multipart: true },
)}`
      : '';
    const roundList =
      rounds.length === 0
        ? `<p>${t(TEXT.noRounds, L)}</p>`
        : table({
            caption: t(TEXT.rounds, L),
            columns: [
              { label: t(TEXT.round, L) },
              { label: t(TEXT.asOf, L) },
              { label: t(TEXT.status, L) },
              { label: t(TEXT.deposits_, L) },
            ],
            rows: rounds.map((r) => [
              raw(a(ctx, `${OFFICE}/rondas/${r.id}`, String(r.id))),
              r.asOf,
              r.status,
              raw(a(ctx, `${OFFICE}/rondas/${r.id}/depositos`, t(TEXT.seeDeposits, L))),
            ]),
          });
    const replyList =
      recent.length === 0
        ? `<p>${t(TEXT.noReplies, L)}</p>`
        : table({
            caption: t(TEXT.replies, L),
            columns: [
              { label: 'N.º' },
              { label: t(TEXT.kind, L) },
              { label: t(TEXT.fileName, L) },
              { label: t(TEXT.accepted, L), numeric: true },
              { label: t(TEXT.rejected, L), numeric: true },
              { label: t(TEXT.unchanged, L), numeric: true },
              { label: t(TEXT.unmatched, L), numeric: true },
              { label: t(TEXT.importedAt, L) },
            ],
            rows: recent.map((r) => [
              raw(a(ctx, `${REPLIES}/${r.id}`, String(r.id))),
              r.kind,
              r.fileName,
              num(r.accepted, L),
              num(r.rejected, L),
              num(r.unchanged, L),
              num(r.unmatched, L),
              instant(r.importedAt),
            ]),
          });
    const status = o.status ?? (o.refusal ? 422 : o.errors?.length ? 400 : 200);
    return page(c, t(TEXT.deposits, L), `${upload}${roundList}${replyList}`, status);
  };

  defineRoute(router, {
    method: 'get',
    path: '/depositos',
    operationId: 'officeDeposits',
    summary: { es: 'Depósitos y conciliación', en: 'Deposits and reconciliation' },
    description: {
      es: 'Rondas aprobadas con sus depósitos, el formulario para conciliar una respuesta del banco y las respuestas importadas.',
      en: 'Approved rounds with their deposits, the form to reconcile a bank reply, and the replies imported.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'payments.read' },
    responses: pageResponses('The deposits overview.'),
    handler: (c) => overview(c),
  });

  defineRoute(router, {
    method: 'post',
    path: '/depositos/respuestas',
    operationId: 'officeStatusImport',
    summary: { es: 'Conciliar una respuesta del banco', en: 'Reconcile a bank reply' },
    description: {
      es: 'Sube un pain.002 o camt.054 (multipart) y lo aplica (importStatus); lleva a sus cifras.',
      en: 'Uploads a pain.002 or camt.054 (multipart) and applies it (importStatus); leads to its counts.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'deposits.manage' },
    request: {
      form: z.object({
        archivo: z.union([z.instanceof(UploadedFile), z.string()]).optional(),
        mensaje_original: optionalText(100),
      }),
    },
    // Streamed to disk as it arrives, its size counted on the way (src/routing/body.ts).
    files: { directory: uploadsDir, maxFileBytes: MAX_REPLY_BYTES },
    onTooLarge: (c) =>
      overview(c, {
        errors: [{ name: 'archivo', message: t(TEXT.tooBig, pageContext(c).lang) }],
        status: 413,
      }),
    responses: pageResponses('Not used.', {
      redirect: 'Applied (or already applied): to the reply’s counts.',
      refused: 'The overview again, with what to fix or why the file was refused.',
    }),
    handler: async (c, { body }) => {
      const L = pageContext(c).lang;
      // The route removes the upload once this answers.
      const upload = body.archivo;
      if (!(upload instanceof UploadedFile) || upload.size === 0)
        return overview(c, { errors: [{ name: 'archivo', message: t(TEXT.noFile, L) }] });
      try {
        const original = (body.mensaje_original ?? '').trim();
        const imported = await importStatus(app.db, {
          filePath: upload.filePath,
          at: access.now(),
          actor: principalOf(c).actor,
          unmatchedDir,
          ...(original ? { originalMessageId: original } : {}),
        });
        // The upload's path is the server's: the officer reads the file's own name.
        if (!imported.ok)
          return overview(c, { refusal: publicMessage(describeFailure(imported.error, L).detail) });
        const result = imported.value;
        const key = replies.put(result);
        return seeOther(
          c,
          href(L, `${REPLIES}/${result.importId}`, {
            resultado: key,
            repetida: result.alreadyImported ? '1' : undefined,
          }),
        );
      } finally {
        await upload.remove();
      }
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/depositos/respuestas/:id{[0-9]+}',
    operationId: 'officeStatusImportResult',
    summary: { es: 'Cifras de una respuesta del banco', en: 'Counts of a bank reply' },
    tags: OFFICE_TAGS,
    access: { permission: 'payments.read' },
    request: { params: idParam, query: z.object({ resultado: optionalText(40), repetida: optionalText(4) }) },
    responses: pageResponses('The reply’s counts.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const reply = await statusImportById(app.db, params.id);
      if (!reply) return page(c, t(TEXT.reply, L), `<p>${t(TEXT.notFound, L)}</p>`, 404);
      const full = replies.get(query.resultado);
      const detail = full && full.importId === reply.id ? full : undefined;
      const reasons = await rejectionsOf(app.db, reply.id);
      const head =
        query.repetida !== undefined
          ? notice('info', t(TEXT.again, L))
          : detail
            ? notice('ok', t(TEXT.applied, L))
            : '';
      const byReason =
        reasons.length === 0
          ? ''
          : table({
              caption: t(TEXT.byReason, L),
              columns: [{ label: t(TEXT.reason, L) }, { label: t(TEXT.deposits_, L), numeric: true }],
              rows: reasons.map((r) => [
                r.reason === '' ? '—' : `${describeReason(r.reason)?.[L] ?? ''} (${r.reason})`,
                num(r.n, L),
              ]),
            });
      const conflicts =
        detail && detail.conflicts.length > 0
          ? table({
              caption: `${t(TEXT.conflicts, L)}: ${count(detail.conflictCount, L)}`,
              columns: [
                { label: t(TEXT.endToEnd, L) },
                { label: t(TEXT.recorded, L) },
                { label: t(TEXT.reported, L) },
                { label: t(TEXT.detail, L) },
              ],
              rows: detail.conflicts.map((x) => [x.endToEndId, x.recorded, x.reported, x.detail]),
            })
          : '';
      // The first 100 ids while the result is remembered; the full list for as long as its file is there.
      const unmatchedFile = await existingUnmatchedList(unmatchedDir, reply.id);
      const firstIds = detail?.unmatchedEndToEndIds ?? [];
      const unmatched =
        firstIds.length > 0 || unmatchedFile
          ? `<h2>${t(TEXT.unmatchedIds, L)}: ${count(reply.unmatched, L)}</h2>${
              firstIds.length > 0
                ? `<p>${firstIds.length < Number(reply.unmatched) ? `${t(TEXT.unmatchedFirst, L)} ` : ''}<code>${escapeHtml(firstIds.join(', '))}</code></p>`
                : ''
            }${unmatchedFile ? `<p>${a(ctx, `${REPLIES}/${reply.id}/sin-correspondencia`, t(TEXT.unmatchedList, L))}</p>` : ''}`
          : '';
      const notes =
        detail && detail.notes.length > 0
          ? `<h2>${t(TEXT.notes, L)}</h2><ul>${detail.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
          : '';
      return page(
        c,
        `${t(TEXT.reply, L)} ${reply.id}`,
        `${head}${replyCounts(ctx, reply)}${byReason}${conflicts}${unmatched}${notes}<p>${a(ctx, DEPOSITS, t(TEXT.deposits, L))}</p>`,
      );
    },
  });

  const roundPage = async (
    c: OfficeContext,
    roundId: number,
    o: { result?: ExportDepositsResult; refusal?: string; status?: 409 | 422 } = {},
  ) => {
    const ctx = pageContext(c);
    const L = ctx.lang;
    const round = await getRound(app.db, roundId);
    if (!round) return page(c, t(TEXT.deposits, L), `<p>${t(TEXT.roundNotFound, L)}</p>`, 404);
    const progress = await roundProgress(app.db, round.id);
    const files = await depositFilesOf(app.db, round.id);
    const mayManage = can(ctx.principal, 'deposits.manage');
    const onDisk = new Set<number>();
    for (const f of files)
      if (!f.provisional && (await stat(path.join(depositsDir, f.fileName)).catch(() => null)))
        onDisk.add(f.id);
    const fileTable =
      files.length === 0
        ? `<p>${t(TEXT.noFiles, L)}</p>`
        : table({
            caption: t(TEXT.files, L),
            columns: [
              { label: t(TEXT.fileName, L) },
              { label: t(TEXT.bank, L) },
              { label: t(TEXT.messageId, L) },
              { label: t(TEXT.txs, L), numeric: true },
              { label: t(TEXT.ctrlSum, L), numeric: true },
              { label: t(TEXT.createdAt, L) },
              { label: t(TEXT.sha, L) },
            ],
            rows: files.map((f) => [
              f.provisional
                ? `${f.fileName} — ${t(TEXT.provisional, L)}`
                : mayManage && onDisk.has(f.id)
                  ? raw(a(ctx, `${DEPOSITS}/archivos/${f.id}`, `${t(TEXT.download, L)} ${f.fileName}`))
                  : `${f.fileName}${onDisk.has(f.id) ? '' : ` (${t(TEXT.notHere, L)})`}`,
              f.bankBic,
              f.messageId,
              num(f.nbOfTxs, L),
              money(f.ctrlSumCentavos, L),
              instant(f.createdAt),
              raw(`<code>${escapeHtml(f.sha256.slice(0, 16))}…</code>`),
            ]),
          });
    const r = o.result;
    const validated = r && r.files.length > 0 && r.files.every((f) => f.validated);
    const result = r
      ? notice(
          'ok',
          t(TEXT.exported, L),
          raw(
            definitionList([
              [t(TEXT.sent, L), raw(`<span data-testid="deposits-sent">${count(r.sent, L)}</span>`)],
              [t(TEXT.sentAmount, L), money(r.sentCentavos, L)],
              [
                t(TEXT.skipped, L),
                (Object.entries(r.skipped) as [DepositSkipReason, number][])
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => `${t(SKIPPED[k], L)}: ${count(n, L)}`)
                  .join('; ') || '—',
              ],
              [
                t(TEXT.filesNow, L),
                r.files.length === 0
                  ? t(TEXT.noFilesNow, L)
                  : r.files.map((f) => `${path.basename(f.path)} (${f.bankBic})`).join('; '),
              ],
              [
                t(TEXT.validated, L),
                raw(
                  `<span data-testid="deposits-validated" data-validated="${validated ? 'yes' : 'no'}">${
                    r.files.length === 0 ? '—' : t(validated ? TEXT.yes : TEXT.no, L)
                  }</span>`,
                ),
              ],
            ]),
          ),
        )
      : '';
    const job = mayManage ? await jobs.runningWith(exportKey(round.id)) : undefined;
    const runningNote = job
      ? notice(
          'info',
          t(TEXT.running, L),
          raw(
            `<p>${t(TEXT.startedBy, L)} ${escapeHtml(job.startedBy)}, ${instant(job.startedAt)}. ${a(ctx, `${EXPORT_JOBS}/${job.id}`, t(TEXT.seeRunning, L))}</p>`,
          ),
        )
      : '';
    const xsdNote = `<p data-testid="xsd-validation" data-validating="${schemaPath ? 'yes' : 'no'}">${t(schemaPath ? TEXT.xsdOn : TEXT.xsdOff, L)}</p>`;
    const exportForm =
      mayManage && round.status === 'approved'
        ? `<h2>${t(TEXT.export, L)}</h2><p>${t(TEXT.exportIntro, L)}</p>${xsdNote}${runningNote}${postForm(
            ctx,
            `${OFFICE}/rondas/${round.id}/depositos`,
            submitButton(t(TEXT.exportButton, L)),
          )}`
        : round.status !== 'approved'
          ? `<p>${t(TEXT.notApproved, L)}</p>`
          : '';
    const body = `${result}${o.refusal ? notice('err', t(TEXT.refused, L), o.refusal) : ''}
<p>${a(ctx, `${OFFICE}/rondas/${round.id}`, `${t(TEXT.backToRound, L)} ${round.id}`)}</p>
${definitionList([
  [
    t(TEXT.paidDeposit, L),
    `${count(progress.paidDeposit.count, L)} · ${money(progress.paidDeposit.amountCentavos, L)}`,
  ],
  [
    t(TEXT.inFlight, L),
    `${count(progress.depositsInFlight.count, L)} · ${money(progress.depositsInFlight.amountCentavos, L)}`,
  ],
])}
${fileTable}
${exportForm}`;
    return page(c, `${t(TEXT.roundDeposits, L)} ${round.id}`, body, o.refusal ? (o.status ?? 422) : 200);
  };

  defineRoute(router, {
    method: 'get',
    path: '/rondas/:id{[0-9]+}/depositos',
    operationId: 'officeRoundDeposits',
    summary: { es: 'Depósitos de una ronda', en: 'Deposits of a round' },
    description: {
      es: 'Archivos de depósito generados, depósitos pagados y en curso; generar los archivos.',
      en: 'Deposit files generated, deposits paid and in flight; generate the files.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'payments.read' },
    request: { params: idParam, query: z.object({ resultado: optionalText(40) }) },
    responses: pageResponses('The round’s deposits.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const result = await finished(query.resultado, params.id);
      return roundPage(c, params.id, result ? { result } : {});
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/rondas/:id{[0-9]+}/depositos',
    operationId: 'officeDepositExport',
    summary: { es: 'Generar los archivos de depósito de una ronda', en: 'Generate a round’s deposit files' },
    description: {
      es: 'Un pain.001.001.03 por banco (exportDeposits), en segundo plano, validado contra el XSD si hay esquemas configurados; lleva a su avance. Una exportación por ronda a la vez: si ya hay una, lleva a ella.',
      en: 'One pain.001.001.03 per bank (exportDeposits) in the background, validated against the XSD when schemas are configured; leads to its progress. One export per round at a time: if one is running, leads to it.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'deposits.manage' },
    request: { params: idParam },
    responses: pageResponses('Not used.', {
      redirect: 'Started, or already running: to the progress page.',
      refused: 'The round’s deposits again, with why the export cannot start.',
      notFound: true,
    }),
    handler: async (c, { params }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const round = await getRound(app.db, params.id);
      if (round?.status !== 'approved')
        return roundPage(c, params.id, { refusal: t(TEXT.notApproved, L), status: 409 });
      // The same export already running, in any server process: follow it rather than refuse (the
      // second would send nothing new).
      const follow = async () => {
        const running = await jobs.runningWith(exportKey(round.id));
        return running ? seeOther(c, href(L, `${EXPORT_JOBS}/${running.id}`)) : undefined;
      };
      const already = await follow();
      if (already) return already;
      const actor = principalOf(c).actor;
      const at = access.now();
      // One export per round: the job is admitted under its queue's lock in the database. The job
      // ends with the export's refusal, if any, which its progress page shows.
      const started = await jobs.start(
        {
          kind: 'deposits',
          label: String(round.id),
          key: exportKey(round.id),
          startedBy: actor,
          startedAt: at,
          log: requestLog(c),
        },
        (report) =>
          exportDeposits(app.db, {
            roundId: round.id,
            outDir: depositsDir,
            at,
            actor,
            ...(schemaPath ? { schemaPath } : {}),
            onProgress: report,
          }),
      );
      if (started.ok) return seeOther(c, href(L, `${EXPORT_JOBS}/${started.value.id}`));
      // Another officer's post was admitted between the look above and this one's: follow theirs.
      const theirs = started.error.code === 'deposit_export_running' ? await follow() : undefined;
      if (theirs) return theirs;
      return roundPage(c, params.id, { refusal: refusalText(started.error, L), status: 409 });
    },
  });

  defineJobRoute(router, {
    area: '/depositos',
    operationId: 'officeDepositExportJob',
    summary: { es: 'Avance de la generación de archivos de depósito', en: 'Progress of a deposit export' },
    description: {
      es: 'Se actualiza sola cada 2 segundos sin JavaScript y muestra la fase y las cifras; al terminar lleva a los archivos de la ronda con lo enviado; si el servicio lo rechazó, muestra el motivo.',
      en: 'Refreshes itself every 2 seconds without JavaScript and shows the phase and counts; when done leads to the round’s files with what was sent; if the service refused, shows why.',
    },
    permission: 'deposits.manage',
    responses: {
      page: 'The progress page (running, or why it failed).',
      redirect: 'Done: to the round’s deposits with the result.',
      param: 'The job id the export form redirected to.',
    },
    find: (id) => jobs.get(id),
    kind: 'exports',
    section: DEPOSITS,
    succeeded: (c, ctx, job) =>
      seeOther(c, href(ctx.lang, `${OFFICE}/rondas/${job.label}/depositos`, { resultado: job.id })),
    view: (ctx, job) => exportJobView(ctx, job, schemaPath !== undefined),
  });

  defineRoute(router, {
    method: 'get',
    path: '/depositos/archivos/:id{[0-9]+}',
    operationId: 'officeDepositFile',
    summary: { es: 'Descargar un archivo de depósito', en: 'Download a deposit file' },
    description: {
      es: 'El pain.001.001.03 tal como se generó (adjunto), para enviarlo al banco.',
      en: 'The pain.001.001.03 as generated (attachment), to send to the bank.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'deposits.manage' },
    request: { params: idParam },
    responses: {
      200: { description: 'The pain.001.001.03 XML file, as an attachment.', empty: true },
      404: { description: 'No such file in the back office’s folder (page).', html: true },
    },
    handler: async (c, { params }) => {
      const L = pageContext(c).lang;
      const file = await depositFile(app.db, params.id);
      // The name comes from the database, but only a plain file name inside the folder is served.
      const full =
        file && path.basename(file.fileName) === file.fileName ? path.join(depositsDir, file.fileName) : null;
      const size = full && !file?.provisional ? await stat(full).catch(() => null) : null;
      if (!file || !full || !size)
        return page(c, t(TEXT.deposits, L), `<p>${t(TEXT.fileNotFound, L)}</p>`, 404);
      c.header('Cache-Control', 'no-store');
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Content-Type', 'application/xml');
      c.header('Content-Length', String(size.size));
      c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
      return c.body(Readable.toWeb(createReadStream(full)) as ReadableStream);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/depositos/respuestas/:id{[0-9]+}/sin-correspondencia',
    operationId: 'officeStatusImportUnmatched',
    summary: {
      es: 'Estados sin correspondencia de una respuesta del banco',
      en: 'Unmatched statuses of a bank reply',
    },
    description: {
      es: 'Cada estado de la respuesta que no corresponde a un depósito enviado (CSV: línea, motivo, EndToEndId).',
      en: 'Every status of the reply that matches no deposit sent (CSV: line, reason, EndToEndId).',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'payments.read' },
    request: { params: idParam },
    responses: pageResponses('', { file: 'The unmatched list (CSV, attachment).', notFound: true }),
    handler: async (c, { params }) => {
      const L = pageContext(c).lang;
      // The path is made from the id alone: nothing the request says names a file.
      const file = await existingUnmatchedList(unmatchedDir, params.id);
      const size = file ? await stat(file).catch(() => null) : null;
      if (!file || !size) return page(c, t(TEXT.reply, L), `<p>${t(TEXT.unmatchedNotFound, L)}</p>`, 404);
      c.header('Cache-Control', 'no-store');
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Length', String(size.size));
      c.header('Content-Disposition', `attachment; filename="${path.basename(file)}"`);
      return c.body(Readable.toWeb(createReadStream(file)) as ReadableStream);
    },
  });
}
