import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../src/http/server.ts';
import { createOfficer } from '../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { type FixturePerson, queueRows, reviewRegistry } from '../registry/identity/review-fixture.ts';
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
 * Officers resolve the identity review queue in Chromium (issue #23, "Done when"): an AFP list
 * arrives with two rows whose year of birth is one off; one officer opens the queue, compares a
 * row with its candidate side by side (the comparisons in words), accepts it, marks the other "not
 * sure"; a second officer finds it flagged and rejects it with a reason; the queue is empty.
 * The pages run no script of their own; axe-core on every page, screenshots kept.
 */

const PASSWORD = 'cuatro palabras largas bastan';

let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
let page: Page;
let persons: FixturePerson[];
let reviews: bigint[];

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('identity-');
  t = await createTestDatabase();
  persons = await reviewRegistry(t.db, t.dir, 2_000);
  reviews = await queueRows(t.db, t.dir, [persons[7]!, persons[8]!]);
  await createOfficer(t.db, 'ana.oficial', ['bono_officer'], PASSWORD);
  await createOfficer(t.db, 'beto.oficial', ['bono_officer'], PASSWORD);
  server = await startTestServer(t);
  const context = await newOfficeContext(browser);
  page = await context.newPage();
});

after(() => closeBrowserTest(browser, server, t));

const reviewPage = reviewer('identity');
const review = (name: string) => reviewPage(page, name);

async function signIn(username: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${server.url}/oficina/ingresar`);
  await page.getByLabel('Usuario', { exact: true }).fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

describe('officers resolve the identity review queue in Chromium', () => {
  it('one accepts a row and marks another "not sure"; a second officer rejects it; the queue empties', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const [first, second] = reviews as [bigint, bigint];
    await signIn('ana.oficial');
    await page.goto(`${server.url}/oficina/identidades`);
    assert.equal(await shown(page.locator('h1')), 'Revisión de identidades');
    assert.ok((await shown(page.locator('caption'))).includes('2 filas por revisar'));
    await review('queue');

    await page.getByRole('link', { name: `Fila n.º ${first}` }).click();
    const body = await shown(page.locator('main'));
    assert.ok(body.includes('Número de CI: igual'), body);
    assert.ok(body.includes('Fecha de nacimiento: difiere solo en el día, el mes o el año'));
    for (const internal of ['one_field_off', 'ci_number', 'afp-dependent'])
      assert.ok(!body.includes(internal), `no internal name on the page (${internal})`);
    await review('row');

    await page.getByLabel(`Es el candidato 1 (persona n.º ${persons[7]!.id})`).check();
    await page.getByLabel('Motivo').fill('El mismo CI; el año de nacimiento mal escrito por la AFP.');
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    assert.ok((await shown(page.getByRole('status'))).includes('La fila quedó vinculada'));
    await review('accepted');

    await page.goto(`${server.url}/oficina/identidades/${second}`);
    await page.getByLabel('No estoy seguro: que lo decida otro funcionario').check();
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    assert.ok((await shown(page.getByRole('status'))).includes('marcada para otro funcionario'));
    await review('unsure');

    await signIn('beto.oficial');
    await page.goto(`${server.url}/oficina/identidades`);
    assert.ok((await shown(page.locator('main'))).includes('No estoy seguro: para otro funcionario'));
    await page.getByRole('link', { name: `Fila n.º ${second}` }).click();
    assert.ok((await shown(page.locator('main'))).includes('ana.oficial no estuvo seguro'));
    await review('flagged');
    // a rejection without its reason comes back with the message on the field
    await page.getByLabel('No es ninguno de los candidatos').check();
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    assert.ok((await shown(page.getByRole('alert'))).includes('Escriba el motivo del rechazo.'));
    await review('refused');
    await page.getByLabel('Motivo').fill('Otra persona: nació en otro año, según el padrón.');
    await page.getByRole('button', { name: 'Registrar la decisión' }).click();
    assert.ok((await shown(page.getByRole('status'))).includes('La fila fue rechazada'));
    await review('rejected');

    await page.goto(`${server.url}/oficina/identidades`);
    assert.ok((await shown(page.locator('main'))).includes('No hay filas por revisar.'));
    const [row] = await t.db.query<{ status: string; decided_by: string }>(
      'SELECT status, decided_by FROM identity_review WHERE id = $1',
      [String(second)],
    );
    assert.deepEqual({ ...row }, { status: 'rejected', decided_by: 'account:beto.oficial' });
  });
});
