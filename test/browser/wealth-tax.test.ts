import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/access/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { formatMoney } from '../../src/messages/index.ts';
import { balanceOf } from '../../src/wealth-tax/index.ts';
import { must, USD_ASSETS, type WealthTaxFixture, wealthTaxFixture } from '../wealth-tax/fixture.ts';
import {
  clearScreenshots,
  closeBrowserTest,
  launchBrowser,
  newOfficeContext,
  reviewer,
  shown,
  skipWithoutBrowser,
  startTestServer,
} from './browser.ts';

/**
 * The wealth tax in Chromium (issue #20, "Done when"): a taxpayer in the registry declares a house
 * in La Paz and US$ 2 M abroad; a SIN officer signs in, finds them in the register, reads the
 * assessment with its explanation citing the law (Spanish, «1,4%»), records their late payment in
 * dollars through the form — the page then shows the fine, the interest and the balance — and,
 * after an amendment, sees version 2 re-assessed with the late charges recomputed. The public
 * figures page shows a department of fewer than 5 payers as «<5» with its chart. axe-core on each
 * page (axe runs as a script; the pages need none: plain links and forms).
 */

const PASSWORD = 'siete palabras para el impuesto';
const CLOCK = new Date('2021-04-12T14:00:00Z');
let browser: Browser | null = null;
let f: WealthTaxFixture;
let server: RunningServer;
let context: BrowserContext;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('wealth-tax-');
  f = await wealthTaxFixture();
  must(
    await f.register({
      nit: '4567890019',
      fullName: 'Ana Rojas',
      ci: { number: '4567890', dateOfBirth: '1960-05-01' },
      departmentCode: 2,
    }),
  );
  must(await f.residence({ nit: '4567890019', fortuneYear: 2020, daysInBolivia: 300 }));
  // Luis has registered and stayed all year, and has filed nothing yet: his representative files on the web.
  must(
    await f.register({
      nit: '3456789012',
      fullName: 'Luis Rojas',
      ci: { number: '3456789', dateOfBirth: '1958-02-11' },
      departmentCode: 3,
    }),
  );
  must(await f.residence({ nit: '3456789012', fortuneYear: 2020, daysInBolivia: 365 }));
  must(
    await f.file({
      nit: '4567890019',
      fortuneYear: 2020,
      filedOn: '2021-03-20',
      declaration: USD_ASSETS,
      filingKey: 'browser:ana:1',
    }),
  );
  const r = await createAccount(f.db, {
    username: 'sin.fiscal',
    displayName: 'Fiscal del SIN',
    roles: ['tax_officer', 'tax_collector'],
    password: PASSWORD,
    actor: 'system',
    now: CLOCK,
  });
  assert.ok(r.ok);
  server = await startTestServer(f.t, { clock: CLOCK });
  context = await newOfficeContext(browser);
  page = await context.newPage();
});

after(() => closeBrowserTest(browser, server, f));

const review = reviewer('wealth-tax');

const YEAR = '/oficina/impuesto-fortunas/4567890019/2020';

describe('a SIN officer administers a wealth-tax year in Chromium', () => {
  it('signs in, finds the taxpayer and reads the assessment with the law cited', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}/oficina/impuesto-fortunas`);
    assert.equal(new URL(page.url()).pathname, '/oficina/ingresar', 'sent to sign in first');
    await page.getByLabel('Usuario', { exact: true }).fill('sin.fiscal');
    await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL('**/oficina/impuesto-fortunas**'),
      page.getByRole('button', { name: 'Ingresar' }).click(),
    ]);
    assert.equal(await shown(page.locator('h1')), 'Impuesto a las Grandes Fortunas');
    await review(page, 'register');
    await Promise.all([
      page.waitForURL(`**${YEAR}**`),
      page
        .getByRole('row', { name: /Ana Rojas/ })
        .getByRole('link', { name: 'Ver la gestión 2020' })
        .click(),
    ]);
    const body = await shown(page.locator('main'));
    assert.match(body, /Debe pagar Bs 394\.880,00 hasta el 31 de marzo de 2021/);
    assert.match(body, /Ley 1357, Art\. 5/);
    assert.match(body, /1,4%/);
    assert.match(body, /USD 2000000\.00.*6,96/);
    assert.doesNotMatch(body, /igf_|wealth_tax|undefined/);
    await review(page, 'year');
  });

  it('records a late payment in dollars: the fine and interest appear, the balance follows', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.getByLabel('Referencia del banco').fill('bnb-77');
    await page.getByLabel('Monto').fill('56735.64');
    await page.getByLabel('Moneda').selectOption('USD');
    await page.getByLabel('Fecha de pago (AAAA-MM-DD)').fill('2021-04-10');
    await Promise.all([
      page.waitForURL('**pago=registrado**'),
      page.getByRole('button', { name: 'Registrar el pago' }).click(),
    ]);
    assert.match(await shown(page.getByRole('status')), /Pago registrado/);
    const body = await shown(page.locator('main'));
    assert.match(body, /Multa\s+Bs 789\.760,00/);
    assert.match(body, /Intereses\s+Bs /);
    const b = must(await balanceOf(f.db, '4567890019', 2020));
    assert.equal(
      await shown(page.getByTestId('balance')),
      formatMoney(b.balanceCentavos < 0n ? -b.balanceCentavos : b.balanceCentavos, 'es'),
    );
    await review(page, 'paid');
    // The same reference again records nothing.
    await page.getByLabel('Referencia del banco').fill('bnb-77');
    await page.getByLabel('Monto').fill('56735.64');
    await page.getByLabel('Moneda').selectOption('USD');
    await page.getByLabel('Fecha de pago (AAAA-MM-DD)').fill('2021-04-10');
    await Promise.all([
      page.waitForURL('**pago=repetido**'),
      page.getByRole('button', { name: 'Registrar el pago' }).click(),
    ]);
    assert.equal(must(await balanceOf(f.db, '4567890019', 2020)).payments.length, 1);
  });

  it('amends on the web: version 2 is re-assessed and the fine recomputed', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await Promise.all([
      page.waitForURL(`**${YEAR}/declaracion**`),
      page.getByRole('link', { name: 'Rectificar la declaración (rectificatoria)' }).click(),
    ]);
    // The form holds what version 1 declared, each item in its currency.
    assert.equal(await page.locator('#f-a1_descripcion').inputValue(), 'Cuenta en Miami');
    assert.equal(await page.locator('#f-a1_moneda').inputValue(), 'USD');
    assert.equal(await page.locator('#f-a1_monto').inputValue(), '2000000');
    await review(page, 'amend-form');
    // Without the reason the amendment comes back, the reason's message beside it, nothing filed.
    await page.locator('#f-fecha').fill('2021-04-11');
    await page.locator('#f-a1_monto').fill('1000000');
    await page.getByRole('button', { name: 'Presentar la rectificatoria' }).click();
    assert.match(await shown(page.locator('#f-motivo-error')), /motivo de la rectificatoria/);
    assert.equal(await page.locator('#f-a1_monto').inputValue(), '1000000', 'what was typed is kept');
    assert.equal(
      must(await f.read({ nit: '4567890019', fortuneYear: 2020, on: '2021-04-12', lang: 'es' })).versions
        .length,
      1,
    );
    await page.locator('#f-motivo').fill('La cuenta tenía US$ 1.000.000');
    await Promise.all([
      page.waitForURL('**declaracion=rectificada**'),
      page.getByRole('button', { name: 'Presentar la rectificatoria' }).click(),
    ]);
    assert.match(await shown(page.getByRole('status')), /Rectificatoria presentada/);
    const body = await shown(page.locator('main'));
    assert.match(body, /Rectificatoria/);
    assert.match(body, /Multa\s+Bs 594\.880,00/);
    await review(page, 'amended');
    const notice = await page.request.get(`${server.url}${YEAR}/avisos/assessment`);
    assert.equal(notice.status(), 200);
    assert.equal(notice.headers()['content-type'], 'application/pdf');
    assert.equal((await notice.body()).subarray(0, 5).toString(), '%PDF-');
  });

  it('a representative files an original on the web: mistakes beside their fields, a resend files once', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const luis = '/oficina/impuesto-fortunas/3456789012/2020';
    const res = await page.goto(`${server.url}${luis}`);
    assert.equal(res?.status(), 404, 'nothing filed yet');
    await Promise.all([
      page.waitForURL(`**${luis}/declaracion**`),
      page.getByRole('link', { name: 'Presentar la declaración jurada' }).click(),
    ]);
    assert.equal(await shown(page.locator('h1')), 'Declaración jurada de Luis Rojas — gestión 2020');
    await page.locator('#f-fecha').fill('2021-03-25');
    await page.locator('#f-a0_tipo').selectOption('real_estate');
    await page.locator('#f-a0_monto').fill('30.000.000,00');
    await page.locator('#f-a1_descripcion').fill('Cuenta en Madrid');
    await page.locator('#f-a1_tipo').selectOption('deposits_and_credits');
    await page.locator('#f-a1_ubicacion').selectOption('abroad');
    await page.locator('#f-a1_moneda').selectOption('USD');
    await page.locator('#f-a1_monto').fill('1500000');
    await page.getByRole('button', { name: 'Presentar la declaración' }).click();
    // Every mistake at once, in words, beside its field and in the summary; nothing filed.
    assert.match(await shown(page.locator('#f-a0_descripcion-error')), /Escriba qué es este bien/);
    assert.match(await shown(page.locator('#f-a0_monto-error')), /valor en números/);
    assert.equal(await page.locator('#f-a0_monto').getAttribute('aria-invalid'), 'true');
    assert.match(await shown(page.getByRole('alert')), /Escriba qué es este bien/);
    assert.equal(
      (await f.read({ nit: '3456789012', fortuneYear: 2020, on: '2021-04-12', lang: 'es' })).ok,
      false,
    );
    await review(page, 'declare-errors');
    await page.locator('#f-a0_descripcion').fill('Casa en Cochabamba');
    await page.locator('#f-a0_monto').fill('30000000.00');
    // The form as it is sent, to send it a second time (a double press, a resend).
    const sent = await page.locator('form[action*="/declaracion"]').evaluate((form) => {
      // Runs in the page: the test's TypeScript has no DOM types.
      const g = globalThis as unknown as { FormData: new (f: unknown) => Iterable<[string, string]> };
      return new URLSearchParams([...new g.FormData(form)]).toString();
    });
    await Promise.all([
      page.waitForURL('**declaracion=presentada**'),
      page.getByRole('button', { name: 'Presentar la declaración' }).click(),
    ]);
    const body = await shown(page.locator('main'));
    assert.match(body, /Declaración presentada y liquidada/);
    assert.match(body, /Original/);
    assert.match(body, /USD 1500000\.00.*6,96/);
    const again = await page.request.post(`${server.url}${luis}/declaracion?lang=es`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: sent,
    });
    assert.match(new URL(again.url()).search, /declaracion=repetida/);
    // The same form from another tab (another key), after the first was filed: it comes back as an
    // amendment asking for its reason, and files nothing.
    const otherTab = new URLSearchParams(sent);
    otherTab.set('clave', 'web:otra-pestana-0001');
    const second = await page.request.post(`${server.url}${luis}/declaracion?lang=es`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: otherTab.toString(),
    });
    assert.equal(second.status(), 400);
    assert.match(await second.text(), /Escriba el motivo de la rectificatoria/);
    const record = must(await f.read({ nit: '3456789012', fortuneYear: 2020, on: '2021-04-12', lang: 'es' }));
    assert.equal(record.versions.length, 1, 'the resend filed nothing');
    assert.equal(record.versions[0]!.declaration.filedBy, 'account:sin.fiscal');
    await review(page, 'declared');
  });

  it('the public figures: one payer in La Paz is «<5», no amount; the chart and CSV are there', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}/transparencia/impuesto-fortunas?gestion=2020`);
    const body = await shown(page.locator('main'));
    assert.match(body, /La Paz\s+<5/);
    assert.doesNotMatch(body, /394\.880|297\.440/);
    assert.ok(await page.getByRole('link', { name: 'Descargar las cifras (CSV)' }).isVisible());
    await review(page, 'public');
  });
});
