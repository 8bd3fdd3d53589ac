import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../src/app.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import type { HttpUnderTest } from '../helpers/sign-in.ts';

/**
 * The portal's one citizen step (src/web/portal/citizen-step.tsx) on the two pages that use it,
 * «¿Soy beneficiario?» (/bono/estado) and «¿Cuándo me toca?» (/vacunas/consulta): the form again
 * with what to fix, a person not found, and failed look-ups counted under one limit whichever page
 * they are made on, each page answering with its own words.
 */
const CLOCK = new Date('2021-04-05T15:00:00Z');
let t: TestDatabase;
let http: HttpUnderTest;
let table: ReturnType<typeof buildHttpApp>;

const STATUS = '/bono/estado';
const VACCINES = '/vacunas/consulta';

function post(url: string, fields: Record<string, string>) {
  return http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams(fields).toString(),
  });
}

const triple = (ci: string, day: number) => ({
  ci,
  complemento: '',
  'dob-day': String(day),
  'dob-month': '1',
  'dob-year': '1970',
});

before(async () => {
  t = await createTestDatabase();
  const app: App = {
    config: { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const },
    db: t.db,
    rejectsDir: path.join(t.dir, 'rejects'),
    close: async () => {},
    now: () => new Date(CLOCK),
    simulatedClock: true,
  };
  table = buildHttpApp(app);
  http = table;
});

after(async () => {
  await closeHttpApp(table);
  await t?.dispose();
});

describe('the portal’s citizen step', () => {
  it('gives each page’s form again, with what to fix, for a triple it cannot read', async () => {
    for (const url of [STATUS, VACCINES]) {
      const res = await post(url, { ci: '12A', complemento: '', 'dob-day': '30', 'dob-month': '2' });
      assert.equal(res.status, 400, url);
      const html = await res.text();
      assert.match(html, /solo cifras/, url);
      assert.match(html, /value="12A"/, url);
    }
  });

  it('answers a person not found with the page’s own words', async () => {
    const status = await post(STATUS, triple('1234567', 1));
    assert.equal(status.status, 200);
    assert.match(await status.text(), /No encontramos esos datos/);
    const vaccines = await post(VACCINES, triple('1234568', 1));
    assert.equal(vaccines.status, 200);
    assert.match(await vaccines.text(), /No encontramos sus datos/);
  });

  it('counts failed look-ups on both pages under one limit, and says when to try again', async () => {
    const ci = '7654321';
    // Five failed look-ups of one CI number from one address: three on one page, two on the other.
    for (const [i, url] of [STATUS, VACCINES, STATUS, VACCINES, STATUS].entries())
      assert.equal((await post(url, triple(ci, i + 1))).status, 200, `look-up ${i + 1} on ${url}`);
    const vaccines = await post(VACCINES, triple(ci, 6));
    assert.equal(vaccines.status, 429);
    assert.equal(vaccines.headers.get('retry-after'), String(15 * 60));
    assert.match(await vaccines.text(), /Demasiadas consultas fallidas/);
    const status = await post(STATUS, triple(ci, 7));
    assert.equal(status.status, 429);
    assert.match(await status.text(), /Demasiados intentos/);
  });
});
