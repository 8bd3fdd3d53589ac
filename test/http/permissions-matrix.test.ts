import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  createAccount,
  createCredential,
  type Holder,
  ROLE_NAMES,
  ROLES,
  type Role,
  roleGrants,
} from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { SIGN_IN_PATH } from '../../src/http/error-handler.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { pathParams, type RouteMeta, routesOf } from '../../src/routing/route.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn } from '../helpers/sign-in.ts';

/**
 * Every route of the real app × every role (and nobody), each with a real request: the route ×
 * role matrix of issue 5. The routes are read from the Hono app itself, so a route added anywhere
 * is tested at once, and one added without `defineRoute` (no access rule on record) fails here.
 *
 * Expected: nobody on a protected route → 401 (API) or a redirect to the sign-in page (pages); a
 * role without the route's permission → 403; a role with it → neither (an empty request may well
 * be refused as invalid, 400, or find nothing, 404). No request may crash the server (5xx).
 */

const ADMIN = cliActor('root');
const PASSWORD = 'matrix password 2020';
const BASE = 'http://ayni.test';

interface Caller {
  /** `anonymous`, or `<role> (account|credential)`. */
  name: string;
  role: Role | null;
  holder: Holder | null;
  headers: Record<string, string>;
  csrf: string | null;
}

let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
const callers: Caller[] = [];

async function useSession(caller: Caller, username: string): Promise<void> {
  const s = await signIn(http, username, PASSWORD, { through: 'api', base: BASE });
  caller.headers = { cookie: s.cookie };
  caller.csrf = s.csrf;
}

before(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  const now = new Date();
  callers.push({ name: 'anonymous', role: null, holder: null, headers: {}, csrf: null });
  for (const role of ROLE_NAMES) {
    const holders = ROLES[role].holders as readonly Holder[];
    if (holders.includes('account')) {
      const created = await createAccount(t.db, {
        username: `matrix.${role}`,
        displayName: role,
        roles: [role],
        password: PASSWORD,
        actor: ADMIN,
        now,
      });
      assert.ok(created.ok);
      const caller: Caller = { name: `${role} (account)`, role, holder: 'account', headers: {}, csrf: null };
      await useSession(caller, `matrix.${role}`);
      callers.push(caller);
    }
    if (holders.includes('credential')) {
      const issued = await createCredential(t.db, {
        organisation: role === 'bank' ? 'BUNIBOLX' : 'CONTRALORIA',
        roles: [role],
        actor: ADMIN,
        now,
      });
      assert.ok(issued.ok);
      callers.push({
        name: `${role} (credential)`,
        role,
        holder: 'credential',
        headers: { authorization: `Bearer ${issued.value.token}` },
        csrf: null,
      });
    }
  }
});
after(async () => {
  await t.dispose();
});

function allowed(route: RouteMeta, caller: Caller): boolean {
  const access = route.access;
  if ('public' in access) return true;
  if (caller.role === null) return false;
  if ('signedIn' in access) return true;
  return roleGrants(caller.role, access.permission);
}

/** A concrete address for a route: each path parameter gets its schema's example, else `1`. */
function concretePath(route: RouteMeta): string {
  const shape = route.request.params?.shape ?? {};
  let p = route.path;
  for (const name of pathParams(route.path)) {
    const examples = (shape[name]?.meta() as { examples?: unknown[] } | undefined)?.examples;
    const value = encodeURIComponent(String(examples?.[0] ?? '1'));
    p = p.replace(new RegExp(`:${name}(\\{[^}]*\\})?\\??`), value);
  }
  return p;
}

/** The request a caller sends to a route: empty input, the session's CSRF token on a change. */
function requestFor(route: RouteMeta, caller: Caller): RequestInit {
  const headers: Record<string, string> = { ...caller.headers };
  const init: RequestInit = { method: route.method.toUpperCase(), headers };
  if (route.method === 'get') return init;
  if (caller.csrf) headers['x-csrf-token'] = caller.csrf;
  if (route.request.body) {
    headers['content-type'] = 'application/json';
    init.body = '{}';
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = caller.csrf ? new URLSearchParams({ _csrf: caller.csrf }).toString() : '';
  }
  return init;
}

async function errorCode(res: Response): Promise<string | null> {
  if (!(res.headers.get('content-type') ?? '').includes('json')) return null;
  const body = (await res.clone().json()) as { code?: string };
  return body.code ?? null;
}

/**
 * Whether a page answered "sign in first": a redirect to the sign-in page naming the page to come
 * back to (`next`), as the access guards send it.
 */
function toSignIn(res: Response): boolean {
  const location = res.headers.get('location');
  if ((res.status !== 302 && res.status !== 303) || location === null) return false;
  const target = new URL(location, BASE);
  return target.pathname === SIGN_IN_PATH && target.searchParams.has('next');
}

/** Whether a 403 is the wealth tax's refusal of a representative without a mandate (API or page). */
async function mandateRefusal(res: Response): Promise<boolean> {
  if ((await errorCode(res)) === 'not_mandated') return true;
  return (await res.clone().text()).includes('data-refusal="not_mandated"');
}

/** What is wrong with an answer, or null when it is what the matrix expects. */
async function judge(route: RouteMeta, caller: Caller, res: Response): Promise<string | null> {
  const code = await errorCode(res);
  const got = `${res.status}${code ? ` ${code}` : ''}`;
  if (res.status >= 500) return `crashed: ${got}`;
  const page = route.surface === 'page';
  if (allowed(route, caller)) {
    // A representative holds the permission but no mandate (issue #20): the wealth-tax domain
    // refuses them, saying so (not_mandated) — not the access guard's 403.
    if (res.status === 403 && caller.role === 'tax_representative' && (await mandateRefusal(res)))
      return null;
    if (res.status === 403) return `refused (${got}) though allowed`;
    if (page && (res.status === 401 || toSignIn(res))) return `sent to sign in (${got}) though allowed`;
    // A public sign-in form may well answer 401 invalid_credentials to an empty request.
    if (!page && res.status === 401 && !('public' in route.access && code === 'invalid_credentials'))
      return `refused (${got}) though allowed`;
    return null;
  }
  if (caller.role === null) {
    if (page) return toSignIn(res) ? null : `expected a redirect to ${SIGN_IN_PATH}, got ${got}`;
    return res.status === 401 && code === 'authentication_required'
      ? null
      : `expected 401 authentication_required, got ${got}`;
  }
  if (res.status !== 403) return `expected 403, got ${got}`;
  if (!page && code !== 'forbidden') return `expected forbidden, got ${got}`;
  return null;
}

/** A 2xx JSON answer must match the schema the route documents for that status. */
async function schemaProblem(route: RouteMeta, res: Response): Promise<string | null> {
  const spec = route.responses[res.status];
  if (res.status >= 300 || !spec || !('schema' in spec)) return null;
  if (!(res.headers.get('content-type') ?? '').includes('json')) return `answered ${res.status} without JSON`;
  const checked = spec.schema.safeParse(await res.clone().json());
  return checked.success ? null : `answer does not match its documented schema: ${checked.error.message}`;
}

test('every route Hono serves is defined with defineRoute (access rule, schemas, responses on record)', () => {
  const registry = routesOf(http);
  const defined = new Set(registry.map((r) => `${r.method.toUpperCase()} ${r.path}`));
  const served = new Set<string>();
  const undefinedRoutes: string[] = [];
  for (const r of http.routes) {
    if (r.method === 'ALL') {
      // `use('*')`-style middleware; a handler for every method on one path would need a definition.
      assert.ok(r.path.endsWith('*'), `ALL ${r.path} is not middleware: define it with defineRoute`);
      continue;
    }
    const key = `${r.method} ${r.path}`;
    served.add(key);
    if (!defined.has(key)) undefinedRoutes.push(key);
  }
  assert.deepEqual(undefinedRoutes, [], 'routes without a definition: use defineRoute (see docs/http.md)');
  assert.deepEqual(
    [...defined].filter((k) => !served.has(k)),
    [],
    'routes in the registry that Hono does not serve',
  );
  for (const core of ['GET /', 'GET /health', 'GET /api/session', 'POST /api/session/login']) {
    assert.ok(defined.has(core), `${core} is in the registry`);
  }
  // The wealth tax's routes (issue #20): each role's answer on them is checked by the matrix below.
  for (const wealthTax of [
    'GET /api/wealth-tax/taxpayers/:nit/years/:year',
    'POST /api/wealth-tax/declarations',
    'POST /api/wealth-tax/imports',
    'POST /api/wealth-tax/payments',
    'GET /api/wealth-tax/simulation',
    'GET /oficina/impuesto-fortunas/:nit/:year',
    'POST /oficina/impuesto-fortunas/:nit/:year/pagos',
    'GET /oficina/impuesto-fortunas/mandatos',
    'POST /oficina/impuesto-fortunas/mandatos',
    'POST /oficina/impuesto-fortunas/mandatos/revocar',
    'GET /oficina/representacion',
    'GET /oficina/representacion/:nit/:year',
    'POST /oficina/representacion/:nit/:year/declaracion',
    'GET /oficina/representacion/:nit/:year/avisos/:kind',
  ])
    assert.ok(defined.has(wealthTax), `${wealthTax} is in the registry`);
});

test('route × role: nobody → 401 or sign-in, a role without the permission → 403, with it → through', async (ctx) => {
  const routes = routesOf(http);
  const problems: string[] = [];
  let requests = 0;
  for (const route of routes) {
    for (const caller of callers) {
      const url = `${BASE}${concretePath(route)}`;
      const res = await http.request(url, requestFor(route, caller));
      requests++;
      const where = `${route.method.toUpperCase()} ${route.path} as ${caller.name}`;
      const problem = (await judge(route, caller, res)) ?? (await schemaProblem(route, res));
      if (problem) problems.push(`${where}: ${problem}`);
      // A route that ended or replaced the session (sign-out) must not spoil the next requests.
      if (caller.holder === 'account' && /ayni_session=/.test(res.headers.get('set-cookie') ?? '')) {
        await useSession(caller, `matrix.${caller.role}`);
      }
    }
  }
  ctx.diagnostic(`${routes.length} routes × ${callers.length} callers = ${requests} requests`);
  assert.deepEqual(problems, []);
  assert.ok(requests >= routes.length * (1 + ROLE_NAMES.length));
});

test('the matrix can fail: a role without the permission is refused, a role with it is let through', async () => {
  const officer = callers.find((c) => c.name === 'bono_officer (account)')!;
  const bank = callers.find((c) => c.name === 'bank (credential)')!;
  const me = routesOf(http).find((r) => r.operationId === 'currentPrincipal')!;
  const res = await http.request(`${BASE}/api/session`, requestFor(me, bank));
  assert.equal(await judge(me, bank, res), null);
  const forged: RouteMeta = { ...me, access: { permission: 'accounts.manage' } };
  const wrongly = await http.request(`${BASE}/api/session`, requestFor(me, officer));
  assert.match((await judge(forged, officer, wrongly)) ?? '', /expected 403, got 200/);
  const anonymous = await http.request(`${BASE}/api/session`);
  assert.equal(await judge(me, callers[0]!, anonymous), null);
  assert.match((await judge({ ...me, access: { public: true } }, callers[0]!, anonymous)) ?? '', /refused/);
});
