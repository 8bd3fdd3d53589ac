import assert from 'node:assert/strict';
import type { Sql } from '../../src/db/database.ts';
import {
  type Account,
  type CreateTransferResult,
  createTransfers,
  ensureAccounts,
  type LedgerFailure,
  type SinglePhaseTransferInput,
  type Transfer,
} from '../../src/ledger/index.ts';
import type { Result } from '../../src/shared/failure.ts';

/**
 * A small chart of accounts shaped like the Bono's (ADR 0006): a lender, the funding line its credit
 * pays into, the entitlements payable to persons, what each bank paid out, and what expired. The
 * namespace keeps charts of different tests (or property-test runs) in one database apart.
 */

/** The accounts ensureAccounts opened; its failure fails the test (a chart the test defines wrongly). */
export function accountsOrFail(result: Result<Map<string, Account>, LedgerFailure>): Map<string, Account> {
  if (!result.ok) assert.fail(`the accounts were not opened: ${JSON.stringify(result.error)}`);
  return result.value;
}

export const T0 = new Date('2020-12-01T20:00:00Z');
/** T0 plus some minutes: tests speak in minutes after the launch of payments. */
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const BONO = 100_000n;

export interface Chart {
  lender: Account;
  funding: Account;
  payable: Account;
  union: Account;
  bnb: Account;
  expired: Account;
  /** The lender's mirror: an account whose credits may never exceed its debits. */
  advance: Account;
}

export async function openChart(sql: Sql, ns = 'bono'): Promise<Chart> {
  const accounts = accountsOrFail(
    await ensureAccounts(sql, [
      { code: `${ns}:lender:ibrd`, ledger: 'BOB', kind: 'liability', name: 'IBRD', createdAt: T0 },
      {
        code: `${ns}:funding:ibrd-9115-bo`,
        ledger: 'BOB',
        kind: 'equity',
        name: 'IBRD loan 9115-BO',
        debitsMustNotExceedCredits: true,
        createdAt: T0,
      },
      {
        code: `${ns}:entitlements-payable`,
        ledger: 'BOB',
        kind: 'liability',
        debitsMustNotExceedCredits: true,
        createdAt: T0,
      },
      { code: `${ns}:paid:BUNIBOLX`, ledger: 'BOB', kind: 'expense', createdAt: T0 },
      { code: `${ns}:paid:BNBOBOLX`, ledger: 'BOB', kind: 'expense', createdAt: T0 },
      { code: `${ns}:expired-returned`, ledger: 'BOB', kind: 'equity', createdAt: T0 },
      {
        code: `${ns}:advance`,
        ledger: 'BOB',
        kind: 'asset',
        creditsMustNotExceedDebits: true,
        createdAt: T0,
      },
    ]),
  );
  const get = (code: string) => accounts.get(`${ns}:${code}`)!;
  return {
    lender: get('lender:ibrd'),
    funding: get('funding:ibrd-9115-bo'),
    payable: get('entitlements-payable'),
    union: get('paid:BUNIBOLX'),
    bnb: get('paid:BNBOBOLX'),
    expired: get('expired-returned'),
    advance: get('advance'),
  };
}

/** A single-phase BOB transfer with defaults; `over` replaces any field. */
export function move(
  id: string,
  debit: Account,
  credit: Account,
  amount: bigint,
  over: Partial<SinglePhaseTransferInput> = {},
): SinglePhaseTransferInput {
  return {
    id,
    debitAccountId: debit.id,
    creditAccountId: credit.id,
    amount,
    ledger: 'BOB',
    code: 'test.move',
    occurredAt: T0,
    ...over,
  };
}

/** Disburses `amount` from the lender and allocates it to entitlements payable. */
export async function fund(sql: Sql, chart: Chart, amount: bigint, idPrefix = 'fund'): Promise<void> {
  const results = await createTransfers(sql, [
    move(`${idPrefix}:disburse`, chart.lender, chart.funding, amount, { code: 'bono.disbursement' }),
    move(`${idPrefix}:allocate`, chart.funding, chart.payable, amount, { code: 'bono.allocation' }),
  ]);
  assert.deepEqual(
    results.map((r) => r.result),
    ['ok', 'ok'],
  );
}

/** The result codes alone. */
export const codes = (results: readonly CreateTransferResult[]) => results.map((r) => r.result);

/** The transfer an `ok` or `exists` result carries (fails the test otherwise). */
export function transferOf(r: CreateTransferResult | undefined): Transfer {
  assert.ok(r && (r.result === 'ok' || r.result === 'exists'), `expected ok or exists, got ${r?.result}`);
  return r.transfer;
}

/** The transfer a conflict result carries (fails the test otherwise). */
export function conflictingOf(r: CreateTransferResult | undefined): Transfer {
  assert.ok(r && 'conflicting' in r, `expected a conflict, got ${r?.result}`);
  return r.conflicting;
}
