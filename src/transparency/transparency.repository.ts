import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The aggregate queries behind the public dashboards. They read only the bono's published read
 * model (the views of migration 0039, owned and documented by the bono: docs/bono.md), never a
 * bono_* table; the registry's population comes from the registry's own function. Every query
 * returns counts and sums only, never a person; suppression is applied afterwards
 * (suppression.ts), never here.
 */

export type BonoState = 'paid' | 'unclaimed' | 'pending';

/** One cell of the Bono cube: persons by department, age band, planned channel, state and paid channel. */
export interface BonoCubeRow {
  department: number;
  band: string;
  plannedChannel: 'counter' | 'deposit';
  state: BonoState;
  /** The channel a paid person was paid through; null unless `state` is 'paid'. */
  paidChannel: 'counter' | 'deposit' | null;
  persons: bigint;
  entitledCentavos: bigint;
  paidCentavos: bigint;
}

/**
 * Every person entitled in an approved or expired round, counted once, in the latest such round
 * that holds them (a supplementary round after a grievance supersedes the earlier one), and how they
 * stand: paid (a live, not reversed, payment), unclaimed (their round expired unpaid) or pending.
 * Grouped to a few hundred rows at most, whatever the population (view `bono_public_progress`).
 *
 * @example const cube = await bonoCube(db);
 */
export async function bonoCube(db: Sql): Promise<BonoCubeRow[]> {
  const rows = await db.query<{
    department: number;
    band: string;
    planned_channel: 'counter' | 'deposit';
    state: BonoState;
    paid_channel: 'counter' | 'deposit' | null;
    persons: bigint;
    entitled_centavos: bigint;
    paid_centavos: bigint;
  }>(
    `SELECT department, band, planned_channel, state, paid_channel, persons, entitled_centavos, paid_centavos
     FROM bono_public_progress
     ORDER BY 1, 2, 3, 4, 5`,
  );
  return rows.map((r) => ({
    department: r.department,
    band: r.band,
    plannedChannel: r.planned_channel,
    state: r.state,
    paidChannel: r.paid_channel,
    persons: r.persons,
    entitledCentavos: r.entitled_centavos,
    paidCentavos: r.paid_centavos,
  }));
}

/** Live payments on one day in Bolivia (America/La_Paz). */
export interface PaidDay {
  day: IsoDate;
  persons: bigint;
  paidCentavos: bigint;
}

/**
 * Live payments of approved or expired rounds by day in Bolivia, in order, days with payments only
 * (view `bono_public_paid_by_day`, grouped by the expression the `bono_payment_day` index holds).
 *
 * @example await paidByDay(db) // [{ day: '2020-12-01', persons: 1520n, paidCentavos: 152000000n }, …]
 */
export async function paidByDay(db: Sql): Promise<PaidDay[]> {
  const rows = await db.query<{ day: string; persons: bigint; paid_centavos: bigint }>(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.persons, d.paid_centavos
     FROM bono_public_paid_by_day d
     ORDER BY d.day`,
  );
  return rows.map((r) => ({ day: r.day, persons: r.persons, paidCentavos: r.paid_centavos }));
}

/**
 * How many rounds are paying and how many have expired (to say whether any collection period has
 * ended), from view `bono_public_rounds`.
 *
 * @example const { expired } = await roundStates(db); // expired > 0: some collection period ended
 */
export async function roundStates(db: Sql): Promise<{ approved: number; expired: number }> {
  const [r] = await db.query<{ approved: number; expired: number }>(
    'SELECT approved, expired FROM bono_public_rounds',
  );
  return r!;
}

/**
 * The three Bono reads in one read-only, repeatable-read snapshot: payments recorded between them
 * would make the figures disagree (the running total by day must end at the paid count).
 *
 * @example const { cube, days, states } = await bonoAggregates(db);
 */
export async function bonoAggregates(
  db: Database,
): Promise<{ cube: BonoCubeRow[]; days: PaidDay[]; states: { approved: number; expired: number } }> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return { cube: await bonoCube(tx), days: await paidByDay(tx), states: await roundStates(tx) };
  });
}
