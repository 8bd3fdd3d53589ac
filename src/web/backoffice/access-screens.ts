import { can, type Permission, type Principal } from '../../access/index.ts';
import type { PageMessages } from '../../messages/index.ts';
import { OFFICE, type ScreenKey } from './backoffice.page.ts';

/**
 * The administrator's and the auditor's screens (accounts, credentials, the audit trail), shown in
 * the navigation and on the home page only to readers holding their permission, and what each
 * screen of the back office lets a reader do, permission by permission, so the home page promises
 * nothing the reader's roles do not allow.
 */

export const ACCOUNTS = `${OFFICE}/cuentas`;
export const CREDENTIALS = `${OFFICE}/credenciales`;
export const AUDIT = `${OFFICE}/bitacora`;
/** An officer's own personal credential for the command line (any signed-in officer). */
export const PERSONAL_CREDENTIAL = `${OFFICE}/mi-credencial`;

export type AccessScreenKey = keyof PageMessages['access']['screens'];

export interface AccessScreen {
  path: string;
  permission: Permission;
  key: AccessScreenKey;
}

export const ACCESS_SCREENS: readonly AccessScreen[] = [
  { path: ACCOUNTS, permission: 'accounts.read', key: 'accounts' },
  { path: CREDENTIALS, permission: 'accounts.read', key: 'credentials' },
  { path: AUDIT, permission: 'audit.read', key: 'audit' },
];

/** The access screens the principal may use, in menu order. @example accessScreensFor(auditor).map((s) => s.key) // ['accounts', 'credentials', 'audit'] */
export function accessScreensFor(principal: Principal | null): AccessScreen[] {
  return ACCESS_SCREENS.filter((s) => can(principal, s.permission));
}

/**
 * The permissions that act on each screen: the first lets the reader open it, the others are what
 * else they can do there. A screen not listed keeps its catalogue description.
 */
const SCREEN_PERMISSIONS: Partial<Record<ScreenKey | AccessScreenKey, readonly Permission[]>> = {
  registry: ['registry.read', 'entitlements.read'],
  imports: ['registry.read', 'registry.import'],
  lists: ['registry.read'],
  rounds: ['rounds.read', 'rounds.create', 'rounds.approve', 'payments.read'],
  deposits: ['payments.read', 'deposits.manage'],
  grievances: ['grievances.read', 'grievances.resolve'],
  accounts: ['accounts.read', 'accounts.manage'],
  credentials: ['accounts.read', 'credentials.manage'],
  audit: ['audit.read'],
};

/**
 * What the reader may do on a screen, as permissions they hold (worded by the catalogue), or
 * undefined for a screen this table does not know.
 *
 * @example allowedOn('rounds', auditor) // ['rounds.read', 'payments.read']
 */
export function allowedOn(
  key: ScreenKey | AccessScreenKey,
  principal: Principal | null,
): Permission[] | undefined {
  return SCREEN_PERMISSIONS[key]?.filter((p) => can(principal, p));
}
