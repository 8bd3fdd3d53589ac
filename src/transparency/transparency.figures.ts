import type { Database } from '../db/database.ts';
import { DEPARTMENTS, residentPopulation } from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import type { IsoDate } from '../shared/dates.ts';
import {
  amountOf,
  type Channel,
  type Column,
  type CountValue,
  countOf,
  type Figure,
  type FigureRow,
  type Indicator,
  type Label,
  percentOf,
  TOTAL_LABEL,
} from './figure.ts';
import { type IneReference, loadIneReference } from './ine.ts';
import {
  type CountCell,
  groupSmallDays,
  type PublishedCell,
  SMALL_MARK,
  type SumRelation,
  suppressCounts,
  WITHHELD_MARK,
} from './suppression.ts';
import { bonoAggregates } from './transparency.repository.ts';

/**
 * The public figures of the dashboards, built from the aggregate queries and passed through
 * suppression once, as a whole, so that no figure can give away what another hides.
 */

const CHANNELS: readonly Channel[] = ['counter', 'deposit'];

/**
 * The label of an age band (a collection window of the round, or the campaign's age group) for
 * the catalogues to word: "18-29" is a range, "60+" an open band, "rezagados" the round's late
 * collectors, anything else its code.
 *
 * @example bandLabel('50-59') // { label: 'ageRange', from: 50, to: 59 }; bandLabel('rezagados') // { label: 'lateCollectors' }
 */
export function bandLabel(band: string): Label {
  const range = /^(\d+)-(\d+)$/.exec(band);
  if (range) return { label: 'ageRange', from: Number(range[1]), to: Number(range[2]) };
  const open = /^(\d+)\+$/.exec(band);
  if (open) return { label: 'ageFrom', from: Number(open[1]) };
  if (band === 'rezagados') return { label: 'lateCollectors' };
  return { label: 'band', code: band };
}

/** Age bands in order of age, anything else after them. */
function bandOrder(a: string, b: string): number {
  const ma = /^(\d+)-/.exec(a);
  const mb = /^(\d+)-/.exec(b);
  if (ma && mb) return Number(ma[1]) - Number(mb[1]);
  if (ma) return -1;
  if (mb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const departmentColumns: Column[] = [
  { key: 'code', kind: 'code' },
  { key: 'department', kind: 'text' },
];

/** All the public figures of the Bono Contra el Hambre. */
export interface BonoFigures {
  /** Headline figures for the overview. */
  summary: Figure;
  byDepartment: Figure;
  byDay: Figure;
  byChannel: Figure;
  unclaimedByDepartment: Figure;
  unclaimedByBand: Figure;
  /** Whether any round has reached its end of collection (else nothing is unclaimed yet). */
  anyExpired: boolean;
  /** Whether any round is approved and still paying. */
  anyOpen: boolean;
  /** The published national counts, for headline sentences. */
  eligible: CountValue;
  paid: CountValue;
}

/**
 * Reads the Bono aggregates and builds its public figures. Cells and the sums that bind them:
 * for each department d, eligible(d) = paid(d) + unclaimed(d) + pending(d); each of those summed
 * over departments gives the national figure, and eligible = paid + unclaimed + pending; paid and
 * eligible split by channel, unclaimed split by age band. The daily series is grouped into
 * periods of at least 5 payments (groupSmallDays) and shown only when the national paid count is.
 *
 * @example const bono = await loadBonoFigures(db); figureCsv(bono.byDepartment, 'es')
 */
export async function loadBonoFigures(db: Database): Promise<BonoFigures> {
  const { cube, days, states } = await bonoAggregates(db);

  const cells: Record<string, CountCell> = {};
  const add = (key: string, persons: bigint, centavos: bigint) => {
    const c = cells[key] ?? { count: 0n, amountCentavos: 0n };
    c.count += persons;
    c.amountCentavos = (c.amountCentavos ?? 0n) + centavos;
    cells[key] = c;
  };
  const touch = (key: string) => add(key, 0n, 0n);

  const bands = new Set<string>();
  for (const d of DEPARTMENTS) for (const k of ['E', 'P', 'U', 'N']) touch(`${k}:${d.code}`);
  for (const k of ['E', 'P', 'U', 'N']) touch(k);
  for (const ch of CHANNELS) {
    touch(`E:ch:${ch}`);
    touch(`P:ch:${ch}`);
  }
  for (const r of cube) {
    assert(
      DEPARTMENTS.some((d) => d.code === r.department),
      `an entitlement has an unknown department: ${r.department}`,
    );
    bands.add(r.band);
    add(`E:${r.department}`, r.persons, r.entitledCentavos);
    add('E', r.persons, r.entitledCentavos);
    add(`E:ch:${r.plannedChannel}`, r.persons, r.entitledCentavos);
    if (r.state === 'paid') {
      assert(r.paidChannel !== null, 'a paid cell has no channel');
      add(`P:${r.department}`, r.persons, r.paidCentavos);
      add('P', r.persons, r.paidCentavos);
      add(`P:ch:${r.paidChannel}`, r.persons, r.paidCentavos);
    } else if (r.state === 'unclaimed') {
      add(`U:${r.department}`, r.persons, r.entitledCentavos);
      add('U', r.persons, r.entitledCentavos);
      add(`U:band:${r.band}`, r.persons, r.entitledCentavos);
    } else {
      add(`N:${r.department}`, r.persons, r.entitledCentavos);
      add('N', r.persons, r.entitledCentavos);
    }
  }
  const bandList = [...bands].sort(bandOrder);
  for (const b of bandList) touch(`U:band:${b}`);

  const relations: SumRelation[] = [];
  for (const d of DEPARTMENTS)
    relations.push({ total: `E:${d.code}`, parts: [`P:${d.code}`, `U:${d.code}`, `N:${d.code}`] });
  for (const k of ['E', 'P', 'U', 'N'])
    relations.push({ total: k, parts: DEPARTMENTS.map((d) => `${k}:${d.code}`) });
  relations.push({ total: 'E', parts: ['P', 'U', 'N'] });
  relations.push({ total: 'E', parts: CHANNELS.map((ch) => `E:ch:${ch}`) });
  relations.push({ total: 'P', parts: CHANNELS.map((ch) => `P:ch:${ch}`) });
  relations.push({ total: 'U', parts: bandList.map((b) => `U:band:${b}`) });

  const published = suppressCounts(cells, relations);
  const at = (key: string): PublishedCell => {
    const c = published.get(key);
    assert(c !== undefined, `no published cell ${key}`);
    return c;
  };

  let paidInDays = 0n;
  for (const d of days) paidInDays += d.persons;
  assert(
    paidInDays === cells['P']!.count,
    `payments by day (${paidInDays}) differ from paid persons (${cells['P']!.count})`,
  );

  return {
    summary: summaryFigure(at),
    byDepartment: byDepartmentFigure(at),
    byDay: byDayFigure(days, at('P'), at('E')),
    byChannel: byChannelFigure(at),
    unclaimedByDepartment: unclaimedByDepartmentFigure(at),
    unclaimedByBand: unclaimedByBandFigure(at, bandList),
    anyExpired: states.expired > 0,
    anyOpen: states.approved > 0,
    eligible: countOf(at('E')),
    paid: countOf(at('P')),
  };
}

const personsColumn = (key: string): Column => ({ key, kind: 'count' });
const amountColumn = (key: string): Column => ({ key, kind: 'amount' });
const percentColumn = (key: string, decimals: number): Column => ({ key, kind: 'percent', decimals });
const indicator = (code: Indicator): Label => ({ label: 'indicator', code });
const channelLabel = (code: Channel): Label => ({ label: 'channel', code });

function summaryFigure(at: (k: string) => PublishedCell): Figure {
  const row = (label: Label, key: string, share: boolean): FigureRow => ({
    indicator: label,
    persons: countOf(at(key)),
    amount: amountOf(at(key)),
    share: share ? percentOf(countOf(at(key)), countOf(at('E'))) : null,
  });
  return {
    id: 'resumen',
    columns: [
      { key: 'indicator', kind: 'text' },
      personsColumn('persons'),
      amountColumn('amount'),
      percentColumn('share', 1),
    ],
    rows: [
      row(indicator('eligible'), 'E', false),
      row(indicator('paid'), 'P', true),
      row(indicator('paidAtCounter'), 'P:ch:counter', true),
      row(indicator('paidByDeposit'), 'P:ch:deposit', true),
      row(indicator('mayStillCollect'), 'N', true),
      row(indicator('notCollected'), 'U', true),
    ],
    total: null,
  };
}

function byDepartmentFigure(at: (k: string) => PublishedCell): Figure {
  const row = (suffix: string): Omit<FigureRow, 'code' | 'department'> => {
    const e = at(`E${suffix}`);
    const p = at(`P${suffix}`);
    return {
      eligible: countOf(e),
      eligibleAmount: amountOf(e),
      paid: countOf(p),
      paidAmount: amountOf(p),
      paidShare: percentOf(countOf(p), countOf(e)),
    };
  };
  return {
    id: 'bono-departamentos',
    columns: [
      ...departmentColumns,
      personsColumn('eligible'),
      amountColumn('eligibleAmount'),
      personsColumn('paid'),
      amountColumn('paidAmount'),
      percentColumn('paidShare', 1),
    ],
    rows: DEPARTMENTS.map((d) => ({
      code: String(d.code),
      department: d.name,
      ...row(`:${d.code}`),
    })),
    total: { code: '', department: TOTAL_LABEL, ...row('') },
  };
}

function byDayFigure(
  days: readonly { day: IsoDate; persons: bigint; paidCentavos: bigint }[],
  paid: PublishedCell,
  eligible: PublishedCell,
): Figure {
  const figure: Figure = {
    id: 'bono-dias',
    columns: [
      { key: 'from', kind: 'date' },
      { key: 'to', kind: 'date' },
      personsColumn('paid'),
      amountColumn('paidAmount'),
      personsColumn('cumulative'),
      amountColumn('cumulativeAmount'),
      percentColumn('eligibleShare', 1),
    ],
    rows: [],
    total: null,
  };
  if (days.length === 0) return figure;
  const first = days[0]!.day;
  const last = days.at(-1)!.day;
  if (paid.state !== 'shown') {
    // The running total ends at the national paid count: when that is hidden, so is every period.
    const mark = paid.state === 'small' ? SMALL_MARK : WITHHELD_MARK;
    return {
      ...figure,
      rows: [
        {
          from: first,
          to: last,
          paid: mark,
          paidAmount: WITHHELD_MARK,
          cumulative: mark,
          cumulativeAmount: WITHHELD_MARK,
          eligibleShare: WITHHELD_MARK,
        },
      ],
    };
  }
  const eligibleCount = countOf(eligible);
  let cumulative = 0n;
  let cumulativeAmount = 0n;
  const rows = groupSmallDays(
    days.map((d) => ({ day: d.day, count: d.persons, amountCentavos: d.paidCentavos })),
  ).map((p) => {
    cumulative += p.count;
    cumulativeAmount += p.amountCentavos;
    return {
      from: p.from,
      to: p.to,
      paid: p.count,
      paidAmount: p.amountCentavos,
      cumulative,
      cumulativeAmount,
      eligibleShare: percentOf(cumulative, eligibleCount),
    };
  });
  assert(cumulative === paid.count, 'the running total does not end at the paid count');
  return { ...figure, rows };
}

function byChannelFigure(at: (k: string) => PublishedCell): Figure {
  const row = (planned: PublishedCell, paid: PublishedCell) => ({
    planned: countOf(planned),
    paid: countOf(paid),
    paidAmount: amountOf(paid),
  });
  return {
    id: 'bono-canales',
    columns: [
      { key: 'channelCode', kind: 'code' },
      { key: 'channel', kind: 'text' },
      personsColumn('planned'),
      personsColumn('paid'),
      amountColumn('paidAmount'),
    ],
    rows: CHANNELS.map((ch) => ({
      channelCode: ch,
      channel: channelLabel(ch),
      ...row(at(`E:ch:${ch}`), at(`P:ch:${ch}`)),
    })),
    total: { channelCode: '', channel: TOTAL_LABEL, ...row(at('E'), at('P')) },
  };
}

function unclaimedByDepartmentFigure(at: (k: string) => PublishedCell): Figure {
  return {
    id: 'bono-no-cobrado-departamentos',
    columns: [...departmentColumns, personsColumn('unclaimed'), amountColumn('unclaimedAmount')],
    rows: DEPARTMENTS.map((d) => ({
      code: String(d.code),
      department: d.name,
      unclaimed: countOf(at(`U:${d.code}`)),
      unclaimedAmount: amountOf(at(`U:${d.code}`)),
    })),
    total: {
      code: '',
      department: TOTAL_LABEL,
      unclaimed: countOf(at('U')),
      unclaimedAmount: amountOf(at('U')),
    },
  };
}

function unclaimedByBandFigure(at: (k: string) => PublishedCell, bands: readonly string[]): Figure {
  return {
    id: 'bono-no-cobrado-edades',
    columns: [
      { key: 'bandCode', kind: 'code' },
      { key: 'band', kind: 'text' },
      personsColumn('unclaimed'),
      amountColumn('unclaimedAmount'),
    ],
    rows: bands.map((b) => ({
      bandCode: b,
      band: bandLabel(b),
      unclaimed: countOf(at(`U:band:${b}`)),
      unclaimedAmount: amountOf(at(`U:band:${b}`)),
    })),
    total: {
      bandCode: '',
      band: TOTAL_LABEL,
      unclaimed: countOf(at('U')),
      unclaimedAmount: amountOf(at('U')),
    },
  };
}

/** The registry against INE. */
export interface RegistryFigures {
  /** The Bolivian calendar day the registry was counted on. */
  asOf: IsoDate;
  population: Figure;
  /** The registry's published national count. */
  persons: CountValue;
  ine: Omit<IneReference, 'byDepartment'>;
}

/**
 * The registry's population (living, residing in Bolivia on the day of `at`) by department against
 * INE's projection: counts, the ratio registry / INE (the registry's coverage) and each side's
 * share of its national total (comparable even when the registry holds a sample of the country).
 * Registry counts go through suppression with their national total; INE's figures are INE's.
 *
 * @example const reg = await loadRegistryFigures(db, new Date());
 */
export async function loadRegistryFigures(db: Database, at: Date): Promise<RegistryFigures> {
  const ine = loadIneReference();
  const { asOf, byDepartment } = await residentPopulation(db, at);
  const cells: Record<string, CountCell> = {};
  let total = 0n;
  for (const d of DEPARTMENTS) {
    const n = byDepartment.get(d.code) ?? 0n;
    cells[`R:${d.code}`] = { count: n };
    total += n;
  }
  cells['R'] = { count: total };
  const published = suppressCounts(cells, [{ total: 'R', parts: DEPARTMENTS.map((d) => `R:${d.code}`) }]);
  const registryTotal = countOf(published.get('R'));
  const row = (registry: CountValue, ineCount: bigint) => ({
    registry,
    ine: ineCount,
    coverage: percentOf(registry, ineCount),
    registryShare: percentOf(registry, registryTotal),
    ineShare: percentOf(ineCount, ine.total),
  });
  const population: Figure = {
    id: 'registro-ine',
    columns: [
      ...departmentColumns,
      personsColumn('registry'),
      { key: 'ine', kind: 'count', year: ine.year },
      percentColumn('coverage', 2),
      percentColumn('registryShare', 1),
      percentColumn('ineShare', 1),
    ],
    rows: DEPARTMENTS.map((d) => {
      const ineCount = ine.byDepartment.get(d.code);
      assert(ineCount !== undefined, `no INE figure for department ${d.code}`);
      return {
        code: String(d.code),
        department: d.name,
        ...row(countOf(published.get(`R:${d.code}`)), ineCount),
      };
    }),
    total: { code: '', department: TOTAL_LABEL, ...row(registryTotal, ine.total) },
  };
  return {
    asOf,
    population,
    persons: registryTotal,
    ine: { year: ine.year, total: ine.total, source: ine.source, url: ine.url, note: ine.note },
  };
}
