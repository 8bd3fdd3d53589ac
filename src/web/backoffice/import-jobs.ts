import type { Actor } from '../../audit/index.ts';
import type { Database } from '../../db/database.ts';
import type { Job, JobQueue, JobRunner, JobsShuttingDown } from '../../jobs/index.ts';
import {
  type ImportProgress,
  type ImportSummary,
  personImportSpec,
  type RegistryFailure,
  runImport,
  sourceImportSpec,
} from '../../registry/index.ts';
import type { UploadedFile } from '../../routing/body.ts';
import { ok, type Result } from '../../shared/failure.ts';
import type { Logger } from '../../shared/log.ts';

/**
 * Imports started from the back office run as background jobs (src/jobs/), so the officer's
 * request returns at once and a progress page can follow them, from any server process. The
 * durable record of an import is its `import_run` row and audit entry, which the importer writes
 * itself in the import's one transaction; the job is a window onto it.
 */

/** An import job: its label is the saved file's name; its result the importer's summary. */
export type ImportJob = Job<ImportProgress, ImportSummary, RegistryFailure>;

export interface StartImport {
  kind: string;
  /** The file as the officer's upload wrote it to disk (src/routing/body.ts); the job removes it. */
  upload: UploadedFile;
  asOf: string;
  encoding: 'auto' | 'utf-8' | 'windows-1252';
  /** The officer, as the import run and its audit entry record them. */
  actor: Actor;
  at: Date;
  /** The clock of the import's audit entry; the HTTP layer's own. */
  now: () => Date;
  /** Where a bug that fails the import is logged: the starting request's logger. */
  log: Logger;
}

/**
 * At most this many imports run at once from the back office, in all server processes on the
 * database (they share two cores with everything).
 */
export const MAX_RUNNING_IMPORTS = 2;
/** Finished jobs remembered for their progress pages; the oldest are forgotten first. */
export const MAX_REMEMBERED_IMPORTS = 100;

/**
 * The import jobs started from the back office, run by this process's job runner.
 *
 * @example
 *   const jobs = new ImportJobs(app.db, app.rejectsDir, runner);
 *   const started = await jobs.start({ kind: 'persons', upload, asOf, encoding: 'auto', actor, at, now, log: requestLog(c) });
 *   if (started.ok) (await jobs.get(started.value.id))?.state // 'running' … 'succeeded'
 */
export class ImportJobs {
  private readonly jobs: JobQueue<ImportProgress, ImportSummary, RegistryFailure>;

  constructor(
    private readonly db: Database,
    private readonly rejectsDir: string,
    runner: JobRunner,
  ) {
    this.jobs = runner.queue<ImportProgress, ImportSummary, RegistryFailure>({
      name: 'imports',
      running: MAX_RUNNING_IMPORTS,
      remembered: MAX_REMEMBERED_IMPORTS,
      busy: () => ({ code: 'imports_busy', running: MAX_RUNNING_IMPORTS }),
      // Imports take no key: two files of one kind queue in the importer itself.
      keyBusy: () => ({ code: 'imports_busy' }),
      measure: (p) => ({ done: p.bytesRead, total: p.totalBytes, message: p.phase }),
    });
  }

  get(id: string): Promise<ImportJob | undefined> {
    return this.jobs.get(id);
  }

  /** Jobs still running, in any server process, newest first. */
  active(): Promise<ImportJob[]> {
    return this.jobs.active();
  }

  /**
   * Starts the import of an uploaded file and takes the file over (removed when the import ends);
   * returns once the job is recorded, not when the import ends. Refuses `unknown_source_list` for a
   * kind that is neither persons nor a list, `imports_busy` while MAX_RUNNING_IMPORTS are running,
   * `jobs_shutting_down` once the server stops; a refused file stays the request's, which removes
   * it. The job ends with the import's failure, if it is refused (src/jobs records the value).
   */
  async start(input: StartImport): Promise<Result<ImportJob, RegistryFailure | JobsShuttingDown>> {
    const specified =
      input.kind === 'persons' ? ok(personImportSpec(input.asOf)) : sourceImportSpec(input.kind, input.asOf);
    if (!specified.ok) return specified;
    const spec = specified.value;
    const { upload } = input;
    const started = await this.jobs.start(
      {
        kind: input.kind,
        label: upload.name,
        startedBy: input.actor,
        startedAt: input.at,
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
    if (!started.ok) return started;
    // The route removes the upload only once the handler has answered: kept now, it is the job's.
    upload.keep();
    return started;
  }
}
