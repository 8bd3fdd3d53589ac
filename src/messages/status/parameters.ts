import type { ParameterFailure } from '../../parameters/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The HTTP status of each failure of dated parameters. */
export const PARAMETERS_STATUS: Statuses<ParameterFailure> = {
  // A date before the law took effect: the rules refuse to apply it (422).
  parameter_not_in_force: 422,
  parameter_file_invalid: 400,
  unknown_parameter: 400,
  invalid_parameter_override: 400,
};
