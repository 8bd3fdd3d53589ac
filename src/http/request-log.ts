import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { AccessEnv } from '../access/index.ts';
import { routePattern } from '../routing/route.ts';
import type { Logger } from '../shared/log.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's logger: every line carries the request's id. Read it with `requestLog(c)` (src/shared/log.ts). */
    log: Logger;
  }
}

/**
 * The first middleware of the server. Gives each request an id — the caller's `X-Request-Id` when it
 * sends a well-formed one (a bank correlating its calls), else a new UUID — answered in
 * `X-Request-Id`; a logger whose every line carries it (`requestLog(c)`, src/shared/log.ts); and, once answered, one
 * access line: who asked (`account:<username>`, `credential:<id>` or `anonymous`), the route's
 * pattern, the method, the status and the time taken. Nothing of the request's address, query,
 * headers or body is logged: they may hold a citizen's data (docs/security.md, "Logs").
 *
 * @example http.use('*', ...requestLogging(logOf(app)));
 */
export function requestLogging(log: Logger): MiddlewareHandler<AccessEnv>[] {
  const accessLine: MiddlewareHandler<AccessEnv> = async (c, next) => {
    const started = performance.now();
    const requestLog = log.child({ requestId: c.get('requestId') });
    c.set('log', requestLog);
    try {
      await next();
    } finally {
      // Hono answers a thrown error through onError before this runs: `c.res` is the answer sent.
      const principal = c.get('principal');
      requestLog.info(
        {
          actor: principal?.actor ?? 'anonymous',
          method: c.req.method,
          route: routePattern(c),
          status: c.res.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
    }
  };
  return [requestId({ limitLength: 128 }), accessLine];
}
