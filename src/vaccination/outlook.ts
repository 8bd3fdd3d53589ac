import type { Sql } from '../db/database.ts';
import { addDays, type IsoDate } from '../shared/dates.ts';
import { ok, type Result } from '../shared/failure.ts';
import { selectDosesOfPerson } from './dose.repository.ts';
import {
  decideEligibility,
  type Eligibility,
  type PersonRef,
  personOf,
  productsByCode,
} from './eligibility.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';

/**
 * "¿Cuándo me toca?" for the citizen pages: a person's eligibility on each of the coming days, read
 * once (the person, their lists, their doses) and decided per day by the rules (decideEligibility,
 * no I/O), with the CI weekday a walk-in needs. Where they live, so the page lists sites near them.
 */

/** A person's eligibility over several days, and where they live. */
export interface Outlook {
  departmentCode: number | null;
  municipalityCode: string | null;
  /** One per day asked, in order. */
  days: Eligibility[];
}

/** How many days ahead a citizen may ask about: a week and a day (today and the next seven). */
export const OUTLOOK_MAX_DAYS = 8;

/**
 * The person's eligibility as a walk-in on `days` consecutive days from `from` (at most
 * OUTLOOK_MAX_DAYS), or `person_not_found`.
 *
 * @example const r = await outlookOn(db, key, '2021-07-05', 8); r.value.days[0].refusal // null: today
 */
export async function outlookOn(
  sql: Sql,
  person: PersonRef,
  from: IsoDate,
  days: number,
): Promise<Result<Outlook, VaccinationFailure>> {
  const found = await personOf(sql, person);
  if (!found.ok) return found;
  const { personId, facts } = found.value;
  const doses = await selectDosesOfPerson(sql, personId);
  const products = await productsByCode(sql);
  const count = Math.max(1, Math.min(OUTLOOK_MAX_DAYS, days));
  const decided = Array.from({ length: count }, (_, i) =>
    decideEligibility(facts, personId, doses, products, addDays(from, i), { weekday: true }, {}),
  );
  const department = facts.attributes['department_code'];
  const municipality = facts.attributes['municipality_code'];
  return ok({
    departmentCode: typeof department === 'number' ? department : null,
    municipalityCode: typeof municipality === 'string' ? municipality : null,
    days: decided,
  });
}
