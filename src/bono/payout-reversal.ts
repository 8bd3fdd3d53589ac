import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { createTransfers, getTransfers, reversalOf } from '../ledger/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import type { Payment } from './bono.types.ts';
import { operations } from './operations.ts';
import { lockPayment, markPaymentReversed } from './payout.repository.ts';
import { counterReversalTransferId } from './payout-ids.ts';

export interface ReverseRequest {
  bankBic: string;
  paymentId: number;
  reason: string;
  at: Date;
  actor: Actor;
}

/**
 * Reverses a counter payout: only the bank that paid, only on the day it paid (Bolivian calendar,
 * within the reversal window), only with a reason. The ledger records the mirror transfer and
 * releases the person's unique key, so the person may be paid again. A repeated reversal returns
 * the reversed payment unchanged.
 *
 * @example
 *   const payment = await reversePayout(db, { bankBic: 'BUNIBOLX', paymentId: 42, reason: 'wrong person', at: new Date(), actor });
 */
export async function reversePayout(db: Database, req: ReverseRequest): Promise<Payment> {
  if (!req.reason.trim() || req.reason.length > 500)
    throw new UserError('reason_required', 'Give the reason for the reversal (at most 500 characters).');
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, req.paymentId);
    if (!payment || payment.bankBic !== req.bankBic)
      throw new UserError('payment_not_found', `Payment ${req.paymentId} was not made by ${req.bankBic}.`);
    if (payment.reversedAt) return payment;
    if (payment.channel !== 'counter')
      throw new UserError(
        'not_reversible',
        'Only counter payouts are reversed through the API; a deposit is returned by the bank.',
      );
    if (req.at.getTime() < payment.paidAt.getTime())
      throw new UserError(
        'reversal_before_payment',
        `The reversal is dated before payment ${payment.id} (${payment.paidAt.toISOString()}): check the clock of the system that sends it.`,
      );
    const hours = operations.value('bono_reversal_window_hours', toIsoDateInBolivia(req.at));
    const sameDay = toIsoDateInBolivia(payment.paidAt) === toIsoDateInBolivia(req.at);
    if (!sameDay || req.at.getTime() - payment.paidAt.getTime() > hours * 3_600_000)
      throw new UserError(
        'reversal_window_closed',
        `Payment ${payment.id} was made on ${toIsoDateInBolivia(payment.paidAt)}; a counter payout can only be reversed on the day it was made. File a grievance instead.`,
      );
    const [original] = await getTransfers(tx, [payment.transferId]);
    if (!original) throw new Error(`payment ${payment.id} has no ledger transfer ${payment.transferId}`);
    const reversalId = counterReversalTransferId(payment.transferId);
    const [r] = await createTransfers(tx, [
      reversalOf(original, {
        id: reversalId,
        code: 'bono.counter_reversal',
        occurredAt: req.at,
        userDataText: req.bankBic,
      }),
    ]);
    if (!r || (r.result !== 'ok' && r.result !== 'exists'))
      throw new Error(`reversal of payment ${payment.id} refused by the ledger: ${r?.result}`);
    const updated = await markPaymentReversed(tx, payment.id, req, reversalId);
    await appendAudit(tx, {
      at: req.at,
      actor: req.actor,
      action: 'bono_payment.reversed',
      entityType: 'bono_payment',
      entityId: payment.id,
      before: { reversedAt: null },
      after: { reversedAt: req.at, reason: req.reason, reversalTransferId: reversalId },
    });
    return updated;
  });
}
