import type { RegistryPerson } from '../registry/index.ts';
import type { Scalar, Value } from './expr.ts';
import type { Facts } from './facts.ts';

/**
 * A registry person as the rules read them: the registry's columns under their column names (the
 * names the programmes' formulas and the SQL back end use), then the lists the person is on. One
 * mapping for the rules' loader and the citizen's look-up, so both explain the same facts.
 */

/**
 * The facts of a person: their registry attributes, `extra` facts the registry does not hold (a
 * vaccination's doses), and their row on each source list in force.
 *
 * @example personFacts(person, { disability: { degree: 'grave', disability_type: 'visual' } })
 */
export function personFacts(
  p: RegistryPerson,
  lists: Record<string, Record<string, Scalar>>,
  extra: Readonly<Record<string, Value>> = {},
): Facts {
  return { attributes: { ...personAttributes(p), ...extra }, lists };
}

/**
 * The registry attributes the rules read, by column name.
 *
 * @example personAttributes(person) // { ci_number: '4567890', complemento: '', date_of_birth: '1980-05-01', … }
 */
export function personAttributes(p: RegistryPerson): Record<string, Value> {
  return {
    ci_number: p.ciNumber,
    complemento: p.complemento,
    date_of_birth: p.dateOfBirth,
    sex: p.sex,
    municipality_code: p.municipalityCode,
    department_code: p.departmentCode,
    residence_country: p.residenceCountry,
    date_of_death: p.dateOfDeath,
  };
}
