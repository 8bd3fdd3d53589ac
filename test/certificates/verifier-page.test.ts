import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import jpeg from 'jpeg-js';
import { parse } from 'node-html-parser';
import { PNG } from 'pngjs';
import { createAccount } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { cliActor } from '../../src/audit/index.ts';
import { qrPng } from '../../src/certificates/index.ts';
import { buildHttpApp, closeHttpApp } from '../../src/http/server.ts';
import { pageMessages } from '../../src/messages/index.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { recordDose } from '../../src/vaccination/index.ts';
import { QR_UPLOAD_MAX_BYTES } from '../../src/web/certificates/certificates.routes.tsx';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { signIn } from '../helpers/sign-in.ts';
import { ACTOR, keyOf, persons, site, stockedLot, stockLocations } from '../vaccination/fixture.ts';

/**
 * The verifier page without JavaScript, on the server: a photo (JPEG) or screenshot (PNG) of a
 * certificate's QR code uploaded in the form verifies like its pasted text (through the
 * certificate pool's threads); a file that is not an image, an image without a QR code, a QR code
 * that is not a certificate, text and image together, and an image over the limit each get their
 * own words; the offline verifier's service worker is served as a script with its own policy.
 */

const BASE = 'http://ayni.test';
const PASSWORD = 'certificates verifier password';
const SITE = 'lp-cert-verifier';
const words = pageMessages('es').certificates.verifier;
let t: TestDatabase;
let http: ReturnType<typeof buildHttpApp>;
let hc1: string;

before(async () => {
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 200);
  await stockLocations(t.db);
  await site(t.db, { code: SITE });
  const lot = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-VERIF',
    expiresOn: '2021-12-31',
    doses: 5n,
    siteCode: SITE,
  });
  const [person] = await persons(t.db, { bornBefore: '1955-01-01', limit: 1 });
  okValue(
    await recordDose(t.db, {
      person: keyOf(person!),
      product: 'sinopharm',
      lotId: lot.id,
      site: SITE,
      givenOn: '2021-06-01',
      doseNumber: 1,
      idempotencyKey: 'cert-verifier-1',
      actor: ACTOR,
      recordedAt: new Date('2021-06-01T15:00:00Z'),
    }),
  );
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
  http = buildHttpApp(app);
  okValue(
    await createAccount(t.db, {
      username: 'vera.sedes',
      displayName: 'Vera',
      roles: ['sedes_officer'],
      password: PASSWORD,
      actor: cliActor('root'),
      now: new Date(),
    }),
  );
  const session = await signIn(http, 'vera.sedes', PASSWORD, { through: 'api', base: BASE });
  const issued = await http.request(`${BASE}/api/certificates/issue`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ person: keyOf(person!) }),
  });
  assert.equal(issued.status, 201, await issued.clone().text());
  hc1 = ((await issued.json()) as { certificate: { hc1: string } }).certificate.hc1;
});

after(async () => {
  await closeHttpApp(http);
  await t?.dispose();
});

async function verifyForm(fields: { hc1?: string; image?: File }) {
  const body = new FormData();
  body.set('hc1', fields.hc1 ?? '');
  if (fields.image) body.set('imagen', fields.image);
  const res = await http.request(`${BASE}/certificado/verificar`, {
    method: 'POST',
    headers: { origin: BASE },
    body,
  });
  const page = parse(await res.text());
  return {
    status: res.status,
    title: page.querySelector('#resultado-titulo')?.text ?? null,
    failedSteps: page.querySelectorAll('li[data-state="failed"]').map((li) => li.getAttribute('data-step')),
    errors: page.querySelectorAll('div.nt.err a[href^="#"]').map((a) => a.text.trim()),
    text: page.querySelector('textarea[name="hc1"]')?.text ?? null,
  };
}

const file = (bytes: Uint8Array, name: string, type: string) => new File([bytes], name, { type });

test('a screenshot (PNG) and a photo (JPEG) of the QR code verify like its text', async () => {
  const pasted = await verifyForm({ hc1 });
  assert.equal(pasted.status, 200);
  assert.equal(pasted.title, words.validTitle);

  const png = await qrPng(hc1, 4);
  const screenshot = await verifyForm({ image: file(png, 'captura.png', 'image/png') });
  assert.equal(screenshot.status, 200, JSON.stringify(screenshot));
  assert.equal(screenshot.title, words.validTitle);
  assert.deepEqual(screenshot.failedSteps, []);
  assert.equal(screenshot.text, hc1, 'the text read from the image is shown in the form');

  const image = PNG.sync.read(png);
  const photo = jpeg.encode({ width: image.width, height: image.height, data: image.data }, 75).data;
  const fromPhoto = await verifyForm({ image: file(photo, 'foto.jpg', 'image/jpeg') });
  assert.equal(fromPhoto.status, 200, JSON.stringify(fromPhoto));
  assert.equal(fromPhoto.title, words.validTitle);
});

test('not an image, no QR code, not a certificate, both at once, too large: each in words', async () => {
  const notImage = await verifyForm({ image: file(Buffer.from(hc1), 'qr.txt', 'text/plain') });
  assert.equal(notImage.status, 422);
  assert.ok(notImage.errors.includes(words.imageProblems.not_an_image), JSON.stringify(notImage.errors));
  assert.equal(notImage.title, null, 'nothing verified');

  const blank = new PNG({ width: 80, height: 80 });
  blank.data.fill(255);
  const noQr = await verifyForm({ image: file(PNG.sync.write(blank), 'blanco.png', 'image/png') });
  assert.equal(noQr.status, 422);
  assert.ok(noQr.errors.includes(words.imageProblems.no_qr_code));

  const otherQr = await qrPng('HTTPS://EXAMPLE.ORG/', 4);
  const notCertificate = await verifyForm({ image: file(otherQr, 'otro.png', 'image/png') });
  assert.equal(notCertificate.status, 422);
  assert.ok(notCertificate.errors.includes(words.imageProblems.not_a_certificate));

  const truncated = (await qrPng(hc1, 4)).subarray(0, 100);
  const unreadable = await verifyForm({ image: file(truncated, 'cortada.png', 'image/png') });
  assert.equal(unreadable.status, 422);
  assert.ok(unreadable.errors.includes(words.imageProblems.image_unreadable));

  const both = await verifyForm({ hc1, image: file(await qrPng(hc1, 4), 'captura.png', 'image/png') });
  assert.equal(both.status, 400);
  assert.ok(both.errors.includes(words.imageOrText));

  const huge = await verifyForm({
    image: file(new Uint8Array(QR_UPLOAD_MAX_BYTES + 1), 'enorme.png', 'image/png'),
  });
  assert.equal(huge.status, 413);
  assert.ok(huge.errors.includes(words.imageTooBig('8')), JSON.stringify(huge.errors));
});

test('the offline verifier: its service worker is a script with its own policy, the page registers it', async () => {
  const worker = await http.request(`${BASE}/certificado/verificador-sw.js`);
  assert.equal(worker.status, 200);
  assert.match(worker.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal(worker.headers.get('content-security-policy'), "default-src 'none'; connect-src 'self'");
  assert.match(await worker.text(), /addEventListener\('fetch'/);
  const page = parse(await (await http.request(`${BASE}/certificado/verificar`)).text());
  const root = page.querySelector('#verificador');
  assert.equal(root?.getAttribute('data-service-worker'), '/certificado/verificador-sw.js');
  assert.equal(root?.getAttribute('data-service-worker-scope'), '/certificado/verificar');
  assert.equal(page.querySelector('form')?.getAttribute('enctype'), 'multipart/form-data');
  assert.ok(page.querySelector('input[type="file"][name="imagen"]'));
});
