import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { describeFailure } from '../messages/index.ts';
import { loadMigrations, migrate } from './migrate.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t.dispose();
});

test('migrations are applied once and recorded with their checksum', async () => {
  const again = await migrate(t.db);
  assert.deepEqual(again, { ok: true, value: [] }, 'a second run applies nothing');
  const rows = await t.db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
  const applied = rows.map((r) => r.version);
  const files = (await loadMigrations()).map((m) => m.version);
  assert.ok(applied.length >= 2);
  assert.deepEqual(applied, files, 'every migration file is applied, in order');
});

test('a migration edited after it was applied is refused', async () => {
  await t.db.query(`UPDATE schema_migration SET checksum = repeat('0', 64) WHERE version = 1`);
  const [first] = await loadMigrations();
  const refused = await migrate(t.db);
  assert.deepEqual(refused, {
    ok: false,
    error: { code: 'migration_changed', version: 1, name: first!.name },
  });
  assert.equal(
    !refused.ok && describeFailure(refused.error, 'en').detail,
    `Migration 1 (${first!.name}) was changed after it was applied. Restore the file and add a new migration instead.`,
  );
});

test('values look the same on both back ends: bigint, date, numeric', async () => {
  const [row] = await t.db.query<{ big: bigint; d: string; num: string }>(
    `SELECT 9007199254740993::bigint AS big, '2020-09-16'::date AS d, 1.40::numeric(5,2) AS num`,
  );
  assert.deepEqual(row, { big: 9007199254740993n, d: '2020-09-16', num: '1.40' });
});

test('a transaction that throws leaves nothing behind', async () => {
  await t.db.exec('CREATE TABLE tx_probe (x int)');
  await assert.rejects(
    t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_probe VALUES (1)');
      throw new Error('boom');
    }),
    /boom/,
  );
  const rows = await t.db.query('SELECT * FROM tx_probe');
  assert.equal(rows.length, 0);
});

test('queryEach hands every row over in order, in and out of a transaction, with the same values as query', async () => {
  const statement = `SELECT g::bigint AS n, repeat('x', g % 5) AS s FROM generate_series(1, 5000) g ORDER BY g`;
  const seen: { n: bigint; s: string }[] = [];
  await t.db.queryEach<{ n: bigint; s: string }>(statement, [], (row) => seen.push(row));
  assert.deepEqual(seen, await t.db.query(statement));
  const inside: bigint[] = [];
  await t.db.transaction(async (tx) => {
    await tx.exec('CREATE TEMP TABLE each_probe (n bigint) ON COMMIT DROP');
    await tx.queryEach<{ n: bigint }>(
      'INSERT INTO each_probe SELECT g FROM generate_series(1, $1::int) g RETURNING n',
      [3],
      (row) => inside.push(row.n),
    );
    const [count] = await tx.query<{ c: number }>('SELECT count(*)::int AS c FROM each_probe');
    assert.equal(count!.c, 3, 'the statement ran in the transaction');
  });
  assert.deepEqual(inside, [1n, 2n, 3n]);
});

test('queryEach: an error of the statement or of the row handler fails the call, and the connection is usable after', async () => {
  await assert.rejects(
    t.db.queryEach('SELECT 1 / (g - 3) FROM generate_series(1, 5) g', [], () => {}),
    /division by zero/,
  );
  let handed = 0;
  await assert.rejects(
    t.db.queryEach('SELECT g FROM generate_series(1, 100) g', [], () => {
      handed++;
      if (handed === 10) throw new Error('the handler gave up');
    }),
    /the handler gave up/,
  );
  assert.equal(handed, 10, 'no row is handed over after the handler failed');
  const [row] = await t.db.query<{ one: number }>('SELECT 1 AS one');
  assert.equal(row!.one, 1);
});
