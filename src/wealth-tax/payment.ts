import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { BOB_LEDGER, createTransfers, getAccountsByCode, type TransferInput } from '../ledger/index.ts';
import { exchangeRateOn, toCentavos } from '../rules/index.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { currentAssessment } from './declaration.repository.ts';
import { lateSettlement } from './late-settlement.ts';
import { taxpayerFor } from './mandate.ts';
import { chargesOf, insertCharge, insertPayment, paymentsOf } from './payment.repository.ts';
import { openTaxAccounts, receivableCode } from './tax-account.ts';
import { taxpayerByNit } from './taxpayer.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import type { Charge, Payment, PaymentCurrency } from './wealth-tax.types.ts';

/**
 * Payments of the tax through the ledger (ADR 0006): each payment is one transfer from the SIN's
 * collections to the taxpayer's receivable for the year, under the id `wealth-tax:pay:<payment id>`
 * chosen by the caller, so a retry records nothing twice. A payment in US dollars from abroad
 * (domain §2.5) is converted at the official rate of its day (igf_exchange_rates). The first
 * payment after the deadline settles the late charges on the tax omitted at the deadline: UFV
 * updating and interest (late-payment.ts, Ley 2492 Art. 47) and the fine of the rules (Ley 1357
 * Art. 15, 200 %, less any reduction of igf_fine_reduction_voluntary), booked once per year.
 * An over-payment is refunded or carried to the next year, also by transfer.
 */

const PAYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,99}$/;
const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;
const CURRENCIES: readonly PaymentCurrency[] = ['BOB', 'USD'];

/** What a bank or an officer records. */
export interface PaymentInput {
  nit: string;
  fortuneYear: number;
  /** Chosen by the caller (a bank's reference) and reused on retry. */
  paymentId: string;
  paidOn: string;
  currency: PaymentCurrency;
  /** A decimal amount in the currency, such as "410000.00". */
  amount: string;
}

type Invalid = Extract<WealthTaxFailure, { code: 'wealth_tax_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, WealthTaxFailure> =>
  fail({ code: 'wealth_tax_input_invalid', field, problem });

/** A payment as recorded, and the late charges it settled (none when on time or settled before). */
export interface PaymentRecorded {
  payment: Payment;
  created: boolean;
  charges: Charge[];
}

/**
 * Records a payment and, when it is the first after the deadline, the late charges.
 *
 * @example await recordPayment(db, { nit: '1020304', fortuneYear: 2020, paymentId: 'bnb:778', paidOn: '2021-04-05', currency: 'USD', amount: '58908.05' }, 'account:sin', now)
 */
export async function recordPayment(
  db: Database,
  input: PaymentInput,
  actor: Actor,
  at: Date,
): Promise<Result<PaymentRecorded, WealthTaxFailure>> {
  if (!PAYMENT_ID.test(input.paymentId)) return invalid('paymentId', 'format');
  if (parseIsoDate(input.paidOn) !== input.paidOn) return invalid('paidOn', 'format');
  if (!AMOUNT.test(input.amount)) return invalid('amount', 'format');
  if (!CURRENCIES.includes(input.currency))
    return fail({ code: 'payment_currency_refused', currency: String(input.currency), on: input.paidOn });
  const rate = exchangeRateOn(input.currency, input.paidOn);
  if (rate === undefined)
    return fail({ code: 'payment_currency_refused', currency: input.currency, on: input.paidOn });
  const [whole, fraction = ''] = input.amount.split('.');
  const minor = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (minor === 0n) return invalid('amount', 'range');
  const centavos = toCentavos(minor, rate);
  return db.transaction(async (tx) => {
    const t = await taxpayerByNit(tx, input.nit, { forUpdate: true });
    if (!t) return fail({ code: 'taxpayer_not_found', nit: input.nit });
    const assessment = await currentAssessment(tx, t.id, input.fortuneYear);
    if (!assessment)
      return fail({ code: 'declaration_not_found', nit: input.nit, fortuneYear: input.fortuneYear });
    const wanted: Payment = {
      id: input.paymentId,
      taxpayerId: t.id,
      fortuneYear: input.fortuneYear,
      paidOn: input.paidOn,
      currency: input.currency,
      amountMinor: minor,
      rateHundredThousandths: rate,
      amountCentavos: centavos,
    };
    const { payment, created } = await insertPayment(tx, wanted, actor, at);
    if (!samePayment(payment, wanted)) return fail({ code: 'payment_conflict', paymentId: input.paymentId });
    if (!created) return ok({ payment, created, charges: [] });
    const accounts = await openTaxAccounts(tx, t.id, input.fortuneYear, at);
    if (!accounts.ok) throw new Error(`wealth-tax accounts: ${JSON.stringify(accounts.error)}`);
    const { receivable, collections, charges: chargesAccount } = accounts.value;
    const transfers: TransferInput[] = [
      {
        id: `wealth-tax:pay:${payment.id}`,
        code: 'wealth_tax.payment',
        debitAccountId: collections.id,
        creditAccountId: receivable.id,
        amount: centavos,
        ledger: BOB_LEDGER,
        occurredAt: at,
        userDataText: `${input.currency} ${input.amount}`,
      },
    ];
    const charges: Charge[] = [];
    if (input.paidOn > assessment.deadline && (await chargesOf(tx, t.id, input.fortuneYear)).length === 0) {
      const late = await lateSettlement(tx, t, input.fortuneYear, assessment.deadline, input.paidOn);
      if (!late.ok) return late;
      for (const c of late.value) {
        charges.push(c);
        transfers.push({
          id: c.transferId,
          code: `wealth_tax.${c.kind}`,
          debitAccountId: receivable.id,
          creditAccountId: chargesAccount.id,
          amount: c.amountCentavos,
          ledger: BOB_LEDGER,
          occurredAt: at,
        });
        await insertCharge(tx, t.id, input.fortuneYear, c, actor, at);
      }
    }
    for (const r of await createTransfers(tx, transfers))
      if (r.result !== 'ok' && r.result !== 'exists')
        throw new Error(`wealth-tax payment refused: ${r.result}`);
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_payment.recorded',
      entityType: 'wealth_tax_taxpayer',
      entityId: t.id,
      after: {
        paymentId: payment.id,
        fortuneYear: input.fortuneYear,
        paidOn: input.paidOn,
        amountCentavos: centavos,
        charges: charges.map((c) => ({ kind: c.kind, amountCentavos: c.amountCentavos })),
      },
    });
    return ok({ payment, created, charges });
  });
}

function samePayment(a: Payment, b: Payment): boolean {
  return (
    a.taxpayerId === b.taxpayerId &&
    a.fortuneYear === b.fortuneYear &&
    a.paidOn === b.paidOn &&
    a.currency === b.currency &&
    a.amountMinor === b.amountMinor
  );
}

/** A taxpayer's account for a year: what was assessed, charged and paid, and the balance. */
export interface Balance {
  taxCentavos: bigint;
  chargesCentavos: bigint;
  paidCentavos: bigint;
  /** Refunded or carried to the next year (they reduce the credit). */
  settledCentavos: bigint;
  /** Owed when positive; an over-payment when negative. */
  balanceCentavos: bigint;
  payments: Payment[];
  charges: Charge[];
}

/**
 * The balance of a taxpayer's year, from the ledger's receivable account.
 *
 * @example (await balanceOf(db, '1020304', 2020)).value.balanceCentavos // 0n when paid in full
 */
export async function balanceOf(
  sql: Sql,
  nit: string,
  fortuneYear: number,
  /** A representative asking: only a taxpayer whose mandate is in force on the day of `at`. */
  as?: { representative: string; at: Date },
): Promise<Result<Balance, WealthTaxFailure>> {
  const found = await taxpayerFor(sql, nit, as?.representative, as?.at ?? new Date(0));
  if (!found.ok) return found;
  const t = found.value;
  const [account] = await getAccountsByCode(sql, [receivableCode(t.id, fortuneYear)]);
  const payments = await paymentsOf(sql, t.id, fortuneYear);
  const charges = await chargesOf(sql, t.id, fortuneYear);
  const assessment = await currentAssessment(sql, t.id, fortuneYear);
  const sum = (kinds: string[]) =>
    charges.filter((c) => kinds.includes(c.kind) && !c.reversedBy).reduce((s, c) => s + c.amountCentavos, 0n);
  return ok({
    taxCentavos: assessment?.taxCentavos ?? 0n,
    chargesCentavos: sum(['updating', 'interest', 'fine']),
    paidCentavos: payments.reduce((s, p) => s + p.amountCentavos, 0n) + sum(['carried_in']),
    settledCentavos: sum(['refund', 'carried_forward']),
    balanceCentavos: account ? account.debitsPosted - account.creditsPosted : 0n,
    payments,
    charges,
  });
}

/**
 * Settles an over-payment: refunds it to the taxpayer, or carries it to the next fortune year's
 * account. `settlementId` is chosen by the caller and reused on retry.
 *
 * @example await settleOverpayment(db, { nit: '1020304', fortuneYear: 2020, how: 'carry_forward', settlementId: 'sin:77', on: '2021-05-10' }, 'account:sin', now)
 */
export async function settleOverpayment(
  db: Database,
  input: {
    nit: string;
    fortuneYear: number;
    how: 'refund' | 'carry_forward';
    settlementId: string;
    on: string;
  },
  actor: Actor,
  at: Date,
): Promise<Result<Charge, WealthTaxFailure>> {
  if (!PAYMENT_ID.test(input.settlementId)) return invalid('paymentId', 'format');
  if (parseIsoDate(input.on) !== input.on) return invalid('paidOn', 'format');
  return db.transaction(async (tx) => {
    const t = await taxpayerByNit(tx, input.nit, { forUpdate: true });
    if (!t) return fail({ code: 'taxpayer_not_found', nit: input.nit });
    const transferId = `wealth-tax:${input.how}:${input.settlementId}`;
    const done = (await chargesOf(tx, t.id, input.fortuneYear)).find((c) => c.transferId === transferId);
    if (done) return ok(done);
    const accounts = await openTaxAccounts(tx, t.id, input.fortuneYear, at);
    if (!accounts.ok) throw new Error(`wealth-tax accounts: ${JSON.stringify(accounts.error)}`);
    const { receivable, collections } = accounts.value;
    const overpaid = receivable.creditsPosted - receivable.debitsPosted;
    if (overpaid <= 0n)
      return fail({
        code: 'no_overpayment',
        nit: input.nit,
        fortuneYear: input.fortuneYear,
        overpaidCentavos: 0n,
      });
    let creditAccountId = collections.id;
    if (input.how === 'carry_forward') {
      const next = await openTaxAccounts(tx, t.id, input.fortuneYear + 1, at);
      if (!next.ok) throw new Error(`wealth-tax accounts: ${JSON.stringify(next.error)}`);
      creditAccountId = next.value.receivable.id;
    }
    const charge: Charge = {
      transferId,
      kind: input.how === 'refund' ? 'refund' : 'carried_forward',
      onDay: input.on,
      amountCentavos: overpaid,
    };
    const [r] = await createTransfers(tx, [
      {
        id: transferId,
        code: `wealth_tax.${charge.kind}`,
        debitAccountId: receivable.id,
        creditAccountId,
        amount: overpaid,
        ledger: BOB_LEDGER,
        occurredAt: at,
      },
    ]);
    if (r!.result !== 'ok') throw new Error(`wealth-tax settlement refused: ${r!.result}`);
    await insertCharge(tx, t.id, input.fortuneYear, charge, actor, at);
    if (input.how === 'carry_forward')
      await insertCharge(
        tx,
        t.id,
        input.fortuneYear + 1,
        { ...charge, transferId: `${transferId}:in`, kind: 'carried_in' },
        actor,
        at,
      );
    await appendAudit(tx, {
      at,
      actor,
      action: `wealth_tax_overpayment.${input.how === 'refund' ? 'refunded' : 'carried_forward'}`,
      entityType: 'wealth_tax_taxpayer',
      entityId: t.id,
      after: { fortuneYear: input.fortuneYear, amountCentavos: overpaid },
    });
    return ok(charge);
  });
}
