import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Access, AccessEnv } from '../../access/index.ts';
import type { App } from '../../app.ts';
import { formatMoney, formatNumber, pageMessages } from '../../messages/index.ts';
import { createRouter, defineRoute } from '../../routing/route.ts';
import { csvExportLine } from '../../shared/csv.ts';
import { toIsoDateInBolivia } from '../../shared/dates.ts';
import { type Lang, pickLang } from '../../shared/lang.ts';
import { type WealthTaxPublicFigures, wealthTaxPublicFigures } from '../../wealth-tax/index.ts';
import { hrefWithLang, Layout, pageHtml, Table, trustedHtml } from '../components/index.ts';
import { groupedBars } from '../transparency/charts.ts';

/**
 * The wealth tax on the transparency portal (issue #20 §6): payers, tax assessed and paid by
 * department for a fortune year, with small cells suppressed by the portal's rule (a department of
 * 1–4 payers shows "<5" without amounts; another is withheld so that the total does not give it
 * away), a bar chart of what may be shown, and the same figures as CSV. Public, no script.
 */

export const WEALTH_TAX_PUBLIC = '/transparencia/impuesto-fortunas';
const CSV_PATH = `${WEALTH_TAX_PUBLIC}/cifras.csv`;

const langOf = (c: Context): Lang => pickLang(c.req.query('lang'), c.req.header('accept-language'));

type Cell = WealthTaxPublicFigures['total']['payers'];

function payersText(p: Cell, lang: Lang): string {
  const w = pageMessages(lang).wealthTax.portal;
  return p.state === 'shown'
    ? formatNumber(p.count, lang)
    : p.state === 'small'
      ? `<5 (${w.small})`
      : w.withheld;
}

const money = (c: bigint | null, lang: Lang) => (c === null ? '—' : formatMoney(c, lang));

function PublicPage(p: { figures: WealthTaxPublicFigures; lang: Lang }) {
  const { figures: f, lang } = p;
  const w = pageMessages(lang).wealthTax.portal;
  const shown = f.departments.filter((d) => d.taxCentavos !== null && d.payers.state === 'shown');
  const chart =
    shown.length === 0
      ? null
      : groupedBars({
          id: 'igf-departamentos',
          title: w.chart,
          desc: w.chart,
          legend: [{ label: w.taxColumn, style: 'primary' }],
          rows: shown.map((d) => ({
            label: d.department,
            bars: [{ value: Number(d.taxCentavos! / 100n), text: money(d.taxCentavos, lang) }],
          })),
        });
  return (
    <Layout lang={lang} title={w.title} path={hrefWithLang(WEALTH_TAX_PUBLIC, lang)}>
      <h1>{w.title}</h1>
      <p>{w.intro(f.fortuneYear)}</p>
      <section aria-labelledby="igf-chart-h">
        <h2 id="igf-chart-h">{w.chart}</h2>
        {/* The SVG is ../transparency/charts.ts's, which escapes every text it writes. */}
        {chart ? trustedHtml(chart) : <p>{w.chartNone}</p>}
      </section>
      <Table
        caption={w.title}
        columns={[
          { label: w.departmentColumn },
          { label: w.payersColumn, numeric: true },
          { label: w.taxColumn, numeric: true },
          { label: w.paidColumn, numeric: true },
        ]}
        rows={f.departments.map((d) => [
          d.department,
          payersText(d.payers, lang),
          money(d.taxCentavos, lang),
          money(d.paidCentavos, lang),
        ])}
        foot={[
          w.total,
          payersText(f.total.payers, lang),
          money(f.total.taxCentavos, lang),
          money(f.total.paidCentavos, lang),
        ]}
      />
      <p>
        <a href={hrefWithLang(`${CSV_PATH}?gestion=${f.fortuneYear}`, lang)} download="impuesto-fortunas.csv">
          {w.csv}
        </a>
      </p>
    </Layout>
  );
}

function csvOf(f: WealthTaxPublicFigures): string {
  const count = (p: Cell) => (p.state === 'shown' ? String(p.count) : p.state === 'small' ? '<5' : 'x');
  const bs = (c: bigint | null) =>
    c === null ? 'x' : `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
  const lines = [
    csvExportLine(['fortune_year', 'department', 'payers', 'tax_bolivianos', 'paid_bolivianos']),
  ];
  for (const d of f.departments)
    lines.push(
      csvExportLine([
        String(f.fortuneYear),
        d.department,
        count(d.payers),
        bs(d.taxCentavos),
        bs(d.paidCentavos),
      ]),
    );
  lines.push(
    csvExportLine([
      String(f.fortuneYear),
      'total',
      count(f.total.payers),
      bs(f.total.taxCentavos),
      bs(f.total.paidCentavos),
    ]),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The wealth tax's public page and CSV, to mount at /.
 *
 * @example mountRoutes(router, '/', wealthTaxPublicRoutes(app, access));
 */
export function wealthTaxPublicRoutes(app: App, access: Access): Hono<AccessEnv> {
  const router = createRouter(access);
  const yearOf = (q: string | undefined) =>
    /^20[0-9]{2}$/.test(q ?? '') ? Number(q) : Number(toIsoDateInBolivia(access.now()).slice(0, 4)) - 1;

  defineRoute(router, {
    method: 'get',
    path: WEALTH_TAX_PUBLIC,
    operationId: 'transparencyWealthTax',
    summary: { es: 'Impuesto a las Grandes Fortunas: cifras públicas', en: 'Wealth tax: public figures' },
    description: {
      es: 'Contribuyentes, impuesto determinado y pagado por departamento, con las celdas pequeñas suprimidas, y su gráfico.',
      en: 'Payers, tax assessed and paid by department, small cells suppressed, with a chart.',
    },
    tags: ['pages', 'transparency'],
    access: { public: true },
    request: {
      query: z.object({ lang: z.string().max(5).optional(), gestion: z.string().max(4).optional() }),
    },
    responses: { 200: { description: 'The page.', html: true } },
    handler: async (c, { query }) => {
      const lang = langOf(c);
      const figures = await wealthTaxPublicFigures(app.db, yearOf(query.gestion));
      c.header('Content-Language', lang);
      c.header('Vary', 'Accept-Language');
      c.header('Cache-Control', 'public, max-age=300');
      return c.html(pageHtml(<PublicPage figures={figures} lang={lang} />));
    },
  });

  defineRoute(router, {
    method: 'get',
    path: CSV_PATH,
    operationId: 'transparencyWealthTaxCsv',
    tags: ['pages', 'transparency'],
    access: { public: true },
    request: {
      query: z.object({ lang: z.string().max(5).optional(), gestion: z.string().max(4).optional() }),
    },
    responses: { 200: { description: 'The CSV.', csv: true } },
    handler: async (c, { query }) => {
      const figures = await wealthTaxPublicFigures(app.db, yearOf(query.gestion));
      return c.body(csvOf(figures), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="impuesto-fortunas.csv"',
        'Cache-Control': 'public, max-age=300',
      });
    },
  });

  return router.hono;
}
