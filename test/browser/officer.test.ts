import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/access/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceListImportSpec } from '../../src/registry/index.ts';
import { generateCountry } from '../../src/synth/synth.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import {
  clearScreenshots,
  closeBrowserTest,
  launchBrowser,
  newOfficeContext,
  recordPageWeights,
  reviewer,
  shown,
  skipWithoutBrowser,
  startTestServer,
} from './browser.ts';

/**
 * Two officers at their office PCs, in Chromium, against the whole server: the first signs in
 * with the keyboard, imports a source list through the upload form and follows the progress page
 * (which refreshes itself without script) to its counts, creates a round (following its progress
 * page, which leads to the round), is refused when they try
 * to approve their own round (maker-checker), and signs out; the second signs in and approves it.
 * axe-core checks every back-office page visited, the keyboard focus is checked to be visible,
 * every page weighs under 100 KB, and each page's screenshot is kept in test-artifacts/screenshots/.
 */

const PASSWORD = 'cuatro palabras largas bastan';
/** The country is as of the day the officers work: 30 November 2020, the eve of the first payments. */
const AS_OF = '2020-11-30';
const CLOCK = new Date('2020-11-30T10:00:00-04:00');
/** The list the officer uploads; every other file is imported before the journey starts. */
const UPLOADED = 'bono-familia';

/**
 * The first officer holds both the officer and the approver roles, so the approval form is shown
 * to them and the refusal of their own round comes from the maker-checker rule itself, not from a
 * missing permission.
 */
const MAKER = {
  username: 'rosa.mamani',
  displayName: 'Rosa Mamani',
  roles: ['bono_officer', 'bono_approver'],
};
const CHECKER = { username: 'jorge.quispe', displayName: 'Jorge Quispe', roles: ['bono_approver'] };

let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let uploadFile: string;
/** The data rows of the uploaded file (its lines less the header). */
let uploadRows = 0;
/** The import number the progress page gives the uploaded list. */
let uploadedImportId = '';
const weights: { url: string; bytes: number }[] = [];
let weigh: ReturnType<typeof recordPageWeights>;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('officer-');
  t = await createTestDatabase();
  // A messy country: some rows of every file are wrong, so the upload ends with rejected rows.
  const country = await generateCountry({
    people: 1_000,
    seed: 11,
    outDir: path.join(t.dir, 'country'),
    asOf: AS_OF,
    messy: true,
  });
  const options = { actor: 'test', asOf: AS_OF, rejectsDir: path.join(t.dir, 'rejects') };
  const file = (name: string) => {
    const f = country.files.find((x) => x.name === name);
    assert.ok(f, `the synthetic country has ${name}`);
    return f.path;
  };
  okValue(await runImport(t.db, personImportSpec(AS_OF), { ...options, filePath: file('persons.csv') }));
  for (const list of SOURCE_LISTS)
    if (list.name !== UPLOADED)
      okValue(
        await runImport(t.db, sourceListImportSpec(list, AS_OF), {
          ...options,
          filePath: file(`${list.name}.csv`),
        }),
      );
  uploadFile = file(`${UPLOADED}.csv`);
  uploadRows = (await readFile(uploadFile, 'latin1')).split('\n').filter((l) => l !== '').length - 1;
  for (const a of [MAKER, CHECKER]) {
    const r = await createAccount(t.db, { ...a, password: PASSWORD, actor: 'system', now: CLOCK });
    assert.ok(r.ok, `account ${a.username}`);
  }
  server = await startTestServer(t, { clock: CLOCK });
  // An office PC: a desktop screen, Spanish. `bypassCSP` lets axe-core in (the pages run no script).
  context = await newOfficeContext(browser);
  page = await context.newPage();
  weigh = recordPageWeights(page);
});

after(() => closeBrowserTest(browser, server, t));

/** Checks the page with axe-core and keeps its screenshot. */
const reviewPage = reviewer('officer');
const review = (name: string, axe = true) => reviewPage(page, name, axe);

const h1 = () => shown(page.locator('h1'));

/** A count as the Spanish pages write it ('1.234') read back as a number. */
async function countOf(testId: string): Promise<number> {
  const text = (await shown(page.getByTestId(testId))).trim();
  assert.match(text, /^[0-9.]+$/, `${testId} shows a count, got "${text}"`);
  return Number(text.replaceAll('.', ''));
}

type Doc = {
  document: { activeElement: { id: string; tagName: string; textContent: string } };
  getComputedStyle(e: unknown): {
    outlineStyle: string;
    outlineWidth: string;
    outlineColor: string;
    backgroundColor: string;
  };
};

/** The element that has the keyboard focus, and how its outline is drawn. */
function focused(): Promise<{ id: string; tag: string; text: string; outline: string }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as Doc;
    const el = g.document.activeElement;
    const style = g.getComputedStyle(el);
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text: el.textContent.trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    };
  });
}

/** The frame's focus ring: a thick yellow outline (src/web/html.ts). */
const FOCUS_RING = 'solid 3px rgb(255, 221, 0)';

async function signIn(who: { username: string }): Promise<void> {
  await page.getByLabel('Usuario', { exact: true }).fill(who.username);
  await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

describe('two officers in Chromium', () => {
  it('the first signs in with the keyboard alone, the focus always visible', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const response = await page.goto(`${server.url}/oficina`);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/oficina/ingresar', 'sent to the sign-in form');
    assert.equal(await h1(), 'Ingresar a la oficina');
    await review('sign-in-form');

    await page.keyboard.press('Tab');
    let f = await focused();
    assert.equal(f.text, 'Saltar al contenido');
    assert.ok(await page.locator('a.skip').isVisible(), 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.id, 'f-username');
    assert.equal(f.outline, FOCUS_RING);
    await review('sign-in-focus-username', false);
    await page.keyboard.type(MAKER.username);
    await page.keyboard.press('Tab');
    f = await focused();
    assert.equal(f.id, 'f-password');
    assert.equal(f.outline, FOCUS_RING);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    f = await focused();
    assert.deepEqual([f.tag, f.text], ['button', 'Ingresar']);
    assert.equal(f.outline, FOCUS_RING, 'the button reached by Tab shows the focus ring');
    await review('sign-in-focus-button', false);
    await Promise.all([page.waitForURL('**/oficina?lang=es'), page.keyboard.press('Enter')]);

    assert.equal(await h1(), 'Oficina');
    assert.match(await shown(page.locator('main')), /Sesión de\s+Rosa Mamani/);
    const nav = page.getByRole('navigation');
    for (const name of ['Registro', 'Importaciones', 'Listas', 'Rondas', 'Depósitos', 'Reclamos'])
      assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `the menu offers ${name}`);
    await review('home');
    // Links show the focus too: the focused link turns yellow.
    await page.keyboard.press('Tab');
    assert.equal((await focused()).text, 'Saltar al contenido');
    await page.keyboard.press('Tab');
    const link = await page.evaluate(() => {
      const g = globalThis as unknown as Doc;
      const el = g.document.activeElement;
      return { tag: el.tagName.toLowerCase(), background: g.getComputedStyle(el).backgroundColor };
    });
    assert.deepEqual(link, { tag: 'a', background: 'rgb(255, 221, 0)' });
    await review('home-focus-link', false);
  });

  it('imports a source list through the upload form and follows its progress to the counts', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.getByRole('navigation').getByRole('link', { name: 'Importaciones', exact: true }).click();
    assert.equal(await h1(), 'Importaciones');
    await review('imports');

    await page.getByLabel('Tipo de archivo').selectOption(UPLOADED);
    await page.getByLabel('Archivo CSV').setInputFiles(uploadFile);
    // The reference date is today on the server's clock; the officer keeps it.
    assert.equal(await page.getByLabel('Día', { exact: true }).inputValue(), '30');
    assert.equal(await page.getByLabel('Mes', { exact: true }).inputValue(), '11');
    assert.equal(await page.getByLabel('Año', { exact: true }).inputValue(), '2020');
    await review('imports-filled');
    await Promise.all([
      page.waitForURL('**/oficina/importaciones/trabajos/**'),
      page.getByRole('button', { name: 'Importar' }).click(),
    ]);
    const progressUrl = page.url();
    assert.match(new URL(progressUrl).pathname, /^\/oficina\/importaciones\/trabajos\/[A-Za-z0-9_-]{22}$/);
    // While running, the page says what it is doing and reloads itself every 2 seconds (no script);
    // the counts appear once the import is done. Each reload is a new document, so wait for the
    // one that has them.
    const running = await page.locator('meta[http-equiv="refresh"]').count();
    if (running > 0) {
      assert.equal(await h1(), 'Avance de la importación');
      await review('import-running', false);
    }
    await page.getByTestId('rows-accepted').waitFor({ timeout: 90_000 });
    assert.equal(page.url(), progressUrl, 'the progress page refreshed in place');
    assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0, 'a finished page stays put');
    assert.equal(await h1(), 'Importación terminada');

    const read = await countOf('rows-read');
    const accepted = await countOf('rows-accepted');
    const rejected = await countOf('rows-rejected');
    assert.equal(read, uploadRows, 'every data row of the file was read');
    assert.equal(read, accepted + rejected, 'read = accepted + rejected');
    assert.ok(rejected > 0, 'the messy file has rows the import refuses');
    assert.ok(accepted > 0);
    const notice = await shown(page.getByRole('status').first());
    const id = /Importación N\.º (\d+)/.exec(notice)?.[1];
    assert.ok(id, `the page names the import: ${notice}`);
    uploadedImportId = id;
    assert.ok(
      await page.getByRole('link', { name: 'Descargar las filas rechazadas (línea y motivo)' }).isVisible(),
    );
    await review('import-done');

    // The list in force is now the uploaded one, with the accepted rows.
    await page.getByRole('navigation').getByRole('link', { name: 'Listas', exact: true }).click();
    assert.equal(await h1(), 'Listas de otras instituciones');
    const cells = await page
      .locator('tbody tr', { hasText: UPLOADED })
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => (td as unknown as { textContent: string }).textContent.trim()));
    assert.equal(cells[3], `${uploadedImportId} (${UPLOADED}.csv)`);
    assert.equal(Number(cells[5]!.replaceAll('.', '')), accepted);
    await review('source-lists');

    // On a phone a wide table scrolls inside its own box: the page is never wider than the screen
    // (it was 1,047 px at 390 px).
    await page.setViewportSize({ width: 390, height: 800 });
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(width <= 390, `the page is ${width} px wide on a 390 px screen`);
    await review('source-lists-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('creates a round, and is refused when approving their own round', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.getByRole('navigation').getByRole('link', { name: 'Rondas', exact: true }).click();
    assert.equal(await h1(), 'Rondas de pago');
    assert.match(await shown(page.locator('main')), /Aún no hay rondas/);
    await review('rounds-empty');

    await page.getByRole('link', { name: 'Crear una ronda' }).click();
    assert.equal(await h1(), 'Crear una ronda');
    await review('round-form');
    await page.getByLabel('Día', { exact: true }).fill('1');
    await page.getByLabel('Mes', { exact: true }).fill('12');
    await page.getByLabel('Año', { exact: true }).fill('2020');
    await page.getByLabel('Nota (opcional)').fill('Ronda regular del 1 de diciembre');
    // The round is made in the background: the progress page says which step it is at and reloads
    // itself (no script) until the round is frozen, then leads to it. On this small country it may
    // be done before the first look.
    await Promise.all([
      page.waitForURL(/\/oficina\/rondas\/(trabajos\/[A-Za-z0-9_-]{22}|1)\?/),
      page.getByRole('button', { name: 'Crear y congelar la ronda' }).click(),
    ]);
    if (new URL(page.url()).pathname.startsWith('/oficina/rondas/trabajos/')) {
      assert.equal(await h1(), 'Creando la ronda');
      assert.match(await shown(page.getByTestId('round-step')), /^(Preparando|Leyendo|Aplicando|Calculando)/);
      await review('round-creating', false);
      await page.waitForURL('**/oficina/rondas/1?**', { timeout: 90_000 });
    }
    assert.equal(await h1(), 'Ronda 1');
    assert.match(await shown(page.locator('main')), /Ronda creada y congelada/);
    assert.equal(await page.getByTestId('round-status').getAttribute('data-status'), 'frozen');
    // The frozen round names the registry it read: the list just uploaded is among the lists in force.
    const lists = await shown(page.locator('dd', { hasText: 'Listas vigentes' }));
    assert.match(
      lists,
      new RegExp(`Beneficiarios y cobradores del Bono Familia: importación ${uploadedImportId}\\b`),
    );
    assert.ok(
      await page.getByRole('table', { name: /Totales de control por departamento y ventana/ }).isVisible(),
    );
    await review('round-created');

    // The creator holds the approver role too, so the form is there; the service refuses them.
    await page.getByLabel('Nota (obligatoria para rechazar)').fill('La apruebo yo misma');
    const [refusal] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/oficina/rondas/1/aprobar')),
      page.getByRole('button', { name: 'Aprobar la ronda' }).click(),
    ]);
    assert.equal(refusal.status(), 409);
    await page.waitForLoadState();
    assert.match(
      await shown(page.locator('main')),
      /Usted creó la ronda 1 y no puede aprobarla ni rechazarla: debe hacerlo otro funcionario con el rol de aprobador del Bono\./,
    );
    assert.equal(await page.getByTestId('round-status').getAttribute('data-status'), 'frozen');
    assert.equal(
      await page.getByLabel('Nota (obligatoria para rechazar)').inputValue(),
      'La apruebo yo misma',
    );
    await review('round-own-approval-refused');
  });

  it('signs out: the session ends', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await Promise.all([
      page.waitForURL('**/oficina/salida**'),
      page.getByRole('button', { name: 'Salir' }).click(),
    ]);
    assert.match(await shown(page.locator('main')), /Salió de la oficina/);
    await review('signed-out');
    await page.goto(`${server.url}/oficina/rondas/1`);
    assert.equal(new URL(page.url()).pathname, '/oficina/ingresar', 'the old session opens nothing');
    assert.equal(await h1(), 'Ingresar a la oficina');
  });

  it('a second officer signs in and approves the round', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    // The sign-in form remembers where the reader was going: round 1.
    await Promise.all([page.waitForURL('**/oficina/rondas/1?lang=es'), signIn(CHECKER)]);
    assert.equal(await h1(), 'Ronda 1');
    const main = await shown(page.locator('main'));
    assert.match(main, /Sesión de\s+Jorge Quispe/);
    assert.match(main, new RegExp(`Creada por\\s+${MAKER.displayName}`), 'the officer by name');
    assert.doesNotMatch(main, /account:/, 'never the actor as the audit trail stores it');
    await review('round-to-approve');
    // «Rechazar» does not look like «Aprobar»: the warning style, in another colour.
    const colour = (name: string) =>
      page
        .getByRole('button', { name })
        .evaluate(
          (b) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(b).backgroundColor,
        );
    assert.notEqual(await colour('Rechazar la ronda'), await colour('Aprobar la ronda'));

    await page.getByLabel('Nota (obligatoria para rechazar)').fill('Totales de control revisados');
    await Promise.all([
      page.waitForURL('**/oficina/rondas/1?**hecho=aprobada**'),
      page.getByRole('button', { name: 'Aprobar la ronda' }).click(),
    ]);
    assert.match(await shown(page.locator('main')), /Ronda aprobada: los pagos pueden comenzar/);
    assert.equal(await page.getByTestId('round-status').getAttribute('data-status'), 'approved');
    const decided = await shown(page.locator('main'));
    assert.match(decided, new RegExp(`Decidida por\\s+${CHECKER.displayName}`));
    assert.match(decided, /Nota de la decisión\s+Totales de control revisados/);
    assert.equal(
      await page.getByRole('button', { name: 'Aprobar la ronda' }).count(),
      0,
      'a decided round has no form',
    );
    await review('round-approved');

    // Payment may begin: nobody is paid yet, everyone entitled is still to collect.
    await page.getByRole('link', { name: 'Ver el avance de los pagos' }).click();
    assert.equal(await h1(), 'Avance de los pagos — Ronda 1');
    const entitled = await countOf('entitled');
    assert.ok(entitled > 0, 'the round entitles somebody');
    assert.equal(await countOf('unpaid'), entitled);
    assert.equal(await countOf('paid-counter'), 0);
    await review('round-payments');

    // The round list shows who did what.
    await page.getByRole('navigation').getByRole('link', { name: 'Rondas', exact: true }).click();
    const row = page.locator('tbody tr').first();
    assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'approved');
    assert.match(await shown(row), new RegExp(MAKER.displayName));
    assert.match(await shown(row), new RegExp(CHECKER.displayName));
    assert.doesNotMatch(await shown(row), /account:/);
    await review('rounds-list');
  });

  it('keeps every back-office page under 100 KB', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await weigh.settled();
    weights.push(...weigh.pages());
    assert.ok(weights.length >= 12, `pages measured: ${weights.length}`);
    const heavy = weights.filter((w) => !(w.bytes > 0 && w.bytes < 100_000));
    assert.deepEqual(heavy, [], 'pages at or over 100 KB (or not measured)');
    const max = Math.max(...weights.map((w) => w.bytes));
    c.diagnostic(`${weights.length} pages, heaviest ${max.toLocaleString('en')} bytes`);
  });
});
