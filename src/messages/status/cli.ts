import type { Statuses } from '../catalogue.ts';
import type { CliFailure } from '../cli.failures.ts';

/** The status of each failure of the `ayni` commands (they end the command; none goes over HTTP). */
export const CLI_STATUS: Statuses<CliFailure> = {
  // ayni rules …
  missing_option: 400,
  bad_date: 400,
  bad_lang: 400,
  bad_override: 400,
  bad_first_dose: 400,
  declaration_unreadable: 400,
  no_preview: 422,
  person_not_in_registry: 404,
  // ayni registry import, ayni sources import
  bad_encoding: 400,
  // ayni bono …
  grievance_id_invalid: 400,
  round_id_invalid: 400,
  round_replay_differs: 409,
  bank_mismatch: 403,
};
