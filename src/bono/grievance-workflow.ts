import type { Database } from '../db/database.ts';
import { findPersonById, PERSON_CORRECTION_COLUMNS } from '../registry/index.ts';
import { UserError } from '../shared/errors.ts';
import { paymentsOf, setPerson, setStatus } from './grievance.repository.ts';
import type { DecisionResult, Grievance, StepInput } from './grievance.types.ts';
import { correctGrievancePerson, type PersonCorrection } from './grievance-correction.ts';
import { afterReevaluation, reevaluate } from './grievance-reevaluation.ts';
import { cleanNote, lockedGrievance, refuseUnless, step } from './grievance-steps.ts';
import { getRound } from './round.service.ts';

/**
 * An officer's steps on a grievance: review, link to a person, note, decide, resolve. Every step
 * locks the grievance, checks its status, and records an event with its audit entry.
 */

/**
 * An officer takes an open grievance into review.
 *
 * @example await startReview(db, { id: 12, actor: 'account:ana', at: new Date() })
 */
export async function startReview(db: Database, input: StepInput): Promise<Grievance> {
  return db.transaction(async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    refuseUnless(g, ['open'], 'go into review');
    await setStatus(tx, g.id, 'in_review', null);
    await step(tx, g, {
      action: 'review_started',
      actor: input.actor,
      at: input.at,
      before: { status: g.status },
      after: { reference: g.reference, status: 'in_review' },
    });
    return { ...g, status: 'in_review' as const };
  });
}

/**
 * Links the grievance to the registry person it is about, when the citizen's triple matched nobody
 * exactly (typically the registry's date of birth is the wrong one). The person must carry the CI
 * number the citizen gave.
 *
 * @example await linkGrievancePerson(db, { id: 12, personId: 4711n, actor: 'account:ana', at: new Date() })
 */
export async function linkGrievancePerson(
  db: Database,
  input: StepInput & { personId: bigint },
): Promise<Grievance> {
  return db.transaction(async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    refuseUnless(g, ['open', 'in_review'], 'be linked to a person');
    const person = await findPersonById(tx, input.personId);
    if (!person)
      throw new UserError('person_not_found', `There is no person ${input.personId} in the registry.`);
    if (person.ciNumber !== g.person.ciNumber)
      throw new UserError(
        'person_not_candidate',
        `Person ${input.personId} has CI ${person.ciNumber}, but the grievance is about CI ${g.person.ciNumber}.`,
      );
    if (g.personId === person.id) return g;
    await setPerson(tx, g.id, person.id);
    await step(tx, g, {
      action: 'person_linked',
      actor: input.actor,
      at: input.at,
      data: { personId: person.id.toString() },
      before: { personId: g.personId },
      after: { reference: g.reference, personId: person.id },
    });
    return { ...g, personId: person.id };
  });
}

/**
 * Adds an internal note (never shown to the citizen).
 *
 * @example await addGrievanceNote(db, { id: 12, note: 'Llamé al banco', actor: 'account:ana', at: new Date() })
 */
export async function addGrievanceNote(db: Database, input: StepInput & { note: string }): Promise<void> {
  const note = cleanNote(input.note, true, 'the note');
  await db.transaction(async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    await step(tx, g, { action: 'noted', actor: input.actor, at: input.at, note });
  });
}

export interface DecideGrievanceInput extends StepInput {
  decision: 'approve' | 'reject';
  /** Why: kept with the grievance for officers and auditors, never shown to the citizen. */
  note: string;
  /** A message for the citizen, shown with the decision. */
  citizenNote?: string;
  /** For an approved `wrong_data` or `not_listed` claim: the registry values to correct. */
  correction?: Partial<PersonCorrection>;
}

/**
 * Decides a grievance under review. Rejecting records the decision. Approving needs the grievance
 * linked to a registry person; then:
 * - `wrong_data` / `not_listed`: has the registry apply the correction if one is given (the person
 *   row is updated, person_history keeps every correctable value before and after, under an import
 *   run of kind `person-correction`: the registry's correctPerson), re-evaluates the person with
 *   the bono's rules on the regular round's date and, if now eligible with no entitlement in a
 *   round that stands, freezes a supplementary round for that person alone (`createRound`, note
 *   `Reclamo <reference>`; maker-checker applies);
 * - `paid_not_received`: records the finding with the payments on record and hands over to the
 *   bank's reversal process.
 *
 * @example
 *   await decideGrievance(db, { id: 12, decision: 'approve', note: 'CI card shows 1985-03-10',
 *     correction: { dateOfBirth: '1985-03-10' }, actor: 'account:ana', at: new Date() });
 */
export async function decideGrievance(db: Database, input: DecideGrievanceInput): Promise<DecisionResult> {
  if (input.decision !== 'approve' && input.decision !== 'reject')
    throw new UserError('decision_invalid', 'A decision is approve or reject.');
  const note = cleanNote(input.note, true, 'the reason for the decision');
  const citizenNote = cleanNote(input.citizenNote, false, 'the message for the citizen');
  const correction =
    input.correction && Object.keys(input.correction).length > 0 ? input.correction : undefined;
  if (correction) {
    const unknown = Object.keys(correction).filter((k) => !(k in PERSON_CORRECTION_COLUMNS));
    if (unknown.length > 0)
      throw new UserError(
        'correction_field_unknown',
        `Cannot correct ${unknown.join(', ')}; correctable: ${Object.keys(PERSON_CORRECTION_COLUMNS).join(', ')}.`,
      );
    if (input.decision === 'reject')
      throw new UserError(
        'correction_on_reject',
        'A rejected grievance corrects nothing; approve it to correct data.',
      );
  }
  const data = citizenNote ? { citizenNote } : undefined;

  const decided = await db.transaction(async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    refuseUnless(g, ['in_review'], 'be decided');
    if (input.decision === 'reject') {
      await setStatus(tx, g.id, 'rejected', input.at);
      await step(tx, g, {
        action: 'rejected',
        actor: input.actor,
        at: input.at,
        note,
        ...(data ? { data } : {}),
        before: { status: g.status },
        after: { reference: g.reference, status: 'rejected', note },
      });
      return { g: { ...g, status: 'rejected' as const, decidedAt: input.at }, next: null };
    }
    if (correction && g.kind === 'paid_not_received')
      throw new UserError(
        'correction_not_allowed',
        'A paid-but-not-received claim corrects no registry data; file a wrong_data grievance for that.',
      );
    if (g.personId === null)
      throw new UserError(
        'person_not_linked',
        `Grievance ${g.reference} matches no registry person: link it to the person it is about first (the candidates share CI ${g.person.ciNumber}), or reject it if the person is not in the registry.`,
        { grievanceId: g.id },
      );
    const person = await findPersonById(tx, g.personId, { forUpdate: true });
    if (!person)
      throw new Error(`grievance ${g.id} links to person ${g.personId}, who is not in the registry`);

    await setStatus(tx, g.id, 'approved', input.at);
    await step(tx, g, {
      action: 'approved',
      actor: input.actor,
      at: input.at,
      note,
      ...(data ? { data } : {}),
      before: { status: g.status },
      after: { reference: g.reference, status: 'approved', note },
    });
    const approved: Grievance = { ...g, status: 'approved', decidedAt: input.at };

    if (g.kind === 'paid_not_received') {
      const payments = await paymentsOf(tx, person.id);
      const live = payments.find((p) => p.reversedAt === null);
      await step(tx, approved, {
        action: 'handed_to_bank',
        actor: input.actor,
        at: input.at,
        note: live
          ? `Payment ${live.id} (${live.channel}, ${live.bankBic}, transfer ${live.transferId}) goes to the bank's reversal process.`
          : 'No live payment is on record for this person; the bank must check its own records.',
        data: live
          ? { paymentId: live.id, bankBic: live.bankBic, transferId: live.transferId, channel: live.channel }
          : { paymentId: null },
      });
      return { g: approved, next: null };
    }

    let current = person;
    if (correction) current = await correctGrievancePerson(tx, approved, person.id, correction, input);
    const r = await reevaluate(tx, approved, current, input);
    return { g: approved, next: r };
  });

  if (decided.next === null)
    return {
      grievance: decided.g,
      outcome: decided.g.status === 'rejected' ? 'rejected' : 'handed_to_bank',
      roundId: null,
      eligible: null,
      message: null,
    };
  return afterReevaluation(db, decided.g, decided.next, input);
}

/**
 * Closes an approved grievance once what it set in motion is done: its supplementary round was
 * approved by a second officer, or the bank finished its review of the payment.
 *
 * @example await resolveGrievance(db, { id: 12, note: 'Ronda 7 aprobada', actor: 'account:ana', at: new Date() })
 */
export async function resolveGrievance(
  db: Database,
  input: StepInput & { note: string; citizenNote?: string },
): Promise<Grievance> {
  const note = cleanNote(input.note, true, 'how the grievance was resolved');
  const citizenNote = cleanNote(input.citizenNote, false, 'the message for the citizen');
  return db.transaction(async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    refuseUnless(g, ['approved'], 'be resolved');
    if (g.supplementaryRoundId !== null) {
      const round = await getRound(tx, g.supplementaryRoundId);
      if (round?.status === 'frozen')
        throw new UserError(
          'round_not_approved',
          `Supplementary round ${round.id} still waits for a second officer's approval; resolve the grievance after it.`,
          { roundId: round.id },
        );
      if (round?.status === 'rejected')
        throw new UserError(
          'round_rejected',
          `Supplementary round ${round.id} was rejected; create it again (retrySupplementaryRound) before resolving.`,
          { roundId: round.id },
        );
    }
    await setStatus(tx, g.id, 'resolved', null);
    await step(tx, g, {
      action: 'resolved',
      actor: input.actor,
      at: input.at,
      note,
      ...(citizenNote ? { data: { citizenNote } } : {}),
      before: { status: g.status },
      after: { reference: g.reference, status: 'resolved', note },
    });
    return { ...g, status: 'resolved' as const };
  });
}
