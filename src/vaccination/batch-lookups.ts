import { type AuditEntryInput, appendAudit } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import { type Account, getAccounts, getAccountsByCode } from '../ledger/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { Catalogue } from './catalogue-cache.ts';
import { productsByCode } from './eligibility.ts';
import type { StockAccountRow } from './location.repository.ts';
import { selectLocations, selectStockAccounts } from './location.repository.ts';
import { selectLots } from './lot.repository.ts';
import { selectSites } from './site.repository.ts';
import { ensureSiteDay, siteDayClosed } from './site-day.repository.ts';
import { openAccounts, type SinkKind, sinkAccountCode } from './stock-accounts.ts';
import { nextLot } from './stock-balance.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import type { Location, Lot, Product, ProductCode, Site, StockLine } from './vaccination.types.ts';

/**
 * What the bookings and the doses of one transaction look up, read once: the sites, the products,
 * the site's day (opened, and its share lock taken once: it holds to the commit), the locations,
 * the lots, the stock accounts and the administered-doses accounts, and the lot a site would use
 * next. A batch of the booking or dose desk (desk.ts) shares one across its requests; a request
 * that rolls back to its savepoint calls `forget`, since what it read or opened may be undone.
 * Audit entries may be deferred to the end of the batch (`deferAudit`): the audit chain's head is
 * the one row every transaction shares, so it is taken last and briefly. With a `catalogue`
 * (catalogue-cache.ts: the desks'), the sites, products, locations, lots, stock accounts and sink
 * accounts come from what earlier batches read while the catalogue has not changed, and the lot to
 * use next is one read of its accounts' balances.
 */
export class Lookups {
  private sites = new Map<string, Site | null>();
  private products: Map<ProductCode, Product> | undefined;
  private days = new Map<string, boolean>();
  private locations = new Map<string, Location | null>();
  private lots = new Map<bigint, Lot | null>();
  private stockAccounts = new Map<string, bigint | null>();
  private sinks = new Map<string, Account>();
  private next = new Map<string, Result<StockLine, VaccinationFailure>>();
  /** Balances read with the batch's days (primeBalances), for its first reading of the next lots. */
  private primed: Map<bigint, bigint> | undefined;
  /** Audit entries of the requests done, appended by the desk before its commit. */
  readonly audits: AuditEntryInput[] = [];

  constructor(
    readonly deferAudit = false,
    private readonly catalogue?: Catalogue,
  ) {}

  /** Drops everything read (a request rolled back to its savepoint); keeps the audit entries. */
  forget(): void {
    this.sites.clear();
    this.products = undefined;
    this.days.clear();
    this.locations.clear();
    this.lots.clear();
    this.stockAccounts.clear();
    this.sinks.clear();
    this.next.clear();
    this.primed = undefined;
  }

  async site(tx: Sql, code: string): Promise<Site | null> {
    const kept = this.catalogue?.sites.get(code);
    if (kept) return kept;
    if (!this.sites.has(code)) {
      const site = (await selectSites(tx, { codes: [code] }))[0] ?? null;
      this.sites.set(code, site);
      if (site) this.catalogue?.sites.set(code, site);
    }
    return this.sites.get(code)!;
  }

  async productsByCode(tx: Sql): Promise<Map<ProductCode, Product>> {
    if (this.catalogue) this.catalogue.products ??= await productsByCode(tx);
    this.products ??= this.catalogue?.products ?? (await productsByCode(tx));
    return this.products;
  }

  /** Opens the site's day if needed; whether it is closed (share-locked to the commit). */
  async siteDayClosed(tx: Sql, site: Site, day: IsoDate): Promise<boolean> {
    const key = `${site.id}:${day}`;
    if (!this.days.has(key)) {
      await ensureSiteDay(tx, site.id, day, site.capacity);
      this.days.set(key, await siteDayClosed(tx, site.id, day));
    }
    return this.days.get(key)!;
  }

  async location(tx: Sql, code: string): Promise<Location | null> {
    const kept = this.catalogue?.locations.get(code);
    if (kept) return kept;
    if (!this.locations.has(code)) {
      const location = (await selectLocations(tx, [code]))[0] ?? null;
      this.locations.set(code, location);
      if (location) this.catalogue?.locations.set(code, location);
    }
    return this.locations.get(code)!;
  }

  async lot(tx: Sql, id: bigint): Promise<Lot | null> {
    const kept = this.catalogue?.lots.get(id);
    if (kept) return kept;
    if (!this.lots.has(id)) {
      const lot = (await selectLots(tx, [id]))[0] ?? null;
      this.lots.set(id, lot);
      if (lot) this.catalogue?.lots.set(id, lot);
    }
    return this.lots.get(id)!;
  }

  /** The ledger account of a lot's stock at a location, or null when the lot was never there. */
  async stockAccount(tx: Sql, locationId: bigint, lotId: bigint): Promise<bigint | null> {
    if (this.catalogue)
      return (await this.stockAccountsAt(tx, locationId)).find((r) => r.lotId === lotId)?.accountId ?? null;
    const key = `${locationId}:${lotId}`;
    if (!this.stockAccounts.has(key)) {
      const [row] = await selectStockAccounts(tx, { locationIds: [locationId], lotIds: [lotId] });
      this.stockAccounts.set(key, row?.accountId ?? null);
    }
    return this.stockAccounts.get(key)!;
  }

  /**
   * The stock accounts of the locations (every lot ever held there): what a first reading of the
   * next lots at them reads the balances of. None without a catalogue (nextLot reads on its own).
   */
  async stockAccountIdsAt(tx: Sql, locationCodes: Iterable<string>): Promise<bigint[]> {
    if (!this.catalogue) return [];
    const ids: bigint[] = [];
    for (const code of new Set(locationCodes)) {
      const location = await this.location(tx, code);
      if (location) for (const r of await this.stockAccountsAt(tx, location.id)) ids.push(r.accountId);
    }
    return ids;
  }

  /**
   * Balances of stock accounts read by another statement of the batch (the booking desk's lock of
   * its days, lockSiteDaysDrawingIds): the next reading of the next lots that is not `stale` takes
   * them instead of a statement of its own, once — a later one reads the ledger as it is then.
   */
  primeBalances(balances: ReadonlyMap<bigint, bigint>): void {
    this.primed = new Map(balances);
  }

  /** The stock accounts of a location (every lot ever held there), kept in the catalogue. */
  private async stockAccountsAt(tx: Sql, locationId: bigint): Promise<StockAccountRow[]> {
    const catalogue = this.catalogue!;
    let rows = catalogue.stockAccountsAt.get(locationId);
    if (!rows) {
      rows = await selectStockAccounts(tx, { locationIds: [locationId] });
      catalogue.stockAccountsAt.set(locationId, rows);
    }
    return rows;
  }

  /** The account of a location's doses of a kind (administered, wasted…), opened if needed. */
  async sink(tx: Sql, kind: SinkKind, location: Location, at: Date): Promise<Account> {
    const code = sinkAccountCode(kind, location.code);
    const kept = this.catalogue?.sinks.get(code);
    if (kept) return kept;
    if (!this.sinks.has(code)) {
      // An account found is committed (the desks open none but these): kept for later batches.
      const [found] = this.catalogue ? await getAccountsByCode(tx, [code]) : [];
      if (found) {
        this.catalogue!.sinks.set(code, found);
        return found;
      }
      const opened = await openAccounts(tx, { stock: [], sinks: [{ kind, location }], supplied: false }, at);
      this.sinks.set(code, opened.get(code)!);
    }
    return this.sinks.get(code)!;
  }

  /** The lot a location would use next for a product on a day (FEFO); `stale` reads it again. */
  async nextLot(
    tx: Sql,
    o: { location: string; product: string; on: IsoDate },
    stale = false,
  ): Promise<Result<StockLine, VaccinationFailure>> {
    const key = `${o.location}:${o.product}:${o.on}`;
    await this.nextLots(tx, [o], stale);
    return this.next.get(key)!;
  }

  /**
   * The lots several (location, product, day) would use next (nextLot's), read together: with a
   * catalogue, every balance in one statement; `stale` reads them again.
   */
  async nextLots(
    tx: Sql,
    wanted: readonly { location: string; product: string; on: IsoDate }[],
    stale = false,
  ): Promise<void> {
    const keyOf = (o: { location: string; product: string; on: IsoDate }) =>
      `${o.location}:${o.product}:${o.on}`;
    const todo = new Map<string, { location: string; product: string; on: IsoDate }>();
    for (const o of wanted) if (stale || !this.next.has(keyOf(o))) todo.set(keyOf(o), o);
    if (todo.size === 0) return;
    if (!this.catalogue) {
      for (const [key, o] of todo) this.next.set(key, await nextLot(tx, o));
      return;
    }
    const candidates = new Map<string, { lot: Lot; accountId: bigint }[] | null>();
    for (const [key, o] of todo) candidates.set(key, await this.candidates(tx, o));
    const ids = new Set<bigint>();
    for (const c of candidates.values()) for (const x of c ?? []) ids.add(x.accountId);
    const primed = this.primed;
    this.primed = undefined;
    const balances =
      !stale && primed && [...ids].every((id) => primed.has(id)) ? primed : await this.balances(tx, [...ids]);
    for (const [key, o] of todo) this.next.set(key, this.fefo(o, candidates.get(key)!, balances));
  }

  /** The location's lots of the product not expired on the day, with their accounts; null: no such location. */
  private async candidates(
    tx: Sql,
    o: { location: string; product: string; on: IsoDate },
  ): Promise<{ lot: Lot; accountId: bigint }[] | null> {
    const location = await this.location(tx, o.location);
    if (!location) return null;
    const out: { lot: Lot; accountId: bigint }[] = [];
    for (const r of await this.stockAccountsAt(tx, location.id)) {
      const lot = await this.lot(tx, r.lotId);
      if (lot && lot.product === o.product && lot.expiresOn >= o.on)
        out.push({ lot, accountId: r.accountId });
    }
    return out;
  }

  private async balances(tx: Sql, ids: readonly bigint[]): Promise<Map<bigint, bigint>> {
    if (ids.length === 0) return new Map();
    return new Map(
      (await getAccounts(tx, ids)).map((a) => [a.id, a.creditsPosted - a.debitsPosted - a.debitsPending]),
    );
  }

  /** The first lot to expire with doses left, or why none. */
  private fefo(
    o: { location: string; product: string; on: IsoDate },
    candidates: readonly { lot: Lot; accountId: bigint }[] | null,
    balances: ReadonlyMap<bigint, bigint>,
  ): Result<StockLine, VaccinationFailure> {
    if (candidates === null) return fail({ code: 'location_not_found', location: o.location });
    const usable = candidates
      .map((c) => ({ lot: c.lot, availableDoses: balances.get(c.accountId) ?? 0n }))
      .filter((c) => c.availableDoses > 0n)
      .sort((a, b) => a.lot.expiresOn.localeCompare(b.lot.expiresOn) || Number(a.lot.id - b.lot.id));
    const first = usable[0];
    return first
      ? ok({ location: o.location, lot: first.lot, availableDoses: first.availableDoses })
      : fail({ code: 'stock_empty', location: o.location, product: o.product });
  }

  /** Appends the entry now, or keeps it for the desk to append before the commit. */
  async audit(tx: Sql, entry: AuditEntryInput): Promise<void> {
    if (this.deferAudit) this.audits.push(entry);
    else await appendAudit(tx, entry);
  }
}
