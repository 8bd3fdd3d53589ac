import type { Sql } from '../db/database.ts';
import { residentPopulation } from '../registry/index.ts';
import { startOfBolivianDay } from '../shared/dates.ts';
import { type Milestone, published2021, replayModel } from './replay.parameters.ts';
import { type ReplayDay, selectReplayDays } from './replay.repository.ts';

/**
 * The stored replay of 2021 for the transparency chart: the days played (vaccination_replay_day),
 * the factor that scales the synthetic country's counts to the national population (as the replay
 * compares them), and the published milestones to draw beside the curve.
 */
export interface ReplayCurve {
  days: ReplayDay[];
  residents: bigint;
  nationalPopulation: number;
  /** national population / residents: a replayed count times this is a national count. */
  factor: number;
  milestones: Milestone[];
}

/**
 * The replay's stored curve, or null when no day has been played.
 *
 * @example const curve = await replayCurve(db); curve?.days.length // 337
 */
export async function replayCurve(sql: Sql): Promise<ReplayCurve | null> {
  const days = await selectReplayDays(sql);
  const first = days[0];
  if (!first) return null;
  const population = await residentPopulation(sql, startOfBolivianDay(first.day));
  const residents = [...population.byDepartment.values()].reduce((s, n) => s + n, 0n);
  const nationalPopulation = replayModel(first.day).nationalPopulation;
  return {
    days,
    residents,
    nationalPopulation,
    factor: residents === 0n ? 0 : nationalPopulation / Number(residents),
    milestones: published2021().milestones,
  };
}
