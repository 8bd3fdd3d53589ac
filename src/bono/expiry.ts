import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Round, RoundStatus } from './bono.types.ts';
import {
  depositsInFlight,
  type EntitledPaidCell,
  entitledAndPaid,
  lockRoundRow,
  markRoundExpired,
  roundDeadline,
} from './expiry.repository.ts';
import type { RoundExpiryFailure } from './round.failures.ts';
import { getRound } from './round.service.ts';
import { moveRoundFunds } from './round-funding.ts';

/**
 * The end of a round: once every entitlement's legal collection period is over, what was not
 * collected goes back to the funding lines (one transfer per line, ids naming the round, so a
 * repeated expiry moves nothing twice) and the round is marked expired; no counter or deposit can
 * pay from it afterwards.
 */

/** A department and age band of a round: entitled, paid, and what is left unclaimed. */
export interface UnclaimedRow extends EntitledPaidCell {
  unclaimed: number;
  unclaimedCentavos: bigint;
}

/** An expired round: what went back to the funding lines, and how many entitlements were not collected. */
export interface ExpiredRound {
  round: Round;
  returnedCentavos: bigint;
  unclaimed: number;
}

/**
 * Entitled, paid and unclaimed by department and age band.
 *
 * @example const report = await unclaimedReport(db, 3); // [{ departmentCode: 2, band: 'A', unclaimed: 12, … }]
 */
export async function unclaimedReport(sql: Sql, roundId: number): Promise<UnclaimedRow[]> {
  const cells = await entitledAndPaid(sql, roundId);
  return cells.map((c) => ({
    ...c,
    unclaimed: c.entitled - c.paid,
    unclaimedCentavos: c.entitledCentavos - c.paidCentavos,
  }));
}

/**
 * Expires an approved round after its collection period. Refused before the last deadline, and
 * while deposits are in flight (import the banks' replies first: an accepted deposit is a payment).
 *
 * @example const r = await expireRound(db, { roundId: 3, actor: 'account:ana', at: new Date() }); // r.ok ? r.value.returnedCentavos : r.error.code
 */
export async function expireRound(
  db: Database,
  input: { roundId: number; actor: Actor; at: Date },
): Promise<Result<ExpiredRound, RoundExpiryFailure>> {
  const accounts = await ensureBonoAccounts(db, input.at);
  // Every refusal comes before the first write: returning it ends the transaction having changed nothing.
  return db.transaction(async (tx): Promise<Result<ExpiredRound, RoundExpiryFailure>> => {
    const roundId = input.roundId;
    const locked = await roundDeadline(tx, roundId);
    if (!locked) return fail({ code: 'round_not_found', roundId });
    await lockRoundRow(tx, roundId);
    if (locked.status !== 'approved')
      return fail({
        code: 'round_not_approved',
        roundId,
        roundStatus: locked.status as RoundStatus,
        operation: 'expire',
      });
    const today = toIsoDateInBolivia(input.at);
    if (locked.last !== null && today <= locked.last)
      return fail({ code: 'collection_period_open', roundId, lastDeadline: locked.last });
    const flight = await depositsInFlight(tx, roundId);
    if (flight > 0) return fail({ code: 'deposits_in_flight', roundId, depositsInFlight: flight });
    const report = await unclaimedReport(tx, input.roundId);
    const unclaimedCentavos = report.reduce((s, r) => s + r.unclaimedCentavos, 0n);
    const unclaimed = report.reduce((s, r) => s + r.unclaimed, 0);
    if (unclaimedCentavos > 0n)
      await moveRoundFunds(tx, accounts, 'expire', {
        roundId: input.roundId,
        amountCentavos: unclaimedCentavos,
        at: input.at,
      });
    await markRoundExpired(tx, input.roundId, input.at);
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.expired',
      entityType: 'bono_round',
      entityId: input.roundId,
      before: { status: 'approved' },
      after: { status: 'expired', unclaimed, returnedCentavos: unclaimedCentavos },
    });
    const round = await getRound(tx, input.roundId);
    return ok({ round: round!, returnedCentavos: unclaimedCentavos, unclaimed });
  });
}
