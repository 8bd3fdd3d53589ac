import type { Database } from '../db/database.ts';
import { DEPARTMENTS } from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import type { IsoDate } from '../shared/dates.ts';
import { ageBandOf, ageBands } from '../vaccination/index.ts';
import {
  type Column,
  type CountValue,
  countOf,
  type Figure,
  type FigureId,
  type FigureRow,
  percentOf,
  TOTAL_LABEL,
} from './figure.ts';
import {
  type CountCell,
  groupSmallDays,
  type PublishedCell,
  SMALL_MARK,
  type SumRelation,
  suppressCounts,
  WITHHELD_MARK,
} from './suppression.ts';
import { bandLabel } from './transparency.figures.ts';
import { type DoseKind, vaccinationAggregates } from './vaccination.repository.ts';

/**
 * The public figures of the COVID-19 vaccination campaign: doses by kind against the registry's
 * residents, by department and by age band, and the doses given day by day. Doses come from the
 * campaign's published view (vaccination.repository.ts), the population from the campaign's
 * target population (the registry's residents by age, `populationByAge`). Every count goes through
 * suppression once, as a whole, with the sums that bind them. A chart of the curve beside the
 * published milestones waits for the transparency pages (src/web is another helper's).
 */

const KINDS: readonly { kind: DoseKind; key: string }[] = [
  { kind: 'first', key: 'F' },
  { kind: 'second', key: 'S' },
  { kind: 'single', key: 'U' },
  { kind: 'booster', key: 'B' },
];
/** Every kind's key, the total of doses (T) and the residents (R). */
const MEASURES = ['F', 'S', 'U', 'B', 'T', 'R'] as const;

/** All the public figures of the vaccination campaign on a day. */
export interface VaccinationFigures {
  on: IsoDate;
  byDepartment: Figure;
  byAgeBand: Figure;
  byDay: Figure;
  /** The published national count of doses, for headline sentences. */
  doses: CountValue;
}

/** The sum of two published counts: withheld when either is not shown. */
function sumOf(a: CountValue, b: CountValue): CountValue {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a + b : WITHHELD_MARK;
}

/**
 * Reads the campaign's aggregates up to `on` and builds its public figures. Cells and the sums that
 * bind them: for each department, age band and the nation, doses = first + second + single +
 * booster; each measure (the four kinds, doses and residents) summed over departments and over age
 * bands gives the national figure. The daily series is grouped into periods of at least 5 doses
 * and shown only when the national count of doses is.
 *
 * @example const v = await loadVaccinationFigures(db, '2021-12-31'); figureCsv(v.byDepartment, 'es')
 */
export async function loadVaccinationFigures(db: Database, on: IsoDate): Promise<VaccinationFigures> {
  const { cube, days, population } = await vaccinationAggregates(db, on);
  const bands = ageBands(on);
  const cells: Record<string, CountCell> = {};
  const add = (key: string, n: bigint) => {
    const c = cells[key] ?? { count: 0n };
    c.count += n;
    cells[key] = c;
  };
  const scopes = ['', ...DEPARTMENTS.map((d) => `:${d.code}`), ...bands.map((b) => `:band:${b}`)];
  for (const m of MEASURES) for (const s of scopes) add(`${m}${s}`, 0n);
  const addEverywhere = (measure: string, department: number, band: string, n: bigint) => {
    add(measure, n);
    add(`${measure}:${department}`, n);
    add(`${measure}:band:${band}`, n);
  };
  for (const r of cube) {
    assert(
      DEPARTMENTS.some((d) => d.code === r.department),
      `a dose has an unknown department: ${r.department}`,
    );
    assert(bands.includes(r.ageBand), `a dose has an age band the rules do not name: ${r.ageBand}`);
    const key = KINDS.find((k) => k.kind === r.doseKind)!.key;
    addEverywhere(key, r.department, r.ageBand, r.doses);
    addEverywhere('T', r.department, r.ageBand, r.doses);
  }
  for (const c of population) {
    const band = ageBandOf(c.ageYears, on);
    if (band !== null) addEverywhere('R', c.department, band, c.persons);
  }

  const relations: SumRelation[] = [];
  for (const s of scopes) relations.push({ total: `T${s}`, parts: KINDS.map((k) => `${k.key}${s}`) });
  for (const m of MEASURES) {
    relations.push({ total: m, parts: DEPARTMENTS.map((d) => `${m}:${d.code}`) });
    relations.push({ total: m, parts: bands.map((b) => `${m}:band:${b}`) });
  }
  const published = suppressCounts(cells, relations);
  const at = (key: string): PublishedCell => {
    const c = published.get(key);
    assert(c !== undefined, `no published cell ${key}`);
    return c;
  };
  const total = days.reduce((s, d) => s + d.doses, 0n);
  assert(total === cells['T']!.count, `doses by day (${total}) differ from doses (${cells['T']!.count})`);

  return {
    on,
    byDepartment: groupedFigure(
      'vacunacion-departamentos',
      [
        { key: 'code', kind: 'code' },
        { key: 'group', kind: 'text' },
      ],
      DEPARTMENTS.map((d) => ({
        cells: { code: String(d.code), group: d.name },
        scope: `:${d.code}`,
      })),
      { code: '', group: TOTAL_LABEL },
      at,
    ),
    byAgeBand: groupedFigure(
      'vacunacion-edades',
      [{ key: 'group', kind: 'text' }],
      bands.map((b) => ({ cells: { group: bandLabel(b) }, scope: `:band:${b}` })),
      { group: TOTAL_LABEL },
      at,
    ),
    byDay: byDayFigure(days, at('T')),
    doses: countOf(at('T')),
  };
}

const countColumn = (key: string): Column => ({ key, kind: 'count' });

const MEASURE_COLUMNS: readonly Column[] = [
  countColumn('population'),
  countColumn('first'),
  countColumn('second'),
  countColumn('single'),
  countColumn('booster'),
  countColumn('doses'),
  { key: 'atLeastOne', kind: 'percent', decimals: 1 },
  { key: 'complete', kind: 'percent', decimals: 1 },
];

function measures(at: (k: string) => PublishedCell, scope: string): FigureRow {
  const c = (m: string) => countOf(at(`${m}${scope}`));
  const population = c('R');
  return {
    population,
    first: c('F'),
    second: c('S'),
    single: c('U'),
    booster: c('B'),
    doses: c('T'),
    // A person with a single dose is vaccinated once and complete: first + single persons started.
    atLeastOne: percentOf(sumOf(c('F'), c('U')), population),
    complete: percentOf(sumOf(c('S'), c('U')), population),
  };
}

function groupedFigure(
  id: FigureId,
  groupColumns: readonly Column[],
  groups: readonly { cells: FigureRow; scope: string }[],
  totalCells: FigureRow,
  at: (k: string) => PublishedCell,
): Figure {
  return {
    id,
    columns: [...groupColumns, ...MEASURE_COLUMNS],
    rows: groups.map((g) => ({ ...g.cells, ...measures(at, g.scope) })),
    total: { ...totalCells, ...measures(at, '') },
  };
}

function byDayFigure(days: readonly { day: IsoDate; doses: bigint }[], doses: PublishedCell): Figure {
  const figure: Figure = {
    id: 'vacunacion-dias',
    columns: [
      { key: 'from', kind: 'date' },
      { key: 'to', kind: 'date' },
      countColumn('doses'),
      countColumn('cumulative'),
    ],
    rows: [],
    total: null,
  };
  if (days.length === 0) return figure;
  if (doses.state !== 'shown') {
    // The running total ends at the national count: when that is hidden, so is every period.
    const mark = doses.state === 'small' ? SMALL_MARK : WITHHELD_MARK;
    return { ...figure, rows: [{ from: days[0]!.day, to: days.at(-1)!.day, doses: mark, cumulative: mark }] };
  }
  let cumulative = 0n;
  const rows = groupSmallDays(days.map((d) => ({ day: d.day, count: d.doses, amountCentavos: 0n }))).map(
    (p) => {
      cumulative += p.count;
      return { from: p.from, to: p.to, doses: p.count, cumulative };
    },
  );
  assert(cumulative === doses.count, 'the running total does not end at the count of doses');
  return { ...figure, rows };
}
