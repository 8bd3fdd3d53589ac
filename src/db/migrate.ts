import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { DatabaseFailure } from './database.failures.ts';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any constant works; it only has to be the same for every ayni process. */
const MIGRATION_LOCK_KEY = 2020_1330;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Reads `migrations/NNNN_name.sql` in version order. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

/**
 * A migration found changed, thrown out of the migrations' transaction so that it rolls back, and
 * caught by `migrate`, which returns it: it never leaves this module.
 */
class MigrationRefused extends Error {
  constructor(readonly failure: DatabaseFailure) {
    super(failure.code);
  }
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that two
 * processes starting together do not race. An applied migration whose file has since changed is
 * refused (`migration_changed`), and nothing is applied: history is never edited, a new migration
 * is added instead.
 *
 * @example const applied = await migrate(db); // { ok: true, value: [ 1, 2 ] } on a new database
 */
export async function migrate(db: Database): Promise<Result<number[], DatabaseFailure>> {
  const migrations = await loadMigrations();
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = new Map(
        (
          await tx.query<{ version: number; checksum: string }>(
            'SELECT version, checksum FROM schema_migration',
          )
        ).map((r) => [r.version, r.checksum]),
      );
      for (const m of migrations) {
        const checksum = done.get(m.version);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) {
            throw new MigrationRefused({ code: 'migration_changed', version: m.version, name: m.name });
          }
          continue;
        }
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        applied.push(m.version);
      }
    });
  } catch (error) {
    if (error instanceof MigrationRefused) return fail(error.failure);
    throw error;
  }
  return ok(applied);
}
