import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/** The HTTP surface over a real database: public status page in both languages, sign-in. */
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;

before(async () => {
  t = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  const created = await createAccount(t.db, {
    username: 'officer1',
    displayName: 'Officer One',
    roles: ['bono_officer'],
    password: 'correct horse battery staple',
    actor: 'system',
    now: new Date('2021-01-04T12:00:00Z'),
  });
  assert.ok(created.ok);
});
after(async () => {
  await t.dispose();
});

test('the status page is public, Spanish by default, English on request, and shows no personal data', async () => {
  const es = await http.request('/');
  assert.equal(es.status, 200);
  const html = await es.text();
  assert.match(html, /<html lang="es">/);
  assert.match(html, /Personas registradas/);
  assert.ok(Buffer.byteLength(html) < 100_000, 'a page stays under 100 KB');
  const en = await http.request('/?lang=en');
  assert.match(await en.text(), /Registered persons/);
  const accept = await http.request('/', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  assert.match(await accept.text(), /<html lang="en">/);
});

test('sign-in: wrong password refused, right password gives a session cookie', async () => {
  const bad = await http.request('/api/session/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer1', password: 'wrong password here' }),
  });
  assert.equal(bad.status, 401);
  const good = await http.request('/api/session/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer1', password: 'correct horse battery staple' }),
  });
  assert.equal(good.status, 200);
  const cookie = good.headers.get('set-cookie');
  assert.ok(cookie, 'a session cookie is set');
  assert.match(cookie!, /HttpOnly/i);
  assert.match(cookie!, /SameSite=Strict/i);
  const me = await http.request('/api/session', { headers: { cookie: cookie!.split(';')[0]! } });
  assert.equal(me.status, 200);
  const anonymous = await http.request('/api/session');
  assert.equal(anonymous.status, 401);
});

test('health, registry counts as JSON numbers, and 404 in the shape of every error', async () => {
  const health = await http.request('/health');
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok', backend: t.backend });
  const counts = await http.request('/api/registry/counts');
  assert.equal(counts.status, 200);
  const body = (await counts.json()) as { persons: unknown; byDepartment: unknown[] };
  assert.equal(body.persons, 0);
  assert.equal(body.byDepartment.length, 9, 'the nine departments, with no persons yet');
  const missing = await http.request('/api/nothing?lang=en');
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), {
    error: { code: 'not_found', message: 'There is nothing at this address.' },
  });
  const page = await http.request('/no-such-page');
  assert.equal(page.status, 404);
  assert.match(await page.text(), /<html lang="es">[\s\S]*Página no encontrada/);
});
