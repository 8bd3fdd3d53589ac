import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { type Database, identity, parseInt8, type Sql, TYPE_OIDS } from './database.ts';
import { preparedName } from './prepared.ts';

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

function sqlOver(
  client: Client,
  borrow: () => Promise<pg.PoolClient>,
  release: (c: pg.PoolClient) => void,
): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const name = preparedName(text);
      const result = await client.query(
        name === undefined
          ? { text, values: params as unknown[], types }
          : { name, text, values: params as unknown[], types },
      );
      return result.rows as T[];
    },
    async queryEach<T>(text: string, params: readonly unknown[], onRow: (row: T) => void) {
      // A submitted Query with a 'row' listener and no callback does not accumulate its rows.
      // pg.Pool takes no submitted queries: outside a transaction a client is borrowed for it.
      const c = client instanceof pg.Pool ? await borrow() : client;
      try {
        const name = preparedName(text);
        const query = new pg.Query(
          name === undefined
            ? { text, values: params as unknown[], types }
            : { name, text, values: params as unknown[], types },
        );
        await new Promise<void>((resolve, reject) => {
          let failure: unknown;
          query.on('row', (row: T) => {
            if (failure !== undefined) return;
            try {
              onRow(row);
            } catch (error) {
              failure = error;
            }
          });
          query.on('end', () => (failure === undefined ? resolve() : reject(failure)));
          query.on('error', reject);
          c.query(query);
        });
      } finally {
        if (c !== client) release(c as pg.PoolClient);
      }
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
  // An idle connection the server closes (a restart, an administrator, a dropped database) is
  // reported here and removed by the pool; the next query opens a new one. Without a listener that
  // report would crash the process. Errors of queries in progress reach their callers as usual.
  pool.on('error', (error) => {
    if (!closing) console.error(`ayni: an idle database connection was closed: ${error.message}`);
  });
  let closing = false;
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
      closing = true;
      await pool.end();
    },
  };
}
