import { UserError } from '../shared/errors.ts';

/**
 * Expected failures of the rules engine, each with a precise code the caller can act on:
 *
 * - (a rule evaluated on a date before a parameter's first dated value, bad parameter YAML or
 *   overrides: `ParameterError`s of src/parameters, with their own codes);
 * - `input_invalid`: a declaration or person facts that fail the programme's input schema;
 * - `not_compilable_to_sql`: a formula that only the in-memory back end can evaluate, or an input
 *   the registry does not hold and the caller did not assume a value for;
 * - `person_not_found`: the (CI number, complemento, date of birth) triple names nobody.
 *
 * Bugs (a formula reading what it did not declare, a type mismatch) throw plain `Error`s.
 *
 * @example throw new RulesError('parameter_not_in_force', 'Parameter x has no value on 2020-01-01 …')
 */
export class RulesError extends UserError {
  override name = 'RulesError';
}
