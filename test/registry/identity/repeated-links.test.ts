// One person is one member of a list, also through identity resolution (issue #23): a row linked
// by score to a person another line names exactly, or whom an earlier line's score linked, is
// rejected with the first line's number; the counts still add up.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { seededRandom } from '../../../src/registry/identity/model.ts';
import { personImportSpec, runImport, sourceImportSpec } from '../../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { okValue } from '../../helpers/result.ts';

const ASOF = '2021-03-01';
const HEADER =
  'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death';

let t: TestDatabase;
const persons: Array<{ ci: string; dob: string }> = [];

before(async () => {
  t = await createTestDatabase();
  const random = seededRandom(9);
  const lines = [HEADER];
  while (persons.length < 3_000) {
    const ci = String(2_000_000 + Math.floor(random() * 7_000_000));
    // CI numbers whose 2nd–5th digits all differ, so each transposition below changes the number
    if (new Set(ci.slice(1, 5)).size < 4) continue;
    const dob = `${1940 + Math.floor(random() * 60)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(13 + Math.floor(random() * 15)).padStart(2, '0')}`;
    persons.push({ ci, dob });
    lines.push(`${ci},,LP,Ana,Quispe,Mamani,${dob},F,020101,BO,`);
  }
  const file = path.join(t.dir, 'persons.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  okValue(
    await runImport(t.db, personImportSpec(ASOF), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
});

after(async () => {
  await t.dispose();
});

const swap = (ci: string, at: number) => `${ci.slice(0, at)}${ci[at + 1]}${ci[at]}${ci.slice(at + 2)}`;

test('a row linked by score to a person already named is rejected with the first line; counts add up', async () => {
  const [a, b] = persons as [{ ci: string; dob: string }, { ci: string; dob: string }];
  const rows = ['ci_number,complemento,date_of_birth'];
  // a bulk of clean rows, so the model learns from a list that looks like one
  for (let i = 10; i < 200; i++) rows.push(`${persons[i]?.ci},,${persons[i]?.dob}`);
  // and typos of others, as real lists carry, so the model learns what a typo looks like
  for (let i = 200; i < 260; i++)
    rows.push(`${swap(persons[i]?.ci as string, 1 + (i % 3))},,${persons[i]?.dob}`);
  const exactA = rows.push(`${a.ci},,${a.dob}`); // line numbers: the header is line 1
  const typoA = rows.push(`${swap(a.ci, 2)},,${a.dob}`);
  const firstB = rows.push(`${swap(b.ci, 1)},,${b.dob}`);
  const secondB = rows.push(`${swap(b.ci, 3)},,${b.dob}`);
  const file = path.join(t.dir, 'bono-universal.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  const s = okValue(
    await runImport(t.db, okValue(sourceImportSpec('bono-universal', ASOF)), {
      filePath: file,
      actor: 'test',
      asOf: ASOF,
      rejectsDir: t.dir,
    }),
  );
  assert.equal(s.rowsRead, s.rowsAccepted + s.rowsQueued + s.rowsRejected);
  assert.ok(s.rowsLinkedByScore >= 40, JSON.stringify({ ...s, importId: String(s.importId) }));
  const rejects = await readFile(s.rejectsPath as string, 'utf8');
  // the typo of a person named exactly on another line is not a second membership
  assert.match(rejects, new RegExp(`^${typoA},.*same person as line ${exactA} \\(linked by score\\)`, 'm'));
  // of two typos linked to one person, the later line is refused, naming the first
  assert.match(rejects, new RegExp(`^${secondB},.*same person as line ${firstB} \\(linked by score\\)`, 'm'));
  const members = await t.db.query<{ line_number: string }>(
    'SELECT line_number::text FROM source_bono_universal WHERE import_id = $1 AND line_number = ANY($2::bigint[])',
    [String(s.importId), [exactA, typoA, firstB, secondB].map(String)],
  );
  assert.deepEqual(
    members.map((m) => Number(m.line_number)).sort((x, y) => x - y),
    [exactA, firstB],
  );
  const links = await t.db.query<{ line_number: string }>(
    'SELECT line_number::text FROM identity_link WHERE import_id = $1 AND line_number = ANY($2::bigint[])',
    [String(s.importId), [typoA, firstB, secondB].map(String)],
  );
  assert.deepEqual(
    links.map((l) => Number(l.line_number)),
    [firstB],
    'the refused links are removed with their rows',
  );
});
