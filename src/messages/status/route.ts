import type { RouteFailure } from '../../routing/errors.ts';
import type { Statuses } from '../catalogue.ts';

/** The HTTP status of each failure of the route kit. */
export const ROUTE_STATUS: Statuses<RouteFailure> = {
  request_invalid: 400,
  request_too_large: 413,
  not_found: 404,
  internal_error: 500,
  database_unavailable: 503,
};
