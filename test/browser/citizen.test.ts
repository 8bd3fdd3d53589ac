import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PayoutDesk } from '../../src/bono/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { seedCountryWithRound } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import {
  clearScreenshots,
  closeBrowserTest,
  launchBrowser,
  newCitizenContext,
  recordPageWeights,
  reviewer,
  shown,
  skipWithoutBrowser,
  startTestServer,
} from './browser.ts';

/**
 * A citizen on a phone, in Chromium, against the whole server: checks their bono status (eligible,
 * already paid, not eligible, not found, mistyped), switches to English, files a grievance and
 * follows it with the reference; uses only the keyboard; uses a browser with JavaScript off; runs
 * into the look-up limit. axe-core checks every page, every page weighs under 100 KB, and every
 * page's screenshot is kept in test-artifacts/screenshots/.
 */

interface Person {
  ci: string;
  complemento: string;
  dob: string;
}

/**
 * The instant the server answers at: 10 February 2021, 11:00 in Bolivia, in the rezagados period,
 * when every eligible person who has not collected may collect at a counter.
 */
const CLOCK = new Date('2021-02-10T15:00:00Z');

let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
const people = {} as { eligible: Person; paid: Person; notEligible: Person };
/** Bytes of every page a journey opened, by address (the portal pages load nothing else). */
const weights: { url: string; bytes: number }[] = [];

async function pickPerson(where: string): Promise<Person> {
  const [row] = await t.db.query<Person>(
    `SELECT p.ci_number AS ci, p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS dob
     FROM person p LEFT JOIN bono_entitlement e ON e.person_id = p.id
     WHERE ${where} AND p.date_of_death IS NULL
       AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
     ORDER BY p.id LIMIT 1`,
  );
  assert.ok(row, `a person with ${where}`);
  return row;
}

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('citizen-');
  t = await createTestDatabase();
  await seedCountryWithRound(t.db, t.dir, 2_000, 5);
  people.eligible = await pickPerson(`e.channel = 'counter'`);
  people.paid = await pickPerson(`e.channel = 'counter' AND p.ci_number <> '${people.eligible.ci}'`);
  people.notEligible = await pickPerson('e.person_id IS NULL');
  const [window] = await t.db.query<{ closes_on: string }>(
    `SELECT to_char(e.closes_on, 'YYYY-MM-DD') AS closes_on FROM bono_entitlement e JOIN person p ON p.id = e.person_id
     WHERE p.ci_number = $1`,
    [people.paid.ci],
  );
  const desk = new PayoutDesk(t.db);
  const paid = await desk.pay({
    bankBic: 'BNBOBOLX',
    idempotencyKey: 'browser-journey-0001',
    person: { ciNumber: people.paid.ci, complemento: people.paid.complemento, dateOfBirth: people.paid.dob },
    paymentPoint: 'Agencia Sopocachi',
    at: new Date(`${window!.closes_on}T14:00:00Z`),
    actor: 'credential:ak_browser',
  });
  await desk.close();
  assert.equal(paid.ok && paid.value.result, 'paid');
  server = await startTestServer(t, { clock: CLOCK });
});

after(() => closeBrowserTest(browser, server, t));

/** A fresh phone-sized page that records the weight of everything it loads; `close` keeps the weights. */
async function openPhone(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; close(): Promise<void> }> {
  const context: BrowserContext = await newCitizenContext(browser!, options);
  const page = await context.newPage();
  const recorder = recordPageWeights(page);
  return {
    page,
    async close() {
      await recorder.settled();
      weights.push(...recorder.pages());
      await context.close();
    },
  };
}

const review = reviewer('citizen');

async function fillTriple(page: Page, p: Person): Promise<void> {
  const [year, month, day] = p.dob.split('-');
  await page.locator('#f-ci').fill(p.ci);
  await page.locator('#f-complemento').fill(p.complemento);
  await page.locator('#f-dob-day').fill(String(Number(day)));
  await page.locator('#f-dob-month').fill(String(Number(month)));
  await page.locator('#f-dob-year').fill(year!);
}

const h1 = (page: Page) => shown(page.locator('h1'));

describe('a citizen in Chromium', () => {
  it('checks their status: eligible, already paid, not eligible, not found, mistyped', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone();
    await page.goto(`${server.url}/bono`);
    assert.equal(await h1(page), '¿Soy beneficiario del Bono Contra el Hambre?');
    assert.equal(await page.locator('html').getAttribute('lang'), 'es');
    await review(page, 'status-form');

    // The form is labelled: the fields are found by the words a citizen reads.
    const [year, month, day] = people.eligible.dob.split('-');
    await page.getByLabel('Número de carnet de identidad').fill(people.eligible.ci);
    await page.getByLabel('Complemento (si su carnet lo tiene)').fill(people.eligible.complemento);
    await page.getByLabel('Día', { exact: true }).fill(day!);
    await page.getByLabel('Mes', { exact: true }).fill(month!);
    await page.getByLabel('Año', { exact: true }).fill(year!);
    await page.getByRole('button', { name: 'Consultar' }).click();
    assert.equal(await h1(page), 'Usted es beneficiario del Bono Contra el Hambre');
    assert.match(await shown(page.locator('main')), /Bs 1\.000,00/);
    assert.match(await shown(page.locator('main')), /Hoy puede cobrar/);
    assert.match(
      await shown(page.locator('.banner')),
      /reloj simulado: ayni responde como si fuera el 10 de febrero de 2021, 11:00/,
    );
    assert.match(await shown(page.locator('main')), /Sus fechas para cobrar\s+Del \d+ de \w+ de 202[01] al/);
    assert.ok(!page.url().includes(people.eligible.ci), 'the CI number never appears in the address');
    await review(page, 'status-eligible');

    await page.getByRole('link', { name: 'Hacer otra consulta' }).click();
    await fillTriple(page, people.paid);
    await page.getByRole('button', { name: 'Consultar' }).click();
    assert.equal(await h1(page), 'Usted es beneficiario del Bono Contra el Hambre');
    const paidText = await shown(page.locator('main'));
    assert.match(paidText, /Usted ya cobró el bono/);
    assert.match(paidText, /en ventanilla, en Banco Nacional de Bolivia \(Agencia Sopocachi\)/);
    await review(page, 'status-paid');

    await page.getByRole('link', { name: 'Hacer otra consulta' }).click();
    await fillTriple(page, people.notEligible);
    await page.getByRole('button', { name: 'Consultar' }).click();
    assert.equal(await h1(page), 'No le corresponde el Bono Contra el Hambre');
    assert.ok((await page.locator('main li').count()) > 0, 'the reasons are listed');
    await review(page, 'status-not-eligible');

    await page.getByRole('link', { name: 'Hacer otra consulta' }).click();
    await fillTriple(page, { ...people.eligible, dob: '1901-01-01' });
    await page.getByRole('button', { name: 'Consultar' }).click();
    assert.equal(await h1(page), 'No encontramos esos datos');
    assert.equal(
      await page.locator('#f-ci').inputValue(),
      people.eligible.ci,
      'the form keeps what was typed',
    );
    await review(page, 'status-not-found');

    await page.goto(`${server.url}/bono`);
    await page.locator('#f-dob-day').fill('31');
    await page.locator('#f-dob-month').fill('2');
    await page.locator('#f-dob-year').fill('1980');
    await page.getByRole('button', { name: 'Consultar' }).click();
    const summary = page.getByRole('alert');
    assert.match(await shown(summary), /Revise estos datos/);
    assert.equal(await page.locator('#f-ci').getAttribute('aria-invalid'), 'true');
    await review(page, 'status-errors');
    // Each error in the summary leads to its field.
    await summary.getByRole('link', { name: /Escriba el número de su carnet/ }).click();
    assert.equal(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement
            .id,
      ),
      'f-ci',
    );
    await close();
  });

  it('switches to English and keeps the page they were on', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone();
    await page.goto(`${server.url}/bono/reclamo`);
    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(new URL(page.url()).pathname, '/bono/reclamo');
    assert.equal(await h1(page), 'File a complaint');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await review(page, 'grievance-form-en');
    await page.getByRole('link', { name: 'Am I a beneficiary?' }).click();
    assert.equal(await h1(page), 'Am I a beneficiary of the Bono Contra el Hambre?');
    await fillTriple(page, people.eligible);
    await page.getByRole('button', { name: 'Check' }).click();
    assert.equal(await h1(page), 'You are a beneficiary of the Bono Contra el Hambre');
    assert.match(await shown(page.locator('main')), /Bs 1,000\.00/);
    await review(page, 'status-eligible-en');
    // The answer was a post: the switch leads back to the form, now in Spanish.
    await page.getByRole('link', { name: 'Español' }).click();
    assert.equal(await h1(page), '¿Soy beneficiario del Bono Contra el Hambre?');
    await close();
  });

  it('files a grievance and follows it with the reference', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone();
    await page.goto(`${server.url}/bono`);
    await page.getByRole('navigation').getByRole('link', { name: 'Presentar un reclamo' }).click();
    assert.equal(await h1(page), 'Presentar un reclamo');
    await review(page, 'grievance-form');
    await page.getByLabel('No figuro en la lista').check();
    await fillTriple(page, people.notEligible);
    await page
      .getByLabel('Describa el problema')
      .fill('Tengo 45 años, no cobro otra renta y no figuro en la lista.');
    await page.getByLabel('Teléfono o correo para contactarle (opcional)').fill('70012345');
    await page.getByRole('button', { name: 'Enviar reclamo' }).click();
    assert.equal(await h1(page), 'Recibimos su reclamo');
    const reference = (await shown(page.getByTestId('reference'))).trim();
    assert.match(reference, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await review(page, 'grievance-filed');

    await page.getByRole('main').getByRole('link', { name: 'Seguir mi reclamo' }).click();
    assert.equal(await page.getByLabel('Referencia del reclamo').inputValue(), reference);
    await review(page, 'grievance-follow-form');
    await page.getByLabel('Número de carnet de identidad').fill(people.notEligible.ci);
    await page.getByRole('button', { name: 'Ver mi reclamo' }).click();
    assert.equal(await h1(page), `Reclamo ${reference}`);
    assert.equal(await shown(page.getByTestId('status')), 'Recibido, en espera de revisión');
    assert.match(await shown(page.locator('table')), /Reclamo recibido\./);
    await review(page, 'grievance-status');

    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await h1(page), 'Follow my complaint');
    await page.getByLabel('Complaint reference').fill(reference.toLowerCase());
    await page.getByLabel('Identity card (CI) number').fill('1234567');
    await page.getByRole('button', { name: 'See my complaint' }).click();
    assert.match(await shown(page.getByRole('alert')), /We could not find that complaint/);
    await review(page, 'grievance-not-found-en');
    await page.getByLabel('Identity card (CI) number').fill(people.notEligible.ci);
    await page.getByRole('button', { name: 'See my complaint' }).click();
    assert.equal(await shown(page.getByTestId('status')), 'Received, waiting for review');
    await review(page, 'grievance-status-en');
    await close();
  });

  it('uses only the keyboard: skip link, Tab from field to field, Enter sends', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone();
    await page.goto(`${server.url}/bono`);
    type Doc = { document: { activeElement: { id: string; textContent: string } } };
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as Doc).document.activeElement;
        return { id: el.id, text: el.textContent.trim() };
      });
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'Saltar al contenido');
    assert.ok(await page.locator('a.skip').isVisible(), 'the skip link shows when focused');
    await review(page, 'keyboard-skip-link', false);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'f-ci');
    // The focused field is marked by a thick outline.
    const outline = await page.locator('#f-ci').evaluate((el) => {
      const style = (
        globalThis as unknown as {
          getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string };
        }
      ).getComputedStyle(el);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    assert.equal(outline, 'solid 3px');
    const p = people.eligible;
    const [year, month, day] = p.dob.split('-');
    await page.keyboard.type(p.ci);
    for (const [id, text] of [
      ['f-complemento', p.complemento],
      ['f-dob-day', day!],
      ['f-dob-month', month!],
      ['f-dob-year', year!],
    ] as const) {
      await page.keyboard.press('Tab');
      assert.equal((await focused()).id, id);
      if (text !== '') await page.keyboard.type(text);
    }
    await review(page, 'keyboard-filled', false);
    await Promise.all([page.waitForURL('**/bono/estado**'), page.keyboard.press('Enter')]);
    assert.equal(await h1(page), 'Usted es beneficiario del Bono Contra el Hambre');
    await close();
  });

  it('works with JavaScript turned off', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone({ javaScriptEnabled: false });
    await page.goto(`${server.url}/bono`);
    await fillTriple(page, people.paid);
    await page.getByRole('button', { name: 'Consultar' }).click();
    assert.match(await shown(page.locator('main')), /Usted ya cobró el bono/);
    await review(page, 'nojs-status-paid', false);
    await page.getByRole('link', { name: 'Presente un reclamo' }).click();
    await page.getByLabel('Figuro como pagado pero no cobré').check();
    await fillTriple(page, people.paid);
    await page.getByLabel('Describa el problema').fill('Figuro como pagado pero nunca fui al banco.');
    await page.getByRole('button', { name: 'Enviar reclamo' }).click();
    const reference = (await shown(page.getByTestId('reference'))).trim();
    await page.getByRole('main').getByRole('link', { name: 'Seguir mi reclamo' }).click();
    await page.getByLabel('Número de carnet de identidad').fill(people.paid.ci);
    await page.getByRole('button', { name: 'Ver mi reclamo' }).click();
    assert.equal(await h1(page), `Reclamo ${reference}`);
    assert.match(await shown(page.locator('main')), /Figuro como pagado pero no cobré/);
    await review(page, 'nojs-grievance-status', false);
    await close();
  });

  it('meets the look-up limit after repeated wrong dates of birth, and is told when to try again', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone();
    const guessed = { ci: '8765432', complemento: '', dob: '1970-01-01' };
    let status = 0;
    for (let i = 1; i <= 6 && status !== 429; i++) {
      await page.goto(`${server.url}/bono`);
      await fillTriple(page, { ...guessed, dob: `1970-01-0${i}` });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/bono/estado')),
        page.getByRole('button', { name: 'Consultar' }).click(),
      ]);
      status = response.status();
    }
    assert.equal(status, 429);
    assert.equal(await h1(page), 'Demasiados intentos');
    assert.match(
      await shown(page.getByRole('alert')),
      /Intente de nuevo en 15 minutos, después de las 11:15/,
    );
    await review(page, 'status-rate-limited');
    await close();
  });

  it('finds the other public pages in the same frame accessible too: registry status, page not found', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const { close, page } = await openPhone();
    await page.goto(`${server.url}/`);
    assert.equal(await h1(page), 'Estado del registro');
    await review(page, 'registry-status');
    const missing = await page.goto(`${server.url}/bono/no-existe`);
    assert.equal(missing?.status(), 404);
    await review(page, 'not-found-page');
    await close();
  });

  it('keeps every page under 100 KB', (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    assert.ok(weights.length >= 15, `pages measured: ${weights.length}`);
    const heavy = weights.filter((w) => !(w.bytes > 0 && w.bytes < 100_000));
    assert.deepEqual(heavy, [], 'pages at or over 100 KB (or not measured)');
    const max = Math.max(...weights.map((w) => w.bytes));
    c.diagnostic(`${weights.length} pages, heaviest ${max.toLocaleString('en')} bytes`);
  });
});
