import { formatNumber, type PageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import {
  type CellValue,
  type CountValue,
  type Figure,
  type FigureRow,
  isLabel,
  type PercentValue,
  SMALL_MARK,
  WITHHELD_MARK,
} from '../../transparency/index.ts';
import { cumulativeArea, groupedBars, overlayBars } from './charts.ts';
import { figureWords } from './figure.words.ts';
import { sharePercent, shortDate } from './transparency.format.ts';

/**
 * Each published figure's chart (an SVG string from ./charts.ts, which escapes every text it
 * writes), its legends and labels worded by the transparency catalogue and its numbers written by
 * the language's `Intl` rules. Geometry comes from published values only: a mark draws no bar.
 */

/** The words a chart needs: the transparency catalogue of the page's language. */
type Words = PageMessages['transparency'];

/** Whether a cell is a suppression mark ("<5" or "x") rather than a value. @example isMark('<5') // true */
export const isMark = (v: CellValue | undefined): v is typeof SMALL_MARK | typeof WITHHELD_MARK =>
  v === SMALL_MARK || v === WITHHELD_MARK;

/** A count as a chart label: the number or its mark. @example countText(1234n, 'es') // '1.234' */
export function countText(v: CountValue, lang: Lang): string {
  return typeof v === 'bigint' ? formatNumber(v, lang) : v;
}

/** A share as a chart label: the percentage, its mark, or the catalogue's "none" when there is no share. */
function percentText(p: PercentValue, decimals: number, lang: Lang, none: string): string {
  if (p === null) return none;
  return isMark(p) ? p : sharePercent(p, decimals, lang);
}

/** A value for chart geometry: only published numbers have a length. */
const size = (v: CellValue | undefined): number | null => (typeof v === 'bigint' ? Number(v) : null);
const ratioSize = (p: CellValue | undefined): number | null =>
  p !== null && typeof p === 'object' && 'num' in p ? Number(p.num) / Number(p.den) : null;

/** A row's label in the page's language: a label worded by the catalogue, a name as it is. @example labelOf(row, 'department', 'en') // 'La Paz' */
export const labelOf = (row: FigureRow, key: string, lang: Lang): string => {
  const v = row[key];
  return isLabel(v) ? figureWords(lang).label(v) : String(v ?? '');
};

const head = (f: Figure, lang: Lang) => ({
  id: `${f.id}-chart`,
  title: figureWords(lang).title(f),
  desc: figureWords(lang).description(f),
});

/**
 * Paid against eligible by department: the share paid after each bar.
 *
 * @example departmentChart(bono.byDepartment, 'es', pageMessages('es').transparency, '—')
 */
export function departmentChart(f: Figure, lang: Lang, words: Words, none: string): string {
  const share = f.columns.find((c) => c.key === 'paidShare');
  const decimals = share?.kind === 'percent' ? share.decimals : 1;
  return overlayBars({
    ...head(f, lang),
    legend: [
      { label: words.bars.eligible, style: 'light' },
      { label: words.bars.paid, style: 'primary' },
    ],
    rows: f.rows.map((r) => ({
      label: labelOf(r, 'department', lang),
      back: size(r['eligible']),
      front: size(r['paid']),
      // A department with nobody eligible has no share to show: its count (0) says it.
      text:
        isMark(r['paid']) || r['paidShare'] === null
          ? countText(r['paid'] as CountValue, lang)
          : percentText(r['paidShare'] as PercentValue, decimals, lang, none),
    })),
  });
}

/** Payments by channel, planned against paid. @example channelChart(bono.byChannel, 'en', words) */
export function channelChart(f: Figure, lang: Lang, words: Words): string {
  return overlayBars({
    ...head(f, lang),
    legend: [
      { label: words.bars.planned, style: 'light' },
      { label: words.bars.paid, style: 'primary' },
    ],
    rows: f.rows.map((r) => ({
      label: labelOf(r, 'channel', lang),
      back: size(r['planned']),
      front: size(r['paid']),
      text: countText(r['paid'] as CountValue, lang),
    })),
  });
}

/**
 * What was not collected, by `labelKey` (department or age band); the late payments' band is
 * worded by the catalogue.
 *
 * @example unclaimedChart(bono.unclaimedByBand, 'band', 'es', words)
 */
export function unclaimedChart(f: Figure, labelKey: string, lang: Lang, words: Words): string {
  return overlayBars({
    ...head(f, lang),
    legend: [{ label: words.bars.unclaimed, style: 'primary' }],
    rows: f.rows.map((r) => ({
      label:
        labelKey === 'band' && r['bandCode'] === 'rezagados' ? words.lateBand : labelOf(r, labelKey, lang),
      back: null,
      front: size(r['unclaimed']),
      text: countText(r['unclaimed'] as CountValue, lang),
    })),
  });
}

/**
 * The running total of payments by day against the eligible total; undefined when there is
 * nothing to draw (no payment yet, or a total too small to publish: the page says which).
 *
 * @example dayChart(bono.byDay, bono.eligible, 'es', words)
 */
export function dayChart(f: Figure, eligible: CountValue, lang: Lang, words: Words): string | undefined {
  if (f.rows.length === 0 || f.rows.some((r) => isMark(r['cumulative']))) return undefined;
  return cumulativeArea({
    ...head(f, lang),
    points: f.rows.map((r) => ({ day: String(r['to']), value: Number(r['cumulative'] as bigint) })),
    reference:
      typeof eligible === 'bigint'
        ? { value: Number(eligible), label: words.eligibleLine(formatNumber(eligible, lang)) }
        : null,
    formatValue: (v) => formatNumber(BigInt(Math.round(v)), lang),
    formatDay: (d) => shortDate(d, lang),
  });
}

/** The headline bar: paid over eligible, the share paid after it. @example summaryChart(bono.summary, 'es', words, '—') */
export function summaryChart(f: Figure, lang: Lang, words: Words, none: string): string {
  const eligible = f.rows[0]!;
  const paid = f.rows[1]!;
  return overlayBars({
    ...head(f, lang),
    legend: [
      { label: words.bars.eligible, style: 'light' },
      { label: words.bars.paid, style: 'primary' },
    ],
    rows: [
      {
        label: words.bars.paid,
        back: size(eligible['persons']),
        front: size(paid['persons']),
        text:
          isMark(paid['persons']) || paid['share'] === null
            ? countText(paid['persons'] as CountValue, lang)
            : percentText(paid['share'] as PercentValue, 1, lang, none),
      },
    ],
  });
}

/** Each department's share of the registry beside its share of INE's projection. @example registryChart(registry.population, 'en', words, '—') */
export function registryChart(f: Figure, lang: Lang, words: Words, none: string): string {
  return groupedBars({
    ...head(f, lang),
    legend: [
      { label: words.bars.registry, style: 'primary' },
      { label: words.bars.ine, style: 'second' },
    ],
    rows: f.rows.map((r) => ({
      label: labelOf(r, 'department', lang),
      bars: [
        {
          value: ratioSize(r['registryShare']),
          text: percentText(r['registryShare'] as PercentValue, 1, lang, none),
        },
        { value: ratioSize(r['ineShare']), text: percentText(r['ineShare'] as PercentValue, 1, lang, none) },
      ],
    })),
  });
}
