import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * Transparency reads other domains' data only through what they publish: the bono's views of
 * migration 0039 and the registry's exported functions (issue #15 §1). These tests hold both
 * sides of that contract: transparency names no table of theirs, and each view says who owns it
 * and what it promises.
 */

const TRANSPARENCY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'src',
  'transparency',
);
const PUBLISHED_VIEWS = ['bono_public_paid_by_day', 'bono_public_progress', 'bono_public_rounds'];

/** Table reads in SQL text: `FROM x` or `JOIN x`, where x is a bono table or the registry's person tables. */
const FOREIGN_TABLE =
  /\b(?:FROM|JOIN)\s+(bono_(?!public_)\w+|person(?:_history)?\b|source_\w+|import_run\b)/gi;

/** The names of the foreign tables `sql` reads, in order. @example foreignTables('SELECT 1 FROM person p') // ['person'] */
function foreignTables(sql: string): string[] {
  return [...sql.matchAll(FOREIGN_TABLE)].map((m) => m[1]!);
}

test('the check finds a bono or registry table read, and lets a published view through', () => {
  assert.deepEqual(foreignTables('SELECT count(*) FROM bono_payment p JOIN person q ON q.id = p.person_id'), [
    'bono_payment',
    'person',
  ]);
  assert.deepEqual(foreignTables('SELECT * FROM bono_public_progress ORDER BY 1'), []);
});

test('src/transparency reads no bono table and no registry table, only published views and functions', async () => {
  const found: string[] = [];
  for (const name of await readdir(TRANSPARENCY)) {
    if (!name.endsWith('.ts')) continue;
    const text = await readFile(path.join(TRANSPARENCY, name), 'utf8');
    for (const table of foreignTables(text)) found.push(`${name}: ${table}`);
  }
  assert.deepEqual(found, []);
});

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

test("the bono's published views exist, each with a comment naming its owner, its reader and its promise", async () => {
  const rows = await t.db.query<{ name: string; comment: string | null }>(
    `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
     FROM pg_class c WHERE c.relkind = 'v' AND c.relname LIKE 'bono\\_public\\_%' ORDER BY 1`,
  );
  assert.deepEqual(
    rows.map((r) => r.name),
    PUBLISHED_VIEWS,
  );
  for (const r of rows) {
    assert.match(
      r.comment ?? '',
      /^Owned by the bono \(src\/bono, docs\/bono\.md\); read by src\/transparency\. Promises: /,
      r.name,
    );
  }
});

test('the views answer on an empty database: no rows of progress or days, one row of rounds with zeros', async () => {
  assert.deepEqual(await t.db.query('SELECT * FROM bono_public_progress'), []);
  assert.deepEqual(await t.db.query('SELECT * FROM bono_public_paid_by_day'), []);
  assert.deepEqual(await t.db.query('SELECT approved, expired FROM bono_public_rounds'), [
    { approved: 0, expired: 0 },
  ]);
});
