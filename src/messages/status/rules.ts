import type { RulesFailure } from '../../rules/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The HTTP status of each failure of the rules engine. */
export const RULES_STATUS: Statuses<RulesFailure> = {
  unknown_programme: 404,
  input_invalid: 400,
  not_compilable_to_sql: 422,
  // The bono API's look-up answers the same failure with the same status (./bono.ts).
  person_not_found: 404,
};
