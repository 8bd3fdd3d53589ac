/**
 * Expected failures of accounts, sessions and credentials, as values with a stable code
 * (docs/adr/0009-one-failure-model.md). Their HTTP statuses and their words in each language are
 * in src/messages (status/access.ts, <lang>/access.ts): the HTTP layer answers them as problem
 * details or pages, the CLI as one line.
 *
 * @example const failure: AccessFailure = { code: 'account_locked', retryAfterMs: 900_000 };
 */
export interface AccessFailure {
  readonly code: AccessFailureCode;
  /** A name the message mentions: the unknown role, the username taken … never a secret. */
  readonly detail?: string;
  /** For lock-outs: how long until another attempt is accepted. */
  readonly retryAfterMs?: number;
}

/** Every code of an access failure. */
export type AccessFailureCode =
  | 'invalid_credentials'
  | 'account_locked'
  | 'too_many_attempts'
  | 'session_expired'
  | 'authentication_required'
  | 'csrf_mismatch'
  | 'forbidden'
  | 'username_invalid'
  | 'username_taken'
  | 'display_name_invalid'
  | 'password_too_short'
  | 'password_too_long'
  | 'password_equals_username'
  | 'password_blank'
  | 'password_one_character'
  | 'password_common'
  | 'no_roles'
  | 'unknown_role'
  | 'role_not_for_accounts'
  | 'role_not_for_credentials'
  | 'account_not_found'
  | 'organisation_invalid'
  | 'credential_not_found'
  | 'credential_already_revoked';
