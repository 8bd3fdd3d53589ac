import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { transactionWithRetry } from '../ledger/index.ts';
import type { Facts } from '../rules/index.ts';
import { addDays, type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import {
  type Appointment,
  insertAppointment,
  selectAppointmentsOfPerson,
  selectAppointmentsOfSiteDay,
  setAppointmentReservation,
  setAppointmentStatus,
} from './appointment.repository.ts';
import { Lookups } from './batch-lookups.ts';
import { deskOf } from './desk.ts';
import { lockPerson, selectDosesOfPerson } from './dose.repository.ts';
import { type Attested, decideEligibility, type NextDose, type PersonRef, personOf } from './eligibility.ts';
import { Refused } from './refusal.ts';
import { selectSites } from './site.repository.ts';
import { siteCapacityOn } from './site.ts';
import { releasePlaces, takePlace } from './site-day.repository.ts';
import { RESERVATION_PREFIX, releaseReservation, reserveDose } from './stock-reservation.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { type DoseRecord, type ProductCode, type Site, siteLocationCode } from './vaccination.types.ts';

/**
 * Appointments (optional per site, what peers such as CoWIN do): a person books a site and a day.
 * A booking takes a place of the day's capacity for a product allowed for their next dose (an
 * UPDATE that cannot pass the capacity, however many book at once) and reserves a dose of it in
 * the site's stock (a pending transfer on the ledger). Booking a first dose of a two-dose product
 * proposes and books the second inside the product's interval at the same site (for Sputnik V,
 * component 2). One active appointment per person and dose. Cancelling frees the places and the
 * doses of both; at the day's end (closeSiteDay) no-shows release theirs. Recording the dose
 * (recordDose) marks the appointment attended and uses its reserved dose.
 */

export type { Appointment, AppointmentStatus } from './appointment.repository.ts';

/** A booking as a caller asks for it. */
export interface BookingInput {
  person: PersonRef;
  /** The site's code. */
  site: string;
  day: IsoDate;
  /** Chosen by the caller, reused on a retry (1–120 characters of `A–Z a–z 0–9 : . _ - / @`). */
  idempotencyKey: string;
  actor: Actor;
  at: Date;
  attested?: Attested;
}

/** The appointment booked, and the second dose proposed with a first (or why none could be). */
export interface Booking {
  appointment: Appointment;
  secondDose: Appointment | null;
  /** Why no second dose was booked with a first dose of a two-dose product; null otherwise. */
  secondDoseRefusal: VaccinationFailure | null;
  /** True when this call found the booking made under its key already. */
  replayed: boolean;
}

/** Days after the due day a second dose is looked for when the rules set no latest day. */
const SECOND_DOSE_SEARCH_DAYS = 14;
const KEY = /^[A-Za-z0-9][A-Za-z0-9:._\-/@]{0,119}$/;

/**
 * Books an appointment (and, for a first dose of a two-dose product, proposes and books the second).
 *
 * @example
 *   const r = await bookAppointment(db, { person: key, site: 'lp-umsa', day: '2021-06-01',
 *     idempotencyKey: 'web:8f3a', actor: 'account:ana', at: now });
 *   if (r.ok) r.value.secondDose?.day // '2021-06-22'
 */
export async function bookAppointment(
  db: Database,
  input: BookingInput,
): Promise<Result<Booking, VaccinationFailure>> {
  if (!KEY.test(input.idempotencyKey))
    return fail({ code: 'vaccination_input_invalid', field: 'idempotencyKey', problem: 'format' });
  if (parseIsoDate(input.day) !== input.day)
    return fail({ code: 'vaccination_input_invalid', field: 'day', problem: 'format' });
  // The registry's facts are read before the batch, side by side on the pool: they are not the
  // campaign's to change, and the batch's transaction then does the person's writes alone.
  const person = await personOf(db, input.person);
  if (!person.ok) return person;
  return deskOf(db, 'vaccination_bookings', bookQueued).submit(input.site, { input, person: person.value });
}

interface QueuedBooking {
  input: BookingInput;
  person: { personId: bigint; facts: Facts };
}

function bookQueued(tx: Sql, q: QueuedBooking, look: Lookups): Promise<Result<Booking, VaccinationFailure>> {
  return book(tx, q.input, look, q.person);
}

/**
 * One booking inside the caller's transaction (a batch of the booking desk, desk.ts): the person's
 * rows are read fresh and locked; the site, the products, the site's day and the stock are read
 * through `look`, once per batch. Throws `Refused` when a refusal comes after a write.
 */
async function book(
  tx: Sql,
  input: BookingInput,
  look: Lookups = new Lookups(),
  person?: { personId: bigint; facts: Facts },
): Promise<Result<Booking, VaccinationFailure>> {
  const found = person ? ok(person) : await personOf(tx, input.person);
  if (!found.ok) return found;
  const { personId, facts } = found.value;
  await lockPerson(tx, personId);
  const mine = await selectAppointmentsOfPerson(tx, personId);
  const same = mine.find((a) => a.idempotencyKey === input.idempotencyKey);
  if (same) {
    const follower = mine.find((a) => a.followsId === same.id) ?? null;
    return ok({ appointment: same, secondDose: follower, secondDoseRefusal: null, replayed: true });
  }
  const site = await look.site(tx, input.site);
  if (!site) return fail({ code: 'site_not_found', site: input.site });
  if (!site.active) return fail({ code: 'site_inactive', site: site.code });
  if (site.access === 'walk_in')
    return fail({ code: 'access_not_offered', site: site.code, access: 'appointment' });

  const doses = await selectDosesOfPerson(tx, personId);
  const products = await look.productsByCode(tx);
  const e = decideEligibility(
    facts,
    personId,
    doses,
    products,
    input.day,
    { weekday: false },
    input.attested ?? {},
  );
  if (e.next === null) return fail({ code: 'series_complete', dosesGiven: doses.length });
  if (e.refusal) return fail(e.refusal);
  const next = e.next;
  const active = mine.find((a) => a.status === 'booked' && a.doseNumber === next.doseNumber);
  if (active)
    return fail({
      code: 'appointment_exists',
      appointmentId: active.id,
      doseNumber: active.doseNumber,
      site: active.site,
      day: active.day,
    });

  const placed = await holdPlace(tx, site, input.day, next.products, look);
  if (!placed.ok) return placed;
  const appointment = await bookOne(
    tx,
    {
      personId,
      site,
      day: input.day,
      doseNumber: next.doseNumber,
      product: placed.value,
      followsId: null,
      idempotencyKey: input.idempotencyKey,
      actor: input.actor,
      at: input.at,
    },
    look,
  );
  if (!appointment.ok) throw new Refused(appointment.error);

  let secondDose: Appointment | null = null;
  let secondDoseRefusal: VaccinationFailure | null = null;
  const firstDose: DoseRecord = {
    personId,
    doseNumber: 1,
    doseKind: 'first',
    product: placed.value,
    lotId: 0n,
    siteId: site.id,
    site: site.code,
    givenOn: input.day,
    appointmentId: appointment.value.id,
    idempotencyKey: input.idempotencyKey,
    stockTransferId: '',
    recordedBy: input.actor,
    recordedAt: input.at,
  };
  if (next.doseNumber === 1) {
    // The second dose as the rules would see it once the first is given on the day booked.
    const after = decideEligibility(
      facts,
      personId,
      [firstDose],
      products,
      input.day,
      { weekday: false },
      {},
    );
    if (after.next?.doseKind === 'second') {
      const second = await bookSecondDose(tx, site, after.next, personId, appointment.value, input, look);
      if (second.ok) secondDose = second.value;
      else secondDoseRefusal = second.error;
    }
  }
  await look.audit(tx, {
    at: input.at,
    actor: input.actor,
    action: 'vaccination_appointment.booked',
    entityType: 'vaccination_appointment',
    entityId: appointment.value.id,
    after: {
      site: site.code,
      day: input.day,
      doseNumber: appointment.value.doseNumber,
      product: appointment.value.product,
      secondDose: secondDose && { id: secondDose.id, day: secondDose.day, product: secondDose.product },
      secondDoseRefusal: secondDoseRefusal?.code ?? null,
      attested: input.attested ?? {},
    },
  });
  return ok({ appointment: appointment.value, secondDose, secondDoseRefusal, replayed: false });
}

/**
 * Takes a place on the site's day for the first of the products that has one left.
 */
async function holdPlace(
  tx: Sql,
  site: Site,
  day: IsoDate,
  products: readonly ProductCode[],
  look: Lookups,
): Promise<Result<ProductCode, VaccinationFailure>> {
  const capacity = siteCapacityOn(site, day);
  if (Object.keys(capacity).length === 0) return fail({ code: 'site_not_open', site: site.code, day });
  if (await look.siteDayClosed(tx, site, day)) return fail({ code: 'site_day_closed', site: site.code, day });
  const offered = products.filter((p) => (capacity[p] ?? 0) > 0);
  for (const product of offered)
    if (await takePlace(tx, site.id, day, product, 'reserved')) return ok(product);
  return fail({ code: 'capacity_full', site: site.code, day, product: offered[0] ?? products[0] ?? 'none' });
}

/** Writes a booked appointment whose place is taken, and reserves its dose in the site's stock. */
async function bookOne(
  tx: Sql,
  a: {
    personId: bigint;
    site: Site;
    day: IsoDate;
    doseNumber: number;
    product: ProductCode;
    followsId: bigint | null;
    idempotencyKey: string;
    actor: Actor;
    at: Date;
  },
  look: Lookups,
): Promise<Result<Appointment, VaccinationFailure>> {
  const id = await insertAppointment(tx, {
    personId: a.personId,
    siteId: a.site.id,
    day: a.day,
    doseNumber: a.doseNumber,
    product: a.product,
    followsId: a.followsId,
    idempotencyKey: a.idempotencyKey,
    bookedBy: a.actor,
    bookedAt: a.at,
    reservationPrefix: RESERVATION_PREFIX,
  });
  const reserved = await reserveDose(
    tx,
    {
      appointmentId: id,
      siteLocation: siteLocationCode(a.site.code),
      product: a.product,
      day: a.day,
      at: a.at,
      personId: a.personId,
    },
    look,
  );
  if (!reserved.ok) return reserved;
  return ok({
    id,
    personId: a.personId,
    siteId: a.site.id,
    site: a.site.code,
    day: a.day,
    doseNumber: a.doseNumber,
    product: a.product,
    status: 'booked',
    followsId: a.followsId,
    stockTransferId: reserved.value.transferId,
    idempotencyKey: a.idempotencyKey,
    bookedAt: a.at,
  });
}

/**
 * Books the second dose at the site on the first day inside the interval (from the due day to the
 * latest, or SECOND_DOSE_SEARCH_DAYS after the due day) with a place and a dose of an allowed
 * product; the first refusal met otherwise (no day open, every place taken, no stock).
 */
async function bookSecondDose(
  tx: Sql,
  site: Site,
  next: NextDose,
  personId: bigint,
  first: Appointment,
  input: BookingInput,
  look: Lookups,
): Promise<Result<Appointment, VaccinationFailure>> {
  const from = next.earliestOn ?? first.day;
  const to = next.latestOn ?? addDays(from, SECOND_DOSE_SEARCH_DAYS);
  let refusal: VaccinationFailure = { code: 'site_not_open', site: site.code, day: from };
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const capacity = siteCapacityOn(site, day);
    if (!next.products.some((p) => (capacity[p] ?? 0) > 0)) continue;
    const placed = await holdPlace(tx, site, day, next.products, look);
    if (!placed.ok) {
      refusal = placed.error;
      continue;
    }
    const booked = await bookOne(
      tx,
      {
        personId,
        site,
        day,
        doseNumber: 2,
        product: placed.value,
        followsId: first.id,
        idempotencyKey: `${input.idempotencyKey}:2`,
        actor: input.actor,
        at: input.at,
      },
      look,
    );
    if (booked.ok) return booked;
    // No dose to reserve that day: the place goes back, and the proposal is left undone.
    const [row] = (await selectAppointmentsOfPerson(tx, personId, { statuses: ['booked'] })).filter(
      (a) => a.followsId === first.id,
    );
    if (row) {
      await setAppointmentStatus(tx, personId, row.id, 'cancelled', input.at);
      await setAppointmentReservation(tx, personId, row.id, null);
    }
    await releasePlaces(tx, site.id, day, placed.value, 'reserved', 1);
    return booked;
  }
  return fail(refusal);
}

/** What a cancellation names. */
export interface CancelInput {
  person: PersonRef;
  appointmentId: bigint;
  actor: Actor;
  at: Date;
}

/**
 * Cancels a booked appointment of the person and the second dose proposed with it: their places
 * and reserved doses go back to the site.
 *
 * @example const r = await cancelAppointment(db, { person: key, appointmentId: 12n, actor: 'account:ana', at: now }); r.value.map((a) => a.id) // [12n, 13n]
 */
export async function cancelAppointment(
  db: Database,
  input: CancelInput,
): Promise<Result<Appointment[], VaccinationFailure>> {
  return transactionWithRetry(db, async (tx) => {
    const found = await personOf(tx, input.person);
    if (!found.ok) return found;
    const personId = found.value.personId;
    await lockPerson(tx, personId);
    const mine = await selectAppointmentsOfPerson(tx, personId, { forUpdate: true });
    const a = mine.find((x) => x.id === input.appointmentId);
    if (!a) return fail({ code: 'appointment_not_found', appointmentId: input.appointmentId });
    if (a.status !== 'booked')
      return fail({ code: 'appointment_not_booked', appointmentId: a.id, status: a.status });
    const gone = [a, ...mine.filter((x) => x.followsId === a.id && x.status === 'booked')];
    for (const x of gone) await release(tx, x, 'cancelled', input.at, true);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'vaccination_appointment.cancelled',
      entityType: 'vaccination_appointment',
      entityId: a.id,
      after: {
        cancelled: gone.map((x) => ({ id: x.id, site: x.site, day: x.day, doseNumber: x.doseNumber })),
      },
    });
    return ok(gone.map((x) => ({ ...x, status: 'cancelled' as const })));
  });
}

/** Ends a booked appointment: its status, its reserved dose voided, its place given back if asked. */
async function release(
  tx: Sql,
  a: Appointment,
  status: 'cancelled' | 'no_show',
  at: Date,
  freePlace: boolean,
): Promise<void> {
  await setAppointmentStatus(tx, a.personId, a.id, status, at);
  if (a.stockTransferId) await releaseReservation(tx, a.stockTransferId, at);
  if (freePlace) await releasePlaces(tx, a.siteId, a.day, a.product, 'reserved', 1);
}

/**
 * At the end of a site's day: the appointments still booked are no-shows, their reserved doses go
 * back to the stock (their places stay counted: the day is over), and the second doses proposed
 * with them are cancelled (places and doses freed). Inside the closing's transaction.
 *
 * @example const noShows = await releaseNoShows(tx, siteId, '2021-06-01', now)
 */
export async function releaseNoShows(
  tx: Sql,
  siteId: bigint,
  day: IsoDate,
  at: Date,
): Promise<Appointment[]> {
  const missed = await selectAppointmentsOfSiteDay(tx, siteId, day, {
    statuses: ['booked'],
    forUpdate: true,
  });
  for (const a of missed) {
    await release(tx, a, 'no_show', at, false);
    const followers = (await selectAppointmentsOfPerson(tx, a.personId, { statuses: ['booked'] })).filter(
      (x) => x.followsId === a.id,
    );
    for (const f of followers) await release(tx, f, 'cancelled', at, true);
  }
  return missed;
}

/**
 * The person's booked appointments for a dose, locked (a dose is being recorded).
 *
 * @example const booked = await bookedForDose(tx, personId, 1)
 */
export async function bookedForDose(tx: Sql, personId: bigint, doseNumber: number): Promise<Appointment[]> {
  return (await selectAppointmentsOfPerson(tx, personId, { statuses: ['booked'], forUpdate: true })).filter(
    (a) => a.doseNumber === doseNumber,
  );
}

/**
 * A dose was recorded: the appointment it was given at (`here`) is attended — its reserved dose
 * released unless the dose used it — and every other booked appointment for the dose is cancelled,
 * its place and dose freed. Inside the dose's transaction, after the stock moved.
 *
 * @example await settleAppointments(tx, booked, here, true, now)
 */
export async function settleAppointments(
  tx: Sql,
  booked: readonly Appointment[],
  here: Appointment | null,
  reservationUsed: boolean,
  at: Date,
): Promise<void> {
  for (const a of booked) {
    if (a.id !== here?.id) {
      await release(tx, a, 'cancelled', at, true);
      continue;
    }
    await setAppointmentStatus(tx, a.personId, a.id, 'attended', at);
    if (!reservationUsed && a.stockTransferId) await releaseReservation(tx, a.stockTransferId, at);
  }
}

/**
 * A person's appointments, by day, or `person_not_found`.
 *
 * @example const r = await appointmentsOf(db, key)
 */
export async function appointmentsOf(
  sql: Sql,
  person: PersonRef,
): Promise<Result<Appointment[], VaccinationFailure>> {
  const found = await personOf(sql, person);
  if (!found.ok) return found;
  return ok(await selectAppointmentsOfPerson(sql, found.value.personId));
}

/**
 * A site's appointments on a day, by id.
 *
 * @example const r = await appointmentsAt(db, 'lp-umsa', '2021-06-01')
 */
export async function appointmentsAt(
  sql: Sql,
  siteCode: string,
  day: IsoDate,
): Promise<Result<Appointment[], VaccinationFailure>> {
  const [site] = await selectSites(sql, { codes: [siteCode] });
  if (!site) return fail({ code: 'site_not_found', site: siteCode });
  return ok(await selectAppointmentsOfSiteDay(sql, site.id, day));
}
