import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../db/database.ts';
import type { RouteFailure } from '../routing/errors.ts';
import { parseNetworks } from '../shared/ip-networks.ts';
import type { Lang } from '../shared/lang.ts';
import type { AccessFailure } from './access.failures.ts';
import { type AccessSettings, DEFAULT_ACCESS_SETTINGS } from './access.settings.ts';
import { clientAddress } from './client-address.ts';
import { authenticateCredential } from './credential.service.ts';
import type { Permission } from './permissions.ts';
import type { Principal } from './principal.ts';
import { type ActiveSession, authenticateSession, csrfTokenMatches } from './session.service.ts';

/** What the access middleware puts in a Hono context, for routes and pages to read. */
export interface AccessVariables {
  /** Who is asking; null for an anonymous request (a citizen on the public portal). */
  principal: Principal | null;
  /** The cookie session, when the principal signed in with one; pages put its `csrfToken` in forms. */
  session: ActiveSession | null;
  /** The raw cookie value of a valid session (what sign-out needs). */
  sessionToken: string | null;
  /** Why a presented session was refused (`session_expired`), so a 401 can say so. */
  authFailure: AccessFailure | null;
  /**
   * The request's CSRF token can only be in its form (`_csrf`): `csrf` left the check to whoever
   * reads the form, after the route's guard (`checkFormCsrf`).
   */
  csrfInForm: boolean;
}

export type AccessEnv = { Variables: AccessVariables };

// The route kit (src/routing) types every route's context and permission with these.
declare module '../routing/route.ts' {
  interface RouteRegister {
    env: AccessEnv;
    permission: Permission;
  }
}

export interface AccessOptions {
  settings?: AccessSettings;
  /** The clock; tests pass a fixed one. The HTTP layer is the one place that reads it. */
  now?: () => Date;
  /**
   * Mark the session cookie Secure: `true` in production (TLS, also behind a proxy that terminates
   * it), `false` for http://localhost, `'auto'` (default) to follow the request's own scheme.
   */
  secureCookies?: boolean | 'auto';
  /**
   * Origins other than the server's own host that may send state-changing requests, e.g. the public
   * address when a proxy rewrites the Host header.
   */
  trustedOrigins?: readonly string[];
  /**
   * The proxies (addresses and CIDR networks, e.g. from AYNI_TRUSTED_PROXIES) whose
   * `X-Forwarded-For` is believed: the client is the rightmost address in it that is not one of them
   * (src/access/client-address.ts). Empty: the header is ignored, the socket's peer is the client.
   */
  trustedProxies?: readonly string[];
  /** The client's address for per-address limits; by default as `trustedProxies` says. */
  clientIp?: (c: Context) => string | null;
  /**
   * How a refusal is answered — and, for the routers built on this access (src/routing), a route's
   * own failures: the app's one answer for every failure (src/http/error-handler.ts), RFC 9457
   * problem details under /api/ and a page or the sign-in form elsewhere.
   */
  respond: (c: Context, failure: AccessFailure | RouteFailure) => Response | Promise<Response>;
}

/** The name of the CSRF header and of the hidden form field (for pages without JavaScript). */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const SECURE_COOKIE = '__Host-ayni_session';
const PLAIN_COOKIE = 'ayni_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `?lang=` first, then Accept-Language; Spanish by default (the same rule as the web pages).
 *
 * @example requestLang(c) // 'en' for Accept-Language: en-GB
 */
export function requestLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'en' || q === 'es') return q;
  return /^en\b/i.test((c.req.header('accept-language') ?? '').trim()) ? 'en' : 'es';
}

function peerAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Not behind @hono/node-server (tests calling app.request): no socket, no address.
    return null;
  }
}

/**
 * The access middleware set, to mount on the HTTP app:
 *
 * - `authenticate` (every request): a `Bearer` credential, else the session cookie, sets
 *   `principal`. A presented but invalid bearer credential is refused at once (401); an expired
 *   cookie is cleared and the request goes on anonymously, so public pages keep working.
 * - `csrf` (every request, after authenticate): a POST/PUT/PATCH/DELETE from a browser is refused
 *   (403 `csrf_mismatch`) when its `Origin` is foreign, and, when it rides on a session cookie,
 *   unless it carries the session's token in the `X-CSRF-Token` header or the `_csrf` form field.
 *   Bearer requests are exempt: a browser never adds that header on its own. It reads headers
 *   only: a token sent in the form is checked by `checkFormCsrf` once the form is read, which
 *   the route helper (src/routing/route.ts) does after the route's guard, so no body is read
 *   before the server knows who is calling and that they may. A route that bypasses the route
 *   helper and reads a form must call `checkFormCsrf` itself.
 * - `requirePermission(p)` (per route): 401 without a principal (`session_expired` when a session
 *   just ran out, else `authentication_required`), 403 `forbidden` when its roles lack `p`.
 *
 * @example
 *   const access = createAccess(app.db, { secureCookies: false });
 *   http.use('*', access.authenticate, access.csrf);
 *   http.post('/api/rounds', access.requirePermission('rounds.create'), (c) => …);
 */
export function createAccess(db: Database, options: AccessOptions) {
  const settings = options.settings ?? DEFAULT_ACCESS_SETTINGS;
  const now = options.now ?? (() => new Date());
  const proxies = parseNetworks((options.trustedProxies ?? []).join(','));
  if (!proxies.ok) throw new Error(`trustedProxies: ${proxies.bad} is not an IP address or network`);
  const trustedProxies = proxies.value.entries.length > 0 ? proxies.value : null;
  const clientIp =
    options.clientIp ??
    ((c: Context) => clientAddress(peerAddress(c), c.req.header('x-forwarded-for'), trustedProxies));
  const respond = options.respond;
  const trustedOrigins = new Set(options.trustedOrigins ?? []);

  const secure = (c: Context): boolean =>
    options.secureCookies === undefined || options.secureCookies === 'auto'
      ? new URL(c.req.url).protocol === 'https:'
      : options.secureCookies;
  const cookieName = (c: Context) => (secure(c) ? SECURE_COOKIE : PLAIN_COOKIE);

  /** Sends the session cookie: HttpOnly (no script reads it), SameSite=Strict, Path=/, Secure over TLS. */
  const setSessionCookie = (c: Context, sessionToken: string): void => {
    // No Max-Age: the cookie dies with the browser (shared office PCs); the server enforces expiry.
    setCookie(c, cookieName(c), sessionToken, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: secure(c),
      path: '/',
    });
  };
  const clearSessionCookie = (c: Context): void => {
    deleteCookie(c, cookieName(c), { httpOnly: true, sameSite: 'Strict', secure: secure(c), path: '/' });
  };

  const authenticate: MiddlewareHandler<AccessEnv> = async (c, next) => {
    c.set('principal', null);
    c.set('session', null);
    c.set('sessionToken', null);
    c.set('authFailure', null);
    c.set('csrfInForm', false);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const r = await authenticateCredential(db, authorization, now(), settings);
      if (!r.ok) return respond(c, r.error);
      c.set('principal', r.value);
      return next();
    }
    const token = getCookie(c, cookieName(c));
    if (token !== undefined) {
      const r = await authenticateSession(db, token, now(), settings);
      if (r.ok) {
        c.set('principal', r.value.principal);
        c.set('session', r.value);
        c.set('sessionToken', token);
      } else {
        c.set('authFailure', r.error);
        clearSessionCookie(c);
      }
    }
    return next();
  };

  const csrf: MiddlewareHandler<AccessEnv> = async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.get('principal')?.kind === 'credential') return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !sameHost(origin, c.req.url) && !trustedOrigins.has(origin))
      return respond(c, { code: 'csrf_mismatch' });
    const session = c.get('session');
    if (!session) return next();
    const header = c.req.header(CSRF_HEADER);
    if (header !== undefined)
      return csrfTokenMatches(session, header) ? next() : respond(c, { code: 'csrf_mismatch' });
    // Without the header the token can only be a form's field: checked when the form is read.
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) return respond(c, { code: 'csrf_mismatch' });
    c.set('csrfInForm', true);
    return next();
  };

  /**
   * The second half of `csrf`, for a form post whose token travels in the form: null when the
   * request needs no such check or `token` (the form's `_csrf`) is its session's; else the
   * refusal (403 `csrf_mismatch`).
   *
   * @example const refusal = access.checkFormCsrf(c, form._csrf); if (refusal) return refusal;
   */
  const checkFormCsrf = (c: Context<AccessEnv>, token: unknown): Response | Promise<Response> | null => {
    if (!c.get('csrfInForm')) return null;
    const session = c.get('session');
    if (session && csrfTokenMatches(session, typeof token === 'string' ? token : undefined)) return null;
    return respond(c, { code: 'csrf_mismatch' });
  };

  const requirePermission =
    (permission: Permission): MiddlewareHandler<AccessEnv> =>
    async (c, next) => {
      const principal = c.get('principal');
      if (!principal) return respond(c, c.get('authFailure') ?? { code: 'authentication_required' });
      if (!principal.permissions.has(permission)) return respond(c, { code: 'forbidden', permission });
      return next();
    };

  const requireSignedIn: MiddlewareHandler<AccessEnv> = async (c, next) => {
    if (!c.get('principal')) return respond(c, c.get('authFailure') ?? { code: 'authentication_required' });
    return next();
  };

  return {
    settings,
    now,
    clientIp,
    respond,
    /** The route kit's failures (input that fails its schema, a body over the limit), answered as every failure is. */
    answerFailure: (c: Context, failure: RouteFailure) => respond(c, failure),
    authenticate,
    csrf,
    checkFormCsrf,
    requirePermission,
    requireSignedIn,
    setSessionCookie,
    clearSessionCookie,
  };
}

export type Access = ReturnType<typeof createAccess>;

/**
 * Whether an `Origin` names the host the request was sent to. The scheme is not compared: behind a
 * proxy that terminates TLS the server sees http while the browser says https. `Origin: null`
 * (sandboxed frames, some redirects) never matches.
 */
function sameHost(origin: string, requestUrl: string): boolean {
  try {
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    return false;
  }
}

/** The content types a form is posted with; its CSRF token is then the `_csrf` field. */
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;
