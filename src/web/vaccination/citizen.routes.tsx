import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import { type App, clockOf } from '../../app.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { failureStatus, pageMessages } from '../../messages/index.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { readerFor } from '../../scale/index.ts';
import { addDays } from '../../shared/dates.ts';
import {
  appointmentsOf,
  bookAppointment,
  cancelAppointment,
  dosesOf,
  listSites,
  OUTLOOK_MAX_DAYS,
  outlookOn,
  replayCurve,
  type Site,
  type VaccinationFailure,
} from '../../vaccination/index.ts';
import { hrefWithLang } from '../components/index.ts';
import { readDate } from '../components/read-date.ts';
import { type CitizenFound, citizenStep } from '../portal/citizen-step.tsx';
import { LangQuery, portalContext, SECURITY_HEADERS, TripleForm, text } from '../portal/portal.context.ts';
import { EMPTY_TRIPLE, type TripleValues } from '../portal/portal.forms.tsx';
import { inBolivia, type PortalContext } from '../portal/portal-layout.tsx';
import {
  type BookedNote,
  BookedPage,
  CancelledPage,
  VACCINES,
  type WhenAnswer,
  WhenAnswerPage,
  WhenFormPage,
} from './citizen.pages.tsx';
import { REPLAY_PAGE, ReplayPage, replayCsv } from './replay.page.tsx';
import { dateParts } from './site.pages.tsx';
import { refusalText, SignedNotes } from './vaccination-words.ts';

/**
 * The citizen's vaccination pages at `/vacunas`, on the portal's router: "¿Cuándo me toca?" is a
 * form whose post answers (the identity never lands in an address); booking and cancelling are
 * posts that carry the identity again and redirect (303) to a page of what was done, signed so
 * no address can claim a booking ayni did not make. Each post that names a person is counted by
 * the bono's citizen look-up limits first (citizenStatus), so guessing a date of birth here counts
 * against the same limits as on `/bono`: one bound on guessing, whichever page is used.
 */

const TAGS = ['pages', 'vaccination'] as const;
const BookForm = z.object({
  ...TripleForm,
  sitio: text('The site’s code.'),
  'cita-day': text('Day of the appointment.'),
  'cita-month': text('Month of the appointment.'),
  'cita-year': text('Year of the appointment.'),
  clave: text('The form’s idempotency key.'),
});
const CancelForm = z.object({ ...TripleForm, cita: text('The appointment’s number.') });
const NoteQuery = LangQuery.extend({
  n: z.string().max(2000).optional().describe('What was done (signed).'),
  s: z.string().max(40).optional().describe("The note's signature."),
});

/** A booking form's key: kept when well formed (a resend books nothing twice), else a new one. */
function bookingKey(given: string | undefined): string {
  return given && /^portal-[0-9a-f-]{36}$/.test(given) ? given : `portal-${randomUUID()}`;
}

/**
 * The citizen vaccination routes, to mount at the root beside the bono's portal, with its headers
 * (no cache, no script, no framing).
 *
 * @example mountRoutes(router, '/', vaccinationCitizenRoutes(app, access));
 */
export function vaccinationCitizenRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const now = clockOf(app);
  const context = portalContext(app);
  const notes = new SignedNotes();
  const words = (ctx: PortalContext) => pageMessages(ctx.lang).vaccination.citizen;
  // `/vacunas/*` covers `/vacunas` itself too (Hono's wildcard matches the empty rest).
  router.hono.use('/vacunas/*', async (c, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    c.header('Content-Language', context(c).lang);
    return next();
  });

  const step = citizenStep(app, access, {
    form: (ctx, values, errors) => <WhenFormPage ctx={ctx} values={values} errors={errors} />,
    notFound: (ctx) => (
      <WhenFormPage
        ctx={ctx}
        values={EMPTY_TRIPLE}
        errors={{}}
        notice={{
          title: words(ctx).notFoundTitle,
          text: pageMessages(ctx.lang).vaccination.refusal.personNotFound,
        }}
      />
    ),
    rateLimited: (ctx, retryAfterSeconds, at) => {
      const until = inBolivia(new Date(at.getTime() + retryAfterSeconds * 1000)).time;
      return (
        <WhenFormPage
          ctx={ctx}
          values={EMPTY_TRIPLE}
          errors={{}}
          notice={{ title: words(ctx).rateLimitedTitle, text: words(ctx).rateLimited(until) }}
        />
      );
    },
  });

  /**
   * Reads the person from the post and counts the look-up under the citizen limits (the portal's
   * step), then answers: the person's outlook, doses, appointments and the sites of their
   * department; or the form again (not found, too many tries).
   */
  const lookUp = async (
    c: Context<AccessEnv>,
    body: Record<string, unknown>,
  ): Promise<(CitizenFound & { answer: WhenAnswer }) | { page: Response | Promise<Response> }> => {
    const read = await step.read(c, body);
    if ('page' in read) return read;
    const { triple, today } = read.found;
    // Read-only: a replica under the lag bound that has the citizen's own last booking, else the primary.
    const db = readerFor(app, c);
    const outlook = await outlookOn(db, triple, today, OUTLOOK_MAX_DAYS);
    if (!outlook.ok) return { page: step.notFound(c, read.found) };
    const [doses, appointments, allSites] = [
      await dosesOf(db, triple),
      await appointmentsOf(db, triple),
      await listSites(db),
    ];
    return {
      ...read.found,
      answer: {
        outlook: outlook.value,
        doses: doses.ok ? doses.value : [],
        appointments: appointments.ok ? appointments.value : [],
        sites: nearby(allSites, outlook.value.departmentCode, outlook.value.municipalityCode),
        siteNames: new Map(allSites.map((s) => [s.code, s.name])),
      },
    };
  };

  /** The answer page, with a refusal and the booking form's values when a post came back. */
  const answerPage = (
    c: Context<AccessEnv>,
    values: TripleValues,
    answer: WhenAnswer,
    o: {
      refusal?: VaccinationFailure;
      booking?: {
        site: string;
        day: ReturnType<typeof dateParts>;
        key: string;
        errors: Record<string, string>;
      };
      status?: 200 | 400 | 404 | 409 | 422;
    } = {},
  ) => {
    const ctx = context(c);
    const names = { sites: answer.siteNames };
    const today = answer.outlook.days[0]?.on ?? inBolivia(now()).date;
    return c.html(
      <WhenAnswerPage
        ctx={ctx}
        values={values}
        answer={answer}
        booking={
          o.booking ?? { site: '', day: dateParts(addDays(today, 1)), key: bookingKey(undefined), errors: {} }
        }
        refusal={o.refusal ? refusalText(o.refusal, ctx.lang, names) : undefined}
        describeRefusal={(f) => refusalText(f, ctx.lang, names)}
      />,
      o.status ?? 200,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: VACCINES.when,
    operationId: 'portalVaccinationForm',
    summary: {
      es: '¿Cuándo me toca vacunarme? (formulario)',
      en: 'When is my turn to be vaccinated? (form)',
    },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The look-up form.', html: true } },
    handler: (c) => c.html(<WhenFormPage ctx={context(c)} values={EMPTY_TRIPLE} errors={{}} />),
  });

  defineRoute(router, {
    method: 'post',
    path: VACCINES.answer,
    operationId: 'portalVaccinationAnswer',
    summary: {
      es: '¿Cuándo me toca vacunarme? (respuesta)',
      en: 'When is my turn to be vaccinated? (answer)',
    },
    description: {
      es: 'Si puede vacunarse hoy y los próximos días, su próxima dosis, los puntos cercanos, sus dosis y sus citas. Las consultas fallidas repetidas se limitan, junto con las del bono.',
      en: 'Whether they may be vaccinated today and on the next days, their next dose, sites near them, their doses and appointments. Repeated failed look-ups are limited, together with the bono’s.',
    },
    tags: TAGS,
    ...step.route,
    request: { query: LangQuery, form: z.object(TripleForm) },
    responses: {
      ...step.responses,
      200: { description: 'The answer, or "not found" (the same whatever the CI number).', html: true },
    },
    handler: async (c, { body }) => {
      const found = await lookUp(c, body);
      return 'page' in found ? found.page : answerPage(c, found.values, found.answer);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: VACCINES.answer,
    operationId: 'portalVaccinationAnswerAgain',
    summary: { es: '¿Cuándo me toca? (volver al formulario)', en: 'When is my turn? (back to the form)' },
    tags: TAGS,
    access: { public: true },
    request: { query: LangQuery },
    responses: { 303: { description: 'To the form, in the language asked for.', redirect: true } },
    handler: (c) => c.redirect(hrefWithLang(VACCINES.when, context(c).lang), 303),
  });

  defineRoute(router, {
    method: 'post',
    path: VACCINES.book,
    operationId: 'portalVaccinationBook',
    summary: { es: 'Reservar una cita de vacunación', en: 'Book a vaccination appointment' },
    description: {
      es: 'Reserva un cupo y una dosis en el punto y el día elegidos; con la primera dosis de una vacuna de dos dosis, también la segunda. Lleva a la página de la cita.',
      en: 'Takes a place and a dose at the site and day chosen; with the first dose of a two-dose vaccine, the second too. Leads to the appointment’s page.',
    },
    tags: TAGS,
    ...step.route,
    request: { query: LangQuery, form: BookForm },
    responses: {
      ...step.responses,
      303: { description: 'Booked: to its page.', redirect: true },
      400: { description: 'The form or the answer again, with what to fix.', html: true },
      409: { description: 'No place left, or an appointment for the dose already: why.', html: true },
      422: { description: 'Not eligible that day, or the site does not open: why.', html: true },
    },
    handler: async (c, { body }) => {
      const found = await lookUp(c, body);
      if ('page' in found) return found.page;
      const { ctx, values, triple } = found;
      const date = readDate(body, 'cita');
      const booking = {
        site: body.sitio ?? '',
        day: date.parts,
        key: bookingKey(body.clave),
        errors: {} as Record<string, string>,
      };
      const site = found.answer.sites.find((s) => s.code === booking.site);
      if (!site) booking.errors['sitio'] = words(ctx).siteMissing;
      if (!date.date) booking.errors['cita'] = words(ctx).dayMissing;
      if (!site || !date.date) return answerPage(c, values, found.answer, { booking, status: 400 });
      const r = await bookAppointment(app.db, {
        person: triple,
        site: site.code,
        day: date.date,
        idempotencyKey: booking.key,
        actor: SYSTEM_ACTOR,
        at: now(),
      });
      if (!r.ok)
        return answerPage(c, values, found.answer, {
          booking,
          refusal: r.error,
          status: statusOf(r.error),
        });
      const names = found.answer.siteNames;
      const second = r.value.secondDose;
      const note: BookedNote = {
        dose: r.value.appointment.doseNumber,
        product: r.value.appointment.product,
        site: names.get(r.value.appointment.site) ?? r.value.appointment.site,
        day: r.value.appointment.day,
        second: second
          ? { product: second.product, site: names.get(second.site) ?? second.site, day: second.day }
          : null,
        secondRefusal: r.value.secondDoseRefusal
          ? refusalText(r.value.secondDoseRefusal, ctx.lang, { sites: names })
          : null,
      };
      return c.redirect(
        `${VACCINES.booked}?${new URLSearchParams({ ...notes.encode({ ...note }), lang: ctx.lang })}`,
        303,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: VACCINES.booked,
    operationId: 'portalVaccinationBooked',
    summary: { es: 'La cita reservada', en: 'The appointment booked' },
    tags: TAGS,
    access: { public: true },
    request: { query: NoteQuery },
    responses: {
      200: { description: 'What was booked (or that the address is not one ayni gave).', html: true },
    },
    handler: (c, { query }) => {
      const note = notes.decode(query.n, query.s) as BookedNote | null;
      return c.html(
        <BookedPage ctx={context(c)} note={note && typeof note.dose === 'number' ? note : null} />,
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: VACCINES.cancel,
    operationId: 'portalVaccinationCancel',
    summary: { es: 'Cancelar una cita de vacunación', en: 'Cancel a vaccination appointment' },
    description: {
      es: 'Cancela la cita y la de la segunda dosis reservada con ella; los cupos y las dosis vuelven al punto.',
      en: 'Cancels the appointment and the second dose booked with it; the places and doses go back to the site.',
    },
    tags: TAGS,
    ...step.route,
    request: { query: LangQuery, form: CancelForm },
    responses: {
      ...step.responses,
      303: { description: 'Cancelled: to the page that says so.', redirect: true },
      404: { description: 'No such appointment of this person.', html: true },
      409: { description: 'The appointment is not booked any more.', html: true },
    },
    handler: async (c, { body }) => {
      const found = await lookUp(c, body);
      if ('page' in found) return found.page;
      const { ctx, values, triple } = found;
      const id = /^[0-9]{1,18}$/.test(body.cita ?? '') ? BigInt(body.cita!) : 0n;
      const r = await cancelAppointment(app.db, {
        person: triple,
        appointmentId: id,
        actor: SYSTEM_ACTOR,
        at: now(),
      });
      if (!r.ok) return answerPage(c, values, found.answer, { refusal: r.error, status: statusOf(r.error) });
      return c.redirect(
        `${VACCINES.cancelled}?${new URLSearchParams({ ...notes.encode({ count: r.value.length }), lang: ctx.lang })}`,
        303,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: VACCINES.cancelled,
    operationId: 'portalVaccinationCancelled',
    summary: { es: 'La cita cancelada', en: 'The appointment cancelled' },
    tags: TAGS,
    access: { public: true },
    request: { query: NoteQuery },
    responses: { 200: { description: 'How many appointments were cancelled.', html: true } },
    handler: (c, { query }) => {
      const note = notes.decode(query.n, query.s);
      const count = typeof note?.['count'] === 'number' ? note['count'] : null;
      return c.html(<CancelledPage ctx={context(c)} count={count} />);
    },
  });
  defineRoute(router, {
    method: 'get',
    path: REPLAY_PAGE,
    operationId: 'transparencyVaccinationReplay',
    summary: {
      es: 'Vacunación 2021: la reproducción y las cifras publicadas',
      en: 'Vaccination 2021: the replay and the published figures',
    },
    tags: ['pages', 'transparency'],
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'The chart, the table of milestones, the CSV link.', html: true } },
    handler: async (c) => {
      const ctx = context(c);
      return c.html(
        <ReplayPage lang={ctx.lang} path={ctx.pathWithQuery} curve={await replayCurve(app.db)} />,
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: `${REPLAY_PAGE}.csv`,
    operationId: 'transparencyVaccinationReplayCsv',
    tags: ['pages', 'transparency'],
    access: { public: true },
    request: { query: LangQuery },
    responses: { 200: { description: 'One line per day played.', csv: true } },
    handler: async (c) => {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="vacunacion-2021.csv"');
      return c.body(replayCsv(await replayCurve(app.db), context(c).lang));
    },
  });

  return router.hono;
}

/** The answer's status for a refusal: the failure catalogue's (src/messages/status/vaccination.ts). */
function statusOf(f: VaccinationFailure): 400 | 404 | 409 | 422 {
  return failureStatus(f) as 400 | 404 | 409 | 422;
}

/** The sites of a department, active first and those of the municipality before the others. */
function nearby(sites: readonly Site[], department: number | null, municipality: string | null): Site[] {
  return sites
    .filter((s) => s.departmentCode === department && s.active)
    .sort(
      (a, b) =>
        Number(b.municipalityCode === municipality) - Number(a.municipalityCode === municipality) ||
        a.name.localeCompare(b.name, 'es'),
    );
}
