import { z } from 'zod';
import type { Access } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import {
  admitCitizenFiling,
  fileGrievance,
  type GrievanceKind,
  grievanceForCitizen,
  normaliseReference,
} from '../../bono/index.ts';
import { describeFailure, formatNumber, pageMessages, plural } from '../../messages/index.ts';
import { defineRoute, type Router } from '../../routing/route.ts';
import { hrefWithLang } from '../components/index.ts';
import {
  CONTACT_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  FollowFormPage,
  GRIEVANCE_KINDS,
  GrievanceFiledPage,
  GrievanceFormPage,
  GrievanceStatusPage,
  type GrievanceValues,
} from './grievance.page.tsx';
import { FiledConfirmations } from './grievance-confirmation.ts';
import {
  LangQuery,
  MAX_FORM_BYTES,
  portalContext,
  TAGS,
  TripleForm,
  text,
  unreadable,
} from './portal.context.ts';
import { EMPTY_TRIPLE, type FieldErrors, field, readTriple } from './portal.forms.tsx';
import { inBolivia, PORTAL } from './portal-layout.tsx';
import { tooLong } from './too-long.page.tsx';

/**
 * Whether text can be a grievance reference: 12 letters and digits, typed with or without dashes
 * and spaces, in any case (src/bono normalises it the same way).
 */
function looksLikeReference(text: string): boolean {
  return /^[A-Z0-9]{12}$/.test(text.toUpperCase().replace(/[\s-]/g, ''));
}

const GrievanceForm = z.object({
  kind: text('not_listed, wrong_data or paid_not_received.'),
  ...TripleForm,
  description: text('What happened.'),
  contact: text('Phone or email, optional.'),
});
const FollowForm = z.object({
  ref: text('Grievance reference, e.g. AB12-CD34-EF56.'),
  ci: text('CI number the grievance was filed with.'),
  _csrf: text("The session's CSRF token, when an officer is signed in."),
});
const FiledQuery = LangQuery.extend({
  ref: z.string().max(40).optional().describe('The reference just given.'),
  sig: z.string().max(40).optional().describe("This server's signature of the reference."),
});

const EMPTY_GRIEVANCE: GrievanceValues = { ...EMPTY_TRIPLE, kind: '', description: '', contact: '' };

/**
 * Grievances: the form at `/bono/reclamo`, whose post redirects (303) to the page of the reference
 * given, so a reload files nothing again; the same grievance sent twice gets the reference already
 * given; a field too long is named, the rest of the form kept. The follow-up at
 * `/bono/reclamo/seguimiento` asks for the reference and the CI number.
 *
 * @example grievanceRoutes(router, app, access)
 */
export function grievanceRoutes(router: Router, app: App, access: Access): void {
  const now = clockOf(app);
  const context = portalContext(app);
  const confirmations = new FiledConfirmations();
  /** The confirmation page's address for a reference given: signed, so no made-up one is shown. */
  const filedAddress = (reference: string, lang: 'es' | 'en' | string) =>
    `${PORTAL.grievanceFiled}?${new URLSearchParams({ ref: reference, sig: confirmations.sign(reference), lang })}`;

  defineRoute(router, {
    method: 'get',
    path: PORTAL.grievance,
    operationId: 'portalGrievanceForm',
    summary: { es: 'Presentar un reclamo (formulario)', en: 'File a complaint (form)' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The grievance form.', html: true } },
    handler: (c) => c.html(<GrievanceFormPage ctx={context(c)} values={EMPTY_GRIEVANCE} errors={{}} />),
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
    onTooLarge: tooLong(context),
    responses: {
      303: { description: 'Filed (or sent before): to the page of its reference.', redirect: true },
      400: { description: 'The form again, with what to fix.', html: true },
      429: {
        description: 'Too many filings from this connection in the last hour (Retry-After).',
        html: true,
      },
    },
    onInvalid: (c) => {
      const ctx = context(c);
      return c.html(<GrievanceFormPage ctx={ctx} values={EMPTY_GRIEVANCE} errors={unreadable(ctx)} />, 400);
    },
    handler: async (c, { body }) => {
      const ctx = context(c);
      const words = pageMessages(ctx.lang).portal.grievance;
      const at = now();
      const read = readTriple(body, ctx.lang, inBolivia(at).date);
      // What was typed comes back whole (the form's size is bounded), so a field too long is
      // shortened by its writer rather than cut or lost.
      const values: GrievanceValues = {
        ...read.values,
        kind: field(body, 'kind', 40),
        description: field(body, 'description', MAX_FORM_BYTES),
        contact: field(body, 'contact', MAX_FORM_BYTES),
      };
      const kind: GrievanceKind | undefined = GRIEVANCE_KINDS.find((k) => k === values.kind);
      const errors: FieldErrors = {};
      if (!kind) errors['kind'] = words.chooseKind;
      Object.assign(errors, read.errors);
      if (values.description === '') errors['description'] = words.describe;
      else if (values.description.length > DESCRIPTION_MAX_LENGTH)
        errors['description'] = words.descriptionTooLong(formatNumber(DESCRIPTION_MAX_LENGTH, ctx.lang));
      if (values.contact.length > CONTACT_MAX_LENGTH)
        errors['contact'] = words.contactTooLong(formatNumber(CONTACT_MAX_LENGTH, ctx.lang));
      if (!kind || !read.triple || Object.keys(errors).length > 0)
        return c.html(<GrievanceFormPage ctx={ctx} values={values} errors={errors} />, 400);
      const wait = await admitCitizenFiling(app.db, access.clientIp(c) ?? 'unknown', at);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        const minutes = plural(Math.ceil(wait / 60), ctx.lang, pageMessages(ctx.lang).portal.status.minutes);
        return c.html(
          <GrievanceFormPage
            ctx={ctx}
            values={values}
            errors={{ description: words.tooManyFilings(minutes) }}
          />,
          429,
        );
      }
      // The same grievance sent again (a second tap, a resend) is answered by the bono module with
      // the reference already given, whichever server process filed it first.
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
        const message = describeFailure(filed.error, ctx.lang).detail;
        return c.html(<GrievanceFormPage ctx={ctx} values={values} errors={{ [name]: message }} />, 400);
      }
      // Post, then redirect, then get: a reload shows the reference again and files nothing.
      return c.redirect(filedAddress(filed.value.reference, ctx.lang), 303);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: PORTAL.grievanceFiled,
    operationId: 'portalGrievanceFiled',
    summary: { es: 'Reclamo recibido', en: 'Complaint received' },
    tags: TAGS,
    access: { public: true },
    request: { query: FiledQuery },
    responses: {
      200: { description: 'The reference just given, and how to follow it.', html: true },
      303: { description: 'A reference this server did not sign: to the follow-up form.', redirect: true },
    },
    // Only a reference this server just gave is confirmed: an address with a made-up one would
    // claim a grievance that was never filed.
    handler: (c, { query }) => {
      const ctx = context(c);
      const reference = normaliseReference(query.ref ?? '');
      if (!reference || !confirmations.verify(reference, query.sig ?? ''))
        return c.redirect(hrefWithLang(PORTAL.follow, ctx.lang), 303);
      return c.html(<GrievanceFiledPage ctx={ctx} reference={reference} />);
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
      const values = { ref: looksLikeReference(ref) ? ref : '', ci: '' };
      return c.html(<FollowFormPage ctx={context(c)} values={values} errors={{}} notFound={false} />);
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
    onTooLarge: tooLong(context),
    responses: {
      200: {
        description: 'Status and history, or "not found" (the same whatever the reference).',
        html: true,
      },
      400: { description: 'The form again, with what to fix.', html: true },
    },
    onInvalid: (c) => {
      const ctx = context(c);
      return c.html(
        <FollowFormPage ctx={ctx} values={{ ref: '', ci: '' }} errors={unreadable(ctx)} notFound={false} />,
        400,
      );
    },
    handler: async (c, { body }) => {
      const ctx = context(c);
      const words = pageMessages(ctx.lang).portal;
      const values = { ref: field(body, 'ref', 40).toUpperCase(), ci: field(body, 'ci', 40) };
      const errors: FieldErrors = {};
      if (!looksLikeReference(values.ref)) errors['ref'] = words.follow.refInvalid;
      if (!/^[1-9]\d{0,14}$/.test(values.ci)) errors['ci'] = words.identity.ciDigits;
      if (Object.keys(errors).length > 0)
        return c.html(<FollowFormPage ctx={ctx} values={values} errors={errors} notFound={false} />, 400);
      const grievance = await grievanceForCitizen(app.db, values.ref, values.ci);
      if (!grievance) return c.html(<FollowFormPage ctx={ctx} values={values} errors={{}} notFound />);
      return c.html(<GrievanceStatusPage ctx={ctx} grievance={grievance} />);
    },
  });
}
