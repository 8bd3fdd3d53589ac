import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import {
  admitCitizenFiling,
  citizenStatus,
  fileGrievance,
  type GrievanceKind,
  grievanceForCitizen,
} from '../../bono/index.ts';
import { describeFailure } from '../../messages/index.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { pickLang } from '../../shared/lang.ts';
import { hrefWithLang, t } from '../html.ts';
import {
  CONTACT_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  GRIEVANCE_KINDS,
  type GrievanceValues,
  renderFollowForm,
  renderGrievanceFiled,
  renderGrievanceForm,
  renderGrievanceStatus,
} from './grievance.page.ts';
import { EMPTY_TRIPLE, type FieldErrors, field, readTriple } from './portal.forms.ts';
import { inBolivia, PORTAL, type PortalContext, portalPage } from './portal.page.ts';
import {
  renderStatusForm,
  renderStatusFound,
  renderStatusNotFound,
  renderStatusRateLimited,
} from './status.page.ts';

/**
 * Whether text can be a grievance reference: 12 letters and digits, typed with or without dashes
 * and spaces, in any case (src/bono normalises it the same way).
 */
function looksLikeReference(text: string): boolean {
  return /^[A-Z0-9]{12}$/.test(text.toUpperCase().replace(/[\s-]/g, ''));
}

/**
 * A form post is a few fields; the longest is a grievance's description (4,000 characters, up to
 * 12 bytes each once UTF-8 is percent-encoded). Anything bigger is refused (413) before it is read
 * past this many bytes: by its declared length, or as soon as the count of what arrived passes it.
 */
const MAX_FORM_BYTES = 64 * 1024;

/**
 * What every portal response carries. `no-store`: an answer holds a person's own bono status, and a
 * shared phone or an internet café must not show it to the next reader from its cache. The
 * content security policy allows no script at all, only the page's inline style sheet and forms
 * that post back to ayni.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  // Not `no-referrer`: under it a browser sends `Origin: null` with a form post, which the access
  // middleware must refuse as cross-site.
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** `?lang=`: any value is accepted, as everywhere; only `es` and `en` change the language. */
const LangQuery = z.object({
  lang: z.string().max(10).optional().describe('Page language: es (default) or en.'),
});

/** Form fields are plain text; the handlers check them and explain mistakes next to each field. */
const text = (maxLength: number, description: string) =>
  z.string().max(maxLength).optional().describe(description);

const TripleForm = {
  ci: text(40, 'CI number, digits only.'),
  complemento: text(20, 'Complemento, empty when the card has none.'),
  'dob-day': text(10, 'Day of birth.'),
  'dob-month': text(10, 'Month of birth.'),
  'dob-year': text(10, 'Year of birth.'),
  _csrf: text(200, "The session's CSRF token, when an officer is signed in."),
};

const StatusForm = z.object(TripleForm);
const GrievanceForm = z.object({
  kind: text(40, 'not_listed, wrong_data or paid_not_received.'),
  ...TripleForm,
  description: text(DESCRIPTION_MAX_LENGTH * 2, 'What happened.'),
  contact: text(CONTACT_MAX_LENGTH * 2, 'Phone or email, optional.'),
});
const FollowForm = z.object({
  ref: text(40, 'Grievance reference, e.g. AB12-CD34-EF56.'),
  ci: text(40, 'CI number the grievance was filed with.'),
  _csrf: text(200, "The session's CSRF token, when an officer is signed in."),
});

const TAGS = ['pages', 'bono'] as const;

/**
 * The citizen portal of the Bono Contra el Hambre, mounted at the root: "¿Soy beneficiario?"
 * (`/bono`, answered by a post to `/bono/estado` so the identity never lands in an address or a
 * log), grievances (`/bono/reclamo`) and their follow-up (`/bono/reclamo/seguimiento`). Spanish
 * by default, English with `?lang=en`; plain HTML without JavaScript.
 *
 * Citizens have no session: the access middleware refuses a post from a foreign `Origin`; an
 * officer signed in who uses the portal sends the session's CSRF token, which every form carries.
 *
 * @example mountRoutes(router, '/', portalRoutes(app, access));
 */
export function portalRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  // The application's clock (simulated in demonstrations): the routes read it and pass the instant on.
  const now = clockOf(app);
  /** The language, address and CSRF token of a request, for its page. */
  const context = (c: Context<AccessEnv>): PortalContext => {
    const url = new URL(c.req.url);
    return {
      lang: pickLang(c.req.query('lang'), c.req.header('accept-language')),
      pathWithQuery: `${url.pathname}${url.search}`,
      csrfToken: c.get('session')?.csrfToken ?? null,
      simulatedNow: app.simulatedClock ? now() : null,
    };
  };
  /** The answer to a form over MAX_FORM_BYTES (the route helper reads no further). */
  const tooLong = (c: Context<AccessEnv>) => {
    const ctx = context(c);
    const title = t(
      { es: 'Los datos enviados son demasiado largos', en: 'What you sent is too long' },
      ctx.lang,
    );
    const body = `<h1>${title}</h1><p>${t({ es: 'Acorte la descripción e intente de nuevo.', en: 'Shorten the description and try again.' }, ctx.lang)}</p>`;
    return c.html(portalPage(ctx, title, body, PORTAL.status), 413);
  };
  // `/bono/*` covers `/bono` itself too (Hono's wildcard matches the empty rest).
  router.hono.use('/bono/*', async (c, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    c.header('Content-Language', context(c).lang);
    return next();
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
    handler: (c) => c.html(renderStatusForm(context(c), EMPTY_TRIPLE, {})),
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
    onTooLarge: tooLong,
    responses: {
      200: { description: 'The answer, or "not found" (the same whatever the CI number).', html: true },
      400: { description: 'The form again, with what to fix.', html: true },
      429: { description: 'Too many failed look-ups: when to try again (Retry-After).', html: true },
    },
    onInvalid: (c) => c.html(renderStatusForm(context(c), EMPTY_TRIPLE, unreadable(context(c))), 400),
    handler: async (c, { body }) => {
      const ctx = context(c);
      const at = now();
      const { values, errors, triple } = readTriple(body, ctx.lang, inBolivia(at).date);
      if (!triple) return c.html(renderStatusForm(ctx, values, errors), 400);
      const status = await citizenStatus(app.db, triple, {
        at,
        clientKey: access.clientIp(c) ?? 'unknown',
        lang: ctx.lang,
      });
      if (status.outcome === 'found') return c.html(renderStatusFound(ctx, status, inBolivia(at).date));
      if (status.outcome === 'not_found') return c.html(renderStatusNotFound(ctx, values));
      c.header('Retry-After', String(status.retryAfterSeconds));
      return c.html(renderStatusRateLimited(ctx, status.retryAfterSeconds, at), 429);
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

  defineRoute(router, {
    method: 'get',
    path: PORTAL.grievance,
    operationId: 'portalGrievanceForm',
    summary: { es: 'Presentar un reclamo (formulario)', en: 'File a complaint (form)' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The grievance form.', html: true } },
    handler: (c) => c.html(renderGrievanceForm(context(c), EMPTY_GRIEVANCE, {})),
  });

  defineRoute(router, {
    method: 'post',
    path: PORTAL.grievance,
    operationId: 'portalGrievanceFile',
    summary: { es: 'Presentar un reclamo', en: 'File a complaint' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery, form: GrievanceForm },
    maxBodyBytes: MAX_FORM_BYTES,
    onTooLarge: tooLong,
    responses: {
      201: { description: 'Filed: the reference to follow it.', html: true },
      400: { description: 'The form again, with what to fix.', html: true },
      429: {
        description: 'Too many filings from this connection in the last hour (Retry-After).',
        html: true,
      },
    },
    onInvalid: (c) => c.html(renderGrievanceForm(context(c), EMPTY_GRIEVANCE, unreadable(context(c))), 400),
    handler: async (c, { body }) => {
      const ctx = context(c);
      const at = now();
      const read = readTriple(body, ctx.lang, inBolivia(at).date);
      const values: GrievanceValues = {
        ...read.values,
        kind: field(body, 'kind', 40),
        description: field(body, 'description', DESCRIPTION_MAX_LENGTH * 2),
        contact: field(body, 'contact', CONTACT_MAX_LENGTH * 2),
      };
      const kind: GrievanceKind | undefined = GRIEVANCE_KINDS.find((k) => k.value === values.kind)?.value;
      const errors: FieldErrors = {};
      if (!kind) errors['kind'] = t({ es: 'Elija qué pasó.', en: 'Choose what happened.' }, ctx.lang);
      Object.assign(errors, read.errors);
      if (values.description === '')
        errors['description'] = t({ es: 'Describa el problema.', en: 'Describe the problem.' }, ctx.lang);
      else if (values.description.length > DESCRIPTION_MAX_LENGTH)
        errors['description'] = t(
          {
            es: `La descripción tiene más de ${DESCRIPTION_MAX_LENGTH} caracteres: acórtela.`,
            en: `The description is longer than ${DESCRIPTION_MAX_LENGTH} characters: shorten it.`,
          },
          ctx.lang,
        );
      if (values.contact.length > CONTACT_MAX_LENGTH)
        errors['contact'] = t(
          {
            es: `El contacto tiene más de ${CONTACT_MAX_LENGTH} caracteres: acórtelo.`,
            en: `The contact is longer than ${CONTACT_MAX_LENGTH} characters: shorten it.`,
          },
          ctx.lang,
        );
      if (!kind || !read.triple || Object.keys(errors).length > 0)
        return c.html(renderGrievanceForm(ctx, values, errors), 400);
      const wait = await admitCitizenFiling(app.db, access.clientIp(c) ?? 'unknown', at);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        const minutes = Math.ceil(wait / 60);
        const message = t(
          {
            es: `Se enviaron demasiados reclamos desde esta conexión. Intente de nuevo en ${minutes} minuto(s), o acuda a una oficina.`,
            en: `Too many complaints were sent from this connection. Try again in ${minutes} minute(s), or visit an office.`,
          },
          ctx.lang,
        );
        return c.html(renderGrievanceForm(ctx, values, { description: message }), 429);
      }
      const filed = await fileGrievance(app.db, {
        kind,
        person: read.triple,
        description: values.description,
        contact: values.contact,
        filedVia: 'citizen',
        // A citizen has no account: ayni records the filing on their behalf.
        actor: SYSTEM_ACTOR,
        at,
      });
      if (!filed.ok) {
        // The checks above are the bono module's own; should it still refuse, say where, in the
        // citizen's language.
        const code = filed.error.code;
        const name = code.startsWith('description')
          ? 'description'
          : code.startsWith('contact')
            ? 'contact'
            : 'ci';
        return c.html(
          renderGrievanceForm(ctx, values, { [name]: describeFailure(filed.error, ctx.lang).detail }),
          400,
        );
      }
      // The answer is the page itself, not a redirect: a confirmation address anyone could open
      // with a made-up reference would claim a grievance that was never filed.
      return c.html(renderGrievanceFiled(ctx, filed.value.reference), 201);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: PORTAL.follow,
    operationId: 'portalGrievanceFollowForm',
    summary: { es: 'Seguir un reclamo (formulario)', en: 'Follow a complaint (form)' },
    tags: TAGS,
    access: { public: true },
    request: {
      query: LangQuery.extend({ ref: z.string().max(40).optional().describe('Reference to fill in.') }),
    },
    responses: { 200: { description: 'The follow-up form.', html: true } },
    handler: (c, { query }) => {
      const ref = (query.ref ?? '').trim().toUpperCase();
      return c.html(
        renderFollowForm(context(c), { ref: looksLikeReference(ref) ? ref : '', ci: '' }, {}, false),
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: PORTAL.follow,
    operationId: 'portalGrievanceFollow',
    summary: { es: 'Seguir un reclamo', en: 'Follow a complaint' },
    description: {
      es: 'Estado e historial de un reclamo, con su referencia y el número de carnet; sin notas internas.',
      en: 'Status and history of a grievance, given its reference and CI number; no internal notes.',
    },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery, form: FollowForm },
    maxBodyBytes: MAX_FORM_BYTES,
    onTooLarge: tooLong,
    responses: {
      200: {
        description: 'Status and history, or "not found" (the same whatever the reference).',
        html: true,
      },
      400: { description: 'The form again, with what to fix.', html: true },
    },
    onInvalid: (c) =>
      c.html(renderFollowForm(context(c), { ref: '', ci: '' }, unreadable(context(c)), false), 400),
    handler: async (c, { body }) => {
      const ctx = context(c);
      const values = { ref: field(body, 'ref', 40).toUpperCase(), ci: field(body, 'ci', 40) };
      const errors: FieldErrors = {};
      if (!looksLikeReference(values.ref))
        errors['ref'] = t(
          {
            es: 'Escriba la referencia completa: 12 letras y cifras en tres grupos, por ejemplo AB12-CD34-EF56.',
            en: 'Enter the whole reference: 12 letters and digits in three groups, for example AB12-CD34-EF56.',
          },
          ctx.lang,
        );
      if (!/^[1-9]\d{0,14}$/.test(values.ci))
        errors['ci'] = t(
          {
            es: 'Escriba el número de su carnet de identidad: solo las cifras.',
            en: 'Enter your identity card number: digits only.',
          },
          ctx.lang,
        );
      if (Object.keys(errors).length > 0) return c.html(renderFollowForm(ctx, values, errors, false), 400);
      const grievance = await grievanceForCitizen(app.db, values.ref, values.ci, { lang: ctx.lang });
      if (!grievance) return c.html(renderFollowForm(ctx, values, {}, true));
      return c.html(renderGrievanceStatus(ctx, grievance));
    },
  });

  return router.hono;
}

const EMPTY_GRIEVANCE: GrievanceValues = { ...EMPTY_TRIPLE, kind: '', description: '', contact: '' };

/** A form that could not be read at all (a file instead of text, a field far too long). */
function unreadable(ctx: PortalContext): FieldErrors {
  return {
    ci: t(
      {
        es: 'No pudimos leer los datos enviados. Escríbalos de nuevo.',
        en: 'We could not read what was sent. Please enter it again.',
      },
      ctx.lang,
    ),
  };
}
