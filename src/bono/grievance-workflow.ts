import type { Database } from '../db/database.ts';
import { findPersonById, PERSON_CORRECTION_COLUMNS } from '../registry/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import { paymentsOf, setPerson, setStatus } from './grievance.repository.ts';
import type { DecisionResult, Grievance, StepInput } from './grievance.types.ts';
import { correctGrievancePerson, type PersonCorrection } from './grievance-correction.ts';
import { afterReevaluation, type Reevaluation, reevaluate } from './grievance-reevaluation.ts';
import { cleanNote, inTransaction, lockedGrievance, refuseUnless, step } from './grievance-steps.ts';
import { getRound } from './round.service.ts';

/**
 * An officer's steps on a grievance: review, link to a person, note, decide, resolve. Every step
 * locks the grievance, checks its status, and records an event with its audit entry; a step the
 * grievance does not allow is a failure (GrievanceFailure), returned, and leaves nothing written.
 */

/**
 * An officer takes an open grievance into review.
 *
 * @example const r = await startReview(db, { id: 12, actor: 'account:ana', at: new Date() }); if (r.ok) r.value.status // 'in_review'
 */
export async function startReview(
  db: Database,
  input: StepInput,
): Promise<Result<Grievance, GrievanceFailure>> {
  return inTransaction(db, async (tx) => {
    const locked = await lockedGrievance(tx, input.id);
    if (!locked.ok) return locked;
    const g = locked.value;
    const refused = refuseUnless(g, ['open'], 'review');
    if (refused) return fail(refused);
    await setStatus(tx, g.id, 'in_review', null);
    await step(tx, g, {
      action: 'review_started',
      actor: input.actor,
      at: input.at,
      before: { status: g.status },
      after: { reference: g.reference, status: 'in_review' },
    });
    return ok({ ...g, status: 'in_review' as const });
  });
}

/**
 * Links the grievance to the registry person it is about, when the citizen's triple matched nobody
 * exactly (typically the registry's date of birth is the wrong one). The person must carry the CI
 * number the citizen gave.
 *
 * @example await linkGrievancePerson(db, { id: 12, personId: 4711n, actor: 'account:ana', at: new Date() }) // { ok: true, value: { personId: 4711n, … } }
 */
export async function linkGrievancePerson(
  db: Database,
  input: StepInput & { personId: bigint },
): Promise<Result<Grievance, GrievanceFailure>> {
  return inTransaction(db, async (tx) => {
    const locked = await lockedGrievance(tx, input.id);
    if (!locked.ok) return locked;
    const g = locked.value;
    const refused = refuseUnless(g, ['open', 'in_review'], 'link');
    if (refused) return fail(refused);
    const person = await findPersonById(tx, input.personId);
    if (!person) return fail({ code: 'person_not_found', personId: input.personId.toString() });
    if (person.ciNumber !== g.person.ciNumber)
      return fail({
        code: 'person_not_candidate',
        personId: input.personId.toString(),
        personCiNumber: person.ciNumber,
        grievanceCiNumber: g.person.ciNumber,
      });
    if (g.personId === person.id) return ok(g);
    await setPerson(tx, g.id, person.id);
    await step(tx, g, {
      action: 'person_linked',
      actor: input.actor,
      at: input.at,
      data: { personId: person.id.toString() },
      before: { personId: g.personId },
      after: { reference: g.reference, personId: person.id },
    });
    return ok({ ...g, personId: person.id });
  });
}

/**
 * Adds an internal note (never shown to the citizen).
 *
 * @example await addGrievanceNote(db, { id: 12, note: 'Llamé al banco', actor: 'account:ana', at: new Date() }) // { ok: true, value: undefined }
 */
export async function addGrievanceNote(
  db: Database,
  input: StepInput & { note: string },
): Promise<Result<void, GrievanceFailure>> {
  const note = cleanNote(input.note, true, 'note');
  if (!note.ok) return note;
  return inTransaction(db, async (tx) => {
    const g = await lockedGrievance(tx, input.id);
    if (!g.ok) return g;
    await step(tx, g.value, { action: 'noted', actor: input.actor, at: input.at, note: note.value });
    return ok(undefined);
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
export async function decideGrievance(
  db: Database,
  input: DecideGrievanceInput,
): Promise<Result<DecisionResult, GrievanceFailure>> {
  if (input.decision !== 'approve' && input.decision !== 'reject') return fail({ code: 'decision_invalid' });
  const note = cleanNote(input.note, true, 'decision_reason');
  if (!note.ok) return note;
  const citizenNote = cleanNote(input.citizenNote, false, 'citizen_message');
  if (!citizenNote.ok) return citizenNote;
  const correction =
    input.correction && Object.keys(input.correction).length > 0 ? input.correction : undefined;
  if (correction) {
    const unknown = Object.keys(correction).filter((k) => !(k in PERSON_CORRECTION_COLUMNS));
    if (unknown.length > 0)
      return fail({
        code: 'correction_field_unknown',
        fields: unknown,
        correctable: Object.keys(PERSON_CORRECTION_COLUMNS),
      });
    if (input.decision === 'reject') return fail({ code: 'correction_on_reject' });
  }
  const data = citizenNote.value ? { citizenNote: citizenNote.value } : undefined;

  const decided = await inTransaction(
    db,
    async (tx): Promise<Result<{ g: Grievance; next: Reevaluation | null }, GrievanceFailure>> => {
      const locked = await lockedGrievance(tx, input.id);
      if (!locked.ok) return locked;
      const g = locked.value;
      const refused = refuseUnless(g, ['in_review'], 'decide');
      if (refused) return fail(refused);
      if (input.decision === 'reject') {
        await setStatus(tx, g.id, 'rejected', input.at);
        await step(tx, g, {
          action: 'rejected',
          actor: input.actor,
          at: input.at,
          note: note.value,
          ...(data ? { data } : {}),
          before: { status: g.status },
          after: { reference: g.reference, status: 'rejected', note: note.value },
        });
        return ok({ g: { ...g, status: 'rejected' as const, decidedAt: input.at }, next: null });
      }
      if (correction && g.kind === 'paid_not_received') return fail({ code: 'correction_not_allowed' });
      if (g.personId === null)
        return fail({
          code: 'person_not_linked',
          grievanceId: g.id,
          reference: g.reference,
          ciNumber: g.person.ciNumber,
        });
      const person = await findPersonById(tx, g.personId, { forUpdate: true });
      if (!person)
        throw new Error(`grievance ${g.id} links to person ${g.personId}, who is not in the registry`);

      await setStatus(tx, g.id, 'approved', input.at);
      await step(tx, g, {
        action: 'approved',
        actor: input.actor,
        at: input.at,
        note: note.value,
        ...(data ? { data } : {}),
        before: { status: g.status },
        after: { reference: g.reference, status: 'approved', note: note.value },
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
            ? {
                paymentId: live.id,
                bankBic: live.bankBic,
                transferId: live.transferId,
                channel: live.channel,
              }
            : { paymentId: null },
        });
        return ok({ g: approved, next: null });
      }

      let current = person;
      if (correction) {
        // A refused correction rolls back the approval recorded above (inTransaction).
        const corrected = await correctGrievancePerson(tx, approved, person.id, correction, input);
        if (!corrected.ok) return corrected;
        current = corrected.value;
      }
      const r = await reevaluate(tx, approved, current, input);
      return ok({ g: approved, next: r });
    },
  );
  if (!decided.ok) return decided;

  const { g, next } = decided.value;
  if (next === null)
    return ok({
      grievance: g,
      outcome: g.status === 'rejected' ? 'rejected' : 'handed_to_bank',
      roundId: null,
      eligible: null,
      refusal: null,
    });
  return ok(await afterReevaluation(db, g, next, input));
}

/**
 * Closes an approved grievance once what it set in motion is done: its supplementary round was
 * approved by a second officer, or the bank finished its review of the payment.
 *
 * @example await resolveGrievance(db, { id: 12, note: 'Ronda 7 aprobada', actor: 'account:ana', at: new Date() }) // { ok: true, value: { status: 'resolved', … } }
 */
export async function resolveGrievance(
  db: Database,
  input: StepInput & { note: string; citizenNote?: string },
): Promise<Result<Grievance, GrievanceFailure>> {
  const note = cleanNote(input.note, true, 'resolution');
  if (!note.ok) return note;
  const citizenNote = cleanNote(input.citizenNote, false, 'citizen_message');
  if (!citizenNote.ok) return citizenNote;
  return inTransaction(db, async (tx) => {
    const locked = await lockedGrievance(tx, input.id);
    if (!locked.ok) return locked;
    const g = locked.value;
    const refused = refuseUnless(g, ['approved'], 'resolve');
    if (refused) return fail(refused);
    if (g.supplementaryRoundId !== null) {
      const round = await getRound(tx, g.supplementaryRoundId);
      if (round?.status === 'frozen')
        return fail({
          code: 'round_not_approved',
          roundId: round.id,
          roundStatus: round.status,
          operation: 'resolve_grievance',
        });
      if (round?.status === 'rejected') return fail({ code: 'round_rejected', roundId: round.id });
    }
    await setStatus(tx, g.id, 'resolved', null);
    await step(tx, g, {
      action: 'resolved',
      actor: input.actor,
      at: input.at,
      note: note.value,
      ...(citizenNote.value ? { data: { citizenNote: citizenNote.value } } : {}),
      before: { status: g.status },
      after: { reference: g.reference, status: 'resolved', note: note.value },
    });
    return ok({ ...g, status: 'resolved' as const });
  });
}
