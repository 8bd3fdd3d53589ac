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

/**
 * A site's persons to serve on the day: at most its capacity left and the doses its usable lots
 * hold (`n`), so each queue is read only as far as the day can serve (an index range and a LIMIT).
 */
const SITE_LIMIT = `SELECT cap."siteId", cap.department,
         least(cap.capacity, coalesce((SELECT sum(l.available) FROM lot l
                                       WHERE l."siteId" = cap."siteId"), 0))::int AS n
  FROM cap`;

/** A candidate (`cand`, ranked `rn` per site) within the site's capacity and one lot's share of the stock. */
const WITHIN_CAPACITY_AND_LOT = `JOIN cap ON cap."siteId" = cand.site_id AND cand.rn <= cap.capacity
       JOIN lot ON lot."siteId" = cand.site_id AND cand.rn > lot.start_at AND cand.rn <= lot.start_at + lot.available`;

/**
 * The dose rows of `chosen` (person_id, site_id, lot_id, product, kind), and what they took by lot;
 * `queues` are the statement's further CTEs that move the chosen persons between the replay's
 * queues (they run to completion whether or not the final SELECT reads them).
 */
const INSERT_CHOSEN = (doseNumber: number, queues: string) => `,
  ins AS (
    INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
                                  idempotency_key, stock_transfer_id, recorded_by, recorded_at)
    SELECT person_id, ${doseNumber}, kind, product, lot_id, site_id, $3::date,
           'replay:${doseNumber}', $4::text || site_id::text || ':' || lot_id::text, $5::text, $6::timestamptz
    FROM chosen
    RETURNING site_id, lot_id
  )${queues}
  SELECT site_id, lot_id, count(*)::int AS doses FROM ins GROUP BY 1, 2`;

function contextParams(c: StageContext): unknown[] {
  return [json(c.capacity), json(c.lots), c.day, c.transferPrefix, c.recordedBy, c.recordedAt.toISOString()];
}

/**
 * Runs a stage's statement with its joins as nested loops. What a stage joins is a day's few
 * hundred or thousand chosen persons to keys (the queues' rows, their lots, their persons), and so
 * is the coverage trigger that the doses written fire (migration 0064: the doses of the statement
 * joined to their persons): planned freely, the trigger hashed the whole person table for a few
 * thousand doses (0.9 s a statement at 1 M persons, a scan of 11.7 M rows at the country's size,
 * three times a day), where looking each person up by its key takes milliseconds.
 */
async function run(sql: Sql, text: string, params: unknown[]): Promise<StageDoses[]> {
  await sql.query('SET LOCAL enable_hashjoin = off');
  await sql.query('SET LOCAL enable_mergejoin = off');
  const rows = await sql.query<{ site_id: bigint; lot_id: bigint; doses: number }>(text, params);
  await sql.query('SET LOCAL enable_hashjoin TO DEFAULT');
  await sql.query('SET LOCAL enable_mergejoin TO DEFAULT');
  return rows.map((r) => ({ siteId: r.site_id, lotId: r.lot_id, doses: r.doses }));
}

/** SQL of a stable per-person draw (0–999) of `registry_person p`, salted per mark. */
const draw = (salt: number) => `(abs(hashint8extended(p.id, ${salt})) % 1000)::smallint`;
const HEALTH_WORKER = 1;
const COMORBIDITY = 2;
const UPTAKE = 3;

/** The queues' indexes, in the orders the days read them (built after each rebuild's load). */
const QUEUE_INDEXES = {
  vaccination_replay_candidate_order:
    'vaccination_replay_candidate (department_code, date_of_birth, person_id)',
  vaccination_replay_candidate_health_worker:
    'vaccination_replay_candidate (department_code, health_worker_draw, date_of_birth, person_id)',
  vaccination_replay_candidate_comorbidity:
    'vaccination_replay_candidate (department_code, comorbidity_draw, date_of_birth, person_id)',
  vaccination_replay_second_due_order:
    'vaccination_replay_second_due (site_id, first_product, first_given_on, person_id)',
  vaccination_replay_booster_due_order:
    'vaccination_replay_booster_due (site_id, second_given_on, person_id)',
};

/**
 * Rebuilds the replay's three queues (migration 0044) from the nominal registry and the registry:
 * persons without a first dose, with a first dose awaiting the second, and with a second dose and
 * no third. In the caller's transaction, before the first day it plays: the queues then agree
 * with vaccination_dose, whatever was recorded since the last replay. Persons who never come on
 * any day to be played (an uptake draw at or above `uptakeAtMost`, the highest uptake per
 * thousand of those days) are not queued for a first dose: no day serves them, and kept they were
 * read again every day (the oldest first: at the end of the year the persons older than the
 * youngest served were mostly theirs, 28 % of the adults). The indexes are dropped for
 * the load and built after it (row-by-row maintenance of five indexes made the load of 11.7 M
 * persons several times slower), and statistics taken at once (the local server runs without
 * autovacuum, and the day's plans depend on them).
 *
 * @example await db.transaction((tx) => rebuildReplayQueues(tx))
 */
export async function rebuildReplayQueues(sql: Sql, uptakeAtMost: number): Promise<void> {
  await sql.query(`SET LOCAL work_mem = '256MB'`);
  await sql.query('SET LOCAL jit = off');
  await sql.query(
    'TRUNCATE vaccination_replay_candidate, vaccination_replay_second_due, vaccination_replay_booster_due',
  );
  for (const name of Object.keys(QUEUE_INDEXES)) await sql.query(`DROP INDEX IF EXISTS ${name}`);
  // In the order first doses are served, so reading the queue by its index reads the table in order.
  await sql.query(
    `INSERT INTO vaccination_replay_candidate (person_id, department_code, municipality_code, date_of_birth,
       date_of_death, ci_number, health_worker_draw, comorbidity_draw, uptake_draw)
     SELECT p.id, p.department_code, p.municipality_code, p.date_of_birth, p.date_of_death, p.ci_number,
            ${draw(HEALTH_WORKER)}, ${draw(COMORBIDITY)}, ${draw(UPTAKE)}
     FROM registry_person p
     WHERE NOT EXISTS (SELECT 1 FROM vaccination_dose d WHERE d.person_id = p.id AND d.dose_number = 1)
       AND ${draw(UPTAKE)} < $1::int
     ORDER BY p.department_code, p.date_of_birth, p.id`,
    [uptakeAtMost],
  );
  await sql.query(
    `INSERT INTO vaccination_replay_second_due (person_id, site_id, first_product, first_given_on, date_of_death)
     SELECT d.person_id, d.site_id, d.product, d.given_on, p.date_of_death
     FROM vaccination_dose d JOIN registry_person p ON p.id = d.person_id
     WHERE d.dose_number = 1 AND d.dose_kind = 'first'
       AND NOT EXISTS (SELECT 1 FROM vaccination_dose d2 WHERE d2.person_id = d.person_id AND d2.dose_number = 2)`,
  );
  await sql.query(
    `INSERT INTO vaccination_replay_booster_due (person_id, site_id, first_product, second_given_on,
       date_of_birth, date_of_death, comorbidity_draw)
     SELECT d2.person_id, d2.site_id, d1.product, d2.given_on, p.date_of_birth, p.date_of_death, ${draw(COMORBIDITY)}
     FROM vaccination_dose d2
     JOIN vaccination_dose d1 ON d1.person_id = d2.person_id AND d1.dose_number = 1
     JOIN registry_person p ON p.id = d2.person_id
     WHERE d2.dose_number = 2 AND d2.dose_kind = 'second'
       AND NOT EXISTS (SELECT 1 FROM vaccination_dose d3 WHERE d3.person_id = d2.person_id AND d3.dose_number = 3)`,
  );
  for (const [name, on] of Object.entries(QUEUE_INDEXES)) await sql.query(`CREATE INDEX ${name} ON ${on}`);
  await sql.query(
    'ANALYZE vaccination_replay_candidate, vaccination_replay_second_due, vaccination_replay_booster_due',
  );
}

/**
 * Readies a day's transaction: no JIT compilation. The stage statements carry the rules' compiled
 * eligibility, whose estimated cost passes the server's JIT thresholds on a large country, and
 * compiling those expressions with LLVM took seconds a day for statements that run in tens of
 * milliseconds once they read only the queues' heads.
 *
 * @example await readyReplayDay(tx)
 */
export async function readyReplayDay(sql: Sql): Promise<void> {
  await sql.query('SET LOCAL jit = off');
}

/**
 * Second doses: persons whose first dose (at the site) is due by the rules on the day and not past
 * their latest day, alive, earliest first dose first, each from a lot of the second product. They
 * leave the queue of second doses for the queue of boosters.
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
     need AS (
       SELECT s."siteId", s.n, rule.* FROM (${SITE_LIMIT}) s CROSS JOIN rule
     ),
     due AS (
       SELECT q.person_id, q.queue_row, q.site_id, q.first_given_on, q.first_product, need."secondProduct" AS product,
              row_number() OVER (PARTITION BY q.site_id, need."secondProduct"
                                 ORDER BY q.first_given_on, q.person_id) AS rn
       FROM need CROSS JOIN LATERAL (
         SELECT q.*, q.ctid AS queue_row FROM vaccination_replay_second_due q
         WHERE q.site_id = need."siteId" AND q.first_product = need."firstProduct"
           AND q.first_given_on <= $3::date - need."afterDays"
           -- The latest day as a bound of the index range (not an OR): the persons whose second
           -- dose lapsed stay in the queue, before the range, and are no longer read every day.
           AND q.first_given_on >= CASE WHEN need."latestAfterDays" IS NULL THEN '-infinity'::date
                                        ELSE $3::date - need."latestAfterDays" END
           AND (q.date_of_death IS NULL OR q.date_of_death > $3::date)
         ORDER BY q.first_given_on, q.person_id
         LIMIT (SELECT least(need.n, coalesce(sum(l.available), 0)) FROM lot l
                WHERE l."siteId" = need."siteId" AND l.product = need."secondProduct")
       ) q
     ),
     covered AS (
       SELECT due.person_id, due.queue_row, due.site_id, due.first_product, due.product, lot."lotId" AS lot_id, 'second' AS kind,
              row_number() OVER (PARTITION BY due.site_id ORDER BY due.first_given_on, due.person_id) AS rn
       FROM due
       JOIN lot ON lot."siteId" = due.site_id AND lot.product = due.product
        AND due.rn > lot.start_at AND due.rn <= lot.start_at + lot.available
     ),
     chosen AS (
       SELECT covered.* FROM covered JOIN cap ON cap."siteId" = covered.site_id WHERE covered.rn <= cap.capacity
     )${INSERT_CHOSEN(
       2,
       `,
  left_queue AS (
    DELETE FROM vaccination_replay_second_due q USING chosen WHERE q.ctid = chosen.queue_row
  ),
  next_queue AS (
    INSERT INTO vaccination_replay_booster_due (person_id, site_id, first_product, second_given_on,
                                                date_of_birth, date_of_death, comorbidity_draw)
    SELECT chosen.person_id, chosen.site_id, chosen.first_product, $3::date, p.date_of_birth, p.date_of_death,
           ${draw(COMORBIDITY)}
    FROM chosen JOIN registry_person p ON p.id = chosen.person_id
  )`,
     )}`,
    [...contextParams(c), json(rules)],
  );
}

/** The replay's marks of persons the registry does not list as such (by a hash of the id, stable). */
export interface PersonMarks {
  healthWorkersPerThousand: number;
  comorbidityPerThousand: number;
  uptakePerThousand: number;
}

/**
 * Boosters: persons who completed a series started with a primed product at least the rules' weeks
 * before the day, with no later dose, alive, old enough (or marked with a comorbidity and old
 * enough for that), longest waiting first, from lots of the booster products (FEFO). They leave
 * the queue of boosters.
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
       SELECT q.person_id, q.queue_row, s."siteId" AS site_id,
              row_number() OVER (PARTITION BY s."siteId" ORDER BY q.second_given_on, q.person_id) AS rn
       FROM (${SITE_LIMIT}) s CROSS JOIN LATERAL (
         SELECT q.*, q.ctid AS queue_row FROM vaccination_replay_booster_due q
         WHERE q.site_id = s."siteId"
           AND q.first_product = ANY ($7::text[])
           AND q.second_given_on <= $3::date - 7 * $8::int
           AND (($9::int IS NOT NULL AND q.date_of_birth <= ($3::date - make_interval(years => $9::int))::date)
                OR ($10::int IS NOT NULL AND q.comorbidity_draw < $11::int
                    AND q.date_of_birth <= ($3::date - make_interval(years => $10::int))::date))
           AND (q.date_of_death IS NULL OR q.date_of_death > $3::date)
         ORDER BY q.second_given_on, q.person_id
         LIMIT s.n
       ) q
     ),
     chosen AS (
       SELECT cand.person_id, cand.queue_row, cand.site_id, lot.product, lot."lotId" AS lot_id, 'booster' AS kind
       FROM cand
       ${WITHIN_CAPACITY_AND_LOT}
     )${INSERT_CHOSEN(
       3,
       `,
  left_queue AS (
    DELETE FROM vaccination_replay_booster_due q USING chosen WHERE q.ctid = chosen.queue_row
  )`,
     )}`,
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
 * The rules' first-dose eligibility on the day for three kinds of person, as SQL over a person `p`
 * compiled by the rules (`vaccination_may_attend_on_date`): a health worker, a person with a
 * comorbidity, anybody else. It reads the registry's columns that the queue of candidates copies.
 */
export interface FirstDoseEligibility {
  healthWorker: string;
  comorbidity: string;
  other: string;
  /** Every municipality of the country, for the probe of the youngest eligible age (below). */
  municipalities: readonly { department: number; municipality: string }[];
}

/**
 * The youngest date of birth the rules admit for anybody else (not a priority group) in each
 * department on the day, found by asking the compiled eligibility about probes: a living person of
 * every municipality, every whole age from 0 to 120 and every CI last digit. Cohorts open by age,
 * so nobody born after that day plus a year (the margin for a threshold that is not a whole age on
 * the day) can be eligible: the queue is read only up to it, and a department with no cohort open
 * not at all. Without it, a day with fewer eligible persons than places (a department not yet
 * open, the children at the end of the year) read every remaining person of the department.
 */
const YOUNGEST_ELIGIBLE = (other: string) => `youngest AS MATERIALIZED (
       SELECT p.department_code, (max(p.date_of_birth) + interval '1 year')::date AS born_before
       FROM (SELECT g.department_code, g.municipality_code, NULL::date AS date_of_death, d::text AS ci_number,
                    ($3::date - make_interval(years => a))::date AS date_of_birth
             FROM jsonb_to_recordset($10::jsonb) AS g(department_code smallint, municipality_code char(6))
             CROSS JOIN generate_series(0, 120) AS a CROSS JOIN generate_series(0, 9) AS d) p
       WHERE coalesce(${other}, FALSE)
       GROUP BY 1
     )`;

/**
 * First doses: persons who come at all (the uptake draw), have no first dose, and may attend on the
 * day by the rules — health workers (drawn among those aged 20–64) first, then persons with a
 * comorbidity (drawn among adults), then the oldest — in their department's site, each from the
 * site's lots in FEFO order (a one-dose product's dose is `single`). Each group is read from the
 * queue of candidates in its order only as far as the site can serve; the persons served leave
 * it, and those with a first dose of two join the queue of second doses.
 *
 * @example await insertFirstDoses(tx, context, eligibility, marks)
 */
export async function insertFirstDoses(
  sql: Sql,
  c: StageContext,
  eligible: FirstDoseEligibility,
  marks: PersonMarks,
): Promise<StageDoses[]> {
  const hwAges = `p.date_of_birth > ($3::date - interval '65 years')::date
    AND p.date_of_birth <= ($3::date - interval '20 years')::date`;
  const comorbidityAges = `p.date_of_birth <= ($3::date - interval '18 years')::date`;
  const healthWorker = `coalesce(p.health_worker_draw < $7::int AND ${hwAges} AND (${eligible.healthWorker}), FALSE)`;
  const comorbidity = `coalesce(p.comorbidity_draw < $8::int AND ${comorbidityAges} AND (${eligible.comorbidity}), FALSE)`;
  // A priority group is a few per cent of the queue: read its range of draws and sort it (`+ 0`
  // keeps the planner from walking the whole queue in order of birth to find it). Its ages are
  // repeated outside the coalesce so that they bound the index range (the draw's index is by date
  // of birth within a draw): the children marked with a comorbidity, who stay in the queue all
  // year, are then skipped in the index instead of read from the table every day.
  const group = (rank: number, where: string, inOrder: boolean) =>
    `(SELECT p.person_id, p.ctid AS queue_row, p.date_of_birth, p.date_of_death, ${rank} AS rank
      FROM vaccination_replay_candidate p
      WHERE p.department_code = s.department AND p.uptake_draw < $9::int AND ${where}
      ORDER BY p.date_of_birth${inOrder ? '' : ' + 0'}, p.person_id LIMIT s.n)`;
  // Plain index scans, not bitmaps: a plain scan marks the index entries of the persons served on
  // earlier days (deleted from the queue) as dead and skips them after, where a bitmap scan of a
  // priority group's draws went back to the table for every one of them each day (the server runs
  // without autovacuum), a cost growing with the first doses given.
  await sql.query('SET LOCAL enable_bitmapscan = off');
  const rows = await run(
    sql,
    `WITH cap AS (${CAPACITY}),
     lot AS (${LOTS_FEFO}),
     ${YOUNGEST_ELIGIBLE(eligible.other)},
     cand AS (
       SELECT x.person_id, x.queue_row, x.date_of_death, s."siteId" AS site_id,
              row_number() OVER (PARTITION BY s."siteId" ORDER BY x.rank, x.date_of_birth, x.person_id) AS rn
       FROM (${SITE_LIMIT}) s CROSS JOIN LATERAL (
         ${group(0, `p.health_worker_draw < $7::int AND ${hwAges} AND ${healthWorker}`, false)}
         UNION ALL
         ${group(1, `p.comorbidity_draw < $8::int AND ${comorbidityAges} AND ${comorbidity} AND NOT ${healthWorker}`, false)}
         UNION ALL
         ${group(
           2,
           `p.date_of_birth < coalesce((SELECT y.born_before FROM youngest y WHERE y.department_code = s.department),
                                       '-infinity'::date)
            AND coalesce(${eligible.other}, FALSE) AND NOT ${healthWorker} AND NOT ${comorbidity}`,
           true,
         )}
       ) x
     ),
     chosen AS (
       SELECT cand.person_id, cand.queue_row, cand.site_id, cand.date_of_death, lot.product, lot."lotId" AS lot_id, lot.kind
       FROM cand
       ${WITHIN_CAPACITY_AND_LOT}
     )${INSERT_CHOSEN(
       1,
       `,
  left_queue AS (
    DELETE FROM vaccination_replay_candidate q USING chosen WHERE q.ctid = chosen.queue_row
  ),
  next_queue AS (
    INSERT INTO vaccination_replay_second_due (person_id, site_id, first_product, first_given_on, date_of_death)
    SELECT person_id, site_id, product, $3::date, date_of_death FROM chosen WHERE kind = 'first'
  )`,
     )}`,
    [
      ...contextParams(c),
      marks.healthWorkersPerThousand,
      marks.comorbidityPerThousand,
      marks.uptakePerThousand,
      JSON.stringify(
        eligible.municipalities.map((m) => ({
          department_code: m.department,
          municipality_code: m.municipality,
        })),
      ),
    ],
  );
  await sql.query('SET LOCAL enable_bitmapscan TO DEFAULT');
  return rows;
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
 * (no dose 2, alive, not past the latest day), by site and second product: the queue of second
 * doses, counted.
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
     SELECT q.site_id, rule."secondProduct" AS product, count(*)::int AS persons
     FROM vaccination_replay_second_due q
     JOIN rule ON rule."firstProduct" = q.first_product
     WHERE (rule."latestAfterDays" IS NULL OR q.first_given_on >= $1::date - rule."latestAfterDays")
       AND (q.date_of_death IS NULL OR q.date_of_death > $1::date)
     GROUP BY 1, 2`,
    [day, json(rules)],
  );
  return rows.map((r) => ({ siteId: r.site_id, product: r.product, persons: r.persons }));
}
