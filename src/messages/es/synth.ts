import type { SynthFailure } from '../../synth/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Las negativas de `ayni synth` en castellano (estados: ../status/synth.ts). */
export const SYNTH_ES: Catalogue<SynthFailure> = {
  bad_people: { title: '--people debe ser un número entero positivo.' },
  bad_seed: { title: '--seed debe ser un número entero ≥ 0.' },
};
