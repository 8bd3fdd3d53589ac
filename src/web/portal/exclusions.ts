import type { PersonTriple } from '../../bono/index.ts';
import type { Sql } from '../../db/database.ts';
import { bono, evaluate, findPersonFacts, tryBind } from '../../rules/index.ts';
import type { IsoDate } from '../../shared/dates.ts';

/**
 * Which exclusion list keeps a person from the bono. The rule trace a citizen reads says only "on
 * at least one exclusion list"; a person who believes that wrong must know which list, to go to
 * the institution that keeps it. Each key is worded by the catalogue (its list and institution).
 */

/** The bono's exclusions, by the rule that reads each list. */
const EXCLUSION_RULES = {
  afp: 'bono_excluded_afp_contributor',
  deathPension: 'bono_excluded_death_pension_survivor',
  bonoFamilia: 'bono_excluded_bono_familia',
  pension: 'bono_excluded_pension_recipient',
} as const;

export type Exclusion = keyof typeof EXCLUSION_RULES;

/**
 * The exclusion lists the person is on, as the bono's rules in force on `on` read them; none when
 * the person is not found or the rules cannot be bound on that day (before the law).
 *
 * @example await exclusionsOf(db, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' }, '2021-02-10') // ['afp']
 */
export async function exclusionsOf(sql: Sql, person: PersonTriple, on: IsoDate): Promise<Exclusion[]> {
  const bound = tryBind(bono, { date: on });
  if (!bound.ok) return [];
  const found = await findPersonFacts(sql, person);
  if (!found.ok) return [];
  const evaluation = evaluate(bound.value, found.value.facts);
  return (Object.keys(EXCLUSION_RULES) as Exclusion[]).filter(
    (key) => evaluation.value(EXCLUSION_RULES[key]) === true,
  );
}
