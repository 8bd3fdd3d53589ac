import type { Database } from '../db/database.ts';
import { GroupCommitQueueFull, GroupCommitter } from '../ledger/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { counter } from '../shared/metrics.ts';
import { type BonoAccounts, ensureBonoAccounts } from './bono.accounts.ts';
import type { PayRequest, PayResult } from './bono.types.ts';
import { type Committed, commitPayouts, DepositInFlight, type Queued } from './payout-commit.ts';
import { collectionRefusal, paidWhere, roundCalendar, standingOf } from './payout-standing.ts';

/**
 * Counter payouts through the bank API: `verify` tells a cashier whether to pay
 * (payout-verification.ts), `pay` records the payout atomically and at most once per person (this
 * desk), `reverse` undoes a counter payout the same day at the same bank (payout-reversal.ts).
 *
 * Exactly-once rests on the ledger: every payout is a transfer whose id the bank's idempotency key
 * determines (`bono:counter:<BIC>:<key>`: a retry is recognised, never applied twice) and which
 * holds the person's unique key (`bono:person:<id>`: a second payment, from any bank or by an
 * accepted deposit, is refused naming the first). A deposit still at its bank holds no key: it is
 * one of a page's deposits moved to in-transit together (deposit-export-page.ts). So each group commit looks,
 * after its transfers locked the payable account, for deposits in flight to its persons — an
 * export commits its pages under the same lock and looks for payments the other way round — and a
 * group that finds one is rolled back and its payouts submitted again, that person's refused. The
 * checks before the transfer are for precise answers; these checks under the lock decide races.
 * Payouts are committed in groups (GroupCommitter, payout-commit.ts): every payout debits the same
 * payable account, so one payout per transaction would serialise on it.
 */

/** A bank's idempotency key: what a UUID or a bank's own reference looks like. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/;
const PAYMENT_POINT = /^[\p{L}\p{N} .,#/()-]{0,80}$/u;

export interface PayoutDeskOptions {
  /** Most payouts per transaction (default 500). */
  maxBatch?: number;
  maxQueued?: number;
}

// What the desk answered, for /metrics. Input it refuses by throwing (a malformed key) is not
// counted: the API refuses it before it reaches the desk.
const payoutsAnswered = counter({
  name: 'ayni_bono_payouts_total',
  help: 'Counter payouts the desk answered with a payment: paid (recorded now) or already_recorded (a retry of one).',
  labelNames: ['result'],
});
const payoutsRefused = counter({
  name: 'ayni_bono_payout_refusals_total',
  help: 'Counter payouts the desk refused, by refusal code (not_entitled, already_paid, busy …).',
  labelNames: ['code'],
});

/**
 * Records counter payouts, many per transaction. One desk per process; `close` drains it.
 *
 * @example
 *   const desk = new PayoutDesk(db);
 *   const r = await desk.pay({ bankBic: 'BUNIBOLX', idempotencyKey: uuid, person, paymentPoint: 'Agencia Calacoto', at: new Date(), actor });
 */
export class PayoutDesk {
  private readonly committer: GroupCommitter<Queued, Committed>;
  private accounts: Promise<BonoAccounts> | undefined;

  constructor(
    private readonly db: Database,
    options: PayoutDeskOptions = {},
  ) {
    this.committer = new GroupCommitter<Queued, Committed>({
      db,
      run: (tx, items) => commitPayouts(tx, items),
      maxBatch: options.maxBatch ?? 500,
      name: 'bono_payouts',
      ...(options.maxQueued ? { maxQueued: options.maxQueued } : {}),
    });
  }

  private bonoAccounts(at: Date): Promise<BonoAccounts> {
    this.accounts ??= ensureBonoAccounts(this.db, at).catch((e) => {
      this.accounts = undefined;
      throw e;
    });
    return this.accounts;
  }

  async pay(req: PayRequest): Promise<PayResult> {
    const answer = await this.decide(req);
    if (answer.result === 'refused') payoutsRefused.inc({ code: answer.refusal });
    else payoutsAnswered.inc({ result: answer.result });
    return answer;
  }

  private async decide(req: PayRequest): Promise<PayResult> {
    if (!IDEMPOTENCY_KEY.test(req.idempotencyKey))
      throw new UserError(
        'idempotency_key_invalid',
        'The Idempotency-Key must be 8 to 64 characters from A–Z a–z 0–9 . _ - (a UUID will do), and the same on every retry of one payout.',
      );
    if (!PAYMENT_POINT.test(req.paymentPoint))
      throw new UserError(
        'payment_point_invalid',
        'The payment point is at most 80 letters, digits, spaces and . , # / ( ) -.',
      );
    const accounts = await this.bonoAccounts(req.at);
    const paidAccount = accounts.paidByBank.get(req.bankBic);
    if (paidAccount === undefined) return { result: 'refused', refusal: 'bank_unknown' };
    const s = await standingOf(this.db, req.person);
    // Nobody with that triple: the same refusal as a person not entitled (see PayoutRefusal).
    if (s.personId === null) return { result: 'refused', refusal: 'not_entitled' };
    if (s.payment) {
      // A retry of a payout that was recorded: the same answer as the first time.
      if (s.payment.bankBic === req.bankBic && s.payment.idempotencyKey === req.idempotencyKey)
        return { result: 'already_recorded', payment: s.payment };
      return { result: 'refused', refusal: 'already_paid', paidElsewhere: paidWhere(s.payment) };
    }
    if (s.roundId === null || s.amountCentavos === null)
      return { result: 'refused', refusal: 'not_entitled' };
    if (s.depositInFlight) return { result: 'refused', refusal: 'deposit_in_progress' };
    const refusal = collectionRefusal(s, await roundCalendar(this.db, s.roundId), toIsoDateInBolivia(req.at));
    if (refusal) return { result: 'refused', refusal };
    let committed: Committed | undefined;
    for (let attempt = 1; committed === undefined; attempt++) {
      try {
        committed = await this.committer.submit({
          req,
          personId: s.personId,
          roundId: s.roundId,
          amount: s.amountCentavos,
          payableAccount: accounts.payable,
          paidAccount,
        });
      } catch (error) {
        if (error instanceof GroupCommitQueueFull) return { result: 'refused', refusal: 'busy' };
        if (!(error instanceof DepositInFlight)) throw error;
        if (error.personIds.includes(s.personId))
          return { result: 'refused', refusal: 'deposit_in_progress' };
        // Another payout of the group met a deposit: the group was rolled back; this one goes again.
        if (attempt >= 8) throw error;
      }
    }
    if (committed.result !== 'refused') return committed;
    if (committed.refusal === 'already_paid' || committed.refusal === 'deposit_in_progress') {
      // Lost a race: name the payment that won it.
      const now = await standingOf(this.db, req.person);
      if (now.payment)
        return { result: 'refused', refusal: 'already_paid', paidElsewhere: paidWhere(now.payment) };
    }
    return { result: 'refused', refusal: committed.refusal };
  }

  close(): Promise<void> {
    return this.committer.close();
  }
}
