import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listAuditEntries } from '../../src/audit/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { createOfficer } from '../helpers/back-office.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
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
 * The account administrator at an office PC, in Chromium, against the whole server: signs in,
 * opens «Cuentas» from the navigation, creates an officer's account with a role ticked, and sees
 * it with its role in words; issues a bank's credential (its code shown once, not after a reload)
 * and revokes it; verifies the audit trail; the new officer then signs in and finds the screens of
 * that role.
 * axe-core checks every page visited and each page's screenshot is kept in test-artifacts/screenshots/.
 */

const PASSWORD = 'cuatro palabras largas bastan';
const NEW_OFFICER = { username: 'lucia.choque', displayName: 'Lucía Choque' };

let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('admin-');
  t = await createTestDatabase();
  await createOfficer(t.db, 'admin.general', ['administrator'], PASSWORD);
  server = await startTestServer(t);
  const context = await newOfficeContext(browser);
  page = await context.newPage();
});

after(() => closeBrowserTest(browser, server, t));

const reviewPage = reviewer('admin');
const review = (name: string) => reviewPage(page, name);

async function signIn(username: string): Promise<void> {
  await page.goto(`${server.url}/oficina/ingresar`);
  await page.getByLabel('Usuario', { exact: true }).fill(username);
  await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

describe('the administrator in Chromium', () => {
  it('creates an account from the navigation; the new officer signs in with it', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await signIn('admin.general');
    assert.equal(new URL(page.url()).pathname, '/oficina');
    await review('home');

    await page.getByRole('navigation').getByRole('link', { name: 'Cuentas' }).click();
    assert.equal(await shown(page.locator('h1')), 'Cuentas');
    await review('accounts');

    await page.getByRole('link', { name: 'Crear una cuenta' }).click();
    await review('new-account');
    // Sent without a password first: the form comes back with the message on the field.
    await page.getByLabel('Usuario', { exact: true }).fill(NEW_OFFICER.username);
    await page.getByLabel('Nombre para mostrar').fill(NEW_OFFICER.displayName);
    await page.getByLabel('Oficial del Bono').check();
    await page.getByRole('button', { name: 'Crear la cuenta' }).click();
    assert.equal(await page.getByLabel('Usuario', { exact: true }).inputValue(), NEW_OFFICER.username);
    assert.ok(await page.getByLabel('Oficial del Bono').isChecked(), 'the roles ticked are kept');
    assert.ok((await shown(page.getByRole('alert'))).includes('Escriba la contraseña.'));
    await review('new-account-refused');

    await page.getByLabel('Contraseña inicial').fill(PASSWORD);
    await page.getByLabel('Repita la contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Crear la cuenta' }).click();
    assert.equal(new URL(page.url()).pathname, `/oficina/cuentas/${NEW_OFFICER.username}`);
    assert.equal(await shown(page.locator('h1')), `Cuenta de ${NEW_OFFICER.displayName}`);
    assert.equal(await shown(page.getByTestId('account-roles')), 'Oficial del Bono');
    assert.ok((await shown(page.getByRole('status'))).includes('La cuenta fue creada'));
    await review('account-created');

    const entry = (await listAuditEntries(t.db, { last: 20 })).find(
      (e) => e.action === 'account.created' && e.entityId === NEW_OFFICER.username,
    );
    assert.equal(entry?.actor, 'account:admin.general', 'the creation is recorded as the administrator’s');

    await page.getByRole('navigation').getByRole('link', { name: 'Credenciales' }).click();
    await review('credentials-empty');
    await page.getByRole('link', { name: 'Emitir una credencial' }).click();
    await page.getByLabel('Organización').fill('BUNIBOLX');
    await page.getByLabel('Para qué es').fill('API de pagos');
    await page.getByLabel('Banco pagador').check();
    await page.getByRole('button', { name: 'Emitir la credencial' }).click();
    const token = await shown(page.getByTestId('credential-token'));
    assert.match(token, /^ak_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    await review('credential-issued');
    await page.reload();
    assert.equal(await page.getByTestId('credential-token').count(), 0, 'the code is not shown again');
    await page.getByRole('link', { name: 'Volver a las credenciales' }).click();
    await page.getByRole('button', { name: `Revocar la credencial ${token.split('.')[0]}` }).click();
    assert.equal(await page.getByTestId('credential-state').getAttribute('data-state'), 'revoked');
    await review('credential-revoked');

    await page.getByRole('navigation').getByRole('link', { name: 'Bitácora' }).click();
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    assert.equal(await page.getByTestId('audit-verification').getAttribute('data-ok'), 'true');
    await review('audit-verified');

    await page.getByRole('button', { name: 'Salir' }).click();
    await signIn(NEW_OFFICER.username);
    assert.equal(new URL(page.url()).pathname, '/oficina');
    const nav = await shown(page.getByRole('navigation'));
    assert.ok(
      nav.includes('Rondas') && !nav.includes('Cuentas'),
      'the officer’s screens, not the administrator’s',
    );
  });
});
