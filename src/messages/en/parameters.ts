import type { ParameterFailure } from '../../parameters/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Dated parameters: their failures in English (statuses: ../status/parameters.ts). */
export const PARAMETERS_EN: Catalogue<ParameterFailure> = {
  parameter_not_in_force: {
    title: 'The law is not in force on that date.',
    detail: (f) =>
      `Parameter ${f.parameter} (${f.source}) has no value in force on ${f.on}: its first value takes effect on ${f.firstEffective}. Evaluate on or after that date.`,
  },
  parameter_file_invalid: {
    title: 'The parameter file is not valid.',
    detail: (f) => `${f.source}: ${f.problem}`,
  },
  unknown_parameter: {
    title: 'There is no such parameter.',
    detail: (f) =>
      `Cannot override ${f.parameter}: ${f.source} has no such parameter. Parameters: ${f.parameters.join(', ')}.`,
  },
  invalid_parameter_override: {
    title: 'The parameter override is not valid.',
    detail: (f) => `Override of ${f.parameter} is invalid: ${f.issues}.`,
  },
};
