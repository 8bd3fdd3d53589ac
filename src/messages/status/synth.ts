import type { SynthFailure } from '../../synth/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The synthetic country's refusals are bad options: 400. */
export const SYNTH_STATUS: Statuses<SynthFailure> = {
  bad_people: 400,
  bad_seed: 400,
  synth_people_out_of_range: 400,
  synth_as_of_out_of_range: 400,
};
