import type { Context, MiddlewareHandler } from 'hono';
import type {} from 'hono/request-id';
import pino from 'pino';
import type { AccessEnv } from '../access/index.ts';
import { routePattern } from '../routing/route.ts';
import type { LogDestination, Logger } from '../shared/log.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's logger: every line carries the request's id. Read it with `requestLog(c)` (src/shared/log.ts). */
    log: Logger;
  }
}

/** What else is told of each request once answered (the request metrics, src/http/metrics.routes.ts). */
export type AnsweredHook = (c: Context<AccessEnv>, route: string | null, seconds: number) => void;

/** A caller's X-Request-Id is kept when it is at most this long and of letters, digits, `_`, `-`, `=`. */
const REQUEST_ID_MAX_LENGTH = 128;
const NOT_AN_ID = /[^\w\-=]/;

/**
 * The first middleware of the server. Gives each request an id — the caller's `X-Request-Id` when it
 * sends a well-formed one (a bank correlating its calls), else a new UUID — answered in
 * `X-Request-Id`; a logger whose every line carries it (`requestLog(c)`, src/shared/log.ts); and, once answered, one
 * access line: who asked (`account:<username>`, `credential:<id>` or `anonymous`), the route's
 * pattern, the method, the status and the time taken. Nothing of the request's address, query,
 * headers or body is logged: they may hold a citizen's data (docs/security.md, "Logs").
 *
 * One middleware, not three (the id, the line, the metrics): each layer of Hono's chain costs its
 * own promise and closure on every request, and the route's pattern is worked out once for both.
 * `answered` (the request metrics) runs after the line, for refusals and errors too.
 *
 * @example http.use('*', ...requestLogging(logOf(app), observeRequest));
 */
export function requestLogging(log: Logger, answered?: AnsweredHook): MiddlewareHandler<AccessEnv>[] {
  const access = accessLogger(log);
  const accessLine: MiddlewareHandler<AccessEnv> = async (c, next) => {
    const started = performance.now();
    let id = c.req.header('x-request-id');
    if (!id || id.length > REQUEST_ID_MAX_LENGTH || NOT_AN_ID.test(id)) id = crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    const requestLog: Logger = log.child({ requestId: id });
    c.set('log', requestLog);
    try {
      await next();
    } finally {
      // Hono answers a thrown error through onError before this runs: `c.res` is the answer sent.
      const elapsedMs = performance.now() - started;
      const route = routePattern(c);
      if (log.isLevelEnabled('info')) {
        access.info(
          {
            requestId: id,
            actor: c.get('principal')?.actor ?? 'anonymous',
            method: c.req.method,
            route,
            status: c.res.status,
            durationMs: Math.round(elapsedMs * 10) / 10,
          },
          'request',
        );
      }
      answered?.(c, route, elapsedMs / 1000);
    }
  };
  return [accessLine];
}

/**
 * The logger of the access lines: the same line as `log.child({ requestId }).info(…)` writes (pino's
 * level, time, pid and hostname, then the fields), to the same destination. Its fields are fixed
 * and hold no personal data, so it needs none of the app logger's redaction, which costs each line.
 * To a file descriptor (the server's standard output) the lines of one turn of the event loop go
 * in one write, not one system call each; to anything else (a test's capture) as they come.
 */
function accessLogger(log: Logger): Logger {
  const destination = (log as unknown as Record<symbol, LogDestination>)[pino.symbols.streamSym];
  if (destination === undefined) return log;
  const fd = (destination as { fd?: unknown }).fd;
  return pino({ level: 'info' }, typeof fd === 'number' ? batchedWrites(destination) : destination);
}

/** Lines held past this many characters are written at once, not at the end of the turn. */
const BATCH_CHARACTERS = 64 * 1024;

/** Destinations with lines not yet written: written on exit too, so no line is lost at shutdown. */
const unwritten = new Set<() => void>();
let flushOnExit = false;

/** A destination that gathers the lines written during one turn of the event loop into one write. */
function batchedWrites(destination: LogDestination): LogDestination {
  let held = '';
  const flush = () => {
    unwritten.delete(flush);
    if (held === '') return;
    const text = held;
    held = '';
    destination.write(text);
  };
  if (!flushOnExit) {
    flushOnExit = true;
    process.once('exit', () => {
      for (const write of [...unwritten]) write();
    });
  }
  return {
    write(line: string) {
      held += line;
      if (held.length >= BATCH_CHARACTERS) flush();
      else if (!unwritten.has(flush)) {
        unwritten.add(flush);
        setImmediate(flush);
      }
    },
  };
}
