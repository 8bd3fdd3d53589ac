/**
 * Dated parameters with their legal references (YAML files, "the value in force on a date"), for
 * every domain. Imports only src/shared. See ./parameters.ts for the file format.
 */

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
  ParameterError,
  ParameterSet,
  parseParameters,
  percent,
} from './parameters.ts';
