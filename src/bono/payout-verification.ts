import type { Sql } from '../db/database.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import type { PayoutRefusal, PersonTriple, VerifyResult } from './bono.types.ts';
import { collectionRefusal, paidWhere, roundCalendar, standingOf } from './payout-standing.ts';

/**
 * What a bank's cashier sees before paying: entitled or not, the amount, the window, whether the
 * person may be paid now, and if already paid, when and where. A triple that names nobody gets the
 * answer of a person not entitled, word for word (see PayoutRefusal).
 *
 * @example const v = await verifyForBank(db, triple, new Date()); // v.payableNow, v.refusal …
 */
export async function verifyForBank(sql: Sql, person: PersonTriple, at: Date): Promise<VerifyResult> {
  const s = await standingOf(sql, person);
  const none: VerifyResult = {
    eligible: false,
    refusal: 'not_entitled',
    amountCentavos: null,
    roundId: null,
    band: null,
    windowOpensOn: null,
    windowClosesOn: null,
    deadline: null,
    payableNow: false,
    alreadyPaid: null,
  };
  if (s.roundId === null) return none;
  const calendar = await roundCalendar(sql, s.roundId);
  const refusal: PayoutRefusal | null = s.payment
    ? 'already_paid'
    : s.depositInFlight
      ? 'deposit_in_progress'
      : collectionRefusal(s, calendar, toIsoDateInBolivia(at));
  return {
    eligible: true,
    refusal,
    amountCentavos: s.amountCentavos,
    roundId: s.roundId,
    band: s.band,
    windowOpensOn: s.opensOn,
    windowClosesOn: s.closesOn,
    deadline: s.deadline,
    payableNow: refusal === null,
    alreadyPaid: s.payment ? paidWhere(s.payment) : null,
  };
}
