import type { ParameterFailure } from '../../parameters/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Dated parameters: their failures in Spanish (statuses: ../status/parameters.ts). */
export const PARAMETERS_ES: Catalogue<ParameterFailure> = {
  parameter_not_in_force: {
    title: 'La norma no está vigente en esa fecha.',
    detail: (f) =>
      `El parámetro ${f.parameter} (${f.source}) no tiene un valor vigente al ${f.on}: su primer valor rige desde el ${f.firstEffective}. Evalúe en esa fecha o después.`,
  },
  parameter_file_invalid: {
    title: 'El archivo de parámetros no es válido.',
    detail: (f) => `${f.source}: ${f.problem}`,
  },
  unknown_parameter: {
    title: 'No existe ese parámetro.',
    detail: (f) =>
      `No se puede reemplazar ${f.parameter}: ${f.source} no tiene ese parámetro. Parámetros: ${f.parameters.join(', ')}.`,
  },
  invalid_parameter_override: {
    title: 'El valor que reemplaza al parámetro no es válido.',
    detail: (f) => `El valor que reemplaza a ${f.parameter} no es válido: ${f.issues}.`,
  },
};
