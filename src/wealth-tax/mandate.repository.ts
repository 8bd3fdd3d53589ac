import type { Sql } from '../db/database.ts';
import type { Mandate } from './wealth-tax.types.ts';

/** The mandates' SQL (wealth_tax_mandate, migration 0063). */

interface MandateRow {
  id: bigint;
  taxpayer_id: bigint;
  nit: string;
  full_name: string;
  representative: string;
  valid_from: string;
  valid_to: string | null;
  granted_by: string;
  granted_at: Date;
  revoked_by: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

const SELECT = `SELECT m.id, m.taxpayer_id, t.nit, t.full_name, m.representative, m.valid_from, m.valid_to,
       m.granted_by, m.granted_at, m.revoked_by, m.revoked_at, m.revoked_reason
  FROM wealth_tax_mandate m JOIN wealth_tax_taxpayer t ON t.id = m.taxpayer_id`;

function fromRow(r: MandateRow): Mandate {
  return {
    id: r.id,
    taxpayerId: r.taxpayer_id,
    nit: r.nit,
    taxpayerName: r.full_name,
    representative: r.representative,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
    revokedBy: r.revoked_by,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
  };
}

/** Records a mandate. @example await insertMandate(tx, { taxpayerId: 3n, representative: 'rep.ana', validFrom: '2021-01-01', validTo: null }, 'account:sin', now) */
export async function insertMandate(
  sql: Sql,
  m: { taxpayerId: bigint; representative: string; validFrom: string; validTo: string | null },
  grantedBy: string,
  at: Date,
): Promise<bigint> {
  const [row] = await sql.query<{ id: bigint }>(
    `INSERT INTO wealth_tax_mandate (taxpayer_id, representative, valid_from, valid_to, granted_by, granted_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [m.taxpayerId, m.representative, m.validFrom, m.validTo, grantedBy, at],
  );
  return row!.id;
}

/** A mandate by id (`forUpdate` locks it), or null. @example await mandateById(tx, 4n, { forUpdate: true }) */
export async function mandateById(
  sql: Sql,
  id: bigint,
  options: { forUpdate?: boolean } = {},
): Promise<Mandate | null> {
  const [row] = await sql.query<MandateRow>(
    `${SELECT} WHERE m.id = $1${options.forUpdate ? ' FOR UPDATE OF m' : ''}`,
    [id],
  );
  return row ? fromRow(row) : null;
}

/** Marks a mandate revoked (the caller checked it is not). @example await markRevoked(tx, 4n, 'account:sin', now, 'revocado por el contribuyente') */
export async function markRevoked(
  sql: Sql,
  id: bigint,
  revokedBy: string,
  at: Date,
  reason: string,
): Promise<void> {
  await sql.query(
    'UPDATE wealth_tax_mandate SET revoked_by = $2, revoked_at = $3, revoked_reason = $4 WHERE id = $1',
    [id, revokedBy, at, reason],
  );
}

/**
 * Mandates, newest first, of a taxpayer or of a representative (or all), at most `limit`.
 *
 * @example await listMandates(db, { representative: 'rep.ana' }, 500)
 */
export async function listMandates(
  sql: Sql,
  filter: { nit?: string; representative?: string },
  limit: number,
): Promise<Mandate[]> {
  const rows = await sql.query<MandateRow>(
    `${SELECT}
      WHERE ($1::text IS NULL OR t.nit = $1) AND ($2::text IS NULL OR m.representative = $2)
      ORDER BY m.id DESC LIMIT $3`,
    [filter.nit ?? null, filter.representative ?? null, limit],
  );
  return rows.map(fromRow);
}

/**
 * Whether a representative holds a mandate of the taxpayer in force on a day (not revoked, the
 * day within its dates). @example await mandateInForce(tx, 'rep.ana', 3n, '2021-03-20') // true
 */
export async function mandateInForce(
  sql: Sql,
  representative: string,
  taxpayerId: bigint,
  on: string,
): Promise<boolean> {
  const [row] = await sql.query<{ one: number }>(
    `SELECT 1 AS one FROM wealth_tax_mandate
      WHERE representative = $1 AND taxpayer_id = $2 AND revoked_at IS NULL
        AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date)
      LIMIT 1`,
    [representative, taxpayerId, on],
  );
  return row !== undefined;
}

/** The NITs a representative holds a mandate of in force on a day, in NIT order. @example await mandatedNits(db, 'rep.ana', '2021-03-20') */
export async function mandatedNits(sql: Sql, representative: string, on: string): Promise<string[]> {
  const rows = await sql.query<{ nit: string }>(
    `SELECT DISTINCT t.nit FROM wealth_tax_mandate m JOIN wealth_tax_taxpayer t ON t.id = m.taxpayer_id
      WHERE m.representative = $1 AND m.revoked_at IS NULL
        AND m.valid_from <= $2::date AND (m.valid_to IS NULL OR m.valid_to >= $2::date)
      ORDER BY t.nit`,
    [representative, on],
  );
  return rows.map((r) => r.nit);
}
