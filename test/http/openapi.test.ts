import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { ROLE_NAMES, roleGrants } from '../../src/access/index.ts';
import { inOpenApi, openApiPath } from '../../src/http/api/openapi.ts';
import { generateOpenApi, OPENAPI_FILE, offlineApp } from '../../src/http/openapi.generate.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { API_ES } from '../../src/messages/es/api.ts';
import { operationWords } from '../../src/messages/index.ts';
import { routesOf } from '../../src/routing/route.ts';
import { LANGS } from '../../src/shared/lang.ts';

/**
 * The OpenAPI document: generated from the route registry, committed as docs/openapi.json, served
 * at GET /api/openapi.json, and complete — every API route, every reference resolved.
 */

type Json = Record<string, unknown>;
const generated = generateOpenApi() as Json & {
  paths: Record<string, Record<string, Json>>;
  components: Json & { securitySchemes: Json };
};

test('docs/openapi.json is the document generated from the routes', () => {
  const committed = JSON.parse(readFileSync(new URL(`../../${OPENAPI_FILE}`, import.meta.url), 'utf8'));
  assert.ok(
    isDeepStrictEqual(committed, generated),
    `${OPENAPI_FILE} is out of date: run \`npm run openapi\` and commit the file.`,
  );
});

test('GET /api/openapi.json serves the same document, to anyone', async () => {
  const http = buildHttpApp(offlineApp());
  const res = await http.request('/api/openapi.json');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), generated);
});

test('every API route is documented with its operationId, parameters, security and permission', () => {
  const routes = routesOf(buildHttpApp(offlineApp()));
  const documented = routes.filter(inOpenApi);
  assert.ok(documented.length >= 5);
  assert.ok(
    routes.some((r) => !inOpenApi(r)),
    'pages stay out of the document but in the registry',
  );
  const ids = new Set<string>();
  for (const r of documented) {
    const op = generated.paths[openApiPath(r.path)]?.[r.method] as Json | undefined;
    assert.ok(op, `${r.method} ${r.path} is in the document`);
    assert.equal(op['operationId'], r.operationId);
    assert.ok(!ids.has(r.operationId), `operationId ${r.operationId} is unique`);
    ids.add(r.operationId);
    const params = ((op['parameters'] as Json[] | undefined) ?? []).filter((p) => p['in'] === 'path');
    const inTemplate = [...openApiPath(r.path).matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    assert.deepEqual(params.map((p) => p['name']).sort(), inTemplate.sort(), `${r.path}: path parameters`);
    const access = r.access;
    if ('public' in access) assert.deepEqual(op['security'], []);
    else {
      assert.ok((op['security'] as Json[]).length > 0, `${r.path}: protected, so it names how to sign in`);
      assert.ok((op['responses'] as Json)['401'], `${r.path}: documents 401`);
    }
    if ('permission' in access) {
      assert.equal(op['x-permission'], access.permission);
      assert.deepEqual(
        op['x-roles'],
        ROLE_NAMES.filter((role) => roleGrants(role, access.permission)),
      );
    }
  }
});

test('each operation’s summary and description come from the API catalogue, in every language', () => {
  const documented = routesOf(buildHttpApp(offlineApp())).filter(inOpenApi);
  for (const r of documented) {
    const op = generated.paths[openApiPath(r.path)]?.[r.method] as Json;
    for (const lang of LANGS)
      assert.ok(operationWords(r.operationId, lang)?.summary.trim(), `${r.operationId} in ${lang}`);
    assert.equal(op['summary'], operationWords(r.operationId, 'en')?.summary);
    assert.equal(op['x-summary-es'], operationWords(r.operationId, 'es')?.summary);
    assert.equal(op['description'], operationWords(r.operationId, 'en')?.description);
    assert.equal(op['x-description-es'], operationWords(r.operationId, 'es')?.description);
    // The words live in one place: a documented route carries none of its own.
    assert.equal(r.summary, undefined, `${r.operationId}: its summary is in src/messages/<lang>/api.ts`);
    assert.equal(
      r.description,
      undefined,
      `${r.operationId}: its description is in src/messages/<lang>/api.ts`,
    );
  }
  // No words for an operation that no longer exists.
  const ids = new Set(documented.map((r) => r.operationId));
  assert.deepEqual(
    Object.keys(API_ES.operations).filter((id) => !ids.has(id)),
    [],
  );
});

test('every $ref resolves, every security scheme exists, every error code has both languages', () => {
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') refs.push(x);
        else walk(x);
      }
  };
  walk(generated);
  assert.ok(refs.length > 0);
  for (const ref of refs) {
    assert.match(ref, /^#\//, `${ref} is local`);
    let node: unknown = generated;
    for (const part of ref.slice(2).split('/')) node = (node as Json | undefined)?.[part];
    assert.ok(node, `${ref} resolves`);
  }
  const schemes = Object.keys(generated.components.securitySchemes);
  assert.deepEqual(schemes.sort(), ['bearerCredential', 'csrfToken', 'sessionCookie']);
  for (const item of Object.values(generated.paths)) {
    for (const op of Object.values(item)) {
      for (const requirement of (op['security'] as Json[] | undefined) ?? []) {
        for (const name of Object.keys(requirement)) assert.ok(schemes.includes(name), name);
      }
    }
  }
  assert.equal(generated['openapi'], '3.1.0');
  const codes = generated['x-error-codes'] as Record<string, { status: number; es: string; en: string }>;
  for (const code of [
    'request_invalid',
    'internal_error',
    'forbidden',
    'authentication_required',
    'already_paid',
  ]) {
    assert.ok(codes[code], code);
    assert.ok(codes[code].es && codes[code].en && codes[code].es !== codes[code].en, code);
  }
});

test('money is documented as a string of centavos, not a number', async () => {
  const { Centavos } = await import('../../src/routing/schemas.ts');
  const { z } = await import('zod');
  const schema = z.toJSONSchema(Centavos) as Json;
  assert.equal(schema['type'], 'string');
  assert.equal(schema['pattern'], '^-?[0-9]+$');
  assert.ok(Centavos.safeParse('100000').success);
  assert.ok(!Centavos.safeParse('1000.00').success);
});
