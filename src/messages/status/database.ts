import type { DatabaseFailure } from '../../db/database.failures.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The database layer's failures meet the operator at start-up and at the command line, never a
 * client over HTTP; their statuses say what kind of problem each is: the server is unavailable
 * (503), the installation cannot run it (500), a migration or a running server is in the way (409).
 */
export const DATABASE_STATUS: Statuses<DatabaseFailure> = {
  embedded_unsupported_platform: 500,
  embedded_not_installed: 500,
  embedded_libraries: 500,
  embedded_root: 500,
  embedded_start_timeout: 503,
  embedded_start_failed: 503,
  embedded_stop_timeout: 503,
  migration_changed: 409,
  database_not_embedded: 409,
  database_in_use: 409,
};
