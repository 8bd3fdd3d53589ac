import type { JobsFailure } from '../../jobs/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The job runner's failures in English (statuses: ../status/jobs.ts). */
export const JOBS_EN: Catalogue<JobsFailure> = {
  jobs_shutting_down: { title: 'The server is shutting down; start the job again in a minute.' },
  job_interrupted: {
    title: 'The job was interrupted before it ended.',
    detail: (f) =>
      f.cause === 'shutdown'
        ? 'The server stopped before this job ended; start it again.'
        : 'The process running this job stopped answering; start it again.',
  },
};
