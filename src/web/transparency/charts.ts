import { fromEpochDay, type IsoDate, toEpochDay } from '../../shared/dates.ts';
import { escapeHtml } from '../components/escape-html.ts';

/**
 * Server-drawn SVG charts for the transparency pages: no JavaScript, a few kilobytes each, every
 * chart an image with a title and description (`role="img"`, `aria-labelledby`) whose numbers are
 * also in a data table beside it. Geometry is computed only from published values: a hidden count
 * draws no bar (a bar's length would give the count away) and its label shows the mark instead.
 *
 * Colours meet WCAG 2.1 contrast on white: text #1a1a1a (17:1); bars #0b3d91 (10:1) and #8a3b12
 * (7.7:1); the light bars are outlined in #0b3d91, so their edge stands out at 10:1.
 */

export const COLOURS = {
  ink: '#1a1a1a',
  primary: '#0b3d91',
  light: '#dfe7f5',
  second: '#8a3b12',
  grid: '#b1b4b6',
} as const;

const FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif"';
const WIDTH = 480;
/** Room for the value written after the longest bar. */
const VALUE_WIDTH = 78;

/** Rough width of a label in the chart's font (13 px): enough to lay out the label column. */
function textWidth(s: string, px = 13): number {
  return Math.ceil(s.length * px * 0.62);
}

function svgOpen(id: string, height: number, title: string, desc: string): string {
  return `<svg id="${id}" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" style="width:100%;height:auto;max-width:40rem;display:block;margin:.5rem 0" ${FONT} font-size="13" fill="${COLOURS.ink}"><title id="${id}-t">${escapeHtml(title)}</title><desc id="${id}-d">${escapeHtml(desc)}</desc>`;
}

const n = (x: number) => (Math.round(x * 10) / 10).toString();

export interface LegendItem {
  label: string;
  style: 'light' | 'primary' | 'second';
}

function swatch(x: number, y: number, style: LegendItem['style'], w = 14, h = 14): string {
  if (style === 'light')
    return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${COLOURS.light}" stroke="${COLOURS.primary}" stroke-width="1.5"/>`;
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${style === 'primary' ? COLOURS.primary : COLOURS.second}"/>`;
}

function legend(items: readonly LegendItem[], y: number): string {
  let x = 0;
  let out = '';
  for (const item of items) {
    out += `${swatch(x, y, item.style)}<text x="${n(x + 20)}" y="${n(y + 12)}">${escapeHtml(item.label)}</text>`;
    x += 20 + textWidth(item.label) + 18;
  }
  return out;
}

/** One row of an overlay bar chart: a light bar (e.g. eligible) with a dark bar (e.g. paid) over it. */
export interface OverlayRow {
  label: string;
  /** The light bar's value; null when hidden or absent. */
  back: number | null;
  /** The dark bar's value; null when hidden. */
  front: number | null;
  /** Written after the bars: the value or its mark. */
  text: string;
}

/**
 * Horizontal bars, one row per category, a dark bar over a light one on the same scale.
 *
 * @example overlayBars({ id: 'c1', title, desc, legend: [{ label: 'Habilitadas', style: 'light' }, { label: 'Pagadas', style: 'primary' }], rows })
 */
export function overlayBars(o: {
  id: string;
  title: string;
  desc: string;
  legend: readonly LegendItem[];
  rows: readonly OverlayRow[];
}): string {
  const rowH = 30;
  const top = 30;
  const height = top + o.rows.length * rowH + 6;
  const labelW = Math.min(190, Math.max(60, ...o.rows.map((r) => textWidth(r.label) + 14)));
  const barW = WIDTH - labelW - VALUE_WIDTH;
  const max = Math.max(0, ...o.rows.flatMap((r) => [r.back ?? 0, r.front ?? 0]));
  const scale = (v: number) => (max === 0 ? 0 : (v / max) * barW);
  let body = legend(o.legend, 0);
  o.rows.forEach((r, i) => {
    const y = top + i * rowH;
    body += `<text x="0" y="${n(y + 15)}">${escapeHtml(r.label)}</text>`;
    if (r.back !== null && r.back > 0)
      body += `<rect x="${labelW}" y="${n(y + 2)}" width="${n(scale(r.back))}" height="18" fill="${COLOURS.light}" stroke="${COLOURS.primary}" stroke-width="1.5"/>`;
    if (r.front !== null && r.front > 0)
      body += `<rect x="${labelW}" y="${n(y + 2)}" width="${n(scale(r.front))}" height="18" fill="${COLOURS.primary}"/>`;
    const end = labelW + Math.max(scale(r.back ?? 0), scale(r.front ?? 0));
    body += `<text x="${n(end + 6)}" y="${n(y + 15)}">${escapeHtml(r.text)}</text>`;
  });
  return `${svgOpen(o.id, height, o.title, o.desc)}${body}</svg>`;
}

/** One category of a grouped bar chart: one bar per series, each with its written value. */
export interface GroupedRow {
  label: string;
  bars: readonly { value: number | null; text: string }[];
}

/**
 * Horizontal bars grouped by category: one bar per series (first dark blue, second brown).
 *
 * @example groupedBars({ id: 'c2', title, desc, legend: [{ label: 'Registro', style: 'primary' }, { label: 'INE', style: 'second' }], rows })
 */
export function groupedBars(o: {
  id: string;
  title: string;
  desc: string;
  legend: readonly LegendItem[];
  rows: readonly GroupedRow[];
}): string {
  const barH = 12;
  const series = Math.max(1, ...o.rows.map((r) => r.bars.length));
  const rowH = series * (barH + 3) + 10;
  const top = 30;
  const height = top + o.rows.length * rowH;
  const labelW = Math.min(190, Math.max(60, ...o.rows.map((r) => textWidth(r.label) + 14)));
  const barW = WIDTH - labelW - VALUE_WIDTH;
  const max = Math.max(0, ...o.rows.flatMap((r) => r.bars.map((b) => b.value ?? 0)));
  const scale = (v: number) => (max === 0 ? 0 : (v / max) * barW);
  let body = legend(o.legend, 0);
  o.rows.forEach((r, i) => {
    const y = top + i * rowH;
    body += `<text x="0" y="${n(y + (series * (barH + 3)) / 2 + 4)}">${escapeHtml(r.label)}</text>`;
    r.bars.forEach((b, j) => {
      const by = y + j * (barH + 3);
      const w = b.value === null ? 0 : scale(b.value);
      if (w > 0)
        body += `<rect x="${labelW}" y="${n(by)}" width="${n(w)}" height="${barH}" fill="${j === 0 ? COLOURS.primary : COLOURS.second}"/>`;
      body += `<text x="${n(labelW + w + 5)}" y="${n(by + 10)}" font-size="11">${escapeHtml(b.text)}</text>`;
    });
  });
  return `${svgOpen(o.id, height, o.title, o.desc)}${body}</svg>`;
}

/** A point of a running total: the total at the end of `day`. */
export interface CumulativePoint {
  day: IsoDate;
  value: number;
}

/** A round number of at most 4 steps above `max`: 1, 2, 2.5 or 5 times a power of ten per step. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return Math.max(1, m * p);
  return 10 * p;
}

/**
 * A running total as an area over the days, with a dashed reference line (e.g. the eligible total).
 * The area starts from zero the day before the first point.
 *
 * @example cumulativeArea({ id: 'c3', title, desc, points, reference: { value: 5000, label: 'Habilitadas: 5.000' }, formatValue, formatDay })
 */
export function cumulativeArea(o: {
  id: string;
  title: string;
  desc: string;
  points: readonly CumulativePoint[];
  reference: { value: number; label: string } | null;
  formatValue: (v: number) => string;
  formatDay: (d: IsoDate) => string;
}): string {
  const height = 260;
  const left = 70;
  const right = WIDTH - 12;
  const top = 22;
  const bottom = 222;
  const first = o.points[0];
  const last = o.points.at(-1);
  if (first === undefined || last === undefined) return '';
  const day0 = toEpochDay(first.day) - 1;
  const day1 = toEpochDay(last.day);
  const max = Math.max(o.reference?.value ?? 0, ...o.points.map((p) => p.value));
  const step = niceStep(max);
  const yMax = Math.max(step, Math.ceil(max / step) * step);
  const x = (day: number) => left + ((day - day0) / (day1 - day0)) * (right - left);
  const y = (v: number) => bottom - (v / yMax) * (bottom - top);
  let body = '';
  for (let v = 0; v <= yMax + step / 2; v += step) {
    body += `<line x1="${left}" x2="${right}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="${COLOURS.grid}" stroke-width="1"/>`;
    body += `<text x="${left - 6}" y="${n(y(v) + 4)}" text-anchor="end" font-size="11">${escapeHtml(o.formatValue(v))}</text>`;
  }
  const line = [
    `M${n(x(day0))},${n(y(0))}`,
    ...o.points.map((p) => `L${n(x(toEpochDay(p.day)))},${n(y(p.value))}`),
  ];
  body += `<path d="${line.join(' ')} L${n(x(day1))},${n(y(0))} Z" fill="${COLOURS.light}"/>`;
  body += `<path d="${line.join(' ')}" fill="none" stroke="${COLOURS.primary}" stroke-width="2.5" stroke-linejoin="round"/>`;
  if (o.reference !== null) {
    const ry = y(o.reference.value);
    body += `<line x1="${left}" x2="${right}" y1="${n(ry)}" y2="${n(ry)}" stroke="${COLOURS.ink}" stroke-width="2" stroke-dasharray="6 4"/>`;
    body += `<text x="${left + 6}" y="${n(ry - 6)}" font-weight="600">${escapeHtml(o.reference.label)}</text>`;
  }
  body += `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${COLOURS.ink}" stroke-width="1"/>`;
  const ticks = new Set([day0 + 1, day1]);
  if (day1 - day0 > 6) ticks.add(Math.round((day0 + 1 + day1) / 2));
  for (const d of [...ticks].sort((a, b) => a - b)) {
    const anchor = d === day1 ? 'end' : d === day0 + 1 && ticks.size > 1 ? 'start' : 'middle';
    body += `<line x1="${n(x(d))}" x2="${n(x(d))}" y1="${bottom}" y2="${bottom + 5}" stroke="${COLOURS.ink}"/>`;
    body += `<text x="${n(x(d))}" y="${bottom + 20}" text-anchor="${anchor}" font-size="11">${escapeHtml(o.formatDay(fromEpochDay(d)))}</text>`;
  }
  return `${svgOpen(o.id, height, o.title, o.desc)}${body}</svg>`;
}
