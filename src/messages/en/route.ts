import type { RouteFailure } from '../../routing/errors.ts';
import type { Catalogue } from '../catalogue.ts';

/** The route kit's failures in English (statuses: ../status/route.ts). */
export const ROUTE_EN: Catalogue<RouteFailure> = {
  request_invalid: { title: 'The request is not valid: check the fields listed.' },
  request_too_large: {
    title: 'The request body is too large.',
    detail: (f) => `The request body is too large: the limit is ${kib(f.limitBytes)} KiB.`,
  },
  not_found: { title: 'There is nothing at this address.' },
  internal_error: {
    title:
      'Something went wrong on our side. Try again in a few minutes; if it persists, tell the help desk.',
  },
  database_unavailable: {
    title: 'The service cannot reach its data at this moment. Try again in a minute.',
  },
};

function kib(bytes: number): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(bytes / 1024);
}
