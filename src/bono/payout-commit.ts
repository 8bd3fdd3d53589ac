import { appendAudit } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { BOB_LEDGER, createTransfers, type Transfer } from '../ledger/index.ts';
import { personPaymentKey } from './bono.accounts.ts';
import type { Payment, PayoutRefusal } from './bono.types.ts';
import {
  insertCounterPayments,
  type NewCounterPayment,
  paymentsByTransfer,
  toPayment,
} from './payout.repository.ts';
import { counterTransferId } from './payout-ids.ts';

/**
 * One group commit of the payout desk (payout-desk.ts): the payouts of a batch recorded in one
 * transaction, because every payout debits the same payable account and one payout per
 * transaction would serialise on it. The check for deposits in flight runs here, under the lock
 * the group's transfers took: it decides the race with a deposit export (deposit-export-page.ts).
 */

/** A payout the desk decided to record: the request, the entitlement and the accounts it moves. */
export interface Queued extends NewCounterPayment {
  payableAccount: bigint;
  paidAccount: bigint;
}

/** What the commit answered one queued payout. */
export type Committed =
  | { result: 'paid' | 'already_recorded'; payment: Payment }
  | { result: 'refused'; refusal: PayoutRefusal; conflicting?: Transfer };

/**
 * One group commit: the ledger transfers, then the payment rows of those recorded, then one audit
 * entry naming every payment of the group (one entry per commit keeps the chain's lock short while
 * still recording each payout). Throws DepositInFlight (rolling the group back) when a payment of
 * the group meets a deposit at a bank.
 *
 * @example new GroupCommitter<Queued, Committed>({ db, run: (tx, items) => commitPayouts(tx, items) });
 */
export async function commitPayouts(tx: Sql, items: readonly Queued[]): Promise<Committed[]> {
  const results = await createTransfers(
    tx,
    items.map((q) => ({
      kind: 'single_phase' as const,
      id: counterTransferId(q.req.bankBic, q.req.idempotencyKey),
      debitAccountId: q.payableAccount,
      creditAccountId: q.paidAccount,
      amount: q.amount,
      ledger: BOB_LEDGER,
      code: 'bono.counter_payout',
      uniqueKey: personPaymentKey(q.personId),
      personId: q.personId,
      userData64: BigInt(q.roundId),
      userDataText: q.req.bankBic,
      occurredAt: q.req.at,
    })),
  );
  const out: (Committed | undefined)[] = new Array(items.length);
  const fresh: number[] = [];
  const existing: string[] = [];
  results.forEach((r, i) => {
    if (r.result === 'ok') fresh.push(i);
    else if (r.result === 'exists') existing.push(r.transfer.id);
    else if (r.result === 'unique_key_exists')
      out[i] = {
        result: 'refused',
        refusal: r.conflicting.kind === 'pending' ? 'deposit_in_progress' : 'already_paid',
        conflicting: r.conflicting,
      };
    else if (r.result === 'exists_with_different_fields')
      out[i] = { result: 'refused', refusal: 'idempotency_key_reused' };
    else throw new Error(`payout ${items[i]!.req.idempotencyKey} refused by the ledger: ${r.result}`);
  });
  if (fresh.length > 0) {
    const rows = fresh.map((i) => items[i]!);
    // With each payment, whether a deposit to the person is at a bank: read after createTransfers
    // locked the payable account, so every export page that committed before is seen, and those
    // after wait for this commit and then see these payments (reservePage, deposit-export-page.ts).
    const inserted = await insertCounterPayments(tx, rows);
    const racing = inserted.filter((p) => p.deposit_in_flight).map((p) => BigInt(p.person_id));
    if (racing.length > 0) throw new DepositInFlight(racing);
    const byTransfer = new Map(inserted.map((p) => [p.transfer_id, toPayment(p)]));
    for (const i of fresh) {
      const q = items[i]!;
      out[i] = {
        result: 'paid',
        payment: byTransfer.get(counterTransferId(q.req.bankBic, q.req.idempotencyKey))!,
      };
    }
    await appendAudit(tx, {
      at: rows[rows.length - 1]!.req.at,
      actor: rows.length === 1 ? rows[0]!.req.actor : 'system',
      action: 'bono_payment.recorded',
      entityType: 'bono_payment',
      entityId: null,
      after: inserted.map((p) => ({
        id: p.id,
        personId: p.person_id,
        roundId: p.round_id,
        amountCentavos: p.amount_centavos,
        bankBic: p.bank_bic,
        paymentPoint: p.payment_point,
        transferId: p.transfer_id,
        recordedBy: p.recorded_by,
      })),
    });
  }
  if (existing.length > 0) {
    const byTransfer = await paymentsByTransfer(tx, existing);
    results.forEach((r, i) => {
      if (r.result !== 'exists') return;
      const payment = byTransfer.get(r.transfer.id);
      // The transfer exists but was reversed (its payment row says so): the key was used up.
      out[i] = payment
        ? payment.reversedAt
          ? { result: 'refused', refusal: 'idempotency_key_reused' }
          : { result: 'already_recorded', payment }
        : { result: 'refused', refusal: 'idempotency_key_reused' };
    });
  }
  return out.map((o, i) => {
    if (!o) throw new Error(`payout ${items[i]!.req.idempotencyKey} has no result`);
    return o;
  });
}

/**
 * Persons of a group commit to whom a deposit is at a bank: the group is rolled back.
 *
 * @example if (error instanceof DepositInFlight && error.personIds.includes(personId)) … // refuse deposit_in_progress
 */
export class DepositInFlight extends Error {
  constructor(readonly personIds: bigint[]) {
    super(`${personIds.length} payout(s) met a deposit in flight to the same person`);
  }
}
