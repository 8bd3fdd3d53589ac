import type { Hono } from 'hono';
import type { Access, AccessEnv } from '../../access/index.ts';
import type { App } from '../../app.ts';
import { createRouter } from '../../routing/route.ts';
import { grievanceRoutes } from './grievance.routes.tsx';
import { portalContext, SECURITY_HEADERS } from './portal.context.ts';
import { statusRoutes } from './status.routes.tsx';

/**
 * The citizen portal of the Bono Contra el Hambre, mounted at the root: "¿Soy beneficiario?"
 * (`/bono`, answered by a post to `/bono/estado` so the identity never lands in an address or a
 * log), grievances (`/bono/reclamo`) and their follow-up (`/bono/reclamo/seguimiento`). Spanish
 * by default, English with `?lang=en`; plain HTML without JavaScript.
 *
 * Citizens have no session: the access middleware refuses a post from a foreign `Origin`; an
 * officer signed in who uses the portal sends the session's CSRF token, which every form carries.
 *
 * @example mountRoutes(router, '/', portalRoutes(app, access));
 */
export function portalRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const context = portalContext(app);
  // `/bono/*` covers `/bono` itself too (Hono's wildcard matches the empty rest).
  router.hono.use('/bono/*', async (c, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    c.header('Content-Language', context(c).lang);
    return next();
  });
  statusRoutes(router, app, access);
  grievanceRoutes(router, app, access);
  return router.hono;
}
