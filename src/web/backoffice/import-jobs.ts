import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Database } from '../../db/database.ts';
import {
  type ImportProgress,
  type ImportSummary,
  personImportSpec,
  runImport,
  sourceImportSpec,
} from '../../registry/index.ts';
import { UserError } from '../../shared/errors.ts';
import { saveUpload } from './uploads.ts';

/**
 * Imports started from the back office run in the background of this process, so the officer's
 * request returns at once and a progress page can follow them. A job lives only in memory: the
 * durable record of an import is its `import_run` row, which the importer writes itself; a job is
 * just a window onto one running import. Both the number of running jobs and of remembered jobs
 * are bounded.
 */

export type ImportJobState = 'running' | 'completed' | 'failed';

export interface ImportJob {
  id: string;
  /** 'persons' or the name of a source list. */
  kind: string;
  fileName: string;
  startedBy: string;
  startedAt: Date;
  state: ImportJobState;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  /** For a failed job: the stable code and message of the refusal, or code 'internal' (a bug; no message). */
  error: { code: string; message: string } | null;
  finishedAt: Date | null;
}

export interface StartImport {
  kind: string;
  fileName: string;
  content: Uint8Array;
  asOf: string;
  encoding: 'auto' | 'utf-8' | 'windows-1252';
  actor: string;
  at: Date;
  /** The clock for `finishedAt`; the HTTP layer's own. */
  now: () => Date;
}

/** At most this many imports run at once from the back office (they share two cores with everything). */
export const MAX_RUNNING_IMPORTS = 2;
/** Finished jobs remembered for their progress pages; the oldest are forgotten first. */
export const MAX_REMEMBERED_IMPORTS = 100;

/** A job id: 128 random bits, so one officer cannot guess another's progress page. */
const newJobId = () => randomBytes(16).toString('base64url');

/**
 * The in-process job map.
 *
 * @example
 *   const jobs = new ImportJobs(app.db, app.rejectsDir, uploadsDir);
 *   const job = await jobs.start({ kind: 'persons', fileName, content, asOf, encoding: 'auto', actor, at, now });
 *   jobs.get(job.id)?.state // 'running' … 'completed'
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly db: Database,
    private readonly rejectsDir: string,
    private readonly uploadsDir: string,
  ) {}

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Jobs still running, newest first. */
  active(): ImportJob[] {
    return [...this.jobs.values()].filter((j) => j.state === 'running').reverse();
  }

  /**
   * Saves the upload and starts its import; resolves once the job is registered, not when the
   * import ends. Refuses (UserError `imports_busy`) while MAX_RUNNING_IMPORTS are running, and
   * `unknown_source_list` for a kind that is neither persons nor a list.
   */
  async start(input: StartImport): Promise<ImportJob> {
    if (this.active().length >= MAX_RUNNING_IMPORTS)
      throw new UserError('imports_busy', `${MAX_RUNNING_IMPORTS} imports are already running.`);
    // Built before anything is written, so an unknown list is refused without leaving a file.
    const spec =
      input.kind === 'persons' ? personImportSpec(input.asOf) : sourceImportSpec(input.kind, input.asOf);
    const id = newJobId();
    const upload = await saveUpload(this.uploadsDir, input.fileName, input.content);
    const filePath = upload.filePath;
    const job: ImportJob = {
      id,
      kind: input.kind,
      fileName: path.basename(filePath),
      startedBy: input.actor,
      startedAt: input.at,
      state: 'running',
      progress: null,
      summary: null,
      error: null,
      finishedAt: null,
    };
    this.remember(job);
    const run = async (): Promise<void> => {
      let summary: ImportSummary | null = null;
      let error: ImportJob['error'] = null;
      try {
        summary = await runImport(this.db, spec, {
          filePath,
          actor: input.actor,
          asOf: input.asOf,
          encoding: input.encoding,
          rejectsDir: this.rejectsDir,
          onProgress: (p) => {
            job.progress = p;
          },
        });
      } catch (e) {
        if (e instanceof UserError) error = { code: e.code, message: e.message };
        else {
          // A bug, not a bad file: logged for the operators, and not shown on the page.
          console.error(`ayni back office: import ${id} of ${input.fileName} failed:`, e);
          error = { code: 'internal', message: '' };
        }
      }
      // The registry holds what was accepted and the rejects file what was not; the upload itself
      // (personal data) is gone before the job says it is finished.
      await upload.remove();
      job.summary = summary;
      job.error = error;
      job.finishedAt = input.now();
      job.state = summary ? 'completed' : 'failed';
    };
    // Not awaited: the request returns at once and the progress page follows the job. `run`
    // catches every failure of the import itself, so nothing escapes unhandled.
    void run();
    return job;
  }

  private remember(job: ImportJob): void {
    this.jobs.set(job.id, job);
    if (this.jobs.size <= MAX_REMEMBERED_IMPORTS) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= MAX_REMEMBERED_IMPORTS) break;
      if (j.state !== 'running') this.jobs.delete(id);
    }
  }
}
