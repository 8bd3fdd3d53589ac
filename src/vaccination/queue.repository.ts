import type { Sql } from '../db/database.ts';
import type { ProductCode } from './vaccination.types.ts';

/**
 * The walk-in queue's SQL (`vaccination_queue_entry`, migration 0041): one entry per person, site
 * and day, served in ticket order.
 */

export type QueueStatus = 'waiting' | 'served' | 'left';

/** A person in a site's queue on a day. */
export interface QueueEntry {
  personId: bigint;
  siteId: bigint;
  day: string;
  ticket: number;
  product: ProductCode;
  doseNumber: number;
  status: QueueStatus;
  arrivedAt: Date;
}

interface QueueRow {
  person_id: bigint;
  site_id: bigint;
  day: string;
  ticket: number;
  product: ProductCode;
  dose_number: number;
  status: QueueStatus;
  arrived_at: Date;
}

const COLUMNS = 'person_id, site_id, day, ticket, product, dose_number, status, arrived_at';

function fromRow(r: QueueRow): QueueEntry {
  return {
    personId: r.person_id,
    siteId: r.site_id,
    day: r.day,
    ticket: r.ticket,
    product: r.product,
    doseNumber: r.dose_number,
    status: r.status,
    arrivedAt: r.arrived_at,
  };
}

/**
 * The person's entry in a site's queue on a day, if any.
 *
 * @example await selectQueueEntryOfPerson(tx, personId, siteId, '2021-04-27')
 */
export async function selectQueueEntryOfPerson(
  sql: Sql,
  personId: bigint,
  siteId: bigint,
  day: string,
): Promise<QueueEntry | undefined> {
  const [row] = await sql.query<QueueRow>(
    `SELECT ${COLUMNS} FROM vaccination_queue_entry WHERE person_id = $1 AND site_id = $2 AND day = $3`,
    [personId, siteId, day],
  );
  return row ? fromRow(row) : undefined;
}

/**
 * Adds a person to the queue, waiting.
 *
 * @example await insertQueueEntry(tx, { personId, siteId, day, ticket: 7, product: 'sinopharm', doseNumber: 1, … }, 'account:ana')
 */
export async function insertQueueEntry(
  sql: Sql,
  e: Omit<QueueEntry, 'status'>,
  recordedBy: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO vaccination_queue_entry (person_id, site_id, day, ticket, product, dose_number, status, arrived_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7, $8)`,
    [e.personId, e.siteId, e.day, e.ticket, e.product, e.doseNumber, e.arrivedAt, recordedBy],
  );
}

/**
 * A site's queue on a day in ticket order, all or of one status.
 *
 * @example await selectQueue(db, siteId, '2021-04-27', 'waiting')
 */
export async function selectQueue(
  sql: Sql,
  siteId: bigint,
  day: string,
  status?: QueueStatus,
): Promise<QueueEntry[]> {
  const rows = await sql.query<QueueRow>(
    `SELECT ${COLUMNS} FROM vaccination_queue_entry WHERE site_id = $1 AND day = $2 AND ($3::text IS NULL OR status = $3)
     ORDER BY ticket`,
    [siteId, day, status ?? null],
  );
  return rows.map(fromRow);
}

/**
 * The waiting entry to serve, locked: the given ticket, or the first in order that no other
 * vaccinator is serving (two desks serve two people, never the same one).
 *
 * @example await takeWaiting(tx, siteId, '2021-04-27') // the lowest waiting ticket
 */
export async function takeWaiting(
  sql: Sql,
  siteId: bigint,
  day: string,
  ticket?: number,
): Promise<QueueEntry | undefined> {
  const [row] = await sql.query<QueueRow>(
    `SELECT ${COLUMNS} FROM vaccination_queue_entry
     WHERE site_id = $1 AND day = $2 AND status = 'waiting' AND ($3::integer IS NULL OR ticket = $3)
     ORDER BY ticket LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [siteId, day, ticket ?? null],
  );
  return row ? fromRow(row) : undefined;
}

/**
 * Moves a waiting entry to served or left.
 *
 * @example await setQueueStatus(tx, entry, 'served', now)
 */
export async function setQueueStatus(
  sql: Sql,
  e: Pick<QueueEntry, 'personId' | 'siteId' | 'day'>,
  status: Exclude<QueueStatus, 'waiting'>,
  at: Date,
): Promise<void> {
  await sql.query(
    `UPDATE vaccination_queue_entry SET status = $4, status_at = $5
     WHERE person_id = $1 AND site_id = $2 AND day = $3 AND status = 'waiting'`,
    [e.personId, e.siteId, e.day, status, at],
  );
}

/**
 * At the day's end, everyone still waiting has left; returns them.
 *
 * @example const left = await leaveAllWaiting(tx, siteId, '2021-04-27', now)
 */
export async function leaveAllWaiting(
  sql: Sql,
  siteId: bigint,
  day: string,
  at: Date,
): Promise<QueueEntry[]> {
  const rows = await sql.query<QueueRow>(
    `UPDATE vaccination_queue_entry SET status = 'left', status_at = $3
     WHERE site_id = $1 AND day = $2 AND status = 'waiting' RETURNING ${COLUMNS}`,
    [siteId, day, at],
  );
  return rows.map(fromRow);
}
