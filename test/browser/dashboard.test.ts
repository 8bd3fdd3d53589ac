import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCredential } from '../../src/access/index.ts';
import type { Round } from '../../src/bono/index.ts';
import type { RunningServer } from '../../src/http/server.ts';
import { TRANSPARENCY_CSV_IDS } from '../../src/web/transparency/transparency.routes.ts';
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
 * The public dashboard shows the payments made through the bank API: a bank's system records
 * counter payouts over HTTP with its credential, then a reader in Chromium finds exactly those
 * payouts on /transparencia and /transparencia/bono (by department, by day, by channel), downloads
 * every chart's CSV and finds the same numbers as in the chart's table, and finds no CI number,
 * name or date of birth of anybody paid on any public page. axe-core checks every public page in
 * Spanish and English, every page weighs under 100 KB, and every screenshot is kept in
 * test-artifacts/screenshots/.
 */

/**
 * The server's clock: 1 February 2021, 11:00 in Bolivia, in the rezagados period, when every
 * eligible person who has not collected may be paid at a counter. The clock stands still, so the
 * dashboards' one-minute figure cache (src/web/transparency/transparency.routes.ts) never expires
 * on a server: each server below is read for the first time only when the figures it must show are
 * in the database.
 */
const CLOCK = new Date('2021-02-01T11:00:00-04:00');
const BANK = 'BUNIBOLX';
/** Persons paid, by INE department code: each group at least 5, so nothing paid is suppressed. */
const PLAN = [
  { department: 2, name: 'La Paz', persons: 7 },
  { department: 7, name: 'Santa Cruz', persons: 5 },
] as const;
const PAID = PLAN.reduce((s, p) => s + p.persons, 0);
const PUBLIC_PAGES = [
  '/',
  '/bono',
  '/bono/reclamo',
  '/bono/reclamo/seguimiento',
  '/transparencia',
  '/transparencia/bono',
  '/transparencia/registro',
] as const;

interface Person {
  ci: string;
  complemento: string;
  dob: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  department: number;
}

let browser: Browser | null = null;
let t: TestDatabase;
let server: RunningServer | undefined;
let round: Round;
let token = '';
const paid: Person[] = [];
let paidCentavos = 0n;
let context: BrowserContext;
let page: Page;
let weigh: ReturnType<typeof recordPageWeights>;
/** Pages already checked by axe-core, as path?lang. */
const axeDone = new Set<string>();

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  await clearScreenshots('dashboard-');
  t = await createTestDatabase();
  round = await seedCountryWithRound(t.db, t.dir, 1_000, 5);
  const credential = await createCredential(t.db, {
    organisation: BANK,
    roles: ['bank'],
    description: 'Banco Unión, sistema de ventanillas',
    actor: 'account:admin',
    now: new Date('2020-11-30T09:00:00-04:00'),
  });
  assert.ok(credential.ok);
  token = credential.value.token;
  for (const p of PLAN) {
    // Persons to be paid at a counter whose CI number nobody else has, so the triple names them.
    const rows = await t.db.query<Person>(
      `SELECT p.ci_number AS "ci", p.complemento, to_char(p.date_of_birth, 'YYYY-MM-DD') AS "dob",
              p.given_names AS "givenNames", p.first_surname AS "firstSurname",
              p.second_surname AS "secondSurname", p.department_code::int AS "department"
       FROM person p JOIN bono_entitlement e ON e.person_id = p.id AND e.round_id = $1
       WHERE e.channel = 'counter' AND p.department_code = $2 AND p.date_of_death IS NULL
         AND (SELECT count(*) FROM person q WHERE q.ci_number = p.ci_number) = 1
       ORDER BY p.id LIMIT $3`,
      [round.id, p.department, p.persons],
    );
    assert.equal(rows.length, p.persons, `${p.persons} persons to pay in ${p.name}`);
    paid.push(...rows);
  }
  context = await newCitizenContext(browser);
  page = await context.newPage();
  weigh = recordPageWeights(page);
});

after(() => closeBrowserTest(browser, server, t));

const reviewPage = reviewer('dashboard');

/** Checks the page with axe-core (once per address and language) and keeps its screenshot. */
async function review(name: string): Promise<void> {
  const url = new URL(page.url());
  await reviewPage(page, name);
  axeDone.add(`${url.pathname}?${url.searchParams.get('lang') ?? 'es'}`);
}

/** RFC 4180 fields of a CSV file (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  assert.equal(field, '', 'the file ends with CRLF');
  return rows;
}

/**
 * A cell of a chart's data table as its CSV file writes it: 'Bs 12.000,00' → '12000.00',
 * '7,5%' → '7.5', '1.234' → '1234', a date → its ISO form, '—' → '' (Spanish pages).
 */
function asCsvValue(cell: string): string {
  const v = cell.replace(/\u00a0/g, ' ').trim();
  if (v === '—') return '';
  const money = /^Bs (-?[0-9.]+),([0-9]{2})$/.exec(v);
  if (money) return `${money[1]!.replaceAll('.', '')}.${money[2]}`;
  const percent = /^(-?[0-9]+)(?:,([0-9]+))? ?%$/.exec(v);
  if (percent) return percent[2] ? `${percent[1]}.${percent[2]}` : percent[1]!;
  if (/^[0-9]{1,3}(\.[0-9]{3})*$/.test(v)) return v.replaceAll('.', '');
  return v;
}

/** The body and footer rows of a chart's data table, each cell as the CSV writes it. */
async function tableRows(figureId: string): Promise<string[][]> {
  const rows = await page.locator(`#${figureId}-table`).evaluate((table) => {
    type El = {
      querySelectorAll(s: string): ArrayLike<El>;
      querySelector(s: string): El | null;
      textContent: string;
      getAttribute(n: string): string | null;
    };
    const rowsOf = Array.from((table as unknown as El).querySelectorAll('tbody tr, tfoot tr'));
    return rowsOf.map((tr) =>
      Array.from(tr.querySelectorAll('th, td')).map(
        (cell) => cell.querySelector('time')?.getAttribute('datetime') ?? cell.textContent,
      ),
    );
  });
  return rows.map((r) => r.map(asCsvValue));
}

/**
 * Opens a chart's data table (the reader clicks "Ver los datos…"), downloads its CSV through the
 * chart's link and checks that the file holds exactly the table's numbers. Returns the file's
 * rows by header name.
 */
async function tableAgainstCsv(figureId: string): Promise<Record<string, string>[]> {
  const section = page.locator(`section[aria-labelledby="${figureId}-h"]`);
  const title = (await shown(page.locator(`#${figureId}-h`))).trim();
  await section.locator('summary').click();
  assert.ok(await page.locator(`#${figureId}-table`).isVisible(), `the ${figureId} table opens`);
  const link = section.getByRole('link', { name: `Descargar CSV — ${title}` });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), `${figureId}.csv`);
  const text = await readFile(await download.path(), 'utf8');
  const [header, ...lines] = parseCsv(text);
  assert.ok(header && lines.length > 0, `${figureId}.csv has a header and rows`);
  // The CSV keeps machine codes the table leaves out.
  const keep = header.map((h) => h !== 'codigo');
  const fromCsv = lines.map((l) => l.filter((_, i) => keep[i]));
  assert.deepEqual(fromCsv, await tableRows(figureId), `${figureId}.csv holds the table's numbers`);
  return lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]!])));
}

const byFirst = (rows: Record<string, string>[], column: string, label: string) => {
  const row = rows.find((r) => r[column] === label);
  assert.ok(row, `a row ${label}`);
  return row;
};

async function payout(person: Person, key: string, bearer = token): Promise<Response> {
  return fetch(`${server!.url}/api/bono/payouts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bearer}`,
      'idempotency-key': key,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      ciNumber: person.ci,
      complemento: person.complemento,
      dateOfBirth: person.dob,
      paymentPoint: 'Agencia Central',
    }),
  });
}

describe('the public dashboard in Chromium, after payouts through the bank API', () => {
  it('counts nobody paid before any payout', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    // A server of its own: its figure cache, read now, would keep these figures on it for good.
    const early = await startTestServer(t, { clock: CLOCK });
    try {
      const res = await fetch(`${early.url}/transparencia/resumen.csv`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=60');
      const [header, ...rows] = parseCsv(await res.text());
      const at = (label: string) => rows.find((r) => r[0] === label)?.[header!.indexOf('personas')];
      assert.equal(at('Personas habilitadas'), String(round.entitlementCount));
      assert.equal(at('Pagadas'), '0');
    } finally {
      await early.close();
    }
  });

  it('a bank records counter payouts over HTTP, each exactly once', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    server = await startTestServer(t, { clock: CLOCK });
    const keys: string[] = [];
    let firstPayment: { id: number } | undefined;
    for (const person of paid) {
      const key = randomUUID();
      keys.push(key);
      const res = await payout(person, key);
      const body = (await res.json()) as {
        result: string;
        payment: { id: number; amountCentavos: string; bankBic: string; channel: string };
      };
      assert.equal(res.status, 201, JSON.stringify(body));
      assert.equal(body.result, 'paid');
      assert.equal(body.payment.bankBic, BANK);
      assert.equal(body.payment.channel, 'counter');
      paidCentavos += BigInt(body.payment.amountCentavos);
      firstPayment ??= body.payment;
    }
    assert.equal(paidCentavos, BigInt(PAID) * 100_000n, 'Bs 1.000 each');
    // A retry (the bank heard no answer) returns the same payment; paying again is refused.
    const retry = await payout(paid[0]!, keys[0]!);
    assert.equal(retry.status, 200);
    const again = (await retry.json()) as { result: string; payment: { id: number } };
    assert.deepEqual([again.result, again.payment.id], ['already_recorded', firstPayment!.id]);
    const twice = await payout(paid[0]!, randomUUID());
    assert.equal(twice.status, 409);
    assert.equal(((await twice.json()) as { code: string }).code, 'already_paid');
    // Without the bank's credential nothing is recorded.
    assert.equal((await payout(paid[1]!, randomUUID(), `${token.split('.')[0]}.wrong`)).status, 401);
    const [n] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bono_payment WHERE reversed_at IS NULL',
    );
    assert.equal(n?.n, PAID, 'one payment per person paid');
  });

  it('/transparencia shows the persons paid, and its CSV matches', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server!.url}/transparencia`);
    assert.equal(await shown(page.locator('h1')), 'Transparencia');
    assert.match(await shown(page.locator('main')), /Cifras al 1 feb 2021, 11:00 \(hora de Bolivia\)/);
    assert.match(await shown(page.locator('main')), /Hay rondas en periodo de cobro/);
    const summary = await tableAgainstCsv('resumen');
    const persons = (label: string) => byFirst(summary, 'indicador', label)['personas'];
    assert.equal(persons('Personas habilitadas'), String(round.entitlementCount));
    assert.equal(persons('Pagadas'), String(PAID));
    assert.equal(byFirst(summary, 'indicador', 'Pagadas')['monto_bs'], `${paidCentavos / 100n}.00`);
    assert.equal(persons('Pagadas en ventanilla'), String(PAID));
    assert.equal(persons('Pagadas por abono en cuenta'), '0');
    assert.equal(persons('Aún pueden cobrar'), String(round.entitlementCount - PAID));
    // The summary bar's label is the share paid.
    const share = ((100 * PAID) / round.entitlementCount).toFixed(1).replace('.', ',');
    const chart = await page.locator('#resumen-chart').textContent();
    // By es-BO's Intl rules: a decimal comma, the sign right after the number.
    assert.match(chart ?? '', new RegExp(`${share}%`));
    await review('overview');
  });

  it('/transparencia/bono shows them by department, day and channel; every CSV matches its table', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server!.url}/transparencia`);
    await page.getByRole('link', { name: 'Ver los gráficos del bono' }).click();
    assert.equal(new URL(page.url()).pathname, '/transparencia/bono');
    assert.equal(await shown(page.locator('h1')), 'Bono Contra el Hambre');

    const departments = await tableAgainstCsv('bono-departamentos');
    for (const row of departments) {
      const planned = PLAN.find((p) => p.name === row['departamento']);
      const expected = row['departamento'] === 'Total' ? PAID : (planned?.persons ?? 0);
      assert.equal(row['pagadas'], String(expected), `paid in ${row['departamento']}`);
      assert.equal(row['monto_pagado_bs'], `${expected * 1000}.00`);
    }
    assert.equal(departments.length, 10, 'nine departments and the total');
    assert.equal(
      byFirst(departments, 'departamento', 'Total')['habilitadas'],
      String(round.entitlementCount),
    );

    const days = await tableAgainstCsv('bono-dias');
    assert.deepEqual(
      days.map((d) => [d['desde'], d['hasta'], d['pagadas'], d['pagadas_acumuladas']]),
      [['2021-02-01', '2021-02-01', String(PAID), String(PAID)]],
    );

    const channels = await tableAgainstCsv('bono-canales');
    assert.equal(byFirst(channels, 'codigo', 'counter')['pagadas'], String(PAID));
    assert.equal(byFirst(channels, 'codigo', 'deposit')['pagadas'], '0');
    assert.equal(byFirst(channels, 'canal', 'Total')['pagadas'], String(PAID));

    // Nothing is unclaimed while the round is still paying.
    assert.match(await shown(page.locator('main')), /Ninguna ronda llegó aún al fin de su periodo de cobro/);
    for (const id of ['bono-no-cobrado-departamentos', 'bono-no-cobrado-edades']) {
      const rows = await tableAgainstCsv(id);
      assert.ok(
        rows.every((r) => r['no_cobradas'] === '0'),
        `${id}: nothing unclaimed`,
      );
    }
    await review('bono');
  });

  it('/transparencia/registro: its CSV matches its table', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await page.goto(`${server!.url}/transparencia/registro`);
    assert.equal(await shown(page.locator('h1')), 'Registro de población y proyección del INE');
    const rows = await tableAgainstCsv('registro-ine');
    assert.equal(rows.length, 10, 'nine departments and the total');
    await review('registry');
  });

  it('every public page passes axe-core in both languages and shows nothing about a person paid', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    const published: { where: string; text: string }[] = [];
    for (const lang of ['es', 'en'] as const) {
      for (const path of PUBLIC_PAGES) {
        const res = await page.goto(`${server!.url}${path}?lang=${lang}`);
        assert.equal(res?.status(), 200, `${path}?lang=${lang}`);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        // Open every data table, so axe-core and the search below see what a reader can open.
        for (const summary of await page.locator('details > summary').all()) await summary.click();
        published.push({ where: `${path}?lang=${lang}`, text: await page.content() });
        if (!axeDone.has(`${path}?${lang}`))
          await review(`${path === '/' ? 'home' : path.slice(1).replaceAll('/', '-')}-${lang}`);
      }
      for (const id of TRANSPARENCY_CSV_IDS) {
        const res = await fetch(`${server!.url}/transparencia/${id}.csv?lang=${lang}`);
        assert.equal(res.status, 200);
        published.push({ where: `${id}.csv?lang=${lang}`, text: await res.text() });
      }
    }
    for (const p of paid) {
      const name = [p.givenNames, p.firstSurname, p.secondSurname].filter((s) => s !== '').join(' ');
      const traces: [string, RegExp][] = [
        ['CI number', new RegExp(`(?<![0-9])${p.ci}(?![0-9])`)],
        ['name', new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')],
        ['given names and surname', new RegExp(`${p.givenNames} ${p.firstSurname}`, 'i')],
        ['date of birth', new RegExp(p.dob)],
      ];
      for (const { where, text } of published)
        for (const [what, re] of traces)
          assert.doesNotMatch(text, re, `the ${what} of a person paid on ${where}`);
    }
    c.diagnostic(`${published.length} public pages and files searched for ${paid.length} persons paid`);
  });

  it('keeps every public page under 100 KB', async (c) => {
    if (skipWithoutBrowser(browser, c)) return;
    await weigh.settled();
    // The public pages may be kept for a minute (Cache-Control: public, max-age=60): a page opened
    // again comes from the browser's cache with no body over the network, so each address is
    // weighed by its largest transfer.
    const largest = new Map<string, number>();
    for (const w of weigh.pages()) largest.set(w.url, Math.max(largest.get(w.url) ?? 0, w.bytes));
    const weights = [...largest].map(([url, bytes]) => ({ url, bytes }));
    assert.ok(weights.length >= PUBLIC_PAGES.length * 2, `pages measured: ${weights.length}`);
    const heavy = weights.filter((w) => !(w.bytes > 0 && w.bytes < 100_000));
    assert.deepEqual(heavy, [], 'pages at or over 100 KB (or not measured)');
    const max = Math.max(...weights.map((w) => w.bytes));
    c.diagnostic(`${weights.length} pages, heaviest ${max.toLocaleString('en')} bytes`);
  });
});
