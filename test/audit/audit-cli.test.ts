import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/open.ts';
import { ayni, type CliDatabase, cliDatabase } from '../helpers/cli.ts';

/**
 * The `ayni accounts|credentials|audit` commands, run in this process against a database of their
 * own (the CLI opens and closes it on every command, so it cannot share the helper's open one).
 */

let cli: CliDatabase;
before(async () => {
  cli = await cliDatabase('audit');
});
after(async () => {
  await cli.dispose();
});

describe('ayni accounts, credentials and audit commands', () => {
  test('accounts create reads the password from stdin; policy failures are one line, exit 1', async () => {
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
        '--password-stdin',
      ],
      'correct horse battery\n',
    );
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, 'account ana.quispe created with roles bono_officer, auditor');
    const weak = await ayni(
      ['accounts', 'create', '--username', 'luis.choque', '--roles', 'bono_officer', '--password-stdin'],
      'short\n',
    );
    assert.equal(weak.code, 1);
    assert.equal(weak.err, 'ayni: The password must have at least 12 characters.');
    const noStdin = await ayni([
      'accounts',
      'create',
      '--username',
      'luis.choque',
      '--roles',
      'bono_officer',
    ]);
    assert.equal(noStdin.code, 1);
    assert.match(noStdin.err, /not a terminal: pipe the password in and add --password-stdin/);
  });

  test('accounts roles, disable and list', async () => {
    const roles = await ayni([
      'accounts',
      'roles',
      'ana.quispe',
      '--add',
      'bono_approver',
      '--remove',
      'bono_officer',
    ]);
    assert.equal(roles.out, 'ana.quispe: bono_approver, auditor');
    const bank = await ayni(['accounts', 'roles', 'ana.quispe', '--set', 'bank']);
    assert.equal(bank.code, 1);
    assert.match(bank.err, /The role bank is for system credentials/);
    assert.equal((await ayni(['accounts', 'disable', 'ana.quispe'])).out, 'account ana.quispe is disabled');
    const list = await ayni(['accounts', 'list']);
    assert.match(
      list.out,
      /^ana\.quispe\s+DISABLED\s+last sign-in —\s+bono_approver,auditor {2}\(Ana Quispe\)$/,
    );
  });

  test('credentials create prints the token once on stdout; revoke', async () => {
    const c = await ayni([
      'credentials',
      'create',
      '--org',
      'BUNIBOLX',
      '--roles',
      'bank',
      '--description',
      'Banco Unión',
    ]);
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /^ak_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    assert.match(c.err, /shown only this once/);
    const id = c.out.split('.')[0]!;
    const list = await ayni(['credentials', 'list']);
    assert.ok(
      list.out.includes(id) && !list.out.includes(c.out.split('.')[1]!),
      'the list never shows the secret',
    );
    assert.equal((await ayni(['credentials', 'revoke', id])).out, `credential ${id} of BUNIBOLX revoked`);
  });

  test('audit show and verify; verify catches a tampered entry and exits 1', async () => {
    const show = await ayni(['audit', 'show', '--last', '3']);
    const lines = show.out.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[2]!, /^#\d+ {2}\S+Z {2}cli:\S+ {2}credential\.revoked {2}api_credential ak_/);

    const ok = await ayni(['audit', 'verify']);
    assert.equal(ok.code, 0, ok.err);
    const m = /^audit trail OK: (\d+) entries, head (\d+):([0-9a-f]{64})$/m.exec(ok.out);
    assert.ok(m, ok.out);
    assert.equal(m[1], m[2]);
    const anchor = `${m[2]}:${m[3]}`;
    assert.equal((await ayni(['audit', 'verify', '--anchor', anchor])).code, 0);

    const db = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
    try {
      await db.exec(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only;
        UPDATE audit_entry SET after = jsonb_set(after, '{roles}', '["administrator"]') WHERE seq = 2;
        ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only;`);
    } finally {
      await db.close();
    }
    const broken = await ayni(['audit', 'verify']);
    assert.equal(broken.code, 1);
    assert.match(
      broken.err,
      /^ayni: audit trail BROKEN \(altered\) — entry 2 \(account\.roles_changed on account ana\.quispe by cli:\S+ at \S+\) was altered: its content no longer matches its hash\. 1 entries before it verified\.$/,
    );
    assert.equal((await ayni(['audit', 'verify', '--anchor', 'nonsense'])).code, 1);
  });
});
