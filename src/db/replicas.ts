import type { Logger } from '../shared/log.ts';
import { databaseUnavailable } from './availability.ts';
import type { Database, Sql } from './database.ts';
import { openPostgres } from './postgres.ts';

/**
 * Where the public's read-only look-ups are read from: hot standbys of the primary
 * (DATABASE_READ_URL, PostgreSQL streaming replication) while their replay lag is under
 * AYNI_REPLICA_MAX_LAG_MS, else the primary itself. A route that only reads (citizen status, "¿cuándo
 * me toca?", certificate verification, transparency) asks `reader.sql(after)` once per request and
 * runs its statements there; everything that writes, and everything that moves money or doses,
 * stays on `app.db` (the primary). Without replicas `sql()` is the primary: nothing changes.
 *
 * Read-your-writes: `after` is the primary's WAL position (`writePosition()`) just after the
 * caller's own last write (a grievance, a booking; src/http/read-your-writes.ts keeps it in a
 * short-lived cookie). Only a replica that has replayed past it (`pg_last_wal_replay_lsn()`) serves
 * that caller; until then the primary does.
 *
 * A statement that fails on a replica because the replica is gone (or cancelled by a conflict with
 * recovery) is run again on the primary — a read is safe to repeat — and the replica is left out
 * until its next check finds it well.
 *
 * @example const reader = openReader(db, config.databaseReadUrls ?? [], { maxLagMs: 2000 }); const sql = reader.sql(); await sql.query('SELECT 1');
 */
export interface Reader {
  /**
   * The statements of one read-only request: one replica (or the primary), chosen now. It is a
   * Database so that domain functions take it as they take `app.db`; a transaction on a replica
   * is a read-only one (a write in it fails). Never close it: the reader owns the pools.
   */
  sql(after?: string): Database;
  /**
   * The primary's WAL position now (`pg_current_wal_lsn()`), to pass as `after` on the caller's
   * next reads; undefined when there are no replicas (nothing to wait for).
   */
  writePosition(): Promise<string | undefined>;
  /** Whether any replica is configured. */
  readonly replicated: boolean;
  /** Each replica as last checked, and the reads it and the primary served (for /metrics, tests). */
  state(): ReaderState;
  /** Checks every replica now (done every `checkMs` by itself). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface ReplicaState {
  /** host:port of the replica (never its password). */
  readonly host: string;
  /** Answered its last check, is a standby or a promoted server, and lags less than the bound. */
  readonly usable: boolean;
  /** Replay lag at the last check, in ms: 0 when it has replayed all it received. */
  readonly lagMs: number | null;
  /** `pg_last_wal_replay_lsn()` at the last check. */
  readonly replayed: string | null;
  /** Why it is not usable (the check's error, or its lag). */
  readonly problem: string | null;
  /** Read-only requests it served. */
  readonly served: number;
}

export interface ReaderState {
  readonly replicas: readonly ReplicaState[];
  /** Read-only requests the primary served: no replica usable, behind the caller's write, or failed. */
  readonly servedByPrimary: number;
}

export interface ReaderOptions {
  /** AYNI_REPLICA_MAX_LAG_MS. */
  maxLagMs: number;
  /** How often each replica is checked; default a quarter of `maxLagMs`, between 100 ms and 1 s. */
  checkMs?: number;
  /** AYNI_DB_CONNECT_TIMEOUT_MS, for the replicas' connections. */
  connectTimeoutMs?: number | undefined;
  poolSize?: number;
  logger?: Logger | undefined;
}

/** The position of a WAL record, `X/Y` in hexadecimal, as a number that compares. */
export function lsnValue(lsn: string): bigint {
  const [hi = '0', lo = '0'] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** Whether `lsn` is a WAL position as PostgreSQL writes it (a cookie's value is checked so). */
export const isLsn = (lsn: string): boolean => /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(lsn);

const LAG_CHECK = `SELECT pg_is_in_recovery() AS standby,
  pg_last_wal_replay_lsn()::text AS replayed,
  CASE WHEN NOT pg_is_in_recovery()
         OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0::float8
       ELSE (EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8
  END AS lag_ms`;

interface Replica {
  host: string;
  db: Database;
  usable: boolean;
  lagMs: number | null;
  replayed: bigint | null;
  replayedText: string | null;
  problem: string | null;
  served: number;
  /** The statements of requests this replica serves (`onReplica`), made once. */
  handle?: Database;
}

/**
 * Opens the replicas' pools (lazily: a replica down at start is no failure) and starts checking
 * them. With no URLs it is the primary alone.
 */
export function openReader(primary: Database, urls: readonly string[], options: ReaderOptions): Reader {
  const checkMs = options.checkMs ?? Math.min(1000, Math.max(100, Math.floor(options.maxLagMs / 4)));
  const replicas: Replica[] = [];
  const opening = Promise.all(
    urls.map(async (url) => {
      const db = await openPostgres(url, options.poolSize ?? 10, {
        logger: options.logger,
        connectTimeoutMs: options.connectTimeoutMs,
        probe: false,
      });
      replicas.push({
        host: hostOf(url),
        db,
        usable: false,
        lagMs: null,
        replayed: null,
        replayedText: null,
        problem: 'not checked yet',
        served: 0,
      });
    }),
  );
  let servedByPrimary = 0;
  let next = 0;
  let closed = false;

  const checkOne = async (r: Replica) => {
    try {
      const [row] = await r.db.query<{ standby: boolean; replayed: string | null; lag_ms: number | null }>(
        LAG_CHECK,
      );
      const lag = row?.lag_ms ?? null;
      r.lagMs = lag === null ? null : Math.round(lag);
      r.replayedText = row?.replayed ?? null;
      // A promoted replica (no longer in recovery) has everything it will ever have.
      r.replayed = row?.standby === false ? null : r.replayedText === null ? null : lsnValue(r.replayedText);
      const within = r.lagMs !== null && r.lagMs <= options.maxLagMs;
      if (r.usable !== within)
        options.logger?.info(
          { replica: r.host, lagMs: r.lagMs },
          within ? 'replica serving reads' : 'replica left out: lagging',
        );
      r.usable = within;
      r.problem = within ? null : `lag ${r.lagMs ?? 'unknown'} ms over ${options.maxLagMs} ms`;
    } catch (error) {
      if (r.usable)
        options.logger?.warn({ replica: r.host, err: error }, 'replica left out: its check failed');
      r.usable = false;
      r.problem = (error as Error).message || String(error);
    }
  };
  const check = async () => {
    await opening;
    await Promise.all(replicas.map(checkOne));
  };
  const timer = urls.length > 0 ? setInterval(() => void check().catch(() => {}), checkMs) : undefined;
  timer?.unref();
  if (urls.length > 0) void check().catch(() => {});

  const choose = (after: bigint | undefined): Replica | undefined => {
    for (let k = 0; k < replicas.length; k++) {
      const r = replicas[(next + k) % replicas.length]!;
      if (!r.usable) continue;
      // A standby whose last check had not replayed the caller's write yet may have now; the
      // primary answers this once, and the next check lets the replica serve again.
      if (after !== undefined && r.replayed !== null && r.replayed < after) continue;
      next = (next + k + 1) % replicas.length;
      return r;
    }
    return undefined;
  };

  /** The statements of one request on replica `r`, each run again on the primary if `r` fails. */
  const onReplica = (r: Replica): Database => {
    const fallback =
      <R>(run: (db: Database) => Promise<R>) =>
      async (): Promise<R> => {
        try {
          return await run(r.db);
        } catch (error) {
          if (!replicaFailure(error)) throw error;
          r.usable = false;
          r.problem = (error as Error).message || String(error);
          options.logger?.warn(
            { replica: r.host, err: error },
            'replica failed a read: the primary answers it',
          );
          return run(primary);
        }
      };
    return {
      backend: primary.backend,
      query: <T>(text: string, params?: readonly unknown[]) => fallback((db) => db.query<T>(text, params))(),
      queryEach: async <T>(text: string, params: readonly unknown[], onRow: (row: T) => void) => {
        // Rows already handed over cannot be taken back: fall back only before the first one.
        let rows = 0;
        const counting = (row: T) => {
          rows++;
          onRow(row);
        };
        try {
          await r.db.queryEach<T>(text, params, counting);
        } catch (error) {
          if (rows > 0 || !replicaFailure(error)) throw error;
          r.usable = false;
          r.problem = (error as Error).message || String(error);
          await primary.queryEach<T>(text, params, onRow);
        }
      },
      // Scripts and COPY are not look-ups: the primary.
      exec: (text) => primary.exec(text),
      copyFrom: (copySql, chunks) => primary.copyFrom(copySql, chunks),
      // A read-only transaction, run again whole on the primary if the replica fails.
      transaction: <T>(fn: (tx: Sql) => Promise<T>) => fallback((db) => db.transaction(fn))(),
      poolUse: () => r.db.poolUse!(),
      async close() {},
    };
  };

  return {
    replicated: urls.length > 0,
    sql(after) {
      const r = choose(after !== undefined && isLsn(after) ? lsnValue(after) : undefined);
      if (r === undefined) {
        servedByPrimary++;
        return primary;
      }
      r.served++;
      // One handle per replica, not one per request: batched reads (src/db/read-batcher.ts) are
      // batched per handle, so the look-ups of many requests share one query on the replica.
      r.handle ??= onReplica(r);
      return r.handle;
    },
    async writePosition() {
      if (urls.length === 0) return undefined;
      const [row] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      return row?.lsn;
    },
    state: () => ({
      replicas: replicas.map((r) => ({
        host: r.host,
        usable: r.usable,
        lagMs: r.lagMs,
        replayed: r.replayedText,
        problem: r.problem,
        served: r.served,
      })),
      servedByPrimary,
    }),
    check,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await opening.catch(() => {});
      await Promise.all(replicas.map((r) => r.db.close()));
    },
  };
}

/** The replica is gone, or cancelled the statement for a conflict with recovery (40001, 40P01). */
function replicaFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // A write sent through the reader is refused by the standby (25006): a bug of the caller, never
  // sent on to the primary.
  if (code === '25006') return false;
  if (databaseUnavailable(error)) return true;
  return code === '40001' || code === '40P01';
}

/** host:port of a URL, without its user or password. */
function hostOf(url: string): string {
  return /^[a-z]+:\/\/(?:[^@/]*@)?([^/?#]*)/i.exec(url)?.[1] ?? 'replica';
}
