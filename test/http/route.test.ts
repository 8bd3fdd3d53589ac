import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AccessEnv, Permission } from '../../src/access/index.ts';
import { onError, respondToFailure } from '../../src/http/error-handler.ts';
import {
  createRouter,
  defineRoute,
  mountRoutes,
  type RouteAccess,
  type RouteGuards,
  routesOf,
  sendJson,
  toJsonValue,
} from '../../src/routing/route.ts';

/**
 * The route helper on its own: validation and its answers in both languages, typed input, the
 * registry and its checks. Access itself is tested over a real database in
 * permissions-matrix.test.ts; here a guard only records that it ran.
 */

const guarded: string[] = [];
const guards: RouteGuards = {
  requirePermission:
    (p: Permission): MiddlewareHandler<AccessEnv> =>
    async (_c, next) => {
      guarded.push(p);
      await next();
    },
  requireSignedIn: async (_c, next) => {
    guarded.push('signed-in');
    await next();
  },
  // No session here, so never a CSRF token to find in a form.
  checkFormCsrf: () => null,
  answerFailure: respondToFailure,
};

function buildApp() {
  const router = createRouter(guards);
  router.hono.onError(onError);
  defineRoute(router, {
    method: 'post',
    path: '/api/rounds/:id{[0-9]+}/approve',
    operationId: 'approveRound',
    summary: { es: 'Aprobar', en: 'Approve' },
    tags: ['bono'],
    access: { permission: 'rounds.approve' },
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      query: z.object({ dryRun: z.enum(['yes', 'no']).default('no') }),
      headers: z.object({ 'idempotency-key': z.string().min(8) }),
      body: z.object({ note: z.string().max(10), amountCentavos: z.string().regex(/^[0-9]+$/) }),
    },
    responses: { 200: { description: 'ok', schema: z.object({ id: z.number() }) } },
    handler: (c, input) =>
      sendJson(c, {
        id: input.params.id,
        dryRun: input.query.dryRun,
        key: input.headers['idempotency-key'],
        note: input.body.note,
        amountCentavos: BigInt(input.body.amountCentavos) * 2n,
      }),
  });
  defineRoute(router, {
    method: 'post',
    path: '/bono/reclamo',
    operationId: 'fileGrievancePage',
    summary: { es: 'Reclamo', en: 'Grievance' },
    tags: ['pages'],
    access: { public: true },
    request: { form: z.object({ description: z.string().min(5) }) },
    responses: {
      303: { description: 'filed', redirect: true },
      400: { description: 'the form again', html: true },
    },
    handler: (c, { body }) => c.redirect(`/bono/reclamo/${body.description.length}`, 303),
  });
  return router;
}

const router = buildApp();
const app = router.hono;

const approve = (init: { path?: string; headers?: Record<string, string>; body?: string }) =>
  app.request(init.path ?? '/api/rounds/7/approve?dryRun=yes', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'key-0001', ...init.headers },
    body: init.body ?? JSON.stringify({ note: 'ok', amountCentavos: '50000' }),
  });

test('valid input reaches the handler parsed and typed; bigints leave as strings of digits', async () => {
  guarded.length = 0;
  const res = await approve({});
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(await res.json(), {
    id: 7,
    dryRun: 'yes',
    key: 'key-0001',
    note: 'ok',
    amountCentavos: '100000',
  });
  assert.deepEqual(guarded, ['rounds.approve'], 'the permission guard runs before the handler');
});

test('invalid input: 400 request_invalid listing every field at fault, in Spanish by default', async () => {
  const res = await approve({
    path: '/api/rounds/0/approve?dryRun=maybe',
    headers: { 'idempotency-key': 'short' },
    body: JSON.stringify({ note: 'far too long a note', amountCentavos: 12 }),
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const error = (await res.json()) as {
    type: string;
    status: number;
    code: string;
    title: string;
    detail: string;
    issues: { path: string; code: string; message: string }[];
  };
  assert.equal(error.type, 'tag:ayni.bo,2026:problem/request_invalid');
  assert.equal(error.status, 400);
  assert.equal(error.code, 'request_invalid');
  assert.equal(error.title, 'La solicitud no es válida: revise los campos indicados.');
  assert.equal(error.detail, 'La solicitud no es válida: revise los campos indicados.');
  assert.deepEqual(error.issues.map((i) => i.path).sort(), [
    'body.amountCentavos',
    'body.note',
    'headers.idempotency-key',
    'params.id',
    'query.dryRun',
  ]);
  const note = error.issues.find((i) => i.path === 'body.note')!;
  assert.equal(note.code, 'too_big');
  assert.match(note.message, /Demasiado grande/);
});

test('the language of errors follows ?lang= and Accept-Language', async () => {
  const en = await approve({ path: '/api/rounds/7/approve?lang=en', body: '{}' });
  const byQuery = (await en.json()) as { detail: string; issues: { message: string }[] };
  assert.equal(byQuery.detail, 'The request is not valid: check the fields listed.');
  assert.match(byQuery.issues[0]!.message, /^Invalid input/);
  const accept = await approve({ headers: { 'accept-language': 'en-GB,en;q=0.8' }, body: '{}' });
  assert.equal(
    ((await accept.json()) as { detail: string }).detail,
    'The request is not valid: check the fields listed.',
  );
});

test('a body that is not JSON, or not the declared type, is a validation failure too', async () => {
  const broken = await approve({ body: '{"note":' });
  assert.equal(broken.status, 400);
  const issues = ((await broken.json()) as { issues: { path: string; code: string }[] }).issues;
  assert.deepEqual(issues, [{ path: 'body', code: 'invalid_json', message: 'El cuerpo no es JSON válido.' }]);
  const form = await approve({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'note=ok',
  });
  assert.equal(form.status, 400);
  const formIssues = ((await form.json()) as { issues: { code: string }[] }).issues;
  assert.deepEqual(formIssues, [
    {
      path: 'body',
      code: 'unsupported_media_type',
      message: 'Tipo de contenido no aceptado aquí; se espera application/json.',
    },
  ]);
  // The kit gives codes only; the words come from the catalogues, in the reader's language.
  const brokenEn = await approve({ path: '/api/rounds/7/approve?lang=en', body: '{"note":' });
  assert.deepEqual(((await brokenEn.json()) as { issues: unknown[] }).issues, [
    { path: 'body', code: 'invalid_json', message: 'The body is not valid JSON.' },
  ]);
});

test('the route kit’s body issues are worded from the catalogues; zod’s worded issues pass as they are', async () => {
  const { requestIssuesInWords } = await import('../../src/messages/index.ts');
  const kit = [
    { path: 'body', code: 'invalid_multipart', message: '' },
    { path: 'body', code: 'unsupported_media_type', message: '', expected: ['json', 'form'] as const },
    { path: 'body.note', code: 'too_small', message: 'Demasiado pequeño' },
  ];
  assert.deepEqual(requestIssuesInWords(kit, 'es'), [
    {
      path: 'body',
      code: 'invalid_multipart',
      message: 'El formulario enviado está incompleto o mal formado. Envíelo de nuevo.',
    },
    {
      path: 'body',
      code: 'unsupported_media_type',
      message: 'Tipo de contenido no aceptado aquí; se espera application/json / un formulario.',
    },
    { path: 'body.note', code: 'too_small', message: 'Demasiado pequeño' },
  ]);
  assert.deepEqual(
    requestIssuesInWords(kit, 'en').map((i) => i.message),
    [
      'The form sent is incomplete or malformed. Send it again.',
      'Content type not accepted here; expected application/json / a form.',
      'Demasiado pequeño',
    ],
  );
});

test('a page answers invalid input with an HTML error page, not JSON', async () => {
  const ok = await app.request('/bono/reclamo', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'description=no+me+pagaron',
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/bono/reclamo/13');
  const bad = await app.request('/bono/reclamo?lang=en', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'description=no',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get('content-type') ?? '', /^text\/html/);
  const html = await bad.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /data-error-code="request_invalid"/);
  assert.match(html, /body\.description/);
});

test('the registry records each route with its access, schemas and surface', () => {
  const routes = routesOf(app);
  assert.deepEqual(
    routes.map((r) => [r.method, r.path, r.operationId, r.surface]),
    [
      ['post', '/api/rounds/:id{[0-9]+}/approve', 'approveRound', 'api'],
      ['post', '/bono/reclamo', 'fileGrievancePage', 'page'],
    ],
  );
  assert.deepEqual(routes[0]!.access, { permission: 'rounds.approve' });
  assert.ok(routes[0]!.request.body);
  assert.deepEqual(routesOf(new Hono<AccessEnv>()), [], 'a plain Hono app has no registry');
});

test('definitions are checked: path parameters declared, no route or operationId twice', () => {
  const r = createRouter(guards);
  const base = {
    summary: { es: 'x', en: 'x' },
    tags: ['t'],
    access: { public: true as const },
    responses: { 200: { description: 'x', empty: true as const } },
    handler: () => new Response(null),
  };
  assert.throws(
    () => defineRoute(r, { ...base, method: 'get', path: '/api/things/:id', operationId: 'getThing' }),
    /has parameters \[id\] but request.params declares \[\]/,
  );
  assert.throws(
    () => defineRoute(r, { ...base, method: 'get', path: '/api/things', operationId: 'Bad-Name' }),
    /camelCase/,
  );
  defineRoute(r, { ...base, method: 'get', path: '/api/things', operationId: 'listThings' });
  assert.throws(
    () => defineRoute(r, { ...base, method: 'get', path: '/api/things', operationId: 'listThingsAgain' }),
    /defined twice/,
  );
  assert.throws(
    () => defineRoute(r, { ...base, method: 'post', path: '/api/things', operationId: 'listThings' }),
    /operationId listThings is used by/,
  );
});

test('a mounted group brings its registry, at the prefixed path; a group without one is refused', async () => {
  const parent = createRouter(guards);
  const child = createRouter(guards);
  const base = {
    summary: { es: 'x', en: 'x' },
    tags: ['t'],
    access: { signedIn: true as const },
    responses: { 200: { description: 'x', empty: true as const } },
    handler: () => new Response('child'),
  };
  defineRoute(child, { ...base, method: 'get', path: '/', operationId: 'childRoot' });
  defineRoute(child, { ...base, method: 'post', path: '/x', operationId: 'childX' });
  mountRoutes(parent, '/api/child', child.hono);
  assert.deepEqual(
    routesOf(parent.hono).map((r) => `${r.method} ${r.path} ${r.surface}`),
    ['get /api/child api', 'post /api/child/x api'],
    'defined at / and /x, they belong to the API once mounted under /api/',
  );
  assert.deepEqual(
    parent.hono.routes.filter((r) => r.method !== 'ALL').map((r) => r.path),
    ['/api/child', '/api/child', '/api/child/x', '/api/child/x'],
    'the registry paths are the paths Hono routes',
  );
  assert.equal(await (await parent.hono.request('/api/child')).text(), 'child');
  assert.throws(() => mountRoutes(parent, '/api/plain', new Hono<AccessEnv>()), /have no registry/);
});

test('toJsonValue: bigints as strings of digits, dates as ISO strings', () => {
  assert.deepEqual(toJsonValue({ a: -5n, at: new Date('2020-12-01T00:00:00Z'), n: 3 }), {
    a: '-5',
    at: '2020-12-01T00:00:00.000Z',
    n: 3,
  });
});

test('the kit knows the permissions and the context of src/access, which it does not import (RouteRegister)', () => {
  const approve: RouteAccess = { permission: 'rounds.approve' };
  // @ts-expect-error 'rounds.bless' is no permission of src/access/permissions.ts: `npm run typecheck` fails if the kit accepts it
  const unknown: RouteAccess = { permission: 'rounds.bless' };
  const router = createRouter(guards);
  defineRoute(router, {
    method: 'get',
    path: '/whoami',
    operationId: 'whoAmI',
    summary: { es: 'Quién', en: 'Who' },
    tags: ['test'],
    access: approve,
    responses: { 200: { description: 'ok', schema: z.object({ kind: z.string() }) } },
    // The handler's context is the access middleware's: the principal has its type, not `unknown`.
    handler: (c) => sendJson(c, { kind: c.get('principal')?.kind ?? 'anonymous' }),
  });
  assert.deepEqual(
    [approve, unknown].map((a) => ('permission' in a ? a.permission : null)),
    ['rounds.approve', 'rounds.bless'],
  );
});
