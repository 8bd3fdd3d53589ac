import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAccount } from '../../src/access/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { appointmentsOf, dosesOf } from '../../src/vaccination/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';
import { keyOf, type TestPerson } from '../vaccination/fixture.ts';
import {
  APPOINTMENT_SITE,
  type Campaign,
  CLOCK,
  DAY,
  setUpCampaign,
  WALK_IN_SITE,
} from '../web/vaccination-fixture.ts';
import {
  clearScreenshots,
  closeBrowserTest,
  launchBrowser,
  newCitizenContext,
  newOfficeContext,
  recordPageWeights,
  reviewer,
  screenshot,
  shown,
  skipWithoutBrowser,
  startTestServer,
} from './browser.ts';

/**
 * A vaccinator at a walk-in site in Chromium, against the whole server (issue #18, "Done when"):
 * she signs in, registers the arrivals of the day with their identity cards (a person whose CI
 * gives another weekday is refused with that weekday in words), serves the queue in ticket order —
 * each dose into the nominal registry with the lot that expires first —, tries to record a second
 * dose for someone vaccinated minutes ago and is refused with the precise Spanish reason and the
 * earliest date, and closes the day with its counts. Then a citizen, on a phone with JavaScript
 * off, asks "¿Cuándo me toca?" and reads their dose and their next one. axe-core checks every page.
 */

const PASSWORD = 'cuatro palabras largas bastan';
const VACCINATOR = {
  username: 'lucia.vacunadora',
  displayName: 'Lucía Condori',
  roles: ['vaccinator'] as const,
};

let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let campaign: Campaign;
const weights: { url: string; bytes: number }[] = [];
let weigh: ReturnType<typeof recordPageWeights>;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('vaccinator-');
  t = await createTestDatabase();
  await seedCountry(t.db, t.dir, 1_000);
  campaign = await setUpCampaign(t.db);
  const r = await createAccount(t.db, {
    ...VACCINATOR,
    roles: [...VACCINATOR.roles],
    password: PASSWORD,
    actor: 'system',
    now: CLOCK,
  });
  assert.ok(r.ok);
  server = await startTestServer(t, { clock: CLOCK });
  context = await newOfficeContext(browser);
  page = await context.newPage();
  weigh = recordPageWeights(page);
});

after(() => closeBrowserTest(browser, server, t));

const review = reviewer('vaccinator');

async function fillTriple(p: Page, person: TestPerson): Promise<void> {
  const [year, month, day] = person.dateOfBirth.split('-') as [string, string, string];
  await p.locator('#f-ci').fill(person.ciNumber);
  await p.locator('#f-complemento').fill(person.complemento);
  await p.locator('#f-dob-day').fill(String(Number(day)));
  await p.locator('#f-dob-month').fill(String(Number(month)));
  await p.locator('#f-dob-year').fill(year);
}

const siteDay = `/oficina/vacunacion/puntos/${WALK_IN_SITE}`;

describe('a vaccinator serves the walk-ins of a day in Chromium', () => {
  it('signs in and opens her site’s day', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${siteDay}?dia=${DAY}`);
    assert.equal(new URL(page.url()).pathname, '/oficina/ingresar', 'sent to sign in first');
    await page.getByLabel('Usuario', { exact: true }).fill(VACCINATOR.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`**${siteDay}**`),
      page.getByRole('button', { name: 'Ingresar' }).click(),
    ]);
    assert.equal(await shown(page.locator('h1')), 'Jornada en Coliseo Julio Borelli');
    assert.equal(await shown(page.getByTestId('site-day')), 'Día: 4 de mayo de 2021');
    assert.equal(await shown(page.getByTestId('waiting')), '0 personas en espera');
    await review(page, 'site-day');
  });

  it('registers arrivals with their identity cards; another weekday is refused in words', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    for (const [i, person] of campaign.today.slice(0, 3).entries()) {
      await fillTriple(page, person);
      await Promise.all([
        page.waitForURL(`**${siteDay}?**`),
        page.getByRole('button', { name: 'Dar ficha' }).click(),
      ]);
      assert.match(await shown(page.getByRole('status')), new RegExp(`Ficha ${i + 1}: Sinopharm\\.`));
    }
    assert.equal(await shown(page.getByTestId('waiting')), '3 personas en espera');
    await fillTriple(page, campaign.otherWeekday);
    await page.getByRole('button', { name: 'Dar ficha' }).click();
    const refusal = await shown(page.getByRole('alert'));
    assert.match(refusal, /El 4 de mayo de 2021 no le corresponde por el último dígito de su carnet\./);
    assert.match(
      refusal,
      /Por el último dígito de su carnet le corresponde el (lunes|miércoles|jueves|viernes)\./,
    );
    await review(page, 'arrival-refused');
  });

  it('serves the queue in ticket order, each dose in the nominal registry', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${siteDay}?dia=${DAY}`);
    for (const ticket of [1, 2, 3]) {
      await Promise.all([
        page.waitForURL(`**${siteDay}?**`),
        page.getByRole('button', { name: 'Atender a la siguiente' }).click(),
      ]);
      assert.match(
        await shown(page.getByRole('status')),
        new RegExp(`Ficha ${ticket} vacunada: Dosis 1, Sinopharm, lote SP-2021-0417\\.`),
      );
      assert.equal(await shown(page.getByTestId(`ticket-${ticket}`)), 'vacunada');
    }
    assert.equal(await shown(page.getByTestId('administered-sinopharm')), '3');
    for (const person of campaign.today.slice(0, 3)) {
      const doses = okValue(await dosesOf(t.db, keyOf(person)));
      assert.deepEqual(
        doses.map((d) => [d.doseNumber, d.product, d.site, d.givenOn]),
        [[1, 'sinopharm', WALK_IN_SITE, DAY]],
      );
    }
    await review(page, 'queue-served');
  });

  it('is refused a second dose the same day with the precise reason, and nothing is recorded', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.getByRole('link', { name: 'Registrar una dosis' }).click();
    assert.equal(await shown(page.locator('h1')), 'Registrar una dosis en Coliseo Julio Borelli');
    const person = campaign.today[0]!;
    await fillTriple(page, person);
    await page.getByLabel('Vacuna', { exact: true }).selectOption({ label: 'Sinopharm' });
    assert.equal(
      await page.getByLabel('Lote', { exact: true }).inputValue(),
      '',
      'the first to expire by default',
    );
    await page.getByRole('button', { name: 'Registrar la dosis' }).click();
    const refusal = await shown(page.getByRole('alert'));
    assert.match(refusal, /^No se registró\n/);
    assert.ok(
      refusal.endsWith(
        'La dosis 2 no puede aplicarse antes del 25 de mayo de 2021: aún no pasó el intervalo desde la dosis anterior.',
      ),
      refusal,
    );
    assert.equal(okValue(await dosesOf(t.db, keyOf(person))).length, 1);
    await review(page, 'dose-refused');
  });

  it('books a person into a day at the appointment site, with the second dose; a second booking is refused', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const bookAt = `/oficina/vacunacion/puntos/${APPOINTMENT_SITE}`;
    await page.goto(`${server.url}${bookAt}?dia=${DAY}`);
    await page.getByRole('link', { name: 'Reservar una cita' }).click();
    assert.equal(await shown(page.locator('h1')), 'Reservar una cita en Hospital del Norte');
    assert.equal(await shown(page.getByTestId('book-day')), 'Día: 4 de mayo de 2021');
    const person = campaign.today[3]!;
    await fillTriple(page, person);
    await Promise.all([
      page.waitForURL('**/citas?**'),
      page.getByRole('button', { name: 'Reservar la cita' }).click(),
    ]);
    assert.equal(
      await shown(page.getByRole('status')),
      'Cita reservada\n\nCita el 4 de mayo de 2021: Dosis 1, Sinopharm. Segunda dosis reservada para el 25 de mayo de 2021 (Sinopharm).',
    );
    const mine = okValue(await appointmentsOf(t.db, keyOf(person)));
    assert.deepEqual(
      mine.map((a) => [a.site, a.day, a.doseNumber, a.product, a.status]),
      [
        [APPOINTMENT_SITE, DAY, 1, 'sinopharm', 'booked'],
        [APPOINTMENT_SITE, '2021-05-25', 2, 'sinopharm', 'booked'],
      ],
    );
    await review(page, 'booked');
    await fillTriple(page, person);
    await page.getByRole('button', { name: 'Reservar la cita' }).click();
    const refusal = await shown(page.getByRole('alert'));
    assert.match(refusal, /Ya tiene una cita para la dosis 1 el 4 de mayo de 2021: cancélela primero\./);
    assert.equal(okValue(await appointmentsOf(t.db, keyOf(person))).length, 2, 'nothing more booked');
    await review(page, 'booking-refused');
  });

  it('lists the second doses falling due at her site in a date range', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${siteDay}?dia=${DAY}`);
    await page.getByRole('link', { name: 'Segundas dosis por vencer' }).click();
    assert.equal(await shown(page.locator('h1')), 'Segundas dosis por vencer en Coliseo Julio Borelli');
    assert.equal(
      await shown(page.getByTestId('second-due-none')),
      'Ninguna segunda dosis vence en esas fechas.',
    );
    await page.goto(`${server.url}${siteDay}/segundas-dosis?desde=2021-05-20&hasta=2021-05-31`);
    const table = await shown(page.locator('table'));
    for (const person of campaign.today.slice(0, 3)) assert.ok(table.includes(person.ciNumber), table);
    assert.equal((table.match(/25 de mayo de 2021/g) ?? []).length, 3, table);
    assert.match(table, /por vencer/);
    await review(page, 'second-due');
  });

  it('closes the day with its counts', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server.url}${siteDay}?dia=${DAY}`);
    await page.getByRole('link', { name: 'Cerrar la jornada' }).click();
    await Promise.all([
      page.waitForURL('**/cierre?**'),
      page.getByRole('button', { name: 'Cerrar la jornada' }).click(),
    ]);
    assert.equal(
      await shown(page.getByTestId('day-closed')),
      'Aplicadas: 3. Se retiraron de la fila: 0. Citas no atendidas: 0. Dosis de frascos abiertos dadas de baja: 1.',
    );
    await review(page, 'day-closed');
    await page.goto(`${server.url}${siteDay}?dia=${DAY}`);
    assert.equal(
      await page.getByRole('button', { name: 'Dar ficha' }).count(),
      0,
      'a closed day takes nobody',
    );
    await weigh.settled();
    weights.push(...weigh.pages());
    for (const w of weights) assert.ok(w.bytes < 100_000, `${w.url} weighs ${w.bytes} bytes`);
  });
});

describe('a citizen asks "¿Cuándo me toca?" without JavaScript', () => {
  it('reads their dose given today, the next one and its date, and the sites near them', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const phone = await newCitizenContext(browser!, { javaScriptEnabled: false });
    const p = await phone.newPage();
    await p.goto(`${server.url}/vacunas`);
    assert.equal(await shown(p.locator('h1')), '¿Cuándo me toca vacunarme?');
    await fillTriple(p, campaign.today[1]!);
    await p.getByRole('button', { name: 'Consultar' }).click();
    assert.equal(await shown(p.locator('h1')), 'Su vacunación');
    const today = await shown(p.getByTestId('today'));
    assert.match(today, /Hoy no puede vacunarse\./);
    assert.match(today, /Su próxima dosis: Dosis 2 \(segunda dosis\)\./);
    assert.match(today, /Puede aplicarse del 25 de mayo de 2021 al 1 de junio de 2021\./);
    const main = await shown(p.locator('main'));
    assert.match(main, /Dosis 1 \(primera dosis\)\s+Sinopharm\s+4 de mayo de 2021\s+Coliseo Julio Borelli/);
    assert.match(main, /Hospital del Norte/);
    await screenshot(p, 'vaccinator-citizen-answer');
    await phone.close();
  });
});
