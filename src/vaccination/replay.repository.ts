import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { SecondDoseRule } from './dose-schedule.ts';
import type { ProductCode } from './vaccination.types.ts';

/**
 * The set-based SQL of the replay of 2021 (replay.ts says why it is set-based). Each stage of a
 * day writes the doses of every site in one INSERT … SELECT: the candidates in the order they are
 * served, each given a lot by the lots' running totals in FEFO order (so no lot gives more than it
 * holds), no site more than its capacity. Persons are read through the registry's published view
 * `registry_person`; the stock and the capacity come from the caller, who then moves the stock on
 * the ledger with the transfer ids written here, in the same transaction.
 */

/** A site's capacity left on the day. */
export interface SiteCapacity {
  siteId: bigint;
  department: number;
  capacity: number;
}

/** A lot's usable doses at a site on the day, with the kind of dose it gives as a first dose. */
export interface SiteLot {
  siteId: bigint;
  lotId: bigint;
  product: ProductCode;
  expiresOn: IsoDate;
  available: number;
  /** For first doses: `single` for a one-dose product, else `first`. */
  kind: 'first' | 'single';
}

/** Doses a stage wrote at one site from one lot. */
export interface StageDoses {
  siteId: bigint;
  lotId: bigint;
  doses: number;
}

/** What every stage writes alike. */
export interface StageContext {
  day: IsoDate;
  capacity: readonly SiteCapacity[];
  lots: readonly SiteLot[];
  /** The ledger transfer ids are `<transferPrefix><site id>:<lot id>`. */
  transferPrefix: string;
  recordedBy: string;
  recordedAt: Date;
}

const json = (rows: readonly object[]) =>
  JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

const CAPACITY = `SELECT * FROM jsonb_to_recordset($1::jsonb) AS c("siteId" bigint, department int, capacity int)`;
const LOTS = `SELECT * FROM jsonb_to_recordset($2::jsonb)
  AS l("siteId" bigint, "lotId" bigint, product text, "expiresOn" date, available int, kind text)`;

/** The lots of each site in FEFO order, each with the doses the lots before it hold (`start_at`). */
const LOTS_FEFO = `SELECT l.*, sum(l.available) OVER (PARTITION BY l."siteId" ORDER BY l."expiresOn", l."lotId")
                   - l.available AS start_at
  FROM (${LOTS}) l`;

/** A candidate (`cand`, ranked `rn` per site) within the site's capacity and one lot's share of the stock. */
const WITHIN_CAPACITY_AND_LOT = `JOIN cap ON cap."siteId" = cand.site_id AND cand.rn <= cap.capacity
       JOIN lot ON lot."siteId" = cand.site_id AND cand.rn > lot.start_at AND cand.rn <= lot.start_at + lot.available`;

/** The dose rows of `chosen` (person_id, site_id, lot_id, product, kind), and what they took by lot. */
const INSERT_CHOSEN = (doseNumber: number) => `,
  ins AS (
    INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
                                  idempotency_key, stock_transfer_id, recorded_by, recorded_at)
    SELECT person_id, ${doseNumber}, kind, product, lot_id, site_id, $3::date,
           'replay:${doseNumber}', $4::text || site_id::text || ':' || lot_id::text, $5::text, $6::timestamptz
    FROM chosen
    RETURNING site_id, lot_id
  )
  SELECT site_id, lot_id, count(*)::int AS doses FROM ins GROUP BY 1, 2`;

function contextParams(c: StageContext): unknown[] {
  return [json(c.capacity), json(c.lots), c.day, c.transferPrefix, c.recordedBy, c.recordedAt.toISOString()];
}

async function run(sql: Sql, text: string, params: unknown[]): Promise<StageDoses[]> {
  const rows = await sql.query<{ site_id: bigint; lot_id: bigint; doses: number }>(text, params);
  return rows.map((r) => ({ siteId: r.site_id, lotId: r.lot_id, doses: r.doses }));
}

/**
 * Second doses: persons whose first dose (at the site) is due by the rules on the day and not past
 * their latest day, alive, earliest first dose first, each from a lot of the second product.
 *
 * @example await insertSecondDoses(tx, context, rules)
 */
export async function insertSecondDoses(
  sql: Sql,
  c: StageContext,
  rules: readonly SecondDoseRule[],
): Promise<StageDoses[]> {
  return run(
    sql,
    `WITH cap AS (${CAPACITY}),
     lot AS (
       SELECT l.*, sum(l.available) OVER (PARTITION BY l."siteId", l.product ORDER BY l."expiresOn", l."lotId")
                   - l.available AS start_at
       FROM (${LOTS}) l
     ),
     rule AS (
       SELECT * FROM jsonb_to_recordset($7::jsonb)
         AS r("firstProduct" text, "secondProduct" text, "afterDays" int, "latestAfterDays" int)
     ),
     due AS (
       SELECT d.person_id, d.site_id, d.given_on, rule."secondProduct" AS product,
              row_number() OVER (PARTITION BY d.site_id, rule."secondProduct" ORDER BY d.given_on, d.person_id) AS rn
       FROM vaccination_dose d
       JOIN rule ON rule."firstProduct" = d.product
       JOIN cap ON cap."siteId" = d.site_id
       JOIN registry_person p ON p.id = d.person_id
       WHERE d.dose_number = 1 AND d.dose_kind = 'first'
         AND d.given_on + rule."afterDays" <= $3::date
         AND (rule."latestAfterDays" IS NULL OR $3::date <= d.given_on + rule."latestAfterDays")
         AND (p.date_of_death IS NULL OR p.date_of_death > $3::date)
         AND NOT EXISTS (SELECT 1 FROM vaccination_dose d2 WHERE d2.person_id = d.person_id AND d2.dose_number = 2)
     ),
     covered AS (
       SELECT due.person_id, due.site_id, due.product, lot."lotId" AS lot_id, 'second' AS kind,
              row_number() OVER (PARTITION BY due.site_id ORDER BY due.given_on, due.person_id) AS rn
       FROM due
       JOIN lot ON lot."siteId" = due.site_id AND lot.product = due.product
        AND due.rn > lot.start_at AND due.rn <= lot.start_at + lot.available
     ),
     chosen AS (
       SELECT covered.* FROM covered JOIN cap ON cap."siteId" = covered.site_id WHERE covered.rn <= cap.capacity
     )${INSERT_CHOSEN(2)}`,
    [...contextParams(c), json(rules)],
  );
}

/** The replay's marks of persons the registry does not list as such (by a hash of the id, stable). */
export interface PersonMarks {
  healthWorkersPerThousand: number;
  comorbidityPerThousand: number;
  uptakePerThousand: number;
}

/** SQL of a stable per-person draw below `perThousand` (parameter `$n`), salted per mark. */
const draw = (salt: number, param: string) => `(abs(hashint8extended(p.id, ${salt})) % 1000 < ${param}::int)`;

/**
 * Boosters: persons who completed a series started with a primed product at least the rules' weeks
 * before the day, with no later dose, alive, old enough (or marked with a comorbidity and old
 * enough for that), longest waiting first, from lots of the booster products (FEFO).
 *
 * @example await insertBoosters(tx, context, { primedProducts: ['sinopharm'], weeks: 8, generalMinimumAge: 60, comorbidityMinimumAge: 18 }, marks)
 */
export async function insertBoosters(
  sql: Sql,
  c: StageContext,
  rule: {
    primedProducts: readonly ProductCode[];
    weeks: number;
    generalMinimumAge: number | null;
    comorbidityMinimumAge: number | null;
  },
  marks: PersonMarks,
): Promise<StageDoses[]> {
  return run(
    sql,
    `WITH cap AS (${CAPACITY}),
     lot AS (${LOTS_FEFO}),
     cand AS (
       SELECT d2.person_id, d2.site_id,
              row_number() OVER (PARTITION BY d2.site_id ORDER BY d2.given_on, d2.person_id) AS rn
       FROM vaccination_dose d2
       JOIN vaccination_dose d1 ON d1.person_id = d2.person_id AND d1.dose_number = 1
       JOIN cap ON cap."siteId" = d2.site_id
       JOIN registry_person p ON p.id = d2.person_id
       WHERE d2.dose_number = 2 AND d2.dose_kind = 'second'
         AND d1.product = ANY ($7::text[])
         AND d2.given_on + 7 * $8::int <= $3::date
         AND (($9::int IS NOT NULL AND p.date_of_birth <= ($3::date - make_interval(years => $9::int))::date)
              OR ($10::int IS NOT NULL AND ${draw(2, '$11')}
                  AND p.date_of_birth <= ($3::date - make_interval(years => $10::int))::date))
         AND (p.date_of_death IS NULL OR p.date_of_death > $3::date)
         AND NOT EXISTS (SELECT 1 FROM vaccination_dose d3 WHERE d3.person_id = d2.person_id AND d3.dose_number = 3)
     ),
     chosen AS (
       SELECT cand.person_id, cand.site_id, lot.product, lot."lotId" AS lot_id, 'booster' AS kind
       FROM cand
       ${WITHIN_CAPACITY_AND_LOT}
     )${INSERT_CHOSEN(3)}`,
    [
      ...contextParams(c),
      rule.primedProducts,
      rule.weeks,
      rule.generalMinimumAge,
      rule.comorbidityMinimumAge,
      marks.comorbidityPerThousand,
    ],
  );
}

/**
 * The rules' first-dose eligibility on the day for three kinds of person, as SQL over
 * `registry_person p` compiled by the rules (`vaccination_may_attend_on_date`): a health worker, a
 * person with a comorbidity, anybody else.
 */
export interface FirstDoseEligibility {
  healthWorker: string;
  comorbidity: string;
  other: string;
}

/**
 * First doses: persons who come at all (the uptake draw), have no first dose, and may attend on the
 * day by the rules — health workers (drawn among those aged 20–64) first, then persons with a
 * comorbidity (drawn among adults), then the oldest — in their department's site, each from the
 * site's lots in FEFO order (a one-dose product's dose is `single`).
 *
 * @example await insertFirstDoses(tx, context, eligibility, marks)
 */
export async function insertFirstDoses(
  sql: Sql,
  c: StageContext,
  eligible: FirstDoseEligibility,
  marks: PersonMarks,
): Promise<StageDoses[]> {
  const healthWorker = `(${draw(1, '$7')} AND p.date_of_birth > ($3::date - interval '65 years')::date
    AND p.date_of_birth <= ($3::date - interval '20 years')::date)`;
  const comorbidity = `(${draw(2, '$8')} AND p.date_of_birth <= ($3::date - interval '18 years')::date)`;
  return run(
    sql,
    `WITH cap AS (${CAPACITY}),
     lot AS (${LOTS_FEFO}),
     marked AS (
       SELECT p.id, p.department_code, p.date_of_birth,
              ${healthWorker} AS health_worker, ${comorbidity} AS comorbidity,
              (${eligible.healthWorker}) AS eligible_hw, (${eligible.comorbidity}) AS eligible_cm,
              (${eligible.other}) AS eligible_other
       FROM registry_person p
       WHERE ${draw(3, '$9')}
         AND NOT EXISTS (SELECT 1 FROM vaccination_dose d WHERE d.person_id = p.id AND d.dose_number = 1)
     ),
     cand AS (
       SELECT m.id AS person_id, cap."siteId" AS site_id,
              row_number() OVER (PARTITION BY cap."siteId"
                                 ORDER BY CASE WHEN m.health_worker AND m.eligible_hw THEN 0
                                               WHEN m.comorbidity AND m.eligible_cm THEN 1 ELSE 2 END,
                                          m.date_of_birth, m.id) AS rn
       FROM marked m
       JOIN cap ON cap.department = m.department_code
       WHERE (m.health_worker AND m.eligible_hw) OR (m.comorbidity AND m.eligible_cm) OR m.eligible_other
     ),
     chosen AS (
       SELECT cand.person_id, cand.site_id, lot.product, lot."lotId" AS lot_id, lot.kind
       FROM cand
       ${WITHIN_CAPACITY_AND_LOT}
     )${INSERT_CHOSEN(1)}`,
    [
      ...contextParams(c),
      marks.healthWorkersPerThousand,
      marks.comorbidityPerThousand,
      marks.uptakePerThousand,
    ],
  );
}

/** What a day of the replay recorded. */
export interface ReplayDay {
  day: IsoDate;
  first: number;
  second: number;
  single: number;
  booster: number;
}

/**
 * The days played, in order.
 *
 * @example await selectReplayDays(db) // [{ day: '2021-01-29', first: 28, second: 0, single: 0, booster: 0 }, …]
 */
export async function selectReplayDays(sql: Sql): Promise<ReplayDay[]> {
  const rows = await sql.query<{
    day: string;
    first_doses: number;
    second_doses: number;
    single_doses: number;
    booster_doses: number;
  }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, first_doses, second_doses, single_doses, booster_doses
     FROM vaccination_replay_day ORDER BY day`,
  );
  return rows.map((r) => ({
    day: r.day,
    first: r.first_doses,
    second: r.second_doses,
    single: r.single_doses,
    booster: r.booster_doses,
  }));
}

/**
 * Records a day as played (in the day's transaction); false when it was played before (a second
 * replay running at the same time: the caller rolls its day back).
 *
 * @example await insertReplayDay(tx, { day: '2021-01-29', first: 28, second: 0, single: 0, booster: 0 }, now)
 */
export async function insertReplayDay(sql: Sql, d: ReplayDay, at: Date): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO vaccination_replay_day (day, first_doses, second_doses, single_doses, booster_doses, played_at)
     VALUES ($1::date, $2, $3, $4, $5, $6) ON CONFLICT (day) DO NOTHING RETURNING day`,
    [d.day, d.first, d.second, d.single, d.booster, at.toISOString()],
  );
  return rows.length === 1;
}

/**
 * Doses of the replay by site (the idempotency keys it writes), to check against the ledger.
 *
 * @example await replayDosesBySite(db) // Map { 3n => 1520n, … }
 */
export async function replayDosesBySite(sql: Sql): Promise<Map<bigint, bigint>> {
  const rows = await sql.query<{ site_id: bigint; doses: bigint }>(
    `SELECT site_id, count(*) AS doses FROM vaccination_dose
     WHERE idempotency_key LIKE 'replay:%' GROUP BY site_id`,
  );
  return new Map(rows.map((r) => [r.site_id, r.doses]));
}

/**
 * Persons started with a product at a site who still need its second dose by the rules on the day
 * (no dose 2, alive, not past the latest day), by site and second product.
 *
 * @example await outstandingSecondDoses(tx, '2021-05-03', rules) // [{ siteId: 3n, product: 'sinopharm', persons: 120 }]
 */
export async function outstandingSecondDoses(
  sql: Sql,
  day: IsoDate,
  rules: readonly SecondDoseRule[],
): Promise<{ siteId: bigint; product: ProductCode; persons: number }[]> {
  const rows = await sql.query<{ site_id: bigint; product: ProductCode; persons: number }>(
    `WITH rule AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS r("firstProduct" text, "secondProduct" text, "afterDays" int, "latestAfterDays" int)
     )
     SELECT d.site_id, rule."secondProduct" AS product, count(*)::int AS persons
     FROM vaccination_dose d
     JOIN rule ON rule."firstProduct" = d.product
     JOIN registry_person p ON p.id = d.person_id
     WHERE d.dose_number = 1 AND d.dose_kind = 'first'
       AND (rule."latestAfterDays" IS NULL OR $1::date <= d.given_on + rule."latestAfterDays")
       AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
       AND NOT EXISTS (SELECT 1 FROM vaccination_dose d2 WHERE d2.person_id = d.person_id AND d2.dose_number = 2)
     GROUP BY 1, 2`,
    [day, json(rules)],
  );
  return rows.map((r) => ({ siteId: r.site_id, product: r.product, persons: r.persons }));
}
