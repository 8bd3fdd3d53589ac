import type { Sql } from '../db/database.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { GrievanceKind, GrievanceStatus } from './bono.types.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import { decisionStats, listQueue } from './grievance.repository.ts';
import { type FiledVia, GRIEVANCE_STATUSES } from './grievance.types.ts';

/** The officer queue is paged; a page never holds more than this. */
export const QUEUE_PAGE_MAX = 500;

export interface GrievanceQueueRow {
  id: number;
  reference: string;
  kind: GrievanceKind;
  status: GrievanceStatus;
  filedVia: FiledVia;
  filedAt: Date;
  decidedAt: Date | null;
  /** Whether the claim is linked to a registry person. */
  personLinked: boolean;
  supplementaryRoundId: number | null;
  /** Hours since it was filed, at `at`. */
  ageHours: number;
  /** Hours from filing to decision, once decided. */
  hoursToDecision: number | null;
}

/**
 * Hours from one instant to another, as the queue and the detail show a claim's age.
 *
 * @example hoursBetween(new Date('2020-12-01T00:00Z'), new Date('2020-12-01T06:00Z')) // 6
 */
export const hoursBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 3_600_000;

/**
 * The officer queue, oldest first, with each claim's age and time to decision. `at` is the
 * officer's now (the domain never reads the clock).
 *
 * @example const r = await listGrievances(db, { status: 'open', limit: 50, offset: 0, at: new Date() }); if (r.ok) r.value.total
 */
export async function listGrievances(
  sql: Sql,
  opts: { status?: GrievanceStatus; limit: number; offset: number; at: Date },
): Promise<Result<{ total: number; rows: GrievanceQueueRow[] }, GrievanceFailure>> {
  if (opts.status !== undefined && !GRIEVANCE_STATUSES.includes(opts.status))
    return fail({ code: 'status_invalid', statuses: GRIEVANCE_STATUSES });
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > QUEUE_PAGE_MAX)
    return fail({ code: 'limit_invalid', maxLimit: QUEUE_PAGE_MAX });
  if (!Number.isInteger(opts.offset) || opts.offset < 0 || opts.offset > 1_000_000_000)
    return fail({ code: 'offset_invalid' });
  const { total, rows } = await listQueue(sql, {
    ...(opts.status ? { status: opts.status } : {}),
    limit: opts.limit,
    offset: opts.offset,
  });
  return ok({
    total,
    rows: rows.map((g) => ({
      id: g.id,
      reference: g.reference,
      kind: g.kind,
      status: g.status,
      filedVia: g.filedVia,
      filedAt: g.filedAt,
      decidedAt: g.decidedAt,
      personLinked: g.personId !== null,
      supplementaryRoundId: g.supplementaryRoundId,
      ageHours: hoursBetween(g.filedAt, opts.at),
      hoursToDecision: g.decidedAt ? hoursBetween(g.filedAt, g.decidedAt) : null,
    })),
  });
}

export interface GrievanceStats {
  byStatus: Record<GrievanceStatus, number>;
  total: number;
  decided: number;
  /** Median hours from filing to decision over decided grievances; null when none is decided. */
  medianHoursToDecision: number | null;
  /** 90th percentile (interpolated) of the same. */
  p90HoursToDecision: number | null;
}

/** Counts by status and time to decision. @example (await grievanceStats(db)).medianHoursToDecision */
export async function grievanceStats(sql: Sql): Promise<GrievanceStats> {
  const s = await decisionStats(sql);
  const byStatus = Object.fromEntries(GRIEVANCE_STATUSES.map((k) => [k, 0])) as Record<
    GrievanceStatus,
    number
  >;
  for (const r of s.byStatus) byStatus[r.status] = r.n;
  return {
    byStatus,
    total: s.byStatus.reduce((sum, r) => sum + r.n, 0),
    decided: s.decided,
    medianHoursToDecision: s.medianHours,
    p90HoursToDecision: s.p90Hours,
  };
}
