/**
 * Whether an error means "no database server to answer now" rather than a bug: the server is down
 * or unreachable, it is shutting down or starting, the connection was cut, or it is a standby that
 * refuses a write (the primary failed over and this host is read-only now). Such a request is
 * answered 503 database_unavailable, quickly, and the next one may find a server again (a promoted
 * standby, src/db/multi-host.ts). Everything else thrown by a query stays a bug (500).
 *
 * @example if (databaseUnavailable(error)) return respondToFailure(c, { code: 'database_unavailable' });
 */
export function databaseUnavailable(error: unknown): boolean {
  if (error instanceof NoServerError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  // Node's own network failures while connecting or on an open connection.
  if (NETWORK_CODES.has(code)) return true;
  // SQLSTATE: connection exceptions (08…), operator intervention (57P01 admin shutdown, 57P02 crash
  // shutdown, 57P03 cannot connect now), a write sent to a read-only standby (25006).
  if (/^08/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '25006')
    return true;
  const message = typeof e.message === 'string' ? e.message : '';
  // node-postgres's words for a connection lost or never made within connectionTimeoutMillis.
  if (
    /^Connection terminated|^timeout expired$|^timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message,
    )
  )
    return true;
  // An AggregateError of several addresses tried (localhost as ::1 and 127.0.0.1).
  if (Array.isArray(e.errors)) return e.errors.some((inner) => databaseUnavailable(inner));
  return false;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * No host of a multi-host DATABASE_URL is a server that accepts writes (or answers at all): thrown
 * by the multi-host database instead of a driver error, with each host's reason for the log.
 */
export class NoServerError extends Error {
  readonly hosts: readonly { host: string; reason: string }[];
  constructor(hosts: readonly { host: string; reason: string }[]) {
    super(`no database server accepts writes: ${hosts.map((h) => `${h.host} (${h.reason})`).join('; ')}`);
    this.name = 'NoServerError';
    this.hosts = hosts;
  }
}
