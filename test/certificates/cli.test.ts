import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import { cliActor } from '../../src/audit/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { syncGeography } from '../../src/registry/geography/geography.ts';
import { recordDose } from '../../src/vaccination/index.ts';
import { ayni, type CliDatabase, cliDatabase } from '../helpers/cli.ts';
import { seedCountry } from '../helpers/country.ts';
import { okValue } from '../helpers/result.ts';
import {
  ACTOR,
  keyOf,
  persons,
  site,
  stockedLot,
  stockLocations,
  type TestPerson,
} from '../vaccination/fixture.ts';

/**
 * `ayni certificates …`: issuing needs a signed-in officer with certificates.issue (refused
 * without, and to a role without it); issue is idempotent; the trust list is written and verifies;
 * `verify` says each step and exits 1 at the step a changed certificate fails; revoking needs
 * certificates.manage, is audited as the officer, and the revoked certificate then fails at
 * revocation.
 */

const PASSWORD = 'certificates cli password';
let cli: CliDatabase;
let person: TestPerson;

async function inDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  assert.ok(opened.ok);
  try {
    return await fn(opened.value);
  } finally {
    await opened.value.close();
  }
}

const signedIn = (username: string, args: string[]) =>
  ayni([...args, '--officer', username, '--password-stdin'], { stdin: `${PASSWORD}\n` });

before(async () => {
  cli = await cliDatabase('certificates');
  delete process.env.AYNI_CLOCK;
  delete process.env.AYNI_CREDENTIAL;
  await inDb(async (db) => {
    await syncGeography(db);
    await seedCountry(db, cli.dataDir, 200);
    await stockLocations(db);
    await site(db, { code: 'lp-cert-cli' });
    const lot = await stockedLot(db, {
      product: 'sinopharm',
      lotNumber: 'SP-CLI',
      expiresOn: '2030-12-31',
      doses: 5n,
      siteCode: 'lp-cert-cli',
    });
    [person] = (await persons(db, { bornBefore: '1955-01-01', limit: 1 })) as [TestPerson];
    okValue(
      await recordDose(db, {
        person: keyOf(person),
        product: 'sinopharm',
        lotId: lot.id,
        site: 'lp-cert-cli',
        givenOn: '2021-06-01',
        doseNumber: 1,
        idempotencyKey: 'cert-cli-1',
        actor: ACTOR,
        recordedAt: new Date('2021-06-01T15:00:00Z'),
      }),
    );
    for (const [username, roles] of [
      ['vero.vacunadora', ['vaccinator']],
      ['sara.sedes', ['sedes_officer']],
      ['ana.auditora', ['auditor']],
    ] as const)
      okValue(
        await createAccount(db, {
          username,
          displayName: username,
          roles: [...roles],
          password: PASSWORD,
          actor: cliActor('root'),
          now: new Date(),
        }),
      );
  });
});

after(async () => {
  await cli?.dispose();
});

test('issue, trust list, verify step by step, revoke', async () => {
  const who = ['--ci', person.ciNumber, '--complemento', person.complemento, '--dob', person.dateOfBirth];
  const anonymous = await ayni(['certificates', 'issue', ...who]);
  assert.equal(anonymous.code, 1);
  assert.match(anonymous.err, /signed-in officer holding certificates\.issue/);
  const auditor = await signedIn('ana.auditora', ['certificates', 'issue', ...who]);
  assert.equal(auditor.code, 1);
  assert.match(auditor.err, /certificates\.issue/);

  const issued = await signedIn('vero.vacunadora', ['certificates', 'issue', ...who]);
  assert.equal(issued.code, 0, issued.err);
  const [line, hc1] = issued.out.split('\n');
  const id = /^certificate (\d+): dose 1, URN:UVCI:01:BO:/.exec(line!)?.[1];
  assert.ok(id, line);
  assert.match(hc1!, /^HC1:/);
  const again = await signedIn('vero.vacunadora', ['certificates', 'issue', ...who]);
  assert.equal(again.out.split('\n')[1], hc1, 'the same certificate again');
  assert.match(again.err, /issued before/);

  const list = path.join(cli.dataDir, 'trust-list.json');
  const written = await ayni(['certificates', 'trust-list', '--out', list]);
  assert.equal(written.code, 0, written.err);
  assert.match(written.err, /CSCA fingerprint \(SHA-256\) ([0-9A-F]{2}:){31}[0-9A-F]{2}/);

  const file = path.join(cli.dataDir, 'qr.txt');
  await writeFile(file, `${hc1}\n`);
  const valid = await ayni(['certificates', 'verify', file]);
  assert.equal(valid.code, 0, valid.err);
  assert.equal(valid.out.split('\n').filter((l) => l.startsWith('ok ')).length, 10);
  assert.match(valid.out, /^valid: .* dose 1\/2 on 2021-06-01/m);

  const changed = `${hc1!.slice(0, 200)}${hc1![200] === 'A' ? 'B' : 'A'}${hc1!.slice(201)}`;
  const refused = await ayni(['certificates', 'verify', changed]);
  assert.equal(refused.code, 1);
  assert.equal(refused.out.split('\n').filter((l) => l.startsWith('FAIL')).length, 1);
  assert.match(refused.out, /^-- {3}revocation list$/m);

  const notAllowed = await signedIn('vero.vacunadora', [
    'certificates',
    'revoke',
    id,
    '--reason',
    'issued_in_error',
  ]);
  assert.equal(notAllowed.code, 1);
  const revoked = await signedIn('sara.sedes', ['certificates', 'revoke', id, '--reason', 'issued_in_error']);
  assert.equal(revoked.code, 0, revoked.err);
  assert.match(revoked.out, /revoked .* \(issued_in_error\)/);
  const audit = await inDb((db) =>
    db.query<{ actor: string }>(
      `SELECT actor FROM audit_entry WHERE action = 'certificate.revoked' AND entity_id = $1`,
      [id],
    ),
  );
  assert.deepEqual(
    audit.map((a) => a.actor),
    ['account:sara.sedes'],
  );
  const afterRevocation = await ayni(['certificates', 'verify', hc1!]);
  assert.equal(afterRevocation.code, 1);
  assert.match(afterRevocation.out, /^FAIL revocation list$/m);
});
