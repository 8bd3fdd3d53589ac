import { z } from 'zod';
import type { Access } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { citizenStatus } from '../../bono/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { hrefWithLang } from '../components/index.ts';
import { exclusionsOf } from './exclusions.ts';
import { LangQuery, MAX_FORM_BYTES, portalContext, TAGS, TripleForm, unreadable } from './portal.context.ts';
import { EMPTY_TRIPLE, readTriple } from './portal.forms.tsx';
import { inBolivia, PORTAL } from './portal-layout.tsx';
import {
  StatusFormPage,
  StatusFoundPage,
  StatusNotFoundPage,
  StatusRateLimitedPage,
} from './status.page.tsx';
import { tooLong } from './too-long.page.tsx';

const StatusForm = z.object(TripleForm);

/**
 * "¿Soy beneficiario?": the form at `/bono`, answered by a post to `/bono/estado` so the identity
 * never lands in an address or a log; the answer's address opened again leads back to the form.
 *
 * @example statusRoutes(router, app, access)
 */
export function statusRoutes(router: Router, app: App, access: Access): void {
  const now = clockOf(app);
  const context = portalContext(app);

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
    access: { public: true },
    request: { query: LangQuery, form: StatusForm },
    maxBodyBytes: MAX_FORM_BYTES,
    onTooLarge: tooLong(context),
    responses: {
      200: { description: 'The answer, or "not found" (the same whatever the CI number).', html: true },
      400: { description: 'The form again, with what to fix.', html: true },
      429: { description: 'Too many failed look-ups: when to try again (Retry-After).', html: true },
    },
    onInvalid: (c) => {
      const ctx = context(c);
      return c.html(<StatusFormPage ctx={ctx} values={EMPTY_TRIPLE} errors={unreadable(ctx)} />, 400);
    },
    handler: async (c, { body }) => {
      const ctx = context(c);
      const at = now();
      const today = inBolivia(at).date;
      const { values, errors, triple } = readTriple(body, ctx.lang, today);
      if (!triple) return c.html(<StatusFormPage ctx={ctx} values={values} errors={errors} />, 400);
      const status = await citizenStatus(app.db, triple, {
        at,
        clientKey: access.clientIp(c) ?? 'unknown',
        lang: ctx.lang,
      });
      if (status.outcome === 'found') {
        // Only a person the look-up found and admitted: the lists that exclude them, to say where to go.
        const exclusions = status.eligible ? [] : await exclusionsOf(app.db, triple, today);
        return c.html(<StatusFoundPage ctx={ctx} status={status} today={today} exclusions={exclusions} />);
      }
      if (status.outcome === 'not_found') return c.html(<StatusNotFoundPage ctx={ctx} values={values} />);
      c.header('Retry-After', String(status.retryAfterSeconds));
      return c.html(
        <StatusRateLimitedPage ctx={ctx} retryAfterSeconds={status.retryAfterSeconds} at={at} />,
        429,
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
