import { z } from 'zod';
import { can } from '../../access/index.ts';
import {
  approveRound,
  createRound,
  getRound,
  listRounds,
  type Round,
  rejectRound,
  roundProgress,
} from '../../bono/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { toIsoDateInBolivia } from '../../shared/dates.ts';
import { ok } from '../../shared/failure.ts';
import { requestLog } from '../../shared/log.ts';
import type { FieldError } from '../components/index.ts';
import { pageHtml } from '../components/index.ts';
import { readDate } from '../components/read-date.ts';
import { loadActorNames } from './actor-names.ts';
import { href, type PageContext } from './backoffice.page.ts';
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
import {
  NewRoundPage,
  type NewRoundValues,
  ROUND_JOBS,
  ROUNDS,
  type RoundJob,
  type RoundJobFailure,
  RoundListPage,
  RoundNotFoundPage,
  RoundPage,
  type RoundPageState,
  RoundProgressPage,
  roundJobView,
} from './round.pages.tsx';

/** The statuses a page answers with (a refusal's come from src/messages, all of them among these). */
type PageStatus = Parameters<typeof sendPage>[2];

/**
 * Round creations remembered for their progress pages. One runs at a time, in all server processes
 * (the key below): createRound locks the rounds table anyway, and a second creation would only
 * queue behind it holding another connection.
 */
const MAX_REMEMBERED_ROUND_JOBS = 20;
const ROUND_JOB_KEY = 'round';

/** The form to create a round, with what to fix or why it was refused. */
const newRoundPage = (
  ctx: PageContext,
  values: NewRoundValues,
  o: { errors?: FieldError[]; refusal?: string },
  running?: RoundJob,
) =>
  pageHtml(
    <NewRoundPage ctx={ctx} values={values} errors={o.errors} refusal={o.refusal} running={running} />,
  );

function notFoundPage(c: Parameters<typeof sendPage>[0]) {
  return sendPage(c, pageHtml(<RoundNotFoundPage ctx={pageContext(c)} />), 404);
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
  /** A round's page: the names of who created and decided it are the accounts'. */
  const roundPage = async (ctx: PageContext, round: Round, state: RoundPageState) =>
    pageHtml(<RoundPage ctx={ctx} round={round} names={await loadActorNames(app.db)} state={state} />);
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
      const [rounds, names, job] = [
        await listRounds(app.db),
        await loadActorNames(app.db),
        await running(ctx),
      ];
      return sendPage(c, pageHtml(<RoundListPage ctx={ctx} rounds={rounds} names={names} running={job} />));
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
      return sendPage(c, newRoundPage(ctx, { date: { day, month, year }, note: '' }, {}, await running(ctx)));
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
      const words = pageMessages(L).rounds;
      const date = readDate(body, 'fecha');
      const note = (body.nota ?? '').trim();
      if (!date.date)
        return sendPage(
          c,
          newRoundPage(
            ctx,
            { date: date.parts, note },
            { errors: [{ name: 'fecha', message: words.badDate }] },
          ),
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
        newRoundPage(ctx, { date: date.parts, note }, { refusal: refusal.detail }, await running(ctx)),
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
      return sendPage(c, await roundPage(pageContext(c), round, { done: query.hecho }));
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
          await roundPage(ctx, round, { refusal: refusal.detail, note }),
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
      const round = await getRound(app.db, params.id);
      if (!round) return notFoundPage(c);
      const progress = await roundProgress(app.db, round.id);
      return sendPage(
        c,
        pageHtml(<RoundProgressPage ctx={pageContext(c)} round={round} progress={progress} />),
      );
    },
  });
}
