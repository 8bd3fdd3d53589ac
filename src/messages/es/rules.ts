import type { RulesFailure } from '../../rules/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { BONO_ES } from './bono.ts';

/** The rules engine's failures in Spanish (statuses: ../status/rules.ts). */
export const RULES_ES: Catalogue<RulesFailure> = {
  unknown_programme: {
    title: 'No existe ese programa.',
    detail: (f) => `No existe el programa «${f.programme}». Programas: ${f.programmes.join(', ')}.`,
  },
  input_invalid: {
    title: 'Los datos no son válidos.',
    detail: (f) => {
      if ('declarationField' in f)
        return `La declaración no es válida en ${f.declarationField}: ${f.problem}.`;
      if ('unknownVariable' in f)
        return `${f.caseFile}: el caso «${f.caseName}» espera la variable ${f.unknownVariable}, que no existe.`;
      return `${f.caseFile}: ${f.at}: ${f.problem}`;
    },
  },
  not_compilable_to_sql: {
    title: 'Esta fórmula no se puede calcular en SQL.',
    detail: (f) => {
      switch (f.reason) {
        case 'not_of_population':
          return `${f.variable} es una variable de ${f.entity}, no de la población.`;
        case 'attribute_not_held':
          return `${f.variable} lee ${f.attribute}, que el registro no tiene; indique un valor para él en «assume».`;
        case 'sums_over_items':
          return `${f.variable} suma sobre los elementos de una declaración; solo la evaluación en memoria la calcula.`;
      }
    },
  },
  // Un código, un texto: los catálogos se unen por código, así que estas son las palabras de la consulta.
  person_not_found: BONO_ES.person_not_found,
};
