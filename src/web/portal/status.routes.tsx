import { z } from 'zod';
import type { Access } from '../../access/index.ts';
import type { App } from '../../app.ts';
import { listsLinkedByReview } from '../../registry/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { readerFor } from '../../scale/index.ts';
import { hrefWithLang } from '../components/index.ts';
import { citizenStep } from './citizen-step.tsx';
import { exclusionsOf } from './exclusions.ts';
import { LangQuery, portalContext, TAGS, TripleForm } from './portal.context.ts';
import { EMPTY_TRIPLE } from './portal.forms.tsx';
import { PORTAL } from './portal-layout.tsx';
import {
  StatusFormPage,
  StatusFoundPage,
  StatusNotFoundPage,
  StatusRateLimitedPage,
} from './status.page.tsx';

const StatusForm = z.object(TripleForm);

/**
 * "¿Soy beneficiario?": the form at `/bono`, answered by a post to `/bono/estado` so the identity
 * never lands in an address or a log; the answer's address opened again leads back to the form.
 *
 * @example statusRoutes(router, app, access)
 */
export function statusRoutes(router: Router, app: App, access: Access): void {
  const context = portalContext(app);
  const step = citizenStep(app, access, {
    form: (ctx, values, errors) => <StatusFormPage ctx={ctx} values={values} errors={errors} />,
    notFound: (ctx, values) => <StatusNotFoundPage ctx={ctx} values={values} />,
    rateLimited: (ctx, retryAfterSeconds, at) => (
      <StatusRateLimitedPage ctx={ctx} retryAfterSeconds={retryAfterSeconds} at={at} />
    ),
  });

  defineRoute(router, {
    method: 'get',
    path: PORTAL.status,
    operationId: 'portalStatusForm',
    summary: { es: '¿Soy beneficiario? (formulario)', en: 'Am I a beneficiary? (form)' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The look-up form.', html: true } },
    handler: (c) => c.html(<StatusFormPage ctx={context(c)} values={EMPTY_TRIPLE} errors={{}} />),
  });

  defineRoute(router, {
    method: 'post',
    path: PORTAL.statusResult,
    operationId: 'portalStatusAnswer',
    summary: { es: '¿Soy beneficiario? (respuesta)', en: 'Am I a beneficiary? (answer)' },
    description: {
      es: 'Elegible o no y por qué, fechas, monto, pago y dónde cobrar. Las consultas fallidas repetidas se limitan.',
      en: 'Eligible or not and why, dates, amount, payment and where to collect. Repeated failed look-ups are limited.',
    },
    tags: TAGS,
    ...step.route,
    request: { query: LangQuery, form: StatusForm },
    responses: {
      ...step.responses,
      200: { description: 'The answer, or "not found" (the same whatever the CI number).', html: true },
    },
    handler: async (c, { body }) => {
      const read = await step.read(c, body);
      if ('page' in read) return read.page;
      const { ctx, status, triple, today } = read.found;
      // Only a person the look-up found and admitted: the lists that exclude them, to say where to go.
      const exclusions = status.eligible ? [] : await exclusionsOf(readerFor(app, c), triple, today);
      // A list that names them through a row an officer accepted: the answer says so (issue #23).
      const reviewed = await listsLinkedByReview(readerFor(app, c), triple);
      return c.html(
        <StatusFoundPage
          ctx={ctx}
          status={status}
          today={today}
          exclusions={exclusions}
          reviewed={reviewed}
        />,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: PORTAL.statusResult,
    operationId: 'portalStatusAnswerAgain',
    summary: {
      es: '¿Soy beneficiario? (volver al formulario)',
      en: 'Am I a beneficiary? (back to the form)',
    },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 303: { description: 'To the form, in the language asked for.', redirect: true } },
    // The answer exists only as the reply to a post; its address opened again (the language
    // switch, a bookmark, a reload after the fact) leads back to the form.
    handler: (c) => c.redirect(hrefWithLang(PORTAL.status, context(c).lang), 303),
  });
}
