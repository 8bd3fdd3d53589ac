import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { UserError } from '../shared/errors.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { Round } from './bono.types.ts';
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

async function lockExistingRound(tx: Sql, id: number): Promise<Round> {
  const round = await lockRound(tx, id);
  if (!round)
    throw new UserError('round_not_found', `There is no round ${id}: list rounds with ayni bono round list.`);
  return round;
}

function refuseOwnRound(round: Round, actor: Actor, verb: string): void {
  if (round.createdBy === actor)
    throw new UserError(
      'maker_checker',
      `${actor} created round ${round.id} and cannot ${verb} it: a second officer with the bono approver role must.`,
      { roundId: round.id },
    );
  if (round.status !== 'frozen')
    throw new UserError(
      'round_not_frozen',
      `Round ${round.id} is ${round.status}; only a frozen round can be approved or rejected.`,
      { roundId: round.id, status: round.status },
    );
}

/**
 * Approves a frozen round: moves its total from the funding lines to entitlements payable (the
 * transfers' ids name the round, so a retried approval cannot fund it twice) and opens payment.
 *
 * @example const round = await approveRound(db, { roundId: 3, actor: 'account:luis', at: new Date() });
 */
export async function approveRound(db: Database, input: DecideRoundInput): Promise<Round> {
  const accounts = await ensureBonoAccounts(db, input.at);
  return db.transaction(async (tx) => {
    const round = await lockExistingRound(tx, input.roundId);
    refuseOwnRound(round, input.actor, 'approve');
    const clash = await countApprovedOverlaps(tx, round.id);
    if (clash > 0)
      throw new UserError(
        'round_overlaps',
        `${clash} person(s) of round ${round.id} are already entitled in an approved round; reject this round and create it again.`,
      );
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
    return approved;
  });
}

/**
 * Rejects a frozen round: nothing was paid and nothing will be; its rows stay for the record.
 *
 * @example const round = await rejectRound(db, { roundId: 3, actor: 'account:luis', at: new Date(), note: 'wrong date' });
 */
export async function rejectRound(db: Database, input: DecideRoundInput): Promise<Round> {
  if (!input.note?.trim())
    throw new UserError('reason_required', 'Say why the round is rejected, so its creator can correct it.');
  const note = input.note;
  return db.transaction(async (tx) => {
    const round = await lockExistingRound(tx, input.roundId);
    refuseOwnRound(round, input.actor, 'reject');
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
    return rejected;
  });
}
