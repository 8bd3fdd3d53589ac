import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { buildHttpApp } from '../../src/http/server.ts';
import { personImportSpec, runImport, sourceImportSpec } from '../../src/registry/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

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
  assert.match(html, /Personas con vida residentes en Bolivia/);
  assert.ok(Buffer.byteLength(html) < 100_000, 'a page stays under 100 KB');
  const en = await http.request('/?lang=en');
  assert.match(await en.text(), /Living persons residing in Bolivia/);
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

async function signedIn(): Promise<string> {
  const res = await http.request('/api/session/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer1', password: 'correct horse battery staple' }),
  });
  assert.equal(res.status, 200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

test('health, registry counts as JSON numbers for officers only, and 404 in the shape of every error', async () => {
  const health = await http.request('/health');
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok', backend: t.backend });
  const anonymous = await http.request('/api/registry/counts');
  assert.equal(anonymous.status, 401, 'exact counts and file names are not public');
  const counts = await http.request('/api/registry/counts', { headers: { cookie: await signedIn() } });
  assert.equal(counts.status, 200);
  const body = (await counts.json()) as { persons: unknown; byDepartment: unknown[] };
  assert.equal(body.persons, 0);
  assert.equal(body.byDepartment.length, 9, 'the nine departments, with no persons yet');
  const missing = await http.request('/api/nothing?lang=en');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(await missing.json(), {
    type: 'tag:ayni.bo,2026:problem/not_found',
    title: 'There is nothing at this address.',
    status: 404,
    detail: 'There is nothing at this address.',
    code: 'not_found',
  });
  const page = await http.request('/no-such-page');
  assert.equal(page.status, 404);
  assert.match(await page.text(), /<html lang="es">[\s\S]*Página no encontrada/);
});

test('the public status page suppresses small counts and shows no file names; officers get the exact figures', async () => {
  const AS_OF = '2021-01-04';
  const persons = [
    'ci_number,complemento,expedition,given_names,first_surname,second_surname,date_of_birth,sex,municipality_code,residence_country,date_of_death',
    // Two in La Paz, seven in Santa Cruz.
    ...Array.from({ length: 9 }, (_, i) =>
      [
        4_200_000 + i,
        '',
        'LP',
        'Ana',
        'Flores',
        'Choque',
        `1980-01-0${i + 1}`,
        'F',
        i < 2 ? '020101' : '070101',
        'BO',
        '',
      ].join(','),
    ),
  ];
  const personsFile = path.join(t.dir, 'padron-del-oficial-reservado.csv');
  await writeFile(personsFile, `${persons.join('\n')}\n`);
  const options = { actor: 'test', asOf: AS_OF, rejectsDir: path.join(t.dir, 'rejects') };
  const imported = okValue(
    await runImport(t.db, personImportSpec(AS_OF), { ...options, filePath: personsFile }),
  );
  assert.equal(imported.rowsAccepted, 9);
  const list = async (name: string, n: number) => {
    const file = path.join(t.dir, `lista-${name}-del-oficial.csv`);
    const rows = Array.from({ length: n }, (_, i) => `${4_200_000 + i},,1980-01-0${i + 1}`);
    await writeFile(file, `ci_number,complemento,date_of_birth\n${rows.join('\n')}\n`);
    const s = okValue(
      await runImport(t.db, okValue(sourceImportSpec(name, AS_OF)), { ...options, filePath: file }),
    );
    assert.equal(s.rowsAccepted, n);
  };
  await list('bono-universal', 2);
  await list('juana-azurduy', 7);

  for (const lang of ['es', 'en'] as const) {
    const html = await (await http.request(`/?lang=${lang}`)).text();
    assert.ok(!html.includes('del-oficial'), `${lang}: no officer's file name on a public page`);
    const cells = [...html.matchAll(/<td class="n"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    assert.ok(!cells.includes('2'), `${lang}: no count of 2 is published: ${cells.join(' ')}`);
    assert.match(
      html,
      /Bono Universal[^<]*<\/td><td class="n"[^>]*>&lt;5<\/td>/,
      `${lang}: the list of 2 shows <5`,
    );
    assert.match(
      html,
      /Juana Azurduy[^<]*<\/td><td class="n"[^>]*>7<\/td>/,
      `${lang}: a list of 7 is published`,
    );
    // Departments as on /transparencia/registro: La Paz 2 is <5, and Santa Cruz 7 is withheld, since
    // the national total 9 would give La Paz away.
    assert.match(html, /La Paz<\/td><td class="n"[^>]*>&lt;5<\/td>/);
    assert.match(html, /Santa Cruz<\/td><td class="n"[^>]*>x<\/td>/);
  }

  const exact = (await (
    await http.request('/api/registry/counts', { headers: { cookie: await signedIn() } })
  ).json()) as {
    persons: number;
    sourceLists: { name: string; members: number }[];
    lastImports: { fileName: string }[];
  };
  assert.equal(exact.persons, 9);
  assert.equal(exact.sourceLists.find((l) => l.name === 'bono-universal')?.members, 2);
  assert.ok(exact.lastImports.some((i) => i.fileName === 'padron-del-oficial-reservado.csv'));
});
