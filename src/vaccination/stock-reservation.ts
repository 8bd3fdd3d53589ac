import type { Sql } from '../db/database.ts';
import { createTransfers, getTransfers } from '../ledger/index.ts';
import { assert } from '../shared/assert.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { Lookups } from './batch-lookups.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { DOSE_LEDGER, type ProductCode } from './vaccination.types.ts';

/**
 * A dose held for an appointment: a pending transfer on the DOSE ledger from the lot's stock at the
 * site to the site's administered doses (`vaccination:reservation:<appointment id>`), so the dose
 * counts as gone from what walk-ins and other bookings can have — the ledger refuses a reservation
 * that would leave the stock negative, however many race — until it is voided (cancelled, a
 * no-show, or the dose was given and moved as `administered`).
 */

/** A reservation as made. */
export interface Reservation {
  transferId: string;
  lotId: bigint;
}

/** The reservation's transfer id. @example reservationTransferId(12n) // 'vaccination:reservation:12' */
export function reservationTransferId(appointmentId: bigint): string {
  return `${RESERVATION_PREFIX}${appointmentId}`;
}

/** What a reservation's transfer id starts with, the appointment's id following. */
export const RESERVATION_PREFIX = 'vaccination:reservation:';

/**
 * Holds one dose of a product at a site for an appointment on a day: the lot the site would use
 * first (FEFO, not expired that day), or `stock_empty` / `stock_insufficient`.
 *
 * @example const r = await reserveDose(tx, { appointmentId, siteLocation: 'site-lp-umsa', product: 'sinopharm', day: '2021-06-01', at, personId })
 */
export async function reserveDose(
  tx: Sql,
  o: {
    appointmentId: bigint;
    siteLocation: string;
    product: ProductCode;
    day: IsoDate;
    at: Date;
    personId: bigint;
  },
  look: Lookups = new Lookups(),
): Promise<Result<Reservation, VaccinationFailure>> {
  const location = await look.location(tx, o.siteLocation);
  const where = { location: o.siteLocation, product: o.product, on: o.day };
  const transferId = reservationTransferId(o.appointmentId);
  // The lot read once per batch may have run out since (this batch's bookings took it): then the
  // lot is chosen again from the stock as it is now, once.
  for (const stale of [false, true]) {
    const next = await look.nextLot(tx, where, stale);
    if (!next.ok) return next;
    assert(location, 'the site of a lot in stock has its location');
    const lotId = next.value.lot.id;
    const stock = await look.stockAccount(tx, location.id, lotId);
    assert(stock !== null, 'a lot in stock at a location has its stock account there');
    const sink = await look.sink(tx, 'administered', location, o.at);
    const [result] = await createTransfers(tx, [
      {
        kind: 'pending',
        id: transferId,
        debitAccountId: stock,
        creditAccountId: sink.id,
        amount: 1n,
        ledger: DOSE_LEDGER,
        code: 'vaccination.reserved',
        occurredAt: o.at,
        userData64: lotId,
        personId: o.personId,
      },
    ]);
    assert(result, 'the ledger answers every transfer');
    if (result.result === 'ok' || result.result === 'exists') return ok({ transferId, lotId });
    if (result.result !== 'exceeds_credits')
      throw new Error(`reservation ${transferId}: the ledger refused it: ${result.result}`);
    if (stale)
      return fail({
        code: 'stock_insufficient',
        location: location.code,
        lotId,
        availableDoses: next.value.availableDoses,
        requestedDoses: 1n,
      });
  }
  throw new Error('unreachable: the second attempt answers');
}

/**
 * Gives a reserved dose back to the site's stock (voids the pending transfer); a reservation
 * voided before is left as it is.
 *
 * @example await releaseReservation(tx, 'vaccination:reservation:12', now)
 */
export async function releaseReservation(tx: Sql, transferId: string, at: Date): Promise<void> {
  const [result] = await createTransfers(tx, [
    {
      kind: 'void_pending',
      id: `${transferId}:void`,
      pendingId: transferId,
      code: 'vaccination.released',
      occurredAt: at,
    },
  ]);
  assert(result, 'the ledger answers every transfer');
  const done = ['ok', 'exists', 'pending_transfer_already_voided', 'pending_transfer_expired'];
  if (!done.includes(result.result))
    throw new Error(`reservation ${transferId}: the ledger refused its release: ${result.result}`);
}

/**
 * Uses a reserved dose: posts the pending transfer, which moves the dose from the lot's stock at
 * the site to its administered doses; returns the posting's transfer id.
 *
 * @example const transferId = await useReservation(tx, 'vaccination:reservation:12', now)
 */
export async function useReservation(tx: Sql, transferId: string, at: Date): Promise<string> {
  const id = `${transferId}:used`;
  const [result] = await createTransfers(tx, [
    { kind: 'post_pending', id, pendingId: transferId, code: 'vaccination.administered', occurredAt: at },
  ]);
  assert(result, 'the ledger answers every transfer');
  if (result.result !== 'ok' && result.result !== 'exists')
    throw new Error(`reservation ${transferId}: the ledger refused to use it: ${result.result}`);
  return id;
}

/**
 * The lot a reservation holds a dose of (the pending transfer's reference), or null if the ledger
 * has no such transfer.
 *
 * @example await reservedLot(tx, 'vaccination:reservation:12') // 3n
 */
export async function reservedLot(tx: Sql, transferId: string): Promise<bigint | null> {
  const [t] = await getTransfers(tx, [transferId]);
  return t?.userData64 ?? null;
}
