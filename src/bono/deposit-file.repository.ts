import type { Database, Sql } from '../db/database.ts';
import { endToEndPrefix, endToEndRangeEnd } from './deposit-ids.ts';

/**
 * The SQL of deposit files: a file's row (bono_deposit_file) and the deposits it holds (bono_deposit,
 * read as a range of EndToEndIds), which the export writes (deposit-export.ts, deposit-file.ts) and
 * a bank's reply names (reconcile.ts). The export's page statement is in deposit-export.repository.ts,
 * the application of replies in deposit-status.repository.ts; nothing else in those services touches
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
 *
 * @example await db.transaction(async (tx) => { await disableJit(tx); … })
 */
export async function disableJit(tx: Sql): Promise<void> {
  await tx.exec('SET LOCAL jit = off');
}

/**
 * Runs read-only work in a transaction without JIT.
 *
 * @example await withoutJit(db, (tx) => fileDepositPage(tx, …))
 */
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

/** A deposit as its file line needs it: the page statement's rows and a file's rows alike. */
export interface FileDepositRow {
  end_to_end_id: string;
  amount_centavos: bigint;
  bank_bic: string;
  account_number: string;
  /** Given names and surnames, as the registry holds them. */
  creditor_name: string;
  /** CI number, with '-complemento' when the person has one. */
  identity: string;
}

/**
 * The account holder's name and identity as a file carries them, from registry columns under `alias`
 * (the export's page statement selects them too).
 *
 * @example `SELECT ${creditorColumns('p')} FROM registry_person p WHERE p.id = $1`
 */
export const creditorColumns = (alias: string) =>
  `concat_ws(' ', ${alias}.given_names, nullif(${alias}.first_surname, ''), nullif(${alias}.second_surname, '')) AS creditor_name,
       ${alias}.ci_number || CASE WHEN ${alias}.complemento = '' THEN '' ELSE '-' || ${alias}.complemento END AS identity`;

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

/** The select list of a `FileRow` (the back office's listings read it too). @example `SELECT ${FILE_COLUMNS} FROM bono_deposit_file WHERE id = $1` */
export const FILE_COLUMNS =
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

/**
 * Records the file as written.
 *
 * @example await completeFile(tx, 7, { sha256, nbOfTxs: 10, ctrlSumCentavos: 1_000_000n })
 */
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

/**
 * Removes a provisional file row that no deposit refers to (nothing was sent to its bank).
 *
 * @example await deleteEmptyFile(db, file) // true when the row is gone
 */
export async function deleteEmptyFile(sql: Sql, file: FileKey): Promise<boolean> {
  const rows = await sql.query(
    `DELETE FROM bono_deposit_file f WHERE f.id = $1 AND f.sha256 = $2
       AND NOT EXISTS (SELECT 1 FROM bono_deposit d WHERE d.end_to_end_id >= $3 AND d.end_to_end_id < $4)
     RETURNING 1`,
    [file.id, PROVISIONAL_SHA256, ...fileRange(file)],
  );
  return rows.length === 1;
}

/**
 * Count and sum of a file's deposits, whatever their state.
 *
 * @example await fileDepositTotals(db, file) // { n: 10, amount: 1_000_000n }
 */
export async function fileDepositTotals(sql: Sql, file: FileKey): Promise<{ n: number; amount: bigint }> {
  const [row] = await sql.query<{ n: bigint; amount: bigint }>(
    `SELECT count(*)::bigint AS n, coalesce(sum(amount_centavos), 0)::bigint AS amount FROM bono_deposit
     WHERE end_to_end_id >= $1 AND end_to_end_id < $2`,
    fileRange(file),
  );
  return { n: Number(row?.n ?? 0n), amount: row?.amount ?? 0n };
}

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
     FROM bono_deposit d JOIN registry_person p ON p.id = d.person_id
     WHERE d.end_to_end_id > $1 AND d.end_to_end_id < $2
     ORDER BY d.end_to_end_id
     LIMIT $3`,
    [after === '' ? start : after, end, limit],
  );
}

/** A deposit file by its message id. @example await fileByMessageId(db, 'BCH-R1-F7') */
export async function fileByMessageId(sql: Sql, messageId: string): Promise<FileRow | undefined> {
  const [row] = await sql.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM bono_deposit_file WHERE message_id = $1`,
    [messageId],
  );
  return row;
}

/**
 * Every EndToEndId of a file, in the order the file holds them.
 *
 * @example await fileEndToEndIds(db, file) // ['B1F7P0000000042', …]
 */
export async function fileEndToEndIds(sql: Sql, file: FileKey): Promise<string[]> {
  const rows = await sql.query<{ end_to_end_id: string }>(
    'SELECT end_to_end_id FROM bono_deposit WHERE end_to_end_id >= $1 AND end_to_end_id < $2 ORDER BY end_to_end_id',
    fileRange(file),
  );
  return rows.map((r) => r.end_to_end_id);
}
