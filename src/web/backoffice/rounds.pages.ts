import { z } from 'zod';
import { can } from '../../access/index.ts';
import type {
  ControlCell,
  Round,
  RoundCreationRunning,
  RoundFreezeFailure,
  RoundStatus,
} from '../../bono/index.ts';
import {
  approveRound,
  createRound,
  getRound,
  listRounds,
  rejectRound,
  roundProgress,
} from '../../bono/index.ts';
import { JOB_INTERRUPTED, type Job } from '../../jobs/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import { DEPARTMENTS, SOURCE_LIST_BY_NAME } from '../../registry/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { toIsoDateInBolivia } from '../../shared/dates.ts';
import { ok } from '../../shared/failure.ts';
import { requestLog } from '../../shared/log.ts';
import {
  type Bilingual,
  type Content,
  dateInput,
  definitionList,
  errorSummary,
  escapeHtml,
  notice,
  raw,
  readDate,
  submitButton,
  t,
  table,
  textArea,
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
} from './backoffice.page.ts';
import { type JobView, jobProgressHtml } from './job.page.tsx';
import { defineJobRoute } from './job.routes.tsx';
import {
  dateFields,
  idParam,
  OFFICE_TAGS,
  type OfficeDeps,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from './office.context.ts';

const ROUNDS = `${OFFICE}/rondas`;

/** The statuses a page answers with (a refusal's come from src/messages, all of them among these). */
type PageStatus = Parameters<typeof sendPage>[2];
const ROUND_JOBS = `${ROUNDS}/trabajos`;

/**
 * A round being created in the background: createRound's last step; its answer, the round's id;
 * why it was refused (createRound's failure, or the queue's: a creation already running).
 */
export type RoundJob = Job<string, { roundId: number }, RoundJobFailure>;
type RoundJobFailure = RoundFreezeFailure | RoundCreationRunning;
/**
 * Round creations remembered for their progress pages. One runs at a time, in all server processes
 * (the key below): createRound locks the rounds table anyway, and a second creation would only
 * queue behind it holding another connection.
 */
const MAX_REMEMBERED_ROUND_JOBS = 20;
const ROUND_JOB_KEY = 'round';

const TEXT = {
  rounds: { es: 'Rondas de pago', en: 'Payment rounds' },
  none: { es: 'Aún no hay rondas.', en: 'No rounds yet.' },
  newRound: { es: 'Crear una ronda', en: 'Create a round' },
  newIntro: {
    es: 'Se aplican las reglas del bono al registro en la fecha indicada y la ronda queda congelada: personas, montos, ventanas y totales de control. Otro funcionario debe aprobarla antes de pagar.',
    en: 'The bono’s rules are applied to the registry on the date given and the round is frozen: persons, amounts, windows and control totals. Another officer must approve it before anything is paid.',
  },
  date: { es: 'Fecha de la ronda', en: 'Round date' },
  dateHint: {
    es: 'La fecha en que se evalúan las reglas (edad, listas vigentes).',
    en: 'The date the rules are evaluated on (age, lists in force).',
  },
  badDate: {
    es: 'Escriba una fecha válida: día, mes y año.',
    en: 'Enter a valid date: day, month and year.',
  },
  note: { es: 'Nota (opcional)', en: 'Note (optional)' },
  create: { es: 'Crear y congelar la ronda', en: 'Create and freeze the round' },
  refused: { es: 'No se pudo completar', en: 'This could not be done' },
  id: { es: 'N.º', en: 'No.' },
  kind: { es: 'Tipo', en: 'Kind' },
  asOf: { es: 'Fecha', en: 'Date' },
  status: { es: 'Estado', en: 'Status' },
  entitled: { es: 'Con derecho', en: 'Entitled' },
  total: { es: 'Monto total', en: 'Total amount' },
  createdBy: { es: 'Creada por', en: 'Created by' },
  createdAt: { es: 'Creada el', en: 'Created on' },
  decidedBy: { es: 'Decidida por', en: 'Decided by' },
  decidedAt: { es: 'Decidida el', en: 'Decided on' },
  decisionNote: { es: 'Nota de la decisión', en: 'Decision note' },
  expiredAt: { es: 'Vencida el', en: 'Expired on' },
  round: { es: 'Ronda', en: 'Round' },
  contentHash: { es: 'Huella del contenido (SHA-256)', en: 'Content hash (SHA-256)' },
  rulesVersion: { es: 'Versión de las reglas', en: 'Rules version' },
  registryState: { es: 'Estado del registro leído', en: 'Registry state read' },
  persons: { es: 'personas en el registro', en: 'persons in the registry' },
  personImport: { es: 'última importación de personas', en: 'last persons import' },
  lists: { es: 'Listas vigentes', en: 'Lists in force' },
  byDepartment: {
    es: 'Totales de control por departamento y ventana (grupo de edad)',
    en: 'Control totals by department and window (age band)',
  },
  byDepartmentAmounts: {
    es: 'Totales de control por departamento y canal',
    en: 'Control totals by department and channel',
  },
  department: { es: 'Departamento', en: 'Department' },
  counter: { es: 'Ventanilla', en: 'Counter' },
  deposit: { es: 'Depósito', en: 'Deposit' },
  allBands: { es: 'Total', en: 'Total' },
  decide: { es: 'Aprobar o rechazar', en: 'Approve or reject' },
  decideIntro: {
    es: 'Revise los totales de control. Al aprobar, el total pasa de las líneas de financiamiento a la cuenta por pagar y comienzan los pagos. Quien creó la ronda no puede decidirla.',
    en: 'Check the control totals. Approving moves the total from the funding lines to entitlements payable and opens payment. Whoever created the round cannot decide it.',
  },
  decisionNoteField: { es: 'Nota (obligatoria para rechazar)', en: 'Note (required to reject)' },
  approve: { es: 'Aprobar la ronda', en: 'Approve the round' },
  reject: { es: 'Rechazar la ronda', en: 'Reject the round' },
  progress: { es: 'Avance de los pagos', en: 'Payment progress' },
  seeProgress: { es: 'Ver el avance de los pagos', en: 'See payment progress' },
  seeDeposits: { es: 'Depósitos de esta ronda', en: 'Deposits of this round' },
  created: { es: 'Ronda creada y congelada', en: 'Round created and frozen' },
  createdBody: {
    es: 'Otro funcionario con el rol de aprobador debe revisarla y aprobarla.',
    en: 'Another officer with the approver role must review and approve it.',
  },
  approved: { es: 'Ronda aprobada: los pagos pueden comenzar', en: 'Round approved: payment may begin' },
  rejected: { es: 'Ronda rechazada', en: 'Round rejected' },
  notFound: { es: 'No existe esa ronda.', en: 'There is no such round.' },
  measure: { es: 'Concepto', en: 'Measure' },
  people: { es: 'Personas', en: 'Persons' },
  amount: { es: 'Monto', en: 'Amount' },
  paidCounter: { es: 'Pagado en ventanilla', en: 'Paid at a counter' },
  paidDeposit: { es: 'Pagado por depósito', en: 'Paid by deposit' },
  inFlight: { es: 'Depósitos en curso', en: 'Deposits in flight' },
  unpaid: { es: 'Sin cobrar', en: 'Unpaid' },
  byDay: { es: 'Pagos por día (hora de Bolivia)', en: 'Payments by day (Bolivia time)' },
  day: { es: 'Día', en: 'Day' },
  noPayments: { es: 'Aún no hay pagos en esta ronda.', en: 'No payments in this round yet.' },
  backToRound: { es: 'Volver a la ronda', en: 'Back to the round' },
  creatingBy: { es: 'Ronda del', en: 'Round as of' },
  startedBy: { es: 'iniciada por', en: 'started by' },
  running: { es: 'Se está creando una ronda', en: 'A round is being created' },
  seeRunning: { es: 'Ver su avance', en: 'See its progress' },
} as const satisfies Record<string, Bilingual>;

const STATUS: Record<RoundStatus, Bilingual> = {
  frozen: { es: 'congelada, espera aprobación', en: 'frozen, awaiting approval' },
  approved: { es: 'aprobada', en: 'approved' },
  rejected: { es: 'rechazada', en: 'rejected' },
  expired: { es: 'vencida', en: 'expired' },
};
const KIND: Record<Round['kind'], Bilingual> = {
  regular: { es: 'regular', en: 'regular' },
  supplementary: { es: 'complementaria', en: 'supplementary' },
};

const departmentName = (code: number) => DEPARTMENTS.find((d) => d.code === code)?.name ?? String(code);

/** Band codes in a stable, readable order (numbers inside them compared as numbers). */
const bandOrder = (cells: readonly ControlCell[]) =>
  [...new Set(cells.map((c) => c.band))].sort((x, y) => x.localeCompare(y, 'es', { numeric: true }));

function roundsTable(ctx: PageContext, rounds: readonly Round[]): string {
  const L = ctx.lang;
  return table({
    columns: [
      { label: t(TEXT.id, L) },
      { label: t(TEXT.kind, L) },
      { label: t(TEXT.asOf, L) },
      { label: t(TEXT.status, L) },
      { label: t(TEXT.entitled, L), numeric: true },
      { label: t(TEXT.total, L), numeric: true },
      { label: t(TEXT.createdBy, L) },
      { label: t(TEXT.decidedBy, L) },
    ],
    rows: rounds.map((r) => [
      raw(a(ctx, `${ROUNDS}/${r.id}`, String(r.id))),
      t(KIND[r.kind], L),
      r.asOf,
      raw(`<span data-status="${r.status}">${escapeHtml(t(STATUS[r.status], L))}</span>`),
      num(r.entitlementCount, L),
      money(r.totalCentavos, L),
      r.createdBy,
      r.decidedBy ?? '—',
    ]),
  });
}

/** The notice that a round is being created, with the link to its progress. */
function runningNotice(ctx: PageContext, job: RoundJob): string {
  const L = ctx.lang;
  return notice(
    'info',
    t(TEXT.running, L),
    raw(
      `<p>${t(TEXT.creatingBy, L)} ${escapeHtml(job.label)}, ${t(TEXT.startedBy, L)} ${escapeHtml(job.startedBy)} (${instant(job.startedAt)}). ${a(ctx, `${ROUND_JOBS}/${job.id}`, t(TEXT.seeRunning, L))}</p>`,
    ),
  );
}

function newRoundPage(
  ctx: PageContext,
  values: { date: { day: string; month: string; year: string }; note: string },
  errors: { name: string; message: string }[] = [],
  refusal?: string,
  running?: RoundJob,
): string {
  const L = ctx.lang;
  const err = (name: string) => errors.find((e) => e.name === name)?.message;
  const body = `<p>${t(TEXT.newIntro, L)}</p>
${refusal ? notice('err', t(TEXT.refused, L), refusal) : ''}${running ? runningNotice(ctx, running) : ''}${errorSummary(errors, L)}
${postForm(
  ctx,
  ROUNDS,
  `${dateInput({ name: 'fecha', label: t(TEXT.date, L), lang: L, value: values.date, hint: t(TEXT.dateHint, L), required: true, error: err('fecha') })}
${textArea({ name: 'nota', label: t(TEXT.note, L), value: values.note, rows: 3, maxLength: 4000 })}
${submitButton(t(TEXT.create, L))}`,
)}`;
  return officePage(ctx, t(TEXT.newRound, L), body, { section: ROUNDS });
}

function controlTotals(ctx: PageContext, r: Round): string {
  const L = ctx.lang;
  const bands = bandOrder(r.controlTotals);
  const departments = [...new Set(r.controlTotals.map((c) => c.departmentCode))].sort((x, y) => x - y);
  const cell = (dept: number | null, band: string | null, pick: (c: ControlCell) => boolean = () => true) =>
    r.controlTotals.filter(
      (c) => (dept === null || c.departmentCode === dept) && (band === null || c.band === band) && pick(c),
    );
  const n = (cells: ControlCell[]) => cells.reduce((s, c) => s + c.count, 0);
  const amount = (cells: ControlCell[]) => cells.reduce((s, c) => s + c.amountCentavos, 0n);
  const byBand = table({
    caption: t(TEXT.byDepartment, L),
    columns: [
      { label: t(TEXT.department, L) },
      ...bands.map((b) => ({ label: b, numeric: true })),
      { label: t(TEXT.allBands, L), numeric: true },
    ],
    rows: [
      ...departments.map((d) => [
        departmentName(d),
        ...bands.map((b) => num(n(cell(d, b)), L)),
        num(n(cell(d, null)), L),
      ]),
      [
        raw(`<strong>${t(TEXT.allBands, L)}</strong>`),
        ...bands.map((b) => num(n(cell(null, b)), L)),
        raw(`<strong>${count(r.entitlementCount, L)}</strong>`),
      ],
    ],
  });
  const channel = (ch: ControlCell['channel']) => (c: ControlCell) => c.channel === ch;
  const byChannel = table({
    caption: t(TEXT.byDepartmentAmounts, L),
    columns: [
      { label: t(TEXT.department, L) },
      { label: `${t(TEXT.counter, L)} · ${t(TEXT.people, L)}`, numeric: true },
      { label: `${t(TEXT.deposit, L)} · ${t(TEXT.people, L)}`, numeric: true },
      { label: t(TEXT.amount, L), numeric: true },
    ],
    rows: [
      ...departments.map((d) => [
        departmentName(d),
        num(n(cell(d, null, channel('counter'))), L),
        num(n(cell(d, null, channel('deposit'))), L),
        money(amount(cell(d, null)), L),
      ]),
      [
        raw(`<strong>${t(TEXT.allBands, L)}</strong>`),
        num(n(cell(null, null, channel('counter'))), L),
        num(n(cell(null, null, channel('deposit'))), L),
        raw(`<strong>${money(r.totalCentavos, L)}</strong>`),
      ],
    ],
  });
  return `${byBand}\n${byChannel}`;
}

function roundPage(
  ctx: PageContext,
  r: Round,
  o: { done?: string; refusal?: string; note?: string } = {},
): string {
  const L = ctx.lang;
  const state = r.registryState;
  const lists = Object.entries(state.sourceLists ?? {})
    .map(([name, importId]) => {
      const list = SOURCE_LIST_BY_NAME.get(name);
      const title = list ? (L === 'es' ? list.titleEs : list.titleEn) : name;
      return `<li>${escapeHtml(title)}: ${a(ctx, `${OFFICE}/importaciones/${importId}`, String(importId))}</li>`;
    })
    .join('');
  const registry = raw(
    `${count(state.persons, L)} ${t(TEXT.persons, L)}; ${t(TEXT.personImport, L)}: ${
      state.personImportId === null
        ? '—'
        : a(ctx, `${OFFICE}/importaciones/${state.personImportId}`, String(state.personImportId))
    }${lists ? `<br>${t(TEXT.lists, L)}:<ul>${lists}</ul>` : ''}`,
  );
  const items: [string, Content][] = [
    [
      t(TEXT.status, L),
      raw(
        `<strong data-testid="round-status" data-status="${r.status}">${escapeHtml(t(STATUS[r.status], L))}</strong>`,
      ),
    ],
    [t(TEXT.kind, L), t(KIND[r.kind], L)],
    [t(TEXT.asOf, L), r.asOf],
    [t(TEXT.entitled, L), count(r.entitlementCount, L)],
    [t(TEXT.total, L), money(r.totalCentavos, L)],
    [t(TEXT.contentHash, L), raw(`<code>${escapeHtml(r.contentHash)}</code>`)],
    [t(TEXT.rulesVersion, L), raw(`<code>${escapeHtml(r.rulesVersion)}</code>`)],
    [t(TEXT.registryState, L), registry],
    [t(TEXT.createdBy, L), r.createdBy],
    [t(TEXT.createdAt, L), instant(r.createdAt)],
    ...(r.note ? ([[t(TEXT.note, L), r.note]] as [string, Content][]) : []),
    ...(r.decidedBy
      ? ([
          [t(TEXT.decidedBy, L), r.decidedBy],
          [t(TEXT.decidedAt, L), instant(r.decidedAt)],
          [t(TEXT.decisionNote, L), r.decisionNote || '—'],
        ] as [string, Content][])
      : []),
    ...(r.expiredAt ? ([[t(TEXT.expiredAt, L), instant(r.expiredAt)]] as [string, Content][]) : []),
  ];
  const decide =
    r.status === 'frozen' && can(ctx.principal, 'rounds.approve')
      ? `<h2>${t(TEXT.decide, L)}</h2>
<p>${t(TEXT.decideIntro, L)}</p>
${postForm(
  ctx,
  `${ROUNDS}/${r.id}/aprobar`,
  `${textArea({ name: 'nota', label: t(TEXT.decisionNoteField, L), value: o.note ?? '', rows: 3, maxLength: 4000 })}
${submitButton(t(TEXT.approve, L))} <button type="submit" formaction="${escapeHtml(href(L, `${ROUNDS}/${r.id}/rechazar`))}">${t(TEXT.reject, L)}</button>`,
)}`
      : '';
  const links = [
    can(ctx.principal, 'payments.read') && r.status !== 'frozen' && r.status !== 'rejected'
      ? a(ctx, `${ROUNDS}/${r.id}/pagos`, t(TEXT.seeProgress, L))
      : '',
    can(ctx.principal, 'payments.read') && r.status === 'approved'
      ? a(ctx, `${ROUNDS}/${r.id}/depositos`, t(TEXT.seeDeposits, L))
      : '',
  ].filter((x) => x !== '');
  const done =
    o.done === 'creada'
      ? notice('ok', t(TEXT.created, L), t(TEXT.createdBody, L))
      : o.done === 'aprobada'
        ? notice('ok', t(TEXT.approved, L))
        : o.done === 'rechazada'
          ? notice('ok', t(TEXT.rejected, L))
          : '';
  const body = `${done}${o.refusal ? notice('err', t(TEXT.refused, L), o.refusal) : ''}
${definitionList(items)}
${links.length ? `<p>${links.join(' · ')}</p>` : ''}
${controlTotals(ctx, r)}
${decide}`;
  return officePage(ctx, `${t(TEXT.round, L)} ${r.id}`, body, { section: ROUNDS });
}

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
    head: words.head(job.label, job.startedBy, instant(job.startedAt)),
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

/** createRound's first step, which a round being created is at before it reports any. */
const FIRST_STEP = 'reading the registry state';

/**
 * The progress page of a round being created, as HTML.
 *
 * @example roundJobPage(ctx, job) // job.state 'running' | 'failed'
 */
export function roundJobPage(ctx: PageContext, job: RoundJob): string {
  return jobProgressHtml(ctx, roundJobView(ctx, job));
}

function notFoundPage(c: Parameters<typeof sendPage>[0]) {
  const ctx = pageContext(c);
  return sendPage(
    c,
    officePage(ctx, t(TEXT.rounds, ctx.lang), `<p>${t(TEXT.notFound, ctx.lang)}</p>`, { section: ROUNDS }),
    404,
  );
}

/** Rounds: list, create (in the background, followed on a progress page), detail with control totals, approve or reject, payment progress. */
export function roundRoutes(router: Router, { app, access, runner }: OfficeDeps): void {
  const jobs = runner.queue<string, { roundId: number }, RoundJobFailure>({
    name: 'rounds',
    running: 1,
    remembered: MAX_REMEMBERED_ROUND_JOBS,
    busy: () => ({ code: 'round_creation_running' }),
    keyBusy: () => ({ code: 'round_creation_running' }),
    measure: (step) => ({ message: step }),
  });
  /** The round being created, shown to readers who may create one (the progress page's permission). */
  const running = async (ctx: PageContext) =>
    can(ctx.principal, 'rounds.create') ? await jobs.runningWith(ROUND_JOB_KEY) : undefined;

  defineRoute(router, {
    method: 'get',
    path: '/rondas',
    operationId: 'officeRounds',
    summary: { es: 'Rondas de pago', en: 'Payment rounds' },
    tags: OFFICE_TAGS,
    access: { permission: 'rounds.read' },
    responses: pageResponses('The rounds, newest first.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const rounds = await listRounds(app.db);
      const job = await running(ctx);
      const create = can(ctx.principal, 'rounds.create')
        ? `${job ? runningNotice(ctx, job) : ''}<p>${a(ctx, `${ROUNDS}/nueva`, t(TEXT.newRound, L))}</p>`
        : '';
      const body = `${create}${rounds.length === 0 ? `<p>${t(TEXT.none, L)}</p>` : roundsTable(ctx, rounds)}`;
      return sendPage(c, officePage(ctx, t(TEXT.rounds, L), body, { section: ROUNDS }));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/rondas/nueva',
    operationId: 'officeRoundForm',
    summary: { es: 'Formulario para crear una ronda', en: 'Form to create a round' },
    tags: OFFICE_TAGS,
    access: { permission: 'rounds.create' },
    responses: pageResponses('The form.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const [year, month, day] = toIsoDateInBolivia(access.now()).split('-') as [string, string, string];
      return sendPage(
        c,
        newRoundPage(ctx, { date: { day, month, year }, note: '' }, [], undefined, await running(ctx)),
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/rondas',
    operationId: 'officeRoundCreate',
    summary: { es: 'Crear y congelar una ronda', en: 'Create and freeze a round' },
    description: {
      es: 'Aplica las reglas del bono al registro en la fecha dada y congela la ronda (createRound), en segundo plano; lleva a su avance. Una ronda se crea de a una.',
      en: 'Applies the bono’s rules to the registry on the given date and freezes the round (createRound) in the background; leads to its progress. One round is created at a time.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'rounds.create' },
    request: { form: z.object({ nota: optionalText(4000), ...dateFields('fecha') }) },
    responses: pageResponses('Not used.', {
      redirect: 'Started: to the progress page.',
      refused: 'The form again, with what to fix, or (409) that a round is already being created.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const date = readDate(body, 'fecha');
      const note = (body.nota ?? '').trim();
      if (!date.date)
        return sendPage(
          c,
          newRoundPage(ctx, { date: date.parts, note }, [{ name: 'fecha', message: t(TEXT.badDate, L) }]),
          400,
        );
      const actor = principalOf(c).actor;
      const asOf = date.date;
      const at = access.now();
      // Two officers posting at once cannot both start a creation, in one process or two: the
      // job is admitted under its queue's lock in the database (src/jobs/).
      const started = await jobs.start(
        {
          kind: 'round',
          label: asOf,
          key: ROUND_JOB_KEY,
          startedBy: actor,
          startedAt: at,
          log: requestLog(c),
        },
        async (report) => {
          const round = await createRound(app.db, {
            asOf,
            kind: 'regular',
            ...(note ? { note } : {}),
            actor,
            at,
            onProgress: report,
          });
          return round.ok ? ok({ roundId: round.value.id }) : round;
        },
      );
      if (started.ok) return seeOther(c, href(L, `${ROUND_JOBS}/${started.value.id}`));
      // Refused before it ran (a creation already running, the server shutting down): the form
      // again, with why and a link to the running creation.
      const refusal = describeFailure(started.error, L);
      return sendPage(
        c,
        newRoundPage(ctx, { date: date.parts, note }, [], refusal.detail, await running(ctx)),
        refusal.status as PageStatus,
      );
    },
  });

  defineJobRoute(router, {
    area: '/rondas',
    operationId: 'officeRoundJob',
    summary: { es: 'Avance de la creación de una ronda', en: 'Progress of a round being created' },
    description: {
      es: 'Se actualiza sola cada 2 segundos sin JavaScript y muestra el paso en curso; al terminar lleva a la ronda; si el servicio la rechazó, muestra el motivo.',
      en: 'Refreshes itself every 2 seconds without JavaScript and shows the current step; when done leads to the round; if the service refused, shows why.',
    },
    permission: 'rounds.create',
    responses: {
      page: 'The progress page (running, or why it failed).',
      redirect: 'Created: to the round.',
      param: 'The job id the round form redirected to.',
    },
    find: (id) => jobs.get(id),
    kind: 'rounds',
    section: ROUNDS,
    back: ROUNDS,
    succeeded: (c, ctx, job) =>
      job.result
        ? seeOther(c, href(ctx.lang, `${ROUNDS}/${job.result.roundId}`, { hecho: 'creada' }))
        : undefined,
    view: roundJobView,
  });

  defineRoute(router, {
    method: 'get',
    path: '/rondas/:id{[0-9]+}',
    operationId: 'officeRound',
    summary: { es: 'Una ronda', en: 'One round' },
    description: {
      es: 'Estado, totales de control por departamento y ventana, huella del contenido, versión de las reglas, estado del registro; aprobar o rechazar.',
      en: 'Status, control totals by department and window, content hash, rules version, registry state; approve or reject.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'rounds.read' },
    request: { params: idParam, query: z.object({ hecho: optionalText(20) }) },
    responses: pageResponses('The round.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const round = await getRound(app.db, params.id);
      if (!round) return notFoundPage(c);
      return sendPage(c, roundPage(pageContext(c), round, query.hecho ? { done: query.hecho } : {}));
    },
  });

  const decision = (verb: 'aprobar' | 'rechazar') =>
    defineRoute(router, {
      method: 'post',
      path: `/rondas/:id{[0-9]+}/${verb}`,
      operationId: verb === 'aprobar' ? 'officeRoundApprove' : 'officeRoundReject',
      summary:
        verb === 'aprobar'
          ? { es: 'Aprobar una ronda', en: 'Approve a round' }
          : { es: 'Rechazar una ronda', en: 'Reject a round' },
      description: {
        es: 'Quien creó la ronda no puede decidirla: el servicio lo rechaza y la página muestra el motivo.',
        en: 'Whoever created the round cannot decide it: the service refuses and the page shows why.',
      },
      tags: OFFICE_TAGS,
      access: { permission: 'rounds.approve' },
      request: { params: idParam, form: z.object({ nota: optionalText(4000) }) },
      responses: pageResponses('Not used.', {
        redirect: 'Decided: to the round.',
        refused: 'The round again, with why the service refused.',
        notFound: true,
      }),
      handler: async (c, { params, body }) => {
        const ctx = pageContext(c);
        const note = (body.nota ?? '').trim();
        const input = {
          roundId: params.id,
          actor: principalOf(c).actor,
          at: access.now(),
          ...(note ? { note } : {}),
        };
        const decided =
          verb === 'aprobar' ? await approveRound(app.db, input) : await rejectRound(app.db, input);
        if (decided.ok)
          return seeOther(
            c,
            href(ctx.lang, `${ROUNDS}/${params.id}`, {
              hecho: verb === 'aprobar' ? 'aprobada' : 'rechazada',
            }),
          );
        const round = await getRound(app.db, params.id);
        if (!round) return notFoundPage(c);
        // The round again, with why it was refused: the form is on it.
        const refusal = describeFailure(decided.error, ctx.lang);
        return sendPage(
          c,
          roundPage(ctx, round, { refusal: refusal.detail, note }),
          refusal.status as PageStatus,
        );
      },
    });
  decision('aprobar');
  decision('rechazar');

  defineRoute(router, {
    method: 'get',
    path: '/rondas/:id{[0-9]+}/pagos',
    operationId: 'officeRoundProgress',
    summary: { es: 'Avance de los pagos de una ronda', en: 'Payment progress of a round' },
    description: {
      es: 'Con derecho, pagado en ventanilla, pagado por depósito, depósitos en curso, sin cobrar, y pagos por día.',
      en: 'Entitled, paid at counters, paid by deposit, deposits in flight, unpaid, and payments by day.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'payments.read' },
    request: { params: idParam },
    responses: pageResponses('The progress.', { notFound: true }),
    handler: async (c, { params }) => {
      const ctx = pageContext(c);
      const L = ctx.lang;
      const round = await getRound(app.db, params.id);
      if (!round) return notFoundPage(c);
      const p = await roundProgress(app.db, round.id);
      const row = (label: Bilingual, v: { count: number; amountCentavos: bigint }, id: string): Content[] => [
        t(label, L),
        raw(`<span data-testid="${id}">${count(v.count, L)}</span>`),
        money(v.amountCentavos, L),
      ];
      const summary = table({
        columns: [
          { label: t(TEXT.measure, L) },
          { label: t(TEXT.people, L), numeric: true },
          { label: t(TEXT.amount, L), numeric: true },
        ],
        rows: [
          row(TEXT.entitled, p.entitled, 'entitled'),
          row(TEXT.paidCounter, p.paidCounter, 'paid-counter'),
          row(TEXT.paidDeposit, p.paidDeposit, 'paid-deposit'),
          row(TEXT.inFlight, p.depositsInFlight, 'in-flight'),
          row(TEXT.unpaid, p.unpaid, 'unpaid'),
        ],
      });
      const days =
        p.byDay.length === 0
          ? `<p>${t(TEXT.noPayments, L)}</p>`
          : table({
              caption: t(TEXT.byDay, L),
              columns: [
                { label: t(TEXT.day, L) },
                { label: t(TEXT.counter, L), numeric: true },
                { label: t(TEXT.deposit, L), numeric: true },
                { label: t(TEXT.amount, L), numeric: true },
              ],
              rows: p.byDay.map((d) => [
                d.day,
                num(d.counter, L),
                num(d.deposit, L),
                money(d.amountCentavos, L),
              ]),
            });
      const body = `<p>${a(ctx, `${ROUNDS}/${round.id}`, `${t(TEXT.backToRound, L)} ${round.id}`)}</p>${summary}${days}`;
      return sendPage(
        c,
        officePage(ctx, `${t(TEXT.progress, L)} — ${t(TEXT.round, L)} ${round.id}`, body, {
          section: ROUNDS,
        }),
      );
    },
  });
}
