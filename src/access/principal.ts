import type { Actor } from '../audit/index.ts';
import type { Permission } from './permissions.ts';

/**
 * Who is making a request: an officer signed in with a session, or another system with an API
 * credential. Routes read it to decide and to record the actor of what they change.
 *
 * @example if (can(principal, 'rounds.approve')) …; await appendAudit(tx, { actor: principal.actor, … });
 */
export interface Principal {
  kind: 'account' | 'credential';
  /** The username, or the credential id. */
  id: string;
  actor: Actor;
  displayName: string;
  /** For a credential, the organisation it belongs to (a bank's BIC); null for an officer. */
  organisation: string | null;
  roles: readonly string[];
  permissions: ReadonlySet<Permission>;
}

/** @example can(principal, 'payments.pay') // true for a bank's credential */
export function can(principal: Principal | null | undefined, permission: Permission): boolean {
  return principal?.permissions.has(permission) ?? false;
}

/**
 * The officer's username behind a principal, whether it signed in with a password (its id is the
 * username) or with its personal credential (its id is the credential's; its actor names the
 * account); null for an organisation's credential, which is no one's account.
 *
 * @example accountUsername(principal) // 'rep.ana' for a session or `Bearer ak_…` of rep.ana
 */
export function accountUsername(principal: Pick<Principal, 'actor'>): string | null {
  return principal.actor.startsWith('account:') ? principal.actor.slice('account:'.length) : null;
}
