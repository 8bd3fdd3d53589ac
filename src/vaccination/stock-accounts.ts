import type { Sql } from '../db/database.ts';
import { type Account, ensureAccounts } from '../ledger/index.ts';
import { DEPARTMENTS } from '../registry/index.ts';
import { assert } from '../shared/assert.ts';
import { insertLocations, insertStockAccount, selectLocations } from './location.repository.ts';
import { DOSE_LEDGER, type Location, NATIONAL_WAREHOUSE, sedesCode } from './vaccination.types.ts';

/**
 * The stock's accounts on the DOSE ledger. A lot's doses at a location are one account that cannot
 * go negative (debits never above credits: a dose leaves only if it came in); doses move from the
 * debited account to the credited one, as everywhere on the ledger. Where doses come from and go
 * to are accounts of their own: `vaccination-supplied` (deliveries), and per location
 * `vaccination-administered:<location>`, `-wasted:` and `-expired:` — per location, so that two
 * sites recording doses at once never wait for each other on one account.
 */

/** A lot's doses at a location. @example stockAccountCode('site-lp-umsa', 3n) // 'vaccination-stock:site-lp-umsa:3' */
export function stockAccountCode(locationCode: string, lotId: bigint): string {
  return `vaccination-stock:${locationCode}:${lotId}`;
}

/** Where deliveries come from. */
export const SUPPLIED_ACCOUNT = 'vaccination-supplied';

/** Where doses go when they leave the stock. */
export type SinkKind = 'administered' | 'wasted' | 'expired';

/** @example sinkAccountCode('administered', 'site-lp-umsa') // 'vaccination-administered:site-lp-umsa' */
export function sinkAccountCode(kind: SinkKind, locationCode: string): string {
  return `vaccination-${kind}:${locationCode}`;
}

/**
 * What an account code stands for: a lot at a location, a sink at a location, or the supply.
 *
 * @example parseAccountCode('vaccination-stock:sedes-2:3') // { kind: 'stock', location: 'sedes-2', lotId: 3n }
 */
export function parseAccountCode(
  code: string,
):
  | { kind: 'stock'; location: string; lotId: bigint }
  | { kind: SinkKind; location: string }
  | { kind: 'supplied' }
  | undefined {
  if (code === SUPPLIED_ACCOUNT) return { kind: 'supplied' };
  const stock = /^vaccination-stock:([a-z0-9-]+):(\d+)$/.exec(code);
  if (stock) return { kind: 'stock', location: stock[1]!, lotId: BigInt(stock[2]!) };
  const sink = /^vaccination-(administered|wasted|expired):([a-z0-9-]+)$/.exec(code);
  if (sink) return { kind: sink[1] as SinkKind, location: sink[2]! };
  return undefined;
}

/**
 * The national warehouse and each department's SEDES, created when first needed (idempotent). Sites
 * create their own location (./site.ts).
 *
 * @example await ensureStockLocations(db, now)
 */
export async function ensureStockLocations(sql: Sql, at: Date): Promise<void> {
  const wanted: Omit<Location, 'id'>[] = [
    {
      code: NATIONAL_WAREHOUSE,
      kind: 'national_warehouse',
      departmentCode: null,
      name: 'Almacén nacional (CEASS)',
    },
    ...DEPARTMENTS.map((d) => ({
      code: sedesCode(d.code),
      kind: 'sedes' as const,
      departmentCode: d.code,
      name: `SEDES ${d.name}`,
    })),
  ];
  const existing = new Set(
    (
      await selectLocations(
        sql,
        wanted.map((l) => l.code),
      )
    ).map((l) => l.code),
  );
  await insertLocations(
    sql,
    wanted.filter((l) => !existing.has(l.code)),
    at,
  );
}

/**
 * Opens (or finds) the ledger accounts a movement needs, inside the caller's transaction, and
 * records each stock account against its lot and location. Returns them by code.
 *
 * @example const accounts = await openAccounts(tx, { stock: [{ location, lotId }], sinks: [], supplied: true }, now)
 */
export async function openAccounts(
  sql: Sql,
  wanted: {
    stock: readonly { location: Location; lotId: bigint }[];
    sinks: readonly { kind: SinkKind; location: Location }[];
    supplied: boolean;
  },
  at: Date,
): Promise<Map<string, Account>> {
  const inputs = [
    ...wanted.stock.map(({ location, lotId }) => ({
      code: stockAccountCode(location.code, lotId),
      ledger: DOSE_LEDGER,
      kind: 'asset' as const,
      name: `Lot ${lotId} at ${location.code}`,
      debitsMustNotExceedCredits: true,
      createdAt: at,
    })),
    ...wanted.sinks.map(({ kind, location }) => ({
      code: sinkAccountCode(kind, location.code),
      ledger: DOSE_LEDGER,
      kind: 'expense' as const,
      name: `Doses ${kind} at ${location.code}`,
      createdAt: at,
    })),
    ...(wanted.supplied
      ? [
          {
            code: SUPPLIED_ACCOUNT,
            ledger: DOSE_LEDGER,
            kind: 'equity' as const,
            name: 'Doses supplied',
            createdAt: at,
          },
        ]
      : []),
  ];
  const opened = await ensureAccounts(sql, inputs);
  // The accounts are defined here alone: another definition under these codes is a bug.
  assert(opened.ok, `vaccination accounts refused: ${JSON.stringify(opened.ok ? null : opened.error)}`);
  for (const { location, lotId } of wanted.stock) {
    const account = opened.value.get(stockAccountCode(location.code, lotId));
    assert(account, 'a stock account just opened is missing');
    await insertStockAccount(sql, { locationId: location.id, lotId, accountId: account.id });
  }
  return opened.value;
}
