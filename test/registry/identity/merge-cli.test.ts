// `ayni identity …` (issue #23): registry duplicates and their maker-checker merge at the command
// line, for signed-in officers with the web's permissions — a bono officer lists the duplicates
// and proposes, cannot approve; a bono approver approves and undoes; nobody unsigned does anything.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Database } from '../../../src/db/database.ts';
import { openDatabase } from '../../../src/db/open.ts';
import { personImportSpec, runImport, syncGeography } from '../../../src/registry/index.ts';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../../helpers/cli.ts';
import { okValue } from '../../helpers/result.ts';

const ASOF = '2021-03-01';
const PASSWORD = 'correct horse battery';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';

let cli: CliDatabase;
let tokens: Record<string, string>;
const savedEnv: Record<string, string | undefined> = {};

async function inDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  assert.ok(opened.ok);
  try {
    return await fn(opened.value);
  } finally {
    await opened.value.close();
  }
}

before(async () => {
  for (const name of ['AYNI_DATA_DIR', 'DATABASE_URL', 'AYNI_CLOCK', 'AYNI_CREDENTIAL'])
    savedEnv[name] = process.env[name];
  cli = await cliDatabase('identity-merge');
  delete process.env.AYNI_CLOCK;
  delete process.env.AYNI_CREDENTIAL;
  const lines = [
    HEADER,
    '4821337,,LP,Rosa María,Quispe,Mamani,1961-03-14,F,020101,BO,',
    // the same woman registered again with two digits of her CI swapped
    '4812337,,LP,Rosa María,Quispe,Mamani,1961-03-14,F,020101,BO,',
    '5123456,,LP,Juan,Choque,Condori,1975-07-02,M,020101,BO,',
    '6234567,,CB,Elena,Flores,Vargas,1980-11-23,F,030101,BO,',
    '7345678,,SC,Pedro,Rojas,Apaza,1990-01-30,M,070101,BO,',
  ];
  const file = path.join(cli.dataDir, 'persons.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  await inDb(async (db) => {
    await syncGeography(db);
    okValue(
      await runImport(db, personImportSpec(ASOF), {
        filePath: file,
        actor: 'test',
        asOf: ASOF,
        rejectsDir: cli.dataDir,
      }),
    );
  });
  tokens = await cliOfficers(PASSWORD, {
    admin: ['administrator'],
    'ana.oficial': ['bono_officer'],
    'eva.aprobadora': ['bono_approver'],
  });
});

after(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cli.dispose();
});

test('ayni identity: propose by an officer, approve and undo by an approver, each with its permission', async () => {
  const ids = await inDb((db) =>
    db.query<{ id: bigint; ci_number: string }>(
      `SELECT id, ci_number FROM person WHERE ci_number IN ('4821337', '4812337')`,
    ),
  );
  const keep = String(ids.find((r) => r.ci_number === '4821337')?.id);
  const retire = String(ids.find((r) => r.ci_number === '4812337')?.id);

  const anonymous = await ayni(['identity', 'merges']);
  assert.notEqual(anonymous.code, 0, 'nobody unsigned reads the merges');

  const dup = await ayni(['identity', 'duplicates'], asOfficer(tokens['ana.oficial']!));
  assert.equal(dup.code, 0, dup.err);
  assert.match(dup.out, new RegExp(`person ${keep}: Rosa María Quispe Mamani`));
  assert.match(dup.out, new RegExp(`person ${retire}: Rosa María Quispe Mamani`));
  assert.match(dup.out, /ci number transposition/);

  const notTheirs = await ayni(
    ['identity', 'propose', '--keep', keep, '--retire', retire, '--reason', 'x'],
    asOfficer(tokens['eva.aprobadora']!),
  );
  assert.notEqual(notTheirs.code, 0, 'an approver does not propose');

  const proposed = await ayni(
    ['identity', 'propose', '--keep', keep, '--retire', retire, '--reason', 'same woman, CI digits swapped'],
    asOfficer(tokens['ana.oficial']!),
  );
  assert.equal(proposed.code, 0, proposed.err);
  const mergeId = /Merge #(\d+) proposed/.exec(proposed.out)?.[1];
  assert.ok(mergeId, proposed.out);

  const own = await ayni(
    ['identity', 'approve', mergeId, '--reason', 'me'],
    asOfficer(tokens['ana.oficial']!),
  );
  assert.notEqual(own.code, 0, 'the proposer holds no approval permission');

  const approved = await ayni(
    ['identity', 'approve', mergeId, '--reason', 'checked the birth certificate'],
    asOfficer(tokens['eva.aprobadora']!),
  );
  assert.equal(approved.code, 0, approved.err);
  assert.match(
    approved.out,
    new RegExp(`Merge #${mergeId} approved: 0 registry references moved to person ${keep}`),
  );
  const shown = await ayni(['identity', 'show', mergeId], asOfficer(tokens['ana.oficial']!));
  assert.match(shown.out, /approved/);
  assert.match(shown.out, /proposed by account:ana\.oficial, decided by account:eva\.aprobadora/);
  const inModel = await inDb((db) => db.query('SELECT 1 FROM registry_person WHERE id = $1', [retire]));
  assert.equal(inModel.length, 0);

  const undone = await ayni(
    ['identity', 'unmerge', mergeId, '--reason', 'two sisters'],
    asOfficer(tokens['eva.aprobadora']!),
  );
  assert.equal(undone.code, 0, undone.err);
  assert.match(undone.out, new RegExp(`Merge #${mergeId} undone`));
  const audit = await inDb((db) =>
    db.query<{ action: string }>(
      `SELECT action FROM audit_entry WHERE entity_type = 'identity_merge' AND entity_id = $1 ORDER BY seq`,
      [mergeId],
    ),
  );
  assert.deepEqual(
    audit.map((r) => r.action),
    ['identity_merge.proposed', 'identity_merge.approved', 'identity_merge.unmerged'],
  );
});
