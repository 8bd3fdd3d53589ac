import type { Database, Sql } from '../db/database.ts';
import type { Balances } from './ledger.types.ts';
import {
  type CheckpointBase,
  checkAccountBalances,
  countAccounts,
  flagViolations,
  type KeyBuckets,
  ledgerTotals,
  resolutionMismatches,
  reversalMismatches,
  transfersOffLedger,
  uniqueKeyDifferences,
  uniqueKeysHeldTwice,
  useVerificationSnapshot,
} from './ledger.verify.repository.ts';

/**
 * `verifyLedger` recomputes from the transfers alone what the ledger keeps for speed (balances,
 * live unique keys) and checks every invariant the code and the constraints are meant to keep. It
 * trusts neither: it is the auditor's check, and the test suite's. Its SQL is in
 * ./ledger.verify.repository.ts; what counts as a problem is decided here. `checkLedger`
 * (./ledger.checkpoint.ts, `ayni ledger verify`) runs the same checks from a verified checkpoint,
 * reading only the transfers after it, and records a checkpoint when clean; `verifyLedger` itself
 * writes nothing and always reads everything.
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
  | { problem: 'unique_key_held_twice'; uniqueKey: string; transferIds: string[] }
  /**
   * The transfer rows with seq from `fromSeq` to `toSeq` are not those a verified checkpoint
   * fingerprinted: one was changed, removed or added under an old seq (ledger.checkpoint.ts).
   */
  | { problem: 'history_changed'; checkpointId: bigint; fromSeq: bigint; toSeq: bigint }
  /**
   * A checkpoint's content does not hash to its digest (`digest`), or its live-key buckets are not
   * what the transfers make although every key is in its place (`unique_keys`): the checkpoint
   * was changed. The full check does not start from one.
   */
  | { problem: 'checkpoint_differs'; checkpointId: bigint; what: 'digest' | 'unique_keys' };

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
  /** With `timings`: milliseconds each question took, by name. */
  timings?: Record<string, number>;
}

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
  options: { maxProblems?: number; timings?: boolean } = {},
): Promise<LedgerVerification> {
  if (isDatabase(sql)) {
    return sql.transaction(async (tx) => {
      await useVerificationSnapshot(tx);
      return verifyLedger(tx, options);
    });
  }
  return (await runLedgerChecks(sql, options)).verification;
}

/** Where an incremental run of the checks starts: a checkpoint, its count and live-key buckets. */
export interface ChecksFrom extends CheckpointBase {
  transferCount: bigint;
  keys: KeyBuckets;
}

/**
 * The checks of `verifyLedger` in the caller's snapshot, from the transfers alone or, with
 * `since`, from a checkpoint's balances and key buckets and the transfers after it (and what they
 * refer to). Also returns ledger_unique_key's buckets, which a clean run's checkpoint records.
 *
 * @example const { verification, heldKeys } = await runLedgerChecks(tx, {}, since);
 */
export async function runLedgerChecks(
  sql: Sql,
  options: { maxProblems?: number; timings?: boolean },
  since?: ChecksFrom,
): Promise<{ verification: LedgerVerification; heldKeys: KeyBuckets }> {
  const limit = options.maxProblems ?? 100;
  const problems: LedgerProblem[] = [];
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, question: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const answer = await question;
    timings[name] = (timings[name] ?? 0) + performance.now() - t0;
    return answer;
  };

  const balances = await timed('checkAccountBalances', checkAccountBalances(sql, limit, since));
  const { accounts } = balances;
  const transferCount = balances.transferCount + (since?.transferCount ?? 0n);
  const mismatchedAccounts: { id: bigint; ledger: string | null }[] = [];
  for (const a of accounts) {
    const { stored, computed } = a;
    const differs =
      a.code === null ||
      stored.debitsPending !== computed.debitsPending ||
      stored.debitsPosted !== computed.debitsPosted ||
      stored.creditsPending !== computed.creditsPending ||
      stored.creditsPosted !== computed.creditsPosted;
    if (differs)
      problems.push({ problem: 'balance_differs', accountId: a.id, code: a.code, stored, computed });
    const wrongLedger =
      a.transferLedgers !== null && (a.code === null || a.transferLedgers.some((l) => l !== a.accountLedger));
    if (wrongLedger || a.malformed > 0n) mismatchedAccounts.push({ id: a.id, ledger: a.accountLedger });
  }
  // Name the transfers behind a wrong ledger, a missing account or a malformed row.
  const mismatched = new Set<string>();
  for (const account of mismatchedAccounts) {
    for (const id of await transfersOffLedger(sql, account.id, account.ledger, limit)) mismatched.add(id);
  }
  for (const id of [...mismatched].sort().slice(0, limit)) {
    problems.push({ problem: 'transfer_ledger_mismatch', transferId: id });
  }

  const ledgers = await timed('ledgerTotals', ledgerTotals(sql));
  for (const l of ledgers) {
    if (l.debitsPosted !== l.creditsPosted || l.debitsPending !== l.creditsPending) {
      problems.push({ problem: 'ledger_unbalanced', ledger: l.ledger, totals: l });
    }
  }

  for (const r of await timed('flagViolations', flagViolations(sql, limit)))
    problems.push({ problem: 'flag_violated', accountId: r.id, code: r.code, flag: r.flag });

  for (const r of await timed('resolutionMismatches', resolutionMismatches(sql, limit, since))) {
    problems.push({ problem: 'resolution_mismatch', transferId: r.id, pendingId: r.pendingId });
  }

  for (const r of await timed('reversalMismatches', reversalMismatches(sql, limit, since))) {
    problems.push({ problem: 'reversal_mismatch', transferId: r.id, reversesId: r.reversesId });
  }

  const unique = await timed('uniqueKeyDifferences', uniqueKeyDifferences(sql, limit, since));
  const keys = unique.differences;
  for (const r of keys) problems.push({ problem: 'unique_key_differs', ...r });
  if (since && unique.unexplained.length > 0)
    problems.push({ problem: 'checkpoint_differs', checkpointId: since.checkpointId, what: 'unique_keys' });
  // Two live holders of one key cannot both be in ledger_unique_key (its key is unique), so one of
  // them is among the live keys just found missing: only those need counting.
  const liveMissing = [...new Set(keys.filter((r) => r.liveTransferId !== null).map((r) => r.uniqueKey))];
  if (liveMissing.length > 0) {
    for (const r of await timed('uniqueKeysHeldTwice', uniqueKeysHeldTwice(sql, liveMissing))) {
      problems.push({ problem: 'unique_key_held_twice', ...r });
    }
  }

  const verification: LedgerVerification = {
    ok: problems.length === 0,
    transferCount,
    accountCount: await timed('countAccounts', countAccounts(sql)),
    ledgers,
    problems,
    ...(options.timings ? { timings } : {}),
  };
  return { verification, heldKeys: unique.held };
}
