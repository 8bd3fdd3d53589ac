import type { Sql } from '../db/database.ts';
import {
  type Account,
  BOB_LEDGER,
  ensureAccounts,
  getAccountsByCode,
  type LedgerFailure,
} from '../ledger/index.ts';
import type { Result } from '../shared/failure.ts';

/**
 * A taxpayer's account with the tax on the BOB ledger (ADR 0006; centavos, caller-chosen ids).
 * Each taxpayer and fortune year has one receivable account, `wealth-tax-receivable:<taxpayer>:<year>`:
 * the tax assessed, the UFV updating, interest and fines are debited to it; payments, refunds and
 * amounts carried to another year move it back. Its balance (debits − credits) is what the
 * taxpayer owes; a negative balance is an over-payment.
 */

/** Tax assessed (the counterpart of the receivable's debits for the tax itself). */
export const REVENUE_ACCOUNT = 'wealth-tax-revenue';
/** Updating, interest and fines after the deadline. */
export const CHARGES_ACCOUNT = 'wealth-tax-charges';
/** The SIN's collection account at the banks: payments in, refunds out. */
export const COLLECTIONS_ACCOUNT = 'wealth-tax-collections';

/** @example receivableCode(3n, 2020) // 'wealth-tax-receivable:3:2020' */
export function receivableCode(taxpayerId: bigint, fortuneYear: number): string {
  return `wealth-tax-receivable:${taxpayerId}:${fortuneYear}`;
}

/**
 * Opens (or finds) the receivable of a taxpayer's year and the tax's common accounts.
 *
 * @example const accounts = await openTaxAccounts(tx, 3n, 2020, now); accounts.value.receivable.id
 */
export async function openTaxAccounts(
  sql: Sql,
  taxpayerId: bigint,
  fortuneYear: number,
  at: Date,
): Promise<
  Result<{ receivable: Account; revenue: Account; charges: Account; collections: Account }, LedgerFailure>
> {
  const code = receivableCode(taxpayerId, fortuneYear);
  const opened = await ensureAccounts(sql, [
    {
      code,
      ledger: BOB_LEDGER,
      kind: 'asset',
      name: `IGF ${fortuneYear}, contribuyente ${taxpayerId}`,
      createdAt: at,
    },
    {
      code: REVENUE_ACCOUNT,
      ledger: BOB_LEDGER,
      kind: 'income',
      name: 'IGF: impuesto determinado',
      createdAt: at,
    },
    {
      code: CHARGES_ACCOUNT,
      ledger: BOB_LEDGER,
      kind: 'income',
      name: 'IGF: actualización, intereses y multas',
      createdAt: at,
    },
    { code: COLLECTIONS_ACCOUNT, ledger: BOB_LEDGER, kind: 'asset', name: 'IGF: recaudación', createdAt: at },
  ]);
  if (!opened.ok) return opened;
  const m = opened.value;
  return {
    ok: true,
    value: {
      receivable: m.get(code)!,
      revenue: m.get(REVENUE_ACCOUNT)!,
      charges: m.get(CHARGES_ACCOUNT)!,
      collections: m.get(COLLECTIONS_ACCOUNT)!,
    },
  };
}

/** What a taxpayer owes for a year (negative: an over-payment), from the ledger. @example await receivableBalance(tx, 3n, 2020) */
export async function receivableBalance(sql: Sql, taxpayerId: bigint, fortuneYear: number): Promise<bigint> {
  const [account] = await getAccountsByCode(sql, [receivableCode(taxpayerId, fortuneYear)]);
  return account ? account.debitsPosted - account.creditsPosted : 0n;
}
