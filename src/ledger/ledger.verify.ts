import type { Database, Sql } from '../db/database.ts';
import type { Balances } from './ledger.types.ts';
import {
  checkAccountBalances,
  countAccounts,
  flagViolations,
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
 * ./ledger.verify.repository.ts; what counts as a problem is decided here.
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
  const limit = options.maxProblems ?? 100;
  const problems: LedgerProblem[] = [];
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, question: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const answer = await question;
    timings[name] = (timings[name] ?? 0) + performance.now() - t0;
    return answer;
  };

  const { transferCount, accounts } = await timed('checkAccountBalances', checkAccountBalances(sql, limit));
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

  for (const r of await timed('resolutionMismatches', resolutionMismatches(sql, limit))) {
    problems.push({ problem: 'resolution_mismatch', transferId: r.id, pendingId: r.pendingId });
  }

  for (const r of await timed('reversalMismatches', reversalMismatches(sql, limit))) {
    problems.push({ problem: 'reversal_mismatch', transferId: r.id, reversesId: r.reversesId });
  }

  const keys = await timed('uniqueKeyDifferences', uniqueKeyDifferences(sql, limit));
  for (const r of keys) problems.push({ problem: 'unique_key_differs', ...r });
  // Two live holders of one key cannot both be in ledger_unique_key (its key is unique), so one of
  // them is among the live keys just found missing: only those need counting.
  const liveMissing = [...new Set(keys.filter((r) => r.liveTransferId !== null).map((r) => r.uniqueKey))];
  if (liveMissing.length > 0) {
    for (const r of await timed('uniqueKeysHeldTwice', uniqueKeysHeldTwice(sql, liveMissing))) {
      problems.push({ problem: 'unique_key_held_twice', ...r });
    }
  }

  return {
    ok: problems.length === 0,
    transferCount,
    accountCount: await timed('countAccounts', countAccounts(sql)),
    ledgers,
    problems,
    ...(options.timings ? { timings } : {}),
  };
}
