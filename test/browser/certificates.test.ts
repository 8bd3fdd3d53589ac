import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { qrPng, revokeCertificate } from '../../src/certificates/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { recordDose } from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import {
  ACTOR,
  keyOf,
  persons,
  site,
  stockedLot,
  stockLocations,
  type TestPerson,
} from '../vaccination/fixture.ts';
import {
  checkAxe,
  clearScreenshots,
  closeBrowserTest,
  launchBrowser,
  newCitizenContext,
  screenshot,
  skipWithoutBrowser,
  startTestServer,
} from './browser.ts';

/**
 * Certificates in Chromium against the whole server (issue #19): a citizen without JavaScript finds
 * their certificate by the CI triple, sees its QR code and downloads the PDF card; the verifier
 * page loads the trust list, then — with the network off — says a genuine certificate is valid,
 * step by step, and a changed one not valid at the step that failed; a revoked certificate fails
 * at revocation; the service worker opens the verifier again with the network off; without
 * JavaScript the form verifies on the server, a pasted text or an uploaded image of the QR code
 * (one that is not an image refused in words). axe-core checks each page.
 */

const CLOCK = new Date('2021-07-01T15:00:00Z');
const SITE = 'lp-cert-browser';
let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
let people: TestPerson[];

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('certificates-');
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 300);
  await stockLocations(t.db);
  await site(t.db, { code: SITE });
  const lot = await stockedLot(t.db, {
    product: 'sinopharm',
    lotNumber: 'SP-BROWSER',
    expiresOn: '2021-12-31',
    doses: 20n,
    siteCode: SITE,
  });
  people = await persons(t.db, { bornBefore: '1955-01-01', limit: 2 });
  for (const [i, p] of people.entries()) {
    okValue(
      await recordDose(t.db, {
        person: keyOf(p),
        product: 'sinopharm',
        lotId: lot.id,
        site: SITE,
        givenOn: '2021-06-01',
        doseNumber: 1,
        idempotencyKey: `cert-browser-${i}`,
        actor: ACTOR,
        recordedAt: new Date('2021-06-01T15:00:00Z'),
      }),
    );
  }
  server = await startTestServer(t, { clock: CLOCK });
});

after(() => closeBrowserTest(browser, server, t));

async function fillTriple(page: Page, p: TestPerson): Promise<void> {
  const [year, month, day] = p.dateOfBirth.split('-');
  await page.locator('#f-ci').fill(p.ciNumber);
  await page.locator('#f-complemento').fill(p.complemento);
  await page.locator('#f-dob-day').fill(String(Number(day)));
  await page.locator('#f-dob-month').fill(String(Number(month)));
  await page.locator('#f-dob-year').fill(year!);
}

/** The citizen's certificate page for a person, and the QR text the server stored for it. */
async function openCard(page: Page, p: TestPerson): Promise<string> {
  await page.goto(`${server.url}/certificado`);
  await fillTriple(page, p);
  await page.getByRole('button', { name: 'Ver mi certificado' }).click();
  await page.getByRole('heading', { level: 1, name: 'Su certificado de vacunación' }).waitFor();
  const [row] = await t.db.query<{ hc1: string }>(
    `SELECT c.hc1 FROM certificate_issued c JOIN person p ON p.id = c.person_id
     WHERE p.ci_number = $1 AND c.revoked_at IS NULL`,
    [p.ciNumber],
  );
  assert.ok(row, 'the look-up issued the certificate');
  return row.hc1;
}

/** Verifies a text on the verifier page; the outcome's heading and each step's state. */
async function verifyOnPage(
  page: Page,
  text: string,
): Promise<{ title: string; states: Record<string, string> }> {
  await page.locator('#f-hc1').fill(text);
  await page.getByRole('button', { name: 'Verificar', exact: true }).click();
  const title = (await page.locator('#resultado-titulo').textContent())!;
  const states = Object.fromEntries(
    await page
      .locator('#resultado li[data-step]')
      .evaluateAll((items) =>
        items.map(
          (li) => [li.getAttribute('data-step')!, li.getAttribute('data-state')!] as [string, string],
        ),
      ),
  );
  return { title, states };
}

/** A changed character in the middle of the Base45 text: still Base45, no longer the signed bytes. */
function tamper(hc1: string): string {
  const at = Math.floor(hc1.length * 0.6);
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const swap = alphabet[(alphabet.indexOf(hc1[at]!) + 1) % alphabet.length]!;
  return hc1.slice(0, at) + swap + hc1.slice(at + 1);
}

describe('vaccination certificates in a browser', () => {
  it('a citizen without JavaScript sees the certificate with its QR code and downloads the PDF', async (tc: TestContext) => {
    if (skipWithoutBrowser(browser, tc)) return;
    const context = await newCitizenContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const hc1 = await openCard(page, people[0]!);
    assert.ok(hc1.startsWith('HC1:'));
    await page.getByRole('img', { name: 'Código QR del certificado de vacunación' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /SP-BROWSER/);
    assert.match((await page.locator('main').textContent()) ?? '', /1 de junio de 2021/);
    await screenshot(page, 'certificates-01-card');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Descargar el carnet en PDF' }).click(),
    ]);
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(download.suggestedFilename(), /^carnet-vacunacion-a4\.pdf$/);
    await context.close();

    const axe = await newCitizenContext(browser);
    const again = await axe.newPage();
    await openCard(again, people[0]!);
    await checkAxe(again, 'certificate card');
    await again.goto(`${server.url}/certificado?lang=en`);
    await again.getByRole('heading', { level: 1, name: 'My vaccination certificate' }).waitFor();
    await checkAxe(again, 'certificate form (English)');
    await axe.close();
  });

  it('the verifier works offline: valid, changed, and revoked certificates', async (tc: TestContext) => {
    if (skipWithoutBrowser(browser, tc)) return;
    const context = await newCitizenContext(browser);
    const page = await context.newPage();
    const hc1 = await openCard(page, people[0]!);
    const revokedHc1 = await openCard(page, people[1]!);

    await page.goto(`${server.url}/certificado/verificar`);
    await page.locator('#verificador[data-ready="offline"]').waitFor();
    await page.locator('#verificador[data-offline="ready"]').waitFor();
    await checkAxe(page, 'verifier');
    // From here on the page has no network: it verifies with the trust list it loaded.
    await context.setOffline(true);
    // Opened again offline: the service worker gives the page, its script and the kept trust list.
    await page.reload();
    await page.locator('#verificador[data-ready="offline"]').waitFor();
    assert.match((await page.locator('#estado-lista').textContent()) ?? '', /Sin conexión/);
    assert.ok(await page.evaluate('navigator.serviceWorker.controller !== null'), 'controlled');
    const valid = await verifyOnPage(page, hc1);
    assert.equal(valid.title, 'Certificado válido');
    assert.ok(
      Object.values(valid.states).every((s) => s === 'passed'),
      JSON.stringify(valid.states),
    );
    assert.match((await page.locator('#resultado').textContent()) ?? '', /Verificado en este dispositivo/);
    await checkAxe(page, 'verifier, valid');
    await screenshot(page, 'certificates-02-valid');

    const changed = await verifyOnPage(page, tamper(hc1));
    assert.equal(changed.title, 'Certificado no válido');
    const failed = Object.entries(changed.states).filter(([, s]) => s === 'failed');
    assert.equal(failed.length, 1, JSON.stringify(changed.states));
    assert.ok(['decompression', 'cose', 'signature'].includes(failed[0]![0]), JSON.stringify(changed.states));
    assert.equal(changed.states['prefix'], 'passed');
    assert.equal(changed.states['revocation'], 'not_reached');
    await screenshot(page, 'certificates-03-changed');

    const notHc1 = await verifyOnPage(page, 'HC2:ABC');
    assert.equal(notHc1.states['prefix'], 'failed');

    // Revoked: a fresh trust list names it; reloaded with the network back, then offline again.
    await context.setOffline(false);
    const [row] = await t.db.query<{ id: bigint }>('SELECT id FROM certificate_issued WHERE hc1 = $1', [
      revokedHc1,
    ]);
    okValue(
      await revokeCertificate(t.db, {
        certificateId: BigInt(row!.id),
        reason: 'issued_in_error',
        at: CLOCK,
        actor: ACTOR,
      }),
    );
    await page.goto(`${server.url}/certificado/verificar`);
    await page.locator('#verificador[data-ready="offline"]').waitFor();
    await context.setOffline(true);
    const revoked = await verifyOnPage(page, revokedHc1);
    assert.equal(revoked.title, 'Certificado no válido');
    assert.equal(revoked.states['revocation'], 'failed', JSON.stringify(revoked.states));
    assert.equal(revoked.states['signature'], 'passed');
    await context.close();
  });

  it('without JavaScript the verifier form verifies on the server', async (tc: TestContext) => {
    if (skipWithoutBrowser(browser, tc)) return;
    const context = await newCitizenContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const hc1 = await openCard(page, people[0]!);
    await page.goto(`${server.url}/certificado/verificar`);
    const valid = await verifyOnPage(page, hc1);
    assert.equal(valid.title, 'Certificado válido');
    assert.match((await page.locator('#resultado').textContent()) ?? '', /Verificado en el servidor/);
    const changed = await verifyOnPage(page, tamper(hc1));
    assert.equal(changed.title, 'Certificado no válido');
    assert.equal(Object.values(changed.states).filter((s) => s === 'failed').length, 1);
    await screenshot(page, 'certificates-04-server');

    // A screenshot of the QR code, uploaded instead of its text, read and verified on the server.
    await page.goto(`${server.url}/certificado/verificar`);
    const upload = async (name: string, mimeType: string, buffer: Buffer) => {
      await page.locator('#f-hc1').fill('');
      await page.locator('#f-imagen').setInputFiles({ name, mimeType, buffer });
      await page.getByRole('button', { name: 'Verificar', exact: true }).click();
    };
    await upload('captura.png', 'image/png', await qrPng(hc1, 4));
    assert.equal(await page.locator('#resultado-titulo').textContent(), 'Certificado válido');
    assert.equal(await page.locator('#f-hc1').inputValue(), hc1, 'the text read is in the form');
    await upload('qr.txt', 'text/plain', Buffer.from(hc1));
    await page.getByText('El archivo no es una imagen PNG ni JPEG.').first().waitFor();
    await screenshot(page, 'certificates-05-image-refused');
    await context.close();
  });
});
