import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import {
  type AccessSettings,
  accessRoutes,
  accessUserError,
  createAccess,
  createAccount,
  DEFAULT_ACCESS_SETTINGS,
} from '../../src/access/index.ts';
import { cliActor } from '../../src/audit/index.ts';
import { notFound, onError, respondToAccessFailure, SIGN_IN_PATH } from '../../src/http/error-handler.ts';
import { HTTP_ERROR_CATALOGUE, httpError } from '../../src/http/errors.ts';
import { requestLogging } from '../../src/http/request-log.ts';
import { createRouter, defineRoute, mountRoutes, type RouteSpec } from '../../src/routing/route.ts';
import { UserError } from '../../src/shared/errors.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn } from '../helpers/sign-in.ts';

/**
 * One error format for the whole server: JSON `{ error: { code, message } }` under /api/, an error
 * page elsewhere, sign-in by redirect for pages; stable codes with Spanish and English messages;
 * nothing of an unexpected failure shown.
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
    respond: respondToAccessFailure,
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
  defineRoute(
    router,
    throwing('/api/paid', 'paid', () => httpError('already_paid', { paidAt: '2020-12-02T10:00:00.000Z' })),
  );
  defineRoute(
    router,
    throwing(
      '/api/own-round',
      'ownRound',
      () => new UserError('round_own_approval', 'You created this round.'),
    ),
  );
  defineRoute(
    router,
    throwing('/api/not-found-user-error', 'nf', () => new UserError('not_found', 'gone')),
  );
  defineRoute(
    router,
    throwing('/api/forbidden', 'forbidden', () =>
      accessUserError({ code: 'forbidden', detail: 'rounds.approve' }),
    ),
  );
  defineRoute(
    router,
    throwing('/api/too-large', 'tooLarge', () => new HTTPException(413)),
  );
  const unreadable = () =>
    new UserError(
      'status_file_unreadable',
      '/srv/ayni/data/uploads/4f3a9c/respuesta banco.xml: not well-formed (line 1); see /var/lib/ayni/x.log',
    );
  defineRoute(router, throwing('/api/unreadable', 'apiUnreadable', unreadable));
  defineRoute(router, throwing('/unreadable', 'pageUnreadable', unreadable));
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

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}

describe('error answers', () => {
  test('an unexpected failure: 500 internal_error, logged, its detail never shown', async () => {
    logged.length = 0;
    const api = await app.request('/api/boom');
    assert.equal(api.status, 500);
    const body = await api.text();
    assert.doesNotMatch(body, /10\.0\.0\.5/);
    assert.deepEqual(JSON.parse(body), {
      error: { code: 'internal_error', message: HTTP_ERROR_CATALOGUE.internal_error.es },
    });
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

  test('a catalogued error: its status, message in the reader’s language, and details', async () => {
    const res = await app.request('/api/paid');
    assert.equal(res.status, 409);
    assert.deepEqual(await errorOf(res), {
      code: 'already_paid',
      message: 'La persona ya cobró el bono.',
      details: { paidAt: '2020-12-02T10:00:00.000Z' },
    });
    const en = await app.request('/api/paid', { headers: { 'accept-language': 'en' } });
    assert.equal((await errorOf(en)).message, 'The person has already been paid the bono.');
    assert.equal(en.headers.get('content-language'), 'en');
    const coded = await app.request('/api/not-found-user-error?lang=en');
    assert.equal(coded.status, 404, 'a UserError with a catalogued code takes the catalogue’s status');
    assert.equal((await errorOf(coded)).message, HTTP_ERROR_CATALOGUE.not_found.en);
  });

  test('a domain’s UserError without a catalogue entry: 422 with its own message', async () => {
    const res = await app.request('/api/own-round');
    assert.equal(res.status, 422);
    assert.deepEqual(await errorOf(res), { code: 'round_own_approval', message: 'You created this round.' });
  });

  test('an access failure thrown by a route is answered like the guard’s', async () => {
    const res = await app.request('/api/forbidden');
    assert.equal(res.status, 403);
    assert.deepEqual(await errorOf(res), {
      code: 'forbidden',
      message: 'Su rol no permite esta acción (rounds.approve).',
    });
  });

  test('a message naming a file on the server shows the file’s own name only', async () => {
    const api = await errorOf(await app.request('/api/unreadable'));
    assert.equal(api.code, 'status_file_unreadable');
    assert.equal(api.message, 'respuesta banco.xml: not well-formed (line 1); see x.log');
    const page = await (await app.request('/unreadable')).text();
    assert.match(page, /respuesta banco\.xml: not well-formed/);
    assert.doesNotMatch(page, /\/srv\/|uploads|\/var\/lib/);
  });

  test('Hono’s own refusals keep their status in the same shape', async () => {
    const res = await app.request('/api/too-large');
    assert.equal(res.status, 413);
    assert.equal((await errorOf(res)).code, 'request_invalid');
  });

  test('an unknown address: 404 not_found, JSON under /api/ and a page elsewhere', async () => {
    const api = await app.request('/api/nothing-here');
    assert.equal(api.status, 404);
    assert.equal((await errorOf(api)).code, 'not_found');
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
    assert.deepEqual(await errorOf(api), {
      code: 'authentication_required',
      message: 'Debe ingresar para usar esta función.',
    });
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
    assert.equal((await errorOf(api)).code, 'forbidden');
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

test('the catalogue: every code has a 4xx/5xx status and distinct Spanish and English messages', () => {
  for (const [code, text] of Object.entries(HTTP_ERROR_CATALOGUE)) {
    assert.match(code, /^[a-z]+(_[a-z0-9]+)*$/, code);
    assert.ok(text.status >= 400 && text.status < 600, code);
    assert.ok(text.es.length > 10 && text.en.length > 10, code);
    assert.notEqual(text.es, text.en, code);
  }
});
