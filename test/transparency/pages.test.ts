import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Hono } from 'hono';
import { type AccessEnv, createAccess } from '../../src/access/index.ts';
import type { App } from '../../src/app.ts';
import { respondToFailure } from '../../src/http/error-handler.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { TRANSPARENCY_CSV_IDS, transparencyRoutes } from '../../src/web/transparency/transparency.routes.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { parseHtml, textOf } from '../helpers/html.ts';
import { assertPageLanguage, pageShows } from '../helpers/page-language.ts';
import { FIXTURE_AT, type FixturePeople, seedTransparencyFixture } from './fixture.ts';

/** The public transparency pages and CSV files over HTTP, on the fixture of fixture.ts, on both back ends. */
let t: TestDatabase;
let people: FixturePeople;
let app: App;
let now = FIXTURE_AT;

/** A server with only the transparency routes behind the real access middleware. */
function server(options?: { cacheMs?: number }): Hono<AccessEnv> {
  const access = createAccess(t.db, { now: () => now, secureCookies: false, respond: respondToFailure });
  const http = new Hono<AccessEnv>();
  http.use('*', access.authenticate, access.csrf);
  http.route('/', transparencyRoutes(app, access, options));
  return http;
}

before(async () => {
  t = await createTestDatabase();
  people = await seedTransparencyFixture(t.db);
  const config = { ...loadConfig({}), dataDir: t.dir, secureCookies: false as const };
  app = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
});
after(async () => {
  await t.dispose();
});

const PAGES = ['/transparencia', '/transparencia/bono', '/transparencia/registro'];
/** The portal's navigation: its pages of figures, then the published case files (issue #21). */
const NAV = [...PAGES, '/transparencia/casos'];

const unescapeHtml = (s: string) =>
  s
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The rows of the table with this id, each cell as text (a <time> as its datetime). */
function tableRows(html: string, id: string): string[][] {
  const m = new RegExp(`<table id="${id}-table">([\\s\\S]*?)</table>`).exec(html);
  assert.ok(m, `the page has the table ${id}`);
  const body = m[1]!.replace(/<thead>[\s\S]*?<\/thead>/, '');
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => {
      const time = /<time datetime="([^"]+)">/.exec(cell[1]!);
      return time ? time[1]! : unescapeHtml(cell[1]!.replace(/<[^>]+>/g, ''));
    }),
  );
}

/** A number as the page writes it ('Bs 20.000,00', '82,5 %', '1,234') as the CSV writes it. */
function asCsv(cell: string, lang: 'es' | 'en'): string {
  if (cell === '—') return '';
  if (!/^(Bs )?[\d.,]+( ?%)?$/.test(cell)) return cell;
  let s = cell.replace(/^Bs /, '').replace(/ ?%$/, '');
  s = lang === 'es' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  return s;
}

function parseCsv(text: string): string[][] {
  assert.ok(text.endsWith('\r\n'), 'lines end with CRLF');
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

test('every page is public, Spanish by default, English with ?lang=en, light and cacheable', async () => {
  const http = server({ cacheMs: 0 });
  const titles: Record<string, [string, string]> = {
    '/transparencia': ['<h1>Transparencia</h1>', '<h1>Transparency</h1>'],
    '/transparencia/bono': ['<h1>Bono Contra el Hambre</h1>', '<h1>Bono Contra el Hambre</h1>'],
    '/transparencia/registro': [
      '<h1>Registro de población y proyección del INE</h1>',
      '<h1>Population registry and INE projection</h1>',
    ],
  };
  for (const p of PAGES) {
    const es = await http.request(p);
    assert.equal(es.status, 200, p);
    assert.equal(es.headers.get('content-language'), 'es');
    assert.match(es.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
    assert.match(es.headers.get('vary') ?? '', /Accept-Language/);
    const html = await es.text();
    assert.match(html, /<html lang="es">/);
    assert.ok(html.includes(titles[p]![0]), `${p} in Spanish`);
    assert.ok(Buffer.byteLength(html) < 100_000, `${p} is under 100 KB (${Buffer.byteLength(html)})`);
    assert.doesNotMatch(html, /<script/i, 'no JavaScript');
    const en = await (await http.request(`${p}?lang=en`)).text();
    assert.match(en, /<html lang="en">/);
    assert.ok(en.includes(titles[p]![1]), `${p} in English`);
    const accept = await http.request(p, { headers: { 'accept-language': 'en-US,en;q=0.8' } });
    assert.match(await accept.text(), /<html lang="en">/);
  }
  const bono = await (await http.request('/transparencia/bono?lang=en')).text();
  assert.match(bono, /Paid against eligible, by department/);
  assert.match(bono, /Download CSV/);
  const overview = await (await http.request('/transparencia')).text();
  assert.match(overview, /Descargar CSV/);
  assert.match(overview, /<dd data-figure="registry-persons">40<\/dd>/);
});

test('each page in each language: only its words, no code, numbers and dates by its Intl rules', async () => {
  const http = server({ cacheMs: 0 });
  for (const p of PAGES) {
    for (const lang of ['es', 'en'] as const) {
      const html = await (await http.request(`${p}?lang=${lang}`)).text();
      const text = assertPageLanguage(html, lang);
      // Channel and field codes never show; in English the channels' codes are words too.
      const codes = [
        'paidShare',
        'registryShare',
        'bandCode',
        ...(lang === 'es' ? ['counter', 'deposit'] : []),
      ];
      for (const code of codes) assert.ok(!pageShows(text, code), `${p} (${lang}) shows the code «${code}»`);
      const doc = parseHtml(html);
      assert.deepEqual(
        doc.querySelectorAll('main nav a').map((a) => a.getAttribute('href')),
        NAV.map((page) => `${page}?lang=${lang}`),
      );
      assert.equal(doc.querySelectorAll('main nav a[aria-current=page]').length, 1);
      const percents = [...doc.querySelectorAll('td.n, svg text')]
        .map((e) => textOf(e))
        .filter((t) => t.endsWith('%') && !t.startsWith('%'));
      for (const cell of percents)
        assert.match(
          cell,
          lang === 'es' ? /^\d{1,3}(,\d+)?%$/ : /^\d{1,3}(\.\d+)?%$/,
          `${p} (${lang}): «${cell}»`,
        );
    }
  }
  const registry = parseHtml(await (await http.request('/transparencia/registro')).text());
  const shares = [...registry.querySelectorAll('#registro-ine-chart text')].map((e) => e.text);
  assert.ok(shares.includes('50,0%'), 'a Spanish share has a decimal comma, as es-BO writes it');
  assert.ok(!shares.some((s) => /\d\.\d ?%/.test(s)), 'no decimal point on a Spanish page');
  const overview = parseHtml(await (await http.request('/transparencia?lang=en')).text());
  assert.match(textOf(overview.querySelector('main')), /Figures as of 25 Jan 2021, 11:00 \(Bolivia time\)\./);
});

test('the pages are built to pass axe: headings in order, labelled images, scoped headers', async () => {
  const http = server({ cacheMs: 0 });
  for (const p of PAGES) {
    for (const lang of ['es', 'en']) {
      const html = await (await http.request(`${p}?lang=${lang}`)).text();
      const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      assert.equal(levels[0], 1, `${p}: starts with h1`);
      assert.equal(levels.filter((l) => l === 1).length, 1, `${p}: one h1`);
      for (let i = 1; i < levels.length; i++)
        assert.ok(levels[i]! <= levels[i - 1]! + 1, `${p}: h${levels[i - 1]} is followed by h${levels[i]}`);
      const svgs = [...html.matchAll(/<svg ([^>]*)>/g)];
      assert.ok(svgs.length > 0, `${p} has a chart`);
      for (const s of svgs) {
        assert.match(s[1]!, /role="img"/);
        const labelled = /aria-labelledby="([^"]+)"/.exec(s[1]!);
        assert.ok(labelled, 'the chart is labelled');
        for (const id of labelled[1]!.split(' '))
          assert.match(html, new RegExp(`<(title|desc) id="${id}">[^<]+<`));
      }
      for (const th of html.matchAll(/<th( [^>]*)?>/g)) assert.match(th[1] ?? '', /scope="(col|row)"/);
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, `${p}: ids are unique`);
      for (const table of html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g))
        assert.match(table[1]!, /^<caption>/);
    }
  }
});

test('each CSV holds exactly the numbers of its chart’s table, in both languages', async () => {
  const http = server({ cacheMs: 0 });
  const pages = { es: new Map<string, string>(), en: new Map<string, string>() };
  for (const lang of ['es', 'en'] as const)
    for (const p of PAGES) pages[lang].set(p, await (await http.request(`${p}?lang=${lang}`)).text());
  for (const id of TRANSPARENCY_CSV_IDS) {
    for (const lang of ['es', 'en'] as const) {
      const html = [...pages[lang].values()].find((h) => h.includes(`<table id="${id}-table">`));
      assert.ok(html, `a page shows the table of ${id}`);
      assert.ok(html.includes(`href="/transparencia/${id}.csv?lang=${lang}"`), `a page links ${id}.csv`);
      const res = await http.request(`/transparencia/${id}.csv?lang=${lang}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="${id}.csv"`);
      const [header, ...rows] = parseCsv(await res.text());
      // Machine codes (INE department code, channel) are in the CSV only.
      const keep = header!.map((h) => h !== 'codigo' && h !== 'code');
      const csvRows = rows.map((r) => r.filter((_, i) => keep[i]));
      const pageRows = tableRows(html, id).map((r) => r.map((cell) => asCsv(cell, lang)));
      assert.deepEqual(pageRows, csvRows, `${id} (${lang}): the page's table and the CSV agree`);
    }
  }
  const es = parseCsv(await (await http.request('/transparencia/bono-departamentos.csv')).text());
  assert.equal(es[0]![2], 'habilitadas', 'Spanish header by default');
  assert.equal((await http.request('/transparencia/nada.csv')).status, 404);
  assert.equal((await http.request('/transparencia/constructor.csv')).status, 404);
});

test('the charts draw only published numbers, to scale', async () => {
  const http = server({ cacheMs: 0 });
  const html = await (await http.request('/transparencia/bono')).text();
  const chart = /<svg id="bono-departamentos-chart"[\s\S]*?<\/svg>/.exec(html)![0];
  const bars = [
    ...chart.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="18" fill="([^"]+)"/g),
  ].map((m) => ({ y: Number(m[1]), width: Number(m[2]), fill: m[3] }));
  // Eligible is shown for La Paz (20) and Cochabamba (5); every paid count is hidden or zero.
  assert.equal(bars.length, 2);
  assert.ok(bars.every((b) => b.fill === '#dfe7f5'));
  assert.ok(Math.abs(bars[0]!.width / bars[1]!.width - 4) < 0.01, 'La Paz’s bar is four times Cochabamba’s');
  assert.match(chart, />&lt;5<\/text>/, 'Pando’s paid count is written "<5"');
  const days = /<svg id="bono-dias-chart"[\s\S]*?<\/svg>/.exec(html)![0];
  const line = /<path d="([^"]+)" fill="none"/.exec(days)![1]!;
  assert.equal(line.split(' ').length, 3, 'the running total starts at zero and has one point per period');
  assert.match(days, /Habilitadas: 40/);
  const registry = await (await http.request('/transparencia/registro?lang=en')).text();
  const reg = /<svg id="registro-ine-chart"[\s\S]*?<\/svg>/.exec(registry)![0];
  assert.match(reg, />50\.0%<\/text>/, 'La Paz holds half the registry');
  assert.match(reg, />25\.5%<\/text>/, 'and a quarter of INE’s projection');
});

test('no personal data on any page or CSV: no CI number, name or date of birth from the fixture', async () => {
  const http = server({ cacheMs: 0 });
  const texts: string[] = [];
  for (const lang of ['es', 'en']) {
    for (const p of PAGES) texts.push(await (await http.request(`${p}?lang=${lang}`)).text());
    for (const id of TRANSPARENCY_CSV_IDS)
      texts.push(await (await http.request(`/transparencia/${id}.csv?lang=${lang}`)).text());
  }
  const all = texts.join('\n');
  assert.ok(people.ciNumbers.length >= 40);
  for (const ci of people.ciNumbers) assert.ok(!all.includes(ci), `CI ${ci} appears`);
  for (const name of people.names) assert.ok(!all.includes(name), `name ${name} appears`);
  for (const born of people.birthDates) assert.ok(!all.includes(born), `date of birth ${born} appears`);
  for (const other of ['Mamanitest', 'Agencia Central', '1000123456', 'officer-a', 'BUNEBOLXXXX'])
    assert.ok(!all.includes(other), `${other} appears`);
});

test('figures are read at most once a minute: a payment shows after the cache expires', async () => {
  now = FIXTURE_AT;
  const http = server();
  const paidRow = async () =>
    parseCsv(await (await http.request('/transparencia/resumen.csv?lang=en')).text()).find(
      (r) => r[0] === 'Paid',
    );
  const first = await http.request('/transparencia/bono');
  assert.equal(first.headers.get('cache-control'), 'public, max-age=60');
  assert.deepEqual(await paidRow(), ['Paid', '33', '33000.00', '82.5']);
  const [round] = await t.db.query<{ id: bigint }>("SELECT id FROM bono_round WHERE status = 'approved'");
  const [pending] = await t.db.query<{ person_id: bigint }>(
    `SELECT e.person_id FROM bono_entitlement e WHERE e.round_id = $1
       AND NOT EXISTS (SELECT 1 FROM bono_payment p WHERE p.person_id = e.person_id AND p.reversed_at IS NULL)
     ORDER BY e.person_id LIMIT 1`,
    [round!.id],
  );
  await t.db.query(
    `INSERT INTO bono_payment (person_id, round_id, amount_centavos, channel, bank_bic, idempotency_key, transfer_id,
                               paid_at, recorded_by)
     VALUES ($1, $2, 100000, 'counter', 'BUNEBOLXXXX', 'cache-test', 'bono:test:cache', '2021-01-25T14:00:00Z', 'bank')`,
    [pending!.person_id, round!.id],
  );
  now = new Date(FIXTURE_AT.getTime() + 59_000);
  assert.deepEqual(
    await paidRow(),
    ['Paid', '33', '33000.00', '82.5'],
    'still the figures read a minute ago',
  );
  now = new Date(FIXTURE_AT.getTime() + 60_000);
  assert.deepEqual(await paidRow(), ['Paid', '34', '34000.00', '85.0'], 'read again after a minute');
});
