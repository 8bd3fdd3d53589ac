import { type AuditEntryInput, appendAudit } from '../audit/index.ts';
import type { Sql } from '../db/database.ts';
import type { Account } from '../ledger/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Result } from '../shared/failure.ts';
import { productsByCode } from './eligibility.ts';
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
 * the one row every transaction shares, so it is taken last and briefly.
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
  /** Audit entries of the requests done, appended by the desk before its commit. */
  readonly audits: AuditEntryInput[] = [];

  constructor(readonly deferAudit = false) {}

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
  }

  async site(tx: Sql, code: string): Promise<Site | null> {
    if (!this.sites.has(code)) this.sites.set(code, (await selectSites(tx, { codes: [code] }))[0] ?? null);
    return this.sites.get(code)!;
  }

  async productsByCode(tx: Sql): Promise<Map<ProductCode, Product>> {
    this.products ??= await productsByCode(tx);
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
    if (!this.locations.has(code)) this.locations.set(code, (await selectLocations(tx, [code]))[0] ?? null);
    return this.locations.get(code)!;
  }

  async lot(tx: Sql, id: bigint): Promise<Lot | null> {
    if (!this.lots.has(id)) this.lots.set(id, (await selectLots(tx, [id]))[0] ?? null);
    return this.lots.get(id)!;
  }

  /** The ledger account of a lot's stock at a location, or null when the lot was never there. */
  async stockAccount(tx: Sql, locationId: bigint, lotId: bigint): Promise<bigint | null> {
    const key = `${locationId}:${lotId}`;
    if (!this.stockAccounts.has(key)) {
      const [row] = await selectStockAccounts(tx, { locationIds: [locationId], lotIds: [lotId] });
      this.stockAccounts.set(key, row?.accountId ?? null);
    }
    return this.stockAccounts.get(key)!;
  }

  /** The account of a location's doses of a kind (administered, wasted…), opened if needed. */
  async sink(tx: Sql, kind: SinkKind, location: Location, at: Date): Promise<Account> {
    const code = sinkAccountCode(kind, location.code);
    if (!this.sinks.has(code)) {
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
    if (stale || !this.next.has(key)) this.next.set(key, await nextLot(tx, o));
    return this.next.get(key)!;
  }

  /** Appends the entry now, or keeps it for the desk to append before the commit. */
  async audit(tx: Sql, entry: AuditEntryInput): Promise<void> {
    if (this.deferAudit) this.audits.push(entry);
    else await appendAudit(tx, entry);
  }
}
