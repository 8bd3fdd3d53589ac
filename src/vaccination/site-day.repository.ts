import type { Sql } from '../db/database.ts';
import { availableBalancesSql } from '../ledger/index.ts';
import type { ProductCode, Site } from './vaccination.types.ts';

/**
 * A site's day (`vaccination_site_day`) and its counters per product
 * (`vaccination_site_day_product`, migration 0041): opened when the first booking, arrival or dose
 * needs it, with the site's capacity copied; places taken by an UPDATE whose WHERE re-reads the row
 * after a concurrent one commits, so however many race, `reserved + walk_ins` never passes the
 * capacity (the table's CHECK is the last guard).
 */

/** A day's counters of one product. */
export interface SiteDayCounts {
  product: ProductCode;
  capacity: number;
  reserved: number;
  walkIns: number;
  administered: number;
}

/**
 * Opens a site's day if it is not open: the day row and one counter per product, its capacity the
 * site's (`capacity`, by product; a product not given: 0). Idempotent, safe under concurrency.
 *
 * @example await ensureSiteDay(tx, siteId, '2021-04-27', { sinopharm: 800 })
 */
export async function ensureSiteDay(
  sql: Sql,
  siteId: bigint,
  day: string,
  capacity: Partial<Record<ProductCode, number>>,
): Promise<void> {
  await sql.query(
    `INSERT INTO vaccination_site_day (site_id, day) VALUES ($1, $2) ON CONFLICT (site_id, day) DO NOTHING`,
    [siteId, day],
  );
  await sql.query(
    `INSERT INTO vaccination_site_day_product (site_id, day, product, capacity)
     SELECT $1, $2, p.code, COALESCE(($3::jsonb ->> p.code)::integer, 0) FROM vaccination_product p
     ON CONFLICT (site_id, day, product) DO NOTHING`,
    [siteId, day, JSON.stringify(capacity)],
  );
}

/**
 * Whether the day is closed; holds a share lock on the day until the transaction ends, so the day
 * cannot close under a booking or a dose (closing takes the row's update lock).
 *
 * @example if (await siteDayClosed(tx, siteId, day)) return fail(…)
 */
export async function siteDayClosed(sql: Sql, siteId: bigint, day: string): Promise<boolean> {
  const [row] = await sql.query<{ closed: boolean }>(
    `SELECT closed_at IS NOT NULL AS closed FROM vaccination_site_day WHERE site_id = $1 AND day = $2 FOR SHARE`,
    [siteId, day],
  );
  return row?.closed ?? false;
}

/**
 * Takes one place of a product on a site's day, for a booking (`reserved`) or a walk-in
 * (`walk_ins`); false when every place is taken.
 *
 * @example await takePlace(tx, siteId, '2021-04-27', 'sinopharm', 'reserved') // true
 */
export async function takePlace(
  sql: Sql,
  siteId: bigint,
  day: string,
  product: ProductCode,
  counter: 'reserved' | 'walk_ins',
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE vaccination_site_day_product SET ${counter} = ${counter} + 1
     WHERE site_id = $1 AND day = $2 AND product = $3 AND reserved + walk_ins < capacity RETURNING 1`,
    [siteId, day, product],
  );
  return rows.length === 1;
}

/**
 * Gives back places a booking or a walk-in held (cancelled, a no-show, left the queue).
 *
 * @example await releasePlaces(tx, siteId, '2021-04-27', 'sinopharm', 'reserved', 1)
 */
export async function releasePlaces(
  sql: Sql,
  siteId: bigint,
  day: string,
  product: ProductCode,
  counter: 'reserved' | 'walk_ins',
  places: number,
): Promise<void> {
  await sql.query(
    `UPDATE vaccination_site_day_product SET ${counter} = ${counter} - $4
     WHERE site_id = $1 AND day = $2 AND product = $3`,
    [siteId, day, product, places],
  );
}

/**
 * Counts a dose given on the site's day.
 *
 * @example await countAdministered(tx, siteId, '2021-04-27', 'sinopharm')
 */
export async function countAdministered(
  sql: Sql,
  siteId: bigint,
  day: string,
  product: ProductCode,
): Promise<void> {
  await sql.query(
    `UPDATE vaccination_site_day_product SET administered = administered + 1
     WHERE site_id = $1 AND day = $2 AND product = $3`,
    [siteId, day, product],
  );
}

/**
 * The day's counters, products with a capacity or a count only.
 *
 * @example await siteDayCounts(db, siteId, '2021-04-27') // [{ product: 'sinopharm', capacity: 800, reserved: 50, walkIns: 700, administered: 712 }]
 */
export async function siteDayCounts(sql: Sql, siteId: bigint, day: string): Promise<SiteDayCounts[]> {
  const rows = await sql.query<{
    product: ProductCode;
    capacity: number;
    reserved: number;
    walk_ins: number;
    administered: number;
  }>(
    `SELECT product, capacity, reserved, walk_ins, administered FROM vaccination_site_day_product
     WHERE site_id = $1 AND day = $2 AND (capacity > 0 OR reserved > 0 OR walk_ins > 0 OR administered > 0)
     ORDER BY product`,
    [siteId, day],
  );
  return rows.map((r) => ({
    product: r.product,
    capacity: r.capacity,
    reserved: r.reserved,
    walkIns: r.walk_ins,
    administered: r.administered,
  }));
}

/**
 * Locks the day for its closing and says whether it was closed already (and when, by whom).
 *
 * @example const day = await lockSiteDayForClosing(tx, siteId, '2021-04-27')
 */
export async function lockSiteDayForClosing(
  sql: Sql,
  siteId: bigint,
  day: string,
): Promise<{ closedAt: Date | null; closedBy: string | null }> {
  const [row] = await sql.query<{ closed_at: Date | null; closed_by: string | null }>(
    `SELECT closed_at, closed_by FROM vaccination_site_day WHERE site_id = $1 AND day = $2 FOR UPDATE`,
    [siteId, day],
  );
  return { closedAt: row?.closed_at ?? null, closedBy: row?.closed_by ?? null };
}

/**
 * Marks the day closed.
 *
 * @example await markSiteDayClosed(tx, siteId, '2021-04-27', now, 'account:ana')
 */
export async function markSiteDayClosed(
  sql: Sql,
  siteId: bigint,
  day: string,
  at: Date,
  by: string,
): Promise<void> {
  await sql.query(
    `UPDATE vaccination_site_day SET closed_at = $3, closed_by = $4 WHERE site_id = $1 AND day = $2`,
    [siteId, day, at, by],
  );
}

/**
 * Hands out the next ticket of the day's walk-in queue (the day row's lock orders the arrivals);
 * null when the day is closed.
 *
 * @example await takeTicket(tx, siteId, '2021-04-27') // 1
 */
export async function takeTicket(sql: Sql, siteId: bigint, day: string): Promise<number | null> {
  const [row] = await sql.query<{ ticket: number }>(
    `UPDATE vaccination_site_day SET next_ticket = next_ticket + 1
     WHERE site_id = $1 AND day = $2 AND closed_at IS NULL
     RETURNING next_ticket - 1 AS ticket`,
    [siteId, day],
  );
  return row?.ticket ?? null;
}

/** A site's day's counter of a product, as locked for a batch. */
export interface LockedSiteDayCount extends Omit<SiteDayCounts, 'administered'> {
  day: string;
  closed: boolean;
}

/**
 * Opens the site's days that are not open (ensureSiteDay's, for several days in two statements),
 * then locks their counters for update and the days for share, to the commit: a batch decides
 * its places from the rows it holds and writes them with one statement (addPlaces).
 *
 * @example const rows = await lockSiteDays(tx, siteId, ['2021-06-01', '2021-06-22'], { sinopharm: 800 })
 */
export async function lockSiteDays(
  sql: Sql,
  siteId: bigint,
  days: readonly string[],
  capacity: Partial<Record<ProductCode, number>>,
): Promise<LockedSiteDayCount[]> {
  if (days.length === 0) return [];
  const sorted = [...new Set(days)].sort();
  await sql.query(
    `INSERT INTO vaccination_site_day (site_id, day) SELECT $1, d FROM unnest($2::date[]) d
     ON CONFLICT (site_id, day) DO NOTHING`,
    [siteId, sorted],
  );
  await sql.query(
    `INSERT INTO vaccination_site_day_product (site_id, day, product, capacity)
     SELECT $1, d, p.code, COALESCE(($3::jsonb ->> p.code)::integer, 0)
     FROM unnest($2::date[]) d CROSS JOIN vaccination_product p
     ON CONFLICT (site_id, day, product) DO NOTHING`,
    [siteId, sorted, JSON.stringify(capacity)],
  );
  const rows = await sql.query<Omit<SiteDayCounterRow, 'site_id'>>(
    `SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.product, c.capacity, c.reserved, c.walk_ins,
       d.closed_at IS NOT NULL AS closed
     FROM vaccination_site_day d JOIN vaccination_site_day_product c ON c.site_id = d.site_id AND c.day = d.day
     WHERE d.site_id = $1 AND d.day = ANY($2::date[])
     ORDER BY c.day, c.product
     FOR NO KEY UPDATE OF c FOR SHARE OF d`,
    [siteId, sorted],
  );
  return rows.map((r) => ({
    day: r.day,
    product: r.product,
    capacity: r.capacity,
    reserved: r.reserved,
    walkIns: r.walk_ins,
    closed: r.closed,
  }));
}

/**
 * Adds places to counters in one statement (`reserved` or `walk_ins`, or `administered` doses),
 * never past the capacity for places; returns how many counters moved (the caller holds their
 * locks, so all of them).
 *
 * @example await addToCounters(tx, 'reserved', [{ siteId, day: '2021-06-01', product: 'sinopharm', n: 17 }])
 */
export async function addToCounters(
  sql: Sql,
  counter: CounterName,
  rows: readonly CounterMove[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const { cte, params } = countersCte(counter, rows, 1);
  const [moved] = await sql.query<{ n: number }>(
    `WITH ${cte} SELECT count(*)::int AS n FROM counted`,
    params,
  );
  return moved!.n;
}

/** A counter of a site's day moved by a batch. */
export type CounterName = 'reserved' | 'walk_ins' | 'administered';

/** What a batch adds to one counter of a site's day. */
export interface CounterMove {
  siteId: bigint;
  day: string;
  product: ProductCode;
  n: number;
}

/**
 * addToCounters' UPDATE as the CTE `counted` (one row per counter moved) of another statement, so
 * a batch moves its counters in the statement that writes its rows (one round trip less); its
 * parameters are numbered from `$<from>`.
 *
 * @example const { cte, params } = countersCte('administered', moves, 13); // `WITH ${cte} INSERT …`
 */
export function countersCte(
  counter: CounterName,
  rows: readonly CounterMove[],
  from: number,
): { cte: string; params: unknown[] } {
  const bound = counter === 'administered' ? '' : 'AND c.reserved + c.walk_ins + v.n <= c.capacity';
  const [a, b, c, d] = [from, from + 1, from + 2, from + 3];
  return {
    cte: `counted AS (
       UPDATE vaccination_site_day_product c SET ${counter} = c.${counter} + v.n
       FROM unnest($${a}::bigint[], $${b}::date[], $${c}::text[], $${d}::integer[]) AS v(site_id, day, product, n)
       WHERE c.site_id = v.site_id AND c.day = v.day AND c.product = v.product ${bound}
       RETURNING 1)`,
    params: [
      rows.map((r) => String(r.siteId)),
      rows.map((r) => r.day),
      rows.map((r) => r.product),
      rows.map((r) => r.n),
    ],
  };
}

/** A lot's line of a day's closing: given, opened (whole vials), wasted. */
export interface DayLotRow {
  lotId: bigint;
  product: ProductCode;
  given: number;
  vialsOpened: number;
  dosesOpened: number;
  wasted: number;
  counted: boolean;
}

/**
 * Writes the closing's lines per lot (migration 0054), once.
 *
 * @example await insertDayLots(tx, siteId, '2021-04-27', [{ lotId: 3n, product: 'sinopharm', given: 412, … }])
 */
export async function insertDayLots(
  tx: Sql,
  siteId: bigint,
  day: string,
  rows: readonly DayLotRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO vaccination_site_day_lot (site_id, day, lot_id, product, given, vials_opened, doses_opened, wasted, counted)
     SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::integer[], $6::integer[], $7::integer[], $8::integer[],
       $9::boolean[])`,
    [
      siteId,
      day,
      rows.map((r) => String(r.lotId)),
      rows.map((r) => r.product),
      rows.map((r) => r.given),
      rows.map((r) => r.vialsOpened),
      rows.map((r) => r.dosesOpened),
      rows.map((r) => r.wasted),
      rows.map((r) => r.counted),
    ],
  );
}

/**
 * A closed day's lines per lot, by lot (none before the closing).
 *
 * @example await selectDayLots(db, siteId, '2021-04-27') // [{ lotId: 3n, given: 412, dosesOpened: 420, wasted: 8, … }]
 */
export async function selectDayLots(sql: Sql, siteId: bigint, day: string): Promise<DayLotRow[]> {
  const rows = await sql.query<{
    lot_id: bigint;
    product: ProductCode;
    given: number;
    vials_opened: number;
    doses_opened: number;
    wasted: number;
    counted: boolean;
  }>(
    `SELECT lot_id, product, given, vials_opened, doses_opened, wasted, counted FROM vaccination_site_day_lot
     WHERE site_id = $1 AND day = $2 ORDER BY lot_id`,
    [siteId, day],
  );
  return rows.map((r) => ({
    lotId: r.lot_id,
    product: r.product,
    given: r.given,
    vialsOpened: r.vials_opened,
    dosesOpened: r.doses_opened,
    wasted: r.wasted,
    counted: r.counted,
  }));
}

/** A site's days a batch locks, and the site's capacity by product for the days it opens. */
export interface SiteDaysWanted {
  siteId: bigint;
  days: readonly string[];
  capacity: Partial<Record<ProductCode, number>>;
}

/**
 * lockSiteDays for several sites in one statement when their days are open (a batch's usual
 * case): the counters locked for update and the days for share in (site, day, product) order. The
 * days not open yet (or missing a product's counter) are then opened and locked by lockSiteDays.
 * Keyed `<site id>:<day>:<product>`.
 *
 * @example const counters = await lockSiteDaysOf(tx, [{ siteId, days: ['2021-06-01'], capacity: { sinopharm: 800 } }], 7)
 */
export async function lockSiteDaysOf(
  sql: Sql,
  wanted: readonly SiteDaysWanted[],
  products: number,
): Promise<Map<string, LockedSiteDayCount & { siteId: bigint }>> {
  return (await lockSiteDaysDrawingIds(sql, wanted, products, 0)).counters;
}

/**
 * lockSiteDaysOf, and `ids` appointment ids drawn from the table's sequence in the same statement
 * (nextAppointmentIds' without its own round trip; none when no day was open yet). A batch of
 * bookings draws as many as it may write and leaves the ids of those refused unused: the sequence
 * has gaps anyway. The same statement reads the balances of the stock accounts `balancesOf` (the
 * lots its bookings may reserve: Lookups.primeBalances), which a statement of their own read after
 * it (1.3 a batch on bench/vaccination-bookings.bench.ts).
 *
 * @example const { counters, ids } = await lockSiteDaysDrawingIds(tx, [{ siteId, days: ['2021-06-01'], capacity }], 7, 40)
 */
export async function lockSiteDaysDrawingIds(
  sql: Sql,
  wanted: readonly SiteDaysWanted[],
  products: number,
  ids: number,
  balancesOf: readonly bigint[] = [],
): Promise<{
  counters: Map<string, LockedSiteDayCount & { siteId: bigint }>;
  ids: bigint[];
  balances: Map<bigint, bigint>;
}> {
  const { sites, days } = siteDayPairs(wanted);
  if (sites.length === 0) return { counters: new Map(), ids: [], balances: new Map() };
  const rows = await sql.query<
    SiteDayCounterRow & { ids: (bigint | string)[] | null; balances: string[] | null }
  >(
    // The ids and the balances are init plans: read once (not at all when no row is found),
    // repeated on each row. A balance is what the ledger's account allows out, read by the
    // ledger's own subquery (availableBalancesSql), as batch-lookups.ts reads it with getAccounts.
    `SELECT c.*, (SELECT array_agg(nextval(pg_get_serial_sequence('vaccination_appointment', 'id')))
         FROM generate_series(1, $3::int)) AS ids,
       (${availableBalancesSql('$4')}) AS balances
     FROM (${lockedCountersSql('$1', '$2')}) c`,
    [sites, days, ids, balancesOf.map(String)],
  );
  const drawn = (rows[0]?.ids ?? []).map((id) => BigInt(id));
  const balances = new Map<bigint, bigint>();
  for (const b of rows[0]?.balances ?? []) {
    const [id, available] = b.split(':');
    balances.set(BigInt(id!), BigInt(available!));
  }
  return { counters: await siteDaysLocked(sql, wanted, products, rows), ids: drawn, balances };
}

/** A counter's row as lockedCountersSql reads it. */
export interface SiteDayCounterRow {
  site_id: bigint;
  day: string;
  product: ProductCode;
  capacity: number;
  reserved: number;
  walk_ins: number;
  closed: boolean;
}

/** The sites' days a batch locks, from its days by site (each site's capacity for the days it opens). */
export function siteDaysWanted(
  bySite: ReadonlyMap<bigint, { site: Site; days: ReadonlySet<string> }>,
): SiteDaysWanted[] {
  return [...bySite.values()].map(({ site, days }) => ({
    siteId: site.id,
    days: [...days],
    capacity: site.capacity,
  }));
}

/** The (site, day) pairs wanted, as the two arrays lockedCountersSql's parameters take. */
export function siteDayPairs(wanted: readonly SiteDaysWanted[]): { sites: string[]; days: string[] } {
  const sites: string[] = [];
  const days: string[] = [];
  for (const w of wanted)
    for (const day of new Set(w.days)) {
      sites.push(String(w.siteId));
      days.push(day);
    }
  return { sites, days };
}

/**
 * The statement (or CTE) that locks the open days of the pairs in parameters `sites` and `days`
 * (siteDayPairs): the counters for update and the days for share, in (site, day, product) order.
 */
export function lockedCountersSql(sites: string, days: string): string {
  return `SELECT c.site_id, to_char(c.day, 'YYYY-MM-DD') AS day, c.product, c.capacity, c.reserved, c.walk_ins,
       d.closed_at IS NOT NULL AS closed
     FROM vaccination_site_day d JOIN vaccination_site_day_product c ON c.site_id = d.site_id AND c.day = d.day
     WHERE (d.site_id, d.day) IN (SELECT * FROM unnest(${sites}::bigint[], ${days}::date[]))
     ORDER BY c.site_id, c.day, c.product
     FOR NO KEY UPDATE OF c FOR SHARE OF d`;
}

/**
 * The counters of the days wanted from the rows lockedCountersSql locked, the days not open yet
 * (or missing a product's counter) opened and locked by lockSiteDays. Keyed
 * `<site id>:<day>:<product>`; rows of days not wanted are left out.
 */
export async function siteDaysLocked(
  sql: Sql,
  wanted: readonly SiteDaysWanted[],
  products: number,
  rows: readonly SiteDayCounterRow[],
): Promise<Map<string, LockedSiteDayCount & { siteId: bigint }>> {
  const out = new Map<string, LockedSiteDayCount & { siteId: bigint }>();
  const asked = new Set(wanted.flatMap((w) => w.days.map((day) => `${w.siteId}:${day}`)));
  const found = new Map<string, number>();
  for (const r of rows) {
    const pair = `${r.site_id}:${r.day}`;
    if (!asked.has(pair)) continue;
    found.set(pair, (found.get(pair) ?? 0) + 1);
    out.set(`${pair}:${r.product}`, {
      siteId: BigInt(r.site_id),
      day: r.day,
      product: r.product,
      capacity: r.capacity,
      reserved: r.reserved,
      walkIns: r.walk_ins,
      closed: r.closed,
    });
  }
  for (const w of [...wanted].sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0))) {
    const missing = [...new Set(w.days)].filter((day) => (found.get(`${w.siteId}:${day}`) ?? 0) < products);
    for (const c of await lockSiteDays(sql, w.siteId, missing, w.capacity))
      out.set(`${w.siteId}:${c.day}:${c.product}`, { ...c, siteId: w.siteId });
  }
  return out;
}
