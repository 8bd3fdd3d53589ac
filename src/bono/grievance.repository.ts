import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type {
  Channel,
  GrievanceKind,
  GrievanceStatus,
  Payment,
  PersonTriple,
  RoundKind,
  RoundStatus,
} from './bono.types.ts';
import type { FiledVia, Grievance, GrievanceEvent, PersonEntitlement } from './grievance.types.ts';
import { type PaymentJson, toPayment } from './payout.repository.ts';

/**
 * The only code that reads and writes grievances (bono_grievance, bono_grievance_event), with the
 * bono reads a decision needs: the person's entitlements and payments, the regular round's date,
 * and the portal's filing counter. The services in grievance-*.ts decide; this file only moves
 * rows. The person is the registry's: read with findPersonBy*, corrected with correctPerson.
 */

interface GrievanceRow {
  id: number;
  reference: string;
  kind: GrievanceKind;
  ci_number: string;
  complemento: string;
  date_of_birth: string;
  person_id: bigint | null;
  description: string;
  contact: string;
  filed_via: FiledVia;
  filed_by: string;
  filed_at: Date;
  status: GrievanceStatus;
  decided_at: Date | null;
  supplementary_round_id: number | null;
}

const GRIEVANCE_COLUMNS = `id::int AS id, reference, kind, ci_number, complemento, date_of_birth, person_id, description,
  contact, filed_via, filed_by, filed_at, status, decided_at, supplementary_round_id::int AS supplementary_round_id`;

function toGrievance(r: GrievanceRow): Grievance {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    person: { ciNumber: r.ci_number, complemento: r.complemento, dateOfBirth: r.date_of_birth },
    personId: r.person_id,
    description: r.description,
    contact: r.contact,
    filedVia: r.filed_via,
    filedBy: r.filed_by,
    filedAt: r.filed_at,
    status: r.status,
    decidedAt: r.decided_at,
    supplementaryRoundId: r.supplementary_round_id,
  };
}

/** A grievance to insert: as stored, less what the database and later steps set. */
export type NewGrievance = Omit<Grievance, 'id' | 'status' | 'decidedAt' | 'supplementaryRoundId'>;

/** Inserts a grievance; null when the reference is already taken (the caller draws another). */
export async function insertGrievance(tx: Sql, g: NewGrievance): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO bono_grievance (reference, kind, ci_number, complemento, date_of_birth, person_id, description,
       contact, filed_via, filed_by, filed_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open')
     ON CONFLICT (reference) DO NOTHING RETURNING id::int AS id`,
    [
      g.reference,
      g.kind,
      g.person.ciNumber,
      g.person.complemento,
      g.person.dateOfBirth,
      g.personId?.toString() ?? null,
      g.description,
      g.contact,
      g.filedVia,
      g.filedBy,
      g.filedAt,
    ],
  );
  return row?.id ?? null;
}

/**
 * Makes the filings about one person (CI number, complemento, date of birth) wait for each other
 * until the transaction ends — a transaction-scoped advisory lock keyed by the triple's hash, so a
 * crash cannot leave it held and a collision only makes two persons wait — so that two identical
 * filings sent at once see each other's row and the second is answered as a repeat.
 *
 * @example await lockFilingsOf(tx, { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' })
 */
export async function lockFilingsOf(tx: Sql, person: PersonTriple): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ayni:bono:grievance-filing'), hashtext($1))`, [
    JSON.stringify([person.ciNumber, person.complemento, person.dateOfBirth]),
  ]);
}

/**
 * The open grievances of one kind filed for one person triple since `since`, oldest first: the
 * candidates a new filing may repeat (the service compares their descriptions).
 *
 * @example await openGrievancesFiledSince(tx, person, 'not_listed', dayAgo) // [{ id, reference, description }]
 */
export async function openGrievancesFiledSince(
  tx: Sql,
  person: PersonTriple,
  kind: GrievanceKind,
  since: Date,
): Promise<{ id: number; reference: string; description: string }[]> {
  return tx.query<{ id: number; reference: string; description: string }>(
    `SELECT id::int AS id, reference, description FROM bono_grievance
     WHERE status = 'open' AND filed_at > $5 AND kind = $4
       AND ci_number = $1 AND complemento = $2 AND date_of_birth = $3
     ORDER BY filed_at, id`,
    [person.ciNumber, person.complemento, person.dateOfBirth, kind, since],
  );
}

export async function getGrievance(sql: Sql, id: number): Promise<Grievance | null> {
  const [r] = await sql.query<GrievanceRow>(`SELECT ${GRIEVANCE_COLUMNS} FROM bono_grievance WHERE id = $1`, [
    id,
  ]);
  return r ? toGrievance(r) : null;
}

/** Reads a grievance and locks it until the transaction ends, so two officers cannot both decide it. */
export async function lockGrievance(tx: Sql, id: number): Promise<Grievance | null> {
  const [r] = await tx.query<GrievanceRow>(
    `SELECT ${GRIEVANCE_COLUMNS} FROM bono_grievance WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return r ? toGrievance(r) : null;
}

export async function grievanceByReference(
  sql: Sql,
  reference: string,
  ciNumber: string,
): Promise<Grievance | null> {
  const [r] = await sql.query<GrievanceRow>(
    `SELECT ${GRIEVANCE_COLUMNS} FROM bono_grievance WHERE reference = $1 AND ci_number = $2`,
    [reference, ciNumber],
  );
  return r ? toGrievance(r) : null;
}

export async function setStatus(
  tx: Sql,
  id: number,
  status: GrievanceStatus,
  decidedAt: Date | null,
): Promise<void> {
  await tx.query(
    'UPDATE bono_grievance SET status = $2, decided_at = coalesce($3, decided_at) WHERE id = $1',
    [id, status, decidedAt],
  );
}

export async function setPerson(tx: Sql, id: number, personId: bigint): Promise<void> {
  await tx.query('UPDATE bono_grievance SET person_id = $2 WHERE id = $1', [id, personId.toString()]);
}

export async function setSupplementaryRound(tx: Sql, id: number, roundId: number): Promise<void> {
  await tx.query('UPDATE bono_grievance SET supplementary_round_id = $2 WHERE id = $1', [id, roundId]);
}

export async function insertEvent(
  tx: Sql,
  e: { grievanceId: number; at: Date; actor: string; action: string; note?: string; data?: unknown },
): Promise<void> {
  await tx.query(
    `INSERT INTO bono_grievance_event (grievance_id, at, actor, action, note, data) VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      e.grievanceId,
      e.at,
      e.actor,
      e.action,
      e.note ?? '',
      e.data === undefined
        ? null
        : JSON.stringify(e.data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    ],
  );
}

export async function listEvents(sql: Sql, grievanceId: number): Promise<GrievanceEvent[]> {
  return sql.query<GrievanceEvent>(
    `SELECT id::int AS id, at, actor, action, note, data FROM bono_grievance_event
     WHERE grievance_id = $1 ORDER BY id`,
    [grievanceId],
  );
}

/** The officer queue: oldest first, so nobody waits behind later claims. */
export async function listQueue(
  sql: Sql,
  opts: { status?: GrievanceStatus; limit: number; offset: number },
): Promise<{ total: number; rows: Grievance[] }> {
  const where = opts.status ? 'WHERE status = $1' : '';
  const params: unknown[] = opts.status ? [opts.status] : [];
  const [count] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bono_grievance ${where}`,
    params,
  );
  const rows = await sql.query<GrievanceRow>(
    `SELECT ${GRIEVANCE_COLUMNS} FROM bono_grievance ${where} ORDER BY filed_at, id
     LIMIT ${opts.limit} OFFSET ${opts.offset}`,
    params,
  );
  return { total: count?.n ?? 0, rows: rows.map(toGrievance) };
}

/** Counts by status, and median and 90th percentile of hours from filing to decision. */
export async function decisionStats(sql: Sql): Promise<{
  byStatus: { status: GrievanceStatus; n: number }[];
  decided: number;
  medianHours: number | null;
  p90Hours: number | null;
}> {
  const byStatus = await sql.query<{ status: GrievanceStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM bono_grievance GROUP BY status',
  );
  const [t] = await sql.query<{ decided: number; median: number | null; p90: number | null }>(
    `SELECT count(*)::int AS decided,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - filed_at)::float8) / 3600 AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - filed_at)::float8) / 3600 AS p90
     FROM bono_grievance WHERE decided_at IS NOT NULL`,
  );
  return { byStatus, decided: t?.decided ?? 0, medianHours: t?.median ?? null, p90Hours: t?.p90 ?? null };
}

/** The date the regular round (the one not rejected) was frozen for, if there is one. */
export async function regularRoundDate(sql: Sql): Promise<{ id: number; asOf: IsoDate } | null> {
  const [r] = await sql.query<{ id: number; as_of: string }>(
    `SELECT id::int AS id, as_of FROM bono_round WHERE kind = 'regular' AND status <> 'rejected' ORDER BY id LIMIT 1`,
  );
  return r ? { id: r.id, asOf: r.as_of } : null;
}

/** The person's entitlements in rounds that stand (frozen, approved or expired), oldest round first. */
export async function entitlementsOf(sql: Sql, personId: bigint): Promise<PersonEntitlement[]> {
  const rows = await sql.query<{
    round_id: number;
    person_id: bigint;
    amount_centavos: bigint;
    department_code: number;
    band: string;
    opens_on: string;
    closes_on: string;
    deadline: string;
    channel: Channel;
    bank_bic: string | null;
    account_number: string | null;
    round_kind: RoundKind;
    round_status: RoundStatus;
  }>(
    `SELECT e.round_id::int AS round_id, e.person_id, e.amount_centavos, e.department_code::int AS department_code,
            e.band, e.opens_on, e.closes_on, e.deadline, e.channel, e.bank_bic, e.account_number,
            r.kind AS round_kind, r.status AS round_status
     FROM bono_entitlement e JOIN bono_round r ON r.id = e.round_id
     WHERE e.person_id = $1 AND r.status <> 'rejected' ORDER BY e.round_id`,
    [personId.toString()],
  );
  return rows.map((r) => ({
    entitlement: {
      roundId: r.round_id,
      personId: r.person_id,
      amountCentavos: r.amount_centavos,
      departmentCode: r.department_code,
      band: r.band,
      opensOn: r.opens_on,
      closesOn: r.closes_on,
      deadline: r.deadline,
      channel: r.channel,
      bankBic: r.bank_bic,
      accountNumber: r.account_number,
    },
    roundKind: r.round_kind,
    roundStatus: r.round_status,
  }));
}

/** Every payment recorded for the person, newest first (a reversed one stays, with its reason). */
export async function paymentsOf(sql: Sql, personId: bigint): Promise<Payment[]> {
  const rows = await sql.query<PaymentJson>(
    `SELECT id::int AS id, person_id::text AS person_id, round_id::int AS round_id,
            amount_centavos::text AS amount_centavos, channel, bank_bic, payment_point,
            idempotency_key, transfer_id, paid_at, recorded_by, reversed_at, reversal_reason
     FROM bono_payment WHERE person_id = $1 ORDER BY id DESC`,
    [personId.toString()],
  );
  return rows.map(toPayment);
}

/**
 * Counts one filing from a client address in its hour-long window (a window older than an hour
 * starts again at 1) and returns the count and when the window started. The count lives beside
 * the look-up counters, under the key `grievance:<address>`.
 *
 * @example const { filings, windowStartedAt } = await countCitizenFiling(db, '203.0.113.7', new Date());
 */
export async function countCitizenFiling(
  sql: Sql,
  clientKey: string,
  at: Date,
): Promise<{ filings: number; windowStartedAt: Date } | null> {
  const [row] = await sql.query<{ failures: number; window_started_at: Date }>(
    `INSERT INTO bono_lookup_throttle AS t (key, failures, window_started_at)
     VALUES ($1, 1, $2::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at <= $2::timestamptz - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at <= $2::timestamptz - interval '1 hour' THEN $2::timestamptz ELSE t.window_started_at END
     RETURNING failures, window_started_at`,
    [`grievance:${clientKey}`, at],
  );
  return row ? { filings: row.failures, windowStartedAt: new Date(row.window_started_at) } : null;
}
