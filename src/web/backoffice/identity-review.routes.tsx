import { z } from 'zod';
import { can } from '../../access/index.ts';
import { describeFailure, pageMessages } from '../../messages/index.ts';
import {
  countWaitingReviews,
  decideIdentityReview,
  type IdentityReviewFailure,
  identityReviewDetail,
  listWaitingReviews,
} from '../../registry/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import type { Lang } from '../../shared/lang.ts';
import { type FieldError, pageHtml } from '../components/index.ts';
import { type ActorNames, actorName, loadActorNames } from './actor-names.ts';
import { href } from './backoffice.page.ts';
import { identityMergeRoutes } from './identity-merge.routes.tsx';
import {
  type DecisionFormValues,
  DONE,
  type Done,
  IDENTITY_REVIEWS,
  IdentityQueuePage,
  IdentityReviewNotFoundPage,
  IdentityReviewPage,
} from './identity-review.page.tsx';
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

/** Rows the queue page lists at once. */
const QUEUE_PAGE_ROWS = 200;

/** What the decision form's radio buttons send, read into the domain's decision. */
export function readReviewDecision(
  decision: string | undefined,
): { decision: 'accept' | 'reject' | 'unsure'; personId?: bigint } | undefined {
  if (decision === 'rechazar') return { decision: 'reject' };
  if (decision === 'dudar') return { decision: 'unsure' };
  const m = /^aceptar-([1-9][0-9]{0,17})$/.exec(decision ?? '');
  return m ? { decision: 'accept', personId: BigInt(m[1]!) } : undefined;
}

/**
 * A refusal in the reader's language, the officer who decided first named by their display name
 * (the stored actor is an internal name).
 */
export function reviewRefusal(failure: IdentityReviewFailure, lang: Lang, names: ActorNames) {
  const named =
    failure.code === 'identity_review_decided'
      ? { ...failure, decidedBy: actorName(failure.decidedBy, { lang, principal: null }, names) }
      : failure;
  return describeFailure(named, lang);
}

/**
 * The identity review queue in the back office (issue #23): the rows waiting, one row beside its
 * candidates, and the officer's decision. Reading needs registry.read (the page shows persons'
 * keys); deciding needs registry.import, as importing the list does (the CLI's rule).
 */
export function identityReviewRoutes(router: Router, deps: OfficeDeps): void {
  const { app, access } = deps;
  // Registry duplicates and their merges live under the same address (identity-merge.routes.tsx).
  identityMergeRoutes(router, deps);
  const show = async (
    c: OfficeContext,
    id: number,
    o: {
      done?: Done;
      refusal?: { title: string; detail: string };
      errors?: FieldError[];
      values?: DecisionFormValues;
    } = {},
    status: Parameters<typeof sendPage>[2] = 200,
  ) => {
    const ctx = pageContext(c);
    const detail = await identityReviewDetail(app.db, BigInt(id));
    if (!detail) return sendPage(c, pageHtml(<IdentityReviewNotFoundPage ctx={ctx} />), 404);
    const names = await loadActorNames(app.db);
    return sendPage(
      c,
      pageHtml(
        <IdentityReviewPage
          ctx={ctx}
          detail={detail}
          names={names}
          mayDecide={can(ctx.principal, 'registry.import')}
          {...o}
        />,
      ),
      status,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/identidades',
    operationId: 'officeIdentityReviews',
    summary: { es: 'Cola de revisión de identidades', en: 'Identity review queue' },
    description: {
      es: 'Las filas de listas que casi nombran a una persona, por lista y línea, con su estado.',
      en: 'The list rows that almost name a person, by list and line, with their status.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    responses: pageResponses('The queue.'),
    handler: async (c) => {
      const ctx = pageContext(c);
      const [rows, total] = await Promise.all([
        listWaitingReviews(app.db, QUEUE_PAGE_ROWS),
        countWaitingReviews(app.db),
      ]);
      return sendPage(c, pageHtml(<IdentityQueuePage ctx={ctx} total={total} rows={rows} />));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/identidades/:id{[0-9]+}',
    operationId: 'officeIdentityReview',
    summary: { es: 'Una fila de la revisión de identidades', en: 'One row of the identity review' },
    description: {
      es: 'La fila junto a sus candidatos, las comparaciones en palabras y el formulario de decisión.',
      en: 'The row beside its candidates, the comparisons in words and the decision form.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.read' },
    request: { params: idParam, query: z.object({ hecho: optionalText(20) }) },
    responses: pageResponses('The row.', { notFound: true }),
    handler: (c, { params, query }) => {
      const done = (DONE as readonly string[]).includes(query.hecho ?? '')
        ? (query.hecho as Done)
        : undefined;
      return show(c, params.id, done ? { done } : {});
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/identidades/:id{[0-9]+}/decision',
    operationId: 'officeIdentityReviewDecide',
    summary: {
      es: 'Decidir una fila de la revisión de identidades',
      en: 'Decide a row of the identity review',
    },
    description: {
      es: 'Aceptar un candidato, rechazar (con motivo) o marcar «no estoy seguro» (queda para otro funcionario). El formulario lleva el estado que el funcionario vio: si otro decidió antes, se informa quién y no se registra nada; un doble envío decide una sola vez.',
      en: 'Accept a candidate, reject (with a reason) or mark "not sure" (left for another officer). The form carries the status the officer saw: when another decided first, the answer says who and nothing is recorded; a double submit decides once.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'registry.import' },
    request: {
      params: idParam,
      form: z.object({
        decision: optionalText(40),
        motivo: optionalText(2000),
        visto: optionalText(10),
      }),
    },
    responses: {
      ...pageResponses('Not used.', {
        redirect: 'Decided: back to the row with what was done.',
        refused: 'The row again, with what to fix.',
        notFound: true,
      }),
      409: { description: 'Another officer decided the row first: the row, saying who.', html: true },
    },
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).identity;
      const values = { decision: body.decision ?? '', reason: (body.motivo ?? '').trim() };
      const chosen = readReviewDecision(body.decision);
      const errors: FieldError[] = [];
      if (!chosen) errors.push({ name: 'decision', message: words.chooseDecision });
      else if (chosen.decision === 'reject' && values.reason === '')
        errors.push({ name: 'motivo', message: words.reasonMissing });
      if (!chosen || errors.length > 0) return show(c, params.id, { errors, values }, 400);
      const seen = body.visto === 'pending' || body.visto === 'unsure' ? body.visto : 'pending';
      const r = await decideIdentityReview(app.db, {
        reviewId: BigInt(params.id),
        ...chosen,
        seen,
        officer: principalOf(c).actor,
        ...(values.reason === '' ? {} : { reason: values.reason }),
        at: access.now(),
      });
      if (r.ok) {
        const done: Done = r.value.repeated ? 'repeated' : r.value.status;
        return seeOther(c, href(ctx.lang, `${IDENTITY_REVIEWS}/${params.id}`, { hecho: done }));
      }
      if (r.error.code === 'identity_review_not_found') return show(c, params.id);
      const refusal = reviewRefusal(r.error, ctx.lang, await loadActorNames(app.db));
      return show(
        c,
        params.id,
        { refusal: { title: refusal.title, detail: refusal.detail }, values },
        refusal.status as Parameters<typeof sendPage>[2],
      );
    },
  });
}
