import type { Sql } from '../db/database.ts';
import { DOSE_COLUMNS, type DoseRow, doseFromRow } from './dose.repository.ts';
import {
  type CounterMove,
  countersCte,
  lockedCountersSql,
  type SiteDayCounterRow,
  type SiteDaysWanted,
  siteDayPairs,
} from './site-day.repository.ts';
import type { DoseRecord, ProductCode } from './vaccination.types.ts';

/**
 * Appointments' SQL (`vaccination_appointment`, migration 0041): one active appointment per person
 * and dose (a partial unique index), each holding a place of its site's day and, through
 * `stock_transfer_id`, a dose of the site's stock reserved on the ledger.
 */

export type AppointmentStatus = 'booked' | 'attended' | 'cancelled' | 'no_show';

/** An appointment as recorded. */
export interface Appointment {
  id: bigint;
  personId: bigint;
  siteId: bigint;
  site: string;
  day: string;
  doseNumber: number;
  product: ProductCode;
  status: AppointmentStatus;
  /** The dose-1 appointment a dose-2 appointment was proposed with. */
  followsId: bigint | null;
  stockTransferId: string | null;
  idempotencyKey: string;
  bookedAt: Date;
}

interface AppointmentRow {
  id: bigint;
  person_id: bigint;
  site_id: bigint;
  site_code: string;
  day: string;
  dose_number: number;
  product: ProductCode;
  status: AppointmentStatus;
  follows_id: bigint | null;
  stock_transfer_id: string | null;
  idempotency_key: string;
  booked_at: Date;
}

const COLUMNS = `a.id, a.person_id, a.site_id, s.code AS site_code, a.day, a.dose_number, a.product, a.status,
  a.follows_id, a.stock_transfer_id, a.idempotency_key, a.booked_at`;

function fromRow(r: AppointmentRow): Appointment {
  return {
    id: r.id,
    personId: r.person_id,
    siteId: r.site_id,
    site: r.site_code,
    day: r.day,
    doseNumber: r.dose_number,
    product: r.product,
    status: r.status,
    followsId: r.follows_id,
    stockTransferId: r.stock_transfer_id,
    idempotencyKey: r.idempotency_key,
    bookedAt: r.booked_at,
  };
}

/**
 * A person's appointments, all or of some statuses, by day (locked for update when asked).
 *
 * @example await selectAppointmentsOfPerson(tx, personId, { statuses: ['booked'] })
 */
export async function selectAppointmentsOfPerson(
  sql: Sql,
  personId: bigint,
  options: { statuses?: readonly AppointmentStatus[]; forUpdate?: boolean } = {},
): Promise<Appointment[]> {
  const rows = await sql.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vaccination_appointment a JOIN vaccination_site s ON s.id = a.site_id
     WHERE a.person_id = $1 AND ($2::text[] IS NULL OR a.status = ANY($2::text[]))
     ORDER BY a.day, a.id${options.forUpdate ? ' FOR UPDATE OF a' : ''}`,
    [personId, options.statuses ? [...options.statuses] : null],
  );
  return rows.map(fromRow);
}

/**
 * A site's appointments on a day, all or of some statuses, by id (locked for update when asked).
 *
 * @example await selectAppointmentsOfSiteDay(tx, siteId, '2021-06-01', { statuses: ['booked'], forUpdate: true })
 */
export async function selectAppointmentsOfSiteDay(
  sql: Sql,
  siteId: bigint,
  day: string,
  options: { statuses?: readonly AppointmentStatus[]; forUpdate?: boolean } = {},
): Promise<Appointment[]> {
  const rows = await sql.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vaccination_appointment a JOIN vaccination_site s ON s.id = a.site_id
     WHERE a.site_id = $1 AND a.day = $2 AND ($3::text[] IS NULL OR a.status = ANY($3::text[]))
     ORDER BY a.id${options.forUpdate ? ' FOR UPDATE OF a' : ''}`,
    [siteId, day, options.statuses ? [...options.statuses] : null],
  );
  return rows.map(fromRow);
}

/** An appointment as booked. */
export interface AppointmentInsert {
  personId: bigint;
  siteId: bigint;
  day: string;
  doseNumber: number;
  product: ProductCode;
  followsId: bigint | null;
  idempotencyKey: string;
  bookedBy: string;
  bookedAt: Date;
  /** The reservation's transfer id is this prefix and the appointment's id (set in the same statement). */
  reservationPrefix?: string;
}

/**
 * Writes a booked appointment and returns its id (the caller holds the person's lock and has found
 * no active appointment for the dose, nor one under the key).
 *
 * @example const id = await insertAppointment(tx, { personId, siteId, day, doseNumber: 1, … })
 */
export async function insertAppointment(sql: Sql, a: AppointmentInsert): Promise<bigint> {
  const [row] = await sql.query<{ id: bigint }>(
    `INSERT INTO vaccination_appointment (id, person_id, site_id, day, dose_number, product, status, follows_id,
       idempotency_key, booked_by, booked_at, stock_transfer_id)
     OVERRIDING SYSTEM VALUE
     SELECT n.id, $1, $2, $3, $4, $5, 'booked', $6, $7, $8, $9, $10 || n.id
     FROM (SELECT nextval(pg_get_serial_sequence('vaccination_appointment', 'id')) AS id) n
     RETURNING id`,
    [
      a.personId,
      a.siteId,
      a.day,
      a.doseNumber,
      a.product,
      a.followsId,
      a.idempotencyKey,
      a.bookedBy,
      a.bookedAt,
      a.reservationPrefix ?? null,
    ],
  );
  return row!.id;
}

/**
 * Records the dose reserved for an appointment.
 *
 * @example await setAppointmentReservation(tx, personId, id, 'vaccination:reservation:12')
 */
export async function setAppointmentReservation(
  sql: Sql,
  personId: bigint,
  id: bigint,
  transferId: string | null,
): Promise<void> {
  await sql.query(
    `UPDATE vaccination_appointment SET stock_transfer_id = $3 WHERE person_id = $1 AND id = $2`,
    [personId, id, transferId],
  );
}

/**
 * Moves an appointment from booked to another status.
 *
 * @example await setAppointmentStatus(tx, personId, id, 'cancelled', now)
 */
export async function setAppointmentStatus(
  sql: Sql,
  personId: bigint,
  id: bigint,
  status: Exclude<AppointmentStatus, 'booked'>,
  at: Date,
): Promise<void> {
  await sql.query(
    `UPDATE vaccination_appointment SET status = $3, status_at = $4 WHERE person_id = $1 AND id = $2 AND status = 'booked'`,
    [personId, id, status, at],
  );
}

/**
 * The appointments of several persons, by person (by day within each), locked for update when
 * asked: one statement for a batch.
 *
 * @example (await selectAppointmentsOfPersons(tx, [12n, 7n])).get(12n)
 */
export async function selectAppointmentsOfPersons(
  sql: Sql,
  personIds: readonly bigint[],
  options: { statuses?: readonly AppointmentStatus[]; forUpdate?: boolean } = {},
): Promise<Map<bigint, Appointment[]>> {
  const out = new Map<bigint, Appointment[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return out;
  const rows = await sql.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM vaccination_appointment a JOIN vaccination_site s ON s.id = a.site_id
     WHERE a.person_id = ANY($1::bigint[]) AND ($2::text[] IS NULL OR a.status = ANY($2::text[]))
     ORDER BY a.person_id, a.day, a.id${options.forUpdate ? ' FOR UPDATE OF a' : ''}`,
    [personIds.map(String), options.statuses ? [...options.statuses] : null],
  );
  for (const r of rows) out.get(r.person_id)?.push(fromRow(r));
  return out;
}

/**
 * selectAppointmentsOfPersons and selectDosesOfPersons in one statement (a desk's batch reads both
 * for its persons, once they are locked): the appointments, of `statuses` when given and locked
 * for update when asked, and every dose, by person.
 *
 * @example const { appointments, doses } = await selectRecordsOfPersons(tx, [12n, 7n], { statuses: ['booked'], forUpdate: true })
 */
export async function selectRecordsOfPersons(
  sql: Sql,
  personIds: readonly bigint[],
  options: {
    statuses?: readonly AppointmentStatus[];
    forUpdate?: boolean;
    /** Site days whose open counters the same statement locks (lockedCountersSql's), after the appointments. */
    siteDays?: readonly SiteDaysWanted[];
  } = {},
): Promise<{
  appointments: Map<bigint, Appointment[]>;
  doses: Map<bigint, DoseRecord[]>;
  counters: SiteDayCounterRow[];
}> {
  const appointments = new Map<bigint, Appointment[]>(personIds.map((id) => [id, []]));
  const doses = new Map<bigint, DoseRecord[]>(personIds.map((id) => [id, []]));
  const counters: SiteDayCounterRow[] = [];
  const { sites, days } = siteDayPairs(options.siteDays ?? []);
  if (personIds.length === 0 && sites.length === 0) return { appointments, doses, counters };
  // One row shape for all: an appointment's columns then a dose's, the other kind's left NULL; a
  // locked counter as one JSON column (the arms run in order: the appointments are locked first).
  const rows = await sql.query<
    { kind: 'a' | 'd' | 'c'; counter: SiteDayCounterRow | null } & AppointmentRow & DoseRow
  >(
    `WITH a AS (
       SELECT ${COLUMNS} FROM vaccination_appointment a JOIN vaccination_site s ON s.id = a.site_id
       WHERE a.person_id = ANY($1::bigint[]) AND ($2::text[] IS NULL OR a.status = ANY($2::text[]))
       ${options.forUpdate ? 'FOR UPDATE OF a' : ''}
     ), d AS (
       SELECT ${DOSE_COLUMNS} FROM vaccination_dose d JOIN vaccination_site s ON s.id = d.site_id
       WHERE d.person_id = ANY($1::bigint[])
     ), c AS (
       ${lockedCountersSql('$3', '$4')}
     )
     SELECT 'a' AS kind, a.*, NULL::text AS dose_kind, NULL::bigint AS lot_id, NULL::date AS given_on,
       NULL::bigint AS appointment_id, NULL::text AS recorded_by, NULL::timestamptz AS recorded_at,
       NULL::json AS counter
     FROM a
     UNION ALL
     SELECT 'd', NULL, d.person_id, d.site_id, d.site_code, NULL, d.dose_number, d.product, NULL, NULL,
       d.stock_transfer_id, d.idempotency_key, NULL, d.dose_kind, d.lot_id, d.given_on, d.appointment_id,
       d.recorded_by, d.recorded_at, NULL
     FROM d
     UNION ALL
     SELECT 'c', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, row_to_json(c)
     FROM c
     ORDER BY kind, person_id, day, id, dose_number`,
    [personIds.map(String), options.statuses ? [...options.statuses] : null, sites, days],
  );
  for (const r of rows)
    if (r.kind === 'a') appointments.get(r.person_id)?.push(fromRow(r));
    else if (r.kind === 'd') doses.get(r.person_id)?.push(doseFromRow(r));
    else if (r.counter) counters.push(r.counter);
  return { appointments, doses, counters };
}

/**
 * `n` appointment ids drawn from the table's sequence, in one statement (a batch writes its
 * appointments, and their reservations' transfer ids, knowing them).
 *
 * @example const [id1, id2] = await nextAppointmentIds(tx, 2)
 */
export async function nextAppointmentIds(sql: Sql, n: number): Promise<bigint[]> {
  if (n === 0) return [];
  const rows = await sql.query<{ id: bigint }>(
    `SELECT nextval(pg_get_serial_sequence('vaccination_appointment', 'id')) AS id FROM generate_series(1, $1)`,
    [n],
  );
  return rows.map((r) => r.id);
}

/**
 * Writes booked appointments whose ids were drawn (nextAppointmentIds), in one statement; a dose-2
 * appointment may follow a dose-1 appointment of the same statement. The same statement adds their
 * places to the day's counters (`reserved`: addToCounters', never past a capacity) and returns how
 * many counters moved.
 *
 * @example await insertAppointments(tx, [{ id, personId, siteId, day, doseNumber: 1, … }], [{ siteId, day, product: 'sinopharm', n: 1 }]) // 1
 */
export async function insertAppointments(
  sql: Sql,
  rows: readonly (AppointmentInsert & { id: bigint; stockTransferId: string })[],
  reserved: readonly CounterMove[] = [],
): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(f: (a: (typeof rows)[number]) => T) => rows.map(f);
  const counted = countersCte('reserved', reserved, 12);
  const [moved] = await sql.query<{ n: number }>(
    `WITH ${counted.cte},
     inserted AS (
       INSERT INTO vaccination_appointment (id, person_id, site_id, day, dose_number, product, status, follows_id,
         idempotency_key, booked_by, booked_at, stock_transfer_id)
       OVERRIDING SYSTEM VALUE
       SELECT id, person_id, site_id, day, dose_number, product, 'booked', follows_id, idempotency_key, booked_by,
         booked_at, stock_transfer_id
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::date[], $5::integer[], $6::text[], $7::bigint[],
         $8::text[], $9::text[], $10::timestamptz[], $11::text[])
         AS v(id, person_id, site_id, day, dose_number, product, follows_id, idempotency_key, booked_by, booked_at,
           stock_transfer_id)
       ORDER BY dose_number, id
       RETURNING 1)
     SELECT (SELECT count(*) FROM counted)::int AS n`,
    [
      col((a) => String(a.id)),
      col((a) => String(a.personId)),
      col((a) => String(a.siteId)),
      col((a) => a.day),
      col((a) => a.doseNumber),
      col((a) => a.product),
      col((a) => (a.followsId === null ? null : String(a.followsId))),
      col((a) => a.idempotencyKey),
      col((a) => a.bookedBy),
      col((a) => a.bookedAt),
      col((a) => a.stockTransferId),
      ...counted.params,
    ],
  );
  return moved!.n;
}
