import type { Database } from '../db/database.ts';
import { DEPARTMENTS, residentPopulation } from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import type { IsoDate } from '../shared/dates.ts';
import {
  amountOf,
  type Column,
  type CountValue,
  countOf,
  type Figure,
  type FigureRow,
  percentOf,
  type Text,
  TOTAL_LABEL,
} from './figure.ts';
import { loadIneReference } from './ine.ts';
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

type Channel = 'counter' | 'deposit';
const CHANNELS: readonly Channel[] = ['counter', 'deposit'];

export const CHANNEL_LABEL: Readonly<Record<Channel, Text>> = {
  counter: { es: 'Pago en ventanilla', en: 'Counter payment' },
  deposit: { es: 'Abono en cuenta', en: 'Account deposit' },
};

/**
 * How an age band (a collection window of the round) is named: "18-29" → "18–29 años".
 *
 * @example bandLabel('50-59').en // '50–59 years'; bandLabel('rezagados').es // 'Sin grupo de edad (rezagados)'
 */
export function bandLabel(band: string): Text {
  const m = /^(\d+)-(\d+)$/.exec(band);
  if (m) return { es: `${m[1]}–${m[2]} años`, en: `${m[1]}–${m[2]} years` };
  if (band === 'rezagados')
    return { es: 'Sin grupo de edad (rezagados)', en: 'Late collectors (no age band)' };
  return { es: band, en: band };
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

const text = (es: string, en: string): Text => ({ es, en });

const departmentColumns: Column[] = [
  { key: 'code', kind: 'code', label: text('Código INE', 'INE code'), csv: text('codigo', 'code') },
  {
    key: 'department',
    kind: 'text',
    label: text('Departamento', 'Department'),
    csv: text('departamento', 'department'),
  },
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

const personsColumn = (key: string, es: string, en: string, csvEs: string, csvEn: string): Column => ({
  key,
  kind: 'count',
  label: text(es, en),
  csv: text(csvEs, csvEn),
});
const amountColumn = (key: string, es: string, en: string, csvEs: string, csvEn: string): Column => ({
  key,
  kind: 'amount',
  label: text(es, en),
  csv: text(csvEs, csvEn),
});

function summaryFigure(at: (k: string) => PublishedCell): Figure {
  const row = (label: Text, key: string, share: boolean): FigureRow => ({
    indicator: label,
    persons: countOf(at(key)),
    amount: amountOf(at(key)),
    share: share ? percentOf(countOf(at(key)), countOf(at('E'))) : null,
  });
  return {
    id: 'resumen',
    title: text('Bono Contra el Hambre: cifras principales', 'Bono Contra el Hambre: headline figures'),
    description: text(
      'Personas habilitadas en las rondas aprobadas, cuántas cobraron y por qué canal, cuántas aún pueden cobrar y cuántas no cobraron antes del cierre.',
      'Persons eligible in the approved rounds, how many have been paid and through which channel, how many may still collect and how many did not collect before the end of collection.',
    ),
    columns: [
      {
        key: 'indicator',
        kind: 'text',
        label: text('Indicador', 'Indicator'),
        csv: text('indicador', 'indicator'),
      },
      personsColumn('persons', 'Personas', 'Persons', 'personas', 'persons'),
      amountColumn('amount', 'Monto', 'Amount', 'monto_bs', 'amount_bs'),
      {
        key: 'share',
        kind: 'percent',
        label: text('% de habilitadas', '% of eligible'),
        csv: text('porcentaje_de_habilitadas', 'percent_of_eligible'),
        decimals: 1,
      },
    ],
    rows: [
      row(text('Personas habilitadas', 'Eligible persons'), 'E', false),
      row(text('Pagadas', 'Paid'), 'P', true),
      row(text('Pagadas en ventanilla', 'Paid at a counter'), 'P:ch:counter', true),
      row(text('Pagadas por abono en cuenta', 'Paid by account deposit'), 'P:ch:deposit', true),
      row(text('Aún pueden cobrar', 'May still collect'), 'N', true),
      row(text('No cobradas al cierre', 'Not collected by the end'), 'U', true),
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
    title: text('Pagadas frente a habilitadas, por departamento', 'Paid against eligible, by department'),
    description: text(
      'Barras horizontales por departamento: la barra clara es el total de personas habilitadas y la barra oscura las que ya cobraron; al final, el porcentaje pagado.',
      'Horizontal bars by department: the light bar is the number of eligible persons and the dark bar those already paid; at the end, the share paid.',
    ),
    columns: [
      ...departmentColumns,
      personsColumn('eligible', 'Habilitadas', 'Eligible', 'habilitadas', 'eligible'),
      amountColumn(
        'eligibleAmount',
        'Monto habilitado',
        'Eligible amount',
        'monto_habilitado_bs',
        'eligible_amount_bs',
      ),
      personsColumn('paid', 'Pagadas', 'Paid', 'pagadas', 'paid'),
      amountColumn('paidAmount', 'Monto pagado', 'Amount paid', 'monto_pagado_bs', 'paid_amount_bs'),
      {
        key: 'paidShare',
        kind: 'percent',
        label: text('% pagado', '% paid'),
        csv: text('porcentaje_pagado', 'percent_paid'),
        decimals: 1,
      },
    ],
    rows: DEPARTMENTS.map((d) => ({
      code: String(d.code),
      department: text(d.name, d.name),
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
    title: text(
      'Pagos acumulados por día frente al total habilitado',
      'Cumulative payments by day against the eligible total',
    ),
    description: text(
      'Área que crece día a día con el número acumulado de personas pagadas; la línea discontinua es el total de personas habilitadas. Los días con menos de 5 pagos se agrupan con los siguientes.',
      'An area growing day by day with the cumulative number of persons paid; the dashed line is the total of eligible persons. Days with fewer than 5 payments are grouped with the following days.',
    ),
    columns: [
      { key: 'from', kind: 'date', label: text('Desde', 'From'), csv: text('desde', 'from') },
      { key: 'to', kind: 'date', label: text('Hasta', 'To'), csv: text('hasta', 'to') },
      personsColumn('paid', 'Pagadas', 'Paid', 'pagadas', 'paid'),
      amountColumn('paidAmount', 'Monto pagado', 'Amount paid', 'monto_pagado_bs', 'paid_amount_bs'),
      personsColumn(
        'cumulative',
        'Pagadas (acumulado)',
        'Paid (cumulative)',
        'pagadas_acumuladas',
        'paid_cumulative',
      ),
      amountColumn(
        'cumulativeAmount',
        'Monto pagado (acumulado)',
        'Amount paid (cumulative)',
        'monto_acumulado_bs',
        'cumulative_amount_bs',
      ),
      {
        key: 'eligibleShare',
        kind: 'percent',
        label: text('% de habilitadas', '% of eligible'),
        csv: text('porcentaje_de_habilitadas', 'percent_of_eligible'),
        decimals: 1,
      },
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
    title: text('Pagos por canal', 'Payments by channel'),
    description: text(
      'Barras horizontales por canal de pago: la barra clara es el número de personas a quienes la ronda asignó ese canal y la barra oscura las que cobraron por él (quien no recibió el abono puede cobrar en ventanilla).',
      'Horizontal bars by payment channel: the light bar is the number of persons the round assigned to that channel and the dark bar those paid through it (a person whose deposit failed may collect at a counter).',
    ),
    columns: [
      { key: 'channelCode', kind: 'code', label: text('Código', 'Code'), csv: text('codigo', 'code') },
      { key: 'channel', kind: 'text', label: text('Canal', 'Channel'), csv: text('canal', 'channel') },
      personsColumn('planned', 'Asignadas al canal', 'Assigned to the channel', 'asignadas', 'assigned'),
      personsColumn('paid', 'Pagadas por el canal', 'Paid through the channel', 'pagadas', 'paid'),
      amountColumn('paidAmount', 'Monto pagado', 'Amount paid', 'monto_pagado_bs', 'paid_amount_bs'),
    ],
    rows: CHANNELS.map((ch) => ({
      channelCode: ch,
      channel: CHANNEL_LABEL[ch],
      ...row(at(`E:ch:${ch}`), at(`P:ch:${ch}`)),
    })),
    total: { channelCode: '', channel: TOTAL_LABEL, ...row(at('E'), at('P')) },
  };
}

function unclaimedByDepartmentFigure(at: (k: string) => PublishedCell): Figure {
  return {
    id: 'bono-no-cobrado-departamentos',
    title: text('No cobrado al cierre, por departamento', 'Not collected by the end, by department'),
    description: text(
      'Barras horizontales con el número de personas habilitadas que no cobraron antes del cierre de su ronda, por departamento.',
      'Horizontal bars with the number of eligible persons who had not collected when their round closed, by department.',
    ),
    columns: [
      ...departmentColumns,
      personsColumn('unclaimed', 'No cobradas', 'Not collected', 'no_cobradas', 'not_collected'),
      amountColumn(
        'unclaimedAmount',
        'Monto no cobrado',
        'Amount not collected',
        'monto_no_cobrado_bs',
        'amount_not_collected_bs',
      ),
    ],
    rows: DEPARTMENTS.map((d) => ({
      code: String(d.code),
      department: text(d.name, d.name),
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
    title: text('No cobrado al cierre, por grupo de edad', 'Not collected by the end, by age band'),
    description: text(
      'Barras horizontales con el número de personas habilitadas que no cobraron antes del cierre, por grupo de edad de su ventana de cobro.',
      'Horizontal bars with the number of eligible persons who had not collected by the end, by the age band of their collection window.',
    ),
    columns: [
      { key: 'bandCode', kind: 'code', label: text('Código', 'Code'), csv: text('codigo', 'code') },
      {
        key: 'band',
        kind: 'text',
        label: text('Grupo de edad', 'Age band'),
        csv: text('grupo_de_edad', 'age_band'),
      },
      personsColumn('unclaimed', 'No cobradas', 'Not collected', 'no_cobradas', 'not_collected'),
      amountColumn(
        'unclaimedAmount',
        'Monto no cobrado',
        'Amount not collected',
        'monto_no_cobrado_bs',
        'amount_not_collected_bs',
      ),
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
  ine: { year: number; total: bigint; source: Text; url: string; note: Text };
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
    title: text(
      'Población del registro frente a la proyección del INE, por departamento',
      "The registry's population against INE's projection, by department",
    ),
    description: text(
      'Barras horizontales agrupadas por departamento: la participación del departamento en la población del registro (azul) y en la proyección del INE (marrón).',
      "Horizontal bars grouped by department: the department's share of the registry's population (blue) and of INE's projection (brown).",
    ),
    columns: [
      ...departmentColumns,
      personsColumn('registry', 'Registro', 'Registry', 'registro', 'registry'),
      {
        key: 'ine',
        kind: 'count',
        label: text(`Proyección INE ${ine.year}`, `INE projection ${ine.year}`),
        csv: text('proyeccion_ine', 'ine_projection'),
      },
      {
        key: 'coverage',
        kind: 'percent',
        label: text('Registro / INE', 'Registry / INE'),
        csv: text('registro_sobre_ine_porcentaje', 'registry_over_ine_percent'),
        decimals: 2,
      },
      {
        key: 'registryShare',
        kind: 'percent',
        label: text('% del registro', '% of the registry'),
        csv: text('participacion_registro_porcentaje', 'registry_share_percent'),
        decimals: 1,
      },
      {
        key: 'ineShare',
        kind: 'percent',
        label: text('% del INE', '% of INE'),
        csv: text('participacion_ine_porcentaje', 'ine_share_percent'),
        decimals: 1,
      },
    ],
    rows: DEPARTMENTS.map((d) => {
      const ineCount = ine.byDepartment.get(d.code);
      assert(ineCount !== undefined, `no INE figure for department ${d.code}`);
      return {
        code: String(d.code),
        department: text(d.name, d.name),
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
