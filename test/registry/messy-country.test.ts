import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { personImportSpec, runImport, SOURCE_LISTS, sourceImportSpec } from '../../src/registry/index.ts';
import { generateCountry } from '../../src/synth/synth.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * End to end: a synthetic country with injected errors (typos, impossible dates, Latin-1 lines,
 * repeated lines, rows naming nobody) is imported file by file. Every injected row, and only
 * those, ends up in a rejects file; every clean row is accepted.
 */
const AS_OF = '2021-03-01';
const PEOPLE = 20_000;

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

test('a messy synthetic country: rejected rows are exactly the injected ones', async () => {
  const outDir = path.join(t.dir, 'messy');
  const report = await generateCountry({ people: PEOPLE, seed: 7, outDir, messy: true, asOf: AS_OF });
  assert.ok(report.messyRowsInjected > 0);
  const options = { actor: 'test', asOf: AS_OF, rejectsDir: path.join(t.dir, 'rejects') };
  const persons = report.files.find((f) => f.name === 'persons.csv')!;
  const p = await runImport(t.db, personImportSpec(AS_OF), { ...options, filePath: persons.path });
  assert.equal(p.rowsRead, persons.rows);
  assert.equal(p.rowsAccepted, PEOPLE, 'every clean person is accepted');
  let rejected = p.rowsRejected;
  for (const list of SOURCE_LISTS) {
    const file = report.files.find((f) => f.name === `${list.name}.csv`)!;
    const s = await runImport(t.db, sourceImportSpec(list.name, AS_OF), { ...options, filePath: file.path });
    assert.equal(s.rowsRead, file.rows, `${list.name}: every line read`);
    assert.equal(s.rowsRead, s.rowsAccepted + s.rowsRejected, `${list.name}: counts add up`);
    if (s.rejectsPath) {
      const lines = (await readFile(s.rejectsPath, 'utf8')).trim().split('\n').length - 1;
      assert.equal(lines, s.rowsRejected, `${list.name}: rejects file lists every rejected row`);
    }
    rejected += s.rowsRejected;
  }
  assert.equal(rejected, report.messyRowsInjected);
});
