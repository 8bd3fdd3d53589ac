import type { Sql } from '../db/database.ts';
import { correctPerson, findPersonById, type PersonCorrection } from '../registry/index.ts';
import { ok, type Result } from '../shared/failure.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import { insertEvent } from './grievance.repository.ts';
import type { Grievance, RegistryPerson, StepInput } from './grievance.types.ts';

/**
 * The registry correction an approved `wrong_data` or `not_listed` grievance asks for. The registry
 * owns `person`: it checks the values, updates the row, keeps person_history and writes the audit
 * entry `person.corrected` (correctPerson); the grievance records the step its citizen sees.
 */

export type { PersonCorrection };

/**
 * Corrects the grievance's person through the registry, in the decision's transaction, and records
 * the `person_corrected` step with what changed. Returns the person as now registered, or the
 * registry's refusal (nothing written; the caller rolls its transaction back).
 *
 * @example const person = await correctGrievancePerson(tx, g, 4711n, { dateOfBirth: '1985-03-10' }, input); if (!person.ok) return person;
 */
export async function correctGrievancePerson(
  tx: Sql,
  g: Grievance,
  personId: bigint,
  correction: Partial<PersonCorrection>,
  input: StepInput,
): Promise<Result<RegistryPerson, GrievanceFailure>> {
  const corrected = await correctPerson(tx, {
    personId,
    correction,
    fileName: `grievance ${g.reference}`,
    cause: { grievance: g.reference },
    actor: input.actor,
    at: input.at,
  });
  if (!corrected.ok) return corrected;
  const { importId, before, after } = corrected.value;
  await insertEvent(tx, {
    grievanceId: g.id,
    at: input.at,
    actor: input.actor,
    action: 'person_corrected',
    data: { personId: personId.toString(), importId: importId.toString(), before, after },
  });
  const updated = await findPersonById(tx, personId);
  if (!updated) throw new Error(`person ${personId} vanished during its correction`);
  return ok(updated);
}
