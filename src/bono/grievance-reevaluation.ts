import type { Database, Sql } from '../db/database.ts';
import { findPersonById } from '../registry/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import type { Round } from './bono.types.ts';
import { entitlementsOf, regularRoundDate, setSupplementaryRound } from './grievance.repository.ts';
import type {
  DecisionResult,
  Grievance,
  GrievanceOutcome,
  RegistryPerson,
  StepInput,
} from './grievance.types.ts';
import { lockedGrievance, refuseUnless, step } from './grievance-steps.ts';
import { traceOf } from './grievance-trace.ts';
import { getRound } from './round.service.ts';
import { createRound } from './round-freeze.ts';

/** Where a re-evaluation leaves the person, decided inside the decision's transaction. */
export interface Reevaluation {
  outcome:
    | Exclude<GrievanceOutcome, 'rejected' | 'supplementary_round' | 'round_refused' | 'handed_to_bank'>
    | 'round';
  date: IsoDate;
  eligible: boolean;
}

/**
 * Re-evaluates the person and records it; says whether a supplementary round is due.
 *
 * @example const r = await reevaluate(tx, g, person, input); r.outcome // 'round'
 */
export async function reevaluate(
  tx: Sql,
  g: Grievance,
  person: RegistryPerson,
  input: StepInput,
): Promise<Reevaluation> {
  const regular = await regularRoundDate(tx);
  const date = regular?.asOf ?? toIsoDateInBolivia(input.at);
  const trace = await traceOf(tx, person, date, 'es');
  const standing = await entitlementsOf(tx, person.id);
  const hasRegularRound = regular !== null;
  const outcome: Reevaluation['outcome'] =
    standing.length > 0
      ? 'already_entitled'
      : !trace.eligible
        ? 'not_eligible'
        : hasRegularRound
          ? 'round'
          : 'awaits_regular_round';
  await step(tx, g, {
    action: 'reevaluated',
    actor: input.actor,
    at: input.at,
    data: {
      personId: person.id.toString(),
      date,
      eligible: trace.eligible,
      failing: trace.failing,
      entitledInRounds: standing.map((s) => s.entitlement.roundId),
      outcome: outcome === 'round' ? 'supplementary_round_due' : outcome,
    },
  });
  return { outcome, date, eligible: trace.eligible };
}

/**
 * After the decision committed: freeze the supplementary round if one is due, and record it.
 *
 * @example return afterReevaluation(db, approved, await reevaluate(tx, approved, person, input), input);
 */
export async function afterReevaluation(
  db: Database,
  g: Grievance,
  r: Reevaluation,
  input: StepInput,
): Promise<DecisionResult> {
  if (r.outcome !== 'round')
    return { grievance: g, outcome: r.outcome, roundId: null, eligible: r.eligible, message: null };
  // createRound runs its own transaction (it locks bono_round), so it cannot join the decision's:
  // the decision is committed first, and a refused or failed round leaves an approved grievance
  // without a round, recorded as such and retried with retrySupplementaryRound.
  let round: Round;
  try {
    round = await createRound(db, {
      kind: 'supplementary',
      personIds: [g.personId!],
      asOf: r.date,
      note: `Reclamo ${g.reference}`,
      actor: input.actor,
      at: input.at,
    });
  } catch (error) {
    const message = (error as Error).message;
    await db.transaction(async (tx) => {
      const fresh = await lockedGrievance(tx, g.id);
      await step(tx, fresh, {
        action: 'supplementary_round_refused',
        actor: input.actor,
        at: input.at,
        note: message,
        data: { code: error instanceof UserError ? error.code : 'error' },
      });
    });
    if (!(error instanceof UserError)) throw error;
    return { grievance: g, outcome: 'round_refused', roundId: null, eligible: r.eligible, message };
  }
  const updated = await db.transaction(async (tx) => {
    const fresh = await lockedGrievance(tx, g.id);
    await setSupplementaryRound(tx, g.id, round.id);
    await step(tx, fresh, {
      action: 'supplementary_round_created',
      actor: input.actor,
      at: input.at,
      data: { roundId: round.id, asOf: round.asOf, contentHash: round.contentHash },
      before: { supplementaryRoundId: fresh.supplementaryRoundId },
      after: { reference: g.reference, supplementaryRoundId: round.id, contentHash: round.contentHash },
    });
    return { ...fresh, supplementaryRoundId: round.id };
  });
  return {
    grievance: updated,
    outcome: 'supplementary_round',
    roundId: round.id,
    eligible: true,
    message: null,
  };
}

/**
 * Tries again to give an approved grievance its supplementary round: after a refused round, or
 * after the second officer rejected the round. Re-evaluates first, since the registry may have
 * changed since.
 *
 * @example await retrySupplementaryRound(db, { id: 12, actor: 'account:ana', at: new Date() })
 */
export async function retrySupplementaryRound(db: Database, input: StepInput): Promise<DecisionResult> {
  const decided = await db.transaction(async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    refuseUnless(g, ['approved'], 'get a supplementary round');
    if (g.kind === 'paid_not_received' || g.personId === null)
      throw new UserError(
        'round_not_applicable',
        `Grievance ${g.reference} does not lead to a supplementary round (it is a ${g.kind} claim${g.personId === null ? ' with no registry person' : ''}).`,
      );
    if (g.supplementaryRoundId !== null) {
      const round = await getRound(tx, g.supplementaryRoundId);
      if (round && round.status !== 'rejected')
        throw new UserError(
          'round_exists',
          `Grievance ${g.reference} already has supplementary round ${round.id} (${round.status}).`,
          { roundId: round.id },
        );
    }
    const person = await findPersonById(tx, g.personId, { forUpdate: true });
    if (!person)
      throw new Error(`grievance ${g.id} links to person ${g.personId}, who is not in the registry`);
    return { g, next: await reevaluate(tx, g, person, input) };
  });
  return afterReevaluation(db, decided.g, decided.next, input);
}
