import { assert } from '../shared/assert.ts';

/**
 * Who made a change, as the audit trail records it: an officer account (by username, which is never
 * reused because accounts are disabled rather than deleted), an API credential (by id), a person at
 * the command line (`cli:<operating-system user>`), or ayni itself (`system`).
 *
 * @example accountActor('maria.quispe') // 'account:maria.quispe'
 */
export type Actor = 'system' | `cli:${string}` | `account:${string}` | `credential:${string}`;

/** ayni acting on its own (scheduled expiry, start-up seeding). */
export const SYSTEM_ACTOR: Actor = 'system';

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** @example accountActor('maria.quispe') // 'account:maria.quispe' */
export function accountActor(username: string): Actor {
  assert(NAME.test(username), `not a username for an actor: ${JSON.stringify(username)}`);
  return `account:${username}`;
}

/** @example credentialActor('ak_0123456789abcdef') // 'credential:ak_0123456789abcdef' */
export function credentialActor(credentialId: string): Actor {
  assert(NAME.test(credentialId), `not a credential id for an actor: ${JSON.stringify(credentialId)}`);
  return `credential:${credentialId}`;
}

/**
 * The actor for a command run at the terminal. Characters outside a safe set are replaced so that
 * an odd operating-system user name cannot smuggle text into the trail.
 *
 * @example cliActor('root') // 'cli:root'
 */
export function cliActor(osUser: string): Actor {
  const cleaned = osUser.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64);
  return `cli:${cleaned === '' ? 'unknown' : cleaned}`;
}

/** Whether a string is a well-formed actor. @example isActor('cli:root') // true */
export function isActor(text: string): text is Actor {
  return text === 'system' || /^(cli|account|credential):[A-Za-z0-9._@-]{1,64}$/.test(text);
}
