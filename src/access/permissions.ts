/**
 * The permission catalogue: what each role may do, as data. A route asks for one permission
 * (`requirePermission('rounds.approve')`); roles are granted to accounts and API credentials. A new
 * programme adds its permissions to PERMISSION_NAMES and its roles to ROLES (tax_officer, health_worker,
 * site_manager …), and their words to the catalogues (src/messages/{es,en}/permissions.ts, typed by
 * code so a missing one fails the typecheck); test/access/permissions.test.ts holds the expected
 * role × permission table, so every change to this file is reviewed twice.
 */

export const PERMISSION_NAMES = [
  'registry.read',
  'registry.import',
  'registry.merge_propose',
  'registry.merge_approve',
  'entitlements.read',
  'rounds.read',
  'rounds.create',
  'rounds.approve',
  'payments.read',
  'payments.pay',
  'deposits.manage',
  'grievances.read',
  'grievances.resolve',
  'audit.read',
  'accounts.read',
  'accounts.manage',
  'credentials.manage',
  'metrics.read',
  'vaccination.read',
  'vaccination.administer',
  'vaccination.stock',
  'vaccination.sites',
  'certificates.issue',
  'certificates.manage',
  'wealth_tax.read',
  'wealth_tax.assess',
  'wealth_tax.collect',
  'wealth_tax.simulate',
  'wealth_tax.represent',
  'cases.read',
  'cases.write',
  'cases.manage',
] as const;

export type Permission = (typeof PERMISSION_NAMES)[number];

/** Who may hold a role: officers signing in (`account`), other systems (`credential`), or both. */
export type Holder = 'account' | 'credential';

interface RoleDefinition {
  holders: readonly Holder[];
  permissions: readonly Permission[];
}

/**
 * Least privilege with separation of duties: the one who creates a round is not the one who
 * approves it (the rounds service must also refuse an approval by the round's creator), the
 * administrator manages who does what but does no programme work, the auditor reads everything
 * and changes nothing, a bank only checks entitlements and records payouts, and a monitoring system
 * (Prometheus) only reads the metrics: counts and timings, no personal data, so its credential —
 * written into its configuration — opens nothing else.
 */
export const ROLES = {
  administrator: {
    holders: ['account'],
    permissions: ['accounts.read', 'accounts.manage', 'credentials.manage', 'audit.read', 'metrics.read'],
  },
  bono_officer: {
    holders: ['account'],
    permissions: [
      'registry.read',
      'registry.import',
      'registry.merge_propose',
      'entitlements.read',
      'rounds.read',
      'rounds.create',
      'payments.read',
      'deposits.manage',
      'grievances.read',
      'grievances.resolve',
    ],
  },
  bono_approver: {
    holders: ['account'],
    permissions: [
      'registry.read',
      'registry.merge_approve',
      'entitlements.read',
      'rounds.read',
      'rounds.approve',
      'payments.read',
      'grievances.read',
    ],
  },
  auditor: {
    holders: ['account', 'credential'],
    permissions: [
      'registry.read',
      'entitlements.read',
      'rounds.read',
      'payments.read',
      'grievances.read',
      'audit.read',
      'accounts.read',
      'metrics.read',
      'vaccination.read',
    ],
  },
  bank: {
    holders: ['credential'],
    permissions: ['entitlements.read', 'payments.pay'],
  },
  monitoring: {
    holders: ['credential'],
    permissions: ['metrics.read'],
  },
  vaccinator: {
    holders: ['account'],
    permissions: ['vaccination.read', 'vaccination.administer', 'certificates.issue'],
  },
  site_manager: {
    holders: ['account'],
    permissions: ['vaccination.read', 'vaccination.administer', 'vaccination.stock', 'certificates.issue'],
  },
  sedes_officer: {
    holders: ['account'],
    permissions: [
      'vaccination.read',
      'vaccination.stock',
      'vaccination.sites',
      'certificates.issue',
      'certificates.manage',
    ],
  },
  // The tax administration (SIN, issue #20): whoever assesses does not collect, and the analyst
  // who simulates reforms sees no declaration. Nobody else reads declarations, not even the
  // auditor: they are the most sensitive data ayni holds (every read is in the audit trail).
  tax_officer: {
    holders: ['account'],
    permissions: ['wealth_tax.read', 'wealth_tax.assess'],
  },
  tax_collector: {
    holders: ['account'],
    permissions: ['wealth_tax.read', 'wealth_tax.collect'],
  },
  tax_analyst: {
    holders: ['account'],
    permissions: ['wealth_tax.simulate'],
  },
  // A taxpayer's representative's own account: declares, amends and sees the assessment, balance
  // and notices only of the taxpayers whose mandate to it is in force (src/wealth-tax/mandate.ts
  // checks each action); the permission alone reaches nobody.
  tax_representative: {
    holders: ['account'],
    permissions: ['wealth_tax.represent'],
  },
  // Accountability case files (issue #21): the permission lets an officer ask; each investigation's
  // team decides what they see (src/cases/case-access.ts). A victims' representative reads only
  // their own family's files; only an investigator sees protected identities.
  case_investigator: {
    holders: ['account'],
    permissions: ['cases.read', 'cases.write', 'cases.manage'],
  },
  case_analyst: {
    holders: ['account'],
    permissions: ['cases.read', 'cases.write'],
  },
  case_prosecutor_liaison: {
    holders: ['account'],
    permissions: ['cases.read'],
  },
  victims_representative: {
    holders: ['account'],
    permissions: ['cases.read'],
  },
} as const satisfies Record<string, RoleDefinition>;

export type Role = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** @example isRole('bank') // true; isRole('root') // false */
export function isRole(name: string): name is Role {
  return Object.hasOwn(ROLES, name);
}

/** @example isPermission('rounds.approve') // true */
export function isPermission(name: string): name is Permission {
  return (PERMISSION_NAMES as readonly string[]).includes(name);
}

/** @example roleGrants('bono_approver', 'rounds.approve') // true */
export function roleGrants(role: Role, permission: Permission): boolean {
  return (ROLES[role].permissions as readonly Permission[]).includes(permission);
}

/**
 * The union of the permissions of the given roles. Names not in the catalogue grant nothing: a role
 * removed from the code stops working at once, even while accounts still carry its name.
 *
 * @example permissionsOf(['bank']).has('payments.pay') // true
 */
export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const name of roles) {
    if (!isRole(name)) continue;
    for (const p of ROLES[name].permissions) granted.add(p);
  }
  return granted;
}
