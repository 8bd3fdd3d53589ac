import type { AccessFailure } from '../../access/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The HTTP status of each failure of accounts, sessions and credentials. */
export const ACCESS_STATUS: Statuses<AccessFailure> = {
  invalid_credentials: 401,
  account_locked: 429,
  too_many_attempts: 429,
  session_expired: 401,
  authentication_required: 401,
  csrf_mismatch: 403,
  forbidden: 403,
  username_invalid: 400,
  username_taken: 409,
  display_name_invalid: 400,
  password_too_short: 400,
  password_too_long: 400,
  password_equals_username: 400,
  password_blank: 400,
  password_one_character: 400,
  password_common: 400,
  no_roles: 400,
  unknown_role: 400,
  role_not_for_accounts: 400,
  role_not_for_credentials: 400,
  account_not_found: 404,
  organisation_invalid: 400,
  credential_not_found: 404,
  credential_already_revoked: 409,
};
