import type { Sql } from '../db/database.ts';
import { BOB_LEDGER, createAccounts } from '../ledger/index.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { upsertBank } from './bank.repository.ts';
import { enabledBanks, type FundingLine, fundingLines } from './operations.ts';

/**
 * The bono's accounts in the ledger (BOB, centavos):
 * - `bono:funding:<line>`: a credit line (World Bank, IDB); debited when a round is approved,
 *   credited when unclaimed amounts expire back to it;
 * - `bono:entitlements-payable`: what approved rounds owe beneficiaries; it can never pay out more
 *   than was put into it (debits ≤ credits, checked by the ledger and by a CHECK constraint);
 * - `bono:in-transit:<BIC>`: deposits sent to a bank in a pain.001 and not yet answered: the export
 *   moves each page of a bank's deposits here from payable; each accepted deposit moves on to
 *   paid, each rejected one back to payable (never more out than came in);
 * - `bono:paid:<BIC>`: what each bank paid out, at counters and by deposit.
 */

export const PAYABLE_ACCOUNT = 'bono:entitlements-payable';
export const fundingAccountCode = (line: string) => `bono:funding:${line}`;
export const paidAccountCode = (bic: string) => `bono:paid:${bic}`;
export const inTransitAccountCode = (bic: string) => `bono:in-transit:${bic}`;
/** The ledger's unique key that allows one live payment per person for the programme. */
export const personPaymentKey = (personId: bigint) => `bono:person:${personId}`;

export interface BonoAccounts {
  payable: bigint;
  funding: (FundingLine & { id: bigint })[];
  paidByBank: Map<string, bigint>;
  inTransitByBank: Map<string, bigint>;
  bankNames: Map<string, string>;
}

/**
 * Opens the bono's accounts and records the enabled banks; safe to call at every start (accounts
 * that exist are left as they are).
 *
 * @example const accounts = await ensureBonoAccounts(db, new Date('2020-11-30T12:00:00Z'));
 */
export async function ensureBonoAccounts(sql: Sql, at: Date): Promise<BonoAccounts> {
  const on = toIsoDateInBolivia(at) < '2020-11-13' ? '2020-11-13' : toIsoDateInBolivia(at);
  const lines = fundingLines(on);
  const banks = enabledBanks(on);
  for (const b of banks) await upsertBank(sql, b.bic, b.name);
  const inputs = [
    {
      code: PAYABLE_ACCOUNT,
      ledger: BOB_LEDGER,
      kind: 'liability' as const,
      name: 'Bono Contra el Hambre — entitlements payable',
      debitsMustNotExceedCredits: true,
      createdAt: at,
    },
    ...lines.map((l) => ({
      code: fundingAccountCode(l.code),
      ledger: BOB_LEDGER,
      kind: 'equity' as const,
      name: l.name,
      createdAt: at,
    })),
    ...banks.map((b) => ({
      code: paidAccountCode(b.bic),
      ledger: BOB_LEDGER,
      kind: 'expense' as const,
      name: `Bono paid through ${b.name}`,
      createdAt: at,
    })),
    ...banks.map((b) => ({
      code: inTransitAccountCode(b.bic),
      ledger: BOB_LEDGER,
      kind: 'asset' as const,
      name: `Bono deposits sent to ${b.name}, awaiting its answer`,
      debitsMustNotExceedCredits: true,
      createdAt: at,
    })),
  ];
  const results = await createAccounts(sql, inputs);
  const ids = new Map<string, bigint>();
  results.forEach((r, i) => {
    if (r.result === 'ok' || r.result === 'exists') ids.set(inputs[i]!.code, r.account.id);
    else if (r.result === 'exists_with_different_fields') ids.set(inputs[i]!.code, r.conflicting.id);
    else throw new Error(`cannot open ledger account ${inputs[i]!.code}: ${r.result}`);
  });
  return {
    payable: ids.get(PAYABLE_ACCOUNT)!,
    funding: lines.map((l) => ({ ...l, id: ids.get(fundingAccountCode(l.code))! })),
    paidByBank: new Map(banks.map((b) => [b.bic, ids.get(paidAccountCode(b.bic))!])),
    inTransitByBank: new Map(banks.map((b) => [b.bic, ids.get(inTransitAccountCode(b.bic))!])),
    bankNames: new Map(banks.map((b) => [b.bic, b.name])),
  };
}
