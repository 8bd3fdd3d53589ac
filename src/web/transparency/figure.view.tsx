import { formatMoney, formatNumber, pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import type { CellValue, Column, Figure, FigureRow } from '../../transparency/index.ts';
import { isLabel, SMALL_MARK, WITHHELD_MARK } from '../../transparency/index.ts';
import { hrefWithLang, trustedHtml } from '../components/index.ts';
import { figureWords } from './figure.words.ts';
import { isMark } from './figure-charts.ts';
import { sharePercent, shortDate, shortInstant } from './transparency.format.ts';

/**
 * The building blocks of the transparency pages: a figure's section (heading, chart, data table,
 * CSV link), the pages' own navigation, the "figures as of" line and the note on the marks. Every
 * word is the transparency catalogue's: the figure's title, columns and row labels through
 * figureWords (./figure.words.ts), which its CSV file shares.
 */

/** The transparency pages' addresses. */
export const TRANSPARENCY_PATHS = {
  overview: '/transparencia',
  bono: '/transparencia/bono',
  registry: '/transparencia/registro',
  cases: '/transparencia/casos',
} as const;

/** A figure's CSV download in the reader's language. @example csvHref('resumen', 'es') // '/transparencia/resumen.csv?lang=es' */
export function csvHref(id: string, lang: Lang): string {
  return `/transparencia/${id}.csv?lang=${lang}`;
}

// No-break spaces keep '3 dic 2020', 'Bs 1.000,00' and '12,5%' on one line in narrow columns.
const nbsp = (text: string) => text.replace(/ /g, '\u00a0');

const numeric = (c: Column) => c.kind === 'count' || c.kind === 'amount' || c.kind === 'percent';

/** A cell as the page shows it: a mark as it is, a number by the language's rules. */
function Cell({ column, value, lang }: { column: Column; value: CellValue | undefined; lang: Lang }) {
  if (value === undefined || value === null) return <>{pageMessages(lang).common.none}</>;
  if (isMark(value)) return <>{value}</>;
  switch (column.kind) {
    case 'text':
      return <>{isLabel(value) ? figureWords(lang).label(value) : String(value)}</>;
    case 'code':
      return <>{String(value)}</>;
    case 'date':
      return <time datetime={String(value)}>{nbsp(shortDate(String(value), lang))}</time>;
    case 'count':
      return <>{formatNumber(value as bigint, lang)}</>;
    case 'amount':
      return <>{nbsp(formatMoney(value as bigint, lang))}</>;
    case 'percent':
      return <>{nbsp(sharePercent(value as { num: bigint; den: bigint }, column.decimals, lang))}</>;
  }
}

/**
 * The figure's data table: a caption, column headers with scope, the first label column as row
 * headers, inside a box that scrolls sideways and a keyboard can reach.
 *
 * @example <FigureTable figure={bono.byDepartment} lang="es" />
 */
export function FigureTable({ figure, lang }: { figure: Figure; lang: Lang }) {
  const words = pageMessages(lang).transparency;
  const figureWording = figureWords(lang);
  const columns = figure.columns.filter((c) => c.kind !== 'code');
  const headerIndex = columns.findIndex((c) => c.kind === 'text' || c.kind === 'date');
  const row = (r: FigureRow) => (
    <tr>
      {columns.map((c, i) =>
        i === headerIndex ? (
          <th scope="row">
            <Cell column={c} value={r[c.key]} lang={lang} />
          </th>
        ) : (
          <td class={numeric(c) ? 'n' : undefined}>
            <Cell column={c} value={r[c.key]} lang={lang} />
          </td>
        ),
      )}
    </tr>
  );
  const title = figureWording.title(figure);
  return (
    <section class="tw" aria-label={words.tableRegion(title)} tabindex={0}>
      <table id={`${figure.id}-table`}>
        <caption>{title}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" class={numeric(c) ? 'n' : undefined}>
                {figureWording.columnLabel(figure, c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{figure.rows.map(row)}</tbody>
        {figure.total ? <tfoot>{row(figure.total)}</tfoot> : null}
      </table>
    </section>
  );
}

/**
 * A chart's section: heading, the chart (or a note instead), its data table behind a summary
 * the reader opens, and its CSV download, named for a screen reader by the figure's title.
 *
 * @example <FigureSection figure={bono.byChannel} chart={channelChart(bono.byChannel, 'es', words)} lang="es" />
 */
export function FigureSection(p: {
  figure: Figure;
  chart?: string | undefined;
  note?: string;
  lang: Lang;
  level?: 2 | 3;
}) {
  const words = pageMessages(p.lang).transparency;
  const { figure, lang } = p;
  const title = figureWords(lang).title(figure);
  const headingId = `${figure.id}-h`;
  return (
    <section aria-labelledby={headingId}>
      {p.level === 3 ? <h3 id={headingId}>{title}</h3> : <h2 id={headingId}>{title}</h2>}
      {/* The SVG is ./charts.ts's, which escapes every text it writes (titles, labels, values). */}
      {p.chart ? trustedHtml(p.chart) : null}
      {p.note ? <p>{p.note}</p> : null}
      <details>
        <summary>{words.showData}</summary>
        <FigureTable figure={figure} lang={lang} />
      </details>
      <p>
        <a href={csvHref(figure.id, lang)} download={`${figure.id}.csv`}>
          {words.download}
          <span style="position:absolute;left:-999rem">{words.downloadOf(title)}</span>
        </a>
      </p>
    </section>
  );
}

/**
 * The transparency pages' own navigation, the current page marked.
 *
 * @example <TransparencyNav current="bono" lang="es" />
 */
export function TransparencyNav({ current, lang }: { current: keyof typeof TRANSPARENCY_PATHS; lang: Lang }) {
  const words = pageMessages(lang).transparency.nav;
  const keys = ['overview', 'bono', 'registry', 'cases'] as const;
  return (
    <nav aria-label={words.label}>
      <ul>
        {keys.map((key) => (
          <li>
            <a
              href={hrefWithLang(TRANSPARENCY_PATHS[key], lang)}
              aria-current={key === current ? 'page' : undefined}
            >
              {words[key]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** When the figures were read, on Bolivia's clocks. @example <AsOf at={new Date()} lang="es" /> */
export function AsOf({ at, lang }: { at: Date; lang: Lang }) {
  return <p>{pageMessages(lang).transparency.asOf(shortInstant(at, lang))}</p>;
}

/** What "<5" and "x" mean, and that zero is published. @example <HowToRead lang="en" /> */
export function HowToRead({ lang }: { lang: Lang }) {
  const words = pageMessages(lang).transparency;
  return (
    <section aria-labelledby="how-h">
      <h2 id="how-h">{words.howToRead}</h2>
      <dl class="s">
        <div>
          <dt>{SMALL_MARK}</dt>
          <dd>{words.smallMark}</dd>
        </div>
        <div>
          <dt>{WITHHELD_MARK}</dt>
          <dd>{words.withheldMark}</dd>
        </div>
      </dl>
      <p>{words.zeroNote}</p>
    </section>
  );
}
