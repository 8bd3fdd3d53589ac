import type { Permission, Role } from './permissions.ts';

/**
 * Expected failures of accounts, sessions, credentials and signing in, as values with a stable code
 * and typed fields (docs/adr/0009-one-failure-model.md). Their HTTP statuses and their words in
 * each language are in src/messages (status/access.ts, <lang>/access.ts): the HTTP layer answers
 * them as problem details or pages, the CLI as one line.
 *
 * Every field reaches the reader (as an RFC 9457 extension member, and in the words): it names
 * what the reader typed or holds — a username, a role, a limit — never a secret.
 *
 * @example const failure: AccessFailure = { code: 'account_locked', retryAfterMs: 900_000 };
 */
export type AccessFailure =
  | SignInFailure
  | ForbiddenFailure
  | AccountFailure
  | PasswordPolicyFailure
  | CredentialFailure
  | CliSignInFailure;

/** Every code of an access failure. */
export type AccessFailureCode = AccessFailure['code'];

/** Signing in, and the session or credential a request carries. */
export type SignInFailure =
  | { readonly code: 'invalid_credentials' }
  /** Too many failed attempts for one username; `retryAfterMs`: until the lock ends. */
  | { readonly code: 'account_locked'; readonly retryAfterMs: number }
  /** Too many failed attempts from one address; `retryAfterMs`: until the block ends. */
  | { readonly code: 'too_many_attempts'; readonly retryAfterMs: number }
  | { readonly code: 'session_expired' }
  | { readonly code: 'authentication_required' }
  | { readonly code: 'csrf_mismatch' };

/**
 * The principal lacks a permission. A route's guard names the permission; the CLI also names who
 * signed in and their roles (it answers the officer at their own terminal), and a revocation
 * without `credentials.manage` says that one's own personal credentials are the only ones allowed.
 */
export type ForbiddenFailure =
  | { readonly code: 'forbidden'; readonly permission: Permission }
  | {
      readonly code: 'forbidden';
      readonly permission: Permission;
      /** The officer's username, or a system's actor (`credential:ak_…`). */
      readonly who: string;
      readonly roles: readonly string[];
    }
  | {
      readonly code: 'forbidden';
      readonly permission: 'credentials.manage';
      /** The actor refused (`account:ana.quispe`). */
      readonly who: string;
      readonly ownCredentialsOnly: true;
    };

/** Accounts and the roles given to accounts or credentials. */
export type AccountFailure =
  | { readonly code: 'username_invalid' }
  | { readonly code: 'username_taken'; readonly username: string }
  /** A word of the back office's addresses (`nueva`), which would hide the account's own page. */
  | { readonly code: 'username_reserved'; readonly username: string }
  /** The change would leave no enabled account able to manage accounts. */
  | { readonly code: 'last_administrator'; readonly username: string }
  | { readonly code: 'display_name_invalid' }
  | { readonly code: 'no_roles' }
  | { readonly code: 'unknown_role'; readonly role: string }
  | { readonly code: 'role_not_for_accounts'; readonly role: Role }
  | { readonly code: 'role_not_for_credentials'; readonly role: Role }
  | { readonly code: 'account_not_found'; readonly username: string };

/** The password policy (src/access/password.ts); the limits are the settings in force. */
export type PasswordPolicyFailure =
  | { readonly code: 'password_too_short'; readonly minLength: number }
  | { readonly code: 'password_too_long'; readonly maxLength: number }
  | { readonly code: 'password_equals_username' }
  | { readonly code: 'password_blank' }
  | { readonly code: 'password_one_character' }
  | { readonly code: 'password_common' };

/** API credentials. */
export type CredentialFailure =
  | { readonly code: 'organisation_invalid'; readonly organisation: string }
  | { readonly code: 'credential_not_found'; readonly credentialId: string }
  | { readonly code: 'credential_already_revoked'; readonly credentialId: string };

/**
 * Signing in at the command line (src/cli/officer.ts) and issuing accounts and credentials there
 * (src/cli/access.commands.ts). They are access's failures, though only the CLI meets them:
 * src/messages may not import an interface, so a union declared in src/cli could get no words.
 */
export type CliSignInFailure =
  /** No password could be read: see `PasswordInputProblem`. */
  | {
      readonly code: 'password_input';
      readonly problem: Exclude<PasswordInputProblem, 'missing'>;
    }
  /** Standard input ended before the password asked for: `username`'s, or else a new one. */
  | { readonly code: 'password_input'; readonly problem: 'missing'; readonly username?: string }
  /**
   * Nobody signed in: no AYNI_CREDENTIAL, no username, and no terminal to ask at; `permission`,
   * the one the command needs (none: any signed-in officer).
   */
  | { readonly code: 'sign_in_required'; readonly permission?: Permission }
  /** A username, but no terminal to type its password at and no --password-stdin. */
  | { readonly code: 'sign_in_required'; readonly username: string }
  | { readonly code: 'credential_invalid' }
  /** AYNI_CREDENTIAL signs in as `signsInAs`, not as the `officer` given with --officer. */
  | { readonly code: 'credential_not_officer'; readonly signsInAs: string; readonly officer: string }
  | { readonly code: 'credential_needs_password' }
  | { readonly code: 'credential_kind' }
  | { readonly code: 'credential_roles' }
  | { readonly code: 'no_administrator' };

/**
 * Why a password could not be read at the command line: standard input too long for passwords
 * (`too_long`), ended before it (`missing`), not a terminal without --password-stdin
 * (`not_a_terminal`), or the new password typed twice differently (`differ`).
 */
export type PasswordInputProblem = 'too_long' | 'missing' | 'not_a_terminal' | 'differ';
