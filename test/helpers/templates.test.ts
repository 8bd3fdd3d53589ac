import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { seedCountryWithRound } from './country.ts';
import { contentsOf, createTestDatabase, type TestDatabase, testRun } from './database.ts';

/**
 * The run's template databases (test/helpers/database.ts): a seeded country copied from a template
 * holds the same rows as one imported by the test itself, with the same round, and the same files
 * in the test's folder; a database a test has written to is seeded by importing, not replaced.
 */
const PEOPLE = 150;
const SEED = 3;
const opened: TestDatabase[] = [];

after(async () => {
  for (const t of opened) await t.dispose();
});

async function fresh(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  opened.push(t);
  return t;
}

describe('seeded countries copied from the run’s templates', () => {
  it('hold what an import of the same country holds, with its round and files', async (c) => {
    if (!testRun) return c.skip('no templates outside `npm test` (scripts/run-tests.ts)');
    const copied = await fresh();
    const copiedRound = await seedCountryWithRound(copied.db, copied.dir, PEOPLE, SEED);

    // A table of the test's own, written before the seed, keeps the template away: this one imports.
    const imported = await fresh();
    await imported.db.query('CREATE TABLE test_marker (x int)');
    await imported.db.query('INSERT INTO test_marker VALUES (1)');
    const importedRound = await seedCountryWithRound(imported.db, imported.dir, PEOPLE, SEED);
    await imported.db.query('DROP TABLE test_marker');

    const [persons] = await copied.db.query<{ n: string }>('SELECT count(*)::text AS n FROM person');
    assert.ok(Number(persons!.n) > 0, 'the copy has the country’s persons');
    assert.equal(await contentsOf(copied.db), await contentsOf(imported.db));
    assert.deepEqual(copiedRound, importedRound);
    for (const sub of ['country', 'rejects'])
      assert.deepEqual(
        (await readdir(path.join(copied.dir, sub))).sort(),
        (await readdir(path.join(imported.dir, sub))).sort(),
        `the files in ${sub}`,
      );
  });

  it('are a database of the test’s own: writing to one leaves another copy as it was', async (c) => {
    if (!testRun) return c.skip('no templates outside `npm test` (scripts/run-tests.ts)');
    const a = await fresh();
    const b = await fresh();
    await seedCountryWithRound(a.db, a.dir, PEOPLE, SEED);
    await seedCountryWithRound(b.db, b.dir, PEOPLE, SEED);
    assert.notEqual(a.url, b.url);
    await a.db.query('DELETE FROM bono_entitlement');
    const [left] = await b.db.query<{ n: string }>('SELECT count(*)::text AS n FROM bono_entitlement');
    assert.ok(Number(left!.n) > 0, 'the other copy keeps its entitlements');
  });
});
