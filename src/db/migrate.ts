import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../shared/errors.ts';
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
 * Applies pending migrations, each in its own transaction, under an advisory lock so that two
 * processes starting together do not race. An applied migration whose file has since changed is
 * an error: history is never edited, a new migration is added instead.
 *
 * @example const applied = await migrate(db); // [ 1, 2 ] on a new database
 */
export async function migrate(db: Database): Promise<number[]> {
  const migrations = await loadMigrations();
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
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
          throw new UserError(
            'migration_changed',
            `Migration ${m.version} (${m.name}) was changed after it was applied. Restore the file and add a new migration instead.`,
          );
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
  return applied;
}
