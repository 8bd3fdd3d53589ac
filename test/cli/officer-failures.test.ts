import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessFailure } from '../../src/access/index.ts';
import { describeFailure } from '../../src/messages/index.ts';

/**
 * The failures of signing in and issuing at the command line (src/cli/officer.ts,
 * src/cli/access.commands.ts) are access's failure values; the CLI prints their English words, which
 * must be the one-line messages it printed when they were thrown as UserErrors, letter for letter.
 * Each also has Spanish words of its own.
 */
const ENGLISH: [AccessFailure, string][] = [
  [{ code: 'password_input', problem: 'too_long' }, 'Standard input is too long for passwords.'],
  [
    { code: 'password_input', problem: 'missing', username: 'ana.quispe' },
    'No password for ana.quispe on standard input.',
  ],
  [{ code: 'password_input', problem: 'missing' }, 'No new password on standard input.'],
  [
    { code: 'password_input', problem: 'not_a_terminal' },
    'Standard input is not a terminal: pipe the password in and add --password-stdin.',
  ],
  [{ code: 'password_input', problem: 'differ' }, 'The two passwords differ; nothing was changed.'],
  [
    { code: 'sign_in_required', permission: 'rounds.approve' },
    'This command needs a signed-in officer holding rounds.approve: set AYNI_CREDENTIAL to your personal credential, or give --officer USERNAME and type your password at a terminal (or pipe it in with --password-stdin).',
  ],
  [
    { code: 'sign_in_required' },
    'This command needs a signed-in officer: set AYNI_CREDENTIAL to your personal credential, or give --officer USERNAME and type your password at a terminal (or pipe it in with --password-stdin).',
  ],
  [
    { code: 'sign_in_required', username: 'ana.quispe' },
    "Sign in to run this command: type ana.quispe's password at a terminal, pipe it in with --password-stdin, or set AYNI_CREDENTIAL to a personal credential.",
  ],
  [
    { code: 'credential_invalid' },
    'AYNI_CREDENTIAL is not a valid credential (unknown, revoked, or its account disabled). Unset it to sign in with your password.',
  ],
  [
    { code: 'credential_not_officer', signsInAs: 'account:ana.quispe', officer: 'beto' },
    'AYNI_CREDENTIAL signs in as account:ana.quispe, not as beto: drop --officer or unset AYNI_CREDENTIAL.',
  ],
  [
    { code: 'credential_needs_password' },
    'A personal credential is issued only to an officer who signed in with their password: unset AYNI_CREDENTIAL.',
  ],
  [
    { code: 'credential_kind' },
    'Give either --org CODE --roles ROLES (an organisation’s credential) or --personal (your own).',
  ],
  [{ code: 'credential_roles' }, '--org needs --roles (e.g. --roles bank).'],
  [
    { code: 'no_administrator' },
    'No administrator exists yet: create the first one with --roles administrator, then sign in as them to create the other accounts.',
  ],
  [
    {
      code: 'forbidden',
      permission: 'accounts.manage',
      who: 'ana.quispe',
      roles: ['bono_officer', 'auditor'],
    },
    'ana.quispe (roles bono_officer, auditor) does not hold accounts.manage.',
  ],
  [
    { code: 'forbidden', permission: 'audit.read', who: 'credential:ak_0123456789abcdef', roles: [] },
    'credential:ak_0123456789abcdef (roles none) does not hold audit.read.',
  ],
  [
    {
      code: 'forbidden',
      permission: 'credentials.manage',
      who: 'account:ana.quispe',
      ownCredentialsOnly: true,
    },
    'account:ana.quispe may revoke only their own personal credentials (credentials.manage revokes any).',
  ],
  [{ code: 'forbidden', permission: 'rounds.approve' }, 'Your role does not allow this (rounds.approve).'],
];

test('the CLI’s sign-in failures print the words it printed before, in English', () => {
  for (const [failure, words] of ENGLISH) assert.equal(describeFailure(failure, 'en').detail, words);
});

test('each has Spanish words of its own, naming the same fields', () => {
  for (const [failure] of ENGLISH) {
    const es = describeFailure(failure, 'es').detail;
    assert.notEqual(es, describeFailure(failure, 'en').detail, es);
    for (const value of Object.values(failure)) {
      if (typeof value !== 'string' || value === failure.code || value === 'missing') continue;
      if (['too_long', 'not_a_terminal', 'differ'].includes(value)) continue;
      assert.ok(es.includes(value), `${es} should name ${value}`);
    }
  }
});
