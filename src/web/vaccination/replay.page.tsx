import { formatDate, formatNumber, formatPercent, pageMessages } from '../../messages/index.ts';
import { fromEpochDay, type IsoDate, toEpochDay } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import type { ReplayCurve } from '../../vaccination/index.ts';
import { escapeHtml, Layout, Table, trustedHtml } from '../components/index.ts';
import { COLOURS } from '../transparency/charts.ts';

/**
 * The replay of 2021 on the transparency portal (issue #18 §10): the replayed cumulative doses,
 * scaled to the country, as a line, the published milestones as dots, a table of both and the
 * daily curve as CSV. Every word from src/messages/<lang>/pages/vaccination.ts.
 */

export const REPLAY_PAGE = '/transparencia/vacunacion-2021';

/** The replay's cumulative national doses (all kinds) by day. */
export function cumulativeNational(curve: ReplayCurve): { day: IsoDate; value: number }[] {
  let running = 0;
  return curve.days.map((d) => {
    running += d.first + d.second + d.single + d.booster;
    return { day: d.day, value: Math.round(running * curve.factor) };
  });
}

/**
 * The chart as SVG (no script): the line of the replay, a dot per published total, axes labelled.
 * Its text is escaped here; the page embeds it as markup ayni made.
 */
export function replayChartSvg(curve: ReplayCurve, lang: Lang): string {
  const words = pageMessages(lang).vaccination.replay;
  const points = cumulativeNational(curve);
  const totals = curve.milestones.filter((m) => m.measure === 'total');
  const width = 480;
  const left = 78;
  const right = width - 12;
  const top = 20;
  const bottom = 222;
  const first = points[0]!;
  const last = points.at(-1)!;
  const day0 = toEpochDay(first.day) - 1;
  const day1 = Math.max(toEpochDay(last.day), ...totals.map((m) => toEpochDay(m.on)));
  const max = Math.max(1, last.value, ...totals.map((m) => m.value));
  const x = (d: number) => left + ((d - day0) / (day1 - day0)) * (right - left);
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  const r = (v: number) => (Math.round(v * 10) / 10).toString();
  const id = 'replay-2021';
  let body = `<title id="${id}-t">${escapeHtml(words.chartTitle)}</title><desc id="${id}-d">${escapeHtml(
    words.chartDescription(formatDate(first.day, lang), formatDate(last.day, lang)),
  )}</desc>`;
  for (const v of [0, max / 2, max]) {
    body += `<line x1="${left}" x2="${right}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="${COLOURS.grid}"/>`;
    body += `<text x="${left - 6}" y="${r(y(v) + 4)}" text-anchor="end" font-size="11">${escapeHtml(formatNumber(Math.round(v), lang))}</text>`;
  }
  const path = [
    `M${r(x(day0))},${r(y(0))}`,
    ...points.map((p) => `L${r(x(toEpochDay(p.day)))},${r(y(p.value))}`),
  ];
  body += `<path d="${path.join(' ')}" fill="none" stroke="${COLOURS.primary}" stroke-width="2.5"/>`;
  for (const m of totals)
    body += `<circle cx="${r(x(toEpochDay(m.on)))}" cy="${r(y(m.value))}" r="5" fill="${COLOURS.second}"/>`;
  for (const d of [day0 + 1, day1])
    body += `<text x="${r(x(d))}" y="${bottom + 18}" text-anchor="${d === day1 ? 'end' : 'start'}" font-size="11">${escapeHtml(formatDate(fromEpochDay(d), lang))}</text>`;
  body += `<rect x="${left}" y="${bottom + 28}" width="14" height="4" fill="${COLOURS.primary}"/><text x="${left + 20}" y="${bottom + 34}">${escapeHtml(words.legendReplay)}</text>`;
  body += `<circle cx="${left + 187}" cy="${bottom + 30}" r="5" fill="${COLOURS.second}"/><text x="${left + 197}" y="${bottom + 34}">${escapeHtml(words.legendPublished)}</text>`;
  return `<svg id="${id}" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} 262" width="${width}" height="262" style="width:100%;height:auto;max-width:40rem;display:block" font-family="system-ui,sans-serif" font-size="13" fill="${COLOURS.ink}">${body}</svg>`;
}

/** The page: the chart, every milestone beside the replay, the CSV link; or that none was played. */
export function ReplayPage(p: { lang: Lang; path: string; curve: ReplayCurve | null }) {
  const { lang, curve } = p;
  const words = pageMessages(lang).vaccination.replay;
  const upTo = (on: IsoDate, measure: string): number | null => {
    if (!curve || on > (curve.days.at(-1)?.day ?? '')) return null;
    let n = 0;
    for (const d of curve.days) {
      if (d.day > on) break;
      n +=
        measure === 'total'
          ? d.first + d.second + d.single + d.booster
          : measure === 'complete'
            ? d.second + d.single
            : (d[measure as 'first' | 'second' | 'single' | 'booster'] ?? 0);
    }
    return Math.round(n * curve.factor);
  };
  return (
    <Layout lang={lang} title={words.title} path={p.path} nav={[]} homeHref={`/transparencia?lang=${lang}`}>
      <h1>{words.title}</h1>
      <p>{words.intro}</p>
      {curve === null ? (
        <p data-testid="no-replay">{words.none}</p>
      ) : (
        <>
          <p>
            {words.scale(formatNumber(curve.residents, lang), formatNumber(curve.nationalPopulation, lang))}
          </p>
          {/* Safe: replayChartSvg escapes every text it writes; the rest is numbers. */}
          {trustedHtml(replayChartSvg(curve, lang))}
          <Table
            caption={words.tableCaption}
            columns={[
              { label: words.dateColumn },
              { label: words.measureColumn },
              { label: words.publishedColumn, numeric: true },
              { label: words.replayedColumn, numeric: true },
              { label: words.differenceColumn, numeric: true },
            ]}
            rows={curve.milestones.map((m) => {
              const replayed = upTo(m.on, m.measure);
              const published = formatNumber(m.value, lang);
              return [
                formatDate(m.on, lang),
                words.measure[m.measure] ?? '',
                m.approximate ? words.approximate(published) : published,
                replayed === null ? words.notReached : formatNumber(replayed, lang),
                replayed === null ? '' : formatPercent((replayed - m.value) / m.value, lang),
              ];
            })}
          />
          <p>
            <a href={`${REPLAY_PAGE}.csv`}>{words.csv}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** The daily curve as CSV: each day's doses by kind and the cumulative national count. */
export function replayCsv(curve: ReplayCurve | null, lang: Lang): string {
  const words = pageMessages(lang).vaccination.replay;
  const lines = [words.csvHeader];
  if (curve) {
    const cumulative = cumulativeNational(curve);
    curve.days.forEach((d, i) => {
      lines.push([d.day, d.first, d.second, d.single, d.booster, cumulative[i]!.value].join(','));
    });
  }
  return `${lines.join('\r\n')}\r\n`;
}
