import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import {
  type AccessSettings,
  accessRoutes,
  createAccess,
  createAccount,
  DEFAULT_ACCESS_SETTINGS,
} from '../../src/access/index.ts';
import { cliActor } from '../../src/audit/index.ts';
import { notFound, onError, respondToFailure, SIGN_IN_PATH } from '../../src/http/error-handler.ts';
import type { Problem } from '../../src/http/problem.ts';
import { requestLogging } from '../../src/http/request-log.ts';
import { describeFailure, FAILURE_CODES, failureStatus, failureTitle } from '../../src/messages/index.ts';
import { createRouter, defineRoute, mountRoutes, type RouteSpec } from '../../src/routing/route.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn } from '../helpers/sign-in.ts';

/**
 * One failure model for the whole server (docs/adr/0009-one-failure-model.md): RFC 9457 problem
 * details (`application/problem+json`) under /api/, an error page elsewhere, sign-in by redirect for
 * pages; stable codes with Spanish and English words from src/messages; nothing of an unexpected
 * failure shown.
 */

const SETTINGS: AccessSettings = {
  ...DEFAULT_ACCESS_SETTINGS,
  password: { ...DEFAULT_ACCESS_SETTINGS.password, argon2: { memoryKiB: 1024, timeCost: 1, parallelism: 1 } },
};
const PASSWORD = 'correct horse battery';

let t: TestDatabase;
let app: ReturnType<typeof buildApp>;
/** The server's log lines, as JSON. */
const logged: Record<string, unknown>[] = [];

function buildApp() {
  const access = createAccess(t.db, {
    settings: SETTINGS,
    secureCookies: false,
    respond: respondToFailure,
  });
  const router = createRouter(access);
  const log = createLogger({
    level: 'error',
    destination: { write: (l: string) => logged.push(JSON.parse(l)) },
  });
  router.hono.use('*', ...requestLogging(log));
  router.hono.use('*', access.authenticate, access.csrf);
  router.hono.onError(onError);
  router.hono.notFound(notFound);
  mountRoutes(router, '/api/session', accessRoutes(t.db, access));
  const throwing = (path: string, operationId: string, error: () => unknown): RouteSpec => ({
    method: 'get',
    path,
    operationId,
    summary: { es: 'x', en: 'x' },
    tags: ['test'],
    access: { public: true },
    responses: { 200: { description: 'never', empty: true } },
    handler: () => {
      throw error();
    },
  });
  defineRoute(
    router,
    throwing('/api/boom', 'apiBoom', () => new Error('connection to 10.0.0.5 refused')),
  );
  defineRoute(
    router,
    throwing('/boom', 'pageBoom', () => new Error('connection to 10.0.0.5 refused')),
  );
  const paidAt = new Date('2020-12-02T10:00:00.000Z');
  const paid: RouteSpec = {
    method: 'get',
    path: '/api/paid',
    operationId: 'paid',
    summary: { es: 'x', en: 'x' },
    tags: ['test'],
    access: { public: true },
    responses: { 409: { description: 'already paid', problem: true } },
    handler: (c) =>
      respondToFailure(c, {
        code: 'already_paid',
        paidElsewhere: { paidAt, bankBic: 'BUNIBOLX', paymentPoint: 'Agencia Calacoto', channel: 'counter' },
      }),
  };
  defineRoute(router, paid);
  // Expected failures are returned; anything thrown is a bug, even an error that carries a code.
  defineRoute(
    router,
    throwing('/api/thrown-code', 'thrownCode', () =>
      Object.assign(new Error('round 7 was created by ana.oficial'), { code: 'maker_checker' }),
    ),
  );
  defineRoute(router, {
    method: 'get',
    path: '/api/forbidden',
    operationId: 'forbidden',
    summary: { es: 'x', en: 'x' },
    tags: ['test'],
    access: { public: true },
    responses: { 403: { description: 'refused', problem: true } },
    handler: (c) => respondToFailure(c, { code: 'forbidden', permission: 'rounds.approve' }),
  });
  defineRoute(
    router,
    throwing('/api/too-large', 'tooLarge', () => new HTTPException(413)),
  );
  const unreadable = (path: string, operationId: string): RouteSpec => ({
    method: 'get',
    path,
    operationId,
    summary: { es: 'x', en: 'x' },
    tags: ['test'],
    access: { public: true },
    responses: { 404: { description: 'not found', problem: true } },
    handler: (c) =>
      respondToFailure(c, {
        code: 'file_not_found',
        filePath: '/srv/ayni/data/uploads/4f3a9c/respuesta banco.xml',
      }),
  });
  defineRoute(router, unreadable('/api/unreadable', 'apiUnreadable'));
  defineRoute(router, unreadable('/unreadable', 'pageUnreadable'));
  defineRoute(router, {
    method: 'get',
    path: '/oficina/rondas',
    operationId: 'roundsPage',
    summary: { es: 'Rondas', en: 'Rounds' },
    tags: ['pages'],
    access: { permission: 'rounds.read' },
    request: { query: z.object({ x: z.string().optional() }) },
    responses: { 200: { description: 'the page', html: true } },
    handler: (c) => c.html('<p>rondas</p>'),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/rounds',
    operationId: 'listRounds',
    summary: { es: 'Rondas', en: 'Rounds' },
    tags: ['bono'],
    access: { permission: 'rounds.read' },
    responses: { 200: { description: 'rounds', schema: z.array(z.unknown()) } },
    handler: (c) => c.json([]),
  });
  return router.hono;
}

before(async () => {
  t = await createTestDatabase();
  app = buildApp();
  const r = await createAccount(
    t.db,
    {
      username: 'admin.one',
      displayName: 'Admin',
      roles: ['administrator'],
      password: PASSWORD,
      actor: cliActor('root'),
      now: new Date(),
    },
    SETTINGS,
  );
  assert.ok(r.ok);
});
after(async () => {
  await t.dispose();
});

/** The problem details of an API answer, checked to be one (RFC 9457's media type and members). */
async function problemOf(res: Response) {
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const p = (await res.json()) as Problem;
  assert.equal(p.type, `tag:ayni.bo,2026:problem/${p.code}`);
  assert.equal(p.status, res.status);
  return p;
}

describe('error answers', () => {
  test('an unexpected failure: 500 internal_error, logged, its detail never shown', async () => {
    logged.length = 0;
    const api = await app.request('/api/boom');
    assert.equal(api.status, 500);
    const body = await api.text();
    assert.doesNotMatch(body, /10\.0\.0\.5/);
    const es = describeFailure({ code: 'internal_error' }, 'es');
    assert.deepEqual(JSON.parse(body), {
      type: 'tag:ayni.bo,2026:problem/internal_error',
      title: es.title,
      status: 500,
      detail: es.detail,
      code: 'internal_error',
    });
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
    const page = await app.request('/boom?lang=en');
    assert.equal(page.status, 500);
    const html = await page.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /Something went wrong on our side/);
    assert.doesNotMatch(html, /10\.0\.0\.5/);
    // The server log keeps what the client does not see, each line with its request's id.
    assert.deepEqual(
      logged.map((l) => [l['requestId'], (l['err'] as { message: string }).message]),
      [
        [api.headers.get('x-request-id'), 'connection to 10.0.0.5 refused'],
        [page.headers.get('x-request-id'), 'connection to 10.0.0.5 refused'],
      ],
    );
  });

  test('a failure value: its status, words in the reader’s language, its fields as members', async () => {
    const res = await app.request('/api/paid');
    assert.equal(res.status, 409);
    assert.deepEqual(await problemOf(res), {
      type: 'tag:ayni.bo,2026:problem/already_paid',
      title: 'La persona ya cobró el bono.',
      status: 409,
      detail: 'La persona ya cobró el bono.',
      code: 'already_paid',
      paidElsewhere: {
        paidAt: '2020-12-02T10:00:00.000Z',
        bankBic: 'BUNIBOLX',
        paymentPoint: 'Agencia Calacoto',
        channel: 'counter',
      },
    });
    const en = await app.request('/api/paid', { headers: { 'accept-language': 'en' } });
    assert.equal((await problemOf(en)).title, 'The person has already been paid the bono.');
    assert.equal(en.headers.get('content-language'), 'en');
  });

  test('an error thrown with a code is still a bug: 500 internal_error, its words never shown', async () => {
    const res = await app.request('/api/thrown-code?lang=en');
    assert.equal(res.status, 500);
    const p = await problemOf(res);
    assert.equal(p.code, 'internal_error');
    assert.equal(p.detail, failureTitle('internal_error', 'en'));
    assert.doesNotMatch(JSON.stringify(p), /ana\.oficial|maker_checker/);
  });

  test('an access failure answered by a route is answered like the guard’s', async () => {
    const res = await app.request('/api/forbidden');
    assert.equal(res.status, 403);
    const p = await problemOf(res);
    assert.equal(p.code, 'forbidden');
    assert.equal(p.title, 'Su rol no permite esta acción.');
    assert.equal(p.detail, 'Su rol no permite esta acción (rounds.approve).');
    // The permission travels as a typed extension member, not only in the words.
    assert.equal(p.permission, 'rounds.approve');
  });

  test('a message naming a file on the server shows the file’s own name only', async () => {
    const res = await app.request('/api/unreadable?lang=en');
    assert.equal(res.status, 404);
    const body = await res.text();
    assert.doesNotMatch(body, /\/srv\/|uploads/, 'neither in the words nor in the failure’s fields');
    const api = JSON.parse(body) as { code: string; detail: string; filePath: string };
    assert.equal(api.code, 'file_not_found');
    assert.equal(api.detail, 'File not found: respuesta banco.xml. Check the path.');
    assert.equal(api.filePath, 'respuesta banco.xml');
    const page = await (await app.request('/unreadable?lang=en')).text();
    assert.match(page, /respuesta banco\.xml/);
    assert.doesNotMatch(page, /\/srv\/|uploads/);
  });

  test('Hono’s own refusals keep their status in the same shape', async () => {
    const res = await app.request('/api/too-large');
    assert.equal(res.status, 413);
    assert.equal((await problemOf(res)).code, 'request_invalid');
  });

  test('an unknown address: 404 not_found, JSON under /api/ and a page elsewhere', async () => {
    const api = await app.request('/api/nothing-here');
    assert.equal(api.status, 404);
    assert.equal((await problemOf(api)).code, 'not_found');
    const page = await app.request('/nada');
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /Página no encontrada/);
  });
});

describe('access refusals', () => {
  test('a page asks an anonymous reader to sign in and come back; the API answers 401', async () => {
    const page = await app.request('/oficina/rondas?x=1');
    assert.equal(page.status, 303);
    const location = new URL(page.headers.get('location')!, 'http://x');
    assert.equal(location.pathname, SIGN_IN_PATH);
    assert.equal(location.searchParams.get('next'), '/oficina/rondas?x=1');
    assert.equal(location.searchParams.get('expired'), null);
    const en = await app.request('/oficina/rondas?lang=en');
    assert.equal(new URL(en.headers.get('location')!, 'http://x').searchParams.get('lang'), 'en');
    const api = await app.request('/api/rounds');
    assert.equal(api.status, 401);
    const p = await problemOf(api);
    assert.equal(p.code, 'authentication_required');
    assert.equal(p.detail, 'Debe ingresar para usar esta función.');
  });

  test('signed in without the permission: a 403 page for pages, 403 forbidden JSON for the API', async () => {
    const { cookie } = await signIn(app, 'admin.one', PASSWORD, { through: 'api' });
    const page = await app.request('/oficina/rondas?lang=en', { headers: { cookie } });
    assert.equal(page.status, 403);
    const html = await page.text();
    assert.match(html, /data-error-code="forbidden"/);
    assert.match(html, /Your role does not allow this \(rounds\.read\)/);
    const api = await app.request('/api/rounds', { headers: { cookie } });
    assert.equal(api.status, 403);
    assert.equal((await problemOf(api)).code, 'forbidden');
  });

  test('a wrong bearer credential is refused with WWW-Authenticate, on pages too', async () => {
    const res = await app.request('/oficina/rondas', {
      headers: { authorization: `Bearer ak_0123456789abcdef.${'A'.repeat(43)}` },
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="ayni"');
    assert.match(await res.text(), /data-error-code="invalid_credentials"/);
  });
});

test('the catalogue: every code has a 4xx/5xx status and distinct Spanish and English titles', () => {
  assert.ok(FAILURE_CODES.length > 30, 'route, access and bono failures at least');
  for (const code of FAILURE_CODES) {
    // snake_case from a letter; a word may carry digits (ISO 20022 message names: pain001_empty).
    assert.match(code, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, code);
    const status = failureStatus({ code } as Parameters<typeof failureStatus>[0]);
    assert.ok(status >= 400 && status < 600, code);
    const es = failureTitle(code, 'es');
    const en = failureTitle(code, 'en');
    assert.ok(es.length > 10 && en.length > 10, code);
    assert.notEqual(es, en, code);
  }
});
