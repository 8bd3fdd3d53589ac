import { PGlite, type Transaction } from '@electric-sql/pglite';
import { type Database, identity, parseInt8, type Sql, TYPE_OIDS } from '../../src/db/database.ts';

/** PGlite copies each COPY blob into its WebAssembly memory, which never shrinks: small batches keep
 * its peak low (32 MiB batches cost about 300 MiB more RSS than 8 MiB ones, measured). */
const COPY_BATCH_BYTES = 8 * 1024 * 1024;

const parsers = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.date]: identity,
  [TYPE_OIDS.numeric]: identity,
};

/**
 * Turns `COPY … FROM STDIN` into PGlite's file-based `COPY … FROM '/dev/blob'`. Streaming COPY
 * through the wire protocol crashes PGlite, and batched INSERTs are about ten times slower.
 */
function toBlobCopy(copySql: string): string {
  const rewritten = copySql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'");
  if (rewritten === copySql) throw new Error(`copyFrom expects COPY … FROM STDIN, got: ${copySql}`);
  return rewritten;
}

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function sqlOver(target: Queryable): Sql {
  return {
    async query<T>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(text, params as unknown[], { parsers });
      return result.rows;
    },
    async queryEach<T>(text: string, params: readonly unknown[], onRow: (row: T) => void) {
      // PGlite returns a result whole: the rows are handed over after the statement.
      const result = await target.query<T>(text, params as unknown[], { parsers });
      for (const row of result.rows) onRow(row);
    },
    async exec(text: string) {
      await target.exec(text);
    },
    async copyFrom(copySql: string, chunks: AsyncIterable<Buffer>) {
      const blobSql = toBlobCopy(copySql);
      let batch: Buffer[] = [];
      let batchBytes = 0;
      const flush = async () => {
        if (batchBytes === 0) return;
        const blob = new Blob(batch);
        batch = [];
        batchBytes = 0;
        await target.query(blobSql, [], { blob });
      };
      for await (const chunk of chunks) {
        batch.push(chunk);
        batchBytes += chunk.length;
        if (batchBytes >= COPY_BATCH_BYTES) await flush();
      }
      await flush();
    },
  };
}

/**
 * Opens (creating if needed) an embedded database in `dataDir`.
 *
 * PGlite runs with fsync off: an operating-system crash can lose the last writes. It is meant for
 * trying ayni, tests and small offices; production data belongs on a PostgreSQL server.
 *
 * @example const db = await openPglite('./data/pglite');
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const pg = await PGlite.create(dataDir, { parsers });
  // PGlite runs one query at a time; transactions already serialise on its mutex.
  return {
    backend: 'embedded', // the old in-process engine, kept only to be measured against
    ...sqlOver(pg),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      return pg.transaction((tx) => fn(sqlOver(tx)));
    },
    async close() {
      await pg.close();
    },
  };
}
