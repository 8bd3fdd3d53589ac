import type { SynthFailure } from '../../synth/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** `ayni synth`'s refusals in English (statuses: ../status/synth.ts). */
export const SYNTH_EN: Catalogue<SynthFailure> = {
  bad_people: { title: '--people must be a positive whole number.' },
  bad_seed: { title: '--seed must be a whole number ≥ 0.' },
  synth_people_out_of_range: {
    title: 'The number of persons is out of range.',
    detail: (f) => `people must be a whole number from 1 to ${f.maxPeople}; got ${f.people}.`,
  },
  synth_as_of_out_of_range: {
    title: 'The reference date is too early.',
    detail: (f) => `asOf must be a date YYYY-MM-DD from ${f.earliest} on; got "${f.asOf}".`,
  },
};
