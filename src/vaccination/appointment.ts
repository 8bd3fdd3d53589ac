import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { createTransfers, type TransferInput, transactionWithRetry } from '../ledger/index.ts';
import type { Facts } from '../rules/index.ts';
import { assert } from '../shared/assert.ts';
import { addDays, type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import {
  type Appointment,
  type AppointmentInsert,
  insertAppointments,
  nextAppointmentIds,
  selectAppointmentsOfPerson,
  selectAppointmentsOfSiteDay,
  selectRecordsOfPersons,
  setAppointmentStatus,
} from './appointment.repository.ts';
import type { Lookups } from './batch-lookups.ts';
import { deskOf } from './desk.ts';
import { lockPerson } from './dose.repository.ts';
import { type Attested, decideEligibility, type NextDose, type PersonRef, personOf } from './eligibility.ts';
import { askedPerson } from './person-finder.ts';
import { selectSites } from './site.repository.ts';
import { siteCapacityOn } from './site.ts';
import {
  type LockedSiteDayCount,
  lockSiteDaysDrawingIds,
  lockSiteDaysOf,
  releasePlaces,
  siteDaysWanted,
} from './site-day.repository.ts';
import { releaseReservation, reservationTransferId } from './stock-reservation.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import {
  DOSE_LEDGER,
  type DoseRecord,
  type Product,
  type ProductCode,
  type Site,
  siteLocationCode,
} from './vaccination.types.ts';

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
  // A person asked by key is found in the batch's first statement (desk.ts), one by id before it.
  const person = await askedPerson(db, input.person);
  if (!person.ok) return person;
  return deskOf<QueuedBooking, Booking>(db, 'vaccination_bookings', bookBatch).submit(input.site, {
    input,
    person: person.value,
  });
}

interface QueuedBooking {
  input: BookingInput;
  person: { personId: bigint; facts: Facts };
}

/** A booking decided from the rows read, waiting for its places and doses. */
interface PlannedBooking {
  index: number;
  q: QueuedBooking;
  site: Site;
  next: NextDose;
  /** The second dose as the rules see it once the first is given on the day booked (set with the first's place). */
  second: NextDose | null;
  first?: Slot;
  secondSlot?: Slot;
  secondRefusal: VaccinationFailure | null;
}

/** A place held on a site's day for a product, and then the dose reserved for it. */
interface Slot {
  day: IsoDate;
  product: ProductCode;
  id?: bigint;
  reservation?: string;
}

/**
 * A batch of bookings in one transaction (the booking desk, desk.ts), set-based: the persons
 * (locked by the desk) have their appointments and doses read in one statement; each request decided from
 * them by the rules; the places of each site's days decided from the counters locked once
 * (lockSiteDays) and taken with one UPDATE; the doses reserved with one call to the ledger for the
 * first doses and one for the second; the appointments written with one INSERT. A refusal is the
 * request's answer and writes nothing: a place given back before the UPDATE, a dose the ledger
 * refused leaves its booking unwritten. Each person is in the batch once (the desk's rounds).
 */
async function bookBatch(
  tx: Sql,
  batch: readonly QueuedBooking[],
  look: Lookups,
): Promise<Result<Booking, VaccinationFailure>[]> {
  const out: Result<Booking, VaccinationFailure>[] = new Array(batch.length);
  const personIds = batch.map((q) => q.person.personId);
  const { appointments: appointmentsBy, doses: dosesBy } = await selectRecordsOfPersons(tx, personIds);
  const products = await look.productsByCode(tx);

  const plans: PlannedBooking[] = [];
  for (const [index, q] of batch.entries()) {
    const { input } = q;
    const { personId, facts } = q.person;
    const mine = appointmentsBy.get(personId) ?? [];
    const same = mine.find((a) => a.idempotencyKey === input.idempotencyKey);
    if (same) {
      const follower = mine.find((a) => a.followsId === same.id) ?? null;
      out[index] = ok({ appointment: same, secondDose: follower, secondDoseRefusal: null, replayed: true });
      continue;
    }
    const site = await look.site(tx, input.site);
    if (!site) {
      out[index] = fail({ code: 'site_not_found', site: input.site });
      continue;
    }
    if (!site.active) {
      out[index] = fail({ code: 'site_inactive', site: site.code });
      continue;
    }
    if (site.access === 'walk_in') {
      out[index] = fail({ code: 'access_not_offered', site: site.code, access: 'appointment' });
      continue;
    }
    const doses = dosesBy.get(personId) ?? [];
    const e = decideEligibility(
      facts,
      personId,
      doses,
      products,
      input.day,
      { weekday: false },
      input.attested ?? {},
    );
    if (e.next === null) {
      out[index] = fail({ code: 'series_complete', dosesGiven: doses.length });
      continue;
    }
    if (e.refusal) {
      out[index] = fail(e.refusal);
      continue;
    }
    const next = e.next;
    const active = mine.find((a) => a.status === 'booked' && a.doseNumber === next.doseNumber);
    if (active) {
      out[index] = fail({
        code: 'appointment_exists',
        appointmentId: active.id,
        doseNumber: active.doseNumber,
        site: active.site,
        day: active.day,
      });
      continue;
    }
    plans.push({ index, q, site, next, second: null, secondRefusal: null });
  }

  // The places: each site's days locked once, decided here in the batch's order, taken with one UPDATE.
  const { counters, ids: drawn } = await lockPlaces(tx, plans, products, look);
  const counter = (site: Site, day: IsoDate, product: ProductCode) =>
    counters.get(`${site.id}:${day}:${product}`);
  const hold = (
    site: Site,
    day: IsoDate,
    wanted: readonly ProductCode[],
  ): Result<ProductCode, VaccinationFailure> => {
    const capacity = siteCapacityOn(site, day);
    if (Object.keys(capacity).length === 0) return fail({ code: 'site_not_open', site: site.code, day });
    if (closedDays.has(`${site.id}:${day}`)) return fail({ code: 'site_day_closed', site: site.code, day });
    const offered = wanted.filter((p) => (capacity[p] ?? 0) > 0);
    for (const product of offered) {
      const c = counter(site, day, product);
      if (c && c.reserved + c.walkIns < c.capacity) {
        c.reserved++;
        return ok(product);
      }
    }
    return fail({ code: 'capacity_full', site: site.code, day, product: offered[0] ?? wanted[0] ?? 'none' });
  };
  const giveBack = (site: Site, slot: Slot) => {
    counter(site, slot.day, slot.product)!.reserved--;
  };
  const closedDays = new Set<string>();
  const lockedDays = new Set<string>();
  const addCounters = (more: Map<string, LockedSiteDayCount & { siteId: bigint }>) => {
    for (const [key, c] of more) {
      counters.set(key, c);
      lockedDays.add(`${c.siteId}:${c.day}`);
      if (c.closed) closedDays.add(`${c.siteId}:${c.day}`);
    }
  };
  addCounters(new Map(counters));
  /**
   * Places a booking's second dose on the first day of its window with a place (or says why
   * none); false when it reached a day whose counters the batch has not locked.
   */
  const placeSecond = (p: PlannedBooking): boolean => {
    const { from, to } = secondDoseWindow(p.second!, p.q.input.day);
    let refusal: VaccinationFailure = { code: 'site_not_open', site: p.site.code, day: from };
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const capacity = siteCapacityOn(p.site, day);
      if (!p.second!.products.some((x) => (capacity[x] ?? 0) > 0)) continue;
      if (!lockedDays.has(`${p.site.id}:${day}`)) return false;
      const got = hold(p.site, day, p.second!.products);
      if (got.ok) {
        p.secondSlot = { day, product: got.value };
        return true;
      }
      refusal = got.error;
    }
    p.secondRefusal = refusal;
    return true;
  };

  // A booking refused for the stock gives its places back: the batch's bookings refused for a full
  // day then try again, as they would have had they come after it.
  const booked: PlannedBooking[] = [];
  let todo = plans;
  while (todo.length > 0) {
    const full: PlannedBooking[] = [];
    const unlocked: PlannedBooking[] = [];
    let gaveBack = false;
    for (const p of todo) {
      const placed = hold(p.site, p.q.input.day, p.next.products);
      if (!placed.ok) {
        out[p.index] = placed;
        if (placed.error.code === 'capacity_full') full.push(p);
        continue;
      }
      p.first = { day: p.q.input.day, product: placed.value };
      p.second = p.next.doseNumber === 1 ? secondDoseAfter(p, placed.value, products) : null;
      if (p.second && !placeSecond(p)) unlocked.push(p);
    }
    // The second doses the due day could not take: the rest of their windows locked, and placed.
    if (unlocked.length > 0) {
      addCounters(await lockWindows(tx, unlocked, lockedDays, products));
      for (const p of unlocked) assert(placeSecond(p), 'every day of the window is locked');
    }

    const placedPlans = todo.filter((p) => p.first);
    // The ids drawn with the counters; more only when a retry of the batch's full bookings needs them.
    const wanted = placedPlans.length + placedPlans.filter((p) => p.secondSlot).length;
    if (drawn.length < wanted) drawn.push(...(await nextAppointmentIds(tx, wanted - drawn.length)));
    const ids = drawn.splice(drawn.length - wanted, wanted);
    for (const p of placedPlans) {
      p.first!.id = ids.pop()!;
      if (p.secondSlot) p.secondSlot.id = ids.pop()!;
    }
    // The doses: the first and second doses reserved together, in one call to the ledger.
    const { first: firstRefused, second: secondRefused } = await reserveBookings(
      tx,
      look,
      placedPlans.map((p) => ({
        site: p.site,
        first: p.first!,
        second: p.secondSlot,
        personId: p.q.person.personId,
        at: p.q.input.at,
      })),
    );
    for (const [k, refusal] of firstRefused) {
      const p = placedPlans[k]!;
      out[p.index] = fail(refusal);
      giveBack(p.site, p.first!);
      if (p.secondSlot) giveBack(p.site, p.secondSlot);
      p.first = undefined;
      gaveBack = true;
    }
    for (const [k, refusal] of secondRefused) {
      const p = placedPlans[k]!;
      p.secondRefusal = refusal;
      giveBack(p.site, p.secondSlot!);
      p.secondSlot = undefined;
      gaveBack = true;
    }
    booked.push(...placedPlans.filter((p) => p.first));
    todo = gaveBack ? full : [];
  }

  // The writes: the places and the appointments in one statement, the audit entries deferred.
  const taken = new Map<string, { siteId: bigint; day: string; product: ProductCode; n: number }>();
  for (const p of booked)
    for (const slot of [p.first!, p.secondSlot].filter((x): x is Slot => x !== undefined)) {
      const key = `${p.site.id}:${slot.day}:${slot.product}`;
      const t = taken.get(key) ?? { siteId: p.site.id, day: slot.day, product: slot.product, n: 0 };
      t.n++;
      taken.set(key, t);
    }
  const rows: (AppointmentInsert & { id: bigint; stockTransferId: string })[] = [];
  const answers = booked.map((p) => {
    const { input } = p.q;
    const personId = p.q.person.personId;
    const appointment = appointmentOf(p, p.first!, p.next.doseNumber, null, input.idempotencyKey);
    const secondDose = p.secondSlot
      ? appointmentOf(p, p.secondSlot, 2, appointment.id, `${input.idempotencyKey}:2`)
      : null;
    for (const a of [appointment, secondDose].filter((x): x is Appointment => x !== null))
      rows.push({
        id: a.id,
        personId,
        siteId: a.siteId,
        day: a.day,
        doseNumber: a.doseNumber,
        product: a.product,
        followsId: a.followsId,
        idempotencyKey: a.idempotencyKey,
        bookedBy: input.actor,
        bookedAt: input.at,
        stockTransferId: a.stockTransferId!,
      });
    return { p, appointment, secondDose };
  });
  const moved = await insertAppointments(tx, rows, [...taken.values()]);
  assert(moved === taken.size, 'the places decided from the locked counters fit their capacity');
  for (const { p, appointment, secondDose } of answers) {
    const { input } = p.q;
    await look.audit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'vaccination_appointment.booked',
      entityType: 'vaccination_appointment',
      entityId: appointment.id,
      after: {
        site: p.site.code,
        day: input.day,
        doseNumber: appointment.doseNumber,
        product: appointment.product,
        secondDose: secondDose && { id: secondDose.id, day: secondDose.day, product: secondDose.product },
        secondDoseRefusal: p.secondRefusal?.code ?? null,
        attested: input.attested ?? {},
      },
    });
    out[p.index] = ok({ appointment, secondDose, secondDoseRefusal: p.secondRefusal, replayed: false });
  }
  return out;
}

/** The second dose as the rules would see it once the first is given, of the product placed, on the day booked. */
function secondDoseAfter(
  p: PlannedBooking,
  product: ProductCode,
  products: Map<ProductCode, Product>,
): NextDose | null {
  const { input } = p.q;
  const { personId, facts } = p.q.person;
  const firstDose: DoseRecord = {
    personId,
    doseNumber: 1,
    doseKind: 'first',
    product,
    lotId: 0n,
    siteId: p.site.id,
    site: p.site.code,
    givenOn: input.day,
    appointmentId: null,
    idempotencyKey: input.idempotencyKey,
    stockTransferId: '',
    recordedBy: input.actor,
    recordedAt: input.at,
  };
  const after = decideEligibility(facts, personId, [firstDose], products, input.day, { weekday: false }, {});
  return after.next?.doseKind === 'second' ? after.next : null;
}

/** The days a second dose is looked for: from its due day to the latest (or SECOND_DOSE_SEARCH_DAYS after). */
function secondDoseWindow(second: NextDose, firstDay: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = second.earliestOn ?? firstDay;
  return { from, to: second.latestOn ?? addDays(from, SECOND_DOSE_SEARCH_DAYS) };
}

/**
 * The locked counters of every site's day the batch's bookings ask for and, for a first dose, of
 * the first open day of its second dose's window (its due day): a day's counters for every
 * product, so a window of four weeks locked whole would be a hundred rows a booking. The rest of a
 * window is locked only when its due day is full (lockWindows).
 */
async function lockPlaces(
  tx: Sql,
  plans: readonly PlannedBooking[],
  products: Map<ProductCode, Product>,
  look: Lookups,
): Promise<{ counters: Map<string, LockedSiteDayCount & { siteId: bigint }>; ids: bigint[] }> {
  const bySite = new Map<bigint, { site: Site; days: Set<IsoDate> }>();
  for (const p of plans) {
    const entry = bySite.get(p.site.id) ?? { site: p.site, days: new Set<IsoDate>() };
    bySite.set(p.site.id, entry);
    const open = (day: IsoDate) => Object.keys(siteCapacityOn(p.site, day)).length > 0;
    if (!open(p.q.input.day)) continue;
    entry.days.add(p.q.input.day);
    if (p.next.doseNumber !== 1) continue;
    // The second dose's days, for each product the first dose may take there.
    const capacity = siteCapacityOn(p.site, p.q.input.day);
    for (const product of p.next.products.filter((x) => (capacity[x] ?? 0) > 0)) {
      const second = secondDoseAfter(p, product, products);
      if (!second) continue;
      // The window's first open day, where the second dose goes unless it is full (lockWindows).
      const { from, to } = secondDoseWindow(second, p.q.input.day);
      for (let day = from; day <= to; day = addDays(day, 1))
        if (open(day)) {
          entry.days.add(day);
          break;
        }
    }
  }
  // The most appointments the batch may write (a first dose with its second): their ids drawn in
  // the same statement.
  const most = plans.reduce((n, p) => n + (p.next.doseNumber === 1 ? 2 : 1), 0);
  // And the balances of the stock at the sites, which reserveBookings' first reading of the next
  // lots takes instead of a statement of its own.
  const accounts = await look.stockAccountIdsAt(
    tx,
    plans.map((p) => siteLocationCode(p.site.code)),
  );
  const locked = await lockSiteDaysDrawingIds(tx, siteDaysWanted(bySite), products.size, most, accounts);
  if (accounts.length > 0) look.primeBalances(locked.balances);
  return locked;
}

/** The counters of the days of the bookings' second-dose windows not locked yet (`locked`: `<site id>:<day>`). */
async function lockWindows(
  tx: Sql,
  plans: readonly PlannedBooking[],
  locked: ReadonlySet<string>,
  products: Map<ProductCode, Product>,
): Promise<Map<string, LockedSiteDayCount & { siteId: bigint }>> {
  const bySite = new Map<bigint, { site: Site; days: Set<IsoDate> }>();
  for (const p of plans) {
    const entry = bySite.get(p.site.id) ?? { site: p.site, days: new Set<IsoDate>() };
    bySite.set(p.site.id, entry);
    const { from, to } = secondDoseWindow(p.second!, p.q.input.day);
    for (let day = from; day <= to; day = addDays(day, 1))
      if (Object.keys(siteCapacityOn(p.site, day)).length > 0 && !locked.has(`${p.site.id}:${day}`))
        entry.days.add(day);
  }
  return lockSiteDaysOf(tx, siteDaysWanted(bySite), products.size);
}

/** A booking's doses to reserve: its first dose's slot and, booked with it, its second's. */
interface BookingDoses {
  site: Site;
  first: Slot;
  second: Slot | undefined;
  personId: bigint;
  at: Date;
}

/**
 * Reserves the doses of the batch's bookings with one call to the ledger (one lock of each stock
 * account, in the ledger's order): each booking's first and second doses as a linked pair, so
 * neither is held without the other. When the lots as read cannot cover every pair, and for a
 * booking whose pair the ledger refuses all the same (a lot read for the batch used since, a lot
 * missing), the careful way, reserveDoses': the first doses, each lot chosen again if stale, then
 * the second doses, so a first dose is never refused for a second dose's sake. The refusals by the booking's index, of its first dose (the
 * booking refused) and of its second (booked without it). Sets each reserved slot's `reservation`.
 */
async function reserveBookings(
  tx: Sql,
  look: Lookups,
  wanted: readonly BookingDoses[],
): Promise<{ first: Map<number, VaccinationFailure>; second: Map<number, VaccinationFailure> }> {
  const where = (site: Site, slot: Slot) => ({
    location: siteLocationCode(site.code),
    product: slot.product,
    on: slot.day,
  });
  await look.nextLots(
    tx,
    wanted.flatMap((w) => [where(w.site, w.first), ...(w.second ? [where(w.site, w.second)] : [])]),
  );
  const transfers: TransferInput[] = [];
  const sent: { k: number; from: number; n: number }[] = [];
  const careful: number[] = [];
  // What the pairs take from each stock account, against what it held when read: when a lot
  // cannot cover them all, every booking goes the careful way, first doses before second doses.
  const demand = new Map<bigint, { wanted: bigint; available: bigint }>();
  for (const [k, w] of wanted.entries()) {
    const first = await reservationOf(tx, look, {
      site: w.site,
      slot: w.first,
      personId: w.personId,
      at: w.at,
    });
    const second = w.second
      ? await reservationOf(tx, look, { site: w.site, slot: w.second, personId: w.personId, at: w.at })
      : null;
    if (!first.ok || (second && !second.ok)) {
      careful.push(k);
      continue;
    }
    sent.push({ k, from: transfers.length, n: second ? 2 : 1 });
    transfers.push(second ? { ...first.value.transfer, linked: true } : first.value.transfer);
    if (second?.ok) transfers.push(second.value.transfer);
    for (const r of second?.ok ? [first.value, second.value] : [first.value]) {
      const d = demand.get(r.stock) ?? { wanted: 0n, available: r.available };
      d.wanted += 1n;
      if (r.available < d.available) d.available = r.available;
      demand.set(r.stock, d);
    }
  }
  if ([...demand.values()].some((d) => d.wanted > d.available)) {
    careful.push(...sent.map((s) => s.k));
    sent.length = 0;
    transfers.length = 0;
  }
  const results = await createTransfers(tx, transfers);
  for (const s of sent) {
    const mine = results.slice(s.from, s.from + s.n).map((r) => r.result);
    if (mine.every((r) => r === 'ok' || r === 'exists')) {
      const w = wanted[s.k]!;
      w.first.reservation = transfers[s.from]!.id;
      if (w.second) w.second.reservation = transfers[s.from + 1]!.id;
      continue;
    }
    for (const [j, r] of mine.entries())
      if (!['ok', 'exists', 'exceeds_credits', 'linked_event_failed'].includes(r))
        throw new Error(`reservation ${transfers[s.from + j]!.id}: the ledger refused it: ${r}`);
    careful.push(s.k);
  }
  const refused = {
    first: new Map<number, VaccinationFailure>(),
    second: new Map<number, VaccinationFailure>(),
  };
  if (careful.length === 0) return refused;
  careful.sort((a, b) => a - b);
  const firsts = await reserveDoses(
    tx,
    look,
    careful.map((k) => ({
      site: wanted[k]!.site,
      slot: wanted[k]!.first,
      personId: wanted[k]!.personId,
      at: wanted[k]!.at,
    })),
  );
  for (const [j, refusal] of firsts) refused.first.set(careful[j]!, refusal);
  const withSecond = careful.filter((k, j) => !firsts.has(j) && wanted[k]!.second);
  const seconds = await reserveDoses(
    tx,
    look,
    withSecond.map((k) => ({
      site: wanted[k]!.site,
      slot: wanted[k]!.second!,
      personId: wanted[k]!.personId,
      at: wanted[k]!.at,
    })),
  );
  for (const [j, refusal] of seconds) refused.second.set(withSecond[j]!, refusal);
  return refused;
}

/** The reservation of one dose for a slot, from the lot the site would use next (stale: read again). */
async function reservationOf(
  tx: Sql,
  look: Lookups,
  w: { site: Site; slot: Slot; personId: bigint; at: Date },
  stale = false,
): Promise<
  Result<
    { transfer: TransferInput; stock: bigint; lotId: bigint; available: bigint; location: string },
    VaccinationFailure
  >
> {
  const { site, slot, personId, at } = w;
  const locationCode = siteLocationCode(site.code);
  const next = await look.nextLot(tx, { location: locationCode, product: slot.product, on: slot.day }, stale);
  if (!next.ok) return next;
  const location = await look.location(tx, locationCode);
  assert(location, 'the site of a lot in stock has its location');
  const lotId = next.value.lot.id;
  const stock = await look.stockAccount(tx, location.id, lotId);
  assert(stock !== null, 'a lot in stock at a location has its stock account there');
  const sink = await look.sink(tx, 'administered', location, at);
  return ok({
    transfer: {
      kind: 'pending',
      id: reservationTransferId(slot.id!),
      debitAccountId: stock,
      creditAccountId: sink.id,
      amount: 1n,
      ledger: DOSE_LEDGER,
      code: 'vaccination.reserved',
      occurredAt: at,
      userData64: lotId,
      personId,
    },
    stock,
    lotId,
    available: next.value.availableDoses,
    location: location.code,
  });
}

/**
 * Reserves one dose for each slot (reserveDose's, for many in one call to the ledger, and once more
 * for those the lot read for the batch could not cover: the lot chosen again from the stock as it
 * is now); the refusals by the slot's index. Sets each reserved slot's `reservation`.
 */
async function reserveDoses(
  tx: Sql,
  look: Lookups,
  wanted: readonly { site: Site; slot: Slot; personId: bigint; at: Date }[],
): Promise<Map<number, VaccinationFailure>> {
  const refused = new Map<number, VaccinationFailure>();
  let pending = wanted.map((_, k) => k);
  for (const stale of [false, true]) {
    const refreshed = new Set<string>();
    await look.nextLots(
      tx,
      pending.map((k) => ({
        location: siteLocationCode(wanted[k]!.site.code),
        product: wanted[k]!.slot.product,
        on: wanted[k]!.slot.day,
      })),
      stale,
    );
    for (const k of pending)
      refreshed.add(
        `${siteLocationCode(wanted[k]!.site.code)}:${wanted[k]!.slot.product}:${wanted[k]!.slot.day}`,
      );
    const transfers: TransferInput[] = [];
    const sent: { k: number; lotId: bigint; available: bigint; location: string }[] = [];
    for (const k of pending) {
      const { site, slot } = wanted[k]!;
      const key = `${siteLocationCode(site.code)}:${slot.product}:${slot.day}`;
      const r = await reservationOf(tx, look, wanted[k]!, stale && !refreshed.has(key));
      refreshed.add(key);
      if (!r.ok) {
        refused.set(k, r.error);
        continue;
      }
      transfers.push(r.value.transfer);
      sent.push({ k, lotId: r.value.lotId, available: r.value.available, location: r.value.location });
    }
    const results = await createTransfers(tx, transfers);
    const again: number[] = [];
    for (const [j, s] of sent.entries()) {
      const result = results[j]!.result;
      if (result === 'ok' || result === 'exists') {
        wanted[s.k]!.slot.reservation = transfers[j]!.id;
        continue;
      }
      if (result !== 'exceeds_credits')
        throw new Error(`reservation ${transfers[j]!.id}: the ledger refused it: ${result}`);
      if (stale)
        refused.set(s.k, {
          code: 'stock_insufficient',
          location: s.location,
          lotId: s.lotId,
          availableDoses: s.available,
          requestedDoses: 1n,
        });
      else again.push(s.k);
    }
    pending = again;
    if (pending.length === 0) break;
  }
  return refused;
}

/** The appointment a planned booking writes for one of its slots. */
function appointmentOf(
  p: PlannedBooking,
  slot: Slot,
  doseNumber: number,
  followsId: bigint | null,
  idempotencyKey: string,
): Appointment {
  return {
    id: slot.id!,
    personId: p.q.person.personId,
    siteId: p.site.id,
    site: p.site.code,
    day: slot.day,
    doseNumber,
    product: slot.product,
    status: 'booked',
    followsId,
    stockTransferId: slot.reservation!,
    idempotencyKey,
    bookedAt: p.q.input.at,
  };
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
