import type { ConfigFailure } from '../../shared/config.ts';
import type { Catalogue } from '../catalogue.ts';

/** The configuration's start-up failures in English (statuses: ../status/config.ts). */
export const CONFIG_EN: Catalogue<ConfigFailure> = {
  config_invalid: {
    title: 'An environment variable is invalid.',
    detail: (f) => `Environment variable ${f.variable} is invalid: ${f.problem}. Fix it or unset it.`,
  },
  clock_backwards: {
    title:
      'AYNI_CLOCK is before the latest change this database records: its clock never moves back past what it has recorded.',
    detail: (f) =>
      `AYNI_CLOCK=${f.requested} is before the latest change this database records (${f.latestChangeAt}): its clock never moves back past what it has recorded. Unset AYNI_CLOCK to go on from where the clock is, or give an instant after that change.`,
  },
};
