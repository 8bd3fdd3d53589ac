import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { type Database, identity, parseInt8, type Sql, TYPE_OIDS } from './database.ts';

const typeParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.date]: identity,
  [TYPE_OIDS.numeric]: identity,
};

const types = {
  getTypeParser(oid: number, format?: string) {
    return typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text');
  },
};

type Client = pg.PoolClient | pg.Pool;

/**
 * Query texts their callers declared safe to prepare, each with its statement name. A prepared
 * statement is parsed and planned once per connection instead of on every call: for a lookup by
 * key that is most of PostgreSQL's work (0.5 ms of planning against 0.1 ms of execution for the
 * bono's standing query). Only texts declared with `prepared` are prepared, never every text,
 * because a statement over a temporary table that is dropped and recreated with other columns
 * (the registry importer's stage table) fails with "cached plan must not change result type".
 * Bounded: beyond `MAX_PREPARED` texts, further ones run unprepared.
 */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 200;

/**
 * Declares a fixed query text (no values spliced in, no temporary tables) as worth preparing on
 * PostgreSQL; returns the text unchanged, so PGlite and every other caller are unaffected.
 *
 * @example const BY_ID = prepared('SELECT * FROM bono_round WHERE id = $1'); await db.query(BY_ID, [id]);
 */
export function prepared(text: string): string {
  if (!preparedNames.has(text) && preparedNames.size < MAX_PREPARED)
    preparedNames.set(text, `ayni_${preparedNames.size + 1}`);
  return text;
}

function sqlOver(
  client: Client,
  borrow: () => Promise<pg.PoolClient>,
  release: (c: pg.PoolClient) => void,
): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const name = preparedNames.get(text);
      const result = await client.query(
        name === undefined
          ? { text, values: params as unknown[], types }
          : { name, text, values: params as unknown[], types },
      );
      return result.rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
    async copyFrom(copySql: string, chunks: AsyncIterable<Buffer>) {
      const c = await borrow();
      try {
        await pipeline(Readable.from(chunks), c.query(copyFromStdin(copySql)));
      } finally {
        release(c);
      }
    },
  };
}

/**
 * Connects to a PostgreSQL server. The pool is small: ayni's heavy work is set-based SQL that runs
 * inside the server, so a few connections suffice.
 *
 * @example const db = await openPostgres('postgres://postgres@127.0.0.1:5432/ayni');
 */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // Fail at start-up, not on the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    backend: 'postgres',
    ...sqlOver(
      pool,
      () => pool.connect(),
      (c) => c.release(),
    ),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Inside a transaction every statement, COPY included, must go through the same client.
        const result = await fn(
          sqlOver(
            client,
            async () => client,
            () => {},
          ),
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
