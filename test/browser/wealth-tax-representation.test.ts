import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/access/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { grantMandate } from '../../src/wealth-tax/index.ts';
import { must, OFFICER, type WealthTaxFixture, wealthTaxFixture } from '../wealth-tax/fixture.ts';
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
 * A taxpayer's representative in Chromium (issue #20): Ana Rojas named the account rep.ana her
 * representative (a mandate the SIN recorded); Luis Rojas named nobody. The representative signs
 * in with their own account, sees only Ana at /oficina/representacion, files her sworn declaration
 * there (the filing is hers, made by rep.ana), and is answered with the 403 page — in Spanish, the
 * way back to their list — when they open Luis's year or his form. axe-core on each page.
 */

const PASSWORD = 'ocho palabras para representar a ana';
const CLOCK = new Date('2021-04-12T14:00:00Z');
const ANA = '4567890019';
const LUIS = '3456789012';
let browser: Browser | null = null;
let f: WealthTaxFixture;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
/** Ana's form as the representative sent it (with its session's CSRF token), to send for Luis. */
let sentForAna = '';

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('wealth-tax-representation-');
  f = await wealthTaxFixture();
  for (const [nit, ci, dateOfBirth, fullName] of [
    [ANA, '4567890', '1960-05-01', 'Ana Rojas'],
    [LUIS, '3456789', '1958-02-11', 'Luis Rojas'],
  ] as const) {
    must(await f.register({ nit, fullName, ci: { number: ci, dateOfBirth }, departmentCode: 2 }));
    must(await f.residence({ nit, fortuneYear: 2020, daysInBolivia: 300 }));
  }
  must(
    await grantMandate(
      f.db,
      { nit: ANA, representative: 'rep.ana', validFrom: '2021-01-01' },
      OFFICER,
      CLOCK,
    ),
  );
  const r = await createAccount(f.db, {
    username: 'rep.ana',
    displayName: 'Representante de Ana',
    roles: ['tax_representative'],
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

const review = reviewer('wealth-tax-representation');

describe('a taxpayer’s representative in Chromium', () => {
  it('signs in and sees only the taxpayer who gave them a mandate', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}/oficina/representacion`);
    assert.equal(new URL(page.url()).pathname, '/oficina/ingresar', 'sent to sign in first');
    await page.getByLabel('Usuario', { exact: true }).fill('rep.ana');
    await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL('**/oficina/representacion**'),
      page.getByRole('button', { name: 'Ingresar' }).click(),
    ]);
    assert.equal(await shown(page.locator('h1')), 'Contribuyentes que represento');
    const rows = page.getByRole('table').getByRole('row');
    assert.equal(await rows.count(), 2, 'the header and Ana');
    const body = await shown(page.locator('main'));
    assert.match(body, /4567890019\s+Ana Rojas\s+Sin fecha de fin/);
    assert.doesNotMatch(body, /Luis|3456789012/);
    assert.doesNotMatch(body, /wealth_tax|not_mandated|undefined/);
    await review(page, 'list');
  });

  it('files Ana’s declaration from her year: the filing is recorded as made by the representative', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const year = `/oficina/representacion/${ANA}/2020`;
    await Promise.all([
      page.waitForURL(`**${year}**`),
      page
        .getByRole('row', { name: /Ana Rojas/ })
        .getByRole('link', { name: 'Ver la gestión 2020' })
        .click(),
    ]);
    await Promise.all([
      page.waitForURL(`**${year}/declaracion**`),
      page.getByRole('link', { name: 'Presentar la declaración jurada' }).click(),
    ]);
    assert.equal(await shown(page.locator('h1')), 'Declaración jurada de Ana Rojas — gestión 2020');
    await page.locator('#f-fecha').fill('2021-03-20');
    await page.locator('#f-a0_descripcion').fill('Casa en La Paz');
    await page.locator('#f-a0_tipo').selectOption('real_estate');
    await page.locator('#f-a0_monto').fill('25000000.00');
    await page.locator('#f-a1_descripcion').fill('Cuenta en Miami');
    await page.locator('#f-a1_tipo').selectOption('deposits_and_credits');
    await page.locator('#f-a1_ubicacion').selectOption('abroad');
    await page.locator('#f-a1_moneda').selectOption('USD');
    await page.locator('#f-a1_monto').fill('2000000');
    await review(page, 'form');
    sentForAna = await page.locator('form[action*="/declaracion"]').evaluate((form) => {
      // Runs in the page: the test's TypeScript has no DOM types.
      const g = globalThis as unknown as { FormData: new (f: unknown) => Iterable<[string, string]> };
      return new URLSearchParams([...new g.FormData(form)]).toString();
    });
    await Promise.all([
      page.waitForURL('**declaracion=presentada**'),
      page.getByRole('button', { name: 'Presentar la declaración' }).click(),
    ]);
    assert.equal(new URL(page.url()).pathname, year, 'back to Ana’s year under the representative’s pages');
    const body = await shown(page.locator('main'));
    assert.match(body, /Declaración presentada y liquidada/);
    assert.match(body, /Debe pagar Bs 394\.880,00 hasta el 31 de marzo de 2021/);
    assert.match(body, /USD 2000000\.00.*6,96/);
    assert.doesNotMatch(body, /igf_|wealth_tax|undefined/);
    const record = must(await f.read({ nit: ANA, fortuneYear: 2020, on: '2021-04-12', lang: 'es' }));
    assert.equal(record.versions.length, 1);
    assert.equal(record.versions[0]!.declaration.filedBy, 'account:rep.ana');
    await review(page, 'filed');
  });

  it('a taxpayer without a mandate answers the 403 page, and nothing is filed for him', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    for (const path of [
      `/oficina/representacion/${LUIS}/2020`,
      `/oficina/representacion/${LUIS}/2020/declaracion`,
    ]) {
      const res = await page.goto(`${server.url}${path}`);
      assert.equal(res?.status(), 403, path);
      assert.equal(await shown(page.locator('h1')), 'Sin mandato');
      const body = await shown(page.locator('main'));
      assert.match(body, /no tiene hoy un mandato vigente del contribuyente con NIT 3456789012/);
      assert.doesNotMatch(body, /Luis Rojas|not_mandated|wealth_tax/);
      assert.ok(await page.getByRole('link', { name: 'Volver a mis representados' }).isVisible());
    }
    await review(page, 'refused');
    // The same form sent for Luis anyway (by hand, with a valid session and token) is refused the
    // same way and records nothing.
    const forLuis = new URLSearchParams(sentForAna);
    forLuis.set('clave', 'web:a-mano-luis-0001');
    const sent = await page.request.post(
      `${server.url}/oficina/representacion/${LUIS}/2020/declaracion?lang=es`,
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        data: forLuis.toString(),
      },
    );
    assert.match(await sent.text(), /no tiene hoy un mandato vigente del contribuyente con NIT 3456789012/);
    assert.equal(sent.status(), 403);
    assert.equal((await f.read({ nit: LUIS, fortuneYear: 2020, on: '2021-04-12', lang: 'es' })).ok, false);
  });
});
