import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Logger } from '../shared/log.ts';
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

/** A client taken from the pool, and how to give it back. */
interface Borrowed {
  client: pg.PoolClient;
  release(): void;
}

/** A statement as pg takes it: named (prepared once per connection) when it was declared so. */
function queryConfig(text: string, params: readonly unknown[]): pg.QueryConfig {
  const name = preparedName(text);
  const values = params as unknown[];
  return name === undefined ? { text, values, types } : { name, text, values, types };
}

function sqlOver(client: Client, borrow: () => Promise<Borrowed>): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(queryConfig(text, params));
      return result.rows as T[];
    },
    async queryEach<T>(text: string, params: readonly unknown[], onRow: (row: T) => void) {
      // A submitted Query with a 'row' listener and no callback does not accumulate its rows.
      // pg.Pool takes no submitted queries: outside a transaction a client is borrowed for it.
      const borrowed = client instanceof pg.Pool ? await borrow() : undefined;
      const c = borrowed?.client ?? client;
      try {
        const query = new pg.Query(queryConfig(text, params));
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
        borrowed?.release();
      }
    },
    async exec(text: string) {
      await client.query(text);
    },
    async copyFrom(copySql: string, chunks: AsyncIterable<Buffer>) {
      const c = await borrow();
      try {
        await pipeline(Readable.from(chunks), c.client.query(copyFromStdin(copySql)));
      } finally {
        c.release();
      }
    },
  };
}

export interface PostgresOptions {
  /** Where the connections' diagnostics go (an idle connection the server closed); none: nowhere. */
  logger?: Logger | undefined;
  /**
   * How long opening one connection may take (a server gone without a word, a black-holed host):
   * the query then fails, rather than hanging. Only the connection's opening is timed, not the wait
   * for a free connection of a busy pool. Undefined: no limit (the operating system's).
   */
  connectTimeoutMs?: number | undefined;
  /** Connect once at opening so that a wrong URL fails then (default true). */
  probe?: boolean;
}

/**
 * pg.Client with a time limit on opening its connection. pg-pool's own `connectionTimeoutMillis`
 * would also bound the wait for a free connection, failing requests that only queue behind a busy
 * pool; given to the client alone it bounds the connection's opening only.
 */
function clientTimingOut(connectTimeoutMs: number): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({
        ...(typeof config === 'string' ? { connectionString: config } : config),
        connectionTimeoutMillis: connectTimeoutMs,
      });
    }
  };
}

/**
 * Connects to a PostgreSQL server. The pool is small: ayni's heavy work is set-based SQL that runs
 * inside the server, so a few connections suffice.
 *
 * @example const db = await openPostgres('postgres://postgres@127.0.0.1:5432/ayni');
 */
export async function openPostgres(
  url: string,
  poolSize = 10,
  options: PostgresOptions = {},
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    ...(options.connectTimeoutMs === undefined ? {} : { Client: clientTimingOut(options.connectTimeoutMs) }),
  });
  // An idle connection the server closes (a restart, an administrator, a dropped database) is
  // reported here and removed by the pool; the next query opens a new one. Without a listener that
  // report would crash the process. Errors of queries in progress reach their callers as usual.
  pool.on('error', (error) => {
    if (!closing) options.logger?.warn({ err: error }, 'an idle database connection was closed');
  });
  let closing = false;
  // pg-pool stops listening to a client's errors while it is checked out: a connection lost then
  // without a word from the server (the server killed, a network reset) was an 'error' event that
  // nobody handled, and it ended the process. The statement in progress fails by itself; a client
  // that reported an error is discarded when it is given back.
  const borrow = async (): Promise<Borrowed> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    return {
      client,
      release() {
        client.off('error', onError);
        client.release(broken);
      },
    };
  };
  // Fail at start-up, not on the first request (a replica's pool, src/db/replicas.ts, and the
  // hosts of a multi-host URL, src/db/multi-host.ts, are not probed: one down is no failure).
  if (options.probe !== false) {
    const probe = await pool.connect();
    probe.release();
  }
  return {
    backend: 'postgres',
    ...sqlOver(pool, borrow),
    poolUse: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: poolSize,
    }),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const borrowed = await borrow();
      const client = borrowed.client;
      try {
        await client.query('BEGIN');
        // Inside a transaction every statement, COPY included, must go through the same client.
        const result = await fn(sqlOver(client, async () => ({ client, release() {} })));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        borrowed.release();
      }
    },
    async close() {
      closing = true;
      await pool.end();
    },
  };
}
