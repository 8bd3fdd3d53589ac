import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asOfficer, ayni, type CliDatabase, cliDatabase } from '../helpers/cli.ts';

/**
 * The CLI keeps an administrator: `ayni accounts disable` and `ayni accounts roles` refuse, in
 * words, to disable the last enabled administrator or take the role away, as the web pages do
 * (test/web/access-pages.test.tsx); a second administrator lifts the refusal. `nueva` is no
 * username (it is the address of the new-account form).
 */

const PASSWORD = 'tres palabras largas';
let cli: CliDatabase;
let admin: string;

before(async () => {
  cli = await cliDatabase('last-admin');
  delete process.env.AYNI_CREDENTIAL;
  const first = await ayni(
    ['accounts', 'create', '--username', 'admin', '--roles', 'administrator', '--password-stdin'],
    `${PASSWORD}\n`,
  );
  assert.equal(first.code, 0, first.err);
  const issued = await ayni(
    ['credentials', 'create', '--personal', '--officer', 'admin', '--password-stdin'],
    `${PASSWORD}\n`,
  );
  assert.equal(issued.code, 0, issued.err);
  admin = issued.out;
});
after(async () => {
  await cli.dispose();
});

describe('the last administrator, in the CLI', () => {
  test('refuses nueva as a username', async () => {
    const r = await ayni(
      ['accounts', 'create', '--username', 'nueva', '--roles', 'auditor', '--password-stdin'],
      asOfficer(admin, `${PASSWORD}\n`),
    );
    assert.equal(r.code, 1);
    assert.match(r.err, /«nueva»|“nueva”/);
  });

  test('cannot be disabled nor lose the role; with a second administrator it can', async () => {
    const why = /^ayni: The account admin is the only enabled one that can manage accounts/;
    const off = await ayni(['accounts', 'disable', 'admin'], asOfficer(admin));
    assert.equal(off.code, 1);
    assert.match(off.err, why);
    const demoted = await ayni(['accounts', 'roles', 'admin', '--set', 'auditor'], asOfficer(admin));
    assert.equal(demoted.code, 1);
    assert.match(demoted.err, why);
    assert.match(
      (await ayni(['accounts', 'list'], asOfficer(admin))).out,
      /^admin\s+(?!DISABLED).*administrator/m,
    );

    const second = await ayni(
      ['accounts', 'create', '--username', 'rosa.admin', '--roles', 'administrator', '--password-stdin'],
      asOfficer(admin, `${PASSWORD}\n`),
    );
    assert.equal(second.code, 0, second.err);
    const now = await ayni(['accounts', 'roles', 'admin', '--set', 'auditor'], asOfficer(admin));
    assert.equal(now.code, 0, now.err);
  });
});
