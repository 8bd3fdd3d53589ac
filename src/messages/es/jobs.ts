import type { JobsFailure } from '../../jobs/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos del ejecutor de trabajos en castellano (estados: ../status/jobs.ts). */
export const JOBS_ES: Catalogue<JobsFailure> = {
  jobs_shutting_down: {
    title: 'El servidor se está deteniendo y no inicia nuevos trabajos. Vuelva a intentarlo en un minuto.',
  },
  job_interrupted: {
    title: 'El trabajo se interrumpió antes de terminar.',
    detail: (f) =>
      f.cause === 'shutdown'
        ? 'El trabajo se interrumpió: el servidor se detuvo antes de que terminara. Inícielo de nuevo.'
        : 'El trabajo se interrumpió: el proceso que lo ejecutaba dejó de responder. Inícielo de nuevo.',
  },
};
