import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeFailure } from '../../src/messages/index.ts';
import { personImportSpec, type RegistryFailure, runImport } from '../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';
const ASOF = '2021-03-01';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

async function importResult(name: string, text: string | Buffer) {
  const file = path.join(t.dir, name);
  await writeFile(file, text);
  return runImport(t.db, personImportSpec(ASOF), {
    filePath: file,
    actor: 'test',
    asOf: ASOF,
    rejectsDir: t.dir,
  });
}

async function importText(name: string, text: string | Buffer) {
  return okValue(await importResult(name, text), `the import of ${name}`);
}

/** The failure of an import expected to be refused. */
async function refusal(name: string, text: string | Buffer): Promise<RegistryFailure> {
  const r = await importResult(name, text);
  assert.ok(!r.ok, `the import of ${name} is refused`);
  return r.error;
}

/** A failure's words as the CLI prints them. */
const english = (f: RegistryFailure) => describeFailure(f, 'en').detail;

async function rejectsOf(p: string | null): Promise<string[][]> {
  if (!p) return [];
  const lines = (await readFile(p, 'utf8')).trim().split('\n').slice(1);
  return lines.map((l) => {
    const m = /^(\d+),("(?:[^"]|"")*"|[^,]*),/.exec(l);
    return [m![1]!, m![2]!.replace(/^"|"$/g, '').replace(/""/g, '"')];
  });
}

describe('persons import', () => {
  test('initial load: counts add up, bad rows rejected with line and reason', async () => {
    const text = [
      HEADER,
      '4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,', // 2 ok
      '4567890,1A,lp,Juan Carlos,Mamani,,1975-01-31,m,20101,BO,', // 3 ok: same CI, complemento, muni w/o zero
      '123,,LP,Ana,Flores,Choque,1990-01-01,F,020101,BO,', // 4 CI too short
      '7654321,,LP,Ana,Flores,Choque,1990-02-30,F,020101,BO,', // 5 impossible date
      '7654322,,XX,Ana,Flores,Choque,1990-02-03,F,020101,BO,', // 6 bad expedition
      '7654323,,SC,Ana,Flores,Choque,1990-02-03,X,070101,BO,', // 7 bad sex
      '7654324,,SC,Ana,Flores,Choque,1990-02-03,F,999999,BO,', // 8 bad municipality
      '7654325,,SC,Ana,Flores,Choque,1990-02-03,F,070101,BO', // 9 missing field
      '4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,', // 10 duplicate of line 2
      '', // blank, ignored
      '7654326,,BE,"Rosa María",Cruz,Apaza,1960-07-07,F,080101,AR,2020-12-01', // 12 ok, quoted, alias BE
      '7654327,,SC,Pedr0,Vargas,Rojas,1985-03-03,M,070101,BO,', // 13 digit in name
      '7654328,,SC,"Rosa, María",Vargas,Rojas,1985-03-03,F,070101,BO,', // 14 comma in a name
      '7654329,,SC,"Rosa,Vargas,Rojas,1985-03-03,F,070101,BO,', // 15 unterminated quote
    ].join('\n');
    const s = await importText('persons.csv', `${text}\n`);
    assert.equal(s.status, 'completed');
    assert.equal(s.rowsRead, 13);
    assert.equal(s.rowsAccepted, 3);
    assert.equal(s.rowsRejected, 10);
    assert.equal(s.rowsRead, s.rowsAccepted + s.rowsRejected);
    assert.equal(s.blankLines, 1);
    assert.equal(s.loadMode, 'staged', 'a duplicate key forces the staged path');
    const rejects = await rejectsOf(s.rejectsPath);
    // Rows refused while reading come first, in file order; then those the merge refused.
    assert.deepEqual(
      rejects.map((r) => Number(r[0])),
      [4, 5, 6, 7, 8, 9, 13, 14, 15, 10],
    );
    const reasons = new Map(rejects.map((r) => [Number(r[0]), r[1]]));
    assert.match(reasons.get(4)!, /4 to 10 digits/);
    assert.match(reasons.get(5)!, /not a valid date/);
    assert.match(reasons.get(10)!, /same ci_number, complemento and date_of_birth as line 2/);
    assert.match(reasons.get(9)!, /has 10 fields, expected 11/);
    assert.match(reasons.get(14)!, /not letters/);
    assert.match(reasons.get(15)!, /malformed quotes/);
    const dupLine = (await readFile(s.rejectsPath!, 'utf8')).split('\n').find((l) => l.startsWith('10,'));
    assert.match(dupLine!, /"4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,"$/);
    const rows = await t.db.query<{
      ci_number: string;
      complemento: string;
      expedition: string;
      given_names: string;
      department_code: number;
    }>('SELECT ci_number, complemento, expedition, given_names, department_code FROM person ORDER BY id');
    assert.deepEqual(
      rows.map((r) => [r.ci_number, r.complemento, r.expedition, r.given_names, r.department_code]),
      [
        ['4567890', '', 'LP', 'Juana', 2],
        ['4567890', '1A', 'LP', 'Juan Carlos', 2],
        ['7654326', '', 'BN', 'Rosa María', 8],
      ],
    );
    const [run] = await t.db.query<{ rows_read: bigint; rows_rejected: bigint; status: string }>(
      'SELECT rows_read, rows_rejected, status FROM import_run WHERE id = $1',
      [s.importId],
    );
    assert.deepEqual(run, { rows_read: 13n, rows_rejected: 10n, status: 'completed' });
  });

  test('the same file again changes nothing', async () => {
    const text = `${HEADER}\n4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,\n4567890,1A,lp,Juan Carlos,Mamani,,1975-01-31,m,20101,BO,\n123,,LP,Ana,Flores,Choque,1990-01-01,F,020101,BO,\n4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020101,BO,\n7654321,,LP,Ana,Flores,Choque,1990-02-30,F,020101,BO,\n7654322,,XX,Ana,Flores,Choque,1990-02-03,F,020101,BO,\n7654323,,SC,Ana,Flores,Choque,1990-02-03,X,070101,BO,\n7654324,,SC,Ana,Flores,Choque,1990-02-03,F,999999,BO,\n7654325,,SC,Ana,Flores,Choque,1990-02-03,F,070101,BO\n`;
    const first = await importText('again.csv', text);
    assert.equal(first.status, 'completed');
    assert.equal(first.rowsInserted, 0, 'every valid row is already in the registry');
    assert.equal(first.rowsUnchanged, 2);
    const before = await t.db.query('SELECT count(*)::int AS n FROM person');
    const second = await importText('again-renamed.csv', text);
    assert.equal(second.status, 'already_imported');
    assert.equal(second.importId, first.importId);
    assert.deepEqual(await t.db.query('SELECT count(*)::int AS n FROM person'), before);
  });

  test('an update file changes persons and keeps history', async () => {
    const s = await importText(
      'update.csv',
      `${HEADER}\n4567890,,LP,Juana,Mamani,Quispe,1980-05-01,F,020105,BO,2021-01-15\n8000001,,OR,Nuevo,Choque,Condori,2001-01-01,M,040101,BO,\n`,
    );
    assert.equal(s.rowsUpdated, 1);
    assert.equal(s.rowsInserted, 1);
    assert.equal(s.rowsUnchanged, 0);
    const [h] = await t.db.query<{
      old_values: Record<string, unknown>;
      new_values: Record<string, unknown>;
      import_id: bigint;
    }>(
      `SELECT h.old_values, h.new_values, h.import_id FROM person_history h JOIN person p ON p.id = h.person_id
       WHERE p.ci_number = '4567890' AND p.complemento = ''`,
    );
    assert.equal(h!.import_id, s.importId);
    assert.equal(h!.old_values.municipality_code, '020101');
    assert.equal(h!.new_values.municipality_code, '020105');
    assert.equal(h!.old_values.date_of_death, null);
    assert.equal(h!.new_values.date_of_death, '2021-01-15');
  });

  test('header mismatch fails the whole import with a message and records the failure', async () => {
    const f = await refusal('bad-header.csv', 'ci,complemento\n1,2\n');
    assert.equal(f.code, 'import_header_mismatch');
    assert.match(english(f), /header does not match a persons file \(missing: .*ci_number/);
    const [run] = await t.db.query<{ status: string }>(
      `SELECT status FROM import_run WHERE file_name = 'bad-header.csv'`,
    );
    assert.equal(run!.status, 'failed');
  });

  test('Latin-1 files are detected and converted; BOM is stripped', async () => {
    const latin1 = Buffer.from(
      `${HEADER}\n9100001,,LP,Begoña,Núñez,Peñaranda,1970-01-01,F,020101,BO,\n`,
      'latin1',
    );
    const s = await importText('latin1.csv', latin1);
    assert.match(s.encoding, /Latin-1/);
    assert.equal(s.rowsAccepted, 1);
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${HEADER}\n9100002,,LP,José,Núñez,,1971-01-01,M,020101,BO,\n`, 'utf8'),
    ]);
    const b = await importText('bom.csv', bom);
    assert.equal(b.rowsAccepted, 1);
    const names = await t.db.query<{ given_names: string; first_surname: string }>(
      `SELECT given_names, first_surname FROM person WHERE ci_number IN ('9100001', '9100002') ORDER BY ci_number`,
    );
    assert.deepEqual(names, [
      { given_names: 'Begoña', first_surname: 'Núñez' },
      { given_names: 'José', first_surname: 'Núñez' },
    ]);
  });

  test('a Latin-1 line inside a UTF-8 file is rejected on its own', async () => {
    const s = await importText(
      'mixed.csv',
      Buffer.concat([
        Buffer.from(`${HEADER}\n9200001,,LP,José,Núñez,,1971-01-01,M,020101,BO,\n`, 'utf8'),
        Buffer.from('9200002,,LP,Begoña,Núñez,,1971-01-01,F,020101,BO,\n', 'latin1'),
      ]),
    );
    assert.equal(s.rowsAccepted, 1);
    assert.equal(s.rowsRejected, 1);
    const r = await rejectsOf(s.rejectsPath);
    assert.equal(r[0]![0], '3');
    assert.match(r[0]![1]!, /not valid UTF-8/);
  });

  test('UTF-16 is refused with advice', async () => {
    const f = await refusal('utf16.csv', Buffer.from([0xff, 0xfe, 0x41, 0x00]));
    assert.deepEqual(f, { code: 'file_utf16', fileName: 'utf16.csv' });
    assert.match(english(f), /UTF-16\. Save it as UTF-8/);
  });

  test('a huge or garbled header is reported capped and printable, with what was expected', async () => {
    // One name of 1 MB, then 500 more: the message lists the first 10, each cut to 60 characters.
    const names = ['x'.repeat(1024 * 1024), ...Array.from({ length: 500 }, (_, i) => `columna${i}`)];
    const checkShort = (f: RegistryFailure) => {
      assert.ok(f.code === 'import_header_mismatch', f.code);
      for (const lang of ['en', 'es'] as const) {
        const message = describeFailure(f, lang).detail;
        assert.ok(message.length < 2000, `a message of ${message.length} characters`);
        assert.doesNotMatch(message, /x{60}/, 'no name longer than 60 characters, the “…” included');
        assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f]/, 'no control characters');
        assert.match(message, /ci_number,complemento,expedition/, 'the expected header is spelled out');
      }
      assert.ok(f.found.length <= 10, `${f.found.length} names listed`);
      for (const n of f.found) assert.ok([...n].length <= 60, `a name of ${[...n].length} characters`);
      assert.ok(f.foundCount >= f.found.length);
      return f;
    };
    const huge = checkShort(await refusal('huge-header.csv', `${names.join(',')}\n1,2\n`));
    assert.equal(huge.foundCount, 501);
    assert.match(english(huge), /491 more/);
    const [run] = await t.db.query<{ error: string }>(
      `SELECT error FROM import_run WHERE file_name = 'huge-header.csv'`,
    );
    assert.ok(run!.error.length < 2000, 'the recorded failure is as short');

    // Garbage bytes: control characters and invalid UTF-8 never reach the message as they are.
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    for (let i = 500; i < garbage.length; i += 500) garbage[i] = 0x2c; // commas: many "names"
    for (let i = 0; i < garbage.length; i++) if (garbage[i] === 0x0a) garbage[i] = 0x20;
    checkShort(await refusal('basura.csv', Buffer.concat([garbage, Buffer.from('\n')])));
  });

  test('errors name the file by its own name, never by its path on the server', async () => {
    const empty = await refusal('vacio.csv', '');
    assert.deepEqual(empty, { code: 'import_empty_file', fileName: 'vacio.csv' });
    const utf16 = await refusal('utf16b.csv', Buffer.from([0xff, 0xfe, 0x41, 0x00]));
    for (const [f, name] of [
      [empty, /vacio\.csv/],
      [utf16, /utf16b\.csv/],
    ] as const) {
      for (const lang of ['en', 'es'] as const) {
        const message = describeFailure(f, lang).detail;
        assert.match(message, name);
        assert.ok(!message.includes(t.dir), message);
      }
    }
  });
});
