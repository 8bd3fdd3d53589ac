import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import { endToEndPrefix, endToEndRangeEnd } from './deposit-ids.ts';

/**
 * The SQL of account deposits (bono_deposit_file, bono_deposit, bono_status_import and the
 * bono_payment rows a reconciliation adds); nothing else in deposits.ts or reconcile.ts touches
 * the database except through the ledger and the audit trail.
 *
 * Large sets are read in keyset pages ordered by a key with an index (person_id of the round's
 * entitlements, end_to_end_id of a file's deposits), never in one result: a bank file can hold
 * hundreds of thousands of deposits.
 */

/**
 * Turns PostgreSQL's JIT compilation off for the rest of the transaction. The planner's estimates
 * for these per-row probes and JSON batches are high enough to trigger it, and compiling took two
 * seconds of a half-second query (measured on PostgreSQL 15 with 50,000 entitlements).
 */
export async function disableJit(tx: Sql): Promise<void> {
  await tx.exec('SET LOCAL jit = off');
}

/** Runs read-only work in a transaction without JIT. @example await withoutJit(db, (tx) => fileDepositPage(tx, …)) */
export function withoutJit<T>(db: Database, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await disableJit(tx);
    return fn(tx);
  });
}

/**
 * The settings of an export's transactions: no JIT (above) and no parallel workers — a page read
 * by three processes took the CPU the export needs for itself (76 ms of three processes against
 * 65 ms of one, bench country) — and room in memory for a page's materialised set (16,000 rows
 * with names: with the default 4 MB it went to a temporary file, about 1 % of the server's time).
 */
export async function exportSettings(tx: Sql): Promise<void> {
  await tx.exec(
    "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '32MB'",
  );
}

/**
 * The sha256 a file row carries until its file is written, validated and renamed into place. A
 * crashed export leaves it, and the next export renders the file again from its deposit rows. No
 * real file hashes to 64 zeros (the same convention marks a round still being frozen).
 */
export const PROVISIONAL_SHA256 = '0'.repeat(64);

/** Why an export does not send a deposit entitlement now, as the page statement tells them apart. */
export type PageSkipReason =
  | 'already_paid'
  | 'deposit_open'
  | 'collection_period_over'
  | 'bank_not_enabled'
  | 'beneficiary_deceased'
  | 'account_rejected'
  | 'person_missing';

/** How many deposit entitlements a round has (what an export examines). */
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
export interface SentRow {
  end_to_end_id: string;
  amount_centavos: bigint;
  bank_bic: string;
  account_number: string;
  /** Given names and surnames, as the registry holds them. */
  creditor_name: string;
  /** CI number, with '-complemento' when the person has one. */
  identity: string;
}

/** The account holder's name and identity as a file carries them, from registry columns under `alias`. */
const creditorColumns = (alias: string) =>
  `concat_ws(' ', ${alias}.given_names, nullif(${alias}.first_surname, ''), nullif(${alias}.second_surname, '')) AS creditor_name,
       ${alias}.ci_number || CASE WHEN ${alias}.complemento = '' THEN '' ELSE '-' || ${alias}.complemento END AS identity`;

/**
 * One page of an export in one statement: every deposit entitlement of the round among the page's
 * persons is classified — sent now, or the first reason that applies, in the order of the CASE —
 * the ones to send are recorded as bono_deposit rows ('sent'; bono_deposit_one_open refuses a
 * second open deposit for a person), and those rows come back with the account holder's name and
 * CI, with a count per reason for the others. Run in the transaction that books the page's
 * transfers (src/bono/deposits.ts). Each deposit is handed to `onSent` as it arrives, while the
 * server still records the page (the rows come out before the INSERT runs): the caller turns it
 * into a file line at once and keeps nothing else of it. They come in the order the plan produces
 * them (person order in practice) unless `ordered`: sorting here cost a tenth of the statement.
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
         FROM person p WHERE p.id = e.person_id OFFSET 0) p ON true
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

export interface NewFileRow {
  roundId: number;
  bankBic: string;
  createdBy: string;
  createdAt: Date;
}

export interface FileRow {
  id: number;
  round_id: number;
  bank_bic: string;
  message_id: string;
  payment_info_id: string;
  file_name: string;
  sha256: string;
  nb_of_txs: bigint;
  ctrl_sum_centavos: bigint;
  created_by: string;
  created_at: Date;
}

const FILE_COLUMNS =
  'id::int AS id, round_id::int AS round_id, bank_bic, message_id, payment_info_id, file_name, sha256, nb_of_txs, ' +
  'ctrl_sum_centavos, created_by, created_at';

/**
 * Opens the file rows of an export, provisional (see PROVISIONAL_SHA256) and with totals of zero
 * until the file is written (completeFile). The message id names the round and the row id, so it is
 * unique forever, as banks require (a repeated MsgId is DU01).
 *
 * @example const [file] = await insertProvisionalFiles(tx, [{ roundId: 1, bankBic: 'BUNIBOLX', … }]);
 */
export async function insertProvisionalFiles(sql: Sql, rows: readonly NewFileRow[]): Promise<FileRow[]> {
  if (rows.length === 0) return [];
  // The id is drawn first because the message id and the file name are made from it.
  const ids = await sql.query<{ id: bigint }>(
    `SELECT nextval(pg_get_serial_sequence('bono_deposit_file', 'id')) AS id FROM generate_series(1, $1)`,
    [rows.length],
  );
  const values = rows.map((r, i) => {
    const id = ids[i]!.id;
    const messageId = `BCH-R${r.roundId}-F${id}`;
    return {
      id: id.toString(),
      round_id: r.roundId,
      bank_bic: r.bankBic,
      message_id: messageId,
      payment_info_id: `${messageId}-1`,
      file_name: `bono-r${r.roundId}-f${id}-${r.bankBic}.xml`,
      nb_of_txs: 0,
      ctrl_sum_centavos: '0',
      created_by: r.createdBy,
      created_at: r.createdAt.toISOString(),
    };
  });
  return sql.query<FileRow>(
    `INSERT INTO bono_deposit_file (id, round_id, bank_bic, message_id, payment_info_id, file_name, sha256,
       nb_of_txs, ctrl_sum_centavos, created_by, created_at)
     OVERRIDING SYSTEM VALUE
     SELECT id, round_id, bank_bic, message_id, payment_info_id, file_name, $2, nb_of_txs, ctrl_sum_centavos,
       created_by, created_at
     FROM json_to_recordset($1::text::json) AS x(id bigint, round_id bigint, bank_bic text, message_id text,
       payment_info_id text, file_name text, nb_of_txs bigint, ctrl_sum_centavos bigint, created_by text,
       created_at timestamptz)
     ORDER BY id
     RETURNING ${FILE_COLUMNS}`,
    [JSON.stringify(values), PROVISIONAL_SHA256],
  );
}

/** Files of a round whose writing never completed. @example await provisionalFiles(db, 1) */
export async function provisionalFiles(sql: Sql, roundId: number): Promise<FileRow[]> {
  return sql.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM bono_deposit_file WHERE round_id = $1 AND sha256 = $2 ORDER BY id`,
    [roundId, PROVISIONAL_SHA256],
  );
}

/** Records the file as written. @example await completeFile(tx, 7, { sha256, nbOfTxs: 10, ctrlSumCentavos: 1_000_000n }) */
export async function completeFile(
  sql: Sql,
  fileId: number,
  written: { sha256: string; nbOfTxs: number; ctrlSumCentavos: bigint },
): Promise<FileRow> {
  const [row] = await sql.query<FileRow>(
    `UPDATE bono_deposit_file SET sha256 = $2, nb_of_txs = $3, ctrl_sum_centavos = $4
     WHERE id = $1 AND sha256 = $5 RETURNING ${FILE_COLUMNS}`,
    [fileId, written.sha256, written.nbOfTxs, written.ctrlSumCentavos.toString(), PROVISIONAL_SHA256],
  );
  if (!row) throw new Error(`deposit file ${fileId} is not provisional any more: was it completed twice?`);
  return row;
}

/** A file's deposits as a range of bono_deposit's primary key (deposit-ids.ts). */
type FileKey = Pick<FileRow, 'id' | 'round_id'>;
const fileRange = (file: FileKey) => [
  endToEndPrefix(file.round_id, file.id),
  endToEndRangeEnd(file.round_id, file.id),
];

/** Removes a provisional file row that no deposit refers to (nothing was sent to its bank). */
export async function deleteEmptyFile(sql: Sql, file: FileKey): Promise<boolean> {
  const rows = await sql.query(
    `DELETE FROM bono_deposit_file f WHERE f.id = $1 AND f.sha256 = $2
       AND NOT EXISTS (SELECT 1 FROM bono_deposit d WHERE d.end_to_end_id >= $3 AND d.end_to_end_id < $4)
     RETURNING 1`,
    [file.id, PROVISIONAL_SHA256, ...fileRange(file)],
  );
  return rows.length === 1;
}

/** Removes deposit rows the page statement recorded but a file cannot carry, in the same transaction. */
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

/** Count and sum of a file's deposits, whatever their state. */
export async function fileDepositTotals(sql: Sql, file: FileKey): Promise<{ n: number; amount: bigint }> {
  const [row] = await sql.query<{ n: bigint; amount: bigint }>(
    `SELECT count(*)::bigint AS n, coalesce(sum(amount_centavos), 0)::bigint AS amount FROM bono_deposit
     WHERE end_to_end_id >= $1 AND end_to_end_id < $2`,
    fileRange(file),
  );
  return { n: Number(row?.n ?? 0n), amount: row?.amount ?? 0n };
}

export type FileDepositRow = SentRow;

/**
 * A page of a file's deposits in EndToEndId order after `after` ('' for the first): a range of the
 * primary key, whose order is the person order the export wrote (the person id is zero-padded).
 *
 * @example await fileDepositPage(db, file, '', 8000)
 */
export async function fileDepositPage(
  sql: Sql,
  file: FileKey,
  after: string,
  limit: number,
): Promise<FileDepositRow[]> {
  const [start, end] = fileRange(file);
  return sql.query<FileDepositRow>(
    `SELECT d.end_to_end_id, d.amount_centavos, d.bank_bic, d.account_number, ${creditorColumns('p')}
     FROM bono_deposit d JOIN person p ON p.id = d.person_id
     WHERE d.end_to_end_id > $1 AND d.end_to_end_id < $2
     ORDER BY d.end_to_end_id
     LIMIT $3`,
    [after === '' ? start : after, end, limit],
  );
}

// --- reconciliation -----------------------------------------------------------------------------

/** A deposit file by its message id. @example await fileByMessageId(db, 'BCH-R1-F7') */
export async function fileByMessageId(sql: Sql, messageId: string): Promise<FileRow | undefined> {
  const [row] = await sql.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM bono_deposit_file WHERE message_id = $1`,
    [messageId],
  );
  return row;
}

/** Every EndToEndId of a file, in the order the file holds them. */
export async function fileEndToEndIds(sql: Sql, file: FileKey): Promise<string[]> {
  const rows = await sql.query<{ end_to_end_id: string }>(
    'SELECT end_to_end_id FROM bono_deposit WHERE end_to_end_id >= $1 AND end_to_end_id < $2 ORDER BY end_to_end_id',
    fileRange(file),
  );
  return rows.map((r) => r.end_to_end_id);
}

export interface DepositRow {
  end_to_end_id: string;
  file_id: number;
  round_id: number;
  person_id: bigint;
  bank_bic: string;
  amount_centavos: bigint;
  sent_transfer_id: string;
  state: 'sent' | 'accepted' | 'rejected';
  reason_code: string | null;
}

/**
 * Deposits by EndToEndId, locked until the transaction ends so that two imports of replies about
 * the same deposits apply one after the other.
 *
 * @example const rows = await lockDeposits(tx, ['B1F7P0000000042']);
 */
export async function lockDeposits(sql: Sql, endToEndIds: readonly string[]): Promise<DepositRow[]> {
  if (endToEndIds.length === 0) return [];
  return sql.query<DepositRow>(
    `SELECT end_to_end_id, file_id::int AS file_id, round_id::int AS round_id, person_id, bank_bic, amount_centavos,
       sent_transfer_id, state, reason_code
     FROM bono_deposit WHERE end_to_end_id = ANY($1::text[]) ORDER BY end_to_end_id FOR UPDATE`,
    [endToEndIds],
  );
}

export interface Resolution {
  endToEndId: string;
  state: 'accepted' | 'rejected';
  reasonCode: string | null;
  resolvedAt: Date;
}

/** Marks deposits accepted or rejected by an import. */
export async function resolveDeposits(
  sql: Sql,
  importId: number,
  resolutions: readonly Resolution[],
): Promise<number> {
  if (resolutions.length === 0) return 0;
  const rows = await sql.query(
    `UPDATE bono_deposit d SET state = x.state, reason_code = x.reason_code, resolved_at = x.resolved_at,
       resolved_by_import_id = $2
     FROM json_to_recordset($1::text::json) AS x(end_to_end_id text, state text, reason_code text, resolved_at timestamptz)
     WHERE d.end_to_end_id = x.end_to_end_id AND d.state = 'sent'
     RETURNING 1`,
    [
      JSON.stringify(
        resolutions.map((r) => ({
          end_to_end_id: r.endToEndId,
          state: r.state,
          reason_code: r.reasonCode,
          resolved_at: r.resolvedAt.toISOString(),
        })),
      ),
      importId,
    ],
  );
  return rows.length;
}

export interface NewPaymentRow {
  personId: bigint;
  roundId: number;
  amountCentavos: bigint;
  bankBic: string;
  /** The EndToEndId: unique per bank, as a counter's idempotency key is. */
  idempotencyKey: string;
  transferId: string;
  paidAt: Date;
  recordedBy: string;
}

/** Records deposit payments (channel 'deposit'). */
export async function insertDepositPayments(sql: Sql, rows: readonly NewPaymentRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await sql.query(
    `INSERT INTO bono_payment (person_id, round_id, amount_centavos, channel, bank_bic, idempotency_key, transfer_id,
       paid_at, recorded_by)
     SELECT person_id, round_id, amount_centavos, 'deposit', bank_bic, idempotency_key, transfer_id, paid_at, recorded_by
     FROM json_to_recordset($1::text::json) AS x(person_id bigint, round_id bigint, amount_centavos bigint,
       bank_bic text, idempotency_key text, transfer_id text, paid_at timestamptz, recorded_by text)
     RETURNING 1`,
    [
      JSON.stringify(
        rows.map((r) => ({
          person_id: r.personId.toString(),
          round_id: r.roundId,
          amount_centavos: r.amountCentavos.toString(),
          bank_bic: r.bankBic,
          idempotency_key: r.idempotencyKey,
          transfer_id: r.transferId,
          paid_at: r.paidAt.toISOString(),
          recorded_by: r.recordedBy,
        })),
      ),
    ],
  );
  return inserted.length;
}

export interface StatusImportRow {
  id: number;
  kind: 'pain.002' | 'camt.054';
  file_name: string;
  sha256: string;
  message_id: string | null;
  accepted: bigint;
  rejected: bigint;
  unchanged: bigint;
  unmatched: bigint;
  imported_by: string;
  imported_at: Date;
}

const IMPORT_COLUMNS =
  'id::int AS id, kind, file_name, sha256, message_id, accepted, rejected, unchanged, unmatched, imported_by, imported_at';

/** An earlier import of the same bytes. @example await statusImportBySha256(db, sha) */
export async function statusImportBySha256(sql: Sql, sha256: string): Promise<StatusImportRow | undefined> {
  const [row] = await sql.query<StatusImportRow>(
    `SELECT ${IMPORT_COLUMNS} FROM bono_status_import WHERE sha256 = $1`,
    [sha256],
  );
  return row;
}

/** Draws the id of an import before its row is written (the deposits it resolves name it). */
export async function nextStatusImportId(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ id: bigint }>(
    `SELECT nextval(pg_get_serial_sequence('bono_status_import', 'id')) AS id`,
  );
  return Number(row!.id);
}

/**
 * Records an import with the id drawn for it; undefined when the same bytes were recorded by a
 * concurrent import first.
 */
export async function insertStatusImport(
  sql: Sql,
  row: Omit<StatusImportRow, 'accepted' | 'rejected' | 'unchanged' | 'unmatched'> & {
    accepted: number;
    rejected: number;
    unchanged: number;
    unmatched: number;
  },
): Promise<StatusImportRow | undefined> {
  const [inserted] = await sql.query<StatusImportRow>(
    `INSERT INTO bono_status_import (id, kind, file_name, sha256, message_id, accepted, rejected, unchanged, unmatched,
       imported_by, imported_at)
     OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (sha256) DO NOTHING
     RETURNING ${IMPORT_COLUMNS}`,
    [
      row.id,
      row.kind,
      row.file_name,
      row.sha256,
      row.message_id,
      row.accepted,
      row.rejected,
      row.unchanged,
      row.unmatched,
      row.imported_by,
      row.imported_at,
    ],
  );
  return inserted;
}

/** How many deposits an import rejected, by reason code ('' when the bank gave none). */
export async function rejectionsByReason(sql: Sql, importId: number): Promise<Record<string, number>> {
  const rows = await sql.query<{ reason: string; n: number }>(
    `SELECT coalesce(reason_code, '') AS reason, count(*)::int AS n FROM bono_deposit
     WHERE resolved_by_import_id = $1 AND state = 'rejected' GROUP BY 1 ORDER BY 1`,
    [importId],
  );
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}
