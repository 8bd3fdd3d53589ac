import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/open.ts';
import { asOfficer, ayni, type CliDatabase, cliDatabase } from '../helpers/cli.ts';

/**
 * The `ayni accounts|credentials|audit` commands, run in this process against a database of their
 * own (the CLI opens and closes it on every command, so it cannot share the helper's open one).
 * The first administrator is made without sign-in; every other command is run by a signed-in
 * administrator, with a password or the personal credential they issue themselves.
 */

const ADMIN_PASSWORD = 'tres palabras largas';
const PASSWORD = 'correct horse battery';

let cli: CliDatabase;
/** The administrator's personal credential (AYNI_CREDENTIAL). */
let admin: string;
before(async () => {
  cli = await cliDatabase('audit');
  delete process.env.AYNI_CREDENTIAL;
});
after(async () => {
  await cli.dispose();
});

describe('ayni accounts, credentials and audit commands', () => {
  test('the first account is an administrator, made without sign-in while none exists; the next need one', async () => {
    const notAdmin = await ayni(
      ['accounts', 'create', '--username', 'ana.quispe', '--roles', 'bono_officer', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    assert.equal(notAdmin.code, 1);
    assert.match(
      notAdmin.err,
      /^ayni: No administrator exists yet: create the first one with --roles administrator/,
    );

    const first = await ayni(
      ['accounts', 'create', '--username', 'admin', '--roles', 'administrator', '--password-stdin'],
      `${ADMIN_PASSWORD}\n`,
    );
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, 'account admin created with roles administrator');
    assert.match(first.err, /the first administrator, created without sign-in/);

    // Now there is one: a second administrator made the same way is refused.
    const second = await ayni(
      ['accounts', 'create', '--username', 'mallory', '--roles', 'administrator', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    assert.equal(second.code, 1);
    assert.match(second.err, /^ayni: This command needs a signed-in officer holding accounts\.manage/);

    const issued = await ayni(
      ['credentials', 'create', '--personal', '--officer', 'admin', '--password-stdin'],
      `${ADMIN_PASSWORD}\n`,
    );
    assert.equal(issued.code, 0, issued.err);
    admin = issued.out;
  });

  test('accounts create: the administrator’s password, then the new one, from stdin; policy failures are one line, exit 1', async () => {
    const ok = await ayni(
      [
        'accounts',
        'create',
        '--username',
        'ana.quispe',
        '--display-name',
        'Ana Quispe',
        '--roles',
        'bono_officer,auditor',
        '--officer',
        'admin',
        '--password-stdin',
      ],
      `${ADMIN_PASSWORD}\n${PASSWORD}\n`,
    );
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, 'account ana.quispe created with roles bono_officer, auditor');
    // With the administrator's credential, standard input holds only the new password.
    const weak = await ayni(
      ['accounts', 'create', '--username', 'luis.choque', '--roles', 'bono_officer', '--password-stdin'],
      asOfficer(admin, 'short\n'),
    );
    assert.equal(weak.code, 1);
    assert.equal(weak.err, 'ayni: The password must have at least 12 characters.');
    const noStdin = await ayni(
      ['accounts', 'create', '--username', 'luis.choque', '--roles', 'bono_officer'],
      asOfficer(admin),
    );
    assert.equal(noStdin.code, 1);
    assert.match(noStdin.err, /not a terminal: pipe the password in and add --password-stdin/);
    // Someone without accounts.manage, signed in with a password, cannot make accounts.
    const officer = await ayni(
      [
        'accounts',
        'create',
        '--username',
        'luis.choque',
        '--roles',
        'administrator',
        '--officer',
        'ana.quispe',
        '--password-stdin',
      ],
      `${PASSWORD}\n${PASSWORD}\n`,
    );
    assert.equal(officer.code, 1);
    assert.equal(
      officer.err,
      'ayni: ana.quispe (roles bono_officer, auditor) does not hold accounts.manage.',
    );
  });

  test('accounts roles, disable and list', async () => {
    const roles = await ayni(
      ['accounts', 'roles', 'ana.quispe', '--add', 'bono_approver', '--remove', 'bono_officer'],
      asOfficer(admin),
    );
    assert.equal(roles.out, 'ana.quispe: bono_approver, auditor');
    const bank = await ayni(['accounts', 'roles', 'ana.quispe', '--set', 'bank'], asOfficer(admin));
    assert.equal(bank.code, 1);
    assert.match(bank.err, /The role bank is for system credentials/);
    assert.equal(
      (await ayni(['accounts', 'disable', 'ana.quispe'], asOfficer(admin))).out,
      'account ana.quispe is disabled',
    );
    const list = await ayni(['accounts', 'list'], asOfficer(admin));
    assert.match(
      list.out,
      /^ana\.quispe\s+DISABLED\s+last sign-in \S+ \S+\s+bono_approver,auditor {2}\(Ana Quispe\)$/m,
    );
    // Listing accounts is for those who hold accounts.read.
    const anonymous = await ayni(['accounts', 'list']);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.err, /needs a signed-in officer holding accounts\.read/);
  });

  test('credentials create prints the token once on stdout; revoke', async () => {
    const c = await ayni(
      ['credentials', 'create', '--org', 'BUNIBOLX', '--roles', 'bank', '--description', 'Banco Unión'],
      asOfficer(admin),
    );
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /^ak_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    assert.match(c.err, /shown only this once/);
    const id = c.out.split('.')[0]!;
    const list = await ayni(['credentials', 'list'], asOfficer(admin));
    assert.ok(
      list.out.includes(id) && !list.out.includes(c.out.split('.')[1]!),
      'the list never shows the secret',
    );
    assert.match(
      list.out,
      /^ak_[0-9a-f]{16} {2}officer admin /m,
      'personal credentials are listed with their officer',
    );
    assert.equal(
      (await ayni(['credentials', 'revoke', id], asOfficer(admin))).out,
      `credential ${id} of BUNIBOLX revoked`,
    );
  });

  test('audit show and verify, for audit.read; verify catches a tampered entry and exits 1', async () => {
    const refused = await ayni(['audit', 'verify']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /needs a signed-in officer holding audit\.read/);

    const show = await ayni(['audit', 'show', '--last', '3'], asOfficer(admin));
    const lines = show.out.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[2]!, /^#\d+ {2}\S+Z {2}account:admin {2}credential\.revoked {2}api_credential ak_/);

    const ok = await ayni(['audit', 'verify'], asOfficer(admin));
    assert.equal(ok.code, 0, ok.err);
    const m = /^audit trail OK: (\d+) entries, head (\d+):([0-9a-f]{64})$/m.exec(ok.out);
    assert.ok(m, ok.out);
    assert.equal(m[1], m[2]);
    const anchor = `${m[2]}:${m[3]}`;
    assert.equal((await ayni(['audit', 'verify', '--anchor', anchor], asOfficer(admin))).code, 0);

    const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
    assert.ok(opened.ok);
    const db = opened.value;
    let seq: string;
    try {
      const [changed] = await db.query<{ seq: string }>(
        `SELECT seq::text AS seq FROM audit_entry WHERE action = 'account.roles_changed' ORDER BY seq LIMIT 1`,
      );
      seq = changed!.seq;
      await db.exec(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only;
        UPDATE audit_entry SET after = jsonb_set(after, '{roles}', '["administrator"]') WHERE seq = ${seq};
        ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only;`);
    } finally {
      await db.close();
    }
    const broken = await ayni(['audit', 'verify'], asOfficer(admin));
    assert.equal(broken.code, 1);
    assert.match(
      broken.err,
      new RegExp(
        `^ayni: audit trail BROKEN \\(altered\\) — entry ${seq} \\(account\\.roles_changed on account ana\\.quispe by account:admin at \\S+\\) was altered: its content no longer matches its hash\\. ${Number(seq) - 1} entries before it verified\\.$`,
      ),
    );
    assert.equal((await ayni(['audit', 'verify', '--anchor', 'nonsense'], asOfficer(admin))).code, 1);
  });
});
