import type { AccessFailure } from '../../access/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Accounts, sessions and credentials: their failures in English (statuses: ../status/access.ts). */

function minutes(f: AccessFailure): number {
  return Math.max(1, Math.ceil((f.retryAfterMs ?? 0) / 60_000));
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
    detail: (f) => `Your role does not allow this${f.detail ? ` (${f.detail})` : ''}.`,
  },
  username_invalid: {
    title:
      'A username has 3 to 64 characters — lower-case letters, digits, dot, dash or underscore — and starts with a letter.',
  },
  username_taken: {
    title: 'An account with that username already exists.',
    detail: (f) => `An account named ${f.detail} already exists.`,
  },
  display_name_invalid: { title: 'The display name must not be empty or longer than 200 characters.' },
  password_too_short: {
    title: 'The password is too short.',
    detail: (f) => `The password must have at least ${f.detail} characters.`,
  },
  password_too_long: {
    title: 'The password is too long.',
    detail: (f) => `The password must not be longer than ${f.detail} characters.`,
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
    detail: (f) => `There is no role ${f.detail}.`,
  },
  role_not_for_accounts: {
    title: 'That role is for system credentials.',
    detail: (f) => `The role ${f.detail} is for system credentials, not for officer accounts.`,
  },
  role_not_for_credentials: {
    title: 'That role is for officer accounts.',
    detail: (f) => `The role ${f.detail} is for officer accounts, not for system credentials.`,
  },
  account_not_found: {
    title: 'There is no such account.',
    detail: (f) => `There is no account ${f.detail}.`,
  },
  organisation_invalid: {
    title: 'The organisation is not valid.',
    detail: (f) =>
      `The organisation ${f.detail} is not valid: a bank is named by its BIC (e.g. BUNIBOLX), another institution by an upper-case code.`,
  },
  credential_not_found: {
    title: 'There is no such credential.',
    detail: (f) => `There is no credential ${f.detail}.`,
  },
  credential_already_revoked: {
    title: 'The credential is already revoked.',
    detail: (f) => `The credential ${f.detail} is already revoked.`,
  },
};
