import type { RulesFailure } from '../../rules/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { BONO_EN } from './bono.ts';

/** The rules engine's failures in English (statuses: ../status/rules.ts). */
export const RULES_EN: Catalogue<RulesFailure> = {
  unknown_programme: {
    title: 'There is no such programme.',
    detail: (f) => `Unknown programme "${f.programme}". Programmes: ${f.programmes.join(', ')}.`,
  },
  input_invalid: {
    title: 'The input is not valid.',
    detail: (f) => {
      if ('declarationField' in f)
        return `The declaration is invalid at ${f.declarationField}: ${f.problem}.`;
      if ('unknownVariable' in f)
        return `${f.caseFile}: case "${f.caseName}" expects unknown variable ${f.unknownVariable}`;
      return `${f.caseFile}: ${f.at}: ${f.problem}`;
    },
  },
  not_compilable_to_sql: {
    title: 'This formula cannot be computed in SQL.',
    detail: (f) => {
      switch (f.reason) {
        case 'not_of_population':
          return `${f.variable} is a variable of ${f.entity}, not of the population`;
        case 'attribute_not_held':
          return `${f.variable} reads ${f.attribute}, which the registry does not hold; pass a value for it in "assume".`;
        case 'sums_over_items':
          return `${f.variable} sums over a declaration's items; only the in-memory back end evaluates it.`;
      }
    },
  },
  // One code, one text: the catalogues merge by code, so the look-up's words are these.
  person_not_found: BONO_EN.person_not_found,
};
