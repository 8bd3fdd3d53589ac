import type { Sql } from '../db/database.ts';
import type { Balances } from './ledger.types.ts';

/**
 * The SQL of `verifyLedger` (./ledger.verify.ts): each question recomputes, from the transfers
 * alone, something the ledger keeps for speed, and returns only the rows that disagree (at most
 * `limit`), mapped to the domain's names. What counts as a problem is decided in ledger.verify.ts.
 */

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

const NO_BALANCES: Balances = { debitsPending: 0n, debitsPosted: 0n, creditsPending: 0n, creditsPosted: 0n };

/**
 * Where an incremental check starts: a verified checkpoint (./ledger.checkpoint.repository.ts) and
 * the seq through which it verified the transfers. The questions below then read only the
 * transfers after it, and what those refer to.
 */
export interface CheckpointBase {
  checkpointId: bigint;
  afterSeq: bigint;
}

/**
 * Makes the caller's transaction one consistent, read-only snapshot for the whole check, while
 * transfers go on being recorded. Must be the transaction's first statement.
 *
 * @example await db.transaction(async (tx) => { await useVerificationSnapshot(tx); … });
 */
export async function useVerificationSnapshot(tx: Sql): Promise<void> {
  await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  // The check's aggregates (a few thousand groups per question) fit in memory with room to spare;
  // at the default 4 MB a parallel plan sorted millions of rows to disk to group them.
  await tx.exec("SET LOCAL work_mem = '64MB'");
}

/** An account whose stored state the transfers do not bear out (or a transfer's missing account). */
export interface AccountCheck {
  id: bigint;
  /** Null when transfers name an account that does not exist. */
  code: string | null;
  /** The account's own ledger; null when the account does not exist. */
  accountLedger: string | null;
  /** The ledgers of the account's transfers; null when it has none. */
  transferLedgers: string[] | null;
  /** Transfers of the account that debit and credit the same account, or move no positive amount. */
  malformed: bigint;
  /** Balances as stored (zero for a missing account). */
  stored: Balances;
  /** Balances as the sums of the account's transfers. */
  computed: Balances;
}

/**
 * One scan of the transfers, summed by account and ledger on the debit side and on the credit
 * side at once (a transfer moves both of its accounts by the same amounts, on opposite sides),
 * which also shows transfers on another ledger than their account and malformed rows. Returns the
 * number of transfers and at most `limit` accounts that disagree, by id.
 *
 * @example const { transferCount, accounts } = await checkAccountBalances(tx, 100);
 */
export async function checkAccountBalances(
  sql: Sql,
  limit: number,
  since?: CheckpointBase,
): Promise<{ transferCount: bigint; accounts: AccountCheck[] }> {
  // From a checkpoint: the transfers after its seq (by the BRIN index on seq), summed as above,
  // plus each account's balances as the checkpoint recorded them (both sides, no transfer counted).
  const base = since
    ? `UNION ALL
       SELECT true, account_id, NULL, 0, 0, debits_pending, debits_posted
       FROM ledger_checkpoint_account WHERE checkpoint_id = $3
       UNION ALL
       SELECT false, account_id, NULL, 0, 0, credits_pending, credits_posted
       FROM ledger_checkpoint_account WHERE checkpoint_id = $3`
    : '';
  const rows = await sql.query<
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
    // The first row returned carries the number of transfers.
    `WITH sides AS (
       SELECT GROUPING(debit_account_id) = 0 AS debit,
         coalesce(debit_account_id, credit_account_id) AS account_id, ledger, count(*) AS transfers,
         count(*) FILTER (WHERE debit_account_id = credit_account_id OR amount <= 0) AS malformed,
         sum(${PENDING_DELTA}) AS pending, sum(${POSTED_DELTA}) AS posted
       FROM ledger_transfer ${since ? 'WHERE seq > $2' : ''}
       GROUP BY GROUPING SETS ((debit_account_id, ledger), (credit_account_id, ledger))
     ), computed AS (
       SELECT account_id,
         coalesce(sum(pending) FILTER (WHERE debit), 0) AS debits_pending,
         coalesce(sum(posted) FILTER (WHERE debit), 0) AS debits_posted,
         coalesce(sum(pending) FILTER (WHERE NOT debit), 0) AS credits_pending,
         coalesce(sum(posted) FILTER (WHERE NOT debit), 0) AS credits_posted,
         array_agg(DISTINCT ledger ORDER BY ledger) FILTER (WHERE ledger IS NOT NULL) AS ledgers,
         sum(malformed) AS malformed
       FROM (SELECT * FROM sides ${base}) s GROUP BY account_id
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
    since ? [limit, since.afterSeq, since.checkpointId] : [limit],
  );
  let transferCount = 0n;
  const accounts: AccountCheck[] = [];
  for (const r of rows) {
    if (r.row === 'total') {
      transferCount = BigInt(r.computed_debits_pending);
      continue;
    }
    accounts.push({
      id: r.id!,
      code: r.code,
      accountLedger: r.account_ledger,
      transferLedgers: r.ledgers,
      malformed: BigInt(r.malformed ?? 0),
      stored: r.code === null ? NO_BALANCES : toBalances(r),
      computed: toBalances({
        debits_pending: r.computed_debits_pending,
        debits_posted: r.computed_debits_posted,
        credits_pending: r.computed_credits_pending,
        credits_posted: r.computed_credits_posted,
      }),
    });
  }
  return { transferCount, accounts };
}

/**
 * Ids of an account's transfers that are on another ledger than `ledger` (any, when the account
 * is missing and `ledger` is null) or malformed; at most `limit`, by id. Read by index: rare.
 *
 * @example const ids = await transfersOffLedger(tx, 42n, 'BOB', 100);
 */
export async function transfersOffLedger(
  sql: Sql,
  accountId: bigint,
  ledger: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM (
       SELECT id, ledger, debit_account_id, credit_account_id, amount FROM ledger_transfer WHERE debit_account_id = $1
       UNION ALL
       SELECT id, ledger, debit_account_id, credit_account_id, amount FROM ledger_transfer WHERE credit_account_id = $1
     ) t
     WHERE $2::text IS NULL OR ledger <> $2 OR debit_account_id = credit_account_id OR amount <= 0
     ORDER BY id LIMIT $3`,
    [accountId, ledger, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Debit and credit totals of every ledger, from the stored balances, by ledger code.
 *
 * @example for (const l of await ledgerTotals(tx)) l.debitsPosted === l.creditsPosted;
 */
export async function ledgerTotals(sql: Sql): Promise<({ ledger: string } & Balances)[]> {
  const rows = await sql.query<BalanceRow & { ledger: string }>(
    `SELECT l.code AS ledger,
       coalesce(sum(a.debits_pending), 0) AS debits_pending,
       coalesce(sum(a.debits_posted), 0) AS debits_posted,
       coalesce(sum(a.credits_pending), 0) AS credits_pending,
       coalesce(sum(a.credits_posted), 0) AS credits_posted
     FROM ledger l LEFT JOIN ledger_account a ON a.ledger = l.code
     GROUP BY l.code ORDER BY l.code`,
  );
  return rows.map((r) => ({ ledger: r.ledger, ...toBalances(r) }));
}

/**
 * Accounts whose balances break one of their flags (or that hold both), at most `limit`, by id.
 *
 * @example const broken = await flagViolations(tx, 100); // [{ id, code, flag }]
 */
export async function flagViolations(
  sql: Sql,
  limit: number,
): Promise<{ id: bigint; code: string; flag: string }[]> {
  return sql.query<{ id: bigint; code: string; flag: string }>(
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
}

/**
 * Posts and voids that do not match their pending transfer (accounts, amount, ledger, time,
 * expiry), and pendings resolved twice; at most `limit`, by id.
 *
 * @example const bad = await resolutionMismatches(tx, 100); // [{ id, pendingId }]
 */
export async function resolutionMismatches(
  sql: Sql,
  limit: number,
  since?: CheckpointBase,
): Promise<{ id: string; pendingId: string }[]> {
  // The posts and voids alone (few), each with how many resolve its pending transfer, then joined
  // to it: read by id in order, the whole table's primary key was walked for them. From a
  // checkpoint, only those after it, each counting the resolutions of its pending transfer by
  // the unique index on pending_id (an older one may resolve it too).
  const rows = await sql.query<{ id: string; pending_id: string }>(
    `WITH r AS MATERIALIZED (
       SELECT id, kind, pending_id, debit_account_id, credit_account_id, amount, ledger, occurred_at,
         ${
           since
             ? '(SELECT count(*) FROM ledger_transfer x WHERE x.pending_id = t.pending_id)'
             : 'count(*) OVER (PARTITION BY pending_id)'
         } AS resolutions
       FROM ledger_transfer t WHERE pending_id IS NOT NULL ${since ? 'AND seq > $2' : ''}
     )
     SELECT r.id, r.pending_id FROM r
       LEFT JOIN LATERAL (SELECT * FROM ledger_transfer p WHERE p.id = r.pending_id LIMIT 1) p ON true
     WHERE p.id IS NULL OR p.kind <> 'pending' OR r.kind NOT IN ('post_pending', 'void_pending')
       OR p.debit_account_id <> r.debit_account_id OR p.credit_account_id <> r.credit_account_id
       OR p.amount <> r.amount OR p.ledger <> r.ledger OR r.occurred_at < p.occurred_at
       OR (r.kind = 'post_pending' AND p.expires_at IS NOT NULL AND r.occurred_at >= p.expires_at)
       OR r.resolutions > 1
     ORDER BY r.id LIMIT $1`,
    since ? [limit, since.afterSeq] : [limit],
  );
  return rows.map((r) => ({ id: r.id, pendingId: r.pending_id }));
}

/**
 * Reversals that are not the mirror image of a reversible transfer, and transfers reversed twice;
 * at most `limit`, by id.
 *
 * @example const bad = await reversalMismatches(tx, 100); // [{ id, reversesId }]
 */
export async function reversalMismatches(
  sql: Sql,
  limit: number,
  since?: CheckpointBase,
): Promise<{ id: string; reversesId: string }[]> {
  // As for resolutions: the reversals alone, each with how many reverse its transfer.
  const rows = await sql.query<{ id: string; reverses_id: string }>(
    `WITH r AS MATERIALIZED (
       SELECT id, kind, reverses_id, debit_account_id, credit_account_id, amount, ledger, occurred_at,
         ${
           since
             ? '(SELECT count(*) FROM ledger_transfer x WHERE x.reverses_id = t.reverses_id)'
             : 'count(*) OVER (PARTITION BY reverses_id)'
         } AS reversals
       FROM ledger_transfer t WHERE reverses_id IS NOT NULL ${since ? 'AND seq > $2' : ''}
     )
     SELECT r.id, r.reverses_id FROM r
       LEFT JOIN LATERAL (SELECT * FROM ledger_transfer o WHERE o.id = r.reverses_id LIMIT 1) o ON true
     WHERE o.id IS NULL OR r.kind <> 'single_phase'
       OR NOT ((o.kind = 'single_phase' AND o.reverses_id IS NULL) OR o.kind = 'post_pending')
       OR o.debit_account_id <> r.credit_account_id OR o.credit_account_id <> r.debit_account_id
       OR o.amount <> r.amount OR o.ledger <> r.ledger OR r.occurred_at < o.occurred_at
       OR r.reversals > 1
     ORDER BY r.id LIMIT $1`,
    since ? [limit, since.afterSeq] : [limit],
  );
  return rows.map((r) => ({ id: r.id, reversesId: r.reverses_id }));
}

// A key is live from its transfer until that transfer is voided or reversed (or, for a pending
// transfer, until the posting of it is reversed).
// Each part of `released` reads only transfers that name another (pending_id or reverses_id set),
// so a server with the partial indexes on those columns reads no more than them. `after` limits
// the releasing transfers to those after a checkpoint's seq (a parameter's name).
const released = (after?: string) => `
    released AS (
      SELECT pending_id AS id FROM ledger_transfer WHERE pending_id IS NOT NULL AND kind = 'void_pending'
        ${after ? `AND seq > ${after}` : ''}
      UNION ALL
      SELECT reverses_id FROM ledger_transfer WHERE reverses_id IS NOT NULL ${after ? `AND seq > ${after}` : ''}
      UNION ALL
      SELECT o.pending_id FROM ledger_transfer r
        CROSS JOIN LATERAL (SELECT pending_id, kind FROM ledger_transfer o WHERE o.id = r.reverses_id LIMIT 1) o
        WHERE r.reverses_id IS NOT NULL AND o.kind = 'post_pending' ${after ? `AND r.seq > ${after}` : ''}
    )`;
const LIVE_KEYS = `${released()}, live AS (
      SELECT t.unique_key, t.id FROM ledger_transfer t
      WHERE t.unique_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM released x WHERE x.id = t.id)
    )`;

/** Buckets the unique keys are compared in: a fingerprint of each, then rows only where one differs. */
export const KEY_BUCKETS = 4096;
// A row's fingerprint binds its key to its transfer (the transfer's id hashed with the key's hash
// as seed); its bucket is the fingerprint's low bits (no third hash of each of millions of rows:
// a quarter less time for the pass over ledger_unique_key); a bucket's is the count and the sum
// of its rows' (summed exactly, as numeric). A key held by the wrong transfer shows in two
// buckets, the live row's and the held row's.
const fingerprint = (key: string, id: string) => `hashtextextended(${id}, hashtextextended(${key}, 0))`;
const bucketOf = (key: string, id: string) => `(${fingerprint(key, id)} & ${KEY_BUCKETS - 1})::int`;
/** Buckets and sums of `rows` (a FROM item with columns unique_key and `id`), by bucket. */
const bucketed = (rows: string, id: string, sign = '') =>
  `SELECT (h & ${KEY_BUCKETS - 1})::int AS bucket, ${sign}count(*) AS n, ${sign}sum(h) AS h
   FROM (SELECT ${fingerprint('unique_key', id)} AS h FROM ${rows}) f GROUP BY 1`;

/** Count and fingerprint sum of each of the KEY_BUCKETS buckets, by bucket number. */
export interface KeyBuckets {
  counts: bigint[];
  sums: bigint[];
}

const emptyBuckets = (): KeyBuckets => ({
  counts: new Array<bigint>(KEY_BUCKETS).fill(0n),
  sums: new Array<bigint>(KEY_BUCKETS).fill(0n),
});

async function bucketSums(sql: Sql, text: string, params: readonly unknown[]): Promise<KeyBuckets> {
  const buckets = emptyBuckets();
  for (const r of await sql.query<{ bucket: number; n: Numeric; h: Numeric | null }>(text, params)) {
    buckets.counts[r.bucket] = BigInt(r.n);
    buckets.sums[r.bucket] = BigInt(r.h ?? 0);
  }
  return buckets;
}

/**
 * The live unique keys' buckets. In full: every keyed transfer's sums less the released
 * transfers' (few, read by id): one pass over the transfers and no anti-join of millions of rows.
 * From a checkpoint: the checkpoint's buckets plus the keyed transfers after it, less the
 * transfers (of any age) that those after it release.
 */
async function liveKeyBuckets(sql: Sql, since?: CheckpointBase & { keys: KeyBuckets }): Promise<KeyBuckets> {
  const after = since ? '$1' : undefined;
  const live = await bucketSums(
    sql,
    `WITH ${released(after)},
     gone AS (
       SELECT t.unique_key, t.id FROM (SELECT DISTINCT id FROM released WHERE id IS NOT NULL) x
         CROSS JOIN LATERAL (
           SELECT unique_key, id FROM ledger_transfer t WHERE t.id = x.id AND t.unique_key IS NOT NULL OFFSET 0
         ) t
     )
     SELECT bucket, sum(n) AS n, sum(h) AS h FROM (
       ${bucketed(`ledger_transfer WHERE unique_key IS NOT NULL ${after ? `AND seq > ${after}` : ''}`, 'id')}
       UNION ALL
       ${bucketed('gone', 'id', '-')}
     ) s GROUP BY 1`,
    since ? [since.afterSeq] : [],
  );
  if (since) {
    for (let b = 0; b < KEY_BUCKETS; b++) {
      live.counts[b] = live.counts[b]! + since.keys.counts[b]!;
      live.sums[b] = live.sums[b]! + since.keys.sums[b]!;
    }
  }
  return live;
}

/**
 * Live unique keys missing from ledger_unique_key (`heldTransferId` null), and rows there that are
 * not live (`liveTransferId` null); at most `limit`, by key. Set-based in two steps: one pass over
 * the live keys (from a checkpoint: over the keyed transfers after it) and one over
 * ledger_unique_key sum each bucket's fingerprints (a few thousand groups, no join of millions of
 * rows); only the keys of buckets whose fingerprints differ are then compared row by row — none
 * on a sound ledger. Also returns ledger_unique_key's buckets: on a sound ledger, the live keys'.
 *
 * @example const { differences, held } = await uniqueKeyDifferences(tx, 100);
 */
export async function uniqueKeyDifferences(
  sql: Sql,
  limit: number,
  since?: CheckpointBase & { keys: KeyBuckets },
): Promise<{
  differences: { uniqueKey: string; liveTransferId: string | null; heldTransferId: string | null }[];
  held: KeyBuckets;
  /** Buckets that differ although no key does (only from a checkpoint). */
  unexplained: number[];
}> {
  const live = await liveKeyBuckets(sql, since);
  const held = await bucketSums(sql, bucketed('ledger_unique_key', 'transfer_id'), []);
  const differing: number[] = [];
  for (let b = 0; b < KEY_BUCKETS; b++) {
    if (live.counts[b] !== held.counts[b] || live.sums[b] !== held.sums[b]) differing.push(b);
  }
  if (differing.length === 0) return { differences: [], held, unexplained: [] };
  const rows = await sql.query<{ unique_key: string; live_id: string | null; held_id: string | null }>(
    `WITH ${LIVE_KEYS}
     SELECT coalesce(l.unique_key, k.unique_key) AS unique_key, l.id AS live_id, k.transfer_id AS held_id
     FROM (SELECT * FROM live WHERE ${bucketOf('unique_key', 'id')} = ANY($2::int[])) l
     FULL JOIN (SELECT * FROM ledger_unique_key WHERE ${bucketOf('unique_key', 'transfer_id')} = ANY($2::int[])) k
       ON k.unique_key = l.unique_key AND k.transfer_id = l.id
     WHERE l.id IS NULL OR k.transfer_id IS NULL
     ORDER BY 1, 2 LIMIT $1`,
    [limit, differing],
  );
  const differences = rows.map((r) => ({
    uniqueKey: r.unique_key,
    liveTransferId: r.live_id,
    heldTransferId: r.held_id,
  }));
  // From a checkpoint, buckets may differ with every key in its place: the checkpoint's sums are
  // not what the transfers make (a changed checkpoint, or history changed before it).
  return { differences, held, unexplained: differences.length === 0 ? differing : [] };
}

/**
 * Among `keys`, those held by more than one live transfer, with the transfers' ids in order.
 *
 * @example const twice = await uniqueKeysHeldTwice(tx, ['payout:r1:42']);
 */
export async function uniqueKeysHeldTwice(
  sql: Sql,
  keys: readonly string[],
): Promise<{ uniqueKey: string; transferIds: string[] }[]> {
  const rows = await sql.query<{ unique_key: string; ids: string[] }>(
    `WITH ${LIVE_KEYS}
     SELECT unique_key, array_agg(id ORDER BY id) AS ids FROM live WHERE unique_key = ANY($1::text[])
     GROUP BY unique_key HAVING count(*) > 1 ORDER BY 1`,
    [keys],
  );
  return rows.map((r) => ({ uniqueKey: r.unique_key, transferIds: r.ids }));
}

/**
 * How many accounts the ledger holds.
 *
 * @example const n = await countAccounts(tx); // 12n
 */
export async function countAccounts(sql: Sql): Promise<bigint> {
  const [accounts] = await sql.query<{ n: bigint }>('SELECT count(*) AS n FROM ledger_account');
  return accounts?.n ?? 0n;
}
