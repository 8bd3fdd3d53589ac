import type { Sql } from '../db/database.ts';

/**
 * The SQL of a bank's status replies applied to the deposits ayni sent (reconcile.ts): the deposits
 * a reply names, locked and resolved, the bono_payment rows of accepted deposits, and the
 * bono_status_import row that records each reply once. A file's row and the EndToEndIds it holds
 * are read through deposit-file.repository.ts.
 */

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

/**
 * Marks deposits accepted or rejected by an import.
 *
 * @example await resolveDeposits(tx, importId, [{ endToEndId, state: 'accepted', reasonCode: null, resolvedAt }])
 */
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

/**
 * Records deposit payments (channel 'deposit').
 *
 * @example await insertDepositPayments(tx, [{ personId: 42n, roundId: 1, amountCentavos: 100_000n, … }])
 */
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

/** The select list of a `StatusImportRow` (the back office's listings read it too). @example `SELECT ${IMPORT_COLUMNS} FROM bono_status_import WHERE id = $1` */
export const IMPORT_COLUMNS =
  'id::int AS id, kind, file_name, sha256, message_id, accepted, rejected, unchanged, unmatched, imported_by, imported_at';

/** An earlier import of the same bytes. @example await statusImportBySha256(db, sha) */
export async function statusImportBySha256(sql: Sql, sha256: string): Promise<StatusImportRow | undefined> {
  const [row] = await sql.query<StatusImportRow>(
    `SELECT ${IMPORT_COLUMNS} FROM bono_status_import WHERE sha256 = $1`,
    [sha256],
  );
  return row;
}

/**
 * Draws the id of an import before its row is written (the deposits it resolves name it).
 *
 * @example const importId = await nextStatusImportId(db);
 */
export async function nextStatusImportId(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ id: bigint }>(
    `SELECT nextval(pg_get_serial_sequence('bono_status_import', 'id')) AS id`,
  );
  return Number(row!.id);
}

/**
 * Records an import with the id drawn for it; undefined when the same bytes were recorded by a
 * concurrent import first.
 *
 * @example await insertStatusImport(db, { id: importId, kind: 'pain.002', file_name, sha256, … })
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

/**
 * How many deposits an import rejected, by reason code ('' when the bank gave none).
 *
 * @example await rejectionsByReason(db, 3) // { AC04: 2, MD07: 1 }
 */
export async function rejectionsByReason(sql: Sql, importId: number): Promise<Record<string, number>> {
  const rows = await sql.query<{ reason: string; n: number }>(
    `SELECT coalesce(reason_code, '') AS reason, count(*)::int AS n FROM bono_deposit
     WHERE resolved_by_import_id = $1 AND state = 'rejected' GROUP BY 1 ORDER BY 1`,
    [importId],
  );
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}
