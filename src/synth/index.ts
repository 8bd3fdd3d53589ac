/**
 * The synthetic country generator's public surface: the seed and `ayni synth` import only from here.
 * Deterministic from its seed, calibrated to INE figures (./calibration.yaml).
 */

export { formatCalibration } from './calibration-report.ts';
export type { InjectedLine } from './messy.ts';
export type { SynthFailure } from './synth.failures.ts';
export { checkSynthOptions, DEFAULT_AS_OF, generateCountry } from './synth.ts';
export type { SynthOptions, SynthReport } from './synth.types.ts';
