import type { Sql } from '../db/database.ts';
import {
  BOB_LEDGER,
  createTransfers,
  getTransfers,
  reversalOf,
  type TransferInput,
} from '../ledger/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { evaluateDeclaration } from './assess.ts';
import { declarationVersions } from './declaration.repository.ts';
import { lateCharges } from './late-payment.ts';
import { chargesOf, insertCharge, markChargeReversed, paymentsOf } from './payment.repository.ts';
import { openTaxAccounts } from './tax-account.ts';
import { residenceDays } from './taxpayer.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import type { Charge, Taxpayer } from './wealth-tax.types.ts';

/**
 * The late charges of a taxpayer's year: settled at the first payment after the deadline
 * (payment.ts), and recomputed when an amendment changes the tax after that (declaration.ts), so
 * the charges always follow the latest version of the declaration.
 */

const LATE_KINDS = new Set(['updating', 'interest', 'fine']);

/**
 * The late charges on the tax omitted at the deadline, on the day of the first late payment: the
 * fine as the rules compute it (the payments made by the deadline given as paid), the UFV
 * updating and the interest (late-payment.ts), for the latest version of the declaration. Zero
 * charges are left out. `suffix` makes the transfer ids of a recomputation its own.
 */
export async function lateSettlement(
  tx: Sql,
  t: Taxpayer,
  fortuneYear: number,
  deadline: string,
  paidOn: string,
  suffix = '',
): Promise<Result<Charge[], WealthTaxFailure>> {
  const versions = await declarationVersions(tx, t.id, fortuneYear);
  const latest = versions[versions.length - 1]!;
  const onTime = (await paymentsOf(tx, t.id, fortuneYear)).filter((p) => p.paidOn <= deadline);
  const paid = onTime.reduce((s, p) => s + p.amountCentavos, 0n);
  const days = (await residenceDays(tx, t.id, fortuneYear)) ?? 0;
  const content = {
    ...latest.content,
    tax_paid: paid === 0n ? 0 : `${paid / 100n}.${(paid % 100n).toString().padStart(2, '0')}`,
    ...(onTime.length > 0 ? { paid_on: onTime[onTime.length - 1]!.paidOn } : {}),
  };
  const ev = evaluateDeclaration(content, fortuneYear, days, paidOn);
  if (!ev.ok) return ev;
  const omitted = ev.value.value('igf_omitted_tax_centavos') as bigint;
  const fine = ev.value.value('igf_fine_centavos') as bigint;
  const late = lateCharges(omitted, deadline, paidOn);
  if (!late) return fail({ code: 'wealth_tax_not_in_force', on: paidOn });
  const key = `${t.id}:${fortuneYear}${suffix}`;
  const all: Charge[] = [
    {
      transferId: `wealth-tax:updating:${key}`,
      kind: 'updating',
      onDay: paidOn,
      amountCentavos: late.updatingCentavos,
    },
    {
      transferId: `wealth-tax:interest:${key}`,
      kind: 'interest',
      onDay: paidOn,
      amountCentavos: late.interestCentavos,
    },
    { transferId: `wealth-tax:fine:${key}`, kind: 'fine', onDay: paidOn, amountCentavos: fine },
  ];
  return ok(all.filter((c) => c.amountCentavos > 0n));
}

/**
 * After an amendment: when late charges were settled for the year, reverses them on the ledger and
 * books them again on the amended declaration (same deadline and day of settlement), under ids of
 * the amending declaration. Nothing happens when no late charge was settled yet (the first late
 * payment will compute them on the latest version). Returns what was reversed and what booked.
 */
export async function recomputeLateCharges(
  tx: Sql,
  t: Taxpayer,
  fortuneYear: number,
  deadline: string,
  declarationId: bigint,
  actor: string,
  at: Date,
): Promise<Result<{ reversed: Charge[]; booked: Charge[] }, WealthTaxFailure>> {
  const standing = (await chargesOf(tx, t.id, fortuneYear)).filter(
    (c) => LATE_KINDS.has(c.kind) && !c.reversedBy,
  );
  const settledOn = (await chargesOf(tx, t.id, fortuneYear)).find((c) => LATE_KINDS.has(c.kind))?.onDay;
  if (settledOn === undefined) return ok({ reversed: [], booked: [] });
  const fresh = await lateSettlement(tx, t, fortuneYear, deadline, settledOn, `:${declarationId}`);
  if (!fresh.ok) return fresh;
  const accounts = await openTaxAccounts(tx, t.id, fortuneYear, at);
  if (!accounts.ok) throw new Error(`wealth-tax accounts: ${JSON.stringify(accounts.error)}`);
  const { receivable, charges: chargesAccount } = accounts.value;
  const originals = await getTransfers(
    tx,
    standing.map((c) => c.transferId),
  );
  const transfers: TransferInput[] = [];
  for (const c of standing) {
    const original = originals.find((o) => o.id === c.transferId)!;
    transfers.push(
      reversalOf(original, {
        id: `wealth-tax:reverse:${declarationId}:${c.kind}`,
        code: `wealth_tax.${c.kind}_reversal`,
        occurredAt: at,
      }),
    );
  }
  for (const c of fresh.value)
    transfers.push({
      id: c.transferId,
      code: `wealth_tax.${c.kind}`,
      debitAccountId: receivable.id,
      creditAccountId: chargesAccount.id,
      amount: c.amountCentavos,
      ledger: BOB_LEDGER,
      occurredAt: at,
    });
  for (const r of await createTransfers(tx, transfers))
    if (r.result !== 'ok' && r.result !== 'exists')
      throw new Error(`wealth-tax charge recomputation refused: ${r.result}`);
  for (const c of standing)
    await markChargeReversed(tx, c.transferId, `wealth-tax:reverse:${declarationId}:${c.kind}`);
  for (const c of fresh.value) await insertCharge(tx, t.id, fortuneYear, c, actor, at, declarationId);
  return ok({ reversed: standing, booked: fresh.value });
}
