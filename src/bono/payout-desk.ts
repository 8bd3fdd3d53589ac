import type { Database } from '../db/database.ts';
import { GroupCommitQueueFull, GroupCommitter } from '../ledger/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { counter } from '../shared/metrics.ts';
import { type BonoAccounts, ensureBonoAccounts } from './bono.accounts.ts';
import type { PayoutFailure } from './bono.failures.ts';
import type { PayoutRecorded, PayoutRefusal, PayRequest } from './bono.types.ts';
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

/** What the desk answers a payout: recorded (now, or before for a retry), or why not. */
export type PayResult = Result<PayoutRecorded, PayoutFailure>;

/** A failure the desk answers, made once: it carries no field, so every answer may share it. */
function refusedWith(code: PayoutFailure['code']): PayResult {
  return Object.freeze(fail(Object.freeze({ code })));
}

// The refusals without a field, each made once: the desk answers thousands of payouts a second,
// and a refusal allocates nothing (only `already_paid` names a payment, so it is made each time).
const REFUSED: { readonly [C in PayoutRefusal]: PayResult } = {
  not_entitled: refusedWith('not_entitled'),
  round_not_approved: refusedWith('round_not_approved'),
  window_not_open: refusedWith('window_not_open'),
  collection_period_over: refusedWith('collection_period_over'),
  already_paid: refusedWith('already_paid'),
  deposit_in_progress: refusedWith('deposit_in_progress'),
  idempotency_key_reused: refusedWith('idempotency_key_reused'),
  bank_unknown: refusedWith('bank_unknown'),
  busy: refusedWith('busy'),
};
const KEY_INVALID = refusedWith('idempotency_key_invalid');
const POINT_INVALID = refusedWith('payment_point_invalid');

export interface PayoutDeskOptions {
  /** Most payouts per transaction (default 500). */
  maxBatch?: number;
  maxQueued?: number;
}

// What the desk answered, for /metrics. Input it cannot take (a malformed key or payment point) is
// not counted: the API refuses it before it reaches the desk.
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
 *   // r.ok ? r.value.result ('paid' | 'already_recorded') : r.error.code ('not_entitled', 'already_paid' …)
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

  /** Records a counter payout at most once per person; answers every request, never throws a refusal. */
  async pay(req: PayRequest): Promise<PayResult> {
    if (!IDEMPOTENCY_KEY.test(req.idempotencyKey)) return KEY_INVALID;
    if (!PAYMENT_POINT.test(req.paymentPoint)) return POINT_INVALID;
    const answer = await this.decide(req);
    if (!answer.ok) payoutsRefused.inc({ code: answer.error.code });
    else payoutsAnswered.inc({ result: answer.value.result });
    return answer;
  }

  private async decide(req: PayRequest): Promise<PayResult> {
    const accounts = await this.bonoAccounts(req.at);
    const paidAccount = accounts.paidByBank.get(req.bankBic);
    if (paidAccount === undefined) return REFUSED.bank_unknown;
    const s = await standingOf(this.db, req.person);
    // Nobody with that triple: the same refusal as a person not entitled (see PayoutRefusal).
    if (s.personId === null) return REFUSED.not_entitled;
    if (s.payment) {
      // A retry of a payout that was recorded: the same answer as the first time.
      if (s.payment.bankBic === req.bankBic && s.payment.idempotencyKey === req.idempotencyKey)
        return ok({ result: 'already_recorded', payment: s.payment });
      return fail({ code: 'already_paid', paidElsewhere: paidWhere(s.payment) });
    }
    if (s.roundId === null || s.amountCentavos === null) return REFUSED.not_entitled;
    if (s.depositInFlight) return REFUSED.deposit_in_progress;
    const refusal = collectionRefusal(s, await roundCalendar(this.db, s.roundId), toIsoDateInBolivia(req.at));
    if (refusal) return REFUSED[refusal];
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
        if (error instanceof GroupCommitQueueFull) return REFUSED.busy;
        if (!(error instanceof DepositInFlight)) throw error;
        if (error.personIds.includes(s.personId)) return REFUSED.deposit_in_progress;
        // Another payout of the group met a deposit: the group was rolled back; this one goes again.
        if (attempt >= 8) throw error;
      }
    }
    if (committed.result !== 'refused') return ok(committed);
    if (committed.refusal === 'already_paid' || committed.refusal === 'deposit_in_progress') {
      // Lost a race: name the payment that won it.
      const now = await standingOf(this.db, req.person);
      if (now.payment) return fail({ code: 'already_paid', paidElsewhere: paidWhere(now.payment) });
    }
    return REFUSED[committed.refusal];
  }

  close(): Promise<void> {
    return this.committer.close();
  }
}
