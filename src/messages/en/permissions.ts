import type { Permission, Role } from '../../access/index.ts';

/**
 * The roles' names and what each permission allows, in English: the permission catalogue
 * (src/access/permissions.ts) keeps only the codes. Typed by code: a new role or permission without
 * its words fails the typecheck.
 */

export const ROLE_WORDS_EN: Readonly<Record<Role, string>> = {
  administrator: 'Account administrator',
  bono_officer: 'Bono officer',
  bono_approver: 'Bono approver',
  auditor: 'Auditor',
  bank: 'Paying bank',
  monitoring: 'Monitoring system',
  vaccinator: 'Vaccinator',
  site_manager: 'Vaccination site manager',
  sedes_officer: 'SEDES officer',
  tax_officer: 'Wealth-tax officer',
  tax_collector: 'Wealth-tax collector',
  tax_analyst: 'Tax policy analyst',
  tax_representative: 'Wealth-tax taxpayers’ representative',
  case_investigator: 'Case investigator',
  case_analyst: 'Case analyst',
  case_prosecutor_liaison: 'Prosecutor liaison',
  victims_representative: 'Victims’ representative',
};

export const PERMISSION_WORDS_EN: Readonly<Record<Permission, string>> = {
  'registry.read': 'Search and read the population registry',
  'registry.import': 'Import persons and source lists',
  'registry.merge_propose': 'Propose merging two duplicate persons of the registry',
  'registry.merge_approve': 'Approve, reject or undo the merge of two registry persons',
  'entitlements.read': 'Check whether a person is entitled, and why',
  'rounds.read': 'See payment rounds',
  'rounds.create': 'Create a payment round',
  'rounds.approve': 'Approve a payment round',
  'payments.read': 'Follow payments, deposits and reconciliation',
  'payments.pay': 'Record a payout at a bank counter',
  'deposits.manage': 'Produce deposit files and reconcile bank replies',
  'grievances.read': 'See grievances',
  'grievances.resolve': 'Resolve grievances',
  'audit.read': 'Read and verify the audit trail',
  'accounts.read': 'See accounts and credentials',
  'accounts.manage': 'Create accounts, change roles, disable',
  'credentials.manage': 'Issue and revoke API credentials',
  'metrics.read': 'Read the server’s metrics (GET /metrics)',
  'vaccination.read': 'See vaccines, lots, stock, vaccination sites and alerts',
  'vaccination.administer': 'Record doses given at a vaccination site',
  'vaccination.stock': 'Register lots, receipts, transfers and write-offs of doses',
  'vaccination.sites': 'Create and change vaccination sites, hours and capacity',
  'certificates.issue': 'Issue a person’s vaccination certificate',
  'certificates.manage': 'Revoke vaccination certificates and manage the signing keys',
  'wealth_tax.read': 'See wealth-tax taxpayers, their declarations, assessments and balances',
  'wealth_tax.assess': 'Register taxpayers, file, import and amend declarations, and issue notices',
  'wealth_tax.collect': 'Record tax payments and refund or carry forward over-payments',
  'wealth_tax.simulate': 'Simulate the tax’s revenue under other rules (no taxpayer data)',
  'wealth_tax.represent':
    'Declare, amend and see the assessment, balance and notices of the taxpayers who gave a mandate',
  'cases.read': 'Read the case files of the investigations whose team you are on',
  'cases.write': 'Record events, persons, evidence, custody and testimony (as the team role allows)',
  'cases.manage': 'Open investigations and manage their teams',
};
