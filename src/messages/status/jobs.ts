import type { JobsFailure } from '../../jobs/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The HTTP status of the job runner's failures: both say "not now, start it again" — the server is
 * draining its jobs before it stops, or it stopped before the job ended — so 503.
 */
export const JOBS_STATUS: Statuses<JobsFailure> = {
  jobs_shutting_down: 503,
  job_interrupted: 503,
};
