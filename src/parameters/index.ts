/**
 * Dated parameters with their legal references (YAML files, "the value in force on a date"), for
 * every domain. Imports only src/shared. See ./parameters.ts for the file format.
 */

export type { ParameterFailure } from './parameters.failures.ts';
export type {
  DatedValue,
  Parameter,
  ParameterSource,
  ParameterSpec,
  Reference,
  ValueOf,
} from './parameters.ts';
export {
  bolivianos,
  centavosOf,
  isoDate,
  loadParameterFile,
  ParameterSet,
  parseParameters,
  percent,
  readParameterFile,
} from './parameters.ts';
