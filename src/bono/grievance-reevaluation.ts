import type { Database, Sql } from '../db/database.ts';
import { findPersonById } from '../registry/index.ts';
import { type IsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { Round } from './bono.types.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import { entitlementsOf, regularRoundDate, setSupplementaryRound } from './grievance.repository.ts';
import type {
  DecisionResult,
  Grievance,
  GrievanceOutcome,
  RegistryPerson,
  StepInput,
} from './grievance.types.ts';
import { inTransaction, lockedGrievance, refuseUnless, step } from './grievance-steps.ts';
import { traceOf } from './grievance-trace.ts';
import type { RoundFreezeFailure } from './round.failures.ts';
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
    return { grievance: g, outcome: r.outcome, roundId: null, eligible: r.eligible, refusal: null };
  // createRound runs its own transaction (it locks bono_round), so it cannot join the decision's:
  // the decision is committed first, and a refused or failed round leaves an approved grievance
  // without a round, recorded as such and retried with retrySupplementaryRound.
  const refused = (data: Record<string, unknown>, note?: string) =>
    db.transaction(async (tx) => {
      const fresh = await lockedOrGone(tx, g.id);
      await step(tx, fresh, {
        action: 'supplementary_round_refused',
        actor: input.actor,
        at: input.at,
        ...(note !== undefined ? { note } : {}),
        data,
      });
    });
  let created: Result<Round, RoundFreezeFailure>;
  try {
    created = await createRound(db, {
      kind: 'supplementary',
      personIds: [g.personId!],
      asOf: r.date,
      note: `Reclamo ${g.reference}`,
      actor: input.actor,
      at: input.at,
    });
  } catch (error) {
    await refused({ code: 'error' }, (error as Error).message);
    throw error;
  }
  if (!created.ok) {
    // The refusal itself is kept, not words: the interfaces word it in their reader's language.
    await refused({ code: created.error.code, refusal: created.error });
    return {
      grievance: g,
      outcome: 'round_refused',
      roundId: null,
      eligible: r.eligible,
      refusal: created.error,
    };
  }
  const round = created.value;
  const updated = await db.transaction(async (tx) => {
    const fresh = await lockedOrGone(tx, g.id);
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
    refusal: null,
  };
}

/** The grievance just decided, locked again: it cannot have gone (grievances are never deleted). */
async function lockedOrGone(tx: Sql, id: number): Promise<Grievance> {
  const g = await lockedGrievance(tx, id);
  if (!g.ok) throw new Error(`grievance ${id} vanished after its decision`);
  return g.value;
}

/**
 * Tries again to give an approved grievance its supplementary round: after a refused round, or
 * after the second officer rejected the round. Re-evaluates first, since the registry may have
 * changed since.
 *
 * @example await retrySupplementaryRound(db, { id: 12, actor: 'account:ana', at: new Date() }) // { ok: true, value: { outcome: 'supplementary_round', … } }
 */
export async function retrySupplementaryRound(
  db: Database,
  input: StepInput,
): Promise<Result<DecisionResult, GrievanceFailure>> {
  const decided = await inTransaction(db, async (tx) => {
    const locked = await lockedGrievance(tx, input.id);
    if (!locked.ok) return locked;
    const g = locked.value;
    const refused = refuseUnless(g, ['approved'], 'supplementary_round');
    if (refused) return fail(refused);
    if (g.kind === 'paid_not_received' || g.personId === null)
      return fail({
        code: 'round_not_applicable',
        reference: g.reference,
        kind: g.kind,
        personLinked: g.personId !== null,
      });
    if (g.supplementaryRoundId !== null) {
      const round = await getRound(tx, g.supplementaryRoundId);
      if (round && round.status !== 'rejected')
        return fail({
          code: 'round_exists',
          reference: g.reference,
          roundId: round.id,
          roundStatus: round.status,
        });
    }
    const person = await findPersonById(tx, g.personId, { forUpdate: true });
    if (!person)
      throw new Error(`grievance ${g.id} links to person ${g.personId}, who is not in the registry`);
    return ok({ g, next: await reevaluate(tx, g, person, input) });
  });
  if (!decided.ok) return decided;
  return ok(await afterReevaluation(db, decided.value.g, decided.value.next, input));
}
