import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Access, AccessEnv } from './access.middleware.ts';
import { login } from './login.service.ts';
import { PERMISSION_NAMES } from './permissions.ts';
import { logout } from './session.service.ts';

const LoginRequest = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(4096),
});

/**
 * Sign-in, sign-out and "who am I" over HTTP, for the API and the back office; mount it after the
 * access middleware. `POST /login` takes JSON or a form post (pages work without JavaScript),
 * sets the session cookie and returns the CSRF token; `POST /logout` ends the session;
 * `GET /` returns the principal, its permissions and the CSRF token.
 *
 * @example http.route('/api/session', accessRoutes(app.db, access));
 */
export function accessRoutes(db: Database, access: Access): Hono<AccessEnv> {
  const routes = new Hono<AccessEnv>();

  routes.post('/login', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const body = type.includes('json') ? await c.req.json().catch(() => ({})) : await c.req.parseBody();
    const parsed = LoginRequest.safeParse(body);
    // A malformed request gets the same answer as a wrong password: nothing to learn from either.
    if (!parsed.success) return access.respond(c, { code: 'invalid_credentials' });
    const result = await login(
      db,
      { ...parsed.data, clientIp: access.clientIp(c), now: access.now() },
      access.settings,
    );
    if (!result.ok) return access.respond(c, result.error);
    // Signing in again in the same browser, maybe as someone else, ends the session it had.
    const previous = c.get('sessionToken');
    const previousActor = c.get('principal')?.actor;
    if (previous && previousActor) await logout(db, previous, { actor: previousActor, now: access.now() });
    const s = result.value;
    access.setSessionCookie(c, s.sessionToken);
    c.header('Cache-Control', 'no-store');
    return c.json({
      username: s.account.username,
      displayName: s.account.displayName,
      roles: s.account.roles,
      csrfToken: s.csrfToken,
      idleExpiresAt: s.idleExpiresAt.toISOString(),
      absoluteExpiresAt: s.absoluteExpiresAt.toISOString(),
    });
  });

  routes.post('/logout', access.requireSignedIn, async (c) => {
    const token = c.get('sessionToken');
    const principal = c.get('principal');
    if (token && principal) await logout(db, token, { actor: principal.actor, now: access.now() });
    access.clearSessionCookie(c);
    return c.body(null, 204);
  });

  routes.get('/', access.requireSignedIn, (c) => {
    const principal = c.get('principal')!;
    const session = c.get('session');
    c.header('Cache-Control', 'no-store');
    return c.json({
      kind: principal.kind,
      id: principal.id,
      displayName: principal.displayName,
      organisation: principal.organisation,
      roles: principal.roles,
      permissions: PERMISSION_NAMES.filter((p) => principal.permissions.has(p)),
      csrfToken: session?.csrfToken ?? null,
      idleExpiresAt: session?.idleExpiresAt.toISOString() ?? null,
      absoluteExpiresAt: session?.absoluteExpiresAt.toISOString() ?? null,
    });
  });

  return routes;
}
