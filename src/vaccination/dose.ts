import type { Actor } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { createTransfers, getAccounts, getTransfers, type TransferInput } from '../ledger/index.ts';
import type { Facts } from '../rules/index.ts';
import { assert } from '../shared/assert.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { selectRecordsOfPersons } from './appointment.repository.ts';
import { type Appointment, bookedForDose, settleAppointments } from './appointment.ts';
import { Lookups } from './batch-lookups.ts';
import { deskOf } from './desk.ts';
import { insertDose, insertDoses, lockPerson, selectDosesOfPerson } from './dose.repository.ts';
import {
  type Attested,
  decideEligibility,
  doseKindOf,
  type NextDose,
  type PersonRef,
  personOf,
  seriesDosesOn,
} from './eligibility.ts';
import { askedPerson } from './person-finder.ts';
import { countAdministered, siteDaysLocked, siteDaysWanted } from './site-day.repository.ts';
import { movementTransferId } from './stock-movement.ts';
import { reservedLot, useReservation } from './stock-reservation.ts';
import type { RecordedDose, VaccinationFailure } from './vaccination.failures.ts';
import {
  DOSE_LEDGER,
  type DoseRecord,
  isProductCode,
  type Lot,
  type Product,
  type ProductCode,
  type Site,
  siteLocationCode,
} from './vaccination.types.ts';

/**
 * Administration = the nominal registry (RNVe): a health worker records a dose given. One
 * transaction writes the dose record, takes the dose from the lot's stock at the site (the ledger's
 * `administered` movement, id `dose:<person>:<dose number>`: whatever the key, a dose moves the
 * stock once) and appends the audit entry. Validated against the rules (interval, the product for
 * the dose, series not complete, a first dose's cohort) and the stock (lot not expired, at the
 * site). Idempotent: the same key returns the same record; another key for a dose recorded is
 * refused with the record.
 */

/** A dose as a health worker records it. */
export interface DoseInput {
  person: PersonRef;
  product: string;
  lotId: bigint;
  /** The site's code. */
  site: string;
  givenOn: IsoDate;
  doseNumber: number;
  /** Chosen by the caller and reused on a retry: 1–128 characters of `A–Z a–z 0–9 : . _ - / @`. */
  idempotencyKey: string;
  actor: Actor;
  recordedAt: Date;
  /** Priority groups the vaccinator attests (audited with the dose). */
  attested?: Attested;
}

/** The record, and whether this call found it recorded already (a retry: nothing written again). */
export interface DoseRecorded {
  dose: DoseRecord;
  replayed: boolean;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9:._\-/@]{0,127}$/;

/** The refusal shows the record a dose number holds, without the person. */
export function recordedDose(d: DoseRecord): RecordedDose {
  return {
    doseNumber: d.doseNumber,
    product: d.product,
    lotId: d.lotId,
    site: d.site,
    givenOn: d.givenOn,
    idempotencyKey: d.idempotencyKey,
  };
}

function checkInput(input: DoseInput): Result<never, VaccinationFailure> | undefined {
  const bad = (field: string, problem: 'missing' | 'format' | 'range') =>
    fail({ code: 'vaccination_input_invalid', field, problem } as const);
  if (!KEY.test(input.idempotencyKey)) return bad('idempotencyKey', 'format');
  if (!Number.isInteger(input.doseNumber) || input.doseNumber < 1 || input.doseNumber > 9)
    return bad('doseNumber', 'range');
  if (!isProductCode(input.product)) return fail({ code: 'product_unknown', product: input.product });
  if (parseIsoDate(input.givenOn) !== input.givenOn) return bad('givenOn', 'format');
  return undefined;
}

function sameDose(d: DoseRecord, input: DoseInput): boolean {
  return (
    d.doseNumber === input.doseNumber &&
    d.product === input.product &&
    d.lotId === input.lotId &&
    d.site === input.site &&
    d.givenOn === input.givenOn
  );
}

/**
 * Records a dose given. With a `Database`, in a transaction of its own (retried on a deadlock);
 * with a transaction, inside the caller's (the appointments' and the queue's services, the replay):
 * the caller then commits the dose, the stock and the audit entry together.
 *
 * @example
 *   const r = await recordDose(db, { person: { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-01' },
 *     product: 'sputnik_v_1', lotId: 3n, site: 'lp-umsa', givenOn: '2021-04-06', doseNumber: 1,
 *     idempotencyKey: 'tablet-7:000123', actor: 'account:vacunadora', recordedAt: now });
 *   if (!r.ok) r.error.code // 'dose_too_early', 'wrong_product_for_dose', 'lot_not_at_site', …
 */
export async function recordDose(
  db: Database | Sql,
  input: DoseInput,
): Promise<Result<DoseRecorded, VaccinationFailure>> {
  const refused = checkInput(input);
  if (refused) return refused;
  if (!('transaction' in db)) return recordDoseIn(db, input);
  // A person asked by key is found in the batch's first statement (see bookAppointment).
  const person = await askedPerson(db, input.person);
  if (!person.ok) return person;
  return deskOf<QueuedDose, DoseRecorded>(db, 'vaccination_doses', recordBatch).submit(input.site, {
    input,
    person: person.value,
  });
}

interface QueuedDose {
  input: DoseInput;
  person: { personId: bigint; facts: Facts };
}

/** A dose decided from the rows read, waiting for the stock to move. */
interface PlannedDose {
  index: number;
  q: QueuedDose;
  site: Site;
  lot: Lot;
  stockAccountId: bigint;
  doses: DoseRecord[];
  next: NextDose;
  booked: Appointment[];
  here: Appointment | null;
  reservation: string | null;
}

/**
 * A batch of doses in one transaction (the dose desk, desk.ts), set-based: the persons (locked by
 * the desk) have their doses and booked appointments read in one statement; each dose checked by the rules as
 * recordDoseIn checks it; the site's days' counters locked once; the stock moved with one call to
 * the ledger (a dose at its appointment uses its reserved dose); the records written with one
 * INSERT and the day's counters with one UPDATE. A refusal is the request's answer and writes
 * nothing. Each person is in the batch once (the desk's rounds).
 */
async function recordBatch(
  tx: Sql,
  batch: readonly QueuedDose[],
  look: Lookups,
): Promise<Result<DoseRecorded, VaccinationFailure>[]> {
  const out: Result<DoseRecorded, VaccinationFailure>[] = new Array(batch.length);
  const personIds = batch.map((q) => q.person.personId);
  const products = await look.productsByCode(tx);
  // The days the batch may use (each request's site and day, before the checks refuse any) are
  // locked by the statement that reads the persons' records, after their booked appointments; the
  // days of the requests checked are then taken from them (one opened only if it was not yet).
  const mayUse = new Map<bigint, { site: Site; days: Set<IsoDate> }>();
  for (const q of batch) {
    const site = await look.site(tx, q.input.site);
    if (!site) continue;
    const entry = mayUse.get(site.id) ?? { site, days: new Set<IsoDate>() };
    entry.days.add(q.input.givenOn);
    mayUse.set(site.id, entry);
  }
  const {
    doses: dosesBy,
    appointments: bookedBy,
    counters: locked,
  } = await selectRecordsOfPersons(tx, personIds, {
    statuses: ['booked'],
    forUpdate: true,
    siteDays: siteDaysWanted(mayUse),
  });

  const checked: Omit<PlannedDose, 'here' | 'reservation'>[] = [];
  for (const [index, q] of batch.entries()) {
    const r = await checkDose(tx, look, q.input, q.person, dosesBy.get(q.person.personId) ?? [], products);
    if (!r.ok) out[index] = r;
    else if ('replayed' in r.value) out[index] = ok(r.value);
    else
      checked.push({
        index,
        q,
        ...r.value,
        booked: (bookedBy.get(q.person.personId) ?? []).filter((a) => a.doseNumber === q.input.doseNumber),
      });
  }

  // The site's days of the doses checked, before the ledger's accounts.
  const daysBySite = new Map<bigint, { site: Site; days: Set<IsoDate> }>();
  for (const c of checked) {
    const entry = daysBySite.get(c.site.id) ?? { site: c.site, days: new Set<IsoDate>() };
    entry.days.add(c.q.input.givenOn);
    daysBySite.set(c.site.id, entry);
  }
  const closed = new Set<string>();
  const counters = await siteDaysLocked(tx, siteDaysWanted(daysBySite), products.size, locked);
  for (const c of counters.values()) if (c.closed) closed.add(`${c.siteId}:${c.day}`);
  const plans: PlannedDose[] = [];
  for (const c of checked) {
    if (closed.has(`${c.site.id}:${c.q.input.givenOn}`)) {
      out[c.index] = fail({ code: 'site_day_closed', site: c.site.code, day: c.q.input.givenOn });
      continue;
    }
    const here = c.booked.find((a) => a.siteId === c.site.id && a.day === c.q.input.givenOn) ?? null;
    plans.push({ ...c, here, reservation: here?.stockTransferId ?? null });
  }

  // The stock: one call to the ledger for the batch.
  const reserved = new Map(
    (
      await getTransfers(
        tx,
        plans.flatMap((p) => (p.reservation ? [p.reservation] : [])),
      )
    ).map((t) => [t.id, t.userData64]),
  );
  const transfers: TransferInput[] = [];
  const moves: { p: PlannedDose; usesReservation: boolean; movementId: string }[] = [];
  for (const p of plans) {
    const { input } = p.q;
    const personId = p.q.person.personId;
    if (p.reservation !== null && reserved.get(p.reservation) === p.lot.id) {
      transfers.push({
        kind: 'post_pending',
        id: `${p.reservation}:used`,
        pendingId: p.reservation,
        code: 'vaccination.administered',
        occurredAt: input.recordedAt,
      });
      moves.push({ p, usesReservation: true, movementId: '' });
      continue;
    }
    const movementId = `dose:${personId}:${input.doseNumber}`;
    const location = await look.location(tx, siteLocationCode(p.site.code));
    assert(location, 'a site has its stock location');
    const sink = await look.sink(tx, 'administered', location, input.recordedAt);
    transfers.push({
      id: movementTransferId(movementId),
      debitAccountId: p.stockAccountId,
      creditAccountId: sink.id,
      amount: 1n,
      ledger: DOSE_LEDGER,
      code: 'vaccination.administered',
      occurredAt: input.recordedAt,
      userData64: p.lot.id,
      personId,
    });
    moves.push({ p, usesReservation: false, movementId });
  }
  const results = await createTransfers(tx, transfers);
  const given: { p: PlannedDose; stockTransferId: string }[] = [];
  for (const [j, m] of moves.entries()) {
    const result = results[j]!.result;
    const id = transfers[j]!.id;
    if (m.usesReservation) {
      if (result !== 'ok' && result !== 'exists')
        throw new Error(`reservation ${m.p.reservation}: the ledger refused to use it: ${result}`);
      given.push({ p: m.p, stockTransferId: id });
      continue;
    }
    const refusal = await administeredRefusal(tx, look, result, m.movementId, m.p);
    if (refusal) out[m.p.index] = fail(refusal);
    else given.push({ p: m.p, stockTransferId: id });
  }

  // The records in one INSERT, the day's counters in one UPDATE; the appointments settled.
  const records = given.map(({ p, stockTransferId }) => {
    const { input } = p.q;
    const firstProduct = products.get((p.doses[0] ?? { product: p.lot.product }).product)!;
    const seriesDoses = seriesDosesOn(firstProduct.scheduleProduct, p.doses[0]?.givenOn ?? input.givenOn);
    const dose: DoseRecord = {
      personId: p.q.person.personId,
      doseNumber: input.doseNumber,
      doseKind: p.next.doseKind === 'booster' ? 'booster' : doseKindOf(input.doseNumber, seriesDoses),
      product: p.lot.product,
      lotId: p.lot.id,
      siteId: p.site.id,
      site: p.site.code,
      givenOn: input.givenOn,
      appointmentId: p.here?.id ?? null,
      idempotencyKey: input.idempotencyKey,
      stockTransferId,
      recordedBy: input.actor,
      recordedAt: input.recordedAt,
    };
    return { p, dose };
  });
  for (const { p, dose } of records)
    if (p.booked.length > 0)
      await settleAppointments(
        tx,
        p.booked,
        p.here,
        p.reservation !== null && dose.stockTransferId.startsWith(p.reservation),
        dose.recordedAt,
      );
  const counts = new Map<string, { siteId: bigint; day: string; product: ProductCode; n: number }>();
  for (const { dose } of records) {
    const key = `${dose.siteId}:${dose.givenOn}:${dose.product}`;
    const c = counts.get(key) ?? { siteId: dose.siteId, day: dose.givenOn, product: dose.product, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  // The doses and the day's counters of doses given, in one statement.
  const written = await insertDoses(
    tx,
    records.map((r) => r.dose),
    [...counts.values()],
  );
  assert(written.size === records.length, 'a dose checked under its person lock is written once');
  for (const { p, dose } of records) {
    await auditDose(tx, look, dose, p.site, p.q.input);
    out[p.index] = ok({ dose, replayed: false });
  }
  return out;
}

/**
 * The rules' and the lot's refusals of a dose, in the order a vaccinator reads them (the series
 * complete, the dose number, the rules' refusal, the product for that dose, the lot's expiry, the
 * lot at the site); shared by the desk's batches and a lone dose. Gives the lot's stock account
 * at the site and the dose the rules expect.
 */
async function doseByTheRules(
  tx: Sql,
  look: Lookups,
  input: DoseInput,
  site: Site,
  lot: Lot,
  person: { personId: bigint; facts: Facts },
  doses: readonly DoseRecord[],
  products: ReadonlyMap<ProductCode, Product>,
): Promise<Result<{ account: bigint; next: NextDose }, VaccinationFailure>> {
  const e = decideEligibility(
    person.facts,
    person.personId,
    doses,
    products,
    input.givenOn,
    { weekday: false },
    input.attested ?? {},
  );
  if (e.next === null) return fail({ code: 'series_complete', dosesGiven: doses.length });
  if (input.doseNumber !== e.next.doseNumber)
    return fail({
      code: 'dose_out_of_order',
      doseNumber: input.doseNumber,
      nextDoseNumber: e.next.doseNumber,
    });
  if (e.refusal) return fail(e.refusal);
  if (!e.next.products.includes(lot.product))
    return fail({
      code: 'wrong_product_for_dose',
      doseNumber: input.doseNumber,
      product: input.product,
      allowedProducts: e.next.products,
    });
  if (input.givenOn > lot.expiresOn)
    return fail({ code: 'lot_expired', lotId: lot.id, expiresOn: lot.expiresOn, on: input.givenOn });
  const account = await look.stockAccount(tx, site.locationId, lot.id);
  if (account === null) return fail({ code: 'lot_not_at_site', lotId: lot.id, site: site.code });
  return ok({ account, next: e.next });
}

/**
 * The checks of a dose before the stock moves (recordDoseIn's, from the person's doses read): the
 * record under the key (a retry), the dose number free, the site, the lot, the rules, the lot's
 * expiry and its account at the site.
 */
async function checkDose(
  tx: Sql,
  look: Lookups,
  input: DoseInput,
  person: { personId: bigint; facts: Facts },
  doses: DoseRecord[],
  products: Map<ProductCode, Product>,
): Promise<
  Result<
    DoseRecorded | { site: Site; lot: Lot; stockAccountId: bigint; doses: DoseRecord[]; next: NextDose },
    VaccinationFailure
  >
> {
  const byKey = doses.find((d) => d.idempotencyKey === input.idempotencyKey);
  if (byKey)
    return sameDose(byKey, input)
      ? ok({ dose: byKey, replayed: true })
      : fail({ code: 'dose_key_conflict', idempotencyKey: input.idempotencyKey });
  const existing = doses.find((d) => d.doseNumber === input.doseNumber);
  if (existing)
    return fail({
      code: 'dose_already_recorded',
      doseNumber: input.doseNumber,
      existing: recordedDose(existing),
    });
  const site = await look.site(tx, input.site);
  if (!site) return fail({ code: 'site_not_found', site: input.site });
  if (!site.active) return fail({ code: 'site_inactive', site: site.code });
  const lot = await look.lot(tx, input.lotId);
  if (!lot) return fail({ code: 'lot_not_found', lotId: input.lotId });
  if (lot.product !== input.product)
    return fail({ code: 'vaccination_input_invalid', field: 'lotId', problem: 'mismatch' });
  const ruled = await doseByTheRules(tx, look, input, site, lot, person, doses, products);
  if (!ruled.ok) return ruled;
  const { account, next } = ruled.value;
  return ok({ site, lot, stockAccountId: account, doses, next });
}

/** Why the ledger did not move a dose out of the stock (administer's answers), or null when it moved. */
async function administeredRefusal(
  tx: Sql,
  look: Lookups,
  result: string,
  movementId: string,
  p: PlannedDose,
): Promise<VaccinationFailure | null> {
  switch (result) {
    case 'ok':
    case 'exists':
      return null;
    case 'exists_with_different_fields':
      return { code: 'movement_conflict', movementId };
    case 'exceeds_credits': {
      const [stock] = await getAccounts(tx, [p.stockAccountId]);
      assert(stock, 'the debited account exists');
      const available = stock.creditsPosted - stock.debitsPosted - stock.debitsPending;
      if (available <= 0n) return { code: 'lot_not_at_site', lotId: p.lot.id, site: p.site.code };
      const location = await look.location(tx, siteLocationCode(p.site.code));
      return {
        code: 'stock_insufficient',
        location: location!.code,
        lotId: p.lot.id,
        availableDoses: available,
        requestedDoses: 1n,
      };
    }
    default:
      throw new Error(`dose ${movementId}: the ledger refused it: ${result}`);
  }
}

/**
 * One dose inside the caller's transaction (a batch of the dose desk, desk.ts, or the caller's
 * own): the person's rows read fresh under their lock; the site, the lot, the products, the stock
 * account and the site's day through `look`, once per batch.
 */
async function recordDoseIn(
  tx: Sql,
  input: DoseInput,
  look: Lookups = new Lookups(),
  person?: { personId: bigint; facts: Facts },
): Promise<Result<DoseRecorded, VaccinationFailure>> {
  const found = person ? ok(person) : await personOf(tx, input.person);
  if (!found.ok) return found;
  const { personId, facts } = found.value;
  // Retries of one dose, and two keys for it, wait here for each other and then see the record.
  await lockPerson(tx, personId);
  const doses = await selectDosesOfPerson(tx, personId);
  const byKey = doses.find((d) => d.idempotencyKey === input.idempotencyKey);
  if (byKey)
    return sameDose(byKey, input)
      ? ok({ dose: byKey, replayed: true })
      : fail({ code: 'dose_key_conflict', idempotencyKey: input.idempotencyKey });
  const existing = doses.find((d) => d.doseNumber === input.doseNumber);
  if (existing)
    return fail({
      code: 'dose_already_recorded',
      doseNumber: input.doseNumber,
      existing: recordedDose(existing),
    });

  const site = await look.site(tx, input.site);
  if (!site) return fail({ code: 'site_not_found', site: input.site });
  if (!site.active) return fail({ code: 'site_inactive', site: site.code });
  const lot = await look.lot(tx, input.lotId);
  if (!lot) return fail({ code: 'lot_not_found', lotId: input.lotId });
  if (lot.product !== input.product)
    return fail({ code: 'vaccination_input_invalid', field: 'lotId', problem: 'mismatch' });

  const products = await look.productsByCode(tx);
  const ruled = await doseByTheRules(tx, look, input, site, lot, { personId, facts }, doses, products);
  if (!ruled.ok) return ruled;
  const { account, next } = ruled.value;

  if (await look.siteDayClosed(tx, site, input.givenOn))
    return fail({ code: 'site_day_closed', site: site.code, day: input.givenOn });
  // A dose given at the person's appointment uses the dose it reserved when the lot is the same.
  const booked = await bookedForDose(tx, personId, input.doseNumber);
  const here = booked.find((a) => a.siteId === site.id && a.day === input.givenOn) ?? null;
  const reservation = here?.stockTransferId ?? null;
  let stockTransferId: string;
  if (reservation !== null && (await reservedLot(tx, reservation)) === lot.id) {
    stockTransferId = await useReservation(tx, reservation, input.recordedAt);
  } else {
    const movementId = `dose:${personId}:${input.doseNumber}`;
    const moved = await administer(tx, look, {
      movementId,
      site,
      lotId: lot.id,
      stockAccountId: account,
      personId,
      at: input.recordedAt,
    });
    if (!moved.ok) return moved;
    stockTransferId = movementTransferId(movementId);
  }
  await settleAppointments(
    tx,
    booked,
    here,
    reservation !== null && stockTransferId.startsWith(reservation),
    input.recordedAt,
  );
  const firstProduct = products.get((doses[0] ?? { product: lot.product }).product)!;
  const seriesDoses = seriesDosesOn(firstProduct.scheduleProduct, doses[0]?.givenOn ?? input.givenOn);
  const dose: DoseRecord = {
    personId,
    doseNumber: input.doseNumber,
    doseKind: next.doseKind === 'booster' ? 'booster' : doseKindOf(input.doseNumber, seriesDoses),
    product: lot.product,
    lotId: lot.id,
    siteId: site.id,
    site: site.code,
    givenOn: input.givenOn,
    appointmentId: here?.id ?? null,
    idempotencyKey: input.idempotencyKey,
    stockTransferId,
    recordedBy: input.actor,
    recordedAt: input.recordedAt,
  };
  await insertDose(tx, dose);
  await countAdministered(tx, site.id, input.givenOn, lot.product);
  await auditDose(tx, look, dose, site, input);
  return ok({ dose, replayed: false });
}

/**
 * Moves the dose from the lot's stock at the site to the site's administered doses (the movement
 * `dose:<person>:<dose number>`: a retry finds it and moves nothing), or `lot_not_at_site` when
 * the lot has no dose left there.
 */
async function administer(
  tx: Sql,
  look: Lookups,
  o: { movementId: string; site: Site; lotId: bigint; stockAccountId: bigint; personId: bigint; at: Date },
): Promise<Result<void, VaccinationFailure>> {
  const location = await look.location(tx, siteLocationCode(o.site.code));
  assert(location, 'a site has its stock location');
  const sink = await look.sink(tx, 'administered', location, o.at);
  const [result] = await createTransfers(tx, [
    {
      id: movementTransferId(o.movementId),
      debitAccountId: o.stockAccountId,
      creditAccountId: sink.id,
      amount: 1n,
      ledger: DOSE_LEDGER,
      code: 'vaccination.administered',
      occurredAt: o.at,
      userData64: o.lotId,
      personId: o.personId,
    },
  ]);
  assert(result, 'the ledger answers every transfer');
  switch (result.result) {
    case 'ok':
    case 'exists':
      return ok(undefined);
    case 'exists_with_different_fields':
      return fail({ code: 'movement_conflict', movementId: o.movementId });
    case 'exceeds_credits': {
      const [stock] = await getAccounts(tx, [o.stockAccountId]);
      assert(stock, 'the debited account exists');
      const available = stock.creditsPosted - stock.debitsPosted - stock.debitsPending;
      if (available <= 0n) return fail({ code: 'lot_not_at_site', lotId: o.lotId, site: o.site.code });
      return fail({
        code: 'stock_insufficient',
        location: location.code,
        lotId: o.lotId,
        availableDoses: available,
        requestedDoses: 1n,
      });
    }
    default:
      throw new Error(`dose ${o.movementId}: the ledger refused it: ${result.result}`);
  }
}

async function auditDose(
  tx: Sql,
  look: Lookups,
  dose: DoseRecord,
  site: Site,
  input: DoseInput,
): Promise<void> {
  await look.audit(tx, {
    at: input.recordedAt,
    actor: input.actor,
    action: 'vaccination_dose.recorded',
    entityType: 'vaccination_dose',
    entityId: `${dose.personId}:${dose.doseNumber}`,
    after: {
      doseNumber: dose.doseNumber,
      doseKind: dose.doseKind,
      product: dose.product,
      lotId: dose.lotId,
      site: site.code,
      givenOn: dose.givenOn,
      appointmentId: dose.appointmentId,
      idempotencyKey: dose.idempotencyKey,
      attested: input.attested ?? {},
    },
  });
}

/**
 * The doses the nominal registry holds for a person, by dose number, or `person_not_found`.
 *
 * @example const r = await dosesOf(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-01' })
 */
export async function dosesOf(
  sql: Sql,
  person: PersonRef,
): Promise<Result<DoseRecord[], VaccinationFailure>> {
  const found = await personOf(sql, person);
  if (!found.ok) return found;
  return ok(await selectDosesOfPerson(sql, found.value.personId));
}
