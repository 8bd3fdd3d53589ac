/**
 * The database layer's expected failures, as values (docs/adr/0009-one-failure-model.md): the
 * embedded PostgreSQL server that cannot be found, started or stopped (src/db/embedded.ts), a
 * migration edited after it was applied (src/db/migrate.ts), and what `ayni database` refuses.
 * Their words are in src/messages ({status,es,en}/database.ts); src/main.ts and the CLI print the
 * English ones and exit 1.
 *
 * These meet the machine's operator at start-up and at the command line, never a client over HTTP:
 * so a field may name a folder or a file of the data folder, or quote the server's log, which the
 * operator reads anyway.
 *
 * @example const failure: DatabaseFailure = { code: 'embedded_root' };
 */
export type DatabaseFailure =
  /** No PostgreSQL build for this machine's `platform` (`<os>-<arch>`). */
  | { readonly code: 'embedded_unsupported_platform'; readonly platform: string }
  /** The npm package that carries the binaries (`packageName`) is not installed. */
  | { readonly code: 'embedded_not_installed'; readonly packageName: string }
  /** A shared library's link could not be made in `folder`; `reason`: the system's error. */
  | { readonly code: 'embedded_libraries'; readonly folder: string; readonly reason: string }
  /** Running as root, with no user namespace and no postgres user to run PostgreSQL as. */
  | { readonly code: 'embedded_root' }
  /** The server of `dataDir` did not start within `seconds`; `logTail`: its log's last lines. */
  | {
      readonly code: 'embedded_start_timeout';
      readonly dataDir: string;
      readonly seconds: number;
      readonly logTail: string;
    }
  /** The server of `dataDir` exited as it started; `logFile` and its last lines say why. */
  | {
      readonly code: 'embedded_start_failed';
      readonly dataDir: string;
      readonly logFile: string;
      readonly logTail: string;
    }
  /** The postmaster `pid` did not stop within 60 s of a fast shutdown. */
  | { readonly code: 'embedded_stop_timeout'; readonly pid: number; readonly logFile: string }
  /** Migration `version` (`name`) differs from the file applied: history is never edited. */
  | { readonly code: 'migration_changed'; readonly version: number; readonly name: string }
  /** `ayni database stop` with DATABASE_URL set: that server is not ayni's to stop. */
  | { readonly code: 'database_not_embedded' }
  /** `ayni database stop` while ayni processes are attached (`attached`: as status lists them). */
  | { readonly code: 'database_in_use'; readonly attached: readonly string[] };
