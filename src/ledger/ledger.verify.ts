import type { Database, Sql } from '../db/database.ts';
import type { Balances } from './ledger.types.ts';

/**
 * `verifyLedger` recomputes from the transfers alone what the ledger keeps for speed (balances,
 * live unique keys) and checks every invariant the code and the constraints are meant to keep. It
 * trusts neither: it is the auditor's check, and the test suite's.
 */

export type LedgerProblem =
  /** The stored balances differ from the sums of the account's transfers. */
  | {
      problem: 'balance_differs';
      accountId: bigint;
      code: string | null;
      stored: Balances;
      computed: Balances;
    }
  /** Over all accounts of a ledger, debits do not equal credits. */
  | { problem: 'ledger_unbalanced'; ledger: string; totals: Balances }
  /** An account's balances break one of its flags. */
  | { problem: 'flag_violated'; accountId: bigint; code: string; flag: string }
  /** A transfer whose accounts are missing or on another ledger. */
  | { problem: 'transfer_ledger_mismatch'; transferId: string }
  /** A post or void that does not match its pending transfer, or a pending resolved twice. */
  | { problem: 'resolution_mismatch'; transferId: string; pendingId: string }
  /** A reversal that is not the mirror image of a reversible transfer, or a transfer reversed twice. */
  | { problem: 'reversal_mismatch'; transferId: string; reversesId: string }
  /** A live unique key missing from ledger_unique_key, or a row there that is not live. */
  | {
      problem: 'unique_key_differs';
      uniqueKey: string;
      liveTransferId: string | null;
      heldTransferId: string | null;
    }
  /** Two live transfers hold the same unique key. */
  | { problem: 'unique_key_held_twice'; uniqueKey: string; transferIds: string[] };

/** Debit and credit totals of one ledger, from the stored balances. */
export interface LedgerTotals extends Balances {
  ledger: string;
}

export interface LedgerVerification {
  ok: boolean;
  transferCount: bigint;
  accountCount: bigint;
  ledgers: LedgerTotals[];
  /** At most `maxProblems` of each sort. */
  problems: LedgerProblem[];
}

const PENDING_DELTA = "CASE kind WHEN 'pending' THEN amount WHEN 'single_phase' THEN 0 ELSE -amount END";
const POSTED_DELTA = "CASE WHEN kind IN ('single_phase', 'post_pending') THEN amount ELSE 0 END";

// Sums come back as numeric (a string): a ledger's total, or a corrupted account's, may exceed a
// bigint, and the check must report it rather than fail.
type Numeric = bigint | string;
interface BalanceRow {
  debits_pending: Numeric;
  debits_posted: Numeric;
  credits_pending: Numeric;
  credits_posted: Numeric;
}

const toBalances = (r: BalanceRow): Balances => ({
  debitsPending: BigInt(r.debits_pending),
  debitsPosted: BigInt(r.debits_posted),
  creditsPending: BigInt(r.credits_pending),
  creditsPosted: BigInt(r.credits_posted),
});

function isDatabase(sql: Sql): sql is Database {
  return typeof (sql as Partial<Database>).transaction === 'function';
}

/**
 * Checks the whole ledger: each account's balances equal the sums of its transfers; debits equal
 * credits in each ledger; no flag is broken; every transfer's accounts are on its ledger; every
 * post, void and reversal matches what it refers to; the live unique keys are exactly those held.
 * Given the `Database`, it reads one consistent snapshot (REPEATABLE READ, read only) while
 * transfers go on being recorded.
 *
 * @example
 *   const v = await verifyLedger(db);
 *   if (!v.ok) throw new Error(v.problems.join('; '));
 */
export async function verifyLedger(
  sql: Sql,
  options: { maxProblems?: number } = {},
): Promise<LedgerVerification> {
  if (isDatabase(sql)) {
    return sql.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return verifyLedger(tx, options);
    });
  }
  const limit = options.maxProblems ?? 100;
  const problems: LedgerProblem[] = [];

  // One scan of the transfers, summed by account and ledger on the debit side and on the credit
  // side at once (a transfer moves both of its accounts by the same amounts, on opposite sides),
  // which also shows transfers on another ledger than their account and malformed rows. The first
  // row returned carries the number of transfers.
  const balances = await sql.query<
    BalanceRow & {
      row: 'total' | 'account';
      id: bigint | null;
      code: string | null;
      account_ledger: string | null;
      ledgers: string[] | null;
      malformed: Numeric | null;
      computed_debits_pending: Numeric;
      computed_debits_posted: Numeric;
      computed_credits_pending: Numeric;
      computed_credits_posted: Numeric;
    }
  >(
    `WITH sides AS (
       SELECT GROUPING(debit_account_id) = 0 AS debit,
         coalesce(debit_account_id, credit_account_id) AS account_id, ledger, count(*) AS transfers,
         count(*) FILTER (WHERE debit_account_id = credit_account_id OR amount <= 0) AS malformed,
         sum(${PENDING_DELTA}) AS pending, sum(${POSTED_DELTA}) AS posted
       FROM ledger_transfer
       GROUP BY GROUPING SETS ((debit_account_id, ledger), (credit_account_id, ledger))
     ), computed AS (
       SELECT account_id,
         coalesce(sum(pending) FILTER (WHERE debit), 0) AS debits_pending,
         coalesce(sum(posted) FILTER (WHERE debit), 0) AS debits_posted,
         coalesce(sum(pending) FILTER (WHERE NOT debit), 0) AS credits_pending,
         coalesce(sum(posted) FILTER (WHERE NOT debit), 0) AS credits_posted,
         array_agg(DISTINCT ledger ORDER BY ledger) AS ledgers, sum(malformed) AS malformed
       FROM sides GROUP BY account_id
     )
     SELECT 'total' AS row, NULL::bigint AS id, NULL AS code, NULL AS account_ledger, NULL::text[] AS ledgers,
       NULL::numeric AS malformed, NULL::bigint AS debits_pending, NULL::bigint AS debits_posted,
       NULL::bigint AS credits_pending, NULL::bigint AS credits_posted,
       coalesce(sum(transfers) FILTER (WHERE debit), 0) AS computed_debits_pending,
       0 AS computed_debits_posted, 0 AS computed_credits_pending, 0 AS computed_credits_posted
     FROM sides
     UNION ALL
     (SELECT 'account', coalesce(a.id, c.account_id), a.code, a.ledger, c.ledgers, c.malformed,
       a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
       coalesce(c.debits_pending, 0), coalesce(c.debits_posted, 0),
       coalesce(c.credits_pending, 0), coalesce(c.credits_posted, 0)
     FROM ledger_account a FULL JOIN computed c ON c.account_id = a.id
     WHERE a.id IS NULL OR c.ledgers <> ARRAY[a.ledger] OR c.malformed > 0
       OR a.debits_pending <> coalesce(c.debits_pending, 0) OR a.debits_posted <> coalesce(c.debits_posted, 0)
       OR a.credits_pending <> coalesce(c.credits_pending, 0) OR a.credits_posted <> coalesce(c.credits_posted, 0)
     ORDER BY 2 LIMIT $1)`,
    [limit],
  );
  let transferCount = 0n;
  const mismatchedAccounts: { id: bigint; ledger: string | null }[] = [];
  for (const r of balances) {
    if (r.row === 'total') {
      transferCount = BigInt(r.computed_debits_pending);
      continue;
    }
    const stored =
      r.code === null
        ? { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n }
        : toBalances(r);
    const computed = toBalances({
      debits_pending: r.computed_debits_pending,
      debits_posted: r.computed_debits_posted,
      credits_pending: r.computed_credits_pending,
      credits_posted: r.computed_credits_posted,
    });
    const differs =
      r.code === null ||
      stored.debitsPending !== computed.debitsPending ||
      stored.debitsPosted !== computed.debitsPosted ||
      stored.creditsPending !== computed.creditsPending ||
      stored.creditsPosted !== computed.creditsPosted;
    if (differs)
      problems.push({ problem: 'balance_differs', accountId: r.id!, code: r.code, stored, computed });
    const wrongLedger =
      r.ledgers !== null && (r.code === null || r.ledgers.some((l) => l !== r.account_ledger));
    if (wrongLedger || BigInt(r.malformed ?? 0) > 0n)
      mismatchedAccounts.push({ id: r.id!, ledger: r.account_ledger });
  }
  // Name the transfers behind a wrong ledger, a missing account or a malformed row (rare: read by index).
  const mismatched = new Set<string>();
  for (const account of mismatchedAccounts) {
    const rows = await sql.query<{ id: string }>(
      `SELECT id FROM (
         SELECT id, ledger, debit_account_id, credit_account_id, amount FROM ledger_transfer WHERE debit_account_id = $1
         UNION ALL
         SELECT id, ledger, debit_account_id, credit_account_id, amount FROM ledger_transfer WHERE credit_account_id = $1
       ) t
       WHERE $2::text IS NULL OR ledger <> $2 OR debit_account_id = credit_account_id OR amount <= 0
       ORDER BY id LIMIT $3`,
      [account.id, account.ledger, limit],
    );
    for (const { id } of rows) mismatched.add(id);
  }
  for (const id of [...mismatched].sort().slice(0, limit)) {
    problems.push({ problem: 'transfer_ledger_mismatch', transferId: id });
  }

  const totals = await sql.query<BalanceRow & { ledger: string }>(
    `SELECT l.code AS ledger,
       coalesce(sum(a.debits_pending), 0) AS debits_pending,
       coalesce(sum(a.debits_posted), 0) AS debits_posted,
       coalesce(sum(a.credits_pending), 0) AS credits_pending,
       coalesce(sum(a.credits_posted), 0) AS credits_posted
     FROM ledger l LEFT JOIN ledger_account a ON a.ledger = l.code
     GROUP BY l.code ORDER BY l.code`,
  );
  const ledgers = totals.map((r) => ({ ledger: r.ledger, ...toBalances(r) }));
  for (const l of ledgers) {
    if (l.debitsPosted !== l.creditsPosted || l.debitsPending !== l.creditsPending) {
      problems.push({ problem: 'ledger_unbalanced', ledger: l.ledger, totals: l });
    }
  }

  const flags = await sql.query<{ id: bigint; code: string; flag: string }>(
    `SELECT id, code, 'debits_must_not_exceed_credits' AS flag FROM ledger_account
       WHERE debits_must_not_exceed_credits AND debits_posted + debits_pending > credits_posted
     UNION ALL
     SELECT id, code, 'credits_must_not_exceed_debits' FROM ledger_account
       WHERE credits_must_not_exceed_debits AND credits_posted + credits_pending > debits_posted
     UNION ALL
     SELECT id, code, 'flags_are_mutually_exclusive' FROM ledger_account
       WHERE debits_must_not_exceed_credits AND credits_must_not_exceed_debits
     ORDER BY 1 LIMIT $1`,
    [limit],
  );
  for (const r of flags)
    problems.push({ problem: 'flag_violated', accountId: r.id, code: r.code, flag: r.flag });

  const resolutions = await sql.query<{ id: string; pending_id: string }>(
    `SELECT r.id, r.pending_id FROM ledger_transfer r LEFT JOIN ledger_transfer p ON p.id = r.pending_id
     WHERE r.pending_id IS NOT NULL AND (
       p.id IS NULL OR p.kind <> 'pending' OR r.kind NOT IN ('post_pending', 'void_pending')
       OR p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id
       OR p.amount <> r.amount OR p.ledger <> r.ledger OR r.occurred_at < p.occurred_at
       OR (r.kind = 'post_pending' AND p.expires_at IS NOT NULL AND r.occurred_at >= p.expires_at)
       OR EXISTS (SELECT 1 FROM ledger_transfer o WHERE o.pending_id = r.pending_id AND o.id <> r.id))
     ORDER BY r.id LIMIT $1`,
    [limit],
  );
  for (const r of resolutions) {
    problems.push({ problem: 'resolution_mismatch', transferId: r.id, pendingId: r.pending_id });
  }

  const reversals = await sql.query<{ id: string; reverses_id: string }>(
    `SELECT r.id, r.reverses_id FROM ledger_transfer r LEFT JOIN ledger_transfer o ON o.id = r.reverses_id
     WHERE r.reverses_id IS NOT NULL AND (
       o.id IS NULL OR r.kind <> 'single_phase'
       OR NOT ((o.kind = 'single_phase' AND o.reverses_id IS NULL) OR o.kind = 'post_pending')
       OR o.debit_account_id <> r.credit_account_id OR o.credit_account_id <> r.debit_account_id
       OR o.amount <> r.amount OR o.ledger <> r.ledger OR r.occurred_at < o.occurred_at
       OR EXISTS (SELECT 1 FROM ledger_transfer x WHERE x.reverses_id = r.reverses_id AND x.id <> r.id))
     ORDER BY r.id LIMIT $1`,
    [limit],
  );
  for (const r of reversals) {
    problems.push({ problem: 'reversal_mismatch', transferId: r.id, reversesId: r.reverses_id });
  }

  // A key is live from its transfer until that transfer is voided or reversed (or, for a pending
  // transfer, until the posting of it is reversed).
  const liveKeys = `
    released AS (
      SELECT pending_id AS id FROM ledger_transfer WHERE kind = 'void_pending'
      UNION ALL
      SELECT reverses_id FROM ledger_transfer WHERE reverses_id IS NOT NULL
      UNION ALL
      SELECT o.pending_id FROM ledger_transfer r JOIN ledger_transfer o ON o.id = r.reverses_id
        WHERE o.kind = 'post_pending'
    ), live AS (
      SELECT t.unique_key, t.id FROM ledger_transfer t
      WHERE t.unique_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM released x WHERE x.id = t.id)
    )`;
  const keys = await sql.query<{ unique_key: string; live_id: string | null; held_id: string | null }>(
    `WITH ${liveKeys}
     SELECT coalesce(l.unique_key, k.unique_key) AS unique_key, l.id AS live_id, k.transfer_id AS held_id
     FROM live l FULL JOIN ledger_unique_key k ON k.unique_key = l.unique_key AND k.transfer_id = l.id
     WHERE l.id IS NULL OR k.transfer_id IS NULL
     ORDER BY 1, 2 LIMIT $1`,
    [limit],
  );
  for (const r of keys) {
    problems.push({
      problem: 'unique_key_differs',
      uniqueKey: r.unique_key,
      liveTransferId: r.live_id,
      heldTransferId: r.held_id,
    });
  }
  // Two live holders of one key cannot both be in ledger_unique_key (its key is unique), so one of
  // them is among the live keys just found missing: only those need counting.
  const liveMissing = [...new Set(keys.filter((r) => r.live_id !== null).map((r) => r.unique_key))];
  if (liveMissing.length > 0) {
    const twice = await sql.query<{ unique_key: string; ids: string[] }>(
      `WITH ${liveKeys}
       SELECT unique_key, array_agg(id ORDER BY id) AS ids FROM live WHERE unique_key = ANY($1::text[])
       GROUP BY unique_key HAVING count(*) > 1 ORDER BY 1`,
      [liveMissing],
    );
    for (const r of twice) {
      problems.push({ problem: 'unique_key_held_twice', uniqueKey: r.unique_key, transferIds: r.ids });
    }
  }

  const [accounts] = await sql.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger_account');
  return {
    ok: problems.length === 0,
    transferCount,
    accountCount: accounts?.n ?? 0n,
    ledgers,
    problems,
  };
}
