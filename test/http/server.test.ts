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
