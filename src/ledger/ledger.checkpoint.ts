import { createHash } from 'node:crypto';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import {
  type CheckpointAccount,
  type CheckpointRow,
  checkpointAccounts,
  HISTORY_RANGE_BITS,
  type HistoryFingerprint,
  historyFingerprint,
  insertCheckpoint,
  latestCheckpoint,
  type NewCheckpoint,
  storedAccountBalances,
  takeVerificationMark,
  useCheckpointSnapshot,
} from './ledger.checkpoint.repository.ts';
import { type LedgerProblem, type LedgerVerification, runLedgerChecks } from './ledger.verify.ts';

/**
 * The ledger's check from a verified checkpoint (issue #17, migration 0066). The full check
 * (`verifyLedger`) recomputes everything from every transfer: 29 s at 3.7 M transfers. A clean
 * run of `checkLedger` records a checkpoint as of a transfer seq: every account's balances, the
 * live unique keys' 4,096 bucket fingerprints, and a fingerprint of the transfer rows themselves
 * by range of 65,536 seqs. The next run starts from it and checks the same invariants reading only
 * the transfers after it (and the older ones those post, void or reverse), plus the two small
 * tables (accounts, unique keys) whole:
 * - balances: the checkpoint's plus the new transfers' sums equal the stored ones, every account;
 *   debits equal credits by ledger; no flag broken (the accounts, whole);
 * - the new transfers' accounts on their ledger, well formed;
 * - each new post, void or reversal matches what it refers to, and resolves or reverses it once;
 * - the live unique keys (the checkpoint's buckets, plus new keyed transfers, less those new ones
 *   release) are exactly ledger_unique_key, bucket by bucket, row by row where a bucket differs;
 * - with `history`, the transfer rows up to the checkpoint still hash, range by range, to what it
 *   recorded: what lets an incremental run see an old transfer changed, removed or added under an
 *   old seq. One pass over the whole table, hashing every row: 6–7 × a `count(*)` of it, 15–19 s
 *   of the run's 30 s at 4 M transfers under load (docs/benchmarks.md), so not the default; the
 *   full check always does it.
 *
 * What the incremental check cannot see: without `history` (the default), any change to a
 * transfer before its checkpoint's mark (the balances and keys it starts from are the
 * checkpoint's, not recomputed); with it, a change made together with a checkpoint that describes
 * it (an attacker who can write the database can write a checkpoint whose balances and
 * fingerprints match the changed history; the triggers refuse UPDATE and DELETE, but a database
 * owner can disable them), and a change that keeps every range's 64-bit hash sum (the hash is not
 * cryptographic: it finds accidents and careless edits, not a forger who computes a collision).
 * The full check (`full: true`, `ayni ledger verify --full`) trusts no checkpoint: it recomputes
 * every balance and live key from every transfer, and still compares the history with the latest
 * checkpoint. A forged checkpoint shows as a checkpoint whose digest is not the one the audit
 * trail recorded when it was written (each checkpoint's SHA-256 digest, chained to the one it
 * started from, is an audit entry; `ayni audit verify --anchor` checks the trail against a head
 * kept outside the database), and a run that starts from a checkpoint first checks its digest.
 * A latest checkpoint whose content does not hash to its digest is a finding, not noise: every
 * run, full or not, reports it and writes no checkpoint until it has been investigated (the
 * checkpoints are append-only, so clearing it takes the database owner, on the record).
 */

/** A checkpoint as a run reports it. */
export interface LedgerCheckpointSummary {
  id: bigint;
  mode: 'full' | 'incremental';
  throughSeq: bigint;
  transferCount: bigint;
  verifiedAt: Date;
  verifiedBy: string;
  digest: string;
}

export interface LedgerCheck extends LedgerVerification {
  /** `incremental` from `from`; `full` when asked, or when there is no checkpoint to start from. */
  mode: 'full' | 'incremental';
  /** The checkpoint an incremental run started from. */
  from: LedgerCheckpointSummary | null;
  /** The checkpoint this run wrote: null when it found problems, or could not take its mark. */
  checkpoint: LedgerCheckpointSummary | null;
  /** Why no checkpoint was written: problems found, or transfers being recorded the whole time. */
  notWritten?: 'problems' | 'busy';
}

export interface CheckLedgerOptions {
  /** The full check, from the transfers alone. Default: from the latest checkpoint, if any. */
  full?: boolean;
  /** Who runs it (recorded with the checkpoint and in the audit trail). */
  actor: Actor;
  at: Date;
  /** Incremental: fingerprint the transfer rows before the checkpoint (one pass over the table). Default false. */
  history?: boolean;
  maxProblems?: number;
  timings?: boolean;
  /** How long to wait for transfers being recorded before checking without a mark. Default 5 s. */
  lockTimeoutMs?: number;
}

const summary = (c: CheckpointRow | (NewCheckpoint & { id: bigint })): LedgerCheckpointSummary => ({
  id: c.id,
  mode: c.mode,
  throughSeq: c.throughSeq,
  transferCount: c.transferCount,
  verifiedAt: c.verifiedAt,
  verifiedBy: c.verifiedBy,
  digest: c.digest,
});

/**
 * SHA-256 of a checkpoint's content in a fixed order (every field but its id and digest) and its
 * accounts: what the audit trail records, and what a run starting from it recomputes.
 *
 * @example const digest = checkpointDigest(checkpoint, accounts);
 */
export function checkpointDigest(
  c: Omit<NewCheckpoint, 'digest'>,
  accounts: readonly CheckpointAccount[],
): string {
  const hash = createHash('sha256');
  const line = (...parts: readonly (string | bigint | number | null)[]) =>
    hash.update(`${parts.map((p) => (p === null ? '' : String(p))).join('\t')}\n`);
  line(
    'ayni ledger checkpoint 1',
    c.previousId,
    c.previousDigest,
    c.mode,
    c.throughSeq,
    c.transferCount,
    c.accountCount,
    c.liveKeyCount,
    c.verifiedAt.toISOString(),
    c.verifiedBy,
    c.durationMs,
  );
  line('keys', ...c.keys.counts);
  line('key sums', ...c.keys.sums);
  line('history', ...c.history.counts);
  line('history sums', ...c.history.sums);
  for (const l of c.ledgers)
    line('ledger', l.ledger, l.debitsPending, l.debitsPosted, l.creditsPending, l.creditsPosted);
  for (const a of accounts)
    line('account', a.accountId, a.debitsPending, a.debitsPosted, a.creditsPending, a.creditsPosted);
  return hash.digest('hex');
}

/** Ranges of `history` (through `throughSeq`) that differ from the checkpoint's, as problems. */
function historyProblems(cp: CheckpointRow, history: HistoryFingerprint, limit: number): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const ranges = Math.max(cp.history.counts.length, history.counts.length);
  for (let i = 0; i < ranges && problems.length < limit; i++) {
    if (
      (cp.history.counts[i] ?? 0n) === (history.counts[i] ?? 0n) &&
      (cp.history.sums[i] ?? 0n) === (history.sums[i] ?? 0n)
    )
      continue;
    const from = BigInt(i) << BigInt(HISTORY_RANGE_BITS);
    const to = (BigInt(i + 1) << BigInt(HISTORY_RANGE_BITS)) - 1n;
    problems.push({
      problem: 'history_changed',
      checkpointId: cp.id,
      fromSeq: from,
      toSeq: to < cp.throughSeq ? to : cp.throughSeq,
    });
  }
  return problems;
}

/** `a` plus `b`, range by range. */
function addHistory(a: HistoryFingerprint, b: HistoryFingerprint): HistoryFingerprint {
  const n = Math.max(a.counts.length, b.counts.length);
  const counts: bigint[] = [];
  const sums: bigint[] = [];
  for (let i = 0; i < n; i++) {
    counts.push((a.counts[i] ?? 0n) + (b.counts[i] ?? 0n));
    sums.push((a.sums[i] ?? 0n) + (b.sums[i] ?? 0n));
  }
  return { counts, sums };
}

/**
 * Checks the ledger from its latest verified checkpoint (or in full, with `full` or without one)
 * in one snapshot, and writes a new checkpoint, with its audit entry, when the run is clean. See
 * the comment at the top of this file for what each mode sees.
 *
 * @example
 *   const check = await checkLedger(db, { actor: accountActor('ana'), at: new Date() });
 *   if (!check.ok) report(check.problems);
 */
export async function checkLedger(db: Database, options: CheckLedgerOptions): Promise<LedgerCheck> {
  const t0 = performance.now();
  const limit = options.maxProblems ?? 100;
  const history = options.history ?? false;
  const run = await db.transaction(async (tx) => {
    await useCheckpointSnapshot(tx);
    const mark = await takeVerificationMark(tx, options.lockTimeoutMs ?? 5000);
    const timings: Record<string, number> = {};
    const timed = async <T>(name: string, question: Promise<T>): Promise<T> => {
      const s = performance.now();
      const answer = await question;
      timings[name] = (timings[name] ?? 0) + performance.now() - s;
      return answer;
    };
    const problems: LedgerProblem[] = [];

    // The latest checkpoint: where an incremental run starts, what a full run compares history with.
    const latest = await timed('latestCheckpoint', latestCheckpoint(tx));
    let baseAccounts: CheckpointAccount[] = [];
    let sound = false;
    if (latest !== undefined) {
      baseAccounts = await timed('checkpointAccounts', checkpointAccounts(tx, latest.id));
      const { id: _id, digest, ...content } = latest;
      sound = checkpointDigest(content, baseAccounts) === digest;
      if (!sound) problems.push({ problem: 'checkpoint_differs', checkpointId: latest.id, what: 'digest' });
    }
    const base = !options.full && latest !== undefined && sound ? latest : undefined;

    const { verification, heldKeys } = await runLedgerChecks(
      tx,
      { maxProblems: limit, timings: true },
      base && {
        checkpointId: base.id,
        afterSeq: base.throughSeq,
        transferCount: base.transferCount,
        keys: base.keys,
      },
    );
    Object.assign(timings, verification.timings);

    // The transfer rows' fingerprint: compared with the latest checkpoint's, and the new one's.
    let rows: HistoryFingerprint;
    if (history || base === undefined) {
      const h = await timed(
        'historyFingerprint',
        historyFingerprint(tx, { through: latest?.throughSeq ?? -1n }),
      );
      if (latest !== undefined && sound) problems.push(...historyProblems(latest, h.through, limit));
      rows = h.all;
    } else {
      const h = await timed('historyFingerprint', historyFingerprint(tx, { afterSeq: base.throughSeq }));
      rows = addHistory(base.history, h.all);
    }
    problems.push(...verification.problems);
    const ok = problems.length === 0;
    let written: NewCheckpoint | undefined;
    let accounts: CheckpointAccount[] = [];
    if (ok && mark !== null) {
      accounts = await timed('storedAccountBalances', storedAccountBalances(tx));
      const content: Omit<NewCheckpoint, 'digest'> = {
        previousId: base?.id ?? null,
        mode: base ? 'incremental' : 'full',
        throughSeq: mark,
        transferCount: verification.transferCount,
        accountCount: verification.accountCount,
        liveKeyCount: heldKeys.counts.reduce((a, b) => a + b, 0n),
        keys: heldKeys,
        history: rows,
        ledgers: verification.ledgers.map((l) => ({
          ledger: l.ledger,
          debitsPending: String(l.debitsPending),
          debitsPosted: String(l.debitsPosted),
          creditsPending: String(l.creditsPending),
          creditsPosted: String(l.creditsPosted),
        })),
        verifiedAt: options.at,
        verifiedBy: options.actor,
        durationMs: Math.round(performance.now() - t0),
        previousDigest: base?.digest ?? null,
      };
      written = { ...content, digest: checkpointDigest(content, accounts) };
    }
    return { verification: { ...verification, ok, problems, timings }, base, mark, written, accounts };
  });

  let checkpoint: LedgerCheckpointSummary | null = null;
  if (run.written) {
    const c = run.written;
    // Its own transaction, READ COMMITTED as the audit trail needs: the checkpoint and its entry
    // commit together.
    const id = await db.transaction(async (tx) => {
      const id = await insertCheckpoint(tx, c, run.accounts);
      await appendAudit(tx, {
        at: options.at,
        actor: options.actor,
        action: 'ledger_checkpoint.verified',
        entityType: 'ledger_checkpoint',
        entityId: Number(id),
        after: {
          mode: c.mode,
          throughSeq: String(c.throughSeq),
          transferCount: String(c.transferCount),
          previousDigest: c.previousDigest,
          digest: c.digest,
        },
      });
      return id;
    });
    checkpoint = summary({ ...c, id });
  }
  const { timings, ...verification } = run.verification;
  return {
    ...verification,
    ...(options.timings ? { timings } : {}),
    mode: run.base ? 'incremental' : 'full',
    from: run.base ? summary(run.base) : null,
    checkpoint,
    ...(checkpoint === null ? { notWritten: run.verification.ok ? 'busy' : 'problems' } : {}),
  };
}
