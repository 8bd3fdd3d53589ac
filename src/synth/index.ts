/**
 * The synthetic country generator's public surface: the seed and `ayni synth` import only from here.
 * Deterministic from its seed, calibrated to INE figures (./calibration.yaml).
 */

export type { InjectedLine } from './messy.ts';
export type { SynthOptions, SynthReport } from './synth.ts';
export { DEFAULT_AS_OF, formatCalibration, generateCountry } from './synth.ts';
