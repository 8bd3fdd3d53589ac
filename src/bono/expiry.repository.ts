import type { Sql } from '../db/database.ts';

/**
 * The SQL of a round's expiry (bono_round's status, its entitlements against the live payments,
 * the deposits still in flight); expiry.ts touches the database only through these functions, the
 * ledger and the audit trail.
 */

/** One department and age band of a round: entitled and paid (live payments), with amounts. */
export interface EntitledPaidCell {
  departmentCode: number;
  band: string;
  entitled: number;
  entitledCentavos: bigint;
  paid: number;
  paidCentavos: bigint;
}

/**
 * A round's entitlements and live payments by department and age band, in that order.
 *
 * @example const cells = await entitledAndPaid(db, 3);
 */
export async function entitledAndPaid(sql: Sql, roundId: number): Promise<EntitledPaidCell[]> {
  const rows = await sql.query<{
    department_code: number;
    band: string;
    entitled: number;
    entitled_a: string;
    paid: number;
    paid_a: string;
  }>(
    `SELECT e.department_code::int AS department_code, e.band, count(*)::int AS entitled,
            sum(e.amount_centavos)::text AS entitled_a,
            count(p.id)::int AS paid, coalesce(sum(p.amount_centavos), 0)::text AS paid_a
     FROM bono_entitlement e
     LEFT JOIN bono_payment p ON p.person_id = e.person_id AND p.round_id = e.round_id AND p.reversed_at IS NULL
     WHERE e.round_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [roundId],
  );
  return rows.map((r) => ({
    departmentCode: r.department_code,
    band: r.band,
    entitled: r.entitled,
    entitledCentavos: BigInt(r.entitled_a),
    paid: r.paid,
    paidCentavos: BigInt(r.paid_a),
  }));
}

/**
 * A round's status and the last payment deadline of its entitlements (null without any);
 * undefined when there is no such round.
 *
 * @example const round = await roundDeadline(tx, 3); // { status: 'approved', last: '2021-03-31' }
 */
export async function roundDeadline(
  tx: Sql,
  roundId: number,
): Promise<{ status: string; last: string | null } | undefined> {
  const [round] = await tx.query<{ status: string; last: string | null }>(
    `SELECT r.status, to_char(max(e.deadline), 'YYYY-MM-DD') AS last FROM bono_round r
     LEFT JOIN bono_entitlement e ON e.round_id = r.id WHERE r.id = $1 GROUP BY r.status`,
    [roundId],
  );
  return round;
}

/**
 * Locks a round's row until the transaction ends.
 *
 * @example await lockRoundRow(tx, 3);
 */
export async function lockRoundRow(tx: Sql, roundId: number): Promise<void> {
  await tx.query('SELECT id FROM bono_round WHERE id = $1 FOR UPDATE', [roundId]);
}

/**
 * How many of a round's deposits were sent to a bank and not yet answered.
 *
 * @example const n = await depositsInFlight(tx, 3);
 */
export async function depositsInFlight(tx: Sql, roundId: number): Promise<number> {
  const [flight] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bono_deposit WHERE round_id = $1 AND state = 'sent'`,
    [roundId],
  );
  return flight?.n ?? 0;
}

/**
 * Marks a round expired at `at`.
 *
 * @example await markRoundExpired(tx, 3, new Date());
 */
export async function markRoundExpired(tx: Sql, roundId: number, at: Date): Promise<void> {
  await tx.query(`UPDATE bono_round SET status = 'expired', expired_at = $2 WHERE id = $1`, [roundId, at]);
}
