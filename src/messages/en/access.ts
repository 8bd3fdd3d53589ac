import type { AccessFailure } from '../../access/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Accounts, sessions, credentials and signing in at the command line: their failures in English (statuses: ../status/access.ts). */

/** Whole minutes until a lock-out ends, at least one. */
function minutes(f: { readonly retryAfterMs: number }): number {
  return Math.max(1, Math.ceil(f.retryAfterMs / 60_000));
}

export const ACCESS_EN: Catalogue<AccessFailure> = {
  invalid_credentials: { title: 'Wrong username or password.' },
  account_locked: {
    title: 'Username locked after failed attempts.',
    detail: (f) =>
      `Too many failed attempts for this username. Try again in ${minutes(f)} minutes, or ask an administrator to unlock the account.`,
  },
  too_many_attempts: {
    title: 'Too many failed attempts from this address.',
    detail: (f) => `Too many failed attempts from this address. Try again in ${minutes(f)} minutes.`,
  },
  session_expired: { title: 'Your session has ended. Please sign in again.' },
  authentication_required: { title: 'You must sign in to use this.' },
  csrf_mismatch: { title: 'The request lacks your session’s security token. Reload the page and try again.' },
  forbidden: {
    title: 'Your role does not allow this.',
    detail: (f) => {
      if ('ownCredentialsOnly' in f)
        return `${f.who} may revoke only their own personal credentials (${f.permission} revokes any).`;
      if ('who' in f)
        return `${f.who} (roles ${f.roles.join(', ') || 'none'}) does not hold ${f.permission}.`;
      return `Your role does not allow this (${f.permission}).`;
    },
  },
  username_invalid: {
    title:
      'A username has 3 to 64 characters — lower-case letters, digits, dot, dash or underscore — and starts with a letter.',
  },
  username_taken: {
    title: 'An account with that username already exists.',
    detail: (f) => `An account named ${f.username} already exists.`,
  },
  username_reserved: {
    title: 'That username is reserved.',
    detail: (f) =>
      `“${f.username}” is a word of the back office's addresses and cannot be a username; choose another.`,
  },
  last_administrator: {
    title: 'This is the last enabled administrator account.',
    detail: (f) =>
      `The account ${f.username} is the only enabled one that can manage accounts: without it nobody could create accounts or give roles. First give the account administrator role to someone else.`,
  },
  display_name_invalid: { title: 'The display name must not be empty or longer than 200 characters.' },
  password_too_short: {
    title: 'The password is too short.',
    detail: (f) => `The password must have at least ${f.minLength} characters.`,
  },
  password_too_long: {
    title: 'The password is too long.',
    detail: (f) => `The password must not be longer than ${f.maxLength} characters.`,
  },
  password_equals_username: { title: 'The password must not be the username.' },
  password_blank: {
    title:
      'The password must not be only spaces. Choose three or four words you will remember, separated by spaces.',
  },
  password_one_character: {
    title:
      'The password must not be one character repeated (like "aaaaaaaaaaaa"). Choose three or four words you will remember, separated by spaces.',
  },
  password_common: {
    title:
      'This password is on the list of the most used and leaked passwords, which an attacker tries first. Choose another: three or four words you will remember, separated by spaces.',
  },
  no_roles: { title: 'Give at least one role.' },
  unknown_role: {
    title: 'There is no such role.',
    detail: (f) => `There is no role ${f.role}.`,
  },
  role_not_for_accounts: {
    title: 'That role is for system credentials.',
    detail: (f) => `The role ${f.role} is for system credentials, not for officer accounts.`,
  },
  role_not_for_credentials: {
    title: 'That role is for officer accounts.',
    detail: (f) => `The role ${f.role} is for officer accounts, not for system credentials.`,
  },
  account_not_found: {
    title: 'There is no such account.',
    detail: (f) => `There is no account ${f.username}.`,
  },
  organisation_invalid: {
    title: 'The organisation is not valid.',
    detail: (f) =>
      `The organisation ${f.organisation} is not valid: a bank is named by its BIC (e.g. BUNIBOLX), another institution by an upper-case code.`,
  },
  credential_not_found: {
    title: 'There is no such credential.',
    detail: (f) => `There is no credential ${f.credentialId}.`,
  },
  credential_already_revoked: {
    title: 'The credential is already revoked.',
    detail: (f) => `The credential ${f.credentialId} is already revoked.`,
  },
  password_input: {
    title: 'The password could not be read.',
    detail: (f) => {
      switch (f.problem) {
        case 'too_long':
          return 'Standard input is too long for passwords.';
        case 'missing':
          return `No ${f.username === undefined ? 'new password' : `password for ${f.username}`} on standard input.`;
        case 'not_a_terminal':
          return 'Standard input is not a terminal: pipe the password in and add --password-stdin.';
        case 'differ':
          return 'The two passwords differ; nothing was changed.';
      }
    },
  },
  sign_in_required: {
    title: 'This command needs a signed-in officer.',
    detail: (f) =>
      'username' in f
        ? `Sign in to run this command: type ${f.username}'s password at a terminal, pipe it in with --password-stdin, or set AYNI_CREDENTIAL to a personal credential.`
        : `This command needs a signed-in officer${f.permission ? ` holding ${f.permission}` : ''}: set AYNI_CREDENTIAL to your personal credential, or give --officer USERNAME and type your password at a terminal (or pipe it in with --password-stdin).`,
  },
  credential_invalid: {
    title:
      'AYNI_CREDENTIAL is not a valid credential (unknown, revoked, or its account disabled). Unset it to sign in with your password.',
  },
  credential_not_officer: {
    title: 'AYNI_CREDENTIAL does not sign in as the officer --officer names.',
    detail: (f) =>
      `AYNI_CREDENTIAL signs in as ${f.signsInAs}, not as ${f.officer}: drop --officer or unset AYNI_CREDENTIAL.`,
  },
  credential_needs_password: {
    title:
      'A personal credential is issued only to an officer who signed in with their password: unset AYNI_CREDENTIAL.',
  },
  credential_kind: {
    title: 'Give either --org CODE --roles ROLES (an organisation’s credential) or --personal (your own).',
  },
  credential_roles: { title: '--org needs --roles (e.g. --roles bank).' },
  no_administrator: {
    title:
      'No administrator exists yet: create the first one with --roles administrator, then sign in as them to create the other accounts.',
  },
};
