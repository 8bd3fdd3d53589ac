import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Database } from '../db/database.ts';
import { isLsn, type Reader } from '../db/replicas.ts';

/** What of the app these need: its primary, its reader (src/app.ts), and the cookie setting. */
export interface ReadingApp {
  db: Database;
  reader?: Reader | undefined;
  config: { secureCookies: boolean | 'auto' };
}

/**
 * The cookie that holds the primary's WAL position after a caller's own write (a grievance, a
 * booking, a cancellation: any request that is not GET/HEAD/OPTIONS), for READ_YOUR_WRITES_SECONDS.
 * While it is there, that caller's look-ups are read from a replica only once it has replayed that
 * far, else from the primary: they see what they just did. It holds a position in the database's
 * log, nothing personal; a forged one only sends the forger's reads to the primary.
 */
export const READ_AFTER_COOKIE = 'ayni_leido_desde';
/** Longer than any lag a replica may serve with (AYNI_REPLICA_MAX_LAG_MS is seconds at most). */
export const READ_YOUR_WRITES_SECONDS = 60;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Middleware: after a request that may have written, and only when replicas are configured, sets
 * the read-your-writes cookie to the primary's WAL position. Pages keep working without
 * JavaScript: it is an ordinary cookie that the browser sends back.
 *
 * @example http.use('*', readYourWrites(app));
 */
export function readYourWrites(app: Pick<ReadingApp, 'reader' | 'config'>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const reader = app.reader;
    if (!reader?.replicated || SAFE_METHODS.has(c.req.method) || c.res.status >= 500) return;
    if (readsOnly.has(c.req.raw)) return;
    const lsn = await reader.writePosition().catch(() => undefined);
    if (lsn === undefined) return;
    const secure =
      app.config.secureCookies === 'auto'
        ? new URL(c.req.url).protocol === 'https:'
        : app.config.secureCookies;
    c.res.headers.append(
      'Set-Cookie',
      `${READ_AFTER_COOKIE}=${encodeURIComponent(lsn)}; Max-Age=${READ_YOUR_WRITES_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
    );
  };
}

const readsOnly = new WeakSet<Request>();

/**
 * Marks a POST that writes nothing the caller reads back (the citizen status look-up: its
 * admission counts failures, which nobody reads through a replica; the certificate verifier), so
 * `readYourWrites` spares the primary its WAL-position query and sends no cookie: the caller's
 * next look-ups stay on a replica.
 *
 * @example readOnlyRequest(c); const status = await citizenStatus(app.db, body, { …, read: readerFor(app, c) });
 */
export function readOnlyRequest(c: Context): void {
  readsOnly.add(c.req.raw);
}

const chosen = new WeakMap<Request, Database>();

/**
 * Where this request's read-only look-ups run: a replica of the app's reader that is under the
 * lag bound and past the caller's own last write, else the primary (`app.db`). Chosen once per
 * request, so that one page reads one consistent server.
 *
 * @example const sites = await listSites(readerFor(app, c));
 */
export function readerFor(app: Pick<ReadingApp, 'db' | 'reader'>, c: Context): Database {
  const reader = app.reader;
  if (!reader?.replicated) return app.db;
  const known = chosen.get(c.req.raw);
  if (known) return known;
  const after = getCookie(c, READ_AFTER_COOKIE);
  const sql = reader.sql(after !== undefined && isLsn(after) ? after : undefined);
  chosen.set(c.req.raw, sql);
  return sql;
}
