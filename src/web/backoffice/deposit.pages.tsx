import path from 'node:path';
import type { Child } from 'hono/jsx';
import { can } from '../../access/index.ts';
import type {
  DepositExportFailure,
  DepositExportProgress,
  DepositFileRecord,
  DepositSkipReason,
  ExportDepositsResult,
  ImportStatusResult,
  Round,
  RoundProgress,
  StatusImportRecord,
} from '../../bono/index.ts';
import { JOB_INTERRUPTED, type Job, type JobsShuttingDown } from '../../jobs/index.ts';
import {
  describeConflict,
  describeFailure,
  describeStatusNote,
  formatDate,
  formatInstant,
  formatMoney,
  formatNumber,
  pageMessages,
  reasonInWords,
} from '../../messages/index.ts';
import { publicMessage } from '../../shared/errors.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  DefinitionList,
  ErrorSummary,
  type FieldError,
  FileInput,
  Form,
  Notice,
  SubmitButton,
  Table,
  TextInput,
} from '../components/index.ts';
import { type ActorNames, actorName } from './actor-names.ts';
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import type { JobView } from './job.page.tsx';
import { OfficeLayout } from './office-layout.tsx';
import { OfficeLink } from './office-link.tsx';

/**
 * The back office's deposit pages, as components (the routes: ./deposit.routes.tsx; the words:
 * src/messages/<lang>/pages/deposits.ts): the overview with the form to reconcile a bank reply, a
 * reply's counts, a round's deposit files with the form to generate them, and what the progress
 * page of an export shows.
 */

export const DEPOSITS = `${OFFICE}/depositos`;
export const REPLIES = `${DEPOSITS}/respuestas`;
export const EXPORT_JOBS = `${DEPOSITS}/trabajos`;

/** A deposit export running in the background: its last progress report; its answer. */
export type ExportJob = Job<DepositExportProgress, ExportDepositsResult, DepositExportFailure>;

/**
 * An export's refusal, recorded with its job, or the job queue's (exports busy, the round's export
 * running, the server shutting down), in the reader's words from src/messages, with any server
 * path cut to the file's own name.
 *
 * @example refusalText({ code: 'deposit_exports_busy', running: 2 }, 'es')
 */
export function refusalText(failure: DepositExportFailure | JobsShuttingDown, lang: Lang): string {
  return publicMessage(describeFailure(failure, lang).detail);
}

/**
 * A deposits page that only says something (a round, a reply or a file that does not exist).
 *
 * @example pageHtml(<DepositMessagePage ctx={ctx} title={words.title} message={words.roundNotFound} />)
 */
export function DepositMessagePage(p: { ctx: PageContext; title: string; message: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title={p.title} section={DEPOSITS}>
      <p>{p.message}</p>
    </OfficeLayout>
  );
}

/** What the overview's reconcile form says after a post: what to fix, or why the file was refused. */
export interface OverviewState {
  errors?: readonly FieldError[] | undefined;
  refusal?: string | undefined;
}

/**
 * The deposits overview: the form to reconcile a bank reply (for who may manage deposits), the
 * approved rounds with their deposits, the replies imported.
 *
 * @example pageHtml(<DepositsOverviewPage ctx={ctx} rounds={rounds} replies={recent} />)
 */
export function DepositsOverviewPage(p: {
  ctx: PageContext;
  rounds: readonly Round[];
  replies: readonly StatusImportRecord[];
  state?: OverviewState;
}) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).deposits;
  const errors = p.state?.errors ?? [];
  const err = (name: string) => errors.find((e) => e.name === name)?.message;
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={DEPOSITS}>
      {can(ctx.principal, 'deposits.manage') ? (
        <>
          <h2>{words.upload}</h2>
          <p>{words.uploadIntro}</p>
          {p.state?.refusal ? <Notice kind="err" title={words.refused} children={p.state.refusal} /> : null}
          <ErrorSummary errors={[...errors]} lang={L} />
          <Form action={href(L, REPLIES)} csrfToken={ctx.csrfToken} multipart>
            <FileInput
              name="archivo"
              label={words.file}
              accept=".xml,application/xml,text/xml"
              error={err('archivo')}
              required
            />
            <TextInput
              name="mensaje_original"
              label={words.originalMessage}
              maxLength={35}
              spellcheck={false}
            />
            <SubmitButton>{words.reconcile}</SubmitButton>
          </Form>
        </>
      ) : null}
      {p.rounds.length === 0 ? (
        <p>{words.noRounds}</p>
      ) : (
        <Table
          caption={words.rounds}
          columns={[
            { label: words.round },
            { label: words.asOf },
            { label: words.status },
            { label: words.deposits },
          ]}
          rows={p.rounds.map((r) => [
            <OfficeLink ctx={ctx} path={`${OFFICE}/rondas/${r.id}`}>
              {String(r.id)}
            </OfficeLink>,
            formatDate(r.asOf, L),
            <span data-status={r.status}>{words.roundStatus[r.status]}</span>,
            <OfficeLink ctx={ctx} path={`${OFFICE}/rondas/${r.id}/depositos`}>
              {words.seeDeposits}
            </OfficeLink>,
          ])}
        />
      )}
      {p.replies.length === 0 ? (
        <p>{words.noReplies}</p>
      ) : (
        <Table
          caption={words.replies}
          columns={[
            { label: words.replyNo },
            { label: words.kind },
            { label: words.fileName },
            { label: words.accepted, numeric: true },
            { label: words.rejected, numeric: true },
            { label: words.unchanged, numeric: true },
            { label: words.unmatched, numeric: true },
            { label: words.importedAt },
          ]}
          rows={p.replies.map((r) => [
            <OfficeLink ctx={ctx} path={`${REPLIES}/${r.id}`}>
              {String(r.id)}
            </OfficeLink>,
            words.replyKind[r.kind],
            r.fileName,
            formatNumber(r.accepted, L),
            formatNumber(r.rejected, L),
            formatNumber(r.unchanged, L),
            formatNumber(r.unmatched, L),
            formatInstant(r.importedAt, L),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** What a reply's page shows besides its counts. */
export interface ReplyDetail {
  /** The same file was imported before: nothing changed. */
  again: boolean;
  /** The full result, while the server remembers it (right after the import). */
  result?: ImportStatusResult | undefined;
  /** Rejected deposits by the bank's reason code. */
  reasons: readonly { reason: string; n: number }[];
  /** Whether the full list of unmatched statuses is there to download. */
  unmatchedFile: boolean;
}

/**
 * A bank reply's counts: kind, file, who imported it and when, accepted, rejected, unchanged,
 * unmatched; the rejections by reason, contradictions and unmatched ids when the result is at hand.
 *
 * @example pageHtml(<ReplyPage ctx={ctx} reply={reply} names={names} detail={{ again: false, reasons: [], unmatchedFile: false }} />)
 */
export function ReplyPage(p: {
  ctx: PageContext;
  reply: StatusImportRecord;
  names: ActorNames;
  detail: ReplyDetail;
}) {
  const { ctx, reply, detail: d } = p;
  const L = ctx.lang;
  const words = pageMessages(L).deposits;
  const n = (v: bigint, id: string) => <span data-testid={id}>{formatNumber(v, L)}</span>;
  const result = d.result;
  const firstIds = result?.unmatchedEndToEndIds ?? [];
  return (
    <OfficeLayout ctx={ctx} title={words.reply(String(reply.id))} section={DEPOSITS}>
      {d.again ? (
        <Notice kind="info" title={words.again} />
      ) : result ? (
        <Notice kind="ok" title={words.applied} />
      ) : null}
      <DefinitionList
        items={[
          [words.kind, words.replyKind[reply.kind]],
          [words.fileName, reply.fileName],
          [words.messageId, reply.messageId ?? words.none],
          [words.sha, <code>{reply.sha256}</code>],
          [words.accepted, n(reply.accepted, 'reply-accepted')],
          [words.rejected, n(reply.rejected, 'reply-rejected')],
          [words.unchanged, n(reply.unchanged, 'reply-unchanged')],
          [words.unmatched, n(reply.unmatched, 'reply-unmatched')],
          [words.importedBy, actorName(reply.importedBy, ctx, p.names)],
          [words.importedAt, formatInstant(reply.importedAt, L)],
        ]}
      />
      {d.reasons.length > 0 ? (
        <Table
          caption={words.byReason}
          columns={[{ label: words.reason }, { label: words.deposits, numeric: true }]}
          rows={d.reasons.map((r) => [
            r.reason === ''
              ? words.noReason
              : words.reasonWithCode(reasonInWords(r.reason, L) ?? words.unknownReason, r.reason),
            formatNumber(r.n, L),
          ])}
        />
      ) : null}
      {result && result.conflicts.length > 0 ? (
        <Table
          caption={words.conflicts(formatNumber(result.conflictCount, L))}
          columns={[
            { label: words.endToEnd },
            { label: words.recorded },
            { label: words.reported },
            { label: words.detail },
          ]}
          rows={result.conflicts.map((x) => [
            x.endToEndId,
            words.depositState[x.recorded],
            words.depositState[x.reported],
            // The bank's own codes (e.g. RJCT, AC04) worded around in the reader's language.
            describeConflict(x, L),
          ])}
        />
      ) : null}
      {firstIds.length > 0 || d.unmatchedFile ? (
        <>
          <h2>{words.unmatchedIds(formatNumber(reply.unmatched, L))}</h2>
          {firstIds.length > 0 ? (
            <p>
              {firstIds.length < Number(reply.unmatched) ? `${words.unmatchedFirst} ` : null}
              <code>{firstIds.join(', ')}</code>
            </p>
          ) : null}
          {d.unmatchedFile ? (
            <p>
              <OfficeLink ctx={ctx} path={`${REPLIES}/${reply.id}/sin-correspondencia`}>
                {words.unmatchedList}
              </OfficeLink>
            </p>
          ) : null}
        </>
      ) : null}
      {result && result.notes.length > 0 ? (
        <>
          <h2>{words.notes}</h2>
          <ul>
            {result.notes.map((note) => (
              <li>{describeStatusNote(note, L, (actor) => actorName(actor, ctx, p.names))}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <OfficeLink ctx={ctx} path={DEPOSITS}>
          {words.title}
        </OfficeLink>
      </p>
    </OfficeLayout>
  );
}

/** What a round's deposits page shows besides its files: the export just done, a refusal, the export running. */
export interface RoundDepositsState {
  result?: ExportDepositsResult | undefined;
  refusal?: string | undefined;
  running?: ExportJob | undefined;
}

/** The notice of an export just done: sent, skipped by reason, the files and whether they were validated. */
function ExportResult({ lang: L, result: r }: { lang: Lang; result: ExportDepositsResult }) {
  const words = pageMessages(L).deposits;
  const validated = r.files.length > 0 && r.files.every((f) => f.validated);
  const skipped = (Object.entries(r.skipped) as [DepositSkipReason, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => words.skippedCount(words.skippedReason[k], formatNumber(n, L)));
  return (
    <Notice kind="ok" title={words.exported}>
      <DefinitionList
        items={[
          [words.sent, <span data-testid="deposits-sent">{formatNumber(r.sent, L)}</span>],
          [words.sentAmount, formatMoney(r.sentCentavos, L)],
          [words.skipped, skipped.length > 0 ? skipped.join('; ') : words.none],
          [
            words.filesNow,
            r.files.length === 0
              ? words.noFilesNow
              : r.files.map((f) => words.fileOfBank(path.basename(f.path), f.bankBic)).join('; '),
          ],
          [
            words.validated,
            <span data-testid="deposits-validated" data-validated={validated ? 'yes' : 'no'}>
              {r.files.length === 0 ? words.none : validated ? words.yes : words.no}
            </span>,
          ],
        ]}
      />
    </Notice>
  );
}

/**
 * A round's deposits: paid and at the bank, the deposit files (downloadable by who manages
 * deposits, when the file is in the office's folder), and the form to generate them.
 *
 * @example pageHtml(<RoundDepositsPage ctx={ctx} round={round} progress={p} files={files} onDisk={onDisk} validating state={{}} names={names} />)
 */
export function RoundDepositsPage(p: {
  ctx: PageContext;
  round: Round;
  progress: RoundProgress;
  files: readonly DepositFileRecord[];
  /** The ids of the files present in the office's folder. */
  onDisk: ReadonlySet<number>;
  /** Whether files are validated against the XSD (schemas configured). */
  validating: boolean;
  names: ActorNames;
  state: RoundDepositsState;
}) {
  const { ctx, round, progress, state: o } = p;
  const L = ctx.lang;
  const words = pageMessages(L).deposits;
  const mayManage = can(ctx.principal, 'deposits.manage');
  const fileCell = (f: DepositFileRecord): Child =>
    f.provisional ? (
      words.provisional(f.fileName)
    ) : mayManage && p.onDisk.has(f.id) ? (
      <OfficeLink ctx={ctx} path={`${DEPOSITS}/archivos/${f.id}`}>
        {words.download(f.fileName)}
      </OfficeLink>
    ) : p.onDisk.has(f.id) ? (
      f.fileName
    ) : (
      words.notHere(f.fileName)
    );
  return (
    <OfficeLayout ctx={ctx} title={words.roundDeposits(String(round.id))} section={DEPOSITS}>
      {o.result ? <ExportResult lang={L} result={o.result} /> : null}
      {o.refusal ? <Notice kind="err" title={words.refused} children={o.refusal} /> : null}
      <p>
        <OfficeLink ctx={ctx} path={`${OFFICE}/rondas/${round.id}`}>
          {words.backToRound(String(round.id))}
        </OfficeLink>
      </p>
      <DefinitionList
        items={[
          [
            words.paidDeposit,
            words.countAndAmount(
              formatNumber(progress.paidDeposit.count, L),
              formatMoney(progress.paidDeposit.amountCentavos, L),
            ),
          ],
          [
            words.inFlight,
            words.countAndAmount(
              formatNumber(progress.depositsInFlight.count, L),
              formatMoney(progress.depositsInFlight.amountCentavos, L),
            ),
          ],
        ]}
      />
      {p.files.length === 0 ? (
        <p>{words.noFiles}</p>
      ) : (
        <Table
          caption={words.files}
          columns={[
            { label: words.fileName },
            { label: words.bank },
            { label: words.messageId },
            { label: words.txs, numeric: true },
            { label: words.ctrlSum, numeric: true },
            { label: words.createdAt },
            { label: words.sha },
          ]}
          rows={p.files.map((f) => [
            fileCell(f),
            f.bankBic,
            f.messageId,
            formatNumber(f.nbOfTxs, L),
            formatMoney(f.ctrlSumCentavos, L),
            formatInstant(f.createdAt, L),
            <code>{words.shaStart(f.sha256.slice(0, 16))}</code>,
          ])}
        />
      )}
      {mayManage && round.status === 'approved' ? (
        <>
          <h2>{words.export}</h2>
          <p>{words.exportIntro}</p>
          <p data-testid="xsd-validation" data-validating={p.validating ? 'yes' : 'no'}>
            {p.validating ? words.xsdOn : words.xsdOff}
          </p>
          {o.running ? (
            <Notice kind="info" title={words.running}>
              <p>
                {words.runningBody(
                  actorName(o.running.startedBy, ctx, p.names),
                  formatInstant(o.running.startedAt, L),
                )}{' '}
                <OfficeLink ctx={ctx} path={`${EXPORT_JOBS}/${o.running.id}`}>
                  {words.seeRunning}
                </OfficeLink>
              </p>
            </Notice>
          ) : null}
          <Form action={href(L, `${OFFICE}/rondas/${round.id}/depositos`)} csrfToken={ctx.csrfToken}>
            <SubmitButton>{words.exportButton}</SubmitButton>
          </Form>
        </>
      ) : round.status !== 'approved' ? (
        <p>{words.notApproved}</p>
      ) : null}
    </OfficeLayout>
  );
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
    head: words.head(actorName(job.startedBy, ctx), formatInstant(job.startedAt, L)),
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
