import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { parseIsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import {
  insertMandate,
  listMandates,
  mandateById,
  mandatedNits,
  mandateInForce,
  markRevoked,
} from './mandate.repository.ts';
import { taxpayerByNit } from './taxpayer.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import type { Mandate, Taxpayer } from './wealth-tax.types.ts';

/**
 * Mandates (issue #20): a taxpayer names a representative — an ayni account of their own, with the
 * tax_representative role — to declare, amend and see the assessment, balance and notices of
 * their wealth tax. A tax officer records the mandate (from a day, to a day or open-ended) and
 * revokes it; both are audited. Every action a representative takes passes `representative` (the
 * account's username) to the domain, which checks here, inside the action's transaction, that a
 * mandate is in force on the day of the action: a representative without one — never granted,
 * expired, revoked — is refused with `not_mandated`, as is a NIT nobody registered (so an account
 * learns nothing of taxpayers who did not mandate it). Officers act without the check.
 */

const USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;

type Invalid = Extract<WealthTaxFailure, { code: 'wealth_tax_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, WealthTaxFailure> =>
  fail({ code: 'wealth_tax_input_invalid', field, problem });

/**
 * Records a taxpayer's mandate to a representative's account.
 *
 * @example await grantMandate(db, { nit: '4567890019', representative: 'rep.ana', validFrom: '2021-01-01' }, 'account:sin', now)
 */
export async function grantMandate(
  db: Database,
  input: { nit: string; representative: string; validFrom: string; validTo?: string | null },
  actor: Actor,
  at: Date,
): Promise<Result<Mandate, WealthTaxFailure>> {
  const representative = input.representative.trim();
  if (!USERNAME.test(representative)) return invalid('representative', 'format');
  if (parseIsoDate(input.validFrom) !== input.validFrom) return invalid('validFrom', 'format');
  const validTo = input.validTo ? input.validTo : null;
  if (validTo !== null && parseIsoDate(validTo) !== validTo) return invalid('validTo', 'format');
  if (validTo !== null && validTo < input.validFrom) return invalid('validTo', 'range');
  return db.transaction(async (tx) => {
    const t = await taxpayerByNit(tx, input.nit);
    if (!t) return fail({ code: 'taxpayer_not_found', nit: input.nit });
    const id = await insertMandate(
      tx,
      { taxpayerId: t.id, representative, validFrom: input.validFrom, validTo },
      actor,
      at,
    );
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_mandate.granted',
      entityType: 'wealth_tax_mandate',
      entityId: id,
      after: { nit: t.nit, representative, validFrom: input.validFrom, validTo },
    });
    return ok((await mandateById(tx, id))!);
  });
}

/**
 * Revokes a mandate from the moment recorded: the representative's account reaches the taxpayer
 * no more. A mandate revoked before is refused (`mandate_revoked`) and left as it was.
 *
 * @example await revokeMandate(db, { mandateId: 4n, reason: 'El contribuyente lo revocó' }, 'account:sin', now)
 */
export async function revokeMandate(
  db: Database,
  input: { mandateId: bigint; reason: string },
  actor: Actor,
  at: Date,
): Promise<Result<Mandate, WealthTaxFailure>> {
  const reason = input.reason.trim();
  if (reason === '' || reason.length > 500) return invalid('reason', reason === '' ? 'missing' : 'range');
  return db.transaction(async (tx) => {
    const m = await mandateById(tx, input.mandateId, { forUpdate: true });
    if (!m) return fail({ code: 'mandate_not_found', mandateId: String(input.mandateId) });
    if (m.revokedAt) return fail({ code: 'mandate_revoked', mandateId: String(m.id) });
    await markRevoked(tx, m.id, actor, at, reason);
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_mandate.revoked',
      entityType: 'wealth_tax_mandate',
      entityId: m.id,
      before: { nit: m.nit, representative: m.representative },
      after: { revoked: true },
    });
    return ok((await mandateById(tx, m.id))!);
  });
}

/** Mandates, newest first: all, a taxpayer's or a representative's. @example await mandates(db, { nit: '4567890019' }) */
export async function mandates(
  sql: Sql,
  filter: { nit?: string; representative?: string } = {},
  limit = 1000,
): Promise<Mandate[]> {
  return listMandates(sql, filter, limit);
}

/**
 * The taxpayers a representative holds a mandate of in force on the day of `at`, in NIT order: the
 * only ones their lists show.
 *
 * @example await mandatedTaxpayers(db, 'rep.ana', now)
 */
export async function mandatedTaxpayers(sql: Sql, representative: string, at: Date): Promise<Taxpayer[]> {
  const nits = new Set(await mandatedNits(sql, representative, toIsoDateInBolivia(at)));
  if (nits.size === 0) return [];
  const out: Taxpayer[] = [];
  for (const nit of nits) {
    const t = await taxpayerByNit(sql, nit);
    if (t) out.push(t);
  }
  return out;
}

/** Whether a mandate is in force on a day. @example inForce(m, '2021-03-20') // true */
export function inForce(m: Mandate, on: string): boolean {
  return m.revokedAt === null && m.validFrom <= on && (m.validTo === null || on <= m.validTo);
}

/**
 * The taxpayer of a NIT for whoever acts: anyone for an officer (`representative` undefined); for
 * a representative only a taxpayer whose mandate is in force on the day of `at`, else
 * `not_mandated` — also when nobody has the NIT. Called inside the action's transaction.
 *
 * @example const t = await taxpayerFor(tx, '4567890019', 'rep.ana', now)
 */
export async function taxpayerFor(
  sql: Sql,
  nit: string,
  representative: string | undefined,
  at: Date,
  options: { forUpdate?: boolean } = {},
): Promise<Result<Taxpayer, WealthTaxFailure>> {
  const t = await taxpayerByNit(sql, nit, options);
  if (representative === undefined) return t ? ok(t) : fail({ code: 'taxpayer_not_found', nit });
  if (!t || !(await mandateInForce(sql, representative, t.id, toIsoDateInBolivia(at))))
    return fail({ code: 'not_mandated', nit });
  return ok(t);
}
