import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { can } from '../../access/index.ts';
import {
  type DepositExportFailure,
  type DepositExportProgress,
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
  statusImportById,
} from '../../bono/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import { UploadedFile } from '../../routing/body.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { publicMessage } from '../../shared/errors.ts';
import { requestLog } from '../../shared/log.ts';
import { type FieldError, pageHtml } from '../components/index.ts';
import { loadActorNames } from './actor-names.ts';
import { href, OFFICE } from './backoffice.page.ts';
import {
  DEPOSITS,
  DepositMessagePage,
  DepositsOverviewPage,
  EXPORT_JOBS,
  exportJobView,
  REPLIES,
  type ReplyDetail,
  ReplyPage,
  RoundDepositsPage,
  refusalText,
} from './deposit.pages.tsx';
import { sendDownload } from './downloads.ts';
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
import { sendUnmatchedList } from './unmatched-download.ts';

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

  const page = (c: OfficeContext, html: string, status: 200 | 400 | 404 | 409 | 413 | 422 = 200) =>
    sendPage(c, html, status);
  /** A page that only says why there is nothing to show (404). */
  const messagePage = (c: OfficeContext, title: string, message: string) =>
    page(c, pageHtml(<DepositMessagePage ctx={pageContext(c)} title={title} message={message} />), 404);

  const overview = async (
    c: OfficeContext,
    o: { errors?: FieldError[]; refusal?: string; status?: 413 } = {},
  ) => {
    const ctx = pageContext(c);
    const rounds = (await listRounds(app.db)).filter(
      (r) => r.status === 'approved' || r.status === 'expired',
    );
    const recent = await listStatusImports(app.db);
    const status = o.status ?? (o.refusal ? 422 : o.errors?.length ? 400 : 200);
    return page(
      c,
      pageHtml(
        <DepositsOverviewPage
          ctx={ctx}
          rounds={rounds}
          replies={recent}
          state={{ errors: o.errors, refusal: o.refusal }}
        />,
      ),
      status,
    );
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
        errors: [{ name: 'archivo', message: pageMessages(pageContext(c).lang).deposits.tooBig }],
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
        return overview(c, { errors: [{ name: 'archivo', message: pageMessages(L).deposits.noFile }] });
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
      const words = pageMessages(ctx.lang).deposits;
      const reply = await statusImportById(app.db, params.id);
      if (!reply) return messagePage(c, words.replyTitle, words.notFound);
      const full = replies.get(query.resultado);
      // The first 100 ids while the result is remembered; the full list for as long as its file is there.
      const detail: ReplyDetail = {
        again: query.repetida !== undefined,
        result: full && full.importId === reply.id ? full : undefined,
        reasons: await rejectionsOf(app.db, reply.id),
        unmatchedFile: (await existingUnmatchedList(unmatchedDir, reply.id)) !== null,
      };
      const names = await loadActorNames(app.db);
      return page(c, pageHtml(<ReplyPage ctx={ctx} reply={reply} names={names} detail={detail} />));
    },
  });

  const roundPage = async (
    c: OfficeContext,
    roundId: number,
    o: { result?: ExportDepositsResult; refusal?: string; status?: 409 | 422 } = {},
  ) => {
    const ctx = pageContext(c);
    const words = pageMessages(ctx.lang).deposits;
    const round = await getRound(app.db, roundId);
    if (!round) return messagePage(c, words.title, words.roundNotFound);
    const progress = await roundProgress(app.db, round.id);
    const files = await depositFilesOf(app.db, round.id);
    const onDisk = new Set<number>();
    for (const f of files)
      if (!f.provisional && (await stat(path.join(depositsDir, f.fileName)).catch(() => null)))
        onDisk.add(f.id);
    const running = can(ctx.principal, 'deposits.manage')
      ? await jobs.runningWith(exportKey(round.id))
      : undefined;
    const html = pageHtml(
      <RoundDepositsPage
        ctx={ctx}
        round={round}
        progress={progress}
        files={files}
        onDisk={onDisk}
        validating={schemaPath !== undefined}
        names={await loadActorNames(app.db)}
        state={{ result: o.result, refusal: o.refusal, running }}
      />,
    );
    return page(c, html, o.refusal ? (o.status ?? 422) : 200);
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
        return roundPage(c, params.id, { refusal: pageMessages(L).deposits.notApproved, status: 409 });
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
        return messagePage(c, pageMessages(L).deposits.title, pageMessages(L).deposits.fileNotFound);
      return sendDownload(c, full, size.size, 'application/xml', file.fileName);
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
      if (!file || !size)
        return messagePage(
          c,
          pageMessages(L).deposits.replyTitle,
          pageMessages(L).deposits.unmatchedNotFound,
        );
      // The file holds reason codes: they are sent in the reader's words.
      return sendUnmatchedList(c, file, L, path.basename(file));
    },
  });
}
