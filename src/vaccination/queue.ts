import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { transactionWithRetry } from '../ledger/index.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { lockPerson, selectDosesOfPerson } from './dose.repository.ts';
import { type DoseRecorded, recordDose } from './dose.ts';
import { type Attested, decideEligibility, type PersonRef, personOf, productsByCode } from './eligibility.ts';
import {
  insertQueueEntry,
  type QueueEntry,
  selectQueue,
  selectQueueEntryOfPerson,
  setQueueStatus,
  takeWaiting,
} from './queue.repository.ts';
import { Refused, refusable } from './refusal.ts';
import { selectSites } from './site.repository.ts';
import { siteCapacityOn } from './site.ts';
import { ensureSiteDay, releasePlaces, takePlace, takeTicket } from './site-day.repository.ts';
import { nextLot } from './stock-balance.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { type ProductCode, type Site, siteLocationCode } from './vaccination.types.ts';

/**
 * Walk-ins, what Bolivia did in 2021: a person arrives with the CI; the site checks that the
 * person may be vaccinated that day (their cohort, and the weekday of their CI's last digit where
 * the rotation applies), and queues them with a ticket and the product they will get (a place of
 * the day's capacity for walk-ins, and a product with doses in the site's stock); the queue is
 * served in ticket order, each dose recorded in the nominal registry (recordDose) in the same
 * transaction that marks the ticket served.
 */

export type { QueueEntry, QueueStatus } from './queue.repository.ts';

/** An arrival at a site. */
export interface ArrivalInput {
  person: PersonRef;
  site: string;
  day: IsoDate;
  actor: Actor;
  at: Date;
  attested?: Attested;
}

async function siteFor(sql: Sql, code: string, day: IsoDate): Promise<Result<Site, VaccinationFailure>> {
  const [site] = await selectSites(sql, { codes: [code] });
  if (!site) return fail({ code: 'site_not_found', site: code });
  if (!site.active) return fail({ code: 'site_inactive', site: site.code });
  if (Object.keys(siteCapacityOn(site, day)).length === 0)
    return fail({ code: 'site_not_open', site: site.code, day });
  return ok(site);
}

/**
 * Queues a walk-in: eligible that day (cohort and CI weekday), not queued there already, a place
 * and a dose of an allowed product left. Returns the entry with its ticket.
 *
 * @example const r = await joinQueue(db, { person: key, site: 'lp-umsa', day: '2021-04-27', actor: 'account:ana', at: now }); r.value.ticket // 1
 */
export async function joinQueue(
  db: Database,
  input: ArrivalInput,
): Promise<Result<QueueEntry, VaccinationFailure>> {
  if (parseIsoDate(input.day) !== input.day)
    return fail({ code: 'vaccination_input_invalid', field: 'day', problem: 'format' });
  return refusable(db, (tx) => join(tx, input));
}

async function join(tx: Sql, input: ArrivalInput): Promise<Result<QueueEntry, VaccinationFailure>> {
  const site = await siteFor(tx, input.site, input.day);
  if (!site.ok) return site;
  if (site.value.access === 'appointment')
    return fail({ code: 'access_not_offered', site: site.value.code, access: 'walk_in' });
  const found = await personOf(tx, input.person);
  if (!found.ok) return found;
  const { personId, facts } = found.value;
  await lockPerson(tx, personId);
  const queued = await selectQueueEntryOfPerson(tx, personId, site.value.id, input.day);
  if (queued)
    return fail({ code: 'queue_entry_exists', site: site.value.code, day: input.day, ticket: queued.ticket });
  const doses = await selectDosesOfPerson(tx, personId);
  const e = decideEligibility(
    facts,
    personId,
    doses,
    await productsByCode(tx),
    input.day,
    { weekday: true },
    input.attested ?? {},
  );
  if (e.next === null) return fail({ code: 'series_complete', dosesGiven: doses.length });
  if (e.refusal) return fail(e.refusal);

  await ensureSiteDay(tx, site.value.id, input.day, site.value.capacity);
  const ticket = await takeTicket(tx, site.value.id, input.day);
  if (ticket === null) return fail({ code: 'site_day_closed', site: site.value.code, day: input.day });
  const product = await placeFor(tx, site.value, input.day, e.next.products);
  if (!product.ok) throw new Refused(product.error);
  const entry: QueueEntry = {
    personId,
    siteId: site.value.id,
    day: input.day,
    ticket,
    product: product.value,
    doseNumber: e.next.doseNumber,
    status: 'waiting',
    arrivedAt: input.at,
  };
  await insertQueueEntry(tx, entry, input.actor);
  await appendAudit(tx, {
    at: input.at,
    actor: input.actor,
    action: 'vaccination_queue.joined',
    entityType: 'vaccination_queue_entry',
    entityId: `${site.value.code}:${input.day}:${ticket}`,
    after: { doseNumber: entry.doseNumber, product: entry.product, attested: input.attested ?? {} },
  });
  return ok(entry);
}

/** The first allowed product with a dose in the site's stock and a walk-in place left that day. */
async function placeFor(
  tx: Sql,
  site: Site,
  day: IsoDate,
  products: readonly ProductCode[],
): Promise<Result<ProductCode, VaccinationFailure>> {
  const capacity = siteCapacityOn(site, day);
  const offered = products.filter((p) => (capacity[p] ?? 0) > 0);
  let refusal: VaccinationFailure = {
    code: 'capacity_full',
    site: site.code,
    day,
    product: offered[0] ?? products[0] ?? 'none',
  };
  for (const product of offered) {
    const lot = await nextLot(tx, { location: siteLocationCode(site.code), product, on: day });
    if (!lot.ok) {
      refusal = lot.error;
      continue;
    }
    if (await takePlace(tx, site.id, day, product, 'walk_ins')) return ok(product);
    refusal = { code: 'capacity_full', site: site.code, day, product };
  }
  return fail(refusal);
}

/** What a vaccinator serving the queue gives. */
export interface ServeInput {
  site: string;
  day: IsoDate;
  /** A ticket to serve; the lowest waiting one when omitted. */
  ticket?: number;
  /** The lot used; the site's next by FEFO when omitted. */
  lotId?: bigint;
  /** The dose record's key; `queue:<site>:<day>:<ticket>` when omitted (a retry then finds it). */
  idempotencyKey?: string;
  actor: Actor;
  at: Date;
  attested?: Attested;
}

/**
 * Serves the queue: the next waiting ticket (or the one given) gets its dose, recorded in the
 * nominal registry, and the ticket is served — one transaction. A refused dose leaves the ticket
 * waiting (the vaccinator may serve another lot, or mark the person as left).
 *
 * @example const r = await serveQueue(db, { site: 'lp-umsa', day: '2021-04-27', actor: 'account:vacunadora', at: now }); r.value.dose.doseNumber // 1
 */
export async function serveQueue(
  db: Database,
  input: ServeInput,
): Promise<Result<DoseRecorded & { ticket: number }, VaccinationFailure>> {
  return transactionWithRetry(db, async (tx) => {
    const [site] = await selectSites(tx, { codes: [input.site] });
    if (!site) return fail({ code: 'site_not_found', site: input.site });
    const entry = await takeWaiting(tx, site.id, input.day, input.ticket);
    if (!entry)
      return input.ticket === undefined
        ? fail({ code: 'queue_empty', site: site.code, day: input.day })
        : fail({ code: 'queue_entry_not_found', site: site.code, day: input.day, ticket: input.ticket });
    let lotId = input.lotId;
    if (lotId === undefined) {
      const next = await nextLot(tx, {
        location: siteLocationCode(site.code),
        product: entry.product,
        on: input.day,
      });
      if (!next.ok) return next;
      lotId = next.value.lot.id;
    }
    const recorded = await recordDose(tx, {
      person: { personId: entry.personId },
      product: entry.product,
      lotId,
      site: site.code,
      givenOn: input.day,
      doseNumber: entry.doseNumber,
      idempotencyKey: input.idempotencyKey ?? `queue:${site.code}:${input.day}:${entry.ticket}`,
      actor: input.actor,
      recordedAt: input.at,
      ...(input.attested ? { attested: input.attested } : {}),
    });
    if (!recorded.ok) return recorded;
    await setQueueStatus(tx, entry, 'served', input.at);
    return ok({ ...recorded.value, ticket: entry.ticket });
  });
}

/**
 * A waiting person leaves the queue: their walk-in place goes back to the day.
 *
 * @example await leaveQueue(db, { site: 'lp-umsa', day: '2021-04-27', ticket: 7, actor: 'account:ana', at: now })
 */
export async function leaveQueue(
  db: Database,
  input: { site: string; day: IsoDate; ticket: number; actor: Actor; at: Date },
): Promise<Result<QueueEntry, VaccinationFailure>> {
  return transactionWithRetry(db, async (tx) => {
    const [site] = await selectSites(tx, { codes: [input.site] });
    if (!site) return fail({ code: 'site_not_found', site: input.site });
    const entry = await takeWaiting(tx, site.id, input.day, input.ticket);
    if (!entry)
      return fail({ code: 'queue_entry_not_found', site: site.code, day: input.day, ticket: input.ticket });
    await setQueueStatus(tx, entry, 'left', input.at);
    await releasePlaces(tx, site.id, input.day, entry.product, 'walk_ins', 1);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'vaccination_queue.left',
      entityType: 'vaccination_queue_entry',
      entityId: `${site.code}:${input.day}:${entry.ticket}`,
    });
    return ok({ ...entry, status: 'left' as const });
  });
}

/**
 * A site's queue on a day in ticket order (all, or those waiting).
 *
 * @example const r = await queueAt(db, 'lp-umsa', '2021-04-27', { waitingOnly: true })
 */
export async function queueAt(
  sql: Sql,
  siteCode: string,
  day: IsoDate,
  options: { waitingOnly?: boolean } = {},
): Promise<Result<QueueEntry[], VaccinationFailure>> {
  const [site] = await selectSites(sql, { codes: [siteCode] });
  if (!site) return fail({ code: 'site_not_found', site: siteCode });
  return ok(await selectQueue(sql, site.id, day, options.waitingOnly ? 'waiting' : undefined));
}
