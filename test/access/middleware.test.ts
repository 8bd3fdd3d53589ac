import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Context, Hono } from 'hono';
import {
  type AccessEnv,
  type AccessSettings,
  accessRoutes,
  createAccess,
  createAccount,
  createCredential,
  DEFAULT_ACCESS_SETTINGS,
  type Permission,
  ROLES,
  type Role,
  revokeCredential,
} from '../../src/access/index.ts';
import { appendAudit, cliActor, listAuditEntries } from '../../src/audit/index.ts';
import { respondAsApi } from '../../src/http/error-handler.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn } from '../helpers/sign-in.ts';

const SETTINGS: AccessSettings = {
  ...DEFAULT_ACCESS_SETTINGS,
  password: { ...DEFAULT_ACCESS_SETTINGS.password, argon2: { memoryKiB: 1024, timeCost: 1, parallelism: 1 } },
};
const ADMIN = cliActor('root');
const PASSWORD = 'correct horse battery';
const BASE = 'http://ayni.test';
/** This app has the access routes and no back office: officers sign in through the API. */
const VIA_API = { through: 'api', base: BASE } as const;

let t: TestDatabase;
let clock = new Date('2021-03-01T08:00:00.000Z');
const advance = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

/** The protected routes of this small app, each with the one permission it asks for. */
const ROUTES: { method: 'GET' | 'POST'; path: string; permission: Permission }[] = [
  { method: 'GET', path: '/rounds', permission: 'rounds.read' },
  { method: 'POST', path: '/rounds', permission: 'rounds.create' },
  { method: 'POST', path: '/rounds/1/approve', permission: 'rounds.approve' },
  { method: 'POST', path: '/payouts', permission: 'payments.pay' },
  { method: 'GET', path: '/audit', permission: 'audit.read' },
  { method: 'POST', path: '/accounts', permission: 'accounts.manage' },
];

function buildApp(secureCookies: boolean | 'auto' = false) {
  const access = createAccess(t.db, {
    settings: SETTINGS,
    now: () => clock,
    secureCookies,
    respond: respondAsApi,
  });
  const app = new Hono<AccessEnv>();
  app.use('*', access.authenticate, access.csrf);
  app.route('/api/session', accessRoutes(t.db, access));
  app.get('/public', (c) => c.text(`hello ${c.get('principal')?.id ?? 'anonymous'}`));
  app.post('/grievances', async (c) => c.json({ filed: (await c.req.parseBody())['text'] }));
  for (const r of ROUTES) {
    const handler = async (c: Context<AccessEnv>) => {
      const principal = c.get('principal')!;
      if (r.method === 'POST') {
        // A protected change records its actor, as every route will.
        await t.db.transaction((tx) =>
          appendAudit(tx, {
            at: clock,
            actor: principal.actor,
            action: 'test.changed',
            entityType: 'test',
            entityId: r.path,
          }),
        );
      }
      const type = c.req.header('content-type') ?? '';
      const form = type.includes('form') ? await c.req.parseBody() : {};
      return c.json({ by: principal.id, organisation: principal.organisation, form });
    };
    if (r.method === 'GET') app.get(r.path, access.requirePermission(r.permission), handler);
    else app.post(r.path, access.requirePermission(r.permission), handler);
  }
  return app;
}

let app: ReturnType<typeof buildApp>;

before(async () => {
  t = await createTestDatabase();
  app = buildApp();
  for (const role of Object.keys(ROLES) as Role[]) {
    if (!(ROLES[role].holders as readonly string[]).includes('account')) continue;
    const r = await createAccount(
      t.db,
      {
        username: `user.${role}`,
        displayName: role,
        roles: [role],
        password: PASSWORD,
        actor: ADMIN,
        now: clock,
      },
      SETTINGS,
    );
    assert.ok(r.ok);
  }
});
after(async () => {
  await t.dispose();
});

/** The RFC 9457 problem details of a refusal, with its message (`detail`) as `message`. */
async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const problem = (await res.json()) as { code: string; detail: string };
  return { code: problem.code, message: problem.detail };
}

describe('access middleware', () => {
  test('anonymous: public pages work, protected routes answer 401 in Spanish or English', async () => {
    const pub = await app.request(`${BASE}/public`);
    assert.equal(pub.status, 200);
    assert.equal(await pub.text(), 'hello anonymous');
    const es = await app.request(`${BASE}/rounds`);
    assert.equal(es.status, 401);
    assert.deepEqual(await errorOf(es), {
      code: 'authentication_required',
      message: 'Debe ingresar para usar esta función.',
    });
    const en = await app.request(`${BASE}/rounds`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    assert.equal((await errorOf(en)).message, 'You must sign in to use this.');
    // Anonymous form posts (the citizen portal) need no token, only a same-site origin.
    const form = await app.request(`${BASE}/grievances`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
      body: 'text=no+me+pagaron',
    });
    assert.equal(form.status, 200);
    assert.deepEqual(await form.json(), { filed: 'no me pagaron' });
  });

  test('sign-in sets an HttpOnly, SameSite=Strict, Path=/ cookie; Secure and __Host- over https', async () => {
    const res = await app.request(`${BASE}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'user.bono_officer', password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^ayni_session=[A-Za-z0-9_-]{43}; /);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure|Max-Age|Expires/);
    assert.equal(res.headers.get('cache-control'), 'no-store');

    const secureApp = buildApp('auto');
    const tls = await secureApp.request('https://ayni.test/api/session/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'user.bono_officer', password: PASSWORD }),
    });
    assert.equal(tls.status, 200);
    const secureCookie = tls.headers.get('set-cookie')!;
    assert.match(secureCookie, /^__Host-ayni_session=/);
    assert.match(secureCookie, /Secure/);
    const plain = await secureApp.request(`${BASE}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'user.bono_officer', password: PASSWORD }),
    });
    assert.match(plain.headers.get('set-cookie')!, /^ayni_session=/, "'auto' follows the request's scheme");
  });

  test('sign-in failures: 401 invalid_credentials, then 429 account_locked with Retry-After', async () => {
    const attempt = (username: string, password: string) =>
      app.request(`${BASE}/api/session/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      });
    const wrong = await attempt('user.auditor', 'wrong password!');
    assert.equal(wrong.status, 401);
    assert.deepEqual(await errorOf(wrong), {
      code: 'invalid_credentials',
      message: 'Usuario o contraseña incorrectos.',
    });
    const unknown = await attempt('nobody.at.all', 'wrong password!');
    assert.equal(unknown.status, 401);
    assert.equal((await errorOf(unknown)).code, 'invalid_credentials');
    const malformed = await app.request(`${BASE}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    assert.equal(malformed.status, 401);
    for (let i = 0; i < 3; i++) await attempt('user.auditor', 'wrong password!');
    const locked = await attempt('user.auditor', 'wrong password!');
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('retry-after'), '900');
    assert.equal((await errorOf(locked)).code, 'account_locked');
    advance(15);
    assert.equal((await attempt('user.auditor', PASSWORD)).status, 200);
  });

  test('a cookie session: reads pass, writes need the CSRF token (header or form field) and a same-site origin', async () => {
    const b = await signIn(app, 'user.bono_officer', PASSWORD, VIA_API);
    const headers = { cookie: b.cookie };
    const read = await app.request(`${BASE}/rounds`, { headers });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { by: string }).by, 'user.bono_officer');

    const noToken = await app.request(`${BASE}/rounds`, { method: 'POST', headers });
    assert.equal(noToken.status, 403);
    assert.equal((await errorOf(noToken)).code, 'csrf_mismatch');
    const wrongToken = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': 'A'.repeat(43) },
    });
    assert.equal(wrongToken.status, 403);

    const withHeader = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': b.csrf, origin: BASE },
    });
    assert.equal(withHeader.status, 200);

    const withField = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: b.csrf, name: 'Ronda 1' }).toString(),
    });
    assert.equal(withField.status, 200);
    assert.deepEqual(((await withField.json()) as { form: unknown }).form, {
      _csrf: b.csrf,
      name: 'Ronda 1',
    });

    const foreign = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': b.csrf, origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal((await errorOf(foreign)).code, 'csrf_mismatch');

    const other = await signIn(app, 'user.bono_officer', PASSWORD, VIA_API);
    const crossed = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': other.csrf },
    });
    assert.equal(crossed.status, 403, 'another session’s token is refused');

    const [entry] = await listAuditEntries(t.db, { last: 1 });
    assert.equal(entry!.actor, 'account:user.bono_officer');
  });

  test('the origin check compares hosts, so a proxy terminating TLS does not break forms', async () => {
    const b = await signIn(app, 'user.bono_officer', PASSWORD, VIA_API);
    const viaProxy = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, origin: 'https://ayni.test' },
    });
    assert.equal(viaProxy.status, 200);
    const nullOrigin = await app.request(`${BASE}/rounds`, {
      method: 'POST',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, origin: 'null' },
    });
    assert.equal(nullOrigin.status, 403);
  });

  test('signing in again in the same browser ends the session it had', async () => {
    const first = await signIn(app, 'user.bono_officer', PASSWORD, VIA_API);
    const again = await app.request(`${BASE}/api/session/login`, {
      method: 'POST',
      headers: { cookie: first.cookie, 'x-csrf-token': first.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'user.bono_approver', password: PASSWORD }),
    });
    assert.equal(again.status, 200);
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    assert.notEqual(second, first.cookie);
    assert.equal((await app.request(`${BASE}/rounds`, { headers: { cookie: first.cookie } })).status, 401);
    const me = await app.request(`${BASE}/api/session`, { headers: { cookie: second } });
    assert.equal(((await me.json()) as { id: string }).id, 'user.bono_approver');
  });

  test('a login form posted from a foreign site is refused (login CSRF)', async () => {
    const res = await app.request(`${BASE}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ username: 'user.bono_officer', password: PASSWORD }).toString(),
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
  });

  test('signed in without the permission: 403 forbidden naming it', async () => {
    const b = await signIn(app, 'user.bono_officer', PASSWORD, VIA_API);
    const res = await app.request(`${BASE}/rounds/1/approve`, {
      method: 'POST',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
    });
    assert.equal(res.status, 403);
    assert.deepEqual(await errorOf(res), {
      code: 'forbidden',
      message: 'Su rol no permite esta acción (rounds.approve).',
    });
  });

  test('an expired session: 401 session_expired and the cookie is cleared', async () => {
    const b = await signIn(app, 'user.bono_approver', PASSWORD, VIA_API);
    assert.equal((await app.request(`${BASE}/rounds`, { headers: { cookie: b.cookie } })).status, 200);
    advance(31);
    const res = await app.request(`${BASE}/rounds`, { headers: { cookie: b.cookie } });
    assert.equal(res.status, 401);
    assert.equal((await errorOf(res)).code, 'session_expired');
    assert.match(res.headers.get('set-cookie') ?? '', /^ayni_session=; Max-Age=0/);
    const pub = await app.request(`${BASE}/public`, { headers: { cookie: b.cookie } });
    assert.equal(pub.status, 200, 'public pages still answer');
  });

  test('session info and sign-out', async () => {
    const b = await signIn(app, 'user.auditor', PASSWORD, VIA_API);
    const me = await app.request(`${BASE}/api/session`, { headers: { cookie: b.cookie } });
    assert.equal(me.status, 200);
    const body = (await me.json()) as {
      id: string;
      permissions: string[];
      csrfToken: string;
      roles: string[];
    };
    assert.equal(body.id, 'user.auditor');
    assert.equal(body.csrfToken, b.csrf);
    assert.deepEqual(body.roles, ['auditor']);
    assert.ok(body.permissions.includes('audit.read'));
    const noCsrf = await app.request(`${BASE}/api/session/logout`, {
      method: 'POST',
      headers: { cookie: b.cookie },
    });
    assert.equal(noCsrf.status, 403, 'sign-out is a change too');
    const out = await app.request(`${BASE}/api/session/logout`, {
      method: 'POST',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
    });
    assert.equal(out.status, 204);
    assert.equal((await listAuditEntries(t.db, { last: 1 }))[0]!.action, 'session.ended');
    const after = await app.request(`${BASE}/api/session`, { headers: { cookie: b.cookie } });
    assert.equal(after.status, 401);
    assert.equal((await errorOf(after)).code, 'session_expired');
  });

  test('bank credentials: Bearer auth, exempt from CSRF, bound to the organisation, revocable', async () => {
    const r = await createCredential(t.db, {
      organisation: 'BUNIBOLX',
      roles: ['bank'],
      actor: ADMIN,
      now: clock,
    });
    assert.ok(r.ok);
    const auth = { authorization: `Bearer ${r.value.token}` };
    const pay = await app.request(`${BASE}/payouts`, {
      method: 'POST',
      headers: { ...auth, origin: 'https://bank.example' },
    });
    assert.equal(pay.status, 200);
    assert.deepEqual(await pay.json(), { by: r.value.credential.id, organisation: 'BUNIBOLX', form: {} });
    assert.equal(
      (await listAuditEntries(t.db, { last: 1 }))[0]!.actor,
      `credential:${r.value.credential.id}`,
    );
    const rounds = await app.request(`${BASE}/rounds`, { headers: auth });
    assert.equal(rounds.status, 403);

    const bad = await app.request(`${BASE}/public`, {
      headers: { authorization: `Bearer ${r.value.credential.id}.${'B'.repeat(43)}` },
    });
    assert.equal(bad.status, 401, 'a presented but wrong credential is refused even on public routes');
    assert.equal((await errorOf(bad)).code, 'invalid_credentials');
    assert.equal(bad.headers.get('www-authenticate'), 'Bearer realm="ayni"');

    await revokeCredential(t.db, { id: r.value.credential.id, actor: ADMIN, now: clock });
    const revoked = await app.request(`${BASE}/payouts`, { method: 'POST', headers: auth });
    assert.equal(revoked.status, 401);
  });

  test('route × role: each role reaches exactly the routes its permissions allow', async () => {
    const holders: { role: Role; headers: Record<string, string> }[] = [];
    for (const role of Object.keys(ROLES) as Role[]) {
      const kinds = ROLES[role].holders as readonly string[];
      if (kinds.includes('account')) {
        const b = await signIn(app, `user.${role}`, PASSWORD, VIA_API);
        holders.push({ role, headers: { cookie: b.cookie, 'x-csrf-token': b.csrf } });
      }
      if (kinds.includes('credential')) {
        const c = await createCredential(t.db, {
          organisation: role === 'bank' ? 'BNBOBOLX' : 'CONTRALORIA',
          roles: [role],
          actor: ADMIN,
          now: clock,
        });
        assert.ok(c.ok);
        holders.push({ role, headers: { authorization: `Bearer ${c.value.token}` } });
      }
    }
    for (const h of holders) {
      for (const r of ROUTES) {
        const res = await app.request(`${BASE}${r.path}`, { method: r.method, headers: h.headers });
        const allowed = (ROLES[h.role].permissions as readonly Permission[]).includes(r.permission);
        assert.equal(res.status, allowed ? 200 : 403, `${h.role} ${r.method} ${r.path}`);
      }
    }
  });
});
