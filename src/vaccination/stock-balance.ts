import type { Sql } from '../db/database.ts';
import { type Account, accountStatement, balanceAt, getAccounts } from '../ledger/index.ts';
import type { IsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { listLocations, selectLocations, selectStockAccounts } from './location.repository.ts';
import { selectLots } from './lot.repository.ts';
import { parseAccountCode } from './stock-accounts.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import type { Location, MovementKind, StockLine, StockMovement } from './vaccination.types.ts';

/**
 * Balances and history of the stock, read from the ledger: the balances it keeps for the hot path
 * (now), or its transfers up to an instant (`at`). Nothing here writes.
 */

/** Doses that can still leave an account: posted in, minus posted and reserved out. */
function available(a: { creditsPosted: bigint; debitsPosted: bigint; debitsPending: bigint }): bigint {
  return a.creditsPosted - a.debitsPosted - a.debitsPending;
}

/**
 * The stock by lot and location (lines with doses only), first by location, then FEFO order.
 * With `at`, the stock as it stood at that instant, from the ledger's transfers.
 *
 * @example await stockAt(db, { location: 'sedes-2' }) // [{ location: 'sedes-2', lot, availableDoses: 12000n }, …]
 */
export async function stockAt(
  sql: Sql,
  options: { location?: string; product?: string; at?: Date } = {},
): Promise<Result<StockLine[], VaccinationFailure>> {
  let locations: Location[];
  if (options.location !== undefined) {
    locations = await selectLocations(sql, [options.location]);
    if (locations.length === 0) return fail({ code: 'location_not_found', location: options.location });
  } else {
    locations = await listLocations(sql);
  }
  const byId = new Map(locations.map((l) => [l.id, l]));
  const rows = await selectStockAccounts(sql, { locationIds: [...byId.keys()] });
  const lots = new Map((await selectLots(sql, [...new Set(rows.map((r) => r.lotId))])).map((l) => [l.id, l]));
  const balances = new Map<bigint, bigint>();
  if (options.at === undefined) {
    for (const a of await getAccounts(
      sql,
      rows.map((r) => r.accountId),
    ))
      balances.set(a.id, available(a));
  } else {
    for (const r of rows) balances.set(r.accountId, available(await balanceAt(sql, r.accountId, options.at)));
  }
  const order = new Map(locations.map((l, i) => [l.id, i]));
  const lines = rows
    .map((r) => ({
      location: byId.get(r.locationId)!,
      lot: lots.get(r.lotId)!,
      availableDoses: balances.get(r.accountId) ?? 0n,
    }))
    .filter(
      (l) => l.availableDoses !== 0n && (options.product === undefined || l.lot.product === options.product),
    )
    .sort(
      (a, b) =>
        order.get(a.location.id)! - order.get(b.location.id)! ||
        a.lot.expiresOn.localeCompare(b.lot.expiresOn) ||
        Number(a.lot.id - b.lot.id),
    );
  return ok(lines.map((l) => ({ location: l.location.code, lot: l.lot, availableDoses: l.availableDoses })));
}

/**
 * FEFO: the lot of a product to use next at a location on a day — the first to expire among those
 * not expired that day with doses left.
 *
 * @example const next = await nextLot(db, { location: 'site-lp-umsa', product: 'sinopharm', on: '2021-04-27' });
 */
export async function nextLot(
  sql: Sql,
  options: { location: string; product: string; on: IsoDate },
): Promise<Result<StockLine, VaccinationFailure>> {
  const stock = await stockAt(sql, { location: options.location, product: options.product });
  if (!stock.ok) return stock;
  const usable = stock.value.find((l) => l.lot.expiresOn >= options.on && l.availableDoses > 0n);
  return usable
    ? ok(usable)
    : fail({ code: 'stock_empty', location: options.location, product: options.product });
}

const KIND_OF_CODE: Record<string, MovementKind> = {
  'vaccination.receipt': 'receipt',
  'vaccination.transfer': 'transfer',
  'vaccination.administered': 'administered',
  'vaccination.wasted': 'wasted',
  'vaccination.expired': 'expired',
};

/** What the other side of a movement is called in a history. */
function counterpartName(account: Account | undefined): string {
  const parsed = account ? parseAccountCode(account.code) : undefined;
  if (parsed === undefined) return 'unknown';
  if (parsed.kind === 'stock') return parsed.location;
  return parsed.kind;
}

/**
 * A lot's movements at a location, in the order they occurred (at most `limit`, 1–1,000).
 *
 * @example await stockHistory(db, { location: 'national-warehouse', lotId: 1n })
 */
export async function stockHistory(
  sql: Sql,
  options: { location: string; lotId: bigint; limit?: number },
): Promise<Result<StockMovement[], VaccinationFailure>> {
  const [location] = await selectLocations(sql, [options.location]);
  if (!location) return fail({ code: 'location_not_found', location: options.location });
  const [lot] = await selectLots(sql, [options.lotId]);
  if (!lot) return fail({ code: 'lot_not_found', lotId: options.lotId });
  const [row] = await selectStockAccounts(sql, { locationIds: [location.id], lotIds: [lot.id] });
  if (!row) return ok([]);
  const page = await accountStatement(sql, row.accountId, { limit: options.limit ?? 100 });
  const others = new Set(
    page.entries.map((e) => (e.side === 'debit' ? e.transfer.creditAccountId : e.transfer.debitAccountId)),
  );
  const accounts = new Map((await getAccounts(sql, [...others])).map((a) => [a.id, a]));
  return ok(
    page.entries.map((e) => ({
      id: e.transfer.id.replace(/^vaccination:/, ''),
      kind: KIND_OF_CODE[e.transfer.code] ?? 'transfer',
      doses: e.side === 'credit' ? e.transfer.amount : -e.transfer.amount,
      occurredAt: e.transfer.occurredAt,
      counterpart: counterpartName(
        accounts.get(e.side === 'debit' ? e.transfer.creditAccountId : e.transfer.debitAccountId),
      ),
    })),
  );
}
