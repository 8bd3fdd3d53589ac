import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database.ts';
import { type Failure, fail, ok, type Result } from '../shared/failure.ts';
import {
  admitJob,
  beat,
  findJob,
  finishJob,
  interruptJobs,
  type JobRecord,
  type JobState,
  unfinishedJobs,
  writeProgress,
} from './job.repository.ts';
import { fromJobJson, toJobJson } from './job-json.ts';
import type { JobFailure, JobsShuttingDown } from './jobs.failures.ts';
import { ProgressWriter } from './progress-writer.ts';

/**
 * Long operations started from the back office (imports, round creation, deposit exports) run in
 * the background of the process that took the request, so the officer's request returns at once
 * and a progress page follows them. Their state and progress live in the `job` table (ADR 0010):
 * every process on the database shows the same job, whichever runs it, and after a restart too.
 *
 * A process says it is alive by a heartbeat on the jobs it runs; a job whose process has not
 * beaten for `staleAfterMs` is shown — and, when a job of its queue starts, marked — interrupted.
 * Progress is written at most every `progressWriteMs`. On shutdown (`close`) the runner takes no
 * new job and waits for those running until a deadline; those still running then are marked
 * interrupted.
 *
 * The durable record of an operation's effect is still what it writes itself (an `import_run`, a
 * round, deposit file rows); a job is the view of one operation while it runs and for a while after.
 *
 * Failures are values (docs/adr/0009-one-failure-model.md): a queue has a failure type `F` (its
 * domain's union); a job's body ends with a `Result<R, F>`, and a failure ends the job `failed` with
 * the failure value recorded — its code and its fields — for the pages to put words on it
 * (src/messages); a refusal to start is returned as a value too. src/jobs never words a failure.
 */

export type { JobState } from './job.repository.ts';
export type { JobFailure } from './jobs.failures.ts';

export interface Job<P, R, F extends Failure = Failure> {
  id: string;
  /** What the job does, for the pages and the log, e.g. 'persons' or 'round'. */
  kind: string;
  /** What it works on, as its pages name it: a file name, a round's date or number. */
  label: string;
  /** Only one unfinished job per key in its queue; null for none. */
  key: string | null;
  startedBy: string;
  startedAt: Date;
  /** An interrupted job (its process died, or shutdown's deadline passed) is `failed`, `job_interrupted`. */
  state: JobState;
  /** The operation's last progress report written; null until its first. */
  progress: P | null;
  /** The progress as any list of jobs shows it (the queue's `measure`). */
  done: number | null;
  total: number | null;
  message: string | null;
  /** The operation's answer, once succeeded. */
  result: R | null;
  /** Why it failed: its body's failure value, `job_interrupted`, or `internal` (a bug). */
  error: JobFailure<F> | null;
  finishedAt: Date | null;
}

/** How a list of jobs shows one operation's progress report. */
export interface JobMeasure {
  done?: number;
  total?: number;
  message?: string;
}

export interface JobQueueSpec<P, R, F extends Failure = Failure> {
  /** The queue's name in the table, e.g. 'imports'. */
  name: string;
  /** At most this many jobs of the queue run at once, in all processes (they share the machine). */
  running: number;
  /** Finished jobs remembered for their progress pages; the oldest are forgotten first. */
  remembered: number;
  /** The refusal when `running` jobs already run. */
  busy: () => F;
  /** The refusal when a job with the same key is running. */
  keyBusy: (running: Job<P, R, F>) => F;
  measure: (progress: P) => JobMeasure;
}

/**
 * Where a job's bug and failed writes are logged: pino's shape (src/shared/log.ts), e.g. the
 * starting request's logger, whose lines carry the request id.
 */
export interface JobLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export interface StartJob {
  kind: string;
  label: string;
  key?: string;
  startedBy: string;
  startedAt: Date;
  /** The job's logger; the runner's when absent. */
  log?: JobLog;
}

export interface JobRunnerOptions {
  /** The app's clock: when jobs finish (their start is the caller's). */
  now: () => Date;
  /** How often a process says it is alive while it runs jobs. Default 5 s. */
  heartbeatMs?: number;
  /** Without a heartbeat for this long, a job's process is taken for dead. Default 30 s. */
  staleAfterMs?: number;
  /** Progress is written at most this often. Default 500 ms. */
  progressWriteMs?: number;
  /** How long `close` waits for running jobs by default (AYNI_JOB_DRAIN_SECONDS). Default 30 s. */
  drainMs?: number;
  /** Where bugs in jobs and failed writes are logged when the job brings no logger of its own. */
  log: JobLog;
}

/** The jobs this process runs: how to wait for one, and whether shutdown gave up on it. */
interface LocalJob {
  settled: Promise<void>;
  abandoned: boolean;
}

/** What `close` did: jobs that ended within the deadline, and those marked interrupted. */
export interface JobDrain {
  finished: number;
  interrupted: string[];
}

/** A job id: 128 random bits, so one officer cannot guess another's progress page. */
const newJobId = () => randomBytes(16).toString('base64url');

/** The refusal of a job started while the server shuts down. @example fail(shuttingDown()) */
export const shuttingDown = (): JobsShuttingDown => ({
  code: 'jobs_shutting_down',
});

/** What a job's body ends with: its answer, or the failure value the job fails with. */
export type JobBody<P, R, F extends Failure = Failure> = (
  report: (progress: P) => void,
) => Promise<Result<R, F>>;

/**
 * The job runner of one process (one per HTTP app).
 *
 * @example
 *   const runner = new JobRunner(app.db, { now: clockOf(app), log: logOf(app), drainMs: 30_000 });
 *   const rounds = runner.queue<string, { roundId: number }, RoundFailure>({ name: 'rounds', running: 1, … });
 *   const started = await rounds.start({ kind: 'round', label: asOf, key: 'round', startedBy, startedAt },
 *     async (report) => {
 *       const r = await createRound(db, { …, onProgress: report });
 *       return r.ok ? ok({ roundId: r.value.id }) : r;
 *     });
 *   if (started.ok) (await rounds.get(started.value.id))?.state // 'running' … 'succeeded' | 'failed'
 *   await runner.close(); // on shutdown
 */
export class JobRunner {
  /** This process in the table: host, pid and a random part (two apps in one process differ). */
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly heartbeatMs: number;
  readonly staleAfterMs: number;
  readonly progressWriteMs: number;
  readonly drainMs: number;
  readonly now: () => Date;
  private readonly local = new Map<string, LocalJob>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing: Promise<JobDrain> | undefined;
  readonly log: JobLog;

  constructor(
    readonly db: Database,
    options: JobRunnerOptions,
  ) {
    this.now = options.now;
    this.heartbeatMs = options.heartbeatMs ?? 5_000;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
    this.progressWriteMs = options.progressWriteMs ?? 500;
    this.drainMs = options.drainMs ?? 30_000;
    this.log = options.log;
  }

  queue<P, R, F extends Failure = Failure>(spec: JobQueueSpec<P, R, F>): JobQueue<P, R, F> {
    return new JobQueue(this, spec);
  }

  /** Whether new jobs are taken (not once `close` was called). */
  get accepting(): boolean {
    return this.closing === undefined;
  }

  /** Jobs running in this process now. */
  get runningHere(): number {
    return this.local.size;
  }

  /**
   * Takes no new job, waits for those running here for up to `deadlineMs`, then marks the rest
   * interrupted (their operations are left to end with the process: each one's transaction rolls
   * back when its connection closes). Called again, returns the first call's answer.
   */
  close(deadlineMs = this.drainMs): Promise<JobDrain> {
    this.closing ??= this.drain(deadlineMs);
    return this.closing;
  }

  private async drain(deadlineMs: number): Promise<JobDrain> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, deadlineMs);
    });
    // A job admitted while shutdown began is waited for too.
    const seen = new Set<string>();
    while (this.local.size > 0 && !timedOut) {
      const running = [...this.local.entries()];
      for (const [id] of running) seen.add(id);
      await Promise.race([Promise.all(running.map(([, j]) => j.settled)), deadline]);
    }
    clearTimeout(timer);
    const left = [...this.local.entries()];
    for (const [, j] of left) j.abandoned = true;
    const interrupted = left.map(([id]) => id);
    if (interrupted.length > 0)
      await interruptJobs(this.db, this.owner, interrupted, this.now()).catch((err) =>
        this.log.error(
          { err, jobs: interrupted },
          'jobs: the jobs shutdown gave up on not marked interrupted',
        ),
      );
    this.stopHeartbeat();
    return { finished: seen.size - interrupted.length, interrupted };
  }

  /**
   * Runs `run` as job `id`, already recorded as running by this process (JobQueue.start's part):
   * its progress written as it reports, its end once it settles.
   */
  launch<P, R, F extends Failure>(
    spec: JobQueueSpec<P, R, F>,
    id: string,
    kind: string,
    run: JobBody<P, R, F>,
    log: JobLog = this.log,
  ): void {
    const job = { id, owner: this.owner };
    const encode = (p: P) => {
      const m = spec.measure(p);
      return { json: toJobJson(p), done: m.done ?? null, total: m.total ?? null, message: m.message ?? null };
    };
    const writer = new ProgressWriter<P>(
      (p) => writeProgress(this.db, job, encode(p)),
      this.progressWriteMs,
      (err) => log.error({ err, job: id, kind }, 'jobs: progress not written'),
    );
    const local: LocalJob = { settled: Promise.resolve(), abandoned: false };
    const settle = async (): Promise<void> => {
      let result: R | null = null;
      let error: JobFailure<F> | null = null;
      try {
        const ended = await run((p) => writer.report(p));
        if (ended.ok) result = ended.value;
        else error = ended.error;
      } catch (e) {
        // An expected failure is a value the body returns: anything thrown is a bug.
        log.error({ err: e, job: id, kind }, 'back office: a job failed (a bug)');
        error = { code: 'internal' };
      }
      const last = await writer.stop();
      try {
        // Shutdown gave up on it and marked it interrupted; the database may be closing.
        if (local.abandoned) return;
        await finishJob(this.db, job, {
          state: error ? 'failed' : 'succeeded',
          at: this.now(),
          result: error ? null : toJobJson(result),
          error,
          progress: last === undefined ? null : encode(last),
        });
      } catch (err) {
        log.error({ err, job: id, kind }, 'jobs: the end of a job not written');
      } finally {
        this.local.delete(id);
        if (this.local.size === 0) this.stopHeartbeat();
      }
    };
    this.local.set(id, local);
    this.startHeartbeat();
    // Not awaited: the request returns at once and the progress page follows the job. `settle`
    // catches every failure of the operation and of its writes, so nothing escapes unhandled.
    local.settled = settle();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      beat(this.db, this.owner).catch((err) => this.log.error({ err }, 'jobs: heartbeat not written'));
    }, this.heartbeatMs);
    // A process with nothing else to do does not stay up for its heartbeat.
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

/**
 * One queue of jobs (imports, round creations, deposit exports): its limits, and reads of its jobs
 * from the database, whichever process runs them.
 */
export class JobQueue<P, R, F extends Failure = Failure> {
  constructor(
    private readonly runner: JobRunner,
    private readonly spec: JobQueueSpec<P, R, F>,
  ) {}

  async get(id: string): Promise<Job<P, R, F> | undefined> {
    const record = await findJob(this.runner.db, this.spec.name, id, this.runner.staleAfterMs);
    return record ? toJob<P, R, F>(record) : undefined;
  }

  /** Jobs still running (in any process that is alive), newest first. */
  async active(): Promise<Job<P, R, F>[]> {
    return (await unfinishedJobs(this.runner.db, this.spec.name, this.runner.staleAfterMs)).map((r) =>
      toJob<P, R, F>(r),
    );
  }

  /** The running job with this key, if any. */
  async runningWith(key: string): Promise<Job<P, R, F> | undefined> {
    const [record] = await unfinishedJobs(this.runner.db, this.spec.name, this.runner.staleAfterMs, key);
    return record ? toJob<P, R, F>(record) : undefined;
  }

  /**
   * Records the job and starts `run` in the background of this process; returns once the job is
   * recorded, with it running. `run` reports progress through its argument and ends with a Result:
   * its failure fails the job, recorded as the value it is. Returns a refusal, before running
   * anything: while shutting down (`jobs_shutting_down`); the queue's `keyBusy` when a job with the
   * same key runs, in any process; its `busy` when `running` jobs of the queue run. Anything `run`
   * throws is a bug, logged and shown only as a generic failure (`internal`).
   *
   * @example const started = await jobs.start(input, async (report) => exportDeposits(db, { …, onProgress: report }));
   */
  async start(input: StartJob, run: JobBody<P, R, F>): Promise<Result<Job<P, R, F>, F | JobsShuttingDown>> {
    if (!this.runner.accepting) return fail(shuttingDown());
    const job = {
      id: newJobId(),
      queue: this.spec.name,
      kind: input.kind,
      label: input.label,
      key: input.key ?? null,
      actor: input.startedBy,
      startedAt: input.startedAt,
      owner: this.runner.owner,
    };
    const admission = await admitJob(this.runner.db, job, {
      running: this.spec.running,
      remembered: this.spec.remembered,
      staleAfterMs: this.runner.staleAfterMs,
      at: this.runner.now(),
    });
    if (!admission.admitted)
      return fail(
        admission.sameKey ? this.spec.keyBusy(toJob<P, R, F>(admission.sameKey)) : this.spec.busy(),
      );
    // Shutdown may have begun while the job was being recorded: it still runs, and is waited for.
    this.runner.launch(this.spec, job.id, job.kind, run, input.log);
    return ok({
      id: job.id,
      kind: job.kind,
      label: job.label,
      key: job.key,
      startedBy: job.actor,
      startedAt: job.startedAt,
      state: 'running',
      progress: null,
      done: null,
      total: null,
      message: null,
      result: null,
      error: null,
      finishedAt: null,
    });
  }
}

/** A stored job as its queue reads it: what the queue's own bodies recorded, so its types hold. */
function toJob<P, R, F extends Failure>(r: JobRecord): Job<P, R, F> {
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    key: r.key,
    startedBy: r.actor,
    startedAt: r.startedAt,
    state: r.state,
    progress: fromJobJson<P>(r.progress),
    done: r.done,
    total: r.total,
    message: r.message,
    result: fromJobJson<R>(r.result),
    error: r.error as JobFailure<F> | null,
    finishedAt: r.finishedAt,
  };
}
