import type { ACTORS_ES } from '../../es/pages/actors.ts';
import type { Messages } from '../../page-catalogue.ts';

/** Who did something, in words. */
export const ACTORS_EN: Messages<typeof ACTORS_ES> = {
  system: 'ayni (automatic process)',
  account: (username) => `the account ${username}`,
  credential: (id) => `the system with credential ${id}`,
  organisation: (name) => `the system of ${name}`,
  cli: (user) => `the server console (user ${user})`,
  unknown: 'unknown',
  unknownCredential: 'a credential that no longer exists',
  none: '—',
};
