/**
 * Durable background jobs (ADR 0010): their state and progress in the `job` table, one runner per
 * process with a heartbeat, drained on shutdown. Other modules import only from here.
 */

export { JOB_INTERRUPTED } from './job.repository.ts';
export type {
  Job,
  JobBody,
  JobDrain,
  JobFailure,
  JobLog,
  JobMeasure,
  JobQueueSpec,
  JobRunnerOptions,
  JobState,
  StartJob,
} from './job-runner.ts';
export { JobQueue, JobRunner, shuttingDown } from './job-runner.ts';
export type { InterruptionCause, JobInterrupted, JobsFailure, JobsShuttingDown } from './jobs.failures.ts';
