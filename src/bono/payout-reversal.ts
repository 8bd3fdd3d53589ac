import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { createTransfers, getTransfers, reversalOf } from '../ledger/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { ReversalFailure } from './bono.failures.ts';
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
 *   const r = await reversePayout(db, { bankBic: 'BUNIBOLX', paymentId: 42, reason: 'wrong person', at: new Date(), actor });
 *   // r.ok ? r.value.reversedAt : r.error.code ('payment_not_found', 'reversal_window_closed' …)
 */
export async function reversePayout(
  db: Database,
  req: ReverseRequest,
): Promise<Result<Payment, ReversalFailure>> {
  if (!req.reason.trim() || req.reason.length > 500) return fail({ code: 'reason_required' });
  // Every refusal comes before the first write: returning it ends the transaction having changed nothing.
  return db.transaction(async (tx): Promise<Result<Payment, ReversalFailure>> => {
    const payment = await lockPayment(tx, req.paymentId);
    // Another bank's payment is answered as none: a bank learns nothing of another's payouts.
    if (!payment || payment.bankBic !== req.bankBic) return fail({ code: 'payment_not_found' });
    if (payment.reversedAt) return ok(payment);
    if (payment.channel !== 'counter') return fail({ code: 'not_reversible' });
    if (req.at.getTime() < payment.paidAt.getTime()) return fail({ code: 'reversal_before_payment' });
    const hours = operations.value('bono_reversal_window_hours', toIsoDateInBolivia(req.at));
    const sameDay = toIsoDateInBolivia(payment.paidAt) === toIsoDateInBolivia(req.at);
    if (!sameDay || req.at.getTime() - payment.paidAt.getTime() > hours * 3_600_000)
      return fail({ code: 'reversal_window_closed' });
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
    return ok(updated);
  });
}
