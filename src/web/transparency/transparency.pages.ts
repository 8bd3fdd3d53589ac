import { BOLIVIA_UTC_OFFSET_MS } from '../../shared/dates.ts';
import { formatCount } from '../../shared/format.ts';
import type { Lang } from '../../shared/lang.ts';
import { formatBolivianos } from '../../shared/money.ts';
import {
  type BonoFigures,
  type CellValue,
  type Column,
  type CountValue,
  type Figure,
  type FigureRow,
  type PercentValue,
  percentDigits,
  type RegistryFigures,
  SMALL_MARK,
  WITHHELD_MARK,
} from '../../transparency/index.ts';
import { escapeHtml, layout } from '../html.ts';
import { cumulativeArea, groupedBars, overlayBars } from './charts.ts';

/**
 * The public transparency pages: an overview, the Bono's charts and the registry against INE.
 * Every chart is an inline SVG with its numbers in a data table and a CSV download, all drawn from
 * the same published figure. Aggregates only: no page holds anything about a person.
 */

export const TRANSPARENCY_PATHS = {
  overview: '/transparencia',
  bono: '/transparencia/bono',
  registry: '/transparencia/registro',
} as const;

const TEXT = {
  overviewTitle: { es: 'Transparencia', en: 'Transparency' },
  bonoTitle: { es: 'Bono Contra el Hambre', en: 'Bono Contra el Hambre' },
  registryTitle: {
    es: 'Registro de población y proyección del INE',
    en: 'Population registry and INE projection',
  },
  navLabel: { es: 'Páginas de transparencia', en: 'Transparency pages' },
  navOverview: { es: 'Resumen', en: 'Overview' },
  navBono: { es: 'Bono Contra el Hambre', en: 'Bono Contra el Hambre' },
  navRegistry: { es: 'Registro e INE', en: 'Registry and INE' },
  intro: {
    es: 'Cifras agregadas de los programas de emergencia, para la ciudadanía y la prensa. Ninguna página muestra datos de personas.',
    en: 'Aggregate figures of the emergency programmes, for the public and the press. No page shows data about a person.',
  },
  asOf: { es: 'Cifras al', en: 'Figures as of' },
  boliviaTime: { es: '(hora de Bolivia)', en: '(Bolivia time)' },
  showData: { es: 'Ver los datos del gráfico en una tabla', en: 'Show the chart’s data as a table' },
  // The table's scrolling region needs a name of its own: the section around it is already a
  // region named by the same title, and two landmarks must not share a name (axe: landmark-unique).
  tableRegion: { es: 'Tabla de datos', en: 'Data table' },
  download: { es: 'Descargar CSV', en: 'Download CSV' },
  howToRead: { es: 'Cómo leer estas cifras', en: 'How to read these figures' },
  smallMark: {
    es: 'un número de personas entre 1 y 4: no se publica, porque un grupo tan pequeño puede señalar a alguien; su monto tampoco.',
    en: 'a number of persons from 1 to 4: it is not published, because a group that small can point at someone; nor is its amount.',
  },
  withheldMark: {
    es: 'una cifra reservada para que un número pequeño no pueda deducirse restando de un total.',
    en: 'a figure withheld so that a small number cannot be worked out by subtracting from a total.',
  },
  zeroNote: {
    es: 'El cero sí se publica. Los días con menos de 5 pagos se agrupan con los siguientes. Los archivos CSV usan las mismas marcas, punto decimal y montos en bolivianos.',
    en: 'Zero is published. Days with fewer than 5 payments are grouped with the following days. The CSV files use the same marks, a decimal point and amounts in bolivianos.',
  },
  bonoIntro: {
    es: 'Pago único de Bs 1.000 (Ley 1330, DS 4392) a las personas habilitadas en las rondas de pago aprobadas. Una persona habilitada en más de una ronda se cuenta una vez, en la última.',
    en: 'A one-off payment of Bs 1,000 (Ley 1330, DS 4392) to the persons eligible in the approved payment rounds. A person eligible in more than one round is counted once, in the latest.',
  },
  noRounds: {
    es: 'Todavía no hay ninguna ronda de pago aprobada.',
    en: 'No payment round has been approved yet.',
  },
  roundsOpen: {
    es: 'Hay rondas en periodo de cobro: las cifras cambian a medida que los bancos pagan.',
    en: 'Rounds are in their collection period: the figures change as banks pay.',
  },
  roundsClosed: {
    es: 'El periodo de cobro de todas las rondas terminó.',
    en: 'The collection period of every round has ended.',
  },
  noPayments: { es: 'Todavía no hay pagos.', en: 'No payments yet.' },
  dayHidden: {
    es: 'El total pagado es todavía demasiado pequeño para publicarlo, así que la serie diaria tampoco se dibuja.',
    en: 'The total paid is still too small to publish, so the daily series is not drawn either.',
  },
  unclaimedTitle: { es: 'Lo que no se cobró', en: 'What was not collected' },
  unclaimedNone: {
    es: 'Ninguna ronda llegó aún al fin de su periodo de cobro; lo no cobrado se cuenta al cierre, cuando el dinero vuelve a las líneas de financiamiento.',
    en: 'No round has reached the end of its collection period yet; what was not collected is counted at the end, when the money returns to the funding lines.',
  },
  eligibleLine: { es: 'Habilitadas', en: 'Eligible' },
  eligibleBars: { es: 'Habilitadas', en: 'Eligible' },
  paidBars: { es: 'Pagadas', en: 'Paid' },
  plannedBars: { es: 'Asignadas', en: 'Assigned' },
  unclaimedBars: { es: 'No cobradas', en: 'Not collected' },
  registryBars: { es: '% del registro', en: '% of the registry' },
  ineBars: { es: '% del INE', en: '% of INE' },
  seeBono: { es: 'Ver los gráficos del bono', en: 'See the bono’s charts' },
  seeRegistry: { es: 'Comparar por departamento', en: 'Compare by department' },
  registryHeading: { es: 'Registro de población', en: 'Population registry' },
  registryPersons: {
    es: 'Personas con vida y residentes en Bolivia en el registro',
    en: 'Living persons residing in Bolivia in the registry',
  },
  ineTotal: { es: 'Proyección de población del INE', en: 'INE population projection' },
  registryIntro: {
    es: 'Personas con vida y residentes en Bolivia según el registro, por departamento de residencia, frente a la proyección de población del INE. La columna «Registro / INE» mide la cobertura del registro; las participaciones comparan cómo se reparte la población entre departamentos, lo que sirve también cuando el registro contiene solo una muestra del país, como en esta demostración.',
    en: 'Living persons residing in Bolivia according to the registry, by department of residence, against INE’s population projection. The “Registry / INE” column measures the registry’s coverage; the shares compare how the population is spread across departments, which also works when the registry holds only a sample of the country, as in this demonstration.',
  },
  registryCountedOn: { es: 'Registro contado al', en: 'Registry counted on' },
  source: { es: 'Fuente de las cifras del INE', en: 'Source of the INE figures' },
  summaryBar: { es: 'Pagadas', en: 'Paid' },
} as const;

type TextKey = keyof typeof TEXT;
const tr = (key: TextKey, lang: Lang) => TEXT[key][lang];

// --- Formatting -----------------------------------------------------------------------------------

const MONTHS_SHORT: Record<Lang, readonly string[]> = {
  es: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** @example shortDate('2020-12-01', 'es') // '1 dic 2020' */
export function shortDate(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS_SHORT[lang][Number(m) - 1]} ${y}`;
}

/** A percentage for the page: '45,3 %' in Spanish, '45.3%' in English. */
export function formatPercent(p: { num: bigint; den: bigint }, decimals: number, lang: Lang): string {
  const digits = percentDigits(p, decimals);
  return lang === 'es' ? `${digits.replace('.', ',')} %` : `${digits}%`;
}

/** An instant in Bolivia (UTC−4 all year), written out: '4 ene 2021, 08:00'. */
export function boliviaTime(at: Date, lang: Lang): string {
  const local = new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString();
  return `${shortDate(local.slice(0, 10), lang)}, ${local.slice(11, 16)}`;
}

const nbsp = (text: string) => escapeHtml(text).replace(/ /g, '&nbsp;');

const isMark = (v: CellValue | undefined): v is typeof SMALL_MARK | typeof WITHHELD_MARK =>
  v === SMALL_MARK || v === WITHHELD_MARK;

/** A cell as the page shows it (HTML). */
function cellHtml(column: Column, value: CellValue | undefined, lang: Lang): string {
  if (value === undefined || value === null) return '—';
  if (isMark(value)) return escapeHtml(value);
  switch (column.kind) {
    case 'text':
      return escapeHtml(typeof value === 'object' && 'es' in value ? value[lang] : String(value));
    case 'code':
      return escapeHtml(String(value));
    // No-break spaces keep '3 dic 2020', 'Bs 1.000,00' and '12,5 %' on one line in narrow columns.
    case 'date':
      return `<time datetime="${escapeHtml(String(value))}">${nbsp(shortDate(String(value), lang))}</time>`;
    case 'count':
      return formatCount(value as bigint, lang);
    case 'amount':
      return nbsp(formatBolivianos(value as bigint, lang));
    case 'percent':
      return nbsp(formatPercent(value as { num: bigint; den: bigint }, column.decimals, lang));
  }
}

/** A count as a chart label: the number or its mark. */
function countText(v: CountValue, lang: Lang): string {
  return typeof v === 'bigint' ? formatCount(v, lang) : v;
}

function percentText(p: PercentValue, decimals: number, lang: Lang): string {
  if (p === null) return '—';
  return isMark(p) ? p : formatPercent(p, decimals, lang);
}

/** A value for chart geometry: only published numbers have a length. */
const size = (v: CellValue | undefined): number | null => (typeof v === 'bigint' ? Number(v) : null);
const ratioSize = (p: CellValue | undefined): number | null =>
  p !== null && typeof p === 'object' && 'num' in p ? Number(p.num) / Number(p.den) : null;

const labelOf = (row: FigureRow, key: string, lang: Lang): string => {
  const v = row[key];
  return typeof v === 'object' && v !== null && 'es' in v ? v[lang] : String(v ?? '');
};

// --- Building blocks ------------------------------------------------------------------------------

/** The figure's data table: a caption, column headers with scope, the first label column as row headers. */
export function figureTable(figure: Figure, lang: Lang): string {
  const columns = figure.columns.filter((c) => c.kind !== 'code');
  const headerIndex = columns.findIndex((c) => c.kind === 'text' || c.kind === 'date');
  const numeric = (c: Column) => c.kind === 'count' || c.kind === 'amount' || c.kind === 'percent';
  const row = (r: FigureRow) =>
    `<tr>${columns
      .map((c, i) => {
        const html = cellHtml(c, r[c.key], lang);
        if (i === headerIndex) return `<th scope="row">${html}</th>`;
        return `<td${numeric(c) ? ' class="n"' : ''}>${html}</td>`;
      })
      .join('')}</tr>`;
  const head = columns
    .map((c) => `<th scope="col"${numeric(c) ? ' class="n"' : ''}>${escapeHtml(c.label[lang])}</th>`)
    .join('');
  const foot = figure.total ? `<tfoot>${row(figure.total)}</tfoot>` : '';
  return `<div role="region" aria-label="${tr('tableRegion', lang)}: ${escapeHtml(figure.title[lang])}" tabindex="0" style="overflow-x:auto"><table id="${figure.id}-table"><caption>${escapeHtml(figure.title[lang])}</caption><thead><tr>${head}</tr></thead><tbody>${figure.rows.map(row).join('')}</tbody>${foot}</table></div>`;
}

export function csvHref(id: string, lang: Lang): string {
  return `/transparencia/${id}.csv?lang=${lang}`;
}

/** A chart's section: heading, the chart (or a note), its data table and its CSV download. */
function chartSection(figure: Figure, chart: string, lang: Lang, level: 2 | 3 = 2): string {
  const title = escapeHtml(figure.title[lang]);
  return `<section aria-labelledby="${figure.id}-h"><h${level} id="${figure.id}-h">${title}</h${level}>
${chart}
<details><summary>${tr('showData', lang)}</summary>${figureTable(figure, lang)}</details>
<p><a href="${csvHref(figure.id, lang)}" download="${figure.id}.csv">${tr('download', lang)}<span style="position:absolute;left:-999rem"> — ${title}</span></a></p>
</section>`;
}

function nav(current: keyof typeof TRANSPARENCY_PATHS, lang: Lang): string {
  const link = (key: keyof typeof TRANSPARENCY_PATHS, label: TextKey) =>
    `<li><a href="${TRANSPARENCY_PATHS[key]}?lang=${lang}"${key === current ? ' aria-current="page"' : ''}>${tr(label, lang)}</a></li>`;
  return `<nav aria-label="${tr('navLabel', lang)}"><ul style="display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0">${link('overview', 'navOverview')}${link('bono', 'navBono')}${link('registry', 'navRegistry')}</ul></nav>`;
}

function asOfLine(at: Date, lang: Lang): string {
  return `<p>${tr('asOf', lang)} ${escapeHtml(boliviaTime(at, lang))} ${tr('boliviaTime', lang)}.</p>`;
}

function howToRead(lang: Lang): string {
  return `<section aria-labelledby="how-h"><h2 id="how-h">${tr('howToRead', lang)}</h2>
<dl class="s"><div><dt>${escapeHtml(SMALL_MARK)}</dt><dd>${tr('smallMark', lang)}</dd></div><div><dt>${WITHHELD_MARK}</dt><dd>${tr('withheldMark', lang)}</dd></div></dl>
<p>${tr('zeroNote', lang)}</p></section>`;
}

function frame(lang: Lang, title: string, path: string, body: string): string {
  return layout(lang, title, body, `${path}?lang=${lang === 'es' ? 'en' : 'es'}`);
}

// --- Charts of the figures ---------------------------------------------------------------------------

function departmentChart(f: Figure, lang: Lang): string {
  const share = f.columns.find((c) => c.key === 'paidShare');
  const decimals = share?.kind === 'percent' ? share.decimals : 1;
  return overlayBars({
    id: `${f.id}-chart`,
    title: f.title[lang],
    desc: f.description[lang],
    legend: [
      { label: tr('eligibleBars', lang), style: 'light' },
      { label: tr('paidBars', lang), style: 'primary' },
    ],
    rows: f.rows.map((r) => ({
      label: labelOf(r, 'department', lang),
      back: size(r['eligible']),
      front: size(r['paid']),
      // A department with nobody eligible has no share to show: its count (0) says it.
      text:
        isMark(r['paid']) || r['paidShare'] === null
          ? countText(r['paid'] as CountValue, lang)
          : percentText(r['paidShare'] as PercentValue, decimals, lang),
    })),
  });
}

function channelChart(f: Figure, lang: Lang): string {
  return overlayBars({
    id: `${f.id}-chart`,
    title: f.title[lang],
    desc: f.description[lang],
    legend: [
      { label: tr('plannedBars', lang), style: 'light' },
      { label: tr('paidBars', lang), style: 'primary' },
    ],
    rows: f.rows.map((r) => ({
      label: labelOf(r, 'channel', lang),
      back: size(r['planned']),
      front: size(r['paid']),
      text: countText(r['paid'] as CountValue, lang),
    })),
  });
}

function unclaimedChart(f: Figure, labelKey: string, lang: Lang): string {
  return overlayBars({
    id: `${f.id}-chart`,
    title: f.title[lang],
    desc: f.description[lang],
    legend: [{ label: tr('unclaimedBars', lang), style: 'primary' }],
    rows: f.rows.map((r) => ({
      label: labelKey === 'band' && r['bandCode'] === 'rezagados' ? 'Rezagados' : labelOf(r, labelKey, lang),
      back: null,
      front: size(r['unclaimed']),
      text: countText(r['unclaimed'] as CountValue, lang),
    })),
  });
}

function dayChart(f: Figure, eligible: CountValue, lang: Lang): string {
  if (f.rows.length === 0) return `<p>${tr('noPayments', lang)}</p>`;
  if (f.rows.some((r) => isMark(r['cumulative']))) return `<p>${tr('dayHidden', lang)}</p>`;
  return cumulativeArea({
    id: `${f.id}-chart`,
    title: f.title[lang],
    desc: f.description[lang],
    points: f.rows.map((r) => ({ day: String(r['to']), value: Number(r['cumulative'] as bigint) })),
    reference:
      typeof eligible === 'bigint'
        ? { value: Number(eligible), label: `${tr('eligibleLine', lang)}: ${formatCount(eligible, lang)}` }
        : null,
    formatValue: (v) => formatCount(BigInt(Math.round(v)), lang),
    formatDay: (d) => shortDate(d, lang),
  });
}

function summaryChart(f: Figure, lang: Lang): string {
  const eligible = f.rows[0]!;
  const paid = f.rows[1]!;
  return overlayBars({
    id: `${f.id}-chart`,
    title: f.title[lang],
    desc: f.description[lang],
    legend: [
      { label: tr('eligibleBars', lang), style: 'light' },
      { label: tr('paidBars', lang), style: 'primary' },
    ],
    rows: [
      {
        label: tr('summaryBar', lang),
        back: size(eligible['persons']),
        front: size(paid['persons']),
        text:
          isMark(paid['persons']) || paid['share'] === null
            ? countText(paid['persons'] as CountValue, lang)
            : percentText(paid['share'] as PercentValue, 1, lang),
      },
    ],
  });
}

function registryChart(f: Figure, lang: Lang): string {
  return groupedBars({
    id: `${f.id}-chart`,
    title: f.title[lang],
    desc: f.description[lang],
    legend: [
      { label: tr('registryBars', lang), style: 'primary' },
      { label: tr('ineBars', lang), style: 'second' },
    ],
    rows: f.rows.map((r) => ({
      label: labelOf(r, 'department', lang),
      bars: [
        {
          value: ratioSize(r['registryShare']),
          text: percentText(r['registryShare'] as PercentValue, 1, lang),
        },
        { value: ratioSize(r['ineShare']), text: percentText(r['ineShare'] as PercentValue, 1, lang) },
      ],
    })),
  });
}

// --- Pages ----------------------------------------------------------------------------------------------

function roundsSentence(bono: BonoFigures, lang: Lang): string {
  if (!bono.anyOpen && !bono.anyExpired) return tr('noRounds', lang);
  return bono.anyOpen ? tr('roundsOpen', lang) : tr('roundsClosed', lang);
}

/**
 * GET /transparencia: the headline figures of each programme and links to the dashboards.
 *
 * @example renderOverviewPage({ bono, registry, at: new Date(), lang: 'es' })
 */
export function renderOverviewPage(o: {
  bono: BonoFigures;
  registry: RegistryFigures;
  at: Date;
  lang: Lang;
}): string {
  const { bono, registry, lang } = o;
  const persons = countText(registry.persons, lang);
  const body = `<h1>${tr('overviewTitle', lang)}</h1>
${nav('overview', lang)}
<p>${tr('intro', lang)}</p>
${asOfLine(o.at, lang)}
<h2>${tr('bonoTitle', lang)}</h2>
<p>${roundsSentence(bono, lang)}</p>
${chartSection(bono.summary, summaryChart(bono.summary, lang), lang, 3)}
<p><a href="${TRANSPARENCY_PATHS.bono}?lang=${lang}">${tr('seeBono', lang)}</a></p>
<h2>${tr('registryHeading', lang)}</h2>
<dl class="s"><div><dt>${tr('registryPersons', lang)}</dt><dd data-figure="registry-persons">${escapeHtml(persons)}</dd></div>
<div><dt>${tr('ineTotal', lang)} ${registry.ine.year}</dt><dd>${formatCount(registry.ine.total, lang)}</dd></div></dl>
<p><a href="${TRANSPARENCY_PATHS.registry}?lang=${lang}">${tr('seeRegistry', lang)}</a></p>
${howToRead(lang)}`;
  return frame(lang, tr('overviewTitle', lang), TRANSPARENCY_PATHS.overview, body);
}

/**
 * GET /transparencia/bono: paid against eligible by department, cumulative payments by day, payments
 * by channel, what was not collected by department and by age band.
 *
 * @example renderBonoPage({ bono, at: new Date(), lang: 'en' })
 */
export function renderBonoPage(o: { bono: BonoFigures; at: Date; lang: Lang }): string {
  const { bono, lang } = o;
  const unclaimed = bono.anyExpired
    ? `${chartSection(bono.unclaimedByDepartment, unclaimedChart(bono.unclaimedByDepartment, 'department', lang), lang, 3)}
${chartSection(bono.unclaimedByBand, unclaimedChart(bono.unclaimedByBand, 'band', lang), lang, 3)}`
    : `<p>${tr('unclaimedNone', lang)}</p>
${chartSection(bono.unclaimedByDepartment, '', lang, 3)}
${chartSection(bono.unclaimedByBand, '', lang, 3)}`;
  const body = `<h1>${tr('bonoTitle', lang)}</h1>
${nav('bono', lang)}
<p>${tr('bonoIntro', lang)}</p>
<p>${roundsSentence(bono, lang)}</p>
${asOfLine(o.at, lang)}
${chartSection(bono.byDepartment, departmentChart(bono.byDepartment, lang), lang)}
${chartSection(bono.byDay, dayChart(bono.byDay, bono.eligible, lang), lang)}
${chartSection(bono.byChannel, channelChart(bono.byChannel, lang), lang)}
<section aria-labelledby="unclaimed-h"><h2 id="unclaimed-h">${tr('unclaimedTitle', lang)}</h2>
${unclaimed}
</section>
${howToRead(lang)}`;
  return frame(lang, tr('bonoTitle', lang), TRANSPARENCY_PATHS.bono, body);
}

/**
 * GET /transparencia/registro: the registry's population by department against INE's projection.
 *
 * @example renderRegistryPage({ registry, at: new Date(), lang: 'es' })
 */
export function renderRegistryPage(o: { registry: RegistryFigures; at: Date; lang: Lang }): string {
  const { registry, lang } = o;
  const body = `<h1>${tr('registryTitle', lang)}</h1>
${nav('registry', lang)}
<p>${tr('registryIntro', lang)}</p>
<p>${tr('registryCountedOn', lang)} ${escapeHtml(shortDate(registry.asOf, lang))}.</p>
${chartSection(registry.population, registryChart(registry.population, lang), lang)}
<p>${tr('source', lang)}: <a href="${escapeHtml(registry.ine.url)}">${escapeHtml(registry.ine.source[lang])}</a> (${registry.ine.year}). ${escapeHtml(registry.ine.note[lang])}</p>
${howToRead(lang)}`;
  return frame(lang, tr('registryTitle', lang), TRANSPARENCY_PATHS.registry, body);
}
