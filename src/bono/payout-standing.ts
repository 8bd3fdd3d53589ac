import type { Sql } from '../db/database.ts';
import { batchedRead } from '../db/read-batcher.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Payment, PayoutRefusal, PersonTriple } from './bono.types.ts';
import { roundParameters, type Standing, standingsOf } from './payout.repository.ts';

/**
 * What every payout decision starts from: a person's standing (entitlement, live payment, deposit
 * in flight), read on every verify and pay, and whether they may collect on a given day (their
 * window, the rezagados window, the legal period). The citizen status asks the same question.
 */

// Under load, the look-ups that arrived while the previous ones ran share one query (ReadBatcher).
const readStanding = batchedRead(standingsOf);

/**
 * A person's entitlement (from the latest approved or expired round holding them), live payment and
 * open deposit, found by the CI triple. This runs on every verify and pay: batched, as above.
 *
 * @example const s = await standingOf(db, { ciNumber: '4821337', complemento: '', dateOfBirth: '1961-03-14' });
 */
export function standingOf(sql: Sql, person: PersonTriple): Promise<Standing> {
  return readStanding(sql, person);
}

/** The dates of a round that every entitlement shares: payment start and the rezagados window. */
export interface RoundCalendar {
  paymentStart: IsoDate;
  rezagados: { band: string; opensOn: IsoDate; closesOn: IsoDate };
}

// The read in flight is cached, not only its answer: the first payouts after a start arrive
// together, and each would otherwise read the same round (64 reads at the bench's first burst).
const calendars = new Map<number, Promise<RoundCalendar>>();

/**
 * A round's calendar from its frozen parameters (rounds never change, so it is cached; a failed
 * read is not).
 *
 * @example (await roundCalendar(db, 1)).paymentStart // '2020-12-01'
 */
export function roundCalendar(sql: Sql, roundId: number): Promise<RoundCalendar> {
  let calendar = calendars.get(roundId);
  if (!calendar) {
    const reading = readCalendar(sql, roundId);
    calendars.set(roundId, reading);
    reading.catch(() => {
      if (calendars.get(roundId) === reading) calendars.delete(roundId);
    });
    calendar = reading;
  }
  return calendar;
}

async function readCalendar(sql: Sql, roundId: number): Promise<RoundCalendar> {
  const parameters = await roundParameters(sql, roundId);
  if (!parameters) throw new Error(`round ${roundId} not found`);
  const rez = parameters['bono_rezagados_window']?.value as {
    band: string;
    opens_on: string;
    closes_on: string;
  };
  return {
    paymentStart: parameters['bono_payment_start_date']?.value as IsoDate,
    rezagados: { band: rez.band, opensOn: rez.opens_on, closesOn: rez.closes_on },
  };
}

/**
 * Whether a person may collect on `day`, and if not, why: payment has not started or their
 * age-band window is not open (`window_not_open`), or the legal period is over or the round has
 * expired (`collection_period_over`).
 *
 * @example collectionRefusal(standing, await roundCalendar(db, standing.roundId), '2021-02-01') // null: may collect
 */
export function collectionRefusal(
  s: Pick<Standing, 'opensOn' | 'closesOn' | 'deadline' | 'roundStatus'>,
  calendar: RoundCalendar,
  day: IsoDate,
): PayoutRefusal | null {
  if (s.roundStatus === 'expired' || (s.deadline !== null && day > s.deadline))
    return 'collection_period_over';
  if (day < calendar.paymentStart) return 'window_not_open';
  const inOwn = s.opensOn !== null && s.closesOn !== null && day >= s.opensOn && day <= s.closesOn;
  const inRezagados = day >= calendar.rezagados.opensOn && day <= calendar.rezagados.closesOn;
  return inOwn || inRezagados ? null : 'window_not_open';
}

/**
 * When and where a person was paid, as a bank is told it.
 *
 * @example paidWhere(s.payment) // { paidAt, bankBic: 'BUNIBOLX', paymentPoint: 'Agencia Calacoto', channel: 'counter' }
 */
export const paidWhere = (p: Payment) => ({
  paidAt: p.paidAt,
  bankBic: p.bankBic,
  paymentPoint: p.paymentPoint,
  channel: p.channel,
});
