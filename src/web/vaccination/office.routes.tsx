import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import type { App } from '../../app.ts';
import { failureStatus, formatDate, pageMessages } from '../../messages/index.ts';
import { DEPARTMENTS } from '../../registry/index.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { addDays, type IsoDate, parseIsoDate, toEpochDay, toIsoDateInBolivia } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  type Attested,
  appointmentsAt,
  bookAppointment,
  closeSiteDay,
  coverage,
  eligibilityOn,
  isProductCode,
  joinQueue,
  leaveQueue,
  listLots,
  listSites,
  lotsNearExpiry,
  NATIONAL_WAREHOUSE,
  nextLot,
  type ProductCode,
  queueAt,
  recordDose,
  recordMovement,
  type Site,
  secondDosesDue,
  secondProductMissing,
  sedesCode,
  serveQueue,
  siteDayStatus,
  siteLocationCode,
  sitesRunningOut,
  stockAt,
  type VaccinationFailure,
} from '../../vaccination/index.ts';
import { href } from '../backoffice/backoffice.page.ts';
import { officeGuards } from '../backoffice/backoffice.routes.ts';
import {
  dateFields,
  OFFICE_TAGS,
  type OfficeContext,
  optionalText,
  pageContext,
  pageResponses,
  principalOf,
  seeOther,
  sendPage,
} from '../backoffice/office.context.ts';
import { pageHtml } from '../components/index.ts';
import { readDate } from '../components/read-date.ts';
import { EMPTY_TRIPLE, readTriple } from '../portal/portal.forms.tsx';
import { AlertsPage, CoveragePage, dosesText, type Places, StockPage, TransferPage } from './sedes.pages.tsx';
import {
  BookPage,
  type BookValues,
  CloseDayPage,
  dateParts,
  type PageNote,
  RecordDosePage,
  type RecordValues,
  SecondDuePage,
  SiteDayPage,
  SiteNotFoundPage,
  VaccinationHomePage,
} from './site.pages.tsx';
import { SEDES_PAGES, sitePath } from './vaccination-office.ts';
import { doseLabel, locationName, productName, refusalText, SignedNotes } from './vaccination-words.ts';

/**
 * The vaccination pages of the back office (`/oficina/vacunacion`): a site's day for its health
 * workers — the walk-in queue served in ticket order, arrivals, recording a dose, closing the day,
 * the site's stock — and the SEDES pages: stock by place and lot, transfers, alerts, coverage. Each
 * route holds one permission (vaccination.read to see, vaccination.administer to queue, serve,
 * record and close, vaccination.stock to transfer); each change goes through the domain's services,
 * which audit it. A post that succeeds redirects (303) to a page that says what it did (a note
 * signed by this process); one refused shows the page again with the reason in words.
 */

type PageStatus = Parameters<typeof sendPage>[2];

const SiteParams = z.object({
  site: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,56}$/)
    .meta({ description: 'A vaccination site’s code.', examples: ['lp-umsa'] }),
});
const SITE_PATH = '/vacunacion/puntos/:site';
const NoteQuery = {
  n: z.string().max(2000).optional().describe('A note of what the last post did (signed).'),
  s: z.string().max(40).optional().describe("The note's signature."),
};
const DayQuery = z.object({
  dia: optionalText(10).describe('The day, YYYY-MM-DD; today when omitted.'),
  ...dateFields('dia'),
  ...NoteQuery,
});
const TripleFormFields = {
  ci: optionalText(40),
  complemento: optionalText(20),
  ...dateFields('dob'),
};
const Attestation = { 'trabajador-salud': optionalText(4), 'enfermedad-base': optionalText(4) };

/** A form's idempotency key: kept when well formed (a resend), else a new one. */
function formKey(given: string | undefined): string {
  return given && /^oficina-[0-9a-f-]{36}$/.test(given) ? given : `oficina-${randomUUID()}`;
}

function attestedOf(body: Record<string, unknown>): Attested {
  return { healthWorker: body['trabajador-salud'] === '1', comorbidity: body['enfermedad-base'] === '1' };
}

/** The day of a request: `dia` (YYYY-MM-DD), or the three boxes of the day form, or today. */
function dayOf(q: Record<string, string | undefined>, today: IsoDate): IsoDate {
  const iso = q['dia'] ? parseIsoDate(q['dia']) : undefined;
  if (iso) return iso;
  return readDate(q, 'dia').date ?? today;
}

/** Every stock location: the warehouse, the nine SEDES, each site. */
function placesOf(sites: readonly Site[]): Places {
  return {
    siteNames: new Map(sites.map((s) => [s.code, s.name])),
    locations: [
      NATIONAL_WAREHOUSE,
      ...DEPARTMENTS.map((d) => sedesCode(d.code)),
      ...sites.map((s) => siteLocationCode(s.code)),
    ],
  };
}

/** A refusal as a page's note: the reason in words, with the sites' names and the lots' numbers. */
function refusedNote(
  f: VaccinationFailure,
  lang: Lang,
  names: Parameters<typeof refusalText>[2] = {},
): PageNote {
  return {
    kind: 'err',
    title: pageMessages(lang).vaccination.office.day.refused,
    text: refusalText(f, lang, names),
  };
}

/**
 * The vaccination routes of the back office, with the back office's guards (a reader not signed in
 * is sent to sign in), to mount at /oficina beside it.
 *
 * @example mountRoutes(router, '/oficina', vaccinationOfficeRoutes(app, access));
 */
export function vaccinationOfficeRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(officeGuards(access));
  const notes = new SignedNotes();
  const today = () => toIsoDateInBolivia(access.now());

  /** A note's words, from what a post left in the address. */
  const noteOf = (
    q: { n?: string | undefined; s?: string | undefined },
    lang: Lang,
  ): PageNote | undefined => {
    const note = notes.decode(q.n, q.s);
    if (!note) return undefined;
    const v = pageMessages(lang).vaccination;
    const num = (k: string) => Number(note[k]);
    const product = productName(String(note['product'] ?? ''), lang);
    const ok = (title: string, text: string): PageNote => ({ kind: 'ok', title, text });
    switch (note['k']) {
      case 'ticket':
        return ok(v.office.day.arrivalTitle, v.office.day.ticketGiven(String(num('ticket')), product));
      case 'served':
        return ok(
          v.office.day.serveTicket,
          v.office.day.served(
            String(num('ticket')),
            doseLabel(num('dose'), lang),
            product,
            String(note['lot']),
          ),
        );
      case 'left':
        return ok(v.office.day.leave, v.office.day.left(String(num('ticket'))));
      case 'recorded':
        return ok(
          v.office.record.submit,
          v.office.day.recorded(doseLabel(num('dose'), lang), product, String(note['lot'])),
        );
      case 'booked': {
        const b = v.office.book;
        const second = note['day2']
          ? ` ${b.secondBooked(formatDate(String(note['day2']), lang), productName(String(note['product2']), lang))}`
          : note['missing2']
            ? ` ${b.secondMissing}`
            : '';
        const again = note['again'] ? ` ${b.already}` : '';
        return ok(
          b.bookedTitle,
          `${b.booked(formatDate(String(note['day']), lang), doseLabel(num('dose'), lang), product)}${second}${again}`,
        );
      }
      case 'moved':
        return ok(
          v.office.transfer.title,
          v.office.stock.moved(dosesText(BigInt(num('doses')), lang), String(note['to'])),
        );
      default:
        return undefined;
    }
  };
  /** Back to a page with a note of what the post did. */
  const withNote = (
    c: OfficeContext,
    path: string,
    params: Record<string, string>,
    note: Record<string, unknown>,
  ) => seeOther(c, href(pageContext(c).lang, path, { ...params, ...notes.encode(note) }));

  /** The site of an address, or null (its pages answer 404). */
  const siteNamed = async (code: string) => (await listSites(app.db)).find((s) => s.code === code) ?? null;
  const notFound = (c: OfficeContext) =>
    sendPage(c, pageHtml(<SiteNotFoundPage ctx={pageContext(c)} />), 404);

  /** A site's day page, with a note and the arrival form's values and errors. */
  const dayPage = async (
    c: OfficeContext,
    code: string,
    day: IsoDate,
    o: {
      note?: PageNote | undefined;
      arrival?: ReturnType<typeof readTriple> | undefined;
      status?: PageStatus;
    },
  ) => {
    const status = await siteDayStatus(app.db, code, day);
    if (!status.ok) return notFound(c);
    const queue = await queueAt(app.db, code, day);
    const appointments = await appointmentsAt(app.db, code, day);
    const ctx = pageContext(c);
    return sendPage(
      c,
      pageHtml(
        <SiteDayPage
          ctx={ctx}
          view={{
            site: status.value.site,
            day,
            closed: status.value.closed,
            counts: status.value.products,
            queue: queue.ok ? queue.value : [],
            appointments: appointments.ok ? appointments.value : [],
          }}
          note={o.note}
          arrival={{ values: o.arrival?.values ?? EMPTY_TRIPLE, errors: o.arrival?.errors ?? {} }}
        />,
      ),
      o.status ?? 200,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/vacunacion',
    operationId: 'officeVaccination',
    summary: { es: 'Vacunación: puntos y vistas del SEDES', en: 'Vaccination: sites and SEDES views' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    responses: pageResponses('The vaccination sites and the SEDES pages.'),
    handler: async (c) =>
      sendPage(
        c,
        pageHtml(<VaccinationHomePage ctx={pageContext(c)} sites={await listSites(app.db)} day={today()} />),
      ),
  });

  defineRoute(router, {
    method: 'get',
    path: SITE_PATH,
    operationId: 'officeVaccinationSiteDay',
    summary: { es: 'La jornada de un punto de vacunación', en: 'A vaccination site’s day' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    request: { params: SiteParams, query: DayQuery },
    responses: pageResponses('The day: counts, the queue, the appointments, the arrival form.', {
      notFound: true,
    }),
    handler: async (c, { params, query }) =>
      dayPage(c, params.site, dayOf(query, today()), { note: noteOf(query, pageContext(c).lang) }),
  });

  defineRoute(router, {
    method: 'post',
    path: `${SITE_PATH}/llegadas`,
    operationId: 'officeVaccinationArrival',
    summary: { es: 'Registrar una llegada a la fila', en: 'Register a walk-in arrival' },
    description: {
      es: 'Revisa si a la persona le corresponde ese día (grupo y último dígito del carnet) y le da una ficha.',
      en: 'Checks whether the day is the person’s (group and last digit of the card) and gives them a ticket.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: {
      params: SiteParams,
      form: z.object({ dia: optionalText(10), ...TripleFormFields, ...Attestation }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Queued: back to the day.',
      refused: 'The day with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const day = dayOf(body, today());
      const read = readTriple(body, ctx.lang, day);
      if (!read.triple) return dayPage(c, params.site, day, { arrival: read, status: 400 });
      const r = await joinQueue(app.db, {
        person: read.triple,
        site: params.site,
        day,
        actor: principalOf(c).actor,
        at: access.now(),
        attested: attestedOf(body),
      });
      if (!r.ok) {
        if (r.error.code === 'site_not_found') return notFound(c);
        return dayPage(c, params.site, day, {
          arrival: read,
          note: refusedNote(r.error, ctx.lang),
          status: failureStatus(r.error) as PageStatus,
        });
      }
      return withNote(
        c,
        sitePath(params.site),
        { dia: day },
        { k: 'ticket', ticket: r.value.ticket, product: r.value.product },
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: `${SITE_PATH}/atencion`,
    operationId: 'officeVaccinationServe',
    summary: { es: 'Vacunar a la siguiente de la fila', en: 'Vaccinate the next in the queue' },
    description: {
      es: 'La ficha dada, o la menor en espera, recibe su dosis del lote que vence primero; la dosis queda en el registro nominal.',
      en: 'The ticket given, or the lowest waiting, gets a dose from the lot that expires first; the dose goes into the nominal registry.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: { params: SiteParams, form: z.object({ dia: optionalText(10), ficha: optionalText(9) }) },
    responses: pageResponses('Not used.', {
      redirect: 'Served: back to the day.',
      refused: 'The day with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const day = dayOf(body, today());
      const ticket = body.ficha && /^[0-9]{1,9}$/.test(body.ficha) ? Number(body.ficha) : undefined;
      const r = await serveQueue(app.db, {
        site: params.site,
        day,
        ...(ticket === undefined ? {} : { ticket }),
        actor: principalOf(c).actor,
        at: access.now(),
      });
      if (!r.ok) {
        if (r.error.code === 'site_not_found') return notFound(c);
        const lots = await lotNumbers();
        return dayPage(c, params.site, day, {
          note: refusedNote(r.error, ctx.lang, { lots }),
          status: failureStatus(r.error) as PageStatus,
        });
      }
      const lots = await lotNumbers();
      return withNote(
        c,
        sitePath(params.site),
        { dia: day },
        {
          k: 'served',
          ticket: r.value.ticket,
          dose: r.value.dose.doseNumber,
          product: r.value.dose.product,
          lot: lots.get(r.value.dose.lotId) ?? String(r.value.dose.lotId),
        },
      );
    },
  });

  /** Every lot's number by id, for notes and refusals (a few hundred lots at most). */
  const lotNumbers = async (): Promise<Map<bigint, string>> => {
    const lots = await listLots(app.db);
    return new Map(lots.ok ? lots.value.map((l) => [l.id, l.lotNumber]) : []);
  };

  defineRoute(router, {
    method: 'post',
    path: `${SITE_PATH}/retiros`,
    operationId: 'officeVaccinationLeave',
    summary: { es: 'Una persona se retira de la fila', en: 'A person leaves the queue' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: { params: SiteParams, form: z.object({ dia: optionalText(10), ficha: optionalText(9) }) },
    responses: pageResponses('Not used.', {
      redirect: 'Left: back to the day.',
      refused: 'The day with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const day = dayOf(body, today());
      const ticket = body.ficha && /^[0-9]{1,9}$/.test(body.ficha) ? Number(body.ficha) : 0;
      const r = await leaveQueue(app.db, {
        site: params.site,
        day,
        ticket,
        actor: principalOf(c).actor,
        at: access.now(),
      });
      if (!r.ok) {
        if (r.error.code === 'site_not_found') return notFound(c);
        return dayPage(c, params.site, day, {
          note: refusedNote(r.error, ctx.lang),
          status: failureStatus(r.error) as PageStatus,
        });
      }
      return withNote(c, sitePath(params.site), { dia: day }, { k: 'left', ticket });
    },
  });

  /** The booking form of a site's day, with the day's places. */
  const bookPage = async (
    c: OfficeContext,
    site: Site,
    day: IsoDate,
    values: BookValues,
    o: { errors?: Record<string, string>; note?: PageNote | undefined; status?: PageStatus } = {},
  ) => {
    const status = await siteDayStatus(app.db, site.code, day);
    return sendPage(
      c,
      pageHtml(
        <BookPage
          ctx={pageContext(c)}
          site={site}
          day={day}
          counts={status.ok ? status.value.products : []}
          values={values}
          errors={o.errors ?? {}}
          note={o.note}
        />,
      ),
      o.status ?? 200,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: `${SITE_PATH}/citas`,
    operationId: 'officeVaccinationBookForm',
    summary: { es: 'Formulario para reservar una cita', en: 'Form to book an appointment' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: { params: SiteParams, query: DayQuery },
    responses: pageResponses('The form.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const site = await siteNamed(params.site);
      if (!site) return notFound(c);
      return bookPage(
        c,
        site,
        dayOf(query, today()),
        { ...EMPTY_TRIPLE, key: formKey(undefined) },
        {
          note: noteOf(query, pageContext(c).lang),
        },
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: `${SITE_PATH}/citas`,
    operationId: 'officeVaccinationBook',
    summary: { es: 'Reservar una cita para una persona', en: 'Book an appointment for a person' },
    description: {
      es: 'Reserva un cupo del día y una dosis en existencia, una sola vez por formulario (su clave); con una primera dosis, también la segunda dentro del intervalo.',
      en: 'Books a place of the day and holds a dose in stock, once per form (its key); with a first dose, the second inside the interval too.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: {
      params: SiteParams,
      form: z.object({ dia: optionalText(10), clave: optionalText(80), ...TripleFormFields, ...Attestation }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Booked: the form again, with what was booked.',
      refused: 'The form with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const site = await siteNamed(params.site);
      if (!site) return notFound(c);
      const day = dayOf(body, today());
      const read = readTriple(body, ctx.lang, day);
      const values: BookValues = { ...read.values, key: formKey(body.clave) };
      if (!read.triple) return bookPage(c, site, day, values, { errors: read.errors, status: 400 });
      const r = await bookAppointment(app.db, {
        person: read.triple,
        site: site.code,
        day,
        idempotencyKey: values.key,
        actor: principalOf(c).actor,
        at: access.now(),
        attested: attestedOf(body),
      });
      if (!r.ok)
        return bookPage(c, site, day, values, {
          note: refusedNote(r.error, ctx.lang, { sites: new Map([[site.code, site.name]]) }),
          status: failureStatus(r.error) as PageStatus,
        });
      const { appointment, secondDose, secondDoseRefusal, replayed } = r.value;
      return withNote(
        c,
        sitePath(site.code, 'citas'),
        { dia: day },
        {
          k: 'booked',
          day: appointment.day,
          dose: appointment.doseNumber,
          product: appointment.product,
          ...(secondDose ? { day2: secondDose.day, product2: secondDose.product } : {}),
          ...(secondDoseRefusal ? { missing2: 1 } : {}),
          ...(replayed ? { again: 1 } : {}),
        },
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: `${SITE_PATH}/segundas-dosis`,
    operationId: 'officeVaccinationSecondDue',
    summary: {
      es: 'Segundas dosis que vencen entre dos fechas',
      en: 'Second doses falling due between two dates',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    request: {
      params: SiteParams,
      query: z.object({
        desde: optionalText(10).describe('The first day, YYYY-MM-DD; today when omitted.'),
        hasta: optionalText(10).describe('The last day, YYYY-MM-DD; a week after the first when omitted.'),
        ...dateFields('desde'),
        ...dateFields('hasta'),
      }),
    },
    responses: pageResponses('The persons whose second dose falls due in the range.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const site = await siteNamed(params.site);
      if (!site) return notFound(c);
      const pick = (name: 'desde' | 'hasta', fallback: IsoDate): IsoDate =>
        (query[name] ? parseIsoDate(query[name]) : undefined) ?? readDate(query, name).date ?? fallback;
      const from = pick('desde', today());
      let to = pick('hasta', addDays(from, 7));
      if (to < from) to = from;
      if (toEpochDay(to) - toEpochDay(from) > 366) to = addDays(from, 366);
      const due = await secondDosesDue(app.db, {
        on: from,
        site: site.code,
        withinDays: toEpochDay(to) - toEpochDay(from),
      });
      const rows = due.ok ? due.value.filter((r) => r.dueOn >= from && r.dueOn <= to) : [];
      return sendPage(
        c,
        pageHtml(<SecondDuePage ctx={pageContext(c)} site={site} from={from} to={to} rows={rows} />),
      );
    },
  });

  /** The record form of a site's day. */
  const recordPage = async (
    c: OfficeContext,
    site: Site,
    day: IsoDate,
    values: RecordValues,
    o: { errors?: Record<string, string>; note?: PageNote | undefined; status?: PageStatus } = {},
  ) => {
    const stock = await stockAt(app.db, { location: siteLocationCode(site.code) });
    const lots = stock.ok ? stock.value.filter((l) => l.lot.expiresOn >= day) : [];
    return sendPage(
      c,
      pageHtml(
        <RecordDosePage
          ctx={pageContext(c)}
          site={site}
          day={day}
          lots={lots}
          values={values}
          errors={o.errors ?? {}}
          note={o.note}
        />,
      ),
      o.status ?? 200,
    );
  };
  const emptyRecord = (): RecordValues => ({
    ...EMPTY_TRIPLE,
    product: '',
    lot: '',
    doseNumber: '',
    key: formKey(undefined),
  });

  defineRoute(router, {
    method: 'get',
    path: `${SITE_PATH}/dosis`,
    operationId: 'officeVaccinationDoseForm',
    summary: { es: 'Formulario para registrar una dosis', en: 'Form to record a dose' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: { params: SiteParams, query: DayQuery },
    responses: pageResponses('The form.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const site = await siteNamed(params.site);
      if (!site) return notFound(c);
      return recordPage(c, site, dayOf(query, today()), emptyRecord(), {
        note: noteOf(query, pageContext(c).lang),
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: `${SITE_PATH}/dosis`,
    operationId: 'officeVaccinationDoseRecord',
    summary: { es: 'Registrar una dosis aplicada', en: 'Record a dose given' },
    description: {
      es: 'Registra la dosis en el registro nominal una sola vez (la clave del formulario), revisada contra el esquema, y la descuenta de las existencias del punto.',
      en: 'Records the dose in the nominal registry exactly once (the form’s key), checked against the schedule, and takes it from the site’s stock.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: {
      params: SiteParams,
      form: z.object({
        dia: optionalText(10),
        clave: optionalText(80),
        vacuna: optionalText(20),
        lote: optionalText(20),
        numero: optionalText(2),
        ...TripleFormFields,
        ...Attestation,
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Recorded: the form again, with what was recorded.',
      refused: 'The form with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const site = await siteNamed(params.site);
      if (!site) return notFound(c);
      const day = dayOf(body, today());
      const read = readTriple(body, ctx.lang, day);
      const words = pageMessages(ctx.lang).vaccination.office.record;
      const values: RecordValues = {
        ...read.values,
        product: body.vacuna ?? '',
        lot: body.lote ?? '',
        doseNumber: body.numero ?? '',
        key: formKey(body.clave),
      };
      const errors = { ...read.errors };
      const product = values.product;
      if (!isProductCode(product)) errors['vacuna'] = words.productMissing;
      if (!read.triple || !isProductCode(product))
        return recordPage(c, site, day, values, { errors, status: 400 });
      const lots = await lotNumbers();
      const refused = (f: VaccinationFailure) =>
        recordPage(c, site, day, values, {
          note: refusedNote(f, ctx.lang, { lots, sites: new Map([[site.code, site.name]]) }),
          status: failureStatus(f) as PageStatus,
        });
      const lotId = await chosenLot(site, product as ProductCode, values.lot, day);
      if (!lotId.ok) return refused(lotId.error);
      let doseNumber = /^[1-9]$/.test(values.doseNumber) ? Number(values.doseNumber) : undefined;
      const attested = attestedOf(body);
      if (doseNumber === undefined) {
        const e = await eligibilityOn(app.db, read.triple, day, { weekday: false, attested });
        if (!e.ok) return refused(e.error);
        if (!e.value.next)
          return refused(e.value.refusal ?? { code: 'series_complete', dosesGiven: e.value.doses.length });
        doseNumber = e.value.next.doseNumber;
      }
      const r = await recordDose(app.db, {
        person: read.triple,
        product,
        lotId: lotId.value,
        site: site.code,
        givenOn: day,
        doseNumber,
        idempotencyKey: values.key,
        actor: principalOf(c).actor,
        recordedAt: access.now(),
        attested,
      });
      if (!r.ok) return refused(r.error);
      return withNote(
        c,
        sitePath(site.code, 'dosis'),
        { dia: day },
        {
          k: 'recorded',
          dose: r.value.dose.doseNumber,
          product: r.value.dose.product,
          lot: lots.get(r.value.dose.lotId) ?? '',
        },
      );
    },
  });

  /** The lot chosen on the form, or the site's first to expire of the product (FEFO). */
  const chosenLot = async (site: Site, product: ProductCode, lot: string, day: IsoDate) => {
    if (/^[0-9]{1,18}$/.test(lot)) return { ok: true as const, value: BigInt(lot) };
    const next = await nextLot(app.db, { location: siteLocationCode(site.code), product, on: day });
    return next.ok ? { ok: true as const, value: next.value.lot.id } : next;
  };

  defineRoute(router, {
    method: 'get',
    path: `${SITE_PATH}/cierre`,
    operationId: 'officeVaccinationCloseForm',
    summary: { es: 'Cerrar la jornada (confirmación)', en: 'Close the day (confirmation)' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: { params: SiteParams, query: DayQuery },
    responses: pageResponses('The day’s counts and the button, or what the closing did.', { notFound: true }),
    handler: async (c, { params, query }) => {
      const day = dayOf(query, today());
      const status = await siteDayStatus(app.db, params.site, day);
      if (!status.ok) return notFound(c);
      const note = notes.decode(query.n, query.s);
      const result =
        note?.['k'] === 'closed'
          ? {
              given: Number(note['given']),
              left: Number(note['left']),
              noShows: Number(note['noShows']),
              wasted: Number(note['wasted']),
            }
          : undefined;
      return sendPage(
        c,
        pageHtml(
          <CloseDayPage
            ctx={pageContext(c)}
            site={status.value.site}
            day={day}
            counts={status.value.products}
            closed={status.value.closed}
            lots={status.value.lots}
            result={result}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: `${SITE_PATH}/cierre`,
    operationId: 'officeVaccinationClose',
    summary: { es: 'Cerrar la jornada', en: 'Close the day' },
    description: {
      es: 'Las citas no atendidas liberan sus dosis, la fila se vacía y los sobrantes de los frascos abiertos se dan de baja; una sola vez.',
      en: 'Appointments not attended release their doses, the queue empties and the rest of the opened vials is written off; once.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.administer' },
    request: { params: SiteParams, form: z.object({ dia: optionalText(10) }) },
    responses: pageResponses('Not used.', {
      redirect: 'Closed: to what the closing did.',
      refused: 'The page with why not.',
      notFound: true,
    }),
    handler: async (c, { params, body }) => {
      const ctx = pageContext(c);
      const day = dayOf(body, today());
      const r = await closeSiteDay(app.db, {
        site: params.site,
        day,
        actor: principalOf(c).actor,
        at: access.now(),
      });
      if (!r.ok) {
        const status = await siteDayStatus(app.db, params.site, day);
        if (!status.ok) return notFound(c);
        return sendPage(
          c,
          pageHtml(
            <CloseDayPage
              ctx={ctx}
              site={status.value.site}
              day={day}
              counts={status.value.products}
              closed={status.value.closed}
              note={refusedNote(r.error, ctx.lang)}
            />,
          ),
          failureStatus(r.error) as PageStatus,
        );
      }
      const closing = r.value;
      return withNote(
        c,
        sitePath(params.site, 'cierre'),
        { dia: day },
        {
          k: 'closed',
          given: closing.products.reduce((s, p) => s + p.administered, 0),
          left: closing.left,
          noShows: closing.noShows,
          wasted: closing.waste.reduce((s, w) => s + w.wasted, 0),
        },
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: `${SITE_PATH}/existencias`,
    operationId: 'officeVaccinationSiteStock',
    summary: { es: 'Existencias de un punto', en: 'A site’s stock' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    request: { params: SiteParams },
    responses: pageResponses('The site’s doses by lot.', { notFound: true }),
    handler: async (c, { params }) => {
      const sites = await listSites(app.db);
      const site = sites.find((s) => s.code === params.site);
      if (!site) return notFound(c);
      const ctx = pageContext(c);
      const stock = await stockAt(app.db, { location: siteLocationCode(site.code) });
      return sendPage(
        c,
        pageHtml(
          <StockPage
            ctx={ctx}
            title={pageMessages(ctx.lang).vaccination.office.stock.siteTitle(site.name)}
            lines={stock.ok ? stock.value : []}
            places={placesOf(sites)}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/vacunacion/existencias',
    operationId: 'officeVaccinationStock',
    summary: { es: 'Existencias por lugar y lote', en: 'Stock by place and lot' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    request: {
      query: z.object({
        lugar: optionalText(80).describe('A location code; all when omitted.'),
        ...NoteQuery,
      }),
    },
    responses: pageResponses('The stock.'),
    handler: async (c, { query }) => {
      const ctx = pageContext(c);
      const sites = await listSites(app.db);
      const places = placesOf(sites);
      const location = query.lugar && places.locations.includes(query.lugar) ? query.lugar : undefined;
      const stock = await stockAt(app.db, location ? { location } : {});
      return sendPage(
        c,
        pageHtml(
          <StockPage
            ctx={ctx}
            title={pageMessages(ctx.lang).vaccination.office.stock.title}
            lines={stock.ok ? stock.value : []}
            places={places}
            filter={{ value: location ?? '' }}
            note={noteOf(query, ctx.lang)}
          />,
        ),
      );
    },
  });

  const transferPage = async (
    c: OfficeContext,
    values: Parameters<typeof TransferPage>[0]['values'],
    o: { errors?: Record<string, string>; note?: PageNote; status?: PageStatus } = {},
  ) => {
    const lots = await listLots(app.db);
    return sendPage(
      c,
      pageHtml(
        <TransferPage
          ctx={pageContext(c)}
          lots={lots.ok ? lots.value : []}
          places={placesOf(await listSites(app.db))}
          values={values}
          errors={o.errors ?? {}}
          note={o.note}
        />,
      ),
      o.status ?? 200,
    );
  };

  defineRoute(router, {
    method: 'get',
    path: '/vacunacion/traslados',
    operationId: 'officeVaccinationTransferForm',
    summary: { es: 'Formulario de traslado de dosis', en: 'Form to transfer doses' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.stock' },
    responses: pageResponses('The form.'),
    handler: async (c) =>
      transferPage(c, {
        lot: '',
        from: '',
        to: '',
        doses: '',
        day: dateParts(today()),
        key: formKey(undefined),
      }),
  });

  defineRoute(router, {
    method: 'post',
    path: '/vacunacion/traslados',
    operationId: 'officeVaccinationTransfer',
    summary: { es: 'Trasladar dosis', en: 'Transfer doses' },
    description: {
      es: 'Mueve dosis de un lote entre dos lugares en el libro de existencias, una sola vez (la clave del formulario), con su entrada de auditoría.',
      en: 'Moves doses of a lot between two places on the stock ledger, exactly once (the form’s key), with its audit entry.',
    },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.stock' },
    request: {
      form: z.object({
        clave: optionalText(80),
        lote: optionalText(20),
        desde: optionalText(80),
        hacia: optionalText(80),
        dosis: optionalText(12),
        ...dateFields('dia'),
      }),
    },
    responses: pageResponses('Not used.', {
      redirect: 'Moved: to the stock of the place reached.',
      refused: 'The form with what to fix.',
    }),
    handler: async (c, { body }) => {
      const ctx = pageContext(c);
      const words = pageMessages(ctx.lang).vaccination.office.transfer;
      const date = readDate(body, 'dia');
      const values = {
        lot: body.lote ?? '',
        from: body.desde ?? '',
        to: body.hacia ?? '',
        doses: (body.dosis ?? '').trim(),
        day: date.parts,
        key: formKey(body.clave),
      };
      const places = placesOf(await listSites(app.db));
      const errors: Record<string, string> = {};
      if (!/^[0-9]{1,18}$/.test(values.lot)) errors['lote'] = words.lotMissing;
      if (!places.locations.includes(values.from)) errors['desde'] = words.placeMissing;
      if (!places.locations.includes(values.to)) errors['hacia'] = words.placeMissing;
      if (!/^[1-9][0-9]{0,8}$/.test(values.doses)) errors['dosis'] = words.dosesInvalid;
      if (!date.date) errors['dia'] = pageMessages(ctx.lang).vaccination.office.dayMissing;
      if (Object.keys(errors).length > 0 || !date.date)
        return transferPage(c, values, { errors, status: 400 });
      const r = await recordMovement(
        app.db,
        {
          id: values.key,
          kind: 'transfer',
          lotId: BigInt(values.lot),
          doses: BigInt(values.doses),
          from: values.from,
          to: values.to,
          on: date.date,
          occurredAt: access.now(),
        },
        principalOf(c).actor,
      );
      if (!r.ok) {
        const lots = await lotNumbers();
        return transferPage(c, values, {
          note: refusedNote(r.error, ctx.lang, { lots, sites: places.siteNames }),
          status: failureStatus(r.error) as PageStatus,
        });
      }
      return withNote(
        c,
        SEDES_PAGES.stock,
        { lugar: values.to },
        { k: 'moved', doses: values.doses, to: locationName(values.to, places.siteNames, ctx.lang) },
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/vacunacion/alertas',
    operationId: 'officeVaccinationAlerts',
    summary: { es: 'Alertas de existencias', en: 'Stock alerts' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    responses: pageResponses('Lots near expiry, sites running out, second doses not covered.'),
    handler: async (c) => {
      const on = today();
      const [expiring, runningOut, second, sites] = [
        await lotsNearExpiry(app.db, { on }),
        await sitesRunningOut(app.db, { on }),
        await secondProductMissing(app.db, { on }),
        await listSites(app.db),
      ];
      return sendPage(
        c,
        pageHtml(
          <AlertsPage
            ctx={pageContext(c)}
            on={on}
            expiring={expiring}
            runningOut={runningOut}
            secondDoses={second.ok ? second.value : []}
            places={placesOf(sites)}
          />,
        ),
      );
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/vacunacion/cobertura',
    operationId: 'officeVaccinationCoverage',
    summary: { es: 'Cobertura de vacunación', en: 'Vaccination coverage' },
    tags: OFFICE_TAGS,
    access: { permission: 'vaccination.read' },
    request: {
      query: z.object({ por: optionalText(20).describe('department (default), municipality or age_band.') }),
    },
    responses: pageResponses('Coverage by the grouping asked.'),
    handler: async (c, { query }) => {
      const by = query.por === 'municipality' || query.por === 'age_band' ? query.por : 'department';
      const on = today();
      const rows = await coverage(app.db, { on, by });
      return sendPage(c, pageHtml(<CoveragePage ctx={pageContext(c)} on={on} by={by} rows={rows} />));
    },
  });
  return router.hono;
}
