import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { batchedRead } from '../db/read-batcher.ts';
import {
  BOB_LEDGER,
  createTransfers,
  GroupCommitQueueFull,
  GroupCommitter,
  getTransfers,
  reversalOf,
  type Transfer,
} from '../ledger/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { counter } from '../shared/metrics.ts';
import { type BonoAccounts, ensureBonoAccounts, personPaymentKey } from './bono.accounts.ts';
import type {
  Channel,
  Payment,
  PayoutRefusal,
  PayRequest,
  PayResult,
  PersonTriple,
  VerifyResult,
} from './bono.types.ts';
import { operations } from './operations.ts';

/**
 * Counter payouts through the bank API: `verify` tells a cashier whether to pay, `pay` records
 * the payout atomically and at most once per person, `reverse` undoes a counter payout the same
 * day at the same bank.
 *
 * Exactly-once rests on the ledger: every payout is a transfer whose id the bank's idempotency key
 * determines (`bono:counter:<BIC>:<key>`: a retry is recognised, never applied twice) and which
 * holds the person's unique key (`bono:person:<id>`: a second payment, from any bank or by an
 * accepted deposit, is refused naming the first). A deposit still at its bank holds no key: it is
 * one of a page's deposits moved to in-transit together (deposits.ts). So each group commit looks,
 * after its transfers locked the payable account, for deposits in flight to its persons — an
 * export commits its pages under the same lock and looks for payments the other way round — and a
 * group that finds one is rolled back and its payouts submitted again, that person's refused. The
 * checks before the transfer are for precise answers; these checks under the lock decide races.
 * Payouts are committed in groups (GroupCommitter): every payout debits the same payable account,
 * so one payout per transaction would serialise on it.
 */

/** What a payout needs to know about a person, read in one query. */
export interface Standing {
  personId: bigint | null;
  roundId: number | null;
  roundStatus: string | null;
  amountCentavos: bigint | null;
  band: string | null;
  opensOn: IsoDate | null;
  closesOn: IsoDate | null;
  deadline: IsoDate | null;
  channel: Channel | null;
  payment: Payment | null;
  depositInFlight: boolean;
}

export interface StandingRow {
  person_id: string | null;
  round_id: number | null;
  round_status: string | null;
  amount_centavos: string | null;
  band: string | null;
  opens_on: string | null;
  closes_on: string | null;
  deadline: string | null;
  channel: Channel | null;
  payment: PaymentJson | null;
  deposit_in_flight: boolean | null;
}

export interface PaymentJson {
  id: number;
  person_id: number | string;
  round_id: number;
  amount_centavos: number | string;
  channel: Channel;
  bank_bic: string;
  payment_point: string;
  idempotency_key: string;
  transfer_id: string;
  paid_at: string;
  recorded_by: string;
  reversed_at: string | null;
  reversal_reason: string | null;
}

export const PAYMENT_JSON = `json_build_object('id', b.id, 'person_id', b.person_id::text, 'round_id', b.round_id,
  'amount_centavos', b.amount_centavos::text, 'channel', b.channel, 'bank_bic', b.bank_bic,
  'payment_point', b.payment_point, 'idempotency_key', b.idempotency_key, 'transfer_id', b.transfer_id,
  'paid_at', b.paid_at, 'recorded_by', b.recorded_by, 'reversed_at', b.reversed_at,
  'reversal_reason', b.reversal_reason)`;

const PAYMENT_COLUMNS = `id, person_id::text AS person_id, round_id, amount_centavos::text AS amount_centavos, channel,
  bank_bic, payment_point, idempotency_key, transfer_id, paid_at, recorded_by, reversed_at, reversal_reason`;

function toPayment(j: PaymentJson): Payment {
  return {
    id: Number(j.id),
    personId: BigInt(j.person_id),
    roundId: Number(j.round_id),
    amountCentavos: BigInt(j.amount_centavos),
    channel: j.channel,
    bankBic: j.bank_bic,
    paymentPoint: j.payment_point,
    idempotencyKey: j.idempotency_key,
    transferId: j.transfer_id,
    paidAt: new Date(j.paid_at),
    recordedBy: j.recorded_by,
    reversedAt: j.reversed_at ? new Date(j.reversed_at) : null,
    reversalReason: j.reversal_reason,
  };
}

/**
 * The columns of a person's standing, over `person p`: their entitlement in the latest approved or
 * expired round holding them, their live payment and whether a deposit is in flight. Shared with
 * the citizen status query, which adds what it shows.
 */
export const STANDING_COLUMNS = `p.id::text AS person_id, e.round_id::int AS round_id, e.status AS round_status,
            e.amount_centavos::text AS amount_centavos, e.band,
            to_char(e.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(e.closes_on, 'YYYY-MM-DD') AS closes_on,
            to_char(e.deadline, 'YYYY-MM-DD') AS deadline, e.channel,
            (SELECT ${PAYMENT_JSON} FROM bono_payment b WHERE b.person_id = p.id AND b.reversed_at IS NULL) AS payment,
            EXISTS (SELECT 1 FROM bono_deposit d WHERE d.person_id = p.id AND d.state = 'sent') AS deposit_in_flight`;

/** The entitlement a standing reads (with its round's status and date), joined to `person p`. */
export const LATEST_ENTITLEMENT = `LEFT JOIN LATERAL (
       SELECT e.*, r.status, r.as_of FROM bono_entitlement e JOIN bono_round r ON r.id = e.round_id
       WHERE e.person_id = p.id AND r.status IN ('approved', 'expired')
       ORDER BY e.round_id DESC LIMIT 1) e ON true`;

// For a batch of persons at once (ReadBatcher: under load, the look-ups that arrived while the
// previous ones ran share one query); `q.i` numbers them. Prepared on PostgreSQL: planning this
// query cost more than running it (0.5 ms against 0.1 ms).
const STANDINGS = prepared(
  `SELECT q.i::int AS i, ${STANDING_COLUMNS}
     FROM unnest($1::text[], $2::text[], $3::date[]) WITH ORDINALITY AS q(ci_number, complemento, date_of_birth, i)
     JOIN person p ON p.ci_number = q.ci_number AND p.complemento = q.complemento AND p.date_of_birth = q.date_of_birth
     ${LATEST_ENTITLEMENT}`,
);

/** Standings of many persons in one query, in their order (NO_STANDING for a triple that matches nobody). */
async function standingsOf(sql: Sql, persons: readonly PersonTriple[]): Promise<Standing[]> {
  const rows = await sql.query<StandingRow & { i: number }>(STANDINGS, [
    persons.map((p) => p.ciNumber),
    persons.map((p) => p.complemento),
    persons.map((p) => p.dateOfBirth),
  ]);
  const out: Standing[] = new Array(persons.length).fill(null);
  for (const r of rows) out[r.i - 1] ??= toStanding(r);
  return out.map((s) => s ?? NO_STANDING);
}

const readStanding = batchedRead(standingsOf);

export const NO_STANDING: Standing = Object.freeze({
  personId: null,
  roundId: null,
  roundStatus: null,
  amountCentavos: null,
  band: null,
  opensOn: null,
  closesOn: null,
  deadline: null,
  channel: null,
  payment: null,
  depositInFlight: false,
});

/** A standing from a row of STANDING_COLUMNS whose person exists. */
export function toStanding(r: StandingRow): Standing {
  return {
    personId: BigInt(r.person_id!),
    roundId: r.round_id,
    roundStatus: r.round_status,
    amountCentavos: r.amount_centavos === null ? null : BigInt(r.amount_centavos),
    band: r.band,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    deadline: r.deadline,
    channel: r.channel,
    payment: r.payment ? toPayment(r.payment) : null,
    depositInFlight: r.deposit_in_flight ?? false,
  };
}

/**
 * A person's entitlement (from the latest approved or expired round holding them), live payment and
 * open deposit, found by the CI triple. This runs on every verify and pay: batched, as above.
 */
export function standingOf(sql: Sql, person: PersonTriple): Promise<Standing> {
  return readStanding(sql, person);
}

/** The dates of a round that every entitlement shares: payment start and the rezagados window. */
interface RoundCalendar {
  paymentStart: IsoDate;
  rezagados: { band: string; opensOn: IsoDate; closesOn: IsoDate };
}

const calendars = new Map<number, RoundCalendar>();

/** A round's calendar from its frozen parameters (rounds never change, so it is cached). */
export async function roundCalendar(sql: Sql, roundId: number): Promise<RoundCalendar> {
  const cached = calendars.get(roundId);
  if (cached) return cached;
  const [r] = await sql.query<{ parameters: Record<string, { value: unknown }> }>(
    'SELECT parameters FROM bono_round WHERE id = $1',
    [roundId],
  );
  if (!r) throw new Error(`round ${roundId} not found`);
  const rez = r.parameters['bono_rezagados_window']?.value as {
    band: string;
    opens_on: string;
    closes_on: string;
  };
  const calendar = {
    paymentStart: r.parameters['bono_payment_start_date']?.value as IsoDate,
    rezagados: { band: rez.band, opensOn: rez.opens_on, closesOn: rez.closes_on },
  };
  calendars.set(roundId, calendar);
  return calendar;
}

/**
 * Whether a person may collect on `day`, and if not, why: payment has not started or their
 * age-band window is not open (`window_not_open`), or the legal period is over or the round has
 * expired (`collection_period_over`).
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

const paidWhere = (p: Payment) => ({
  paidAt: p.paidAt,
  bankBic: p.bankBic,
  paymentPoint: p.paymentPoint,
  channel: p.channel,
});

/**
 * What a bank's cashier sees before paying: entitled or not, the amount, the window, whether the
 * person may be paid now, and if already paid, when and where. A triple that names nobody gets the
 * answer of a person not entitled, word for word (see PayoutRefusal).
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

/** A bank's idempotency key: what a UUID or a bank's own reference looks like. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/;
const PAYMENT_POINT = /^[\p{L}\p{N} .,#/()-]{0,80}$/u;

export const counterTransferId = (bic: string, key: string) => `bono:counter:${bic}:${key}`;

interface Queued {
  req: PayRequest;
  personId: bigint;
  roundId: number;
  amount: bigint;
  payableAccount: bigint;
  paidAccount: bigint;
}

type Committed =
  | { result: 'paid' | 'already_recorded'; payment: Payment }
  | { result: 'refused'; refusal: PayoutRefusal; conflicting?: Transfer };

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

/**
 * One group commit: the ledger transfers, then the payment rows of those recorded, then one audit
 * entry naming every payment of the group (one entry per commit keeps the chain's lock short while
 * still recording each payout).
 */
async function commitPayouts(tx: Sql, items: readonly Queued[]): Promise<Committed[]> {
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
    // after wait for this commit and then see these payments (deposits.ts reservePage).
    const inserted = await tx.query<PaymentJson & { deposit_in_flight: boolean }>(
      `WITH ins AS (
         INSERT INTO bono_payment (person_id, round_id, amount_centavos, channel, bank_bic, payment_point,
           idempotency_key, transfer_id, paid_at, recorded_by)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[],
           $7::text[], $8::text[], $9::timestamptz[], $10::text[])
         RETURNING ${PAYMENT_COLUMNS})
       SELECT ins.*, EXISTS (SELECT 1 FROM bono_deposit d WHERE d.person_id = ins.person_id::bigint
                             AND d.state = 'sent') AS deposit_in_flight
       FROM ins`,
      [
        rows.map((q) => q.personId.toString()),
        rows.map((q) => q.roundId),
        rows.map((q) => q.amount.toString()),
        rows.map(() => 'counter'),
        rows.map((q) => q.req.bankBic),
        rows.map((q) => q.req.paymentPoint),
        rows.map((q) => q.req.idempotencyKey),
        rows.map((q) => counterTransferId(q.req.bankBic, q.req.idempotencyKey)),
        rows.map((q) => q.req.at),
        rows.map((q) => q.req.actor),
      ],
    );
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
    const rows = await tx.query<PaymentJson>(
      `SELECT ${PAYMENT_COLUMNS} FROM bono_payment WHERE transfer_id = ANY($1::text[])`,
      [existing],
    );
    const byTransfer = new Map(rows.map((p) => [p.transfer_id, toPayment(p)]));
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

/** Persons of a group commit to whom a deposit is at a bank: the group is rolled back. */
class DepositInFlight extends Error {
  constructor(readonly personIds: bigint[]) {
    super(`${personIds.length} payout(s) met a deposit in flight to the same person`);
  }
}

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
 */
export async function reversePayout(db: Database, req: ReverseRequest): Promise<Payment> {
  if (!req.reason.trim() || req.reason.length > 500)
    throw new UserError('reason_required', 'Give the reason for the reversal (at most 500 characters).');
  return db.transaction(async (tx) => {
    const [row] = await tx.query<PaymentJson>(
      `SELECT ${PAYMENT_COLUMNS} FROM bono_payment WHERE id = $1 FOR UPDATE`,
      [req.paymentId],
    );
    if (!row || row.bank_bic !== req.bankBic)
      throw new UserError('payment_not_found', `Payment ${req.paymentId} was not made by ${req.bankBic}.`);
    const payment = toPayment(row);
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
    const reversalId = `bono:reversal:${payment.transferId}`.slice(0, 128);
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
    const [updated] = await tx.query<PaymentJson>(
      `UPDATE bono_payment SET reversed_at = $2, reversal_reason = $3, reversal_transfer_id = $4, reversed_by = $5
       WHERE id = $1 RETURNING ${PAYMENT_COLUMNS}`,
      [payment.id, req.at, req.reason, reversalId, req.actor],
    );
    await appendAudit(tx, {
      at: req.at,
      actor: req.actor,
      action: 'bono_payment.reversed',
      entityType: 'bono_payment',
      entityId: payment.id,
      before: { reversedAt: null },
      after: { reversedAt: req.at, reason: req.reason, reversalTransferId: reversalId },
    });
    return toPayment(updated!);
  });
}
