import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { RoundStatus } from './bono.types.ts';
import { creditorColumns, type FileDepositRow } from './deposit-file.repository.ts';

/**
 * The SQL of the deposit export (deposit-export.ts): the round it exports, the lock that keeps it
 * alone, the pages of the round's deposit entitlements and the statement that classifies and records
 * each page. A file's row and the deposits it holds are in deposit-file.repository.ts.
 *
 * Large sets are read in keyset pages ordered by a key with an index (person_id of the round's
 * entitlements), never in one result: a round can hold hundreds of thousands of deposits.
 */

/**
 * The state of a round (frozen, approved, expired …), or undefined when there is no such round:
 * deposits are exported only for an approved one.
 *
 * @example await roundStatus(db, 1) // 'approved'
 */
export async function roundStatus(sql: Sql, roundId: number): Promise<RoundStatus | undefined> {
  const [round] = await sql.query<{ status: RoundStatus }>('SELECT status FROM bono_round WHERE id = $1', [
    roundId,
  ]);
  return round?.status;
}

/** First key of the PostgreSQL advisory lock an export holds ('BCHD'); the second is the round id. */
const ADVISORY_LOCK_CLASS = 0x42434844;

/**
 * Takes the round's export lock for the rest of the transaction `lock` (a transaction-scoped
 * advisory lock, so it ends with the transaction even if the process dies); false when another
 * export holds it.
 *
 * @example await db.transaction(async (lock) => (await tryExportLock(lock, 1)) && run())
 */
export async function tryExportLock(lock: Sql, roundId: number): Promise<boolean> {
  const [row] = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', [
    ADVISORY_LOCK_CLASS,
    roundId,
  ]);
  return row?.locked === true;
}

/**
 * The settings of an export's transactions: no JIT (disableJit, deposit-file.repository.ts) and no
 * parallel workers — a page read by three processes took the CPU the export needs for itself (76 ms
 * of three processes against 65 ms of one, bench country) — and room in memory for a page's
 * materialised set (16,000 rows with names: with the default 4 MB it went to a temporary file,
 * about 1 % of the server's time).
 *
 * @example await transactionWithRetry(db, async (tx) => { await exportSettings(tx); … })
 */
export async function exportSettings(tx: Sql): Promise<void> {
  await tx.exec(
    "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '32MB'",
  );
}

/** Why an export does not send a deposit entitlement now, as the page statement tells them apart. */
export type PageSkipReason =
  | 'already_paid'
  | 'deposit_open'
  | 'collection_period_over'
  | 'bank_not_enabled'
  | 'beneficiary_deceased'
  | 'account_rejected'
  | 'person_missing';

/**
 * How many deposit entitlements a round has (what an export examines).
 *
 * @example await countDepositEntitlements(db, 1) // 527000
 */
export async function countDepositEntitlements(sql: Sql, roundId: number): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bono_entitlement WHERE round_id = $1 AND channel = 'deposit'`,
    [roundId],
  );
  return row?.n ?? 0;
}

/**
 * Where the next page of deposit entitlements ends: the person of the `limit`-th deposit
 * entitlement of the round after `afterPersonId` (or the last one), by an index-only scan in
 * order; undefined when the round has none after it. The page is then a range of persons
 * (reservePageRows): asked instead for "the first `limit` that pass", the planner read and sorted
 * every deposit entitlement after the cursor (185–560 ms a page on the bench country, against 60).
 *
 * @example const upto = await pageEnd(db, 1, 0n, 16_000) // the first page: persons 1 … upto
 */
export async function pageEnd(
  sql: Sql,
  roundId: number,
  afterPersonId: bigint,
  limit: number,
): Promise<bigint | undefined> {
  const [range] = await sql.query<{ upto: bigint | null }>(
    `SELECT max(person_id) AS upto FROM (
       SELECT e.person_id FROM bono_entitlement e
       WHERE e.round_id = $1 AND e.channel = 'deposit' AND e.person_id > $2
       ORDER BY e.person_id LIMIT $3) r`,
    [roundId, afterPersonId, limit],
  );
  return range?.upto ?? undefined;
}

/** Where a page's deposits to one bank go: its file and the transfer that sends them. */
export interface PageBank {
  bic: string;
  fileId: number;
  /** B<round>F<file>P: the EndToEndId of a deposit is this and the zero-padded person id. */
  endToEndPrefix: string;
  sentTransferId: string;
}

export interface PageFilter {
  roundId: number;
  /** The day of the export in Bolivia: entitlements whose deadline is before it are over. */
  day: IsoDate;
  /** The banks enabled on that day, each with its file: only they can receive deposits. */
  banks: readonly PageBank[];
  /** Reason codes after which a rejected deposit is not sent again (the account itself is wrong). */
  accountReasonCodes: readonly string[];
  /** MD07 and the like: the bank says the holder died. */
  deceasedReasonCodes: readonly string[];
  /** The page: persons afterPersonId < id ≤ upto. */
  afterPersonId: bigint;
  upto: bigint;
  /** Persons left out (paid at a counter while an earlier attempt at this page was reserved). */
  excluded: readonly bigint[];
  /**
   * Return the deposits in EndToEndId order (each bank's in person order). Without it they come
   * in the order the plan produces them, person order in practice, at a tenth of the statement
   * less; a caller that finds them out of order asks again with it.
   */
  ordered?: boolean;
}

/** A deposit the page statement recorded ('sent'), with what its file line needs. */
export type SentRow = FileDepositRow;

/**
 * One page of an export in one statement: every deposit entitlement of the round among the page's
 * persons is classified — sent now, or the first reason that applies, in the order of the CASE —
 * the ones to send are recorded as bono_deposit rows ('sent'; bono_deposit_one_open refuses a
 * second open deposit for a person), and those rows come back with the account holder's name and
 * CI, with a count per reason for the others. Run in the transaction that books the page's
 * transfers (reservePage, deposit-export-page.ts). Each deposit is handed to `onSent` as it
 * arrives, while the server still records the page (the rows come out before the INSERT runs): the
 * caller turns it into a file line at once and keeps nothing else of it. They come in the order the
 * plan produces them (person order in practice) unless `ordered`: sorting here cost a tenth of the
 * statement.
 *
 * Reading and recording in one statement saved the rows' trip to the client and back (COPY), and
 * classifying here the separate count that ran before any page (1.7 s of 9 on the bench country);
 * one materialised set rather than two (4.4 against 5.0 CPU seconds for the bench country), and as
 * narrow as it can be: the holder's name and CI already joined, the bank's file and transfer taken
 * by its position in the arrays when the row is recorded (forming the set's rows was a tenth of the
 * server's time with the five registry columns and the bank's ids in every row).
 * Every look-up is bounded by the page's range, so that whatever plan is chosen — a hashed subplan
 * or a probe per row — its cost follows the page, not bono_payment or bono_deposit as they grow
 * (an unbounded hashed look-up read every deposit recorded so far, once per page). The registry
 * row is fetched per person (LATERAL … OFFSET 0 keeps it a nested loop): a page's deposit holders
 * are one person in twenty, and a merge join read all of the range's persons (4.95 against 5.46
 * CPU seconds for the bench country's 527,000 deposits).
 *
 * @example const { sent, skipped } = await reservePageRows(tx, filter, (row) => lines.push(row));
 */
export async function reservePageRows(
  sql: Sql,
  f: PageFilter,
  onSent: (row: SentRow) => void,
): Promise<{ sent: number; skipped: Map<PageSkipReason, number> }> {
  let sent = 0;
  const skipped = new Map<PageSkipReason, number>();
  await sql.queryEach<SentRow & { outcome: string; n: number | null }>(
    `WITH c AS MATERIALIZED (
       SELECT e.person_id, e.amount_centavos, e.bank_bic, e.account_number, b.i, ${creditorColumns('p')},
         CASE WHEN EXISTS (SELECT 1 FROM bono_payment x WHERE x.person_id = e.person_id AND x.reversed_at IS NULL
                             AND x.person_id > $6 AND x.person_id <= $7) THEN 'already_paid'
              WHEN EXISTS (SELECT 1 FROM bono_deposit d WHERE d.person_id = e.person_id AND d.state <> 'rejected'
                             AND d.person_id > $6 AND d.person_id <= $7) THEN 'deposit_open'
              WHEN e.deadline < $2::date THEN 'collection_period_over'
              WHEN b.i IS NULL THEN 'bank_not_enabled'
              WHEN EXISTS (SELECT 1 FROM bono_deposit r WHERE r.person_id = e.person_id AND r.round_id = e.round_id
                             AND r.state = 'rejected' AND r.reason_code = ANY($5::text[])
                             AND r.person_id > $6 AND r.person_id <= $7) THEN 'beneficiary_deceased'
              WHEN EXISTS (SELECT 1 FROM bono_deposit r WHERE r.person_id = e.person_id AND r.round_id = e.round_id
                             AND r.state = 'rejected' AND r.reason_code = ANY($4::text[])
                             AND r.person_id > $6 AND r.person_id <= $7) THEN 'account_rejected'
              WHEN p.id IS NULL THEN 'person_missing'
              ELSE 'send' END AS outcome,
         (b.prefix || lpad(e.person_id::text, greatest(10, length(e.person_id::text)), '0')) COLLATE "C" AS end_to_end_id
       FROM bono_entitlement e
       LEFT JOIN unnest($3::text[], $9::text[]) WITH ORDINALITY b(bic, prefix, i) ON b.bic = e.bank_bic
       LEFT JOIN LATERAL (
         SELECT p.id, p.given_names, p.first_surname, p.second_surname, p.ci_number, p.complemento
         FROM registry_person p WHERE p.id = e.person_id OFFSET 0) p ON true
       WHERE e.round_id = $1 AND e.channel = 'deposit' AND e.person_id > $6 AND e.person_id <= $7
         AND e.person_id <> ALL($11::bigint[])),
     ins AS (
       INSERT INTO bono_deposit (end_to_end_id, file_id, round_id, person_id, bank_bic, account_number, amount_centavos,
         sent_transfer_id, state)
       SELECT c.end_to_end_id, ($8::bigint[])[c.i], $1, c.person_id, c.bank_bic, c.account_number, c.amount_centavos,
         ($10::text[])[c.i], 'sent'
       FROM c WHERE c.outcome = 'send')
     SELECT 'send' AS outcome, c.end_to_end_id, c.amount_centavos, c.bank_bic, c.account_number,
       c.creditor_name, c.identity, NULL::int AS n
     FROM c WHERE c.outcome = 'send'
     UNION ALL
     SELECT c.outcome, NULL, NULL, NULL, NULL, NULL, NULL, count(*)::int FROM c WHERE c.outcome <> 'send' GROUP BY c.outcome
     ${f.ordered ? 'ORDER BY 2' : ''}`,
    [
      f.roundId,
      f.day,
      f.banks.map((b) => b.bic),
      f.accountReasonCodes,
      f.deceasedReasonCodes,
      f.afterPersonId,
      f.upto,
      f.banks.map((b) => b.fileId),
      f.banks.map((b) => b.endToEndPrefix),
      f.banks.map((b) => b.sentTransferId),
      f.excluded.map(String),
    ],
    (row) => {
      if (row.outcome === 'send') {
        sent++;
        onSent(row);
      } else skipped.set(row.outcome as PageSkipReason, row.n ?? 0);
    },
  );
  return { sent, skipped };
}

/**
 * Removes deposit rows the page statement recorded but a file cannot carry, in the same transaction.
 *
 * @example await deleteDeposits(tx, ['B1F7P0000000042'])
 */
export async function deleteDeposits(sql: Sql, endToEndIds: readonly string[]): Promise<void> {
  if (endToEndIds.length === 0) return;
  await sql.query(`DELETE FROM bono_deposit WHERE end_to_end_id = ANY($1::text[]) AND state = 'sent'`, [
    endToEndIds,
  ]);
}

/**
 * The persons of a page (afterPersonId < id ≤ upto) with a live payment (at a counter, or an
 * accepted deposit) and a deposit the page's transfers are sending. Run under the payable
 * account's lock, which every payout holds until it commits, it sees every payment that could race
 * with the page. Looked for among the range's payments, which are few, rather than by each of the
 * page's persons (16,000 look-ups a page).
 *
 * @example const paid = await paidAmongPage(tx, { afterPersonId: 0n, upto: 4500n, sentTransferIds });
 */
export async function paidAmongPage(
  sql: Sql,
  page: { afterPersonId: bigint; upto: bigint; sentTransferIds: readonly string[] },
): Promise<bigint[]> {
  const rows = await sql.query<{ person_id: bigint }>(
    `SELECT b.person_id FROM bono_payment b
     WHERE b.person_id > $1 AND b.person_id <= $2 AND b.reversed_at IS NULL
       AND EXISTS (SELECT 1 FROM bono_deposit d WHERE d.person_id = b.person_id AND d.state = 'sent'
                     AND d.sent_transfer_id = ANY($3::text[]))`,
    [page.afterPersonId, page.upto, page.sentTransferIds],
  );
  return rows.map((r) => r.person_id);
}
