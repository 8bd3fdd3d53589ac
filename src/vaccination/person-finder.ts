import type { Database } from '../db/database.ts';
import { listsOfPersonFromJson, listValuesByName, type PersonKey, personFromRow } from '../registry/index.ts';
import { type Facts, personFacts } from '../rules/index.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { FoundPersonRow } from './dose.repository.ts';
import { type PersonRef, personOf } from './eligibility.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * The persons the booking and dose desks' requests name. A request by key (CI, complemento, date
 * of birth) goes to the desk as it is: the batch's first statement finds its persons and locks them
 * together (desk.ts, lockPersonsFindingKeys), where a look-up on the pool before the batch took
 * 15–19 ms a request under load (bench/vaccination-doses.bench.ts). A request by the person's id
 * is read before, as personOf (eligibility.ts) reads it.
 */

/** A person found, with their facts for the rules. */
export interface FoundPerson {
  personId: bigint;
  facts: Facts;
}

/** A request's person: found already, or a key the desk's batch finds. */
export type AskedPerson = FoundPerson | PersonKey;

/**
 * What a request hands its desk for its person: found by id now, a key as it is (a date of birth
 * that is no date finds nobody, as the registry's look-up answers it).
 *
 * @example const asked = await askedPerson(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1950-03-01' })
 */
export async function askedPerson(
  db: Database,
  ref: PersonRef,
): Promise<Result<AskedPerson, VaccinationFailure>> {
  if ('personId' in ref) return personOf(db, ref);
  if (parseIsoDate(ref.dateOfBirth) !== ref.dateOfBirth) return fail({ code: 'person_not_found' });
  return ok(ref);
}

/**
 * The person of a row found by key, and their facts for the rules (as findPersonFacts reads them).
 *
 * @example foundPerson(row).personId // 12n
 */
export function foundPerson(row: FoundPersonRow): FoundPerson {
  const person = personFromRow(row);
  return {
    personId: person.id,
    facts: personFacts(person, listValuesByName(listsOfPersonFromJson(row.lists))),
  };
}
