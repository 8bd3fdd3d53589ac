import type { SynthFailure } from '../../synth/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** `ayni synth`'s refusals in English (statuses: ../status/synth.ts). */
export const SYNTH_EN: Catalogue<SynthFailure> = {
  bad_people: { title: '--people must be a positive whole number.' },
  bad_seed: { title: '--seed must be a whole number ≥ 0.' },
};
