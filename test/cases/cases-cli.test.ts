import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readPublicCase } from '../../src/cases/index.ts';
import { openDatabase } from '../../src/db/open.ts';
import { asOfficer, ayni, type CliDatabase, cliDatabase, cliOfficers } from '../helpers/cli.ts';

/**
 * `ayni cases …` run by signed-in officers: an investigator opens an investigation, adds a
 * protected witness and a file, and `ayni cases custody verify` prints OK; after a byte of a
 * custody entry is changed in the database it exits 1 naming the item and the entry. An officer
 * without the case roles is refused; one with them but not on the team finds nothing. `ayni cases
 * publish` appends the public version to the database, the protected witness by code only, and a
 * stored version changed behind the domain's back is not served.
 */

const PASSWORD = 'cuatro palabras bastante largas';
let cli: CliDatabase;
let tokens: Record<string, string>;

before(async () => {
  cli = await cliDatabase('cases');
  delete process.env.AYNI_CREDENTIAL;
  tokens = await cliOfficers(PASSWORD, {
    admin: ['administrator'],
    ana: ['case_investigator'],
    bruno: ['case_analyst'],
    carla: ['bono_officer'],
  });
});
after(() => cli.dispose());

test('create, add a protected witness and evidence, verify custody; a changed byte is named', async () => {
  const ana = (args: string[]) => ayni(['cases', ...args], asOfficer(tokens.ana!));
  const created = await ana([
    'create',
    'CLI-2019',
    '--title',
    'Investigación de prueba',
    '--opened-on',
    '2021-01-04',
  ]);
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /investigation CLI-2019 opened/);
  const witness = await ana([
    'person',
    'add',
    'CLI-2019',
    '--name',
    'Testigo Sintético',
    '--role',
    'witness',
    '--protected',
  ]);
  assert.equal(witness.code, 0, witness.err);
  assert.match(witness.out, /as T-0001 \(protected\)/);
  const file = path.join(cli.dataDir, 'acta.txt');
  await writeFile(file, 'ACTA SINTETICA\n');
  const added = await ana([
    'evidence',
    'add',
    'CLI-2019',
    file,
    '--kind',
    'document',
    '--media-type',
    'text/plain',
    '--collected-by',
    'Ana',
    '--collected-at',
    '2021-01-05T10:00:00Z',
    '--place',
    'Sacaba',
    '--method',
    'entregada por un testigo',
  ]);
  assert.equal(added.code, 0, added.err);
  const itemId = /^item (\d+) /.exec(added.out)![1]!;
  const listed = await ana(['list']);
  assert.match(listed.out, /CLI-2019 {2}2021-01-04 {2}investigator/);

  const ok = await ana(['custody', 'verify', 'CLI-2019', itemId]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, new RegExp(`item ${itemId}: custody OK, 1 entries`));

  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  assert.ok(opened.ok);
  const db = opened.value;
  try {
    await db.exec(`ALTER TABLE case_custody_entry DISABLE TRIGGER USER;
      UPDATE case_custody_entry SET actor = 'account:otro' WHERE item_id = ${itemId} AND seq = 1;
      ALTER TABLE case_custody_entry ENABLE TRIGGER USER;`);
  } finally {
    await db.close();
  }
  const broken = await ana(['custody', 'verify', 'CLI-2019']);
  assert.equal(broken.code, 1);
  assert.match(broken.err, new RegExp(`item ${itemId} breaks at entry 1: entry 1 .* was altered`));
});

test('without a case role the command is refused; with one but off the team the investigation is not found', async () => {
  const carla = await ayni(['cases', 'custody', 'verify', 'CLI-2019'], asOfficer(tokens.carla!));
  assert.equal(carla.code, 1);
  assert.match(carla.err, /cases\.read/);
  const bruno = await ayni(['cases', 'custody', 'verify', 'CLI-2019'], asOfficer(tokens.bruno!));
  assert.equal(bruno.code, 1);
  assert.match(bruno.err, /There is no investigation CLI-2019 whose team you are on/);
});

test('`ayni cases publish` appends a version to the database, by code only; a changed row is not served', async () => {
  const carla = await ayni(['cases', 'publish', 'CLI-2019'], asOfficer(tokens.carla!));
  assert.equal(carla.code, 1);
  assert.match(carla.err, /cases\.manage/);
  const ana = (args: string[]) => ayni(['cases', ...args], asOfficer(tokens.ana!));
  const first = await ana(['publish', 'CLI-2019']);
  assert.equal(first.code, 0, first.err);
  // the witness by code only; the item added above is restricted (evidence is, unless said otherwise)
  assert.match(
    first.out,
    /CLI-2019 version 1 published: 0 event\(s\), 1 person\(s\) \(0 named\), 0 item\(s\)/,
  );
  assert.match(first.out, /content SHA-256 [0-9a-f]{64}/);
  const second = await ana(['publish', 'CLI-2019']);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /CLI-2019 version 2 published/);

  const opened = await openDatabase({ databaseUrl: cli.databaseUrl, dataDir: cli.dataDir });
  assert.ok(opened.ok);
  const db = opened.value;
  try {
    const shown = await readPublicCase(db, 'CLI-2019');
    assert.equal(shown?.version, 2);
    assert.deepEqual(shown?.persons, [{ code: 'T-0001', roles: ['witness'], name: null }]);
    assert.ok(!JSON.stringify(shown).includes('Testigo Sintético'));
    await db.exec(`ALTER TABLE case_public_version DISABLE TRIGGER USER;
      UPDATE case_public_version SET content = jsonb_set(content, '{title}', '"otro"') WHERE version = 2;
      ALTER TABLE case_public_version ENABLE TRIGGER USER;`);
    assert.equal(await readPublicCase(db, 'CLI-2019'), null, 'a content that no longer matches its hash');
  } finally {
    await db.close();
  }
});
