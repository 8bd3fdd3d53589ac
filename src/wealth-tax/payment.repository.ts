import type { Sql } from '../db/database.ts';
import type { Charge, ChargeKind, Payment, PaymentCurrency } from './wealth-tax.types.ts';

/** The payments' and charges' SQL (wealth_tax_payment, wealth_tax_charge). */

interface PaymentRow {
  id: string;
  taxpayer_id: bigint;
  fortune_year: number;
  paid_on: string;
  currency: PaymentCurrency;
  amount_minor: bigint;
  rate_hundred_thousandths: bigint;
  amount_centavos: bigint;
}

const PAYMENT_COLUMNS =
  'id, taxpayer_id, fortune_year, paid_on, currency, amount_minor, rate_hundred_thousandths, amount_centavos';

function paymentFromRow(r: PaymentRow): Payment {
  return {
    id: r.id,
    taxpayerId: r.taxpayer_id,
    fortuneYear: r.fortune_year,
    paidOn: r.paid_on,
    currency: r.currency,
    amountMinor: r.amount_minor,
    rateHundredThousandths: r.rate_hundred_thousandths,
    amountCentavos: r.amount_centavos,
  };
}

/**
 * Records a payment unless its id exists; returns the stored payment and whether it was new.
 *
 * @example await insertPayment(tx, p, 'account:ana', now) // { payment, created: true }
 */
export async function insertPayment(
  sql: Sql,
  p: Payment,
  recordedBy: string,
  at: Date,
): Promise<{ payment: Payment; created: boolean }> {
  const [row] = await sql.query<PaymentRow>(
    `INSERT INTO wealth_tax_payment (${PAYMENT_COLUMNS}, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${PAYMENT_COLUMNS}`,
    [
      p.id,
      p.taxpayerId,
      p.fortuneYear,
      p.paidOn,
      p.currency,
      p.amountMinor,
      p.rateHundredThousandths,
      p.amountCentavos,
      recordedBy,
      at,
    ],
  );
  if (row) return { payment: paymentFromRow(row), created: true };
  const [existing] = await sql.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM wealth_tax_payment WHERE id = $1`,
    [p.id],
  );
  return { payment: paymentFromRow(existing!), created: false };
}

/** A taxpayer's payments for a year, in the order paid. @example await paymentsOf(db, 3n, 2020) */
export async function paymentsOf(sql: Sql, taxpayerId: bigint, fortuneYear: number): Promise<Payment[]> {
  const rows = await sql.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM wealth_tax_payment
      WHERE taxpayer_id = $1 AND fortune_year = $2 ORDER BY paid_on, id`,
    [taxpayerId, fortuneYear],
  );
  return rows.map(paymentFromRow);
}

/** Records a charge or settlement booked under a transfer id (a retry changes nothing). @example await insertCharge(tx, 3n, 2020, c, 'account:ana', now) */
export async function insertCharge(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
  c: Charge,
  recordedBy: string,
  at: Date,
  declarationId: bigint | null = null,
): Promise<void> {
  await sql.query(
    `INSERT INTO wealth_tax_charge (transfer_id, taxpayer_id, fortune_year, kind, on_day, amount_centavos, recorded_by, recorded_at, declaration_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (transfer_id) DO NOTHING`,
    [c.transferId, taxpayerId, fortuneYear, c.kind, c.onDay, c.amountCentavos, recordedBy, at, declarationId],
  );
}

/** Marks a charge reversed by a ledger transfer (it stays as history). @example await markChargeReversed(tx, 'wealth-tax:fine:3:2020', 'wealth-tax:reverse:…') */
export async function markChargeReversed(sql: Sql, transferId: string, reversedBy: string): Promise<void> {
  await sql.query(
    'UPDATE wealth_tax_charge SET reversed_by = $2 WHERE transfer_id = $1 AND reversed_by IS NULL',
    [transferId, reversedBy],
  );
}

/** A taxpayer's charges and settlements for a year, oldest first. @example await chargesOf(db, 3n, 2020) */
export async function chargesOf(sql: Sql, taxpayerId: bigint, fortuneYear: number): Promise<Charge[]> {
  const rows = await sql.query<{
    transfer_id: string;
    kind: ChargeKind;
    on_day: string;
    amount_centavos: bigint;
    reversed_by: string | null;
  }>(
    `SELECT transfer_id, kind, on_day, amount_centavos, reversed_by FROM wealth_tax_charge
      WHERE taxpayer_id = $1 AND fortune_year = $2 ORDER BY recorded_at, transfer_id`,
    [taxpayerId, fortuneYear],
  );
  return rows.map((r) => ({
    transferId: r.transfer_id,
    kind: r.kind,
    onDay: r.on_day,
    amountCentavos: r.amount_centavos,
    reversedBy: r.reversed_by,
  }));
}
