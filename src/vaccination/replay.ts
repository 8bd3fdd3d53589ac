import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { getAccountsByCode, verifyLedger } from '../ledger/index.ts';
import { DEPARTMENTS, MUNICIPALITIES, residentPopulation } from '../registry/index.ts';
import { bind, sqlOfVariable, vaccination } from '../rules/index.ts';
import { assert } from '../shared/assert.ts';
import { addDays, type IsoDate, parseIsoDate, startOfBolivianDay, toEpochDay } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { dosesBy } from './coverage.repository.ts';
import { type DatedDelivery, DELIVERIES_2021, readDeliveries, registerDeliveryLot } from './delivery.ts';
import { boosterRule, secondDoseRules, singleDoseProducts } from './dose-schedule.ts';
import { listProducts } from './product.repository.ts';
import { type MilestoneMeasure, published2021, replayModel } from './replay.parameters.ts';
import {
  type FirstDoseEligibility,
  insertBoosters,
  insertFirstDoses,
  insertReplayDay,
  insertSecondDoses,
  outstandingSecondDoses,
  type ReplayDay,
  readyReplayDay,
  rebuildReplayQueues,
  replayDosesBySite,
  type SiteCapacity,
  type SiteLot,
  type StageContext,
  type StageDoses,
  selectReplayDays,
} from './replay.repository.ts';
import { createSite, getSite } from './site.ts';
import { ensureStockLocations, sinkAccountCode } from './stock-accounts.ts';
import { stockAt } from './stock-balance.ts';
import { moveStock } from './stock-movement.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import {
  NATIONAL_WAREHOUSE,
  type Product,
  type ProductCode,
  type StockLine,
  sedesCode,
  siteLocationCode,
} from './vaccination.types.ts';

/**
 * The replay of 2021 (issue #18 §10): the campaign played day by day on the registry's (synthetic)
 * country with the real deliveries (deliveries/2021.yaml), the cohorts, schedules and booster of
 * the rules bound on each day, and a daily capacity model (parameters/replay.yaml); then its curve
 * beside every published milestone (parameters/milestones-2021.yaml) and the stock verified on the
 * ledger.
 *
 * Why set-based and not `recordDose` per person: the seeded country needs hundreds of thousands of
 * doses and the real one about ten million; a dose through the nominal registry's function is a
 * transaction with its audit entry and its own ledger transfer (a few milliseconds each), hours for
 * a year. The replay writes a day's doses of every site in one INSERT … SELECT per stage
 * (replay.repository.ts) that enforces the same rules: first doses only to persons the rules'
 * `vaccination_may_attend_on_date` admits on that day (compiled to SQL by the rules), second doses
 * from the rules' interval and latest day with the series' second product, boosters by the rules'
 * booster in force; each from a lot in stock at the site and not expired, never more than a lot
 * holds (FEFO running totals), one dose per person and dose number (the table's key). The stock
 * moves on the DOSE ledger as one transfer per site, lot and day, whose id every dose of it
 * records. A day reads only the persons it serves: the persons without a first dose, awaiting a
 * second and awaiting a booster are three queues (migration 0044) kept in the order they are
 * served, rebuilt from the nominal registry when a replay starts, and moved along by the statements
 * that write the doses; ranking the whole country every day grew with the doses given (674 s for
 * 1 M persons, hours for the 11.7 M country). What it does not do is what only a person at a desk does: a walk-in queue, audit
 * entries per dose (one per day instead).
 *
 * Deliveries are scaled to the country: a registry of N residents receives N / 11.8 M of each
 * delivery, and capacity likewise, so stock binds as it did; the counts are scaled back to compare.
 * Each day is one transaction that records the day in `vaccination_replay_day`: a re-run skips the
 * days played and continues. The replay is the only writer of its sites while it runs (it moves
 * stock several times in a day's transaction; another writer would only make it retry).
 */

/** Doses of each kind on a day or up to a day. */
export type { ReplayDay } from './replay.repository.ts';

/** One published milestone beside the replay. */
export interface MilestoneComparison {
  on: IsoDate;
  measure: MilestoneMeasure;
  published: number;
  /** The replay's count up to that day, scaled to the national population; null past the replay. */
  replayed: number | null;
  /** (replayed − published) / published; null past the replay. */
  relativeDifference: number | null;
  approximate: boolean;
  source: string;
}

/** A department's share of the first doses, published (30 Jun 2022) and replayed. */
export interface DepartmentShare {
  department: number;
  name: string;
  publishedShare: number;
  replayedShare: number | null;
}

/** What a replay did and found. */
export interface ReplayReport {
  from: IsoDate;
  to: IsoDate;
  /** Days played by this call; days played before were skipped. */
  playedNow: number;
  skipped: number;
  /** Every day played so far (this call and earlier ones), in order. */
  days: ReplayDay[];
  registryResidents: bigint;
  nationalPopulation: number;
  curve: MilestoneComparison[];
  departments: DepartmentShare[];
  firstDosesOn: IsoDate;
  /** The ledger verified whole, and each replay site's doses given equal to its doses recorded. */
  ledgerOk: boolean;
  ledgerProblems: string[];
  elapsedMs: number;
}

/** The replay's site of a department. @example replaySiteCode(2) // 'replay-2' */
export function replaySiteCode(department: number): string {
  return `replay-${department}`;
}

const CAMPAIGN_START: IsoDate = '2021-01-29';

/**
 * Plays the campaign from `from` to `to` (days already played are skipped), then compares and
 * verifies. `now` stamps what is recorded (the replay never reads the clock).
 *
 * @example const r = await replay2021(db, { from: '2021-01-29', to: '2021-12-31', actor: 'account:ana', now: () => new Date() });
 */
export async function replay2021(
  db: Database,
  options: {
    from: IsoDate;
    to: IsoDate;
    actor: Actor;
    now: () => Date;
    deliveries?: string;
    progress?: (day: ReplayDay) => void;
  },
): Promise<Result<ReplayReport, VaccinationFailure>> {
  const started = performance.now();
  if (parseIsoDate(options.from) !== options.from || options.from < CAMPAIGN_START)
    return fail({ code: 'vaccination_input_invalid', field: 'from', problem: 'range' });
  if (parseIsoDate(options.to) !== options.to || options.to < options.from)
    return fail({ code: 'vaccination_input_invalid', field: 'to', problem: 'range' });

  const at = options.now();
  await ensureStockLocations(db, at);
  const population = await residentPopulation(db, startOfBolivianDay(options.from));
  const residents = [...population.byDepartment.values()].reduce((s, n) => s + n, 0n);
  const national = replayModel(options.from).nationalPopulation;
  const sites = await replaySites(db, options.actor, at);
  if (!sites.ok) return sites;

  const deliveries = await readDeliveries(options.deliveries ?? DELIVERIES_2021);
  const lots = await deliveryLots(db, deliveries, options.actor, at);
  if (!lots.ok) return lots;
  const products = await listProducts(db);
  const played = new Set((await selectReplayDays(db)).map((d) => d.day));

  const setting: Setting = {
    products,
    sites: sites.value,
    lots: lots.value,
    deliveries,
    population: population.byDepartment,
    residents,
    national,
    actor: options.actor,
    now: options.now,
    received: new Set(),
    receivedToday: [],
  };
  let playedNow = 0;
  let skipped = 0;
  let toPlay = false;
  for (let day = options.from; day <= options.to && !toPlay; day = addDays(day, 1)) toPlay = !played.has(day);
  // The queues each day reads, agreeing with the nominal registry as it stands (replay.repository.ts).
  // Who never comes on any day to play is not queued (the highest uptake of those days).
  let uptakeAtMost = 0;
  for (let day = options.from; day <= options.to; day = addDays(day, 1))
    uptakeAtMost = Math.max(uptakeAtMost, replayModel(day).uptakePerThousand);
  if (toPlay) await db.transaction((tx) => rebuildReplayQueues(tx, uptakeAtMost));
  for (let day = options.from; day <= options.to; day = addDays(day, 1)) {
    if (played.has(day)) {
      skipped++;
      continue;
    }
    try {
      setting.receivedToday = [];
      const done = await db.transaction((tx) => playDay(tx, setting, day));
      for (const id of setting.receivedToday) setting.received.add(id);
      playedNow++;
      options.progress?.(done);
    } catch (error) {
      if (!(error instanceof ReplayDayTaken)) throw error;
      skipped++;
    }
  }

  const days = await selectReplayDays(db);
  const verification = await verifyReplay(db, sites.value);
  const comparison = await compare(db, days, options.to, residents, national);
  return ok({
    from: options.from,
    to: options.to,
    playedNow,
    skipped,
    days,
    registryResidents: residents,
    nationalPopulation: national,
    ...comparison,
    ledgerOk: verification.length === 0,
    ledgerProblems: verification,
    elapsedMs: performance.now() - started,
  });
}

/** What every day of a replay shares. */
interface Setting {
  products: Product[];
  /** The replay's site of each department: id and location code. */
  sites: Map<number, { id: bigint; location: string }>;
  /** The lot of each delivery. */
  lots: Map<string, bigint>;
  deliveries: DatedDelivery[];
  population: Map<number, bigint>;
  residents: bigint;
  national: number;
  actor: Actor;
  now: () => Date;
  /**
   * Deliveries received in this run's committed days (a run's first day receives every earlier one
   * again, which moves nothing twice), and those of the day being played.
   */
  received: Set<string>;
  receivedToday: string[];
}

/** One site per department, in its first municipality by INE code, walk-in, created once. */
async function replaySites(
  db: Database,
  actor: Actor,
  at: Date,
): Promise<Result<Map<number, { id: bigint; location: string }>, VaccinationFailure>> {
  const out = new Map<number, { id: bigint; location: string }>();
  for (const d of DEPARTMENTS) {
    const code = replaySiteCode(d.code);
    let site = await getSite(db, code);
    if (!site.ok) {
      const municipality = MUNICIPALITIES.filter((m) => m.departmentCode === d.code)
        .map((m) => m.code)
        .sort()[0];
      assert(municipality !== undefined, `department ${d.code} has no municipality`);
      site = await createSite(
        db,
        { code, name: `Replay 2021 — ${d.name}`, municipalityCode: municipality, access: 'walk_in' },
        actor,
        at,
      );
      if (!site.ok) return site;
    }
    out.set(d.code, { id: site.value.id, location: siteLocationCode(code) });
  }
  return ok(out);
}

/** Registers the lot of every delivery (idempotent: the same lot as `receive --deliveries`). */
async function deliveryLots(
  db: Database,
  deliveries: readonly DatedDelivery[],
  actor: Actor,
  at: Date,
): Promise<Result<Map<string, bigint>, VaccinationFailure>> {
  const manufacturers = new Map((await listProducts(db)).map((p) => [p.code, p.manufacturer]));
  const out = new Map<string, bigint>();
  for (const d of deliveries) {
    const lot = await registerDeliveryLot(db, d, manufacturers, actor, at);
    if (!lot.ok) return lot;
    out.set(d.id, lot.value.lot.id);
  }
  return ok(out);
}

/** A movement the replay computed from the stock it read: a refusal is a bug of the replay. */
async function move(tx: Sql, input: Parameters<typeof moveStock>[1]): Promise<void> {
  const r = await moveStock(tx, input);
  if (!r.ok) throw new Error(`replay movement ${input.id} refused: ${JSON.stringify(r.error, bigints)}`);
}

const bigints = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/** Splits `total` by weights, largest remainders first; the parts add up to `total`. */
function split(total: bigint, weights: readonly { key: number; weight: bigint }[]): Map<number, bigint> {
  const sum = weights.reduce((s, w) => s + w.weight, 0n);
  const out = new Map<number, bigint>();
  if (sum === 0n) return out;
  let given = 0n;
  const rest: { key: number; remainder: bigint }[] = [];
  for (const w of weights) {
    const share = (total * w.weight) / sum;
    out.set(w.key, share);
    given += share;
    rest.push({ key: w.key, remainder: (total * w.weight) % sum });
  }
  rest.sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.key - b.key));
  for (let i = 0; given < total; i++, given++) {
    const k = rest[i % rest.length]!.key;
    out.set(k, out.get(k)! + 1n);
  }
  return out;
}

/**
 * Plays one day in the caller's transaction: receipts, expired lots written off, stock sent on to
 * the sites, then second doses, boosters and first doses, the stock moved, the day recorded. Throws
 * ReplayDayTaken when another run recorded the day first, so that the transaction rolls back.
 */
async function playDay(tx: Sql, s: Setting, day: IsoDate): Promise<ReplayDay> {
  await readyReplayDay(tx);
  const occurredAt = new Date(startOfBolivianDay(day).getTime() + 12 * 3_600_000);
  // Receipts up to the day (a retry of one recorded before moves nothing).
  for (const d of s.deliveries) {
    if (d.receivedOn > day || s.received.has(d.id)) continue;
    s.receivedToday.push(d.id);
    const doses = (d.doses * s.residents) / BigInt(s.national);
    if (doses === 0n) continue;
    await move(tx, {
      id: `replay-receipt:${d.id}`,
      kind: 'receipt',
      lotId: s.lots.get(d.id)!,
      doses,
      on: d.receivedOn,
      occurredAt: new Date(startOfBolivianDay(d.receivedOn).getTime() + 9 * 3_600_000),
    });
  }
  let stock = await stockLines(tx);
  for (const l of stock) {
    if (l.lot.expiresOn >= day || l.availableDoses <= 0n) continue;
    await move(tx, {
      id: `replay-expired:${l.location}:${l.lot.id}`,
      kind: 'expired',
      lotId: l.lot.id,
      doses: l.availableDoses,
      from: l.location,
      on: day,
      occurredAt,
    });
  }
  // The warehouse sends each lot to the SEDES by residents, each SEDES all it holds to its site.
  const weights = DEPARTMENTS.map((d) => ({ key: d.code, weight: s.population.get(d.code) ?? 0n }));
  for (const l of stock.filter((x) => x.location === NATIONAL_WAREHOUSE && x.lot.expiresOn >= day)) {
    for (const [department, doses] of split(l.availableDoses, weights)) {
      if (doses === 0n) continue;
      await move(tx, {
        id: `replay-send:${day}:${l.lot.id}:${department}`,
        kind: 'transfer',
        lotId: l.lot.id,
        doses,
        from: NATIONAL_WAREHOUSE,
        to: sedesCode(department),
        on: day,
        occurredAt,
      });
    }
  }
  stock = await stockLines(tx);
  for (const [department, site] of s.sites) {
    for (const l of stock.filter((x) => x.location === sedesCode(department) && x.lot.expiresOn >= day)) {
      await move(tx, {
        id: `replay-send:${day}:${l.lot.id}:${site.location}`,
        kind: 'transfer',
        lotId: l.lot.id,
        doses: l.availableDoses,
        from: sedesCode(department),
        to: site.location,
        on: day,
        occurredAt,
      });
    }
  }

  const counts: ReplayDay = { day, first: 0, second: 0, single: 0, booster: 0 };
  const model = replayModel(day);
  if (model.openWeekdays.includes(isoWeekday(day)) && model.dosesPerDay > 0) {
    stock = await stockLines(tx);
    await administer(tx, s, day, stock, counts, occurredAt);
  }
  if (!(await insertReplayDay(tx, counts, s.now()))) {
    // Another replay played this day first: undo this one's work on it.
    throw new ReplayDayTaken(day);
  }
  await appendAudit(tx, {
    at: s.now(),
    actor: s.actor,
    action: 'vaccination_replay.day_played',
    entityType: 'vaccination_replay_day',
    entityId: day,
    after: counts,
  });
  return counts;
}

/**
 * A day recorded by another replay while this one played it: thrown to roll the day's transaction
 * back, and caught by the day loop's caller (private to this module).
 */
class ReplayDayTaken extends Error {
  constructor(readonly day: IsoDate) {
    super(`replay day ${day} was played by another run`);
  }
}

async function stockLines(tx: Sql): Promise<StockLine[]> {
  const r = await stockAt(tx);
  assert(r.ok, 'the stock of every location is readable');
  return r.value;
}

/** ISO weekday, 1 Monday … 7 Sunday (1970-01-01, epoch day 0, was a Thursday). @example isoWeekday('2021-04-27') // 2 */
function isoWeekday(day: IsoDate): number {
  return ((((toEpochDay(day) + 3) % 7) + 7) % 7) + 1;
}

/** The three stages of a day's doses at every replay site, and the stock they take. */
async function administer(
  tx: Sql,
  s: Setting,
  day: IsoDate,
  stock: readonly StockLine[],
  counts: ReplayDay,
  occurredAt: Date,
): Promise<void> {
  const model = replayModel(day);
  const singles = new Set(singleDoseProducts(s.products, day));
  const secondOnly = new Set(s.products.filter((p) => p.component === 2).map((p) => p.code));
  const capacity: SiteCapacity[] = [];
  const lots: SiteLot[] = [];
  for (const [department, site] of s.sites) {
    capacity.push({
      siteId: site.id,
      department,
      capacity: Number(
        (BigInt(model.dosesPerDay) * (s.population.get(department) ?? 0n)) / BigInt(s.national),
      ),
    });
    for (const l of stock)
      if (l.location === site.location && l.lot.expiresOn >= day && l.availableDoses > 0n)
        lots.push({
          siteId: site.id,
          lotId: l.lot.id,
          product: l.lot.product,
          expiresOn: l.lot.expiresOn,
          available: Number(l.availableDoses),
          kind: singles.has(l.lot.product) ? 'single' : 'first',
        });
  }
  const context = (keep: (p: ProductCode) => boolean): StageContext => ({
    day,
    capacity: capacity.filter((c) => c.capacity > 0),
    lots: lots.filter((l) => l.available > 0 && keep(l.product)),
    transferPrefix: `vaccination:replay:${day}:`,
    recordedBy: s.actor,
    recordedAt: occurredAt,
  });
  const taken = new Map<string, StageDoses>();
  const take = (rows: StageDoses[]): number => {
    let n = 0;
    for (const r of rows) {
      const c = capacity.find((x) => x.siteId === r.siteId)!;
      c.capacity -= r.doses;
      const l = lots.find((x) => x.siteId === r.siteId && x.lotId === r.lotId)!;
      l.available -= r.doses;
      assert(c.capacity >= 0 && l.available >= 0, 'a stage took more than the site or lot had');
      const key = `${r.siteId}:${r.lotId}`;
      const t = taken.get(key) ?? { siteId: r.siteId, lotId: r.lotId, doses: 0 };
      t.doses += r.doses;
      taken.set(key, t);
      n += r.doses;
    }
    return n;
  };
  const marks = {
    healthWorkersPerThousand: model.healthWorkersPerThousand,
    comorbidityPerThousand: model.comorbidityPerThousand,
    uptakePerThousand: model.uptakePerThousand,
  };

  counts.second = take(
    await insertSecondDoses(
      tx,
      context(() => true),
      secondDoseRules(s.products, day),
    ),
  );

  const booster = boosterRule(s.products, day);
  if (booster.open && model.boosterProducts.length > 0)
    counts.booster = take(
      await insertBoosters(
        tx,
        context((p) => model.boosterProducts.includes(p)),
        {
          primedProducts: booster.primedProducts,
          weeks: booster.weeksAfterSecondDose,
          generalMinimumAge: booster.generalMinimumAge,
          comorbidityMinimumAge: booster.comorbidityMinimumAge,
        },
        marks,
      ),
    );

  const firstContext = context((p) => !secondOnly.has(p));
  if (model.reserveSecondDoses) firstContext.lots = await withReserve(tx, day, s, firstContext.lots);
  const firstRows = await insertFirstDoses(tx, firstContext, firstDoseEligibility(day), marks);
  const kindOf = new Map(lots.map((l) => [l.lotId, l.kind]));
  take(firstRows);
  for (const r of firstRows) {
    if (kindOf.get(r.lotId) === 'single') counts.single += r.doses;
    else counts.first += r.doses;
  }

  for (const t of taken.values()) {
    const site = [...s.sites.values()].find((x) => x.id === t.siteId)!;
    await move(tx, {
      id: `replay:${day}:${t.siteId}:${t.lotId}`,
      kind: 'administered',
      lotId: t.lotId,
      doses: BigInt(t.doses),
      from: site.location,
      on: day,
      occurredAt,
    });
  }
}

/**
 * The lots as first doses may use them when second doses are reserved: of a product whose second
 * dose is the same product, what is left after the doses the persons already started there will
 * need, halved (each new first dose needs its second), taken from the lots that expire last (the
 * first to expire go to the second doses due soonest).
 */
async function withReserve(tx: Sql, day: IsoDate, s: Setting, lots: readonly SiteLot[]): Promise<SiteLot[]> {
  const rules = secondDoseRules(s.products, day).filter((r) => r.firstProduct === r.secondProduct);
  const needed = new Map(
    (await outstandingSecondDoses(tx, day, rules)).map((o) => [`${o.siteId}:${o.product}`, o.persons]),
  );
  const out = lots.map((l) => ({ ...l }));
  for (const rule of rules) {
    for (const site of s.sites.values()) {
      const own = out
        .filter((l) => l.siteId === site.id && l.product === rule.firstProduct)
        .sort((a, b) => b.expiresOn.localeCompare(a.expiresOn) || Number(b.lotId - a.lotId));
      const available = own.reduce((n, l) => n + l.available, 0);
      let allowed = Math.max(
        0,
        Math.floor((available - (needed.get(`${site.id}:${rule.firstProduct}`) ?? 0)) / 2),
      );
      for (const l of own) {
        const use = Math.min(l.available, allowed);
        l.available = use;
        allowed -= use;
      }
    }
  }
  return out.filter((l) => l.available > 0);
}

/** The rules' `vaccination_may_attend_on_date` on the day, compiled for the three kinds of person. */
function firstDoseEligibility(day: IsoDate): FirstDoseEligibility {
  const bound = bind(vaccination, { date: day });
  const of = (healthWorker: boolean, comorbidity: boolean) =>
    sqlOfVariable(bound, 'vaccination_may_attend_on_date', {
      assume: { is_health_worker: healthWorker, has_comorbidity: comorbidity },
    });
  return {
    healthWorker: of(true, false),
    comorbidity: of(false, true),
    other: of(false, false),
    municipalities: MUNICIPALITIES.map((m) => ({ department: m.departmentCode, municipality: m.code })),
  };
}

/**
 * The ledger verified whole, no stock line negative, and each replay site's doses given on the
 * ledger equal to the doses the replay recorded there. Problems as sentences; none: all verified.
 */
async function verifyReplay(
  db: Database,
  sites: Map<number, { id: bigint; location: string }>,
): Promise<string[]> {
  const problems: string[] = [];
  const ledger = await verifyLedger(db);
  if (!ledger.ok) problems.push(...ledger.problems.map((p) => JSON.stringify(p, bigints)));
  for (const l of await stockLines(db))
    if (l.availableDoses < 0n)
      problems.push(`${l.location}: lot ${l.lot.id} holds ${l.availableDoses} doses`);
  const recorded = await replayDosesBySite(db);
  const accounts = new Map(
    (
      await getAccountsByCode(
        db,
        [...sites.values()].map((x) => sinkAccountCode('administered', x.location)),
      )
    ).map((a) => [a.code, a]),
  );
  for (const site of sites.values()) {
    const given = accounts.get(sinkAccountCode('administered', site.location));
    const onLedger = given ? given.creditsPosted : 0n;
    const doses = recorded.get(site.id) ?? 0n;
    if (onLedger !== doses)
      problems.push(`${site.location}: ${doses} doses recorded, ${onLedger} given on the ledger`);
  }
  return problems;
}

/** The curve beside the milestones, and the departments' shares of first doses. */
async function compare(
  db: Database,
  days: readonly ReplayDay[],
  to: IsoDate,
  residents: bigint,
  national: number,
): Promise<{ curve: MilestoneComparison[]; departments: DepartmentShare[]; firstDosesOn: IsoDate }> {
  const published = published2021();
  const factor = residents === 0n ? 0 : national / Number(residents);
  const last = days.at(-1)?.day ?? to;
  const upTo = (on: IsoDate, measure: MilestoneMeasure): number => {
    let n = 0;
    for (const d of days) {
      if (d.day > on) break;
      n +=
        measure === 'total'
          ? d.first + d.second + d.single + d.booster
          : measure === 'complete'
            ? d.second + d.single
            : d[measure];
    }
    return n;
  };
  const curve = published.milestones.map((m) => {
    const reached = m.on <= last && m.on <= to;
    const replayed = reached ? Math.round(upTo(m.on, m.measure) * factor) : null;
    return {
      on: m.on,
      measure: m.measure,
      published: m.value,
      replayed,
      relativeDifference: replayed === null ? null : (replayed - m.value) / m.value,
      approximate: m.approximate,
      source: m.source,
    };
  });
  const firstDoses = await dosesBy(db, 'department', last);
  const replayTotal = [...firstDoses.values()].reduce((s, d) => s + d.first, 0n);
  const publishedTotal = [...published.firstDosesByDepartment.departments.values()].reduce(
    (s, n) => s + n,
    0,
  );
  const departments = DEPARTMENTS.map((d) => ({
    department: d.code,
    name: d.name,
    publishedShare: (published.firstDosesByDepartment.departments.get(d.code) ?? 0) / publishedTotal,
    replayedShare:
      replayTotal === 0n ? null : Number(firstDoses.get(String(d.code))?.first ?? 0n) / Number(replayTotal),
  }));
  return { curve, departments, firstDosesOn: published.firstDosesByDepartment.on };
}
