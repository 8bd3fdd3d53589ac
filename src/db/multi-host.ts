import { databaseUnavailable, NoServerError } from './availability.ts';
import type { Database, Sql } from './database.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';

/**
 * A DATABASE_URL naming several hosts, as libpq writes it:
 * `postgres://ayni@10.0.0.2:5432,10.0.0.3:5432/ayni?target_session_attrs=read-write`. node-postgres
 * takes one host only, so each host gets a pool of its own and this module picks the one to use:
 * the first, in the order written, that answers and — with `target_session_attrs` `read-write` or
 * `primary` — is not a standby (`pg_is_in_recovery()`). When the host in use stops answering (or
 * refuses a write: it was demoted), the statement fails (503 database_unavailable, src/http) and
 * the next one looks for the primary again: a standby promoted with `pg_ctl promote` or
 * `pg_promote()` is found with no restart. A statement is never sent twice: whether a write that
 * failed with its connection was committed is for the caller's idempotency key to settle.
 *
 * @example const db = await openServer('postgres://u@h1:5432,h2:5433/ayni?target_session_attrs=read-write', 10, { connectTimeoutMs: 3000 });
 */
export async function openServer(
  url: string,
  poolSize = 10,
  options: PostgresOptions = {},
): Promise<Database> {
  const split = splitHosts(url);
  if (split === undefined) return openPostgres(url, poolSize, options);
  return openMultiHost(split.urls, split.writable, poolSize, options);
}

/**
 * The single-host URLs of a multi-host URL, and whether it asks for a writable server; undefined
 * for a URL of one host. `target_session_attrs` is taken out (node-postgres does not know it).
 *
 * @example splitHosts('postgres://u@a:1,b:2/db?target_session_attrs=read-write') // { urls: ['postgres://u@a:1/db', 'postgres://u@b:2/db'], writable: true }
 */
export function splitHosts(url: string): { urls: string[]; writable: boolean } | undefined {
  const m = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)([^?#]*)(\?[^#]*)?$/.exec(url);
  if (!m) return undefined;
  const [, scheme, userInfo = '', hostList = '', path = '', query = ''] = m;
  const hosts = hostList.split(',');
  const params = new URLSearchParams(query.slice(1));
  const attrs = params.get('target_session_attrs') ?? 'any';
  if (hosts.length < 2) return undefined;
  params.delete('target_session_attrs');
  const rest = params.toString();
  return {
    urls: hosts.map((host) => `${scheme}${userInfo}${host}${path}${rest ? `?${rest}` : ''}`),
    writable: attrs === 'read-write' || attrs === 'primary',
  };
}

async function openMultiHost(
  urls: readonly string[],
  writable: boolean,
  poolSize: number,
  options: PostgresOptions,
): Promise<Database> {
  const servers = await Promise.all(
    urls.map((url) => openPostgres(url, poolSize, { ...options, probe: false })),
  );
  const hostOf = (i: number) => /@?([^@/]+)\/[^/]*$/.exec(urls[i] ?? '')?.[1] ?? String(i);
  let current: number | undefined;
  let finding: Promise<number> | undefined;

  const find = async (): Promise<number> => {
    const reasons: { host: string; reason: string }[] = [];
    for (let i = 0; i < servers.length; i++) {
      try {
        const [row] = await servers[i]!.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
        if (writable && row?.standby) {
          reasons.push({ host: hostOf(i), reason: 'standby (read-only)' });
          continue;
        }
        if (i !== current)
          options.logger?.info({ host: hostOf(i) }, 'database: using this host of DATABASE_URL');
        return i;
      } catch (error) {
        reasons.push({ host: hostOf(i), reason: (error as Error).message || String(error) });
      }
    }
    throw new NoServerError(reasons);
  };
  const server = async (): Promise<Database> => {
    if (current === undefined) {
      finding ??= find().finally(() => {
        finding = undefined;
      });
      current = await finding;
    }
    return servers[current]!;
  };
  // A failure that says the server is gone (or read-only now) sends the next statement looking.
  const using =
    <R>(op: (db: Database) => Promise<R>) =>
    async (): Promise<R> => {
      const db = await server();
      try {
        return await op(db);
      } catch (error) {
        if (databaseUnavailable(error) && servers[current ?? -1] === db) current = undefined;
        throw error;
      }
    };
  return {
    backend: 'postgres',
    query: <T>(text: string, params?: readonly unknown[]) => using((db) => db.query<T>(text, params))(),
    queryEach: <T>(text: string, params: readonly unknown[], onRow: (row: T) => void) =>
      using((db) => db.queryEach<T>(text, params, onRow))(),
    exec: (text: string) => using((db) => db.exec(text))(),
    copyFrom: (copySql: string, chunks: AsyncIterable<Buffer>) =>
      using((db) => db.copyFrom(copySql, chunks))(),
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => using((db) => db.transaction(fn))(),
    poolUse: () => servers[current ?? 0]!.poolUse!(),
    async close() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
