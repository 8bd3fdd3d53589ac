import type { ConfigFailure } from '../../shared/config.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * Start-up failures of the configuration: a variable that cannot be used is bad input (400); an
 * AYNI_CLOCK the database's history refuses conflicts with its state (409). Neither goes over HTTP.
 */
export const CONFIG_STATUS: Statuses<ConfigFailure> = {
  config_invalid: 400,
  clock_backwards: 409,
};
