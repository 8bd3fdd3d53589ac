/**
 * What `ayni synth` refuses before generating anything, as values (docs/adr/0009-one-failure-model.md);
 * their words are in src/messages ({status,es,en}/synth.ts). A reference date that is not a date
 * is the CLI's `bad_date` (src/messages/cli.failures.ts), shared by every command.
 *
 * @example const failure: SynthFailure = { code: 'bad_people' };
 */
export type SynthFailure =
  /** `--people` is not a positive whole number. */
  | { readonly code: 'bad_people' }
  /** `--seed` is not a whole number ≥ 0. */
  | { readonly code: 'bad_seed' }
  /** More persons than a country holds, or fewer than one. */
  | { readonly code: 'synth_people_out_of_range'; readonly people: number; readonly maxPeople: number }
  /** A reference date before the registry's earliest. */
  | { readonly code: 'synth_as_of_out_of_range'; readonly asOf: string; readonly earliest: string };
