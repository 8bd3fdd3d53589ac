import type { Child } from 'hono/jsx';
import { can } from '../../access/index.ts';
import type {
  ControlCell,
  Round,
  RoundCreationRunning,
  RoundFreezeFailure,
  RoundProgress,
} from '../../bono/index.ts';
import { JOB_INTERRUPTED, type Job } from '../../jobs/index.ts';
import {
  describeFailure,
  formatDate,
  formatInstant,
  formatMoney,
  formatNumber,
  pageMessages,
} from '../../messages/index.ts';
import { DEPARTMENTS, SOURCE_LIST_BY_NAME } from '../../registry/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import {
  DateInput,
  type DateParts,
  DefinitionList,
  ErrorSummary,
  type FieldError,
  Form,
  Notice,
  SubmitButton,
  Table,
  TextArea,
} from '../components/index.ts';
import { type ActorNames, actorName } from './actor-names.ts';
import { href, OFFICE, type PageContext } from './backoffice.page.ts';
import type { JobView } from './job.page.tsx';
import { OfficeLayout } from './office-layout.tsx';
import { OfficeLink } from './office-link.tsx';

/**
 * The pages of payment rounds in the back office, as components (the routes: ./round.routes.tsx;
 * the words: src/messages/<lang>/pages/rounds.ts): the list, the form to create one, a round with
 * its control totals and the approve-or-reject form, the payment progress, and what the progress
 * page of a round being created shows.
 */

export const ROUNDS = `${OFFICE}/rondas`;
export const ROUND_JOBS = `${ROUNDS}/trabajos`;

/**
 * A round being created in the background: createRound's last step; its answer, the round's id;
 * why it was refused (createRound's failure, or the queue's: a creation already running).
 */
export type RoundJob = Job<string, { roundId: number }, RoundJobFailure>;
export type RoundJobFailure = RoundFreezeFailure | RoundCreationRunning;

const departmentName = (code: number) => DEPARTMENTS.find((d) => d.code === code)?.name ?? String(code);

/** Band codes in a stable, readable order (numbers inside them compared as numbers). */
const bandOrder = (cells: readonly ControlCell[]) =>
  [...new Set(cells.map((c) => c.band))].sort((x, y) => x.localeCompare(y, 'es', { numeric: true }));

/** The notice that a round is being created, with the link to its progress. */
function RunningNotice({ ctx, job }: { ctx: PageContext; job: RoundJob }) {
  const words = pageMessages(ctx.lang).rounds;
  return (
    <Notice kind="info" title={words.running}>
      <p>
        {words.runningBody(
          formatDate(job.label as IsoDate, ctx.lang),
          actorName(job.startedBy, ctx),
          formatInstant(job.startedAt, ctx.lang),
        )}{' '}
        <OfficeLink ctx={ctx} path={`${ROUND_JOBS}/${job.id}`}>
          {words.seeRunning}
        </OfficeLink>
      </p>
    </Notice>
  );
}

/**
 * The rounds, newest first, with the link to create one (and the creation running) for a reader
 * who may.
 *
 * @example sendPage(c, pageHtml(<RoundListPage ctx={ctx} rounds={rounds} names={names} />))
 */
export function RoundListPage(p: {
  ctx: PageContext;
  rounds: readonly Round[];
  names: ActorNames;
  running?: RoundJob | undefined;
}) {
  const { ctx } = p;
  const L = ctx.lang;
  const words = pageMessages(L).rounds;
  const cols = words.columns;
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={ROUNDS}>
      {can(ctx.principal, 'rounds.create') ? (
        <>
          {p.running ? <RunningNotice ctx={ctx} job={p.running} /> : null}
          <p>
            <OfficeLink ctx={ctx} path={`${ROUNDS}/nueva`}>
              {words.newRound}
            </OfficeLink>
          </p>
        </>
      ) : null}
      {p.rounds.length === 0 ? (
        <p>{words.none}</p>
      ) : (
        <Table
          label={words.title}
          columns={[
            { label: cols.id },
            { label: cols.kind },
            { label: cols.asOf },
            { label: cols.status },
            { label: cols.entitled, numeric: true },
            { label: cols.total, numeric: true },
            { label: cols.createdBy },
            { label: cols.decidedBy },
          ]}
          rows={p.rounds.map((r) => [
            <OfficeLink ctx={ctx} path={`${ROUNDS}/${r.id}`}>
              {String(r.id)}
            </OfficeLink>,
            words.kind[r.kind],
            formatDate(r.asOf, L),
            <span data-status={r.status}>{words.status[r.status]}</span>,
            formatNumber(r.entitlementCount, L),
            formatMoney(r.totalCentavos, L),
            actorName(r.createdBy, ctx, p.names),
            r.decidedBy ? actorName(r.decidedBy, ctx, p.names) : words.none_,
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** What the form to create a round holds: the date as typed and the note. */
export interface NewRoundValues {
  date: DateParts;
  note: string;
}

/**
 * The form to create and freeze a round, with what to fix, why the last attempt was refused, and
 * the creation running if any.
 *
 * @example sendPage(c, pageHtml(<NewRoundPage ctx={ctx} values={{ date, note: '' }} />))
 */
export function NewRoundPage(p: {
  ctx: PageContext;
  values: NewRoundValues;
  errors?: readonly FieldError[];
  refusal?: string | undefined;
  running?: RoundJob | undefined;
}) {
  const { ctx } = p;
  const words = pageMessages(ctx.lang).rounds;
  const errors = p.errors ?? [];
  const err = (name: string) => errors.find((e) => e.name === name)?.message;
  return (
    <OfficeLayout ctx={ctx} title={words.newRound} section={ROUNDS}>
      <p>{words.newIntro}</p>
      {p.refusal ? <Notice kind="err" title={words.refused} children={p.refusal} /> : null}
      {p.running ? <RunningNotice ctx={ctx} job={p.running} /> : null}
      <ErrorSummary errors={[...errors]} lang={ctx.lang} />
      <Form action={href(ctx.lang, ROUNDS)} csrfToken={ctx.csrfToken}>
        <DateInput
          name="fecha"
          label={words.date}
          lang={ctx.lang}
          value={p.values.date}
          hint={words.dateHint}
          required
          error={err('fecha')}
        />
        <TextArea name="nota" label={words.note} value={p.values.note} rows={3} maxLength={4000} />
        <SubmitButton>{words.create}</SubmitButton>
      </Form>
    </OfficeLayout>
  );
}

/** The two tables of control totals: persons by department and band, persons and amounts by channel. */
function ControlTotals({ ctx, round: r }: { ctx: PageContext; round: Round }) {
  const L = ctx.lang;
  const words = pageMessages(L).rounds;
  const bands = bandOrder(r.controlTotals);
  const departments = [...new Set(r.controlTotals.map((c) => c.departmentCode))].sort((x, y) => x - y);
  const cell = (dept: number | null, band: string | null, pick: (c: ControlCell) => boolean = () => true) =>
    r.controlTotals.filter(
      (c) => (dept === null || c.departmentCode === dept) && (band === null || c.band === band) && pick(c),
    );
  const n = (cells: ControlCell[]) =>
    formatNumber(
      cells.reduce((s, c) => s + c.count, 0),
      L,
    );
  const amount = (cells: ControlCell[]) =>
    formatMoney(
      cells.reduce((s, c) => s + c.amountCentavos, 0n),
      L,
    );
  const channel = (ch: ControlCell['channel']) => (c: ControlCell) => c.channel === ch;
  return (
    <>
      <Table
        caption={words.byDepartment}
        columns={[
          { label: words.department },
          ...bands.map((b) => ({ label: b, numeric: true })),
          { label: words.allBands, numeric: true },
        ]}
        rows={departments.map((d) => [
          departmentName(d),
          ...bands.map((b) => n(cell(d, b))),
          n(cell(d, null)),
        ])}
        foot={[
          words.allBands,
          ...bands.map((b) => n(cell(null, b))),
          <strong>{formatNumber(r.entitlementCount, L)}</strong>,
        ]}
      />
      <Table
        caption={words.byDepartmentAmounts}
        columns={[
          { label: words.department },
          { label: words.counterPersons, numeric: true },
          { label: words.depositPersons, numeric: true },
          { label: words.amount, numeric: true },
        ]}
        rows={departments.map((d) => [
          departmentName(d),
          n(cell(d, null, channel('counter'))),
          n(cell(d, null, channel('deposit'))),
          amount(cell(d, null)),
        ])}
        foot={[
          words.allBands,
          n(cell(null, null, channel('counter'))),
          n(cell(null, null, channel('deposit'))),
          <strong>{formatMoney(r.totalCentavos, L)}</strong>,
        ]}
      />
    </>
  );
}

/** The registry state a round read: persons, the persons import and the lists in force. */
function RegistryState({ ctx, round }: { ctx: PageContext; round: Round }) {
  const L = ctx.lang;
  const words = pageMessages(L).rounds;
  const state = round.registryState;
  const lists = Object.entries(state.sourceLists ?? {});
  const importLink = (id: number | string) => (
    <OfficeLink ctx={ctx} path={`${OFFICE}/importaciones/${id}`}>
      {words.importNo(String(id))}
    </OfficeLink>
  );
  return (
    <>
      {words.persons(formatNumber(state.persons, L))}
      <br />
      {words.personImport} {state.personImportId === null ? words.none_ : importLink(state.personImportId)}
      {lists.length > 0 ? (
        <>
          <br />
          {words.lists}
          <ul>
            {lists.map(([name, importId]) => {
              const list = SOURCE_LIST_BY_NAME.get(name);
              // A list no longer in the catalogue keeps its stored name: it is all the round knows.
              const title = list ? (L === 'es' ? list.titleEs : list.titleEn) : name;
              return (
                <li>
                  {title}: {importLink(importId)}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** What a round's page says of the last action: created, approved, rejected, or refused. */
export interface RoundPageState {
  /** The `hecho` of the address after a redirect: `creada`, `aprobada`, `rechazada`. */
  done?: string | undefined;
  refusal?: string | undefined;
  /** The decision note as typed, shown again after a refusal. */
  note?: string | undefined;
}

/**
 * One round: its status, hash, rules version, the registry state it read, who created and decided
 * it, the control totals, and (to an approver while it is frozen) the form to approve or reject,
 * the reject button in the warning style so it does not look like approving.
 *
 * @example sendPage(c, pageHtml(<RoundPage ctx={ctx} round={round} names={names} state={{ done: 'creada' }} />))
 */
export function RoundPage({
  ctx,
  round: r,
  names,
  state: o = {},
}: {
  ctx: PageContext;
  round: Round;
  names: ActorNames;
  state?: RoundPageState;
}) {
  const L = ctx.lang;
  const words = pageMessages(L).rounds;
  const cols = words.columns;
  const items: [string, Child][] = [
    [
      cols.status,
      <strong data-testid="round-status" data-status={r.status}>
        {words.status[r.status]}
      </strong>,
    ],
    [cols.kind, words.kind[r.kind]],
    [cols.asOf, formatDate(r.asOf, L)],
    [cols.entitled, formatNumber(r.entitlementCount, L)],
    [cols.total, formatMoney(r.totalCentavos, L)],
    [words.contentHash, <code>{r.contentHash}</code>],
    [words.rulesVersion, <code>{r.rulesVersion}</code>],
    [words.registryState, <RegistryState ctx={ctx} round={r} />],
    [cols.createdBy, actorName(r.createdBy, ctx, names)],
    [words.createdAt, formatInstant(r.createdAt, L)],
    ...(r.note ? ([[words.note, r.note]] as [string, string][]) : []),
    ...(r.decidedBy
      ? ([
          [cols.decidedBy, actorName(r.decidedBy, ctx, names)],
          [words.decidedAt, r.decidedAt ? formatInstant(r.decidedAt, L) : words.none_],
          [words.decisionNote, r.decisionNote || words.none_],
        ] as [string, string][])
      : []),
    ...(r.expiredAt ? ([[words.expiredAt, formatInstant(r.expiredAt, L)]] as [string, string][]) : []),
  ];
  const mayRead = can(ctx.principal, 'payments.read');
  const links = [
    mayRead && r.status !== 'frozen' && r.status !== 'rejected' ? (
      <OfficeLink ctx={ctx} path={`${ROUNDS}/${r.id}/pagos`}>
        {words.seeProgress}
      </OfficeLink>
    ) : null,
    mayRead && r.status === 'approved' ? (
      <OfficeLink ctx={ctx} path={`${ROUNDS}/${r.id}/depositos`}>
        {words.seeDeposits}
      </OfficeLink>
    ) : null,
  ].filter((x) => x !== null);
  const done =
    o.done === 'creada' ? (
      <Notice kind="ok" title={words.created} children={words.createdBody} />
    ) : o.done === 'aprobada' ? (
      <Notice kind="ok" title={words.approved} />
    ) : o.done === 'rechazada' ? (
      <Notice kind="ok" title={words.rejected} />
    ) : null;
  return (
    <OfficeLayout ctx={ctx} title={words.round(String(r.id))} section={ROUNDS}>
      {done}
      {o.refusal ? <Notice kind="err" title={words.refused} children={o.refusal} /> : null}
      <DefinitionList items={items} />
      {links.length > 0 ? (
        <ul>
          {links.map((l) => (
            <li>{l}</li>
          ))}
        </ul>
      ) : null}
      <ControlTotals ctx={ctx} round={r} />
      {r.status === 'frozen' && can(ctx.principal, 'rounds.approve') ? (
        <>
          <h2>{words.decide}</h2>
          <p>{words.decideIntro}</p>
          <Form action={href(L, `${ROUNDS}/${r.id}/aprobar`)} csrfToken={ctx.csrfToken}>
            <TextArea
              name="nota"
              label={words.decisionNoteField}
              value={o.note ?? ''}
              rows={3}
              maxLength={4000}
            />
            <div class="bs">
              <SubmitButton>{words.approve}</SubmitButton>
              <button type="submit" class="warn" formaction={href(L, `${ROUNDS}/${r.id}/rechazar`)}>
                {words.reject}
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </OfficeLayout>
  );
}

/**
 * A round's payment progress: entitled, paid at counters and by deposit, in flight, unpaid, and
 * payments by day.
 *
 * @example sendPage(c, pageHtml(<RoundProgressPage ctx={ctx} round={round} progress={p} />))
 */
export function RoundProgressPage({
  ctx,
  round,
  progress: p,
}: {
  ctx: PageContext;
  round: Round;
  progress: RoundProgress;
}) {
  const L = ctx.lang;
  const words = pageMessages(L).rounds.progress;
  const row = (label: string, v: { count: number | bigint; amountCentavos: bigint }, id: string) => [
    label,
    <span data-testid={id}>{formatNumber(v.count, L)}</span>,
    formatMoney(v.amountCentavos, L),
  ];
  return (
    <OfficeLayout ctx={ctx} title={words.title(String(round.id))} section={ROUNDS}>
      <p>
        <OfficeLink ctx={ctx} path={`${ROUNDS}/${round.id}`}>
          {words.back(String(round.id))}
        </OfficeLink>
      </p>
      <Table
        caption={words.caption}
        columns={[
          { label: words.measure },
          { label: words.people, numeric: true },
          { label: words.amount, numeric: true },
        ]}
        rows={[
          row(words.entitled, p.entitled, 'entitled'),
          row(words.paidCounter, p.paidCounter, 'paid-counter'),
          row(words.paidDeposit, p.paidDeposit, 'paid-deposit'),
          row(words.inFlight, p.depositsInFlight, 'in-flight'),
          row(words.unpaid, p.unpaid, 'unpaid'),
        ]}
      />
      {p.byDay.length === 0 ? (
        <p>{words.noPayments}</p>
      ) : (
        <Table
          caption={words.byDay}
          columns={[
            { label: words.day },
            { label: words.counter, numeric: true },
            { label: words.deposit, numeric: true },
            { label: words.amount, numeric: true },
          ]}
          rows={p.byDay.map((d) => [
            formatDate(d.day, L),
            formatNumber(d.counter, L),
            formatNumber(d.deposit, L),
            formatMoney(d.amountCentavos, L),
          ])}
        />
      )}
    </OfficeLayout>
  );
}

/** The page of a round that does not exist (404). @example pageHtml(<RoundNotFoundPage ctx={ctx} />) */
export function RoundNotFoundPage({ ctx }: { ctx: PageContext }) {
  const words = pageMessages(ctx.lang).rounds;
  return (
    <OfficeLayout ctx={ctx} title={words.title} section={ROUNDS}>
      <p>{words.notFound}</p>
    </OfficeLayout>
  );
}

/** createRound's first step, which a round being created is at before it reports any. */
const FIRST_STEP = 'reading the registry state';

/**
 * What the progress page of a round being created shows (./job.page.tsx lays it out): while it
 * runs, createRound's step — its first one before it has reported any, since it starts at once —
 * and who started it; when createRound refused, its reason; on a bug, a generic failure. A
 * completed job is not shown: its route sends the reader to the round.
 *
 * @example roundJobView(ctx, job).running?.step // 'Leyendo el estado del registro'
 */
export function roundJobView(ctx: PageContext, job: RoundJob): JobView {
  const L = ctx.lang;
  const words = pageMessages(L).jobs.rounds;
  const steps: Readonly<Record<string, string>> = words.steps;
  const base = {
    title: words.title,
    section: ROUNDS,
    head: words.head(job.label, actorName(job.startedBy, ctx), formatInstant(job.startedAt, L)),
  };
  if (job.state === 'failed') {
    const error = job.error;
    const why =
      !error || error.code === 'internal'
        ? words.internal
        : error.code === JOB_INTERRUPTED
          ? words.interrupted
          : describeFailure(error as RoundJobFailure, L).detail;
    return {
      ...base,
      title: words.failedTitle,
      failed: { title: words.failed, reason: [why] },
      links: [
        { path: `${ROUNDS}/nueva`, label: words.backToForm },
        { path: ROUNDS, label: words.back },
      ],
    };
  }
  // createRound's steps (src/bono/round-freeze.ts) in the reader's language; another is shown as it comes.
  const step = job.progress ?? FIRST_STEP;
  return {
    ...base,
    running: { step: steps[step] ?? step, stepTestId: 'round-step', refresh: words.refresh },
    links: [],
  };
}
