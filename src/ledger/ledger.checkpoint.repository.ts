import type { Sql } from '../db/database.ts';
import type { Balances } from './ledger.types.ts';
import { KEY_BUCKETS, type KeyBuckets } from './ledger.verify.repository.ts';

/**
 * The SQL of the ledger's verified checkpoints (./ledger.checkpoint.ts, migration 0066): taking
 * the mark a check verifies through, reading and writing checkpoints, and the fingerprint of the
 * transfer rows by range of seq.
 */

/** Transfers per range of the history fingerprint: seq >> 16. */
export const HISTORY_RANGE_BITS = 16;

/** A checkpoint as stored. */
export interface CheckpointRow {
  id: bigint;
  previousId: bigint | null;
  mode: 'full' | 'incremental';
  throughSeq: bigint;
  transferCount: bigint;
  accountCount: bigint;
  liveKeyCount: bigint;
  keys: KeyBuckets;
  history: HistoryFingerprint;
  /** Debit and credit totals by ledger, amounts as decimal strings. */
  ledgers: {
    ledger: string;
    debitsPending: string;
    debitsPosted: string;
    creditsPending: string;
    creditsPosted: string;
  }[];
  verifiedAt: Date;
  verifiedBy: string;
  durationMs: number;
  previousDigest: string | null;
  digest: string;
}

/** One account's balances in a checkpoint. */
export interface CheckpointAccount extends Balances {
  accountId: bigint;
}

/** Count and hash sum of the transfer rows of each range of seq, by range. */
export interface HistoryFingerprint {
  counts: bigint[];
  sums: bigint[];
}

/**
 * Opens the check's transaction: one snapshot (REPEATABLE READ) for every question, with room to
 * group in memory. Not READ ONLY: the mark's lock needs more than a reader may take. Must come
 * first in the transaction.
 *
 * @example await db.transaction(async (tx) => { await useCheckpointSnapshot(tx); … });
 */
export async function useCheckpointSnapshot(tx: Sql): Promise<void> {
  await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await tx.exec("SET LOCAL work_mem = '64MB'");
}

/**
 * Takes the transaction's snapshot at a moment when no transfer is being recorded, and returns the
 * highest seq handed out then: every transfer with a lower seq is in the snapshot or will never
 * exist, so a later check may start after it without missing one that committed late (seq is
 * taken when a row is inserted, not when it commits). A SHARE lock waits for the transactions
 * that are recording transfers (their ROW EXCLUSIVE lock conflicts with it); the snapshot is taken
 * under it, then the lock is released by rolling back to a savepoint, while the snapshot (kept by
 * the transaction) stays: writers wait the few milliseconds of in-flight batches, not the check.
 * Null when the lock was not granted in `lockTimeoutMs` (a long import recording transfers).
 *
 * @example const mark = await takeVerificationMark(tx, 5000); // 3703113n
 */
export async function takeVerificationMark(tx: Sql, lockTimeoutMs: number): Promise<bigint | null> {
  await tx.exec('SAVEPOINT ledger_verification_mark');
  try {
    await tx.exec(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    await tx.exec('LOCK TABLE ledger_transfer IN SHARE MODE');
    const [row] = await tx.query<{ last: bigint | null }>(
      `SELECT pg_sequence_last_value(pg_get_serial_sequence('ledger_transfer', 'seq')::regclass) AS last`,
    );
    await tx.exec('ROLLBACK TO SAVEPOINT ledger_verification_mark');
    return row?.last ?? 0n;
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error;
    await tx.exec('ROLLBACK TO SAVEPOINT ledger_verification_mark');
    return null;
  }
}

const toBigints = (a: readonly string[]) => a.map((x) => BigInt(x));

/**
 * The checkpoint with the highest mark (the latest written among equals), or undefined.
 *
 * @example const cp = await latestCheckpoint(tx);
 */
export async function latestCheckpoint(sql: Sql): Promise<CheckpointRow | undefined> {
  const [r] = await sql.query<{
    id: bigint;
    previous_id: bigint | null;
    mode: 'full' | 'incremental';
    through_seq: bigint;
    transfer_count: bigint;
    account_count: bigint;
    live_key_count: bigint;
    key_bucket_counts: string[];
    key_bucket_sums: string[];
    history_counts: string[];
    history_sums: string[];
    ledgers: CheckpointRow['ledgers'];
    verified_at: Date;
    verified_by: string;
    duration_ms: number;
    previous_digest: string | null;
    digest: string;
  }>(
    `SELECT id, previous_id, mode, through_seq, transfer_count, account_count, live_key_count,
       key_bucket_counts::text[] AS key_bucket_counts, key_bucket_sums::text[] AS key_bucket_sums,
       history_counts::text[] AS history_counts, history_sums::text[] AS history_sums,
       ledgers, verified_at, verified_by, duration_ms, previous_digest, digest
     FROM ledger_checkpoint ORDER BY through_seq DESC, id DESC LIMIT 1`,
  );
  if (r === undefined) return undefined;
  return {
    id: r.id,
    previousId: r.previous_id,
    mode: r.mode,
    throughSeq: r.through_seq,
    transferCount: r.transfer_count,
    accountCount: r.account_count,
    liveKeyCount: r.live_key_count,
    keys: { counts: toBigints(r.key_bucket_counts), sums: toBigints(r.key_bucket_sums) },
    history: { counts: toBigints(r.history_counts), sums: toBigints(r.history_sums) },
    ledgers: r.ledgers,
    verifiedAt: r.verified_at,
    verifiedBy: r.verified_by,
    durationMs: r.duration_ms,
    previousDigest: r.previous_digest,
    digest: r.digest,
  };
}

/**
 * A checkpoint's account balances, by account id.
 *
 * @example const accounts = await checkpointAccounts(tx, 7n);
 */
export async function checkpointAccounts(sql: Sql, checkpointId: bigint): Promise<CheckpointAccount[]> {
  const rows = await sql.query<{
    account_id: bigint;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
  }>(
    `SELECT account_id, debits_pending, debits_posted, credits_pending, credits_posted
     FROM ledger_checkpoint_account WHERE checkpoint_id = $1 ORDER BY account_id`,
    [checkpointId],
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    debitsPending: r.debits_pending,
    debitsPosted: r.debits_posted,
    creditsPending: r.credits_pending,
    creditsPosted: r.credits_posted,
  }));
}

/**
 * Every account's stored balances, by id: what a clean check has just shown the transfers make.
 *
 * @example const accounts = await storedAccountBalances(tx);
 */
export async function storedAccountBalances(sql: Sql): Promise<CheckpointAccount[]> {
  const rows = await sql.query<{
    id: bigint;
    debits_pending: bigint;
    debits_posted: bigint;
    credits_pending: bigint;
    credits_posted: bigint;
  }>(
    'SELECT id, debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_account ORDER BY id',
  );
  return rows.map((r) => ({
    accountId: r.id,
    debitsPending: r.debits_pending,
    debitsPosted: r.debits_posted,
    creditsPending: r.credits_pending,
    creditsPosted: r.credits_posted,
  }));
}

const emptyHistory = (ranges: number): HistoryFingerprint => ({
  counts: new Array<bigint>(ranges).fill(0n),
  sums: new Array<bigint>(ranges).fill(0n),
});

/**
 * The history fingerprint: by range of seq, how many transfer rows and the exact sum of a 64-bit
 * hash of each whole row (every column, seq included), for every transfer in the snapshot
 * (`all`) and for those with seq <= `through` (`through`: to compare with a checkpoint's). One
 * pass over the table. With `afterSeq`, only the transfers after it (by the BRIN index on seq),
 * in `all`.
 *
 * @example const { all, through } = await historyFingerprint(tx, { through: cp.throughSeq });
 */
export async function historyFingerprint(
  sql: Sql,
  options: { through?: bigint; afterSeq?: bigint },
): Promise<{ all: HistoryFingerprint; through: HistoryFingerprint }> {
  const rows = await sql.query<{
    range: number;
    n: string;
    h: string;
    n_through: string;
    h_through: string | null;
  }>(
    `SELECT (seq >> ${HISTORY_RANGE_BITS})::int AS range, count(*)::text AS n, sum(h)::text AS h,
       count(*) FILTER (WHERE seq <= $1)::text AS n_through, sum(h) FILTER (WHERE seq <= $1)::text AS h_through
     FROM (SELECT seq, hash_record_extended(t, 0) AS h FROM ledger_transfer t WHERE seq > $2) t
     GROUP BY 1`,
    [options.through ?? -1n, options.afterSeq ?? -1n],
  );
  const ranges = rows.reduce((m, r) => Math.max(m, r.range + 1), 0);
  const all = emptyHistory(ranges);
  const through = emptyHistory(ranges);
  for (const r of rows) {
    all.counts[r.range] = BigInt(r.n);
    all.sums[r.range] = BigInt(r.h);
    through.counts[r.range] = BigInt(r.n_through);
    through.sums[r.range] = BigInt(r.h_through ?? 0);
  }
  return { all, through };
}

/** A checkpoint to write; its id is the database's. */
export type NewCheckpoint = Omit<CheckpointRow, 'id'>;

/**
 * Writes a checkpoint and its accounts, returning its id.
 *
 * @example const id = await insertCheckpoint(tx, checkpoint, accounts);
 */
export async function insertCheckpoint(
  tx: Sql,
  c: NewCheckpoint,
  accounts: readonly CheckpointAccount[],
): Promise<bigint> {
  if (c.keys.counts.length !== KEY_BUCKETS) throw new Error('a checkpoint has 4096 key buckets');
  const [row] = await tx.query<{ id: bigint }>(
    `INSERT INTO ledger_checkpoint (previous_id, mode, through_seq, transfer_count, account_count, live_key_count,
       key_bucket_counts, key_bucket_sums, history_counts, history_sums, ledgers, result, verified_at, verified_by,
       duration_ms, previous_digest, digest)
     VALUES ($1, $2, $3, $4, $5, $6, $7::bigint[], $8::numeric[], $9::bigint[], $10::numeric[], $11::jsonb, 'ok',
       $12, $13, $14, $15, $16)
     RETURNING id`,
    [
      c.previousId,
      c.mode,
      c.throughSeq,
      c.transferCount,
      c.accountCount,
      c.liveKeyCount,
      c.keys.counts.map(String),
      c.keys.sums.map(String),
      c.history.counts.map(String),
      c.history.sums.map(String),
      JSON.stringify(c.ledgers),
      c.verifiedAt,
      c.verifiedBy,
      c.durationMs,
      c.previousDigest,
      c.digest,
    ],
  );
  const id = row!.id;
  await tx.query(
    `INSERT INTO ledger_checkpoint_account
       (checkpoint_id, account_id, debits_pending, debits_posted, credits_pending, credits_posted)
     SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])`,
    [
      id,
      accounts.map((a) => String(a.accountId)),
      accounts.map((a) => String(a.debitsPending)),
      accounts.map((a) => String(a.debitsPosted)),
      accounts.map((a) => String(a.creditsPending)),
      accounts.map((a) => String(a.creditsPosted)),
    ],
  );
  return id;
}
