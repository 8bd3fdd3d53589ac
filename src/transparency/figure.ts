import { csvExportLine } from '../shared/csv.ts';
import type { IsoDate } from '../shared/dates.ts';
import { type PublishedCell, SMALL_MARK, WITHHELD_MARK } from './suppression.ts';

/**
 * A published figure: the numbers behind one chart, already through suppression. The page draws
 * its chart and its data table from a figure and the CSV download is written from the same
 * figure, so the three cannot disagree.
 */

/** Every published figure: the CSV file is `<id>.csv`, and the catalogues word each by its id. */
export type FigureId =
  | 'resumen'
  | 'bono-departamentos'
  | 'bono-dias'
  | 'bono-canales'
  | 'bono-no-cobrado-departamentos'
  | 'bono-no-cobrado-edades'
  | 'registro-ine'
  | 'vacunacion-departamentos'
  | 'vacunacion-edades'
  | 'vacunacion-dias';

/** The lines of the Bono's headline figure. */
export type Indicator =
  | 'eligible'
  | 'paid'
  | 'paidAtCounter'
  | 'paidByDeposit'
  | 'mayStillCollect'
  | 'notCollected';

/** How the Bono is paid. */
export type Channel = 'counter' | 'deposit';

/**
 * A row label the interfaces put in words from their catalogues: the total row, a headline
 * indicator, a payment channel, an age band (a range, an open upper band, the late collectors of
 * a round, or a band the rules name otherwise, shown as its code). A department's name is data
 * (the INE geography) and stays a plain string.
 *
 * @example { label: 'ageRange', from: 18, to: 29 } // «18–29 años», '18–29 years'
 */
export type Label =
  | { readonly label: 'total' }
  | { readonly label: 'indicator'; readonly code: Indicator }
  | { readonly label: 'channel'; readonly code: Channel }
  | { readonly label: 'ageRange'; readonly from: number; readonly to: number }
  | { readonly label: 'ageFrom'; readonly from: number }
  | { readonly label: 'lateCollectors' }
  | { readonly label: 'band'; readonly code: string };

/** The total row's label. */
export const TOTAL_LABEL: Label = { label: 'total' };

/** A count as published: the number, "<5" or "x". */
export type CountValue = bigint | typeof SMALL_MARK | typeof WITHHELD_MARK;
/** An amount in centavos as published, or "x". */
export type AmountValue = bigint | typeof WITHHELD_MARK;
/** A share `num / den` shown as a percentage; "x" when a term is withheld; null when `den` is 0. */
export type PercentValue = { num: bigint; den: bigint } | typeof WITHHELD_MARK | null;

/**
 * A column: its key in the rows (the catalogues word its header and its CSV name by the figure's
 * id and this key) and how its cells are written.
 */
export type Column =
  /** Labels or names. */
  | { key: string; kind: 'text' }
  /** A code for machines (INE department code, channel): CSV only. */
  | { key: string; kind: 'code' }
  | { key: string; kind: 'date' }
  /** A count; `year` when its header names the year its figures are for (INE's projection). */
  | { key: string; kind: 'count'; year?: number }
  | { key: string; kind: 'amount' }
  | { key: string; kind: 'percent'; decimals: number };

export type CellValue = Label | string | IsoDate | CountValue | AmountValue | PercentValue;
export type FigureRow = Readonly<Record<string, CellValue>>;

export interface Figure {
  /** Stable id: the CSV file is `<id>.csv`; the catalogues hold its title, description and headers. */
  id: FigureId;
  columns: readonly Column[];
  rows: readonly FigureRow[];
  /** The row of totals, when the figure has one (its text columns hold TOTAL_LABEL). */
  total: FigureRow | null;
}

/**
 * What a CSV writer needs in words, from an interface's catalogue: the header of each column and
 * the row labels. The domain keeps codes; src/web/transparency/figure.words.ts words them.
 */
export interface FigureWording {
  csvHeader(figure: Figure, column: Column): string;
  label(label: Label): string;
}

/** Whether a cell is a row label to word. @example isLabel({ label: 'total' }) // true */
export function isLabel(value: CellValue | undefined): value is Label {
  return typeof value === 'object' && value !== null && 'label' in value;
}

/** The published count of a suppressed cell. */
export function countOf(cell: PublishedCell | undefined): CountValue {
  if (cell === undefined) throw new Error('figure reads a cell that was not suppressed');
  return cell.state === 'shown' ? cell.count : cell.state === 'small' ? SMALL_MARK : WITHHELD_MARK;
}

/** The published amount of a suppressed cell: withheld whenever its count is not shown. */
export function amountOf(cell: PublishedCell | undefined): AmountValue {
  if (cell === undefined) throw new Error('figure reads a cell that was not suppressed');
  return cell.state === 'shown' && cell.amountCentavos !== null ? cell.amountCentavos : WITHHELD_MARK;
}

/**
 * A share of two published counts: withheld when either is not shown, so no percentage can give
 * back a hidden count.
 *
 * @example percentOf(25n, 100n) // { num: 25n, den: 100n }; percentOf('<5', 100n) // 'x'
 */
export function percentOf(num: CountValue | AmountValue, den: CountValue | AmountValue): PercentValue {
  if (typeof num !== 'bigint' || typeof den !== 'bigint') return WITHHELD_MARK;
  return den === 0n ? null : { num, den };
}

/**
 * A percentage with a fixed number of decimals, rounded half up, from integers only.
 *
 * @example percentDigits({ num: 1n, den: 3n }, 1) // '33.3'
 */
export function percentDigits(p: { num: bigint; den: bigint }, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = (p.num * 100n * scale * 2n + p.den) / (2n * p.den);
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(decimals, '0');
  return decimals === 0 ? whole.toString() : `${whole}.${frac}`;
}

/** Centavos as bolivianos with two decimals and a point, the form open data uses. @example csvBolivianos(123456n) // '1234.56' */
export function csvBolivianos(centavos: bigint): string {
  const sign = centavos < 0n ? '-' : '';
  const abs = centavos < 0n ? -centavos : centavos;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** One cell as the CSV file writes it (and as the tests compare with the page). */
export function csvValue(column: Column, value: CellValue | undefined, wording: FigureWording): string {
  if (value === undefined || value === null) return '';
  if (value === SMALL_MARK || value === WITHHELD_MARK) return value;
  switch (column.kind) {
    case 'text':
      return isLabel(value) ? wording.label(value) : String(value);
    case 'code':
    case 'date':
    case 'count':
      return String(value);
    case 'amount':
      return csvBolivianos(value as bigint);
    case 'percent':
      return percentDigits(value as { num: bigint; den: bigint }, column.decimals);
  }
}

/**
 * The figure as a CSV file: a header row of machine names in the reader's language (`wording`,
 * from that language's catalogue), one line per row, the total last; "<5" and "x" as on the page.
 * Lines end with CRLF (RFC 4180).
 *
 * @example figureCsv(figure, figureWords('es')) // 'departamento,habilitadas,…\r\nChuquisaca,120,…\r\n'
 */
export function figureCsv(figure: Figure, wording: FigureWording): string {
  const lines = [csvExportLine(figure.columns.map((c) => wording.csvHeader(figure, c)))];
  const rows = figure.total ? [...figure.rows, figure.total] : figure.rows;
  for (const row of rows)
    lines.push(csvExportLine(figure.columns.map((c) => csvValue(c, row[c.key], wording))));
  return `${lines.join('\r\n')}\r\n`;
}
