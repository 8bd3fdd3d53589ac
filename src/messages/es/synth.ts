import type { SynthFailure } from '../../synth/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Las negativas de `ayni synth` en castellano (estados: ../status/synth.ts). */
export const SYNTH_ES: Catalogue<SynthFailure> = {
  bad_people: { title: '--people debe ser un número entero positivo.' },
  bad_seed: { title: '--seed debe ser un número entero ≥ 0.' },
  synth_people_out_of_range: {
    title: 'La cantidad de personas está fuera de rango.',
    detail: (f) =>
      `La cantidad de personas debe ser un número entero de 1 a ${f.maxPeople}; se indicó ${f.people}.`,
  },
  synth_as_of_out_of_range: {
    title: 'La fecha de referencia es demasiado temprana.',
    detail: (f) =>
      `La fecha de referencia debe ser una fecha AAAA-MM-DD desde el ${f.earliest}; se indicó «${f.asOf}».`,
  },
};
