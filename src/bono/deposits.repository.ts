import type { Database, Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';

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
 * for these per-row EXISTS probes and JSON batches are high enough to trigger it, and compiling
 * took two seconds of a half-second query (measured on PostgreSQL 15 with 50,000 entitlements).
 */
export async function disableJit(tx: Sql): Promise<void> {
  await tx.exec('SET LOCAL jit = off');
}

/**
 * Runs one of the export's reads: without JIT and without parallel workers — a page read by three
 * processes took the CPU the export needs for itself (76 ms of three processes against 65 ms of
 * one, bench country). For the pages (`pages: true`) also steered off sequential scans:
 * `bono_deposit` grows while they run and still has the statistics of an empty table (the export
 * outruns any autovacuum), and planned as empty it was read whole once per page where its index
 * answers at once. (The count runs before anything is reserved, and a full scan suits it.)
 *
 * @example await exportRead(db, (tx) => candidatePage(tx, …), { pages: true })
 */
export function exportRead<T>(
  db: Database,
  fn: (tx: Sql) => Promise<T>,
  options: { pages?: boolean } = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(
      `SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0${options.pages ? '; SET LOCAL enable_seqscan = off' : ''}`,
    );
    return fn(tx);
  });
}

/** Runs read-only work in a transaction without JIT. @example await withoutJit(db, (tx) => fileDepositPage(tx, …)) */
export function withoutJit<T>(db: Database, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await disableJit(tx);
    return fn(tx);
  });
}

/**
 * The sha256 a file row carries until its file is written, validated and renamed into place. A
 * crashed export leaves it, and the next export renders the file again from its deposit rows. No
 * real file hashes to 64 zeros (the same convention marks a round still being frozen).
 */
export const PROVISIONAL_SHA256 = '0'.repeat(64);

/** What `classifyDepositEntitlements` returns: one row per bank and outcome. */
export interface ClassifiedRow {
  bank_bic: string;
  /** 'send', or why not: already_paid, deposit_open, collection_period_over, bank_not_enabled, account_rejected, beneficiary_deceased, person_missing. */
  outcome: string;
  n: bigint;
  amount: bigint;
}

export interface CandidateFilter {
  roundId: number;
  /** The day of the export in Bolivia: entitlements whose deadline is before it are over. */
  day: IsoDate;
  /** BICs of the banks enabled on that day: only they can receive a file. */
  banks: readonly string[];
  /** Reason codes after which a rejected deposit is not sent again (the account itself is wrong). */
  accountReasonCodes: readonly string[];
  /** MD07 and the like: the bank says the holder died. */
  deceasedReasonCodes: readonly string[];
}

/**
 * The conditions shared by the count and the pages; `e` is bono_entitlement of the round. `from`
 * is an extra lower bound on the person id (the page's keyset), which is implied by the equality
 * but lets a merge join start where the page starts instead of at the first person.
 */
const alreadyPaid = (from = '') =>
  `EXISTS (SELECT 1 FROM bono_payment x WHERE x.person_id = e.person_id AND x.reversed_at IS NULL${from && ` AND x.person_id > ${from}`})`;
// bono_deposit_one_open (person_id WHERE state <> 'rejected') answers this one from the index.
const depositOpen = (from = '') =>
  `EXISTS (SELECT 1 FROM bono_deposit d WHERE d.person_id = e.person_id AND d.state <> 'rejected'${from && ` AND d.person_id > ${from}`})`;
// Only a person some bank rejected has such rows; the planner hashes the few of them once per query.
const rejectedFor = (codesParam: string, from = '') =>
  `EXISTS (SELECT 1 FROM bono_deposit r WHERE r.person_id = e.person_id AND r.round_id = e.round_id
     AND r.state = 'rejected' AND r.reason_code = ANY(${codesParam}::text[])${from && ` AND r.person_id > ${from}`})`;

/**
 * The round's deposit entitlements by bank and by what an export would do with them now: send,
 * or the reason it is skipped (the first that applies, in the order of the CASE). One scan.
 *
 * @example await classifyDepositEntitlements(db, { roundId: 1, day: '2020-12-02', banks: ['BUNIBOLX'], accountReasonCodes: ['AC04'], deceasedReasonCodes: ['MD07'] })
 */
export async function classifyDepositEntitlements(sql: Sql, f: CandidateFilter): Promise<ClassifiedRow[]> {
  // Grouped by bank alone, with a count and a sum per outcome: grouped by the CASE as well, the
  // planner expected a group per row and sorted them all (1.5 of 2.1 s on the bench country).
  const perOutcome = OUTCOMES.map(
    (o, i) => `count(*) FILTER (WHERE s.outcome = '${o}') AS n${i},
       coalesce(sum(s.amount_centavos) FILTER (WHERE s.outcome = '${o}'), 0)::bigint AS a${i}`,
  );
  const rows = await sql.query<{ bank_bic: string } & Record<string, bigint | string>>(
    `SELECT s.bank_bic, ${perOutcome.join(',\n       ')}
     FROM (SELECT e.bank_bic, e.amount_centavos,
             CASE WHEN ${alreadyPaid()} THEN 'already_paid'
                  WHEN ${depositOpen()} THEN 'deposit_open'
                  WHEN e.deadline < $2::date THEN 'collection_period_over'
                  WHEN NOT (e.bank_bic = ANY($3::text[])) THEN 'bank_not_enabled'
                  WHEN ${rejectedFor('$5')} THEN 'beneficiary_deceased'
                  WHEN ${rejectedFor('$4')} THEN 'account_rejected'
                  WHEN NOT EXISTS (SELECT 1 FROM person p WHERE p.id = e.person_id) THEN 'person_missing'
                  ELSE 'send' END AS outcome
           FROM bono_entitlement e
           WHERE e.round_id = $1 AND e.channel = 'deposit'
           -- Not flattened into the aggregates: each would evaluate the CASE again.
           OFFSET 0) s
     GROUP BY s.bank_bic ORDER BY s.bank_bic`,
    [f.roundId, f.day, f.banks, f.accountReasonCodes, f.deceasedReasonCodes],
  );
  return rows.flatMap((r) =>
    OUTCOMES.flatMap((outcome, i) => {
      const n = BigInt(r[`n${i}`]!);
      return n > 0n ? [{ bank_bic: r.bank_bic, outcome, n, amount: BigInt(r[`a${i}`]!) }] : [];
    }),
  );
}

/** What classifyDepositEntitlements tells apart, in the order of its CASE ('send' last). */
const OUTCOMES = [
  'already_paid',
  'deposit_open',
  'collection_period_over',
  'bank_not_enabled',
  'beneficiary_deceased',
  'account_rejected',
  'person_missing',
  'send',
] as const;

/** A deposit to send, with what the file needs about the account holder. */
export interface CandidateRow {
  person_id: bigint;
  amount_centavos: bigint;
  bank_bic: string;
  account_number: string;
  /** Given names and surnames, as the registry holds them. */
  creditor_name: string;
  /** CI number, with '-complemento' when the person has one. */
  identity: string;
}

const CREDITOR_COLUMNS = `concat_ws(' ', p.given_names, nullif(p.first_surname, ''), nullif(p.second_surname, '')) AS creditor_name,
       p.ci_number || CASE WHEN p.complemento = '' THEN '' ELSE '-' || p.complemento END AS identity`;

/**
 * Where the next page of deposit entitlements ends: the person of the `limit`-th deposit
 * entitlement of the round after `afterPersonId` (or the last one), by an index-only scan in
 * order; undefined when the round has none after it. The page is then read within that range
 * (candidateRows): asked instead for "the first `limit` that pass", the planner read and sorted
 * every deposit entitlement after the cursor (185–560 ms a page on the bench country, against 60).
 */
async function candidateRange(
  sql: Sql,
  f: Pick<CandidateFilter, 'roundId'>,
  afterPersonId: bigint,
  limit: number,
): Promise<bigint | undefined> {
  const [range] = await sql.query<{ upto: bigint | null }>(
    `SELECT max(person_id) AS upto FROM (
       SELECT e.person_id FROM bono_entitlement e
       WHERE e.round_id = $1 AND e.channel = 'deposit' AND e.person_id > $2
       ORDER BY e.person_id LIMIT $3) r`,
    [f.roundId, afterPersonId, limit],
  );
  return range?.upto ?? undefined;
}

/**
 * The deposit entitlements to send among persons `afterPersonId` < id ≤ `upto`, in person order:
 * those that pass the conditions of the count.
 */
async function candidateRows(
  sql: Sql,
  f: CandidateFilter,
  afterPersonId: bigint,
  upto: bigint,
): Promise<CandidateRow[]> {
  return sql.query<CandidateRow>(
    `SELECT e.person_id, e.amount_centavos, e.bank_bic, e.account_number, ${CREDITOR_COLUMNS}
     FROM bono_entitlement e JOIN person p ON p.id = e.person_id
     WHERE e.round_id = $1 AND e.channel = 'deposit'
       AND e.person_id > $6 AND e.person_id <= $7 AND p.id > $6 AND p.id <= $7
       AND e.deadline >= $2::date AND e.bank_bic = ANY($3::text[])
       AND NOT ${alreadyPaid('$6')} AND NOT ${depositOpen('$6')}
       AND NOT ${rejectedFor('$4', '$6')} AND NOT ${rejectedFor('$5', '$6')}
     ORDER BY e.person_id`,
    [f.roundId, f.day, f.banks, f.accountReasonCodes, f.deceasedReasonCodes, afterPersonId, upto],
  );
}

/** The next page (candidateRange, then candidateRows). */
export async function candidatePage(
  sql: Sql,
  f: CandidateFilter,
  afterPersonId: bigint,
  limit: number,
): Promise<{ rows: CandidateRow[]; upto: bigint | undefined }> {
  const upto = await candidateRange(sql, f, afterPersonId, limit);
  if (upto === undefined) return { rows: [], upto };
  return { rows: await candidateRows(sql, f, afterPersonId, upto), upto };
}

export interface NewFileRow {
  roundId: number;
  bankBic: string;
  createdBy: string;
  createdAt: Date;
  /** Declared totals; replaced by those of the file as written when it is completed. */
  nbOfTxs: number;
  ctrlSumCentavos: bigint;
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
 * Opens the file rows of an export, provisional (see PROVISIONAL_SHA256). The message id names the
 * round and the row id, so it is unique forever, as banks require (a repeated MsgId is DU01).
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
      nb_of_txs: r.nbOfTxs,
      ctrl_sum_centavos: r.ctrlSumCentavos.toString(),
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

/** Removes a provisional file row that no deposit refers to (every reservation was refused). */
export async function deleteEmptyFile(sql: Sql, fileId: number): Promise<boolean> {
  const rows = await sql.query(
    `DELETE FROM bono_deposit_file f WHERE f.id = $1 AND f.sha256 = $2
       AND NOT EXISTS (SELECT 1 FROM bono_deposit d WHERE d.file_id = f.id) RETURNING 1`,
    [fileId, PROVISIONAL_SHA256],
  );
  return rows.length === 1;
}

/** A bono_deposit row as an export writes it. */
export interface NewDepositRow {
  endToEndId: string;
  fileId: number;
  roundId: number;
  personId: bigint;
  bankBic: string;
  accountNumber: string;
  amountCentavos: bigint;
  /** The transfer that moved this deposit, with the rest of its page for its bank, to in-transit. */
  sentTransferId: string;
}

/**
 * Writes deposit rows ('sent') by COPY. Every value is an identifier, digits or a BIC (checked by
 * the caller and by the XSD's patterns), so none needs CSV quoting.
 *
 * @example await copyDeposits(tx, rows);
 */
export async function copyDeposits(sql: Sql, rows: readonly NewDepositRow[]): Promise<void> {
  if (rows.length === 0) return;
  let text = '';
  for (const r of rows) {
    text += `${r.endToEndId},${r.fileId},${r.roundId},${r.personId},${r.bankBic},${r.accountNumber},${r.amountCentavos},${r.sentTransferId},sent\n`;
  }
  await sql.copyFrom(
    `COPY bono_deposit (end_to_end_id, file_id, round_id, person_id, bank_bic, account_number, amount_centavos,
       sent_transfer_id, state) FROM STDIN WITH (FORMAT csv)`,
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
  );
}

/** Removes deposit rows whose reservation the ledger refused, in the same transaction. */
export async function deleteDeposits(sql: Sql, endToEndIds: readonly string[]): Promise<void> {
  if (endToEndIds.length === 0) return;
  await sql.query(`DELETE FROM bono_deposit WHERE end_to_end_id = ANY($1::text[]) AND state = 'sent'`, [
    endToEndIds,
  ]);
}

/**
 * The persons among `personIds` with a live payment (at a counter, or an accepted deposit). Run
 * under the payable account's lock, which every payout holds until it commits, it sees every
 * payment that could race with the deposits being reserved.
 */
export async function paidAmong(sql: Sql, personIds: readonly bigint[]): Promise<bigint[]> {
  if (personIds.length === 0) return [];
  const rows = await sql.query<{ person_id: bigint }>(
    `SELECT b.person_id FROM bono_payment b WHERE b.person_id = ANY($1::bigint[]) AND b.reversed_at IS NULL`,
    [personIds.map(String)],
  );
  return rows.map((r) => r.person_id);
}

/** Count and sum of a file's deposits, whatever their state. */
export async function fileDepositTotals(sql: Sql, fileId: number): Promise<{ n: number; amount: bigint }> {
  const [row] = await sql.query<{ n: bigint; amount: bigint }>(
    'SELECT count(*)::bigint AS n, coalesce(sum(amount_centavos), 0)::bigint AS amount FROM bono_deposit WHERE file_id = $1',
    [fileId],
  );
  return { n: Number(row?.n ?? 0n), amount: row?.amount ?? 0n };
}

export interface FileDepositRow extends CandidateRow {
  end_to_end_id: string;
}

/**
 * A page of a file's deposits in EndToEndId order after `after`. Every EndToEndId of a file starts
 * with `prefix` (B<round>F<file>P) and no other file's does, so the page is a range of the primary
 * key; the zero-padded person id makes that order the person order the export wrote.
 *
 * @example await fileDepositPage(db, 7, 'B1F7P', '', 8000)
 */
export async function fileDepositPage(
  sql: Sql,
  fileId: number,
  prefix: string,
  after: string,
  limit: number,
): Promise<FileDepositRow[]> {
  return sql.query<FileDepositRow>(
    `SELECT d.end_to_end_id, d.person_id, d.amount_centavos, d.bank_bic, d.account_number, ${CREDITOR_COLUMNS}
     FROM bono_deposit d JOIN person p ON p.id = d.person_id
     WHERE d.end_to_end_id > $2 AND d.end_to_end_id < $3 AND d.file_id = $1
     ORDER BY d.end_to_end_id
     LIMIT $4`,
    [fileId, after === '' ? prefix : after, `${prefix.slice(0, -1)}Q`, limit],
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
export async function fileEndToEndIds(sql: Sql, fileId: number): Promise<string[]> {
  const rows = await sql.query<{ end_to_end_id: string }>(
    'SELECT end_to_end_id FROM bono_deposit WHERE file_id = $1 ORDER BY end_to_end_id',
    [fileId],
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
