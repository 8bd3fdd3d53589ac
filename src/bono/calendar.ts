import type { IsoDate } from '../shared/dates.ts';

/**
 * Bolivia's calendar day of an instant. Bolivia keeps UTC−4 all year (no daylight saving since
 * 1932), so a fixed offset is exact and avoids depending on the host's time-zone data.
 *
 * @example toIsoDateInBolivia(new Date('2020-12-02T03:30:00Z')) // '2020-12-01'
 */
export function toIsoDateInBolivia(at: Date): IsoDate {
  return new Date(at.getTime() - 4 * 3_600_000).toISOString().slice(0, 10) as IsoDate;
}

/** The instant a Bolivian calendar day starts. @example startOfBolivianDay('2020-12-01') // 2020-12-01T04:00:00Z */
export function startOfBolivianDay(day: IsoDate): Date {
  return new Date(`${day}T04:00:00Z`);
}
