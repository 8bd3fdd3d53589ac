import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type AccessEnv, accessRoutes, createAccess } from '../access/index.ts';
import type { App } from '../app.ts';
import { registryCounts } from '../registry/index.ts';
import { pickLang } from '../web/html.ts';
import { renderStatusPage } from '../web/status.page.ts';

/**
 * The HTTP interface: thin routes that call domain services.
 *
 * @example const server = await startServer(app); … await server.close();
 */
export function buildHttpApp(app: App): Hono<AccessEnv> {
  const http = new Hono<AccessEnv>();
  // Every request: load the session or API credential, and refuse cross-site state changes.
  const access = createAccess(app.db, { secureCookies: app.config.secureCookies });
  http.use('*', access.authenticate, access.csrf);
  http.route('/api/session', accessRoutes(app.db, access));
  http.get('/', async (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    c.header('Content-Language', lang);
    c.header('Cache-Control', 'no-store');
    return c.html(renderStatusPage(await registryCounts(app.db), lang));
  });
  http.get('/health', async (c) => {
    await app.db.query('SELECT 1');
    return c.json({ status: 'ok', backend: app.db.backend });
  });
  http.get('/api/registry/counts', async (c) => {
    const counts = await registryCounts(app.db);
    return c.json(JSON.parse(JSON.stringify(counts, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))));
  });
  return http;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  app: App,
  host = app.config.httpHost,
  port = app.config.httpPort,
): Promise<RunningServer> {
  const http = buildHttpApp(app);
  return new Promise((resolve) => {
    const server = serve({ fetch: http.fetch, hostname: host, port }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
