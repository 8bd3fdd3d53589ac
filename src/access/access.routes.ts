import type { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { createRouter, defineRoute } from '../routing/route.ts';
import { Instant } from '../routing/schemas.ts';
import type { Access, AccessEnv } from './access.middleware.ts';
import { login } from './login.service.ts';
import { PERMISSION_NAMES } from './permissions.ts';
import { logout } from './session.service.ts';

const LoginRequest = z
  .object({
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(4096),
  })
  .meta({ id: 'LoginRequest' });

const SignedInJson = z
  .object({
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()),
    csrfToken: z
      .string()
      .meta({ description: 'Send it as X-CSRF-Token (or the _csrf form field) with every change.' }),
    idleExpiresAt: Instant,
    absoluteExpiresAt: Instant,
  })
  .meta({ id: 'SignedIn' });

const PrincipalJson = z
  .object({
    kind: z.enum(['account', 'credential']),
    id: z.string().meta({ description: 'The username, or the credential id.' }),
    displayName: z.string(),
    organisation: z.string().nullable().meta({ description: 'A credential’s organisation (a bank’s BIC).' }),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
    csrfToken: z.string().nullable(),
    idleExpiresAt: Instant.nullable(),
    absoluteExpiresAt: Instant.nullable(),
  })
  .meta({ id: 'Principal' });

/**
 * Sign-in, sign-out and "who am I" over HTTP, for the API and the back office; mount it after the
 * access middleware. `POST /login` takes JSON or a form post (pages work without JavaScript),
 * sets the session cookie and returns the CSRF token; `POST /logout` ends the session;
 * `GET /` returns the principal, its permissions and the CSRF token. The routes are defined with
 * the HTTP route helper, so they carry their schemas into the OpenAPI document.
 *
 * @example mountRoutes(router, '/api/session', accessRoutes(app.db, access));
 */
export function accessRoutes(db: Database, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);

  defineRoute(router, {
    method: 'post',
    path: '/login',
    operationId: 'signIn',
    tags: ['session'],
    access: { public: true },
    request: { body: LoginRequest, form: LoginRequest },
    responses: {
      200: { description: 'Signed in; the session cookie is set.', schema: SignedInJson },
      401: { description: '`invalid_credentials`.', problem: true },
      429: { description: '`account_locked` or `too_many_attempts`, with Retry-After.', problem: true },
    },
    // A malformed request gets the same answer as a wrong password: nothing to learn from either.
    onInvalid: (c) => access.respond(c, { code: 'invalid_credentials' }),
    handler: async (c, { body }) => {
      const result = await login(
        db,
        { ...body, clientIp: access.clientIp(c), now: access.now() },
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
    },
  });

  defineRoute(router, {
    method: 'post',
    path: '/logout',
    operationId: 'signOut',
    tags: ['session'],
    access: { signedIn: true },
    responses: { 204: { description: 'The session is over and its cookie cleared.', empty: true } },
    handler: async (c) => {
      const token = c.get('sessionToken');
      const principal = c.get('principal');
      if (token && principal) await logout(db, token, { actor: principal.actor, now: access.now() });
      access.clearSessionCookie(c);
      return c.body(null, 204);
    },
  });

  defineRoute(router, {
    method: 'get',
    path: '/',
    operationId: 'currentPrincipal',
    tags: ['session'],
    access: { signedIn: true },
    responses: { 200: { description: 'The signed-in officer or system.', schema: PrincipalJson } },
    handler: (c) => {
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
    },
  });

  return router.hono;
}
