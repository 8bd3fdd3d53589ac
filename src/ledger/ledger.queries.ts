import type { Sql } from '../db/database.ts';
import { assert } from '../shared/assert.ts';
import { isValidDate } from './ledger.formats.ts';
import { fromTransferRow, TRANSFER_COLUMNS, type TransferRow } from './ledger.repository.ts';
import type { Balances, Transfer, TransferKind } from './ledger.types.ts';

/**
 * Read-only questions about the ledger: a balance at a time, an account's statement, totals by
 * reason. All of them are answered from the transfers, by `occurred_at` (when the caller said the
 * movement happened), so they do not depend on the balances kept for the hot path.
 */

// Bounds for open ranges, well inside what both PostgreSQL and the drivers' Date handling accept.
const NEVER = new Date('1000-01-01T00:00:00Z');
const FOREVER = new Date('9999-12-31T00:00:00Z');

/** How each kind of transfer moves the four balances of its two accounts. */
const POSTED_KINDS: TransferKind[] = ['single_phase', 'post_pending'];

/**
 * A scalar subquery, for another domain's statement that must read balances in the same snapshot
 * as its own locks (the vaccination desk reads its lots' stock with the days it locks, one round
 * trip fewer a batch): what each account of the bigint array `accountIds` (a parameter such as
 * `$4`) allows out, as `id:available` text, available = credits posted − debits posted − debits
 * pending, as `getAccounts` reads it. The ledger keeps its table's name and columns to itself.
 *
 * @example `SELECT c.*, (${availableBalancesSql('$4')}) AS balances FROM …`
 */
export function availableBalancesSql(accountIds: string): string {
  return `SELECT array_agg(a.id::text || ':' || (a.credits_posted - a.debits_posted - a.debits_pending)::text)
         FROM ledger_account a WHERE a.id = ANY(${accountIds}::bigint[])`;
}

/**
 * An account's balances counting the transfers that occurred at or before `at`. Pending amounts
 * count from their reservation until their posting or voiding.
 *
 * @example
 *   const b = await balanceAt(db, payable.id, new Date('2021-01-12T23:59:59-04:00'));
 *   const owedCentavos = b.creditsPosted - b.debitsPosted;
 */
export async function balanceAt(sql: Sql, accountId: bigint, at: Date): Promise<Balances> {
  assert(isValidDate(at), 'balanceAt needs a valid time');
  const [row] = await sql.query<{
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
  }>(
    `WITH moves AS (
       SELECT true AS debit, kind, amount FROM ledger_transfer WHERE debit_account_id = $1 AND occurred_at <= $2
       UNION ALL
       SELECT false, kind, amount FROM ledger_transfer WHERE credit_account_id = $1 AND occurred_at <= $2
     )
     SELECT
       coalesce(sum(CASE kind WHEN 'pending' THEN amount WHEN 'single_phase' THEN 0 ELSE -amount END)
         FILTER (WHERE debit), 0)::bigint AS debits_pending,
       coalesce(sum(amount) FILTER (WHERE debit AND kind = ANY($3::text[])), 0)::bigint AS debits_posted,
       coalesce(sum(CASE kind WHEN 'pending' THEN amount WHEN 'single_phase' THEN 0 ELSE -amount END)
         FILTER (WHERE NOT debit), 0)::bigint AS credits_pending,
       coalesce(sum(amount) FILTER (WHERE NOT debit AND kind = ANY($3::text[])), 0)::bigint AS credits_posted
     FROM moves`,
    [accountId, at, POSTED_KINDS],
  );
  assert(row, 'an aggregate always returns a row');
  return {
    debitsPending: row.debits_pending,
    debitsPosted: row.debits_posted,
    creditsPending: row.credits_pending,
    creditsPosted: row.credits_posted,
  };
}

/** One line of a statement: a transfer and the side of it the account is on. */
export interface StatementEntry {
  side: 'debit' | 'credit';
  transfer: Transfer;
}

export interface StatementPage {
  entries: StatementEntry[];
  /** Pass as `after` for the next page; null when this page is the last. */
  next: string | null;
}

export interface StatementOptions {
  /** Only transfers that occurred at or after this time. */
  from?: Date;
  /** Only transfers that occurred before this time. */
  to?: Date;
  /** The `next` of the previous page. */
  after?: string;
  /** Entries per page, 1–1,000 (default 100). */
  limit?: number;
}

const MAX_PAGE = 1_000;

function encodeCursor(t: Transfer): string {
  return `${t.occurredAt.toISOString()}~${t.seq}`;
}

function decodeCursor(cursor: string): { at: Date; seq: bigint } {
  const [at, seq] = cursor.split('~');
  const date = new Date(at ?? '');
  assert(isValidDate(date) && seq !== undefined && /^\d+$/.test(seq), `invalid statement cursor: ${cursor}`);
  return { at: date, seq: BigInt(seq) };
}

/**
 * An account's transfers in the order they occurred (then the order they were recorded), a page at a
 * time. Pages are cut by keyset — the last (occurred_at, seq) seen — so a page costs the same at
 * the millionth entry as at the first, and entries recorded meanwhile are neither skipped nor
 * repeated unless they occurred before the cursor.
 *
 * @example
 *   let page = await accountStatement(db, paidUnion.id, { limit: 500 });
 *   while (page.next) page = await accountStatement(db, paidUnion.id, { limit: 500, after: page.next });
 */
export async function accountStatement(
  sql: Sql,
  accountId: bigint,
  options: StatementOptions = {},
): Promise<StatementPage> {
  const limit = options.limit ?? 100;
  assert(
    Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE,
    `statement page size must be 1–${MAX_PAGE}`,
  );
  const from = options.from ?? NEVER;
  const to = options.to ?? FOREVER;
  // seq starts at 1, so (from, 0) puts every transfer at `from` after the cursor.
  const cursor = options.after ? decodeCursor(options.after) : { at: from, seq: 0n };
  const start = cursor.at < from ? { at: from, seq: 0n } : cursor;
  // Each side is read in index order and cut at `limit` before the two are merged: an OR over both
  // sides would make PostgreSQL sort every transfer of a busy account to return the first page.
  const side = (column: string) =>
    `(SELECT '${column === 'debit_account_id' ? 'debit' : 'credit'}' AS side, ${TRANSFER_COLUMNS}
      FROM ledger_transfer
      WHERE ${column} = $1 AND (occurred_at, seq) > ($2::timestamptz, $3::bigint) AND occurred_at < $4
      ORDER BY occurred_at, seq LIMIT $5)`;
  const rows = await sql.query<TransferRow & { side: 'debit' | 'credit' }>(
    `${side('debit_account_id')} UNION ALL ${side('credit_account_id')} ORDER BY occurred_at, seq LIMIT $5`,
    [accountId, start.at, start.seq, to, limit + 1],
  );
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).map((r) => ({ side: r.side, transfer: fromTransferRow(r) }));
  const last = entries.at(-1);
  return { entries, next: more && last ? encodeCursor(last.transfer) : null };
}

/** The count and sum of transfers with one reason code and kind. */
export interface CodeTotal {
  ledger: string;
  code: string;
  kind: TransferKind;
  count: bigint;
  amount: bigint;
}

export interface TotalsOptions {
  ledger?: string;
  /** Only transfers touching this account. */
  accountId?: bigint;
  /** Occurred at or after. */
  from?: Date;
  /** Occurred before. */
  to?: Date;
}

/**
 * How many transfers, and how much, per ledger, reason code and kind — the control totals a report
 * or a reconciliation starts from.
 *
 * @example
 *   await totalsByCode(db, { ledger: 'BOB' })
 *   // [{ ledger: 'BOB', code: 'bono.payout', kind: 'single_phase', count: 3_321_000n, amount: 332_100_000_000n }, …]
 */
export async function totalsByCode(sql: Sql, options: TotalsOptions = {}): Promise<CodeTotal[]> {
  const params: unknown[] = [options.ledger ?? null, options.from ?? NEVER, options.to ?? FOREVER];
  const where = 'ledger = coalesce($1::text, ledger) AND occurred_at >= $2 AND occurred_at < $3';
  const source =
    options.accountId === undefined
      ? `SELECT ledger, code, kind, amount FROM ledger_transfer WHERE ${where}`
      : `SELECT ledger, code, kind, amount FROM ledger_transfer WHERE debit_account_id = $4 AND ${where}
         UNION ALL
         SELECT ledger, code, kind, amount FROM ledger_transfer WHERE credit_account_id = $4 AND ${where}`;
  if (options.accountId !== undefined) params.push(options.accountId);
  // The sum stays numeric: the total of one code over a whole ledger may exceed a bigint.
  const rows = await sql.query<Omit<CodeTotal, 'amount'> & { amount: string }>(
    `SELECT ledger, code, kind, count(*)::bigint AS count, sum(amount) AS amount
     FROM (${source}) t GROUP BY ledger, code, kind ORDER BY ledger, code, kind`,
    params,
  );
  return rows.map((r) => ({ ...r, amount: BigInt(r.amount) }));
}

/**
 * Pending transfers whose deadline has passed at `at` and that nobody posted or voided, oldest
 * deadline first, a page at a time: what a job voids (with ids such as `expire:<pending id>`) to
 * release the reserved amounts.
 *
 * @example
 *   for (const p of await expiredPendingTransfers(db, { at: now, limit: 1000 }))
 *     batch.push({ kind: 'void_pending', id: `expire:${p.id}`, pendingId: p.id, code: 'bono.deposit_expired', occurredAt: now });
 */
export async function expiredPendingTransfers(
  sql: Sql,
  options: { at: Date; limit: number; afterId?: string },
): Promise<Transfer[]> {
  assert(isValidDate(options.at), 'expiredPendingTransfers needs a valid time');
  assert(options.limit >= 1 && options.limit <= MAX_PAGE, `page size must be 1–${MAX_PAGE}`);
  const rows = await sql.query<TransferRow>(
    `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfer p
     WHERE p.expires_at IS NOT NULL AND p.expires_at <= $1
       AND ($2::text IS NULL OR (p.expires_at, p.id) > ((SELECT expires_at FROM ledger_transfer WHERE id = $2), $2))
       AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.pending_id = p.id)
     ORDER BY p.expires_at, p.id LIMIT $3`,
    [options.at, options.afterId ?? null, options.limit],
  );
  return rows.map(fromTransferRow);
}
