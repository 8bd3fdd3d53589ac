import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { isoDate, loadParameterFile } from '../parameters/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { PRODUCT_CODES, type ProductCode } from './vaccination.types.ts';

/**
 * The replay's model as dated parameters (parameters/replay.yaml: capacity, the country's size,
 * priority groups the registry does not list, uptake, booster products) and the published
 * milestones it is compared with (parameters/milestones-2021.yaml, domain §3.5).
 */

export const REPLAY_PARAMETERS = {
  vaccination_replay_capacity: z.strictObject({
    doses_per_day: z.number().int().min(0).max(10_000_000),
    open_weekdays: z.array(z.number().int().min(1).max(7)),
  }),
  vaccination_replay_population: z.number().int().positive(),
  vaccination_replay_priority_groups: z.strictObject({
    health_workers_per_thousand: z.number().int().min(0).max(1000),
    comorbidity_per_thousand: z.number().int().min(0).max(1000),
  }),
  vaccination_replay_uptake: z.strictObject({ per_thousand: z.number().int().min(0).max(1000) }),
  vaccination_replay_booster_products: z.array(z.enum(PRODUCT_CODES)),
  vaccination_replay_reserve_second_doses: z.boolean(),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const replayParameters = loadParameterFile(path.join(here, 'parameters', 'replay.yaml'), REPLAY_PARAMETERS);

/** The model in force on a day of the replay. */
export interface ReplayModel {
  dosesPerDay: number;
  openWeekdays: number[];
  nationalPopulation: number;
  healthWorkersPerThousand: number;
  comorbidityPerThousand: number;
  uptakePerThousand: number;
  /** Empty before the booster opens. */
  boosterProducts: ProductCode[];
  /** Keep back a product's doses for the second doses of the persons started with it. */
  reserveSecondDoses: boolean;
}

/** A model parameter's value on a day, or `fallback` before its first value. */
function valueOr<K extends keyof typeof REPLAY_PARAMETERS, T>(
  name: K,
  on: IsoDate,
  first: IsoDate,
  fallback: T,
): z.output<(typeof REPLAY_PARAMETERS)[K]> | T {
  return on < first ? fallback : replayParameters.value(name, on);
}

/**
 * The replay's model on `on` (from 29 Jan 2021, the campaign's first day).
 *
 * @example replayModel('2021-06-14').dosesPerDay // 45000
 */
export function replayModel(on: IsoDate): ReplayModel {
  const capacity = valueOr('vaccination_replay_capacity', on, '2021-01-29', {
    doses_per_day: 0,
    open_weekdays: [],
  });
  const groups = valueOr('vaccination_replay_priority_groups', on, '2021-01-29', {
    health_workers_per_thousand: 0,
    comorbidity_per_thousand: 0,
  });
  return {
    dosesPerDay: capacity.doses_per_day,
    openWeekdays: capacity.open_weekdays,
    nationalPopulation: replayParameters.value(
      'vaccination_replay_population',
      on < '2021-01-01' ? '2021-01-01' : on,
    ),
    healthWorkersPerThousand: groups.health_workers_per_thousand,
    comorbidityPerThousand: groups.comorbidity_per_thousand,
    uptakePerThousand: valueOr('vaccination_replay_uptake', on, '2021-01-29', { per_thousand: 0 })
      .per_thousand,
    boosterProducts: valueOr('vaccination_replay_booster_products', on, '2021-10-13', [] as ProductCode[]),
    reserveSecondDoses: valueOr('vaccination_replay_reserve_second_doses', on, '2021-01-29', false),
  };
}

const Measure = z.enum(['total', 'first', 'second', 'complete', 'single', 'booster']);
export type MilestoneMeasure = z.output<typeof Measure>;

const MilestoneFile = z.strictObject({
  milestones: z.array(
    z.strictObject({
      on: isoDate,
      measure: Measure,
      value: z.number().int().positive(),
      approximate: z.boolean(),
      source: z.string().min(1),
    }),
  ),
  first_doses_by_department_2022: z.strictObject({
    on: isoDate,
    source: z.string().min(1),
    departments: z.record(z.string().regex(/^[1-9]$/), z.number().int().positive()),
  }),
});

/** A published milestone of §3.5. */
export interface Milestone {
  on: IsoDate;
  measure: MilestoneMeasure;
  value: number;
  approximate: boolean;
  source: string;
}

/** The published milestones, and the first doses by department of 30 Jun 2022. */
export interface Milestones {
  milestones: Milestone[];
  firstDosesByDepartment: { on: IsoDate; source: string; departments: Map<number, number> };
}

/**
 * The milestones file that ships with ayni; a file that does not parse is a defect of the build.
 *
 * @example published2021().milestones[0] // { on: '2021-05-17', measure: 'total', value: 1106000, … }
 */
export function published2021(): Milestones {
  const file = path.join(here, 'parameters', 'milestones-2021.yaml');
  const parsed = MilestoneFile.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const d = parsed.data.first_doses_by_department_2022;
  return {
    milestones: parsed.data.milestones,
    firstDosesByDepartment: {
      on: d.on,
      source: d.source,
      departments: new Map(Object.entries(d.departments).map(([k, v]) => [Number(k), v])),
    },
  };
}
