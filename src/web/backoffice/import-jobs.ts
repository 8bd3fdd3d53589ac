import type { Actor } from '../../audit/index.ts';
import type { Database } from '../../db/database.ts';
import {
  type ImportProgress,
  type ImportSummary,
  personImportSpec,
  runImport,
  sourceImportSpec,
} from '../../registry/index.ts';
import type { UploadedFile } from '../../routing/body.ts';
import { UserError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';
import { type Job, Jobs } from './jobs.ts';

/**
 * Imports started from the back office run as background jobs (./jobs.ts), so the officer's
 * request returns at once and a progress page can follow them. The durable record of an import is
 * its `import_run` row and audit entry, which the importer writes itself; the job is a window onto
 * it.
 */

/** An import job: its label is the saved file's name; its result the importer's summary. */
export type ImportJob = Job<ImportProgress, ImportSummary>;

export interface StartImport {
  kind: string;
  /** The file as the officer's upload wrote it to disk (src/routing/body.ts); the job removes it. */
  upload: UploadedFile;
  asOf: string;
  encoding: 'auto' | 'utf-8' | 'windows-1252';
  /** The officer, as the import run and its audit entry record them. */
  actor: Actor;
  at: Date;
  /** The clock for `finishedAt` and for the import's audit entry; the HTTP layer's own. */
  now: () => Date;
  /** Where a bug that fails the import is logged: the starting request's logger. */
  log: Logger;
}

/** At most this many imports run at once from the back office (they share two cores with everything). */
export const MAX_RUNNING_IMPORTS = 2;
/** Finished jobs remembered for their progress pages; the oldest are forgotten first. */
export const MAX_REMEMBERED_IMPORTS = 100;

/**
 * The import jobs of this process.
 *
 * @example
 *   const jobs = new ImportJobs(app.db, app.rejectsDir);
 *   const job = jobs.start({ kind: 'persons', upload, asOf, encoding: 'auto', actor, at, now, log: requestLog(c) });
 *   jobs.get(job.id)?.state // 'running' … 'completed'
 */
export class ImportJobs {
  private readonly jobs = new Jobs<ImportProgress, ImportSummary>({
    running: MAX_RUNNING_IMPORTS,
    remembered: MAX_REMEMBERED_IMPORTS,
    busy: () => new UserError('imports_busy', `${MAX_RUNNING_IMPORTS} imports are already running.`),
    // Imports take no key: two files of one kind queue in the importer itself.
    keyBusy: () => new UserError('imports_busy', 'An import is already running.'),
  });

  constructor(
    private readonly db: Database,
    private readonly rejectsDir: string,
  ) {}

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Jobs still running, newest first. */
  active(): ImportJob[] {
    return this.jobs.active();
  }

  /**
   * Starts the import of an uploaded file and takes the file over (removed when the import ends);
   * returns once the job is registered, not when the import ends. Refuses (UserError
   * `imports_busy`) while MAX_RUNNING_IMPORTS are running, and `unknown_source_list` for a kind
   * that is neither persons nor a list; a refused file stays the request's, which removes it.
   */
  start(input: StartImport): ImportJob {
    const spec =
      input.kind === 'persons' ? personImportSpec(input.asOf) : sourceImportSpec(input.kind, input.asOf);
    const { upload } = input;
    const job = this.jobs.start(
      {
        kind: input.kind,
        label: upload.name,
        startedBy: input.actor,
        startedAt: input.at,
        now: input.now,
        log: input.log,
      },
      async (report) => {
        try {
          return await runImport(this.db, spec, {
            filePath: upload.filePath,
            actor: input.actor,
            now: input.now,
            asOf: input.asOf,
            encoding: input.encoding,
            rejectsDir: this.rejectsDir,
            onProgress: report,
          });
        } finally {
          // The registry holds what was accepted and the rejects file what was not; the upload
          // itself (personal data) is gone before the job says it is finished.
          await upload.remove();
        }
      },
    );
    upload.keep();
    return job;
  }
}
