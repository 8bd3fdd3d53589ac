import { z } from 'zod';
import {
  decideGrievance,
  type GrievanceStatus,
  grievanceDetail,
  grievanceStats,
  linkGrievancePerson,
  listGrievances,
  resolveGrievance,
  startReview,
} from '../../bono/index.ts';
import { type AnyFailure, describeFailure, pageMessages } from '../../messages/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { ok, type Result } from '../../shared/failure.ts';
import { pageHtml } from '../components/index.ts';
import { failurePage } from '../error.page.tsx';
import { loadActorNames } from './actor-names.ts';
import { href } from './backoffice.page.ts';
import { type GrievanceDetailState, GrievanceNotFoundPage, GrievancePage } from './grievance.page.tsx';
import { type DecisionValues, EMPTY_DECISION, readDecision } from './grievance-decision.ts';
import {
  GRIEVANCE_STATUS_ORDER,
  GrievanceQueuePage,
  GrievanceStatsPage,
  PAGE_SIZE,
} from './grievance-queue.page.tsx';
import { GRIEVANCES } from './grievance-words.ts';
import {
  dateFields,
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

const isStatus = (s: string | undefined): s is GrievanceStatus =>
  s !== undefined && (GRIEVANCE_STATUS_ORDER as readonly string[]).includes(s);

/** The grievance queue, statistics, detail with the rule trace, review, link, decide and close. */
export function grievanceRoutes(router: Router, { app, access }: OfficeDeps): void {
  /** Shows the detail page, or a 404 page when there is no such grievance. */
  const showDetail = async (
    c: OfficeContext,
    id: number,
    o: GrievanceDetailState = {},
    status: Parameters<typeof sendPage>[2] = 200,
  ) => {
    const ctx = pageContext(c);
    const d = await grievanceDetail(app.db, id, { at: access.now(), lang: ctx.lang });
    if (d.ok) {
      const names = await loadActorNames(app.db);
      return sendPage(
        c,
        pageHtml(<GrievancePage ctx={ctx} detail={d.value} names={names} state={o} />),
        status,
      );
    }
    if (d.error.code === 'grievance_not_found')
      return sendPage(c, pageHtml(<GrievanceNotFoundPage ctx={ctx} />), 404);
    return failurePage(c, d.error);
  };

  /**
   * Runs a step, which gives the address to go to next; a refusal shows the detail page again with
   * the service's reason, in the officer's language, and the status src/messages gives it.
   */
  const step = async (
    c: OfficeContext,
    id: number,
    run: () => Promise<Result<string, AnyFailure>>,
    values?: DecisionValues,
  ): Promise<Response> => {
    const r = await run();
    if (r.ok) return seeOther(c, r.value);
    if (r.error.code === 'grievance_not_found') return showDetail(c, id);
    const refusal = describeFailure(r.error, pageContext(c).lang);
    return showDetail(
      c,
      id,
      { refusal: refusal.detail, ...(values ? { values } : {}) },
      refusal.status as Parameters<typeof sendPage>[2],
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/reclamos',
    operationId: 'officeGrievances',
    summary: { es: 'Cola de reclamos', en: 'Grievance queue' },
    description: {
      es: 'Los reclamos, los más antiguos primero, con su antigüedad; filtro por estado.',
      en: 'Grievances, oldest first, with their ages; filter by status.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.read' },
    request: {
      query: z.object({
        estado: optionalText(20),
        desde: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
      }),
    },
    responses: pageResponses('The queue.'),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const status = isStatus(query.estado) ? query.estado : undefined;
      const offset = query.desde ?? 0;
      const queue = await listGrievances(app.db, {
        ...(status ? { status } : {}),
        limit: PAGE_SIZE,
        offset,
        at: access.now(),
      });
      if (!queue.ok) return failurePage(c, queue.error);
      const { total, rows } = queue.value;
      return sendPage(
        c,
        pageHtml(<GrievanceQueuePage ctx={ctx} status={status} offset={offset} total={total} rows={rows} />),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/reclamos/estadisticas',
    operationId: 'officeGrievanceStats',
    summary: { es: 'Estadísticas de reclamos', en: 'Grievance statistics' },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.read' },
    responses: pageResponses('Counts by status and time to decision.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const stats = await grievanceStats(app.db);
      return sendPage(c, pageHtml(<GrievanceStatsPage ctx={ctx} stats={stats} />));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/reclamos/:id{[0-9]+}',
    operationId: 'officeGrievance',
    summary: { es: 'Un reclamo', en: 'One grievance' },
    description: {
      es: 'El reclamo, la persona, la traza de la regla, derechos, pagos e historial; las acciones que el rol permite.',
      en: 'The grievance, the person, the rule trace, entitlements, payments and history; the actions the role allows.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.read' },
    request: {
      params: idParam,
      query: z.object({ hecho: optionalText(40), ronda: z.coerce.number().int().min(1).optional() }),
    },
    responses: pageResponses('The grievance.', { notFound: true }),
    handler: (c, { params, query }) =>
      showDetail(c, params.id, {
        ...(query.hecho ? { done: query.hecho } : {}),
        ...(query.ronda ? { roundId: query.ronda } : {}),
      }),
  });

  const postPage = (what: string) =>
    pageResponses('Not used.', {
      redirect: `${what}: back to the grievance.`,
      refused: 'The grievance again, with why the service refused.',
      notFound: true,
    });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/revision',
    operationId: 'officeGrievanceReview',
    summary: { es: 'Iniciar la revisión de un reclamo', en: 'Start reviewing a grievance' },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: { params: idParam },
    responses: postPage('Review started'),
    handler: (c, { params }) =>
      step(c, params.id, async () => {
        const r = await startReview(app.db, { id: params.id, actor: principalOf(c).actor, at: access.now() });
        return r.ok ? ok(href(pageContext(c).lang, `${GRIEVANCES}/${params.id}`, { hecho: 'revision' })) : r;
      }),
  });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/persona',
    operationId: 'officeGrievanceLink',
    summary: {
      es: 'Vincular un reclamo a una persona del registro',
      en: 'Link a grievance to a registry person',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: { params: idParam, form: z.object({ persona: optionalText(20) }) },
    responses: postPage('Linked'),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      if (!body.persona || !/^[1-9][0-9]{0,18}$/.test(body.persona))
        return showDetail(
          c,
          params.id,
          { errors: [{ name: 'persona', message: pageMessages(ctx.lang).grievances.chooseCandidate }] },
          400,
        );
      const personId = BigInt(body.persona);
      return step(c, params.id, async () => {
        const r = await linkGrievancePerson(app.db, {
          id: params.id,
          personId,
          actor: principalOf(c).actor,
          at: access.now(),
        });
        return r.ok ? ok(href(ctx.lang, `${GRIEVANCES}/${params.id}`, { hecho: 'vinculada' })) : r;
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/decision',
    operationId: 'officeGrievanceDecide',
    summary: { es: 'Decidir un reclamo', en: 'Decide a grievance' },
    description: {
      es: 'Aprobar (con corrección de datos opcional: reevalúa y puede congelar una ronda complementaria) o rechazar.',
      en: 'Approve (with an optional data correction: re-evaluates and may freeze a supplementary round) or reject.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: {
      params: idParam,
      form: z.object({
        decision: optionalText(20),
        nota: optionalText(4000),
        nota_ciudadano: optionalText(4000),
        c_nombres: optionalText(200),
        c_apellido1: optionalText(200),
        c_apellido2: optionalText(200),
        c_municipio: optionalText(20),
        c_pais: optionalText(10),
        c_vivo: optionalText(4),
        ...dateFields('c_nacimiento'),
        ...dateFields('c_defuncion'),
      }),
    },
    responses: postPage('Decided'),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const current = await grievanceDetail(app.db, params.id, { at: access.now(), lang: ctx.lang });
      if (!current.ok) return showDetail(c, params.id);
      const { values, errors, correction } = readDecision(body, current.value.grievance.kind, ctx.lang);
      if (errors.length > 0) return showDetail(c, params.id, { errors, values }, 400);
      return step(
        c,
        params.id,
        async () => {
          const r = await decideGrievance(app.db, {
            id: params.id,
            decision: values.decision as 'approve' | 'reject',
            note: values.note,
            ...(values.citizenNote ? { citizenNote: values.citizenNote } : {}),
            ...(Object.keys(correction).length > 0 ? { correction } : {}),
            actor: principalOf(c).actor,
            at: access.now(),
          });
          if (!r.ok) return r;
          return ok(
            href(ctx.lang, `${GRIEVANCES}/${params.id}`, {
              hecho: r.value.outcome,
              ...(r.value.roundId ? { ronda: r.value.roundId } : {}),
            }),
          );
        },
        values,
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/reclamos/:id{[0-9]+}/cierre',
    operationId: 'officeGrievanceResolve',
    summary: { es: 'Cerrar un reclamo aprobado', en: 'Close an approved grievance' },
    tags: OFFICE_TAGS,
    access: { permission: 'grievances.resolve' },
    request: {
      params: idParam,
      form: z.object({ nota: optionalText(4000), nota_ciudadano: optionalText(4000) }),
    },
    responses: postPage('Closed'),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const note = (body.nota ?? '').trim();
      const citizenNote = (body.nota_ciudadano ?? '').trim();
      const values = { ...EMPTY_DECISION, note, citizenNote };
      if (note === '')
        return showDetail(
          c,
          params.id,
          { errors: [{ name: 'nota', message: pageMessages(ctx.lang).grievances.reasonMissing }], values },
          400,
        );
      return step(
        c,
        params.id,
        async () => {
          const r = await resolveGrievance(app.db, {
            id: params.id,
            note,
            ...(citizenNote ? { citizenNote } : {}),
            actor: principalOf(c).actor,
            at: access.now(),
          });
          return r.ok ? ok(href(ctx.lang, `${GRIEVANCES}/${params.id}`, { hecho: 'cerrado' })) : r;
        },
        values,
      );
    },
  });
}
