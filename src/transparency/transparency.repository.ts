import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The aggregate queries behind the public dashboards. Every query returns counts and sums only,
 * never a person; suppression is applied afterwards (suppression.ts), never here.
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
 * Grouped to a few hundred rows at most, whatever the population.
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
    `WITH ent AS (
       SELECT DISTINCT ON (e.person_id)
              e.person_id, e.amount_centavos, e.department_code, e.band, e.channel, r.status
       FROM bono_entitlement e JOIN bono_round r ON r.id = e.round_id
       WHERE r.status IN ('approved', 'expired')
       ORDER BY e.person_id, e.round_id DESC
     )
     SELECT ent.department_code::int AS department, ent.band, ent.channel AS planned_channel,
            CASE WHEN p.id IS NOT NULL THEN 'paid'
                 WHEN ent.status = 'expired' THEN 'unclaimed'
                 ELSE 'pending' END AS state,
            p.channel AS paid_channel,
            count(*) AS persons,
            sum(ent.amount_centavos)::bigint AS entitled_centavos,
            coalesce(sum(p.amount_centavos), 0)::bigint AS paid_centavos
     FROM ent
     LEFT JOIN bono_payment p ON p.person_id = ent.person_id AND p.reversed_at IS NULL
     GROUP BY 1, 2, 3, 4, 5
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
 * Live payments of approved or expired rounds by day in Bolivia, in order, days with payments only.
 * The grouping expression is the one `bono_payment_day` indexes.
 *
 * @example await paidByDay(db) // [{ day: '2020-12-01', persons: 1520n, paidCentavos: 152000000n }, …]
 */
export async function paidByDay(db: Sql): Promise<PaidDay[]> {
  const rows = await db.query<{ day: string; persons: bigint; paid_centavos: bigint }>(
    `SELECT to_char((p.paid_at AT TIME ZONE 'America/La_Paz')::date, 'YYYY-MM-DD') AS day,
            count(*) AS persons, sum(p.amount_centavos)::bigint AS paid_centavos
     FROM bono_payment p
     WHERE p.reversed_at IS NULL
       AND p.round_id IN (SELECT id FROM bono_round WHERE status IN ('approved', 'expired'))
     GROUP BY (p.paid_at AT TIME ZONE 'America/La_Paz')::date
     ORDER BY (p.paid_at AT TIME ZONE 'America/La_Paz')::date`,
  );
  return rows.map((r) => ({ day: r.day, persons: r.persons, paidCentavos: r.paid_centavos }));
}

/** How many rounds are in each state (to say whether any collection period has ended). */
export async function roundStates(db: Sql): Promise<{ approved: number; expired: number }> {
  const [r] = await db.query<{ approved: number; expired: number }>(
    `SELECT count(*) FILTER (WHERE status = 'approved')::int AS approved,
            count(*) FILTER (WHERE status = 'expired')::int AS expired
     FROM bono_round`,
  );
  return r!;
}

/**
 * Persons living and residing in Bolivia on the Bolivian calendar day of `at`, by department of
 * residence: what INE's projection counts. Every department appears, with 0 when it has nobody.
 *
 * @example await registryPopulation(db, new Date()) // { asOf: '2021-01-04', byDepartment: Map { 1 => 1187n, … } }
 */
export async function registryPopulation(
  db: Sql,
  at: Date,
): Promise<{ asOf: IsoDate; byDepartment: Map<number, bigint> }> {
  const [day] = await db.query<{ as_of: string }>(
    `SELECT to_char(($1::timestamptz AT TIME ZONE 'America/La_Paz')::date, 'YYYY-MM-DD') AS as_of`,
    [at.toISOString()],
  );
  const asOf = day!.as_of;
  const rows = await db.query<{ code: number; persons: bigint }>(
    `SELECT d.code::int AS code, count(p.id) AS persons
     FROM department d
     LEFT JOIN person p ON p.department_code = d.code
       AND p.residence_country = 'BO'
       AND p.date_of_birth <= $1::date
       AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
     GROUP BY d.code ORDER BY d.code`,
    [asOf],
  );
  return { asOf, byDepartment: new Map(rows.map((r) => [r.code, r.persons])) };
}
