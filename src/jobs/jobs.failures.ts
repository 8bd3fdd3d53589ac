import type { Failure } from '../shared/failure.ts';

/**
 * The job runner's own failures, as values (docs/adr/0009-one-failure-model.md): a job refused
 * because the server is shutting down, and a job whose process stopped before it ended. Their
 * HTTP statuses and words are in src/messages ({status,es,en}/jobs.ts); src/jobs never words them.
 *
 * @example const refusal: JobsFailure = { code: 'jobs_shutting_down' };
 */
export type JobsFailure = JobsShuttingDown | JobInterrupted;

/** The server takes no new job: it is draining the running ones before it stops. */
export interface JobsShuttingDown {
  readonly code: 'jobs_shutting_down';
}

/** Why a job was interrupted: its process's heartbeat stopped, or shutdown's deadline passed. */
export type InterruptionCause = 'no_heartbeat' | 'shutdown';

/** A job whose process stopped before it ended (`code` is `JOB_INTERRUPTED`). */
export interface JobInterrupted {
  readonly code: 'job_interrupted';
  readonly cause: InterruptionCause;
}

/**
 * Why a job failed, as recorded and read back: the failure value its body ended with (a queue's
 * `F`: its code and typed fields, stored as JSON), `job_interrupted`, or `internal` — a bug, logged
 * for the operators and never shown (it has no words: pages say "something went wrong").
 *
 * @example if (job.error && job.error.code !== 'internal') describeFailure(job.error, lang)
 */
export type JobFailure<F extends Failure = Failure> = F | JobInterrupted | { readonly code: 'internal' };
