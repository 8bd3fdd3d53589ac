import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PERMISSION_NAMES,
  type Permission,
  permissionsOf,
  ROLE_NAMES,
  ROLES,
  type Role,
  roleGrants,
} from '../../src/access/index.ts';

/**
 * The expected role × permission table, written out by hand. A change to the catalogue in
 * src/access/permissions.ts fails this test until the table here is changed too, so every grant
 * is reviewed twice. Columns: administrator, bono_officer, bono_approver, auditor, bank, monitoring,
 * vaccinator, site_manager, sedes_officer, tax_officer, tax_collector, tax_analyst,
 * tax_representative.
 */
// biome-ignore format: a table, one permission a line, the roles in the columns above.
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  //                      admin   officer  approver auditor  bank  monitoring vaccinator site_manager sedes_officer
  'registry.read': row(false, true, true, true, false, false, false, false, false, false, false, false, false),
  'registry.import': row(false, true, false, false, false, false, false, false, false, false, false, false, false),
  'registry.merge_propose': row(false, true, false, false, false, false, false, false, false, false, false, false, false),
  'registry.merge_approve': row(false, false, true, false, false, false, false, false, false, false, false, false, false),
  'entitlements.read': row(false, true, true, true, true, false, false, false, false, false, false, false, false),
  'rounds.read': row(false, true, true, true, false, false, false, false, false, false, false, false, false),
  'rounds.create': row(false, true, false, false, false, false, false, false, false, false, false, false, false),
  'rounds.approve': row(false, false, true, false, false, false, false, false, false, false, false, false, false),
  'payments.read': row(false, true, true, true, false, false, false, false, false, false, false, false, false),
  'payments.pay': row(false, false, false, false, true, false, false, false, false, false, false, false, false),
  'deposits.manage': row(false, true, false, false, false, false, false, false, false, false, false, false, false),
  'grievances.read': row(false, true, true, true, false, false, false, false, false, false, false, false, false),
  'grievances.resolve': row(false, true, false, false, false, false, false, false, false, false, false, false, false),
  'audit.read': row(true, false, false, true, false, false, false, false, false, false, false, false, false),
  'accounts.read': row(true, false, false, true, false, false, false, false, false, false, false, false, false),
  'accounts.manage': row(true, false, false, false, false, false, false, false, false, false, false, false, false),
  'credentials.manage': row(true, false, false, false, false, false, false, false, false, false, false, false, false),
  'metrics.read': row(true, false, false, true, false, true, false, false, false, false, false, false, false),
  'vaccination.read': row(false, false, false, true, false, false, true, true, true, false, false, false, false),
  'vaccination.administer': row(false, false, false, false, false, false, true, true, false, false, false, false, false),
  'vaccination.stock': row(false, false, false, false, false, false, false, true, true, false, false, false, false),
  'vaccination.sites': row(false, false, false, false, false, false, false, false, true, false, false, false, false),
  'certificates.issue': row(false, false, false, false, false, false, true, true, true, false, false, false, false),
  'certificates.manage': row(false, false, false, false, false, false, false, false, true, false, false, false, false),
  //                      …                                                       tax_officer tax_collector tax_analyst
  'wealth_tax.read': row(false, false, false, false, false, false, false, false, false, true, true, false, false),
  'wealth_tax.assess': row(false, false, false, false, false, false, false, false, false, true, false, false, false),
  'wealth_tax.collect': row(false, false, false, false, false, false, false, false, false, false, true, false, false),
  'wealth_tax.simulate': row(false, false, false, false, false, false, false, false, false, false, false, true, false),
  'wealth_tax.represent': row(false, false, false, false, false, false, false, false, false, false, false, false, true),
  'cases.read': cases(true, true, true, true),
  'cases.write': cases(true, true, false, false),
  'cases.manage': cases(true, false, false, false),
};

/** A case-files permission: granted only to (some of) the four case roles. */
function cases(
  case_investigator: boolean,
  case_analyst: boolean,
  case_prosecutor_liaison: boolean,
  victims_representative: boolean,
): Record<Role, boolean> {
  const none = Object.fromEntries(ROLE_NAMES.map((r) => [r, false])) as Record<Role, boolean>;
  return { ...none, case_investigator, case_analyst, case_prosecutor_liaison, victims_representative };
}

function row(
  administrator: boolean,
  bono_officer: boolean,
  bono_approver: boolean,
  auditor: boolean,
  bank: boolean,
  monitoring: boolean,
  vaccinator: boolean,
  site_manager: boolean,
  sedes_officer: boolean,
  tax_officer: boolean,
  tax_collector: boolean,
  tax_analyst: boolean,
  tax_representative: boolean,
): Record<Role, boolean> {
  return {
    administrator,
    bono_officer,
    bono_approver,
    auditor,
    bank,
    monitoring,
    vaccinator,
    site_manager,
    sedes_officer,
    tax_officer,
    tax_collector,
    tax_analyst,
    tax_representative,
    // The case roles hold no permission of the other programmes.
    case_investigator: false,
    case_analyst: false,
    case_prosecutor_liaison: false,
    victims_representative: false,
  };
}

test('the table covers exactly the catalogue’s permissions and roles', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), [...PERMISSION_NAMES].sort());
  for (const [permission, byRole] of Object.entries(EXPECTED))
    assert.deepEqual(Object.keys(byRole).sort(), [...ROLE_NAMES].sort(), `roles in the row of ${permission}`);
});

test('every role × every permission is granted or denied as the table says', () => {
  for (const permission of PERMISSION_NAMES) {
    for (const role of ROLE_NAMES) {
      assert.equal(
        roleGrants(role, permission),
        EXPECTED[permission][role],
        `${role} ${EXPECTED[permission][role] ? 'should' : 'should not'} have ${permission}`,
      );
      assert.equal(permissionsOf([role]).has(permission), EXPECTED[permission][role]);
    }
  }
});

test('the roles the issue requires exist, and who may hold them', () => {
  for (const role of ['administrator', 'bono_officer', 'bono_approver', 'auditor', 'bank'])
    assert.ok(ROLE_NAMES.includes(role as Role), role);
  assert.deepEqual(ROLES.bank.holders, ['credential']);
  assert.deepEqual(ROLES.bono_officer.holders, ['account']);
});

test('separation of duties: nobody both creates and approves a round, pays, or manages accounts', () => {
  for (const role of ROLE_NAMES) {
    const p = permissionsOf([role]);
    assert.ok(!(p.has('rounds.create') && p.has('rounds.approve')), `${role} creates and approves`);
    assert.ok(
      !(p.has('registry.merge_propose') && p.has('registry.merge_approve')),
      `${role} proposes and approves a merge`,
    );
    assert.ok(
      !(p.has('accounts.manage') && p.has('rounds.approve')),
      `${role} manages accounts and approves`,
    );
    assert.ok(!(p.has('payments.pay') && p.has('rounds.create')), `${role} creates rounds and pays`);
    assert.ok(
      !(p.has('wealth_tax.assess') && p.has('wealth_tax.collect')),
      `${role} assesses the wealth tax and collects it`,
    );
    assert.ok(
      !(p.has('wealth_tax.read') && (p.has('audit.read') || p.has('wealth_tax.simulate'))),
      `${role} reads declarations without being a tax officer`,
    );
    // A representative acts only under a mandate: no role gives both that and the officers' reach.
    assert.ok(
      !(p.has('wealth_tax.represent') && (p.has('wealth_tax.read') || p.has('wealth_tax.assess'))),
      `${role} represents taxpayers and reads every declaration`,
    );
  }
});

test('permissions of several roles add up; unknown role names grant nothing', () => {
  const both = permissionsOf(['bono_approver', 'auditor']);
  assert.ok(both.has('rounds.approve') && both.has('audit.read'));
  assert.equal(permissionsOf(['root', 'superuser']).size, 0);
  assert.equal(permissionsOf([]).size, 0);
});

test('every permission is granted to some role and has Spanish and English labels', async () => {
  const { pageMessages } = await import('../../src/messages/index.ts');
  for (const permission of PERMISSION_NAMES) {
    assert.ok(
      ROLE_NAMES.some((r) => roleGrants(r, permission)),
      `${permission} is granted to no role`,
    );
    for (const lang of ['es', 'en'] as const)
      assert.ok(
        pageMessages(lang).access.permissions[permission].length > 0,
        `${permission} has no ${lang} words`,
      );
  }
  for (const role of ROLE_NAMES)
    for (const lang of ['es', 'en'] as const)
      assert.ok(pageMessages(lang).access.roles[role].length > 0, `${role} has no ${lang} words`);
  // The domain keeps codes only: its words live in src/messages/{es,en}/permissions.ts.
  const { ROLES } = await import('../../src/access/index.ts');
  for (const role of ROLE_NAMES)
    assert.deepEqual(Object.keys(ROLES[role]).sort(), ['holders', 'permissions']);
});
