/**
 * The permission catalogue: what each role may do, as data. A route asks for one permission
 * (`requirePermission('rounds.approve')`); roles are granted to accounts and API credentials. A new
 * programme adds its permissions to PERMISSIONS and its roles to ROLES (tax_officer, health_worker,
 * site_manager …) and nothing else changes; test/access/permissions.test.ts holds the expected
 * role × permission table, so every change to this file is reviewed twice.
 */

interface Label {
  es: string;
  en: string;
}

export const PERMISSIONS = {
  'registry.read': { es: 'Consultar el registro de personas', en: 'Search and read the population registry' },
  'registry.import': {
    es: 'Importar personas y listas de otras instituciones',
    en: 'Import persons and source lists',
  },
  'registry.merge_propose': {
    es: 'Proponer la fusión de dos personas duplicadas del registro',
    en: 'Propose merging two duplicate persons of the registry',
  },
  'registry.merge_approve': {
    es: 'Aprobar, rechazar o deshacer la fusión de dos personas del registro',
    en: 'Approve, reject or undo the merge of two registry persons',
  },
  'entitlements.read': {
    es: 'Consultar si una persona es beneficiaria y por qué',
    en: 'Check whether a person is entitled, and why',
  },
  'rounds.read': { es: 'Ver las rondas de pago', en: 'See payment rounds' },
  'rounds.create': { es: 'Crear una ronda de pago', en: 'Create a payment round' },
  'rounds.approve': { es: 'Aprobar una ronda de pago', en: 'Approve a payment round' },
  'payments.read': {
    es: 'Seguir pagos, depósitos y conciliación',
    en: 'Follow payments, deposits and reconciliation',
  },
  'payments.pay': { es: 'Registrar un pago en ventanilla', en: 'Record a payout at a bank counter' },
  'deposits.manage': {
    es: 'Generar archivos de depósito y conciliar respuestas del banco',
    en: 'Produce deposit files and reconcile bank replies',
  },
  'grievances.read': { es: 'Ver los reclamos', en: 'See grievances' },
  'grievances.resolve': { es: 'Resolver reclamos', en: 'Resolve grievances' },
  'audit.read': { es: 'Leer y verificar la bitácora de auditoría', en: 'Read and verify the audit trail' },
  'accounts.read': { es: 'Ver cuentas y credenciales', en: 'See accounts and credentials' },
  'accounts.manage': {
    es: 'Crear cuentas, cambiar roles, deshabilitar',
    en: 'Create accounts, change roles, disable',
  },
  'credentials.manage': {
    es: 'Emitir y revocar credenciales de API',
    en: 'Issue and revoke API credentials',
  },
  'metrics.read': {
    es: 'Leer las métricas del servidor (GET /metrics)',
    en: 'Read the server’s metrics (GET /metrics)',
  },
  'vaccination.read': {
    es: 'Ver vacunas, lotes, existencias, puntos de vacunación y alertas',
    en: 'See vaccines, lots, stock, vaccination sites and alerts',
  },
  'vaccination.administer': {
    es: 'Registrar dosis aplicadas en un punto de vacunación',
    en: 'Record doses given at a vaccination site',
  },
  'vaccination.stock': {
    es: 'Registrar lotes, recepciones, traslados y bajas de dosis',
    en: 'Register lots, receipts, transfers and write-offs of doses',
  },
  'vaccination.sites': {
    es: 'Crear y modificar puntos de vacunación, horarios y capacidad',
    en: 'Create and change vaccination sites, hours and capacity',
  },
  'certificates.issue': {
    es: 'Emitir el certificado de vacunación de una persona',
    en: 'Issue a person’s vaccination certificate',
  },
  'certificates.manage': {
    es: 'Revocar certificados de vacunación y administrar las claves de firma',
    en: 'Revoke vaccination certificates and manage the signing keys',
  },
  'wealth_tax.read': {
    es: 'Ver contribuyentes del impuesto a las grandes fortunas, sus declaraciones, liquidaciones y saldos',
    en: 'See wealth-tax taxpayers, their declarations, assessments and balances',
  },
  'wealth_tax.assess': {
    es: 'Registrar contribuyentes, presentar, importar y rectificar declaraciones y emitir avisos',
    en: 'Register taxpayers, file, import and amend declarations, and issue notices',
  },
  'wealth_tax.collect': {
    es: 'Registrar pagos del impuesto y devolver o trasladar pagos en exceso',
    en: 'Record tax payments and refund or carry forward over-payments',
  },
  'wealth_tax.simulate': {
    es: 'Simular la recaudación del impuesto con otras reglas (sin datos de contribuyentes)',
    en: 'Simulate the tax’s revenue under other rules (no taxpayer data)',
  },
  'cases.read': {
    es: 'Leer los expedientes de las investigaciones en cuyo equipo está',
    en: 'Read the case files of the investigations whose team you are on',
  },
  'cases.write': {
    es: 'Registrar hechos, personas, evidencia, custodia y testimonios (según la función en el equipo)',
    en: 'Record events, persons, evidence, custody and testimony (as the team role allows)',
  },
  'cases.manage': {
    es: 'Abrir investigaciones y administrar sus equipos',
    en: 'Open investigations and manage their teams',
  },
} as const satisfies Record<string, Label>;

export type Permission = keyof typeof PERMISSIONS;

/** Who may hold a role: officers signing in (`account`), other systems (`credential`), or both. */
export type Holder = 'account' | 'credential';

interface RoleDefinition extends Label {
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
    es: 'Administrador de cuentas',
    en: 'Account administrator',
    holders: ['account'],
    permissions: ['accounts.read', 'accounts.manage', 'credentials.manage', 'audit.read', 'metrics.read'],
  },
  bono_officer: {
    es: 'Oficial del Bono',
    en: 'Bono officer',
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
    es: 'Aprobador del Bono',
    en: 'Bono approver',
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
    es: 'Auditor',
    en: 'Auditor',
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
    es: 'Banco pagador',
    en: 'Paying bank',
    holders: ['credential'],
    permissions: ['entitlements.read', 'payments.pay'],
  },
  monitoring: {
    es: 'Sistema de monitoreo',
    en: 'Monitoring system',
    holders: ['credential'],
    permissions: ['metrics.read'],
  },
  vaccinator: {
    es: 'Vacunador',
    en: 'Vaccinator',
    holders: ['account'],
    permissions: ['vaccination.read', 'vaccination.administer', 'certificates.issue'],
  },
  site_manager: {
    es: 'Responsable de punto de vacunación',
    en: 'Vaccination site manager',
    holders: ['account'],
    permissions: ['vaccination.read', 'vaccination.administer', 'vaccination.stock', 'certificates.issue'],
  },
  sedes_officer: {
    es: 'Oficial del SEDES',
    en: 'SEDES officer',
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
    es: 'Fiscalizador del impuesto a las grandes fortunas',
    en: 'Wealth-tax officer',
    holders: ['account'],
    permissions: ['wealth_tax.read', 'wealth_tax.assess'],
  },
  tax_collector: {
    es: 'Recaudador del impuesto a las grandes fortunas',
    en: 'Wealth-tax collector',
    holders: ['account'],
    permissions: ['wealth_tax.read', 'wealth_tax.collect'],
  },
  tax_analyst: {
    es: 'Analista de política tributaria',
    en: 'Tax policy analyst',
    holders: ['account'],
    permissions: ['wealth_tax.simulate'],
  },
  // Accountability case files (issue #21): the permission lets an officer ask; each investigation's
  // team decides what they see (src/cases/case-access.ts). A victims' representative reads only
  // their own family's files; only an investigator sees protected identities.
  case_investigator: {
    es: 'Investigador de casos',
    en: 'Case investigator',
    holders: ['account'],
    permissions: ['cases.read', 'cases.write', 'cases.manage'],
  },
  case_analyst: {
    es: 'Analista de casos',
    en: 'Case analyst',
    holders: ['account'],
    permissions: ['cases.read', 'cases.write'],
  },
  case_prosecutor_liaison: {
    es: 'Enlace con la Fiscalía',
    en: 'Prosecutor liaison',
    holders: ['account'],
    permissions: ['cases.read'],
  },
  victims_representative: {
    es: 'Representante de víctimas',
    en: 'Victims’ representative',
    holders: ['account'],
    permissions: ['cases.read'],
  },
} as const satisfies Record<string, RoleDefinition>;

export type Role = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as Role[];
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** @example isRole('bank') // true; isRole('root') // false */
export function isRole(name: string): name is Role {
  return Object.hasOwn(ROLES, name);
}

/** @example isPermission('rounds.approve') // true */
export function isPermission(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name);
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
