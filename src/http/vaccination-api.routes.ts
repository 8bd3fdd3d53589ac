import type { Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../access/index.ts';
import type { App } from '../app.ts';
import { createRouter, defineRoute, sendJson } from '../routing/route.ts';
import { Instant, IsoDate } from '../routing/schemas.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import {
  type Appointment,
  appointmentsAt,
  appointmentsOf,
  bookAppointment,
  cancelAppointment,
  type DoseRecord,
  dosesOf,
  eligibilityOn,
  PRODUCT_CODES,
  type QueueEntry,
  queueAt,
  recordDose,
  siteDay,
} from '../vaccination/index.ts';
import { Digits, errorAnswer } from './api-schemas.ts';
import { PersonTriple } from './bono-api.routes.ts';
import { respondToFailure } from './error-handler.ts';

/**
 * The vaccination campaign's API for integrations (a site's tablet app, a SEDES system): a
 * person's eligibility on a day, recording a dose in the nominal registry (exactly once, keyed by
 * its Idempotency-Key), booking and cancelling appointments, and the lists of a site's day. Who may
 * do what follows the roles: vaccination.read to read, vaccination.administer to record doses and
 * book. Failures are the domain's, answered as problem details (src/messages).
 */

/** A request is a person, a few codes and dates: anything larger is refused before it is read. */
const API_BODY_BYTES = 16 * 1024;

/** A person as their identity card names them (the bono API's schema). */
const Person = PersonTriple;

const Attested = z
  .object({
    healthWorker: z.boolean().optional(),
    comorbidity: z.boolean().optional(),
  })
  .meta({
    id: 'AttestedPriority',
    description:
      'Priority groups the vaccinator attests at the site (a credential, a medical certificate); audited.',
  });

const Product = z.enum(PRODUCT_CODES);
const SiteCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,56}$/)
  .meta({ description: 'A vaccination site’s code.', examples: ['lp-umsa'] });
const Key = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9:._\-/@]{7,119}$/)
  .meta({
    description:
      'Chosen by the caller, 8–120 characters (a UUID will do); the same on every retry, new for the next.',
    examples: ['9f1c2a7e-3b4d-4c8e-9a0b-1d2e3f405162'],
  });

const DoseJson = z
  .object({
    doseNumber: z.number().int(),
    doseKind: z.enum(['first', 'second', 'single', 'booster']),
    product: Product,
    lotId: Digits,
    site: z.string(),
    givenOn: IsoDate,
    appointmentId: Digits.nullable(),
    idempotencyKey: z.string(),
    recordedAt: Instant,
  })
  .meta({ id: 'VaccinationDose', description: 'A dose in the nominal registry.' });

const AppointmentJson = z
  .object({
    id: Digits,
    site: z.string(),
    day: IsoDate,
    doseNumber: z.number().int(),
    product: Product,
    status: z.enum(['booked', 'attended', 'cancelled', 'no_show']),
    followsId: Digits.nullable(),
    idempotencyKey: z.string(),
    bookedAt: Instant,
  })
  .meta({ id: 'VaccinationAppointment' });

const QueueJson = z
  .object({
    ticket: z.number().int(),
    product: Product,
    doseNumber: z.number().int(),
    status: z.enum(['waiting', 'served', 'left']),
    arrivedAt: Instant,
  })
  .meta({ id: 'VaccinationQueueEntry', description: 'A ticket of a site’s walk-in queue (no person data).' });

const EligibilityJson = z
  .object({
    on: IsoDate,
    eligible: z.boolean().meta({ description: 'The next dose may be given on the day.' }),
    refusal: z
      .object({ code: z.string() })
      .passthrough()
      .nullable()
      .meta({ description: 'Why not: a failure value (see x-error-codes), null when eligible.' }),
    next: z
      .object({
        doseNumber: z.number().int(),
        doseKind: z.enum(['first', 'second', 'single', 'booster']),
        products: z.array(Product),
        earliestOn: IsoDate.nullable(),
        latestOn: IsoDate.nullable(),
      })
      .nullable()
      .meta({ description: 'The next dose; null when the series is complete.' }),
    ciWeekday: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'ISO weekday of the CI’s last digit while the rotation applies.' }),
    priority: z.object({ healthWorker: z.boolean(), comorbidity: z.boolean() }),
    doses: z.array(DoseJson),
  })
  .meta({ id: 'VaccinationEligibility' });

const SiteDayJson = z
  .object({
    site: z.string(),
    day: IsoDate,
    products: z.array(
      z.object({
        product: Product,
        capacity: z.number().int(),
        reserved: z.number().int(),
        walkIns: z.number().int(),
        administered: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'VaccinationSiteDay' });

function doseJson(d: DoseRecord) {
  return {
    doseNumber: d.doseNumber,
    doseKind: d.doseKind,
    product: d.product,
    lotId: d.lotId,
    site: d.site,
    givenOn: d.givenOn,
    appointmentId: d.appointmentId,
    idempotencyKey: d.idempotencyKey,
    recordedAt: d.recordedAt,
  };
}

function appointmentJson(a: Appointment) {
  return {
    id: a.id,
    site: a.site,
    day: a.day,
    doseNumber: a.doseNumber,
    product: a.product,
    status: a.status,
    followsId: a.followsId,
    idempotencyKey: a.idempotencyKey,
    bookedAt: a.bookedAt,
  };
}

function queueJson(e: QueueEntry) {
  return {
    ticket: e.ticket,
    product: e.product,
    doseNumber: e.doseNumber,
    status: e.status,
    arrivedAt: e.arrivedAt,
  };
}

const tags = ['vaccination'];
const SiteDayParams = z.object({ site: SiteCode, day: IsoDate.meta({ examples: ['2021-07-06'] }) });
const idempotencyHeaders = z.object({ 'idempotency-key': Key });

/**
 * The vaccination API routes, to mount at /api/vaccination. The clock is the access middleware's.
 *
 * @example mountRoutes(router, '/api/vaccination', vaccinationApiRoutes(app, access));
 */
export function vaccinationApiRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);

  defineRoute(router, {
    method: 'post',
    path: '/eligibility',
    operationId: 'vaccinationEligibility',
    tags,
    access: { permission: 'vaccination.read' },
    request: {
      body: z.object({
        person: Person,
        on: IsoDate.optional().meta({ description: 'The day; today when omitted.' }),
        walkIn: z.boolean().default(true).meta({ description: 'Check the CI’s weekday, as for a walk-in.' }),
        attested: Attested.optional(),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: { description: 'The eligibility.', schema: EligibilityJson },
      404: errorAnswer('`person_not_found`: no person with all three details.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const on = body.on ?? toIsoDateInBolivia(access.now());
      const e = await eligibilityOn(app.db, body.person, on, {
        weekday: body.walkIn,
        attested: body.attested ?? {},
      });
      if (!e.ok) return respondToFailure(c, e.error);
      return sendJson(c, {
        on,
        eligible: e.value.refusal === null,
        refusal: e.value.refusal,
        next: e.value.next,
        ciWeekday: e.value.ciWeekday,
        priority: e.value.priority,
        doses: e.value.doses.map(doseJson),
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/doses',
    operationId: 'recordDose',
    tags,
    access: { permission: 'vaccination.administer' },
    request: {
      headers: idempotencyHeaders,
      body: z.object({
        person: Person,
        product: Product,
        lotId: Digits,
        site: SiteCode,
        givenOn: IsoDate,
        doseNumber: z.number().int().min(1).max(9),
        attested: Attested.optional(),
      }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: { description: 'Recorded.', schema: z.object({ dose: DoseJson }) },
      200: {
        description: 'A retry of a dose recorded before: the same record.',
        schema: z.object({ dose: DoseJson }),
      },
      404: errorAnswer('`person_not_found`, `site_not_found`, `lot_not_found`.'),
      409: errorAnswer(
        '`dose_already_recorded` (with the record), `dose_key_conflict`, `site_day_closed`, `stock_insufficient`.',
      ),
      422: errorAnswer(
        '`not_eligible_today` (with why), `dose_too_early` (with the earliest date), `dose_too_late`, `wrong_product_for_dose` (with the products allowed), `series_complete`, `dose_out_of_order`, `lot_expired`, `lot_not_at_site`, `site_inactive`.',
      ),
    },
    handler: async (c, { headers, body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await recordDose(app.db, {
        person: body.person,
        product: body.product,
        lotId: BigInt(body.lotId),
        site: body.site,
        givenOn: body.givenOn,
        doseNumber: body.doseNumber,
        idempotencyKey: headers['idempotency-key'],
        actor: c.get('principal')!.actor,
        recordedAt: access.now(),
        ...(body.attested ? { attested: body.attested } : {}),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { dose: doseJson(r.value.dose) }, r.value.replayed ? 200 : 201);
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/doses/lookup',
    operationId: 'personDoses',
    tags,
    access: { permission: 'vaccination.read' },
    request: { body: z.object({ person: Person }) },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: {
        description: 'The doses and appointments.',
        schema: z.object({ doses: z.array(DoseJson), appointments: z.array(AppointmentJson) }),
      },
      404: errorAnswer('`person_not_found`.'),
    },
    handler: async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      const doses = await dosesOf(app.db, body.person);
      if (!doses.ok) return respondToFailure(c, doses.error);
      const appointments = await appointmentsOf(app.db, body.person);
      if (!appointments.ok) return respondToFailure(c, appointments.error);
      return sendJson(c, {
        doses: doses.value.map(doseJson),
        appointments: appointments.value.map(appointmentJson),
      });
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/appointments',
    operationId: 'bookAppointment',
    tags,
    access: { permission: 'vaccination.administer' },
    request: {
      headers: idempotencyHeaders,
      body: z.object({ person: Person, site: SiteCode, day: IsoDate, attested: Attested.optional() }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      201: {
        description: 'Booked.',
        schema: z.object({
          appointment: AppointmentJson,
          secondDose: AppointmentJson.nullable(),
          secondDoseRefusal: z.object({ code: z.string() }).passthrough().nullable(),
        }),
      },
      200: {
        description: 'A retry of a booking made before.',
        schema: z.object({
          appointment: AppointmentJson,
          secondDose: AppointmentJson.nullable(),
          secondDoseRefusal: z.object({ code: z.string() }).passthrough().nullable(),
        }),
      },
      404: errorAnswer('`person_not_found`, `site_not_found`.'),
      409: errorAnswer(
        '`capacity_full`, `appointment_exists`, `site_day_closed`, `stock_empty`, `stock_insufficient`.',
      ),
      422: errorAnswer(
        '`not_eligible_today`, `dose_too_early`, `series_complete`, `access_not_offered`, `site_not_open`.',
      ),
    },
    handler: async (c, { headers, body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await bookAppointment(app.db, {
        person: body.person,
        site: body.site,
        day: body.day,
        idempotencyKey: headers['idempotency-key'],
        actor: c.get('principal')!.actor,
        at: access.now(),
        ...(body.attested ? { attested: body.attested } : {}),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(
        c,
        {
          appointment: appointmentJson(r.value.appointment),
          secondDose: r.value.secondDose && appointmentJson(r.value.secondDose),
          secondDoseRefusal: r.value.secondDoseRefusal,
        },
        r.value.replayed ? 200 : 201,
      );
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/appointments/:id{[0-9]+}/cancellation',
    operationId: 'cancelAppointment',
    tags,
    access: { permission: 'vaccination.administer' },
    request: {
      params: z.object({
        id: z.coerce
          .bigint()
          .positive()
          .meta({ description: 'The appointment.', examples: ['1'] }),
      }),
      body: z.object({ person: Person }),
    },
    maxBodyBytes: API_BODY_BYTES,
    responses: {
      200: {
        description: 'The appointments cancelled.',
        schema: z.object({ cancelled: z.array(AppointmentJson) }),
      },
      404: errorAnswer('`person_not_found`, `appointment_not_found` (none of this person with that number).'),
      409: errorAnswer('`appointment_not_booked`.'),
    },
    handler: async (c, { params, body }) => {
      c.header('Cache-Control', 'no-store');
      const r = await cancelAppointment(app.db, {
        person: body.person,
        appointmentId: params.id,
        actor: c.get('principal')!.actor,
        at: access.now(),
      });
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { cancelled: r.value.map(appointmentJson) });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/sites/:site/days/:day',
    operationId: 'vaccinationSiteDay',
    tags,
    access: { permission: 'vaccination.read' },
    request: { params: SiteDayParams },
    responses: {
      200: { description: 'The day’s counts.', schema: SiteDayJson },
      404: errorAnswer('`site_not_found`.'),
    },
    handler: async (c, { params }) => {
      const r = await siteDay(app.db, params.site, params.day);
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, r.value);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/sites/:site/days/:day/queue',
    operationId: 'vaccinationQueue',
    tags,
    access: { permission: 'vaccination.read' },
    request: { params: SiteDayParams },
    responses: {
      200: { description: 'The queue.', schema: z.object({ queue: z.array(QueueJson) }) },
      404: errorAnswer('`site_not_found`.'),
    },
    handler: async (c, { params }) => {
      const r = await queueAt(app.db, params.site, params.day);
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { queue: r.value.map(queueJson) });
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/sites/:site/days/:day/appointments',
    operationId: 'vaccinationSiteAppointments',
    tags,
    access: { permission: 'vaccination.read' },
    request: { params: SiteDayParams },
    responses: {
      200: { description: 'The appointments.', schema: z.object({ appointments: z.array(AppointmentJson) }) },
      404: errorAnswer('`site_not_found`.'),
    },
    handler: async (c, { params }) => {
      const r = await appointmentsAt(app.db, params.site, params.day);
      if (!r.ok) return respondToFailure(c, r.error);
      return sendJson(c, { appointments: r.value.map(appointmentJson) });
    },
  });

  return router.hono;
}
