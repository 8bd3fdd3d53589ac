import type { Actor } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Channel, Payment, PayRequest, PersonTriple } from './bono.types.ts';
import { counterTransferId } from './payout-ids.ts';

/**
 * The only code that reads and writes payments (bono_payment) for counter payouts, and the
 * standing a payout or the citizen status reads: a person's entitlement, live payment and deposit
 * in flight. The desk (payout-desk.ts, payout-commit.ts), the verification (payout-verification.ts)
 * and the reversal (payout-reversal.ts) decide; this file only moves rows. Every statement here is
 * on the payout path (about 1,100 a second): each runs as one round trip, batches are sent as
 * arrays (`unnest`), and rows are mapped once.
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

/**
 * A payment from a row of PAYMENT_COLUMNS or PAYMENT_JSON.
 *
 * @example toPayment(row).personId // 1042n
 */
export function toPayment(j: PaymentJson): Payment {
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
 * The columns of a person's standing, over `registry_person p`: their entitlement in the latest
 * approved or expired round holding them, their live payment and whether a deposit is in flight.
 * Shared with the citizen status query, which adds what it shows.
 */
export const STANDING_COLUMNS = `p.id::text AS person_id, e.round_id::int AS round_id, e.status AS round_status,
            e.amount_centavos::text AS amount_centavos, e.band,
            to_char(e.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(e.closes_on, 'YYYY-MM-DD') AS closes_on,
            to_char(e.deadline, 'YYYY-MM-DD') AS deadline, e.channel,
            (SELECT ${PAYMENT_JSON} FROM bono_payment b WHERE b.person_id = p.id AND b.reversed_at IS NULL) AS payment,
            EXISTS (SELECT 1 FROM bono_deposit d WHERE d.person_id = p.id AND d.state = 'sent') AS deposit_in_flight`;

/** The entitlement a standing reads (with its round's status and date), joined to `registry_person p`. */
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
     JOIN registry_person p ON p.ci_number = q.ci_number AND p.complemento = q.complemento AND p.date_of_birth = q.date_of_birth
     ${LATEST_ENTITLEMENT}`,
);

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

/**
 * A standing from a row of STANDING_COLUMNS whose person exists.
 *
 * @example toStanding(row).depositInFlight // false
 */
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
 * Standings of many persons in one query, in their order (NO_STANDING for a triple that matches
 * nobody). Called through a ReadBatcher (standingOf in payout-standing.ts), not one by one.
 *
 * @example const [a, b] = await standingsOf(db, [tripleA, tripleB]);
 */
export async function standingsOf(sql: Sql, persons: readonly PersonTriple[]): Promise<Standing[]> {
  const rows = await sql.query<StandingRow & { i: number }>(STANDINGS, [
    persons.map((p) => p.ciNumber),
    persons.map((p) => p.complemento),
    persons.map((p) => p.dateOfBirth),
  ]);
  const out: Standing[] = new Array(persons.length).fill(null);
  for (const r of rows) out[r.i - 1] ??= toStanding(r);
  return out.map((s) => s ?? NO_STANDING);
}

/** A round's frozen parameters, by parameter name. */
export type RoundParameters = Record<string, { value: unknown }>;

/**
 * The parameters a round froze, or undefined when there is no such round.
 *
 * @example (await roundParameters(db, 1))?.['bono_payment_start_date']?.value // '2020-12-01'
 */
export async function roundParameters(sql: Sql, roundId: number): Promise<RoundParameters | undefined> {
  const [r] = await sql.query<{ parameters: RoundParameters }>(
    'SELECT parameters FROM bono_round WHERE id = $1',
    [roundId],
  );
  return r?.parameters;
}

/**
 * A counter payout to record: the person's entitlement and the bank's request. The desk's queued
 * payouts are passed as they are (no copy per payout).
 */
export interface NewCounterPayment {
  req: PayRequest;
  personId: bigint;
  roundId: number;
  amount: bigint;
}

/** A payment row just inserted, with whether a deposit to the person is at a bank. */
export type InsertedPayment = PaymentJson & { deposit_in_flight: boolean };

/**
 * Inserts the payment rows of a group commit in one statement, each with its ledger transfer id
 * (counterTransferId),
 * and reads with each whether a deposit to the person is at a bank. Run it after the group's
 * transfers locked the payable account, so every export page that committed before is seen, and
 * those after wait for this commit and then see these payments (reservePage, deposit-export-page.ts).
 *
 * @example const rows = await insertCounterPayments(tx, queued);
 */
export function insertCounterPayments(
  tx: Sql,
  rows: readonly NewCounterPayment[],
): Promise<InsertedPayment[]> {
  return tx.query<InsertedPayment>(
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
}

/**
 * The payments recorded with these ledger transfers (live or reversed), by transfer id.
 *
 * @example (await paymentsByTransfer(tx, ['bono:counter:BUNIBOLX:3f1c…'])).get('bono:counter:BUNIBOLX:3f1c…')
 */
export async function paymentsByTransfer(tx: Sql, transferIds: string[]): Promise<Map<string, Payment>> {
  const rows = await tx.query<PaymentJson>(
    `SELECT ${PAYMENT_COLUMNS} FROM bono_payment WHERE transfer_id = ANY($1::text[])`,
    [transferIds],
  );
  return new Map(rows.map((p) => [p.transfer_id, toPayment(p)]));
}

/**
 * A payment, locked for the rest of the transaction (a reversal decides on it), or undefined.
 *
 * @example const payment = await lockPayment(tx, 42);
 */
export async function lockPayment(tx: Sql, paymentId: number): Promise<Payment | undefined> {
  const [row] = await tx.query<PaymentJson>(
    `SELECT ${PAYMENT_COLUMNS} FROM bono_payment WHERE id = $1 FOR UPDATE`,
    [paymentId],
  );
  return row ? toPayment(row) : undefined;
}

/**
 * Marks a payment reversed by the ledger transfer `reversalTransferId`, and returns it.
 *
 * @example await markPaymentReversed(tx, 42, { at, reason: 'cashier error', actor }, 'bono:reversal:bono:counter:…');
 */
export async function markPaymentReversed(
  tx: Sql,
  paymentId: number,
  req: { at: Date; reason: string; actor: Actor },
  reversalTransferId: string,
): Promise<Payment> {
  const [updated] = await tx.query<PaymentJson>(
    `UPDATE bono_payment SET reversed_at = $2, reversal_reason = $3, reversal_transfer_id = $4, reversed_by = $5
     WHERE id = $1 RETURNING ${PAYMENT_COLUMNS}`,
    [paymentId, req.at, req.reason, reversalTransferId, req.actor],
  );
  return toPayment(updated!);
}
