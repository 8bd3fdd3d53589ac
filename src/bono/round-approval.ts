import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Round } from './bono.types.ts';
import type { RoundDecision, RoundDecisionFailure } from './round.failures.ts';
import { countApprovedOverlaps, decideRound, lockRound } from './round.repository.ts';
import { roundAuditView } from './round.service.ts';
import { moveRoundFunds } from './round-funding.ts';

/**
 * Maker-checker on a frozen round: a second officer approves it (its total moves from the funding
 * lines to entitlements payable, and payment opens) or rejects it (nothing is paid; its rows stay
 * for the record).
 */

export interface DecideRoundInput {
  roundId: number;
  actor: Actor;
  at: Date;
  note?: string;
}

/**
 * The frozen round to decide, locked; or why this officer may not decide it: there is no such
 * round, they created it (maker-checker), or it was decided already.
 */
async function lockRoundToDecide(
  tx: Sql,
  id: number,
  actor: Actor,
  decision: RoundDecision,
): Promise<Result<Round, RoundDecisionFailure>> {
  const round = await lockRound(tx, id);
  if (!round) return fail({ code: 'round_not_found', roundId: id });
  if (round.createdBy === actor) return fail({ code: 'maker_checker', roundId: round.id, actor, decision });
  if (round.status !== 'frozen')
    return fail({ code: 'round_not_frozen', roundId: round.id, roundStatus: round.status });
  return ok(round);
}

/**
 * Approves a frozen round: moves its total from the funding lines to entitlements payable (the
 * transfers' ids name the round, so a retried approval cannot fund it twice) and opens payment.
 *
 * @example const r = await approveRound(db, { roundId: 3, actor: 'account:luis', at: new Date() }); // r.ok ? r.value.status === 'approved' : r.error.code
 */
export async function approveRound(
  db: Database,
  input: DecideRoundInput,
): Promise<Result<Round, RoundDecisionFailure>> {
  const accounts = await ensureBonoAccounts(db, input.at);
  // A refusal found inside the transaction is returned from it: nothing was written before it.
  return db.transaction(async (tx): Promise<Result<Round, RoundDecisionFailure>> => {
    const locked = await lockRoundToDecide(tx, input.roundId, input.actor, 'approve');
    if (!locked.ok) return locked;
    const round = locked.value;
    const clash = await countApprovedOverlaps(tx, round.id);
    if (clash > 0) return fail({ code: 'round_overlaps', roundId: round.id, overlapping: clash });
    if (round.totalCentavos > 0n)
      await moveRoundFunds(tx, accounts, 'fund', {
        roundId: round.id,
        amountCentavos: round.totalCentavos,
        at: input.at,
      });
    const approved = await decideRound(tx, round.id, 'approved', {
      by: input.actor,
      at: input.at,
      note: input.note ?? '',
    });
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.approved',
      entityType: 'bono_round',
      entityId: round.id,
      before: roundAuditView(round),
      after: roundAuditView(approved),
    });
    return ok(approved);
  });
}

/**
 * Rejects a frozen round: nothing was paid and nothing will be; its rows stay for the record.
 *
 * @example const r = await rejectRound(db, { roundId: 3, actor: 'account:luis', at: new Date(), note: 'wrong date' });
 */
export async function rejectRound(
  db: Database,
  input: DecideRoundInput,
): Promise<Result<Round, RoundDecisionFailure>> {
  if (!input.note?.trim()) return fail({ code: 'reason_required', roundId: input.roundId });
  const note = input.note;
  return db.transaction(async (tx): Promise<Result<Round, RoundDecisionFailure>> => {
    const locked = await lockRoundToDecide(tx, input.roundId, input.actor, 'reject');
    if (!locked.ok) return locked;
    const round = locked.value;
    const rejected = await decideRound(tx, round.id, 'rejected', { by: input.actor, at: input.at, note });
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono_round.rejected',
      entityType: 'bono_round',
      entityId: round.id,
      before: roundAuditView(round),
      after: { ...roundAuditView(rejected), note },
    });
    return ok(rejected);
  });
}
