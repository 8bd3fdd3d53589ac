import type { Sql } from '../db/database.ts';
import {
  listsOfPersonJson,
  type MembershipRow,
  PERSON_COLUMNS,
  type PersonKey,
  type PersonRow,
} from '../registry/index.ts';
import { type CounterMove, countersCte } from './site-day.repository.ts';
import type { DoseKind, DoseRecord, ProductCode } from './vaccination.types.ts';

/**
 * The nominal registry's SQL (`vaccination_dose`, migration 0041): a person's doses, one row per
 * dose number, written once and never changed (a trigger refuses UPDATE and DELETE).
 */

export interface DoseRow {
  person_id: bigint;
  dose_number: number;
  dose_kind: DoseKind;
  product: ProductCode;
  lot_id: bigint;
  site_id: bigint;
  site_code: string;
  given_on: string;
  appointment_id: bigint | null;
  idempotency_key: string;
  stock_transfer_id: string;
  recorded_by: string;
  recorded_at: Date;
}

export function doseFromRow(r: DoseRow): DoseRecord {
  return {
    personId: r.person_id,
    doseNumber: r.dose_number,
    doseKind: r.dose_kind,
    product: r.product,
    lotId: r.lot_id,
    siteId: r.site_id,
    site: r.site_code,
    givenOn: r.given_on,
    appointmentId: r.appointment_id,
    idempotencyKey: r.idempotency_key,
    stockTransferId: r.stock_transfer_id,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  };
}

export const DOSE_COLUMNS = `d.person_id, d.dose_number, d.dose_kind, d.product, d.lot_id, d.site_id, s.code AS site_code,
  d.given_on, d.appointment_id, d.idempotency_key, d.stock_transfer_id, d.recorded_by, d.recorded_at`;

/**
 * Serialises the writes about one person until the transaction ends (a transaction-scoped advisory
 * lock keyed by the person id's hash; a collision only makes two persons wait for each other):
 * concurrent retries of one dose, and a dose racing a booking, then see each other's rows.
 *
 * @example await lockPerson(tx, personId)
 */
export async function lockPerson(tx: Sql, personId: bigint): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ayni:vaccination:person'), hashtext($1::text))`, [
    personId,
  ]);
}

/**
 * A person's doses, by dose number.
 *
 * @example await selectDosesOfPerson(tx, personId) // [{ doseNumber: 1, product: 'sputnik_v_1', … }]
 */
export async function selectDosesOfPerson(sql: Sql, personId: bigint): Promise<DoseRecord[]> {
  const rows = await sql.query<DoseRow>(
    `SELECT ${DOSE_COLUMNS} FROM vaccination_dose d JOIN vaccination_site s ON s.id = d.site_id
     WHERE d.person_id = $1 ORDER BY d.dose_number`,
    [personId],
  );
  return rows.map(doseFromRow);
}

/**
 * Doses given at a site on a day, by lot: what the day's closing counts and turns into waste.
 *
 * @example await dosesGivenByLot(tx, siteId, '2021-04-27') // [{ lotId: 3n, product: 'sinopharm', doses: 412 }]
 */
export async function dosesGivenByLot(
  sql: Sql,
  siteId: bigint,
  day: string,
): Promise<{ lotId: bigint; product: ProductCode; doses: number }[]> {
  const rows = await sql.query<{ lot_id: bigint; product: ProductCode; doses: number }>(
    `SELECT lot_id, product, count(*)::integer AS doses FROM vaccination_dose
     WHERE site_id = $1 AND given_on = $2 GROUP BY lot_id, product ORDER BY lot_id`,
    [siteId, day],
  );
  return rows.map((r) => ({ lotId: r.lot_id, product: r.product, doses: r.doses }));
}

/** A dose record as written (the site by id). */
export type DoseInsert = Omit<DoseRecord, 'site'>;

/**
 * Writes a dose record. The caller holds the person's lock and has found no record of the dose.
 *
 * @example await insertDose(tx, { personId, doseNumber: 1, doseKind: 'first', … })
 */
export async function insertDose(tx: Sql, d: DoseInsert): Promise<void> {
  await tx.query(
    `INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
       appointment_id, idempotency_key, stock_transfer_id, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      d.personId,
      d.doseNumber,
      d.doseKind,
      d.product,
      d.lotId,
      d.siteId,
      d.givenOn,
      d.appointmentId,
      d.idempotencyKey,
      d.stockTransferId,
      d.recordedBy,
      d.recordedAt,
    ],
  );
}

/** A person found by their key (lockPersonsFindingKeys), with their source lists. */
export type FoundPersonRow = PersonRow & { lists: MembershipRow[] | null };

/**
 * A desk's batch's first statement (desk.ts): the persons its requests name by key (CI,
 * complemento, date of birth, as the registry's personsWithListsByKeys finds them) found with their
 * source lists, every person of the batch (those found, `personIds` known already) locked as
 * lockPerson locks one — in one statement and a fixed order, so two batches locking overlapping
 * persons wait for each other rather than deadlock — and the vaccination catalogue's version
 * (catalogueVersion's) read. The persons and the version are read in the statement's snapshot,
 * before the locks are waited for: the locks guard the persons' vaccination records, read after
 * them, and what the batch reads after the version is at least as new. Finding the persons here
 * rather than on the pool before the batch saves each request a statement of its own (15–19 ms on
 * bench/vaccination-doses.bench.ts under load). `found` is by the key's index.
 *
 * The same statement makes the batch's transaction plan each statement for its parameters
 * (`plan_cache_mode`, local to the transaction). A pool's connection keeps a prepared statement's
 * generic plan, chosen once from the statistics of the time: the ledger's lock of its accounts
 * (lockAndSelectBatchRows), planned while `ledger_transfer` was nearly empty, grew slower as the
 * table grew — on bench/vaccination-bookings.bench.ts 19–43 ms a batch (0.1 ms in EXPLAIN ANALYZE
 * of the same statement on the copy afterwards), 8 ms once planned for the ids asked, the server's
 * CPU per 1,000 bookings 0.44 → 0.28 s.
 *
 * @example const { version, found } = await lockPersonsFindingKeys(tx, [key], [12n]); found.get(0)?.id
 */
export async function lockPersonsFindingKeys(
  tx: Sql,
  keys: readonly PersonKey[],
  personIds: readonly bigint[],
): Promise<{ version: bigint; found: Map<number, FoundPersonRow> }> {
  const rows = await tx.query<{ version: bigint | string | null; i: number | null } & FoundPersonRow>(
    `WITH found AS MATERIALIZED (
       SELECT k.i::int - 1 AS i, ${PERSON_COLUMNS}, ${listsOfPersonJson('p.id')} AS lists
       FROM unnest($1::text[], $2::text[], $3::date[]) WITH ORDINALITY AS k (ci, complemento, born, i)
       JOIN registry_person p
         ON p.ci_number = k.ci AND p.complemento = k.complemento AND p.date_of_birth = k.born
     ), locked AS MATERIALIZED (
       SELECT pg_advisory_xact_lock(hashtext('ayni:vaccination:person'), x.k) AS locked
       FROM (SELECT DISTINCT hashtext(id::text) AS k
             FROM (SELECT id FROM found UNION ALL SELECT unnest($4::bigint[])) ids) x
       ORDER BY x.k
     )
     SELECT (SELECT version FROM vaccination_catalogue_version) AS version,
       (SELECT count(*) FROM locked) AS locks,
       set_config('plan_cache_mode', 'force_custom_plan', true) AS plans, f.*
     FROM (SELECT 1) one LEFT JOIN found f ON true`,
    [
      keys.map((k) => k.ciNumber),
      keys.map((k) => k.complemento),
      keys.map((k) => k.dateOfBirth),
      personIds.map(String),
    ],
  );
  const found = new Map<number, FoundPersonRow>();
  for (const r of rows) if (r.i !== null) found.set(r.i, r);
  return { version: BigInt(rows[0]?.version ?? 0), found };
}

/**
 * The doses of several persons, by person: one statement for a batch.
 *
 * @example (await selectDosesOfPersons(tx, [12n, 7n])).get(12n) // [{ doseNumber: 1, … }]
 */
export async function selectDosesOfPersons(
  sql: Sql,
  personIds: readonly bigint[],
): Promise<Map<bigint, DoseRecord[]>> {
  const out = new Map<bigint, DoseRecord[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return out;
  const rows = await sql.query<DoseRow>(
    `SELECT ${DOSE_COLUMNS} FROM vaccination_dose d JOIN vaccination_site s ON s.id = d.site_id
     WHERE d.person_id = ANY($1::bigint[]) ORDER BY d.person_id, d.dose_number`,
    [personIds.map(String)],
  );
  for (const r of rows) out.get(r.person_id)?.push(doseFromRow(r));
  return out;
}

/**
 * Writes dose records in one statement; a record whose person and dose number (or key) is there
 * already is left as it is. Returns the `person:dose number` of the rows written. With
 * `administered`, the same statement adds the doses to their days' counters (addToCounters').
 *
 * @example await insertDoses(tx, [dose1, dose2])
 */
export async function insertDoses(
  tx: Sql,
  doses: readonly DoseInsert[],
  administered: readonly CounterMove[] = [],
): Promise<Set<string>> {
  if (doses.length === 0) return new Set();
  const col = <T>(f: (d: DoseInsert) => T) => doses.map(f);
  const counted = administered.length > 0 ? countersCte('administered', administered, 13) : null;
  const rows = await tx.query<{ person_id: bigint; dose_number: number }>(
    `${counted ? `WITH ${counted.cte} ` : ''}INSERT INTO vaccination_dose (person_id, dose_number, dose_kind, product, lot_id, site_id, given_on,
       appointment_id, idempotency_key, stock_transfer_id, recorded_by, recorded_at)
     SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
       $7::date[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::timestamptz[])
     ON CONFLICT DO NOTHING
     RETURNING person_id, dose_number`,
    [
      col((d) => String(d.personId)),
      col((d) => d.doseNumber),
      col((d) => d.doseKind),
      col((d) => d.product),
      col((d) => String(d.lotId)),
      col((d) => String(d.siteId)),
      col((d) => d.givenOn),
      col((d) => (d.appointmentId === null ? null : String(d.appointmentId))),
      col((d) => d.idempotencyKey),
      col((d) => d.stockTransferId),
      col((d) => d.recordedBy),
      col((d) => d.recordedAt),
      ...(counted?.params ?? []),
    ],
  );
  return new Set(rows.map((r) => `${r.person_id}:${r.dose_number}`));
}
