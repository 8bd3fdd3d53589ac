import { randomBytes } from 'node:crypto';
import { UserError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';

/**
 * Long operations started from the back office (imports, round creation, deposit exports) run in
 * the background of this process, so the officer's request returns at once and a progress page
 * can follow them. A job lives only in memory: the durable record of the operation is what the
 * operation writes itself (an `import_run`, a round, deposit file rows); a job is just a window
 * onto one running operation, and onto its answer for a while after. Both the number of running
 * jobs and of remembered jobs are bounded, and a job may name a key of which only one runs at a
 * time (one round creation; one export per round).
 */

export type JobState = 'running' | 'completed' | 'failed';

/**
 * Why a job failed: the service's refusal, with its stable code, message and details (shown to the
 * officer), or `internal` (a bug: logged for the operators, never shown).
 */
export type JobFailure =
  | { code: string; message: string; details?: Record<string, unknown> }
  | { code: 'internal'; message: '' };

export interface Job<P, R> {
  id: string;
  /** What the job does, for the pages and the log, e.g. 'persons' or 'round'. */
  kind: string;
  /** What it works on, as its pages name it: a file name, a round's date or number. */
  label: string;
  /** Only one running job per key; null for none. */
  key: string | null;
  startedBy: string;
  startedAt: Date;
  state: JobState;
  /** The operation's last progress report; null until its first. */
  progress: P | null;
  /** The operation's answer, once completed. */
  result: R | null;
  error: JobFailure | null;
  finishedAt: Date | null;
}

export interface JobLimits<P, R> {
  /** At most this many jobs of one registry run at once (they share two cores with everything). */
  running: number;
  /** Finished jobs remembered for their progress pages; the oldest are forgotten first. */
  remembered: number;
  /** The refusal when `running` jobs already run. */
  busy: () => UserError;
  /** The refusal when a job with the same key is running. */
  keyBusy: (running: Job<P, R>) => UserError;
}

export interface StartJob {
  kind: string;
  label: string;
  key?: string;
  startedBy: string;
  startedAt: Date;
  /** The clock for `finishedAt`; the HTTP layer's own. */
  now: () => Date;
  /** Where a bug that fails the job is logged: the starting request's logger, with its id. */
  log: Logger;
}

/** A job id: 128 random bits, so one officer cannot guess another's progress page. */
const newJobId = () => randomBytes(16).toString('base64url');

/**
 * One registry of background jobs, of one kind of operation.
 *
 * @example
 *   const rounds = new Jobs<string, Round>({ running: 1, remembered: 20, busy, keyBusy });
 *   const job = rounds.start({ kind: 'round', label: asOf, key: 'round', startedBy, startedAt, now, log: requestLog(c) },
 *     (report) => createRound(db, { …, onProgress: report }));
 *   rounds.get(job.id)?.state // 'running' … 'completed'
 */
export class Jobs<P, R> {
  private readonly jobs = new Map<string, Job<P, R>>();

  constructor(private readonly limits: JobLimits<P, R>) {}

  get(id: string): Job<P, R> | undefined {
    return this.jobs.get(id);
  }

  /** Jobs still running, newest first. */
  active(): Job<P, R>[] {
    return [...this.jobs.values()].filter((j) => j.state === 'running').reverse();
  }

  /** The running job with this key, if any. */
  runningWith(key: string): Job<P, R> | undefined {
    return this.active().find((j) => j.key === key);
  }

  /** Refuses (the limits' UserErrors) when a job like this could not start now; nothing else. */
  checkCanStart(key?: string): void {
    const same = key === undefined ? undefined : this.runningWith(key);
    if (same) throw this.limits.keyBusy(same);
    if (this.active().length >= this.limits.running) throw this.limits.busy();
  }

  /**
   * Registers the job and starts `run` in the background; returns at once with the running job.
   * `run` reports progress through its argument. Refuses as `checkCanStart` does, before running
   * anything. A UserError thrown by `run` fails the job with its code and message; anything else
   * is a bug, logged and shown only as a generic failure.
   */
  start(input: StartJob, run: (report: (progress: P) => void) => Promise<R>): Job<P, R> {
    // No await between this check and `remember`: two requests cannot both pass it.
    this.checkCanStart(input.key);
    const job: Job<P, R> = {
      id: newJobId(),
      kind: input.kind,
      label: input.label,
      key: input.key ?? null,
      startedBy: input.startedBy,
      startedAt: input.startedAt,
      state: 'running',
      progress: null,
      result: null,
      error: null,
      finishedAt: null,
    };
    this.remember(job);
    const settle = async (): Promise<void> => {
      let result: R | null = null;
      let error: JobFailure | null = null;
      try {
        result = await run((p) => {
          job.progress = p;
        });
      } catch (e) {
        if (e instanceof UserError)
          error = { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
        else {
          input.log.error({ err: e, job: job.id, kind: job.kind }, 'back office: a job failed (a bug)');
          error = { code: 'internal', message: '' };
        }
      }
      job.result = result;
      job.error = error;
      job.finishedAt = input.now();
      job.state = error ? 'failed' : 'completed';
    };
    // Not awaited: the request returns at once and the progress page follows the job. `settle`
    // catches every failure of the operation, so nothing escapes unhandled.
    void settle();
    return job;
  }

  private remember(job: Job<P, R>): void {
    this.jobs.set(job.id, job);
    if (this.jobs.size <= this.limits.remembered) return;
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= this.limits.remembered) break;
      if (j.state !== 'running') this.jobs.delete(id);
    }
  }
}
