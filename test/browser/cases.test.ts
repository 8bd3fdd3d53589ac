import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../src/access/index.ts';
import { accountActor, listAuditEntries } from '../../src/audit/index.ts';
import {
  evidenceStoreFor,
  readCaseFile,
  SEED_CASE_CODE,
  seedCaseFile,
  setTeamMember,
} from '../../src/cases/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
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
 * The case files in Chromium (issue #21, "Done when", the investigator's side): the demo
 * investigator diana.investigadora signs in, opens the synthetic Sacaba/Senkata file, adds a
 * protected witness and uploads a file through the multipart form; the item's custody log starts
 * with its collection, viewing it in the restricted viewer adds an «Acceso» entry (and an audit
 * row), and the chain verifies. A prosecutor liaison on the team sees the protected witnesses as
 * codes only; a bono officer (no case role) gets 403; the public version she publishes shows no
 * protected name and no restricted evidence. axe-core on each page.
 */

const PASSWORD = 'siete palabras para los expedientes';
const CLOCK = new Date('2021-04-12T14:00:00Z');
const CASE = `/oficina/casos/${SEED_CASE_CODE}`;
const WITNESS = 'Testigo Nuevo Reservado Sintético';
const TESTIMONY = 'Vi llegar los camiones al puente a las cuatro de la tarde (testimonio sintético).';
const DOCUMENT = 'ACTA SINTÉTICA DE ENTREGA\nEntregada por un testigo en El Alto.\n';
/** The investigator who seeds the file and works on it. */
const DIANA = { username: 'diana.investigadora', actor: accountActor('diana.investigadora') };
let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
let page: Page;
let itemId = '';

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('cases-');
  t = await createTestDatabase();
  const accounts = [
    { username: 'diana.investigadora', displayName: 'Diana Condori', roles: ['case_investigator'] },
    { username: 'pablo.fiscalia', displayName: 'Pablo Enlace', roles: ['case_prosecutor_liaison'] },
    { username: 'ana.oficial', displayName: 'Ana Quispe', roles: ['bono_officer'] },
    { username: 'rosa.familia', displayName: 'Rosa Mamani', roles: ['victims_representative'] },
  ];
  for (const a of accounts) {
    const r = await createAccount(t.db, { ...a, password: PASSWORD, actor: 'system', now: CLOCK });
    assert.ok(r.ok);
  }
  const seeded = await seedCaseFile(t.db, evidenceStoreFor(t.dir), DIANA);
  assert.ok(seeded.ok);
  const joined = await setTeamMember(
    t.db,
    SEED_CASE_CODE,
    { username: 'pablo.fiscalia', teamRole: 'prosecutor_liaison' },
    DIANA,
    CLOCK,
  );
  assert.ok(joined.ok);
  const family = await setTeamMember(
    t.db,
    SEED_CASE_CODE,
    { username: 'rosa.familia', teamRole: 'victims_representative', familyCode: 'FAM-SAC-01' },
    DIANA,
    CLOCK,
  );
  assert.ok(family.ok);
  server = await startTestServer(t, { clock: CLOCK });
  const context = await newOfficeContext(browser);
  page = await context.newPage();
});

after(() => closeBrowserTest(browser, server, t));

const review = reviewer('cases');

/** The case file as its investigator reads it (every person and item), to compare with what others see. */
async function readAsDiana() {
  const file = await readCaseFile(t.db, SEED_CASE_CODE, DIANA, CLOCK);
  assert.ok(file.ok);
  return file.value;
}

async function signIn(p: Page, username: string, next: string): Promise<void> {
  await p.goto(`${server.url}${next}`);
  assert.equal(new URL(p.url()).pathname, '/oficina/ingresar', 'sent to sign in first');
  await p.getByLabel('Usuario', { exact: true }).fill(username);
  await p.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
  await Promise.all([p.waitForURL(`**${next}**`), p.getByRole('button', { name: 'Ingresar' }).click()]);
}

describe('an investigator works on a case file in Chromium', () => {
  it('signs in, opens the investigation: events on the timeline, persons, evidence with its custody', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await signIn(page, 'diana.investigadora', '/oficina/casos');
    assert.equal(await shown(page.locator('h1')), 'Expedientes');
    await review(page, 'list');
    await Promise.all([
      page.waitForURL(`**${CASE}**`),
      page.getByRole('link', { name: SEED_CASE_CODE }).click(),
    ]);
    const body = await shown(page.locator('main'));
    assert.match(body, /Puente Huayllani/);
    assert.match(body, /Senkata/);
    assert.match(body, /Íntegra \(\d+ entradas\)/, 'each item shows its verified custody');
    // The investigator sees protected identities.
    assert.match(body, /Testigo Protegido Sintético SAC/);
    assert.doesNotMatch(body, /undefined|protest_repression|gunshot_wound/);
    await review(page, 'file');
  });

  it('adds a protected witness and uploads a file; the custody log starts with its collection', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.getByLabel('Nombre completo').fill(WITNESS);
    await page.getByLabel('Función en el caso').selectOption('witness');
    await page.locator('#f-protegida-1').check();
    await Promise.all([
      page.waitForURL('**nota=guardado**'),
      page.getByRole('button', { name: 'Agregar la persona' }).click(),
    ]);
    assert.match(await shown(page.locator('main')), new RegExp(WITNESS));

    await page.getByLabel('Título', { exact: true }).fill('Acta de entrega (prueba del navegador)');
    await page.getByLabel('Tipo de evidencia').selectOption('document');
    await page.getByLabel('Archivo').setInputFiles({
      name: 'acta.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(DOCUMENT, 'utf8'),
    });
    await page.getByLabel('Recolectada por').fill('Diana Condori');
    await page.getByLabel('Lugar de la recolección').fill('El Alto');
    await page.getByLabel('Fecha y hora de la recolección').fill('2019-11-20 10:30');
    await page.getByLabel('Cómo se obtuvo').fill('entregada por un testigo');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Subir la evidencia' }).click(),
    ]);
    await page.waitForURL(/\/evidencia\/\d+/, { timeout: 5000 }).catch(async () => {
      assert.fail(`not stored: ${await shown(page.locator('main'))}`);
    });
    itemId = /\/evidencia\/(\d+)/.exec(page.url())?.[1] ?? '';
    assert.ok(itemId !== '');
    assert.equal(await shown(page.getByTestId('custody-1')), 'Recolección');
    assert.equal(await page.getByTestId('custody-2').count(), 0);
    await review(page, 'item');
  });

  it('views it in the restricted viewer: an «Acceso» custody entry and an audit row; the chain verifies', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await Promise.all([
      page.waitForURL('**/visor**'),
      page.getByRole('link', { name: 'Ver el documento (visor reservado)' }).click(),
    ]);
    assert.match(await shown(page.getByTestId('document')), /ACTA SINTÉTICA DE ENTREGA/);
    assert.match(await shown(page.locator('main')), /visto por Diana Condori/);
    await review(page, 'viewer');
    await Promise.all([
      page.waitForURL(`**/evidencia/${itemId}**`),
      page.getByRole('link', { name: 'Volver a la evidencia' }).click(),
    ]);
    assert.equal(await shown(page.getByTestId('custody-2')), 'Acceso');
    const audit = await listAuditEntries(t.db, { last: 50 });
    assert.ok(
      audit.some(
        (e) => e.action === 'case_evidence.read' && e.entityId === itemId && e.actor === DIANA.actor,
      ),
      'the view is in the audit trail',
    );
    assert.equal(await page.getByTestId('custody-3').count(), 0, 'one view, one access entry');
    await Promise.all([
      page.waitForURL('**verificar=1**'),
      page.getByRole('button', { name: 'Verificar la cadena de custodia' }).click(),
    ]);
    assert.match(await shown(page.getByRole('status')), /Custodia verificada/);
    await review(page, 'verified');
  });

  it('records a testimony of the protected witness, the filed act as its transcript', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${CASE}`);
    const witness = await page.locator('#f-testigo option', { hasText: WITNESS }).getAttribute('value');
    assert.ok(witness, 'the new witness is among the choices');
    await page.getByLabel('Testigo', { exact: true }).selectOption(witness);
    await page.getByLabel('Fecha y hora del testimonio').fill('2019-12-02 09:15');
    await page.getByLabel('Lugar del testimonio').fill('Parroquia de Senkata');
    await page.getByLabel('Idioma del testimonio').selectOption('ay');
    await page.getByLabel('Intérprete (opcional)').fill('Intérprete Sintético');
    await page.getByLabel('Para la investigación y la Fiscalía').check();
    await page.getByLabel('Transcripción del testimonio').fill(TESTIMONY);
    await page.getByLabel('Transcripción archivada (opcional)').selectOption(itemId);
    await Promise.all([
      page.waitForURL('**nota=guardado**'),
      page.getByRole('button', { name: 'Registrar el testimonio' }).click(),
    ]);
    const statements = await shown(page.getByTestId('statements'));
    assert.match(statements, new RegExp(`Testimonio \\d+: ${WITNESS}`), 'the investigator sees the name');
    assert.match(statements, /Aymara/);
    assert.ok(statements.includes(TESTIMONY));
    const audit = await listAuditEntries(t.db, { last: 50 });
    assert.ok(
      audit.some((e) => e.action === 'case_statement.recorded'),
      'the statement is audited',
    );
    await review(page, 'testimony');
  });

  it('publishes the public version: no protected name, no restricted evidence', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${CASE}`);
    await Promise.all([
      page.waitForURL('**nota=publicado**'),
      page.getByRole('button', { name: 'Publicar la versión pública' }).click(),
    ]);
    const anonymous = await newOfficeContext(browser);
    const pub = await anonymous.newPage();
    const res = await pub.goto(`${server.url}/casos/${SEED_CASE_CODE}`);
    assert.equal(res?.status(), 200);
    const body = await shown(pub.locator('main'));
    assert.match(body, /Puente Huayllani/);
    assert.match(body, /Identidad reservada/);
    assert.doesNotMatch(body, /Testigo Protegido Sintético/);
    assert.doesNotMatch(body, new RegExp(WITNESS));
    assert.doesNotMatch(body, /Acta de entrega/, 'restricted evidence is not published');
    const file = await readAsDiana();
    for (const p of file.persons)
      if (p.protected && !p.withheld) assert.ok(!body.includes(p.fullName), `${p.code} is not named`);
    await review(pub, 'public');
    await anonymous.close();
  });
  it('opens the analysis from the case page: the map, who was where, the counts with their sources, the contradictions', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${CASE}`);
    await Promise.all([page.waitForURL('**/analisis**'), page.getByTestId('analysis-link').click()]);
    assert.match(await shown(page.locator('h1')), /Análisis del expediente/);
    const map = page.getByTestId('map');
    assert.equal(await map.getAttribute('role'), 'img');
    assert.equal(await map.locator('circle').count(), 2, 'both events drawn');
    assert.match(await map.evaluate((e) => e.outerHTML), /<text[^>]*>Puente Huayllani/, 'labelled');
    const main = await shown(page.locator('main'));
    assert.match(main, /Quién estuvo dónde/);
    assert.match(main, /Testigo Protegido Sintético SAC/, 'the investigator sees the name');
    assert.match(main, /La hora/, 'the two-hour disagreement is flagged');
    assert.doesNotMatch(main, /undefined|gunshot_wound|alleged_perpetrator|cause_of_death/);
    // A cell's source is a link to the item it rests on.
    const [cell] = await page.locator('[data-testid^="victims-"][data-testid$="-all"]').allInnerTexts();
    assert.equal(cell, '10');
    await Promise.all([
      page.waitForURL(/\/evidencia\/\d+/),
      page.locator('#victimas ~ section ul.sources a').first().click(),
    ]);
    assert.match(await shown(page.locator('h1')), /Protocolo de autopsia|Evidencia/);
    await page.goBack();
    await review(page, 'analysis');
  });

  it('the transparency portal links the published case file', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const anonymous = await newOfficeContext(browser);
    const pub = await anonymous.newPage();
    await pub.goto(`${server.url}/transparencia`);
    await Promise.all([
      pub.waitForURL('**/transparencia/casos**'),
      pub.getByRole('link', { name: 'Ver los expedientes publicados' }).click(),
    ]);
    await review(pub, 'portal-list');
    await Promise.all([
      pub.waitForURL(`**/casos/${SEED_CASE_CODE}**`),
      pub.getByRole('link', { name: SEED_CASE_CODE }).click(),
    ]);
    assert.match(await shown(pub.locator('main')), /Puente Huayllani/);
    await anonymous.close();
  });
});

describe('who may not', () => {
  it('a prosecutor liaison on the team sees protected witnesses by code only', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const ctx = await newOfficeContext(browser);
    const p = await ctx.newPage();
    await signIn(p, 'pablo.fiscalia', CASE);
    const body = await shown(p.locator('main'));
    assert.match(body, /Identidad reservada/);
    assert.doesNotMatch(body, /Testigo Protegido Sintético/);
    assert.doesNotMatch(body, new RegExp(WITNESS));
    assert.equal(await p.getByRole('button', { name: 'Subir la evidencia' }).count(), 0, 'no upload form');
    // The testimony Diana recorded: its words, the witness by code only, no form to record one.
    const file = await readAsDiana();
    const witness = file.persons.find((x) => !x.withheld && x.fullName === WITNESS);
    assert.ok(witness);
    const statements = await shown(p.getByTestId('statements'));
    assert.ok(statements.includes(TESTIMONY), 'the liaison reads the statement');
    assert.match(statements, new RegExp(`${witness.code} \\(identidad reservada\\)`));
    assert.doesNotMatch(statements, new RegExp(WITNESS));
    assert.equal(
      await p.getByRole('button', { name: 'Registrar el testimonio' }).count(),
      0,
      'no testimony form',
    );
    // The analysis shows the witnesses by code too.
    await p.goto(`${server.url}${CASE}/analisis`);
    const analysis = await shown(p.locator('main'));
    assert.match(analysis, /T-SAC-01 \(identidad reservada\)/);
    assert.doesNotMatch(analysis, /Testigo Protegido Sintético/);
    await review(p, 'analysis-liaison');
    await ctx.close();
  });

  it('a victims’ representative sees only their family’s persons and evidence', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const file = await readAsDiana();
    const own = file.items.filter((i) => i.familyCode === 'FAM-SAC-01');
    const other = file.items.find((i) => i.familyCode !== null && i.familyCode !== 'FAM-SAC-01');
    assert.ok(own.length > 0 && other);
    const ctx = await newOfficeContext(browser);
    const p = await ctx.newPage();
    await signIn(p, 'rosa.familia', CASE);
    const body = await shown(p.locator('main'));
    assert.match(body, /Víctima Sintética SAC 01/);
    assert.doesNotMatch(body, /Víctima Sintética SAC 02|Víctima Sintética SEN|Testigo Protegido/);
    for (const i of own) assert.ok(body.includes(i.title), `${i.title} is shown`);
    assert.ok(!body.includes(other.title), `${other.title} is not shown`);
    const res = await p.goto(`${server.url}${CASE}/evidencia/${other.id}`);
    assert.equal(res?.status(), 404, 'another family’s item is not found');
    await review(p, 'family');
    await ctx.close();
  });

  it('an officer without a case role gets 403', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const ctx = await newOfficeContext(browser);
    const p = await ctx.newPage();
    await p.goto(`${server.url}/oficina/ingresar`);
    await p.getByLabel('Usuario', { exact: true }).fill('ana.oficial');
    await p.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await Promise.all([p.waitForURL('**/oficina**'), p.getByRole('button', { name: 'Ingresar' }).click()]);
    for (const address of [CASE, `${CASE}/evidencia/${itemId || '1'}/contenido`]) {
      const res = await p.goto(`${server.url}${address}`);
      assert.equal(res?.status(), 403, address);
    }
    await ctx.close();
  });
});
