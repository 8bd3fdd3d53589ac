import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type {
  Channel,
  Entitlement,
  GrievanceKind,
  GrievanceStatus,
  Payment,
  PersonTriple,
  RoundKind,
  RoundStatus,
} from './bono.types.ts';

/**
 * The only code that reads and writes grievances (bono_grievance, bono_grievance_event) and the
 * registry rows a grievance corrects (person, person_history, import_run). The service in
 * grievances.ts decides; this file only moves rows.
 */

export type FiledVia = 'citizen' | 'officer';

/** A grievance as stored. */
export interface Grievance {
  id: number;
  reference: string;
  kind: GrievanceKind;
  /** The person as the citizen named them (kept as filed, even after a correction). */
  person: PersonTriple;
  /** The registry person the grievance is about, once known (matched at filing or linked by an officer). */
  personId: bigint | null;
  description: string;
  contact: string;
  filedVia: FiledVia;
  filedBy: string;
  filedAt: Date;
  status: GrievanceStatus;
  decidedAt: Date | null;
  supplementaryRoundId: number | null;
}

/** One step in a grievance's life, as stored (officers see all of it; citizens a filtered view). */
export interface GrievanceEvent {
  id: number;
  at: Date;
  actor: string;
  action: string;
  /** Internal note, for officers only. */
  note: string;
  data: Record<string, unknown> | null;
}

/** A registry person as a grievance officer sees and corrects them. */
export interface RegistryPerson {
  id: bigint;
  ciNumber: string;
  complemento: string;
  expedition: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  dateOfBirth: IsoDate;
  sex: 'F' | 'M';
  municipalityCode: string;
  departmentCode: number;
  residenceCountry: string;
  dateOfDeath: IsoDate | null;
}

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

export interface NewGrievance {
  reference: string;
  kind: GrievanceKind;
  person: PersonTriple;
  personId: bigint | null;
  description: string;
  contact: string;
  filedVia: FiledVia;
  filedBy: string;
  filedAt: Date;
}

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

interface PersonRow {
  id: bigint;
  ci_number: string;
  complemento: string;
  expedition: string | null;
  given_names: string;
  first_surname: string;
  second_surname: string;
  date_of_birth: string;
  sex: 'F' | 'M';
  municipality_code: string;
  department_code: number;
  residence_country: string;
  date_of_death: string | null;
}

const PERSON_COLUMNS = `id, ci_number, complemento, expedition, given_names, first_surname, second_surname, date_of_birth,
  sex::text AS sex, municipality_code::text AS municipality_code, department_code::int AS department_code,
  residence_country::text AS residence_country, date_of_death`;

function toPerson(r: PersonRow): RegistryPerson {
  return {
    id: r.id,
    ciNumber: r.ci_number,
    complemento: r.complemento,
    expedition: r.expedition,
    givenNames: r.given_names,
    firstSurname: r.first_surname,
    secondSurname: r.second_surname,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    municipalityCode: r.municipality_code,
    departmentCode: r.department_code,
    residenceCountry: r.residence_country,
    dateOfDeath: r.date_of_death,
  };
}

export async function personIdByTriple(sql: Sql, t: PersonTriple): Promise<bigint | null> {
  const [r] = await sql.query<{ id: bigint }>(
    'SELECT id FROM person WHERE ci_number = $1 AND complemento = $2 AND date_of_birth = $3',
    [t.ciNumber, t.complemento, t.dateOfBirth],
  );
  return r?.id ?? null;
}

/** A person by id; `forUpdate` locks the row until the transaction ends (a correction is under way). */
export async function personById(sql: Sql, id: bigint, forUpdate = false): Promise<RegistryPerson | null> {
  const [r] = await sql.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id.toString()],
  );
  return r ? toPerson(r) : null;
}

/** Persons with the grievance's CI number: who it may be about when the triple matched nobody. */
export async function personsWithCi(sql: Sql, ciNumber: string, limit: number): Promise<RegistryPerson[]> {
  const rows = await sql.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM person WHERE ci_number = $1 ORDER BY complemento, date_of_birth LIMIT ${limit}`,
    [ciNumber],
  );
  return rows.map(toPerson);
}

/**
 * The columns a correction may change, as stored, keyed by column name. person_history keeps these
 * before and after, keyed the same way: replayRound restores a frozen round's registry from them.
 */
export interface PersonValues {
  expedition: string | null;
  given_names: string;
  first_surname: string;
  second_surname: string;
  date_of_birth: IsoDate;
  sex: 'F' | 'M';
  municipality_code: string;
  residence_country: string;
  date_of_death: IsoDate | null;
}

export function valuesOf(p: RegistryPerson): PersonValues {
  return {
    expedition: p.expedition,
    given_names: p.givenNames,
    first_surname: p.firstSurname,
    second_surname: p.secondSurname,
    date_of_birth: p.dateOfBirth,
    sex: p.sex,
    municipality_code: p.municipalityCode,
    residence_country: p.residenceCountry,
    date_of_death: p.dateOfDeath,
  };
}

/**
 * Applies an officer's correction: an import run of kind `person-correction` (person_history
 * requires the run that changed a person, and the registry's import list then shows corrections
 * next to file imports), the history row with every correctable value before and after, and the
 * update. Returns the run's id.
 */
export async function applyCorrection(
  tx: Sql,
  c: {
    personId: bigint;
    before: PersonValues;
    after: PersonValues;
    fileName: string;
    contentSha256: string;
    actor: string;
    at: Date;
  },
): Promise<bigint> {
  const [run] = await tx.query<{ id: bigint }>(
    `INSERT INTO import_run (kind, file_name, content_sha256, actor, started_at, finished_at, status, rows_read,
       rows_accepted, rows_rejected, rows_inserted, rows_updated, rows_unchanged, rows_removed)
     VALUES ('person-correction', $1, $2, $3, $4, $4, 'completed', 1, 1, 0, 0, 1, 0, 0) RETURNING id`,
    [c.fileName, c.contentSha256, c.actor, c.at],
  );
  const importId = run!.id;
  await tx.query(
    `INSERT INTO person_history (person_id, import_id, changed_at, old_values, new_values) VALUES ($1, $2, $3, $4, $5)`,
    [c.personId.toString(), importId.toString(), c.at, JSON.stringify(c.before), JSON.stringify(c.after)],
  );
  const a = c.after;
  await tx.query(
    `UPDATE person SET expedition = $2, given_names = $3, first_surname = $4, second_surname = $5, date_of_birth = $6,
       sex = $7, municipality_code = $8, residence_country = $9, date_of_death = $10, updated_import_id = $11
     WHERE id = $1`,
    [
      c.personId.toString(),
      a.expedition,
      a.given_names,
      a.first_surname,
      a.second_surname,
      a.date_of_birth,
      a.sex,
      a.municipality_code,
      a.residence_country,
      a.date_of_death,
      importId.toString(),
    ],
  );
  return importId;
}

/** The date the regular round (the one not rejected) was frozen for, if there is one. */
export async function regularRoundDate(sql: Sql): Promise<{ id: number; asOf: IsoDate } | null> {
  const [r] = await sql.query<{ id: number; as_of: string }>(
    `SELECT id::int AS id, as_of FROM bono_round WHERE kind = 'regular' AND status <> 'rejected' ORDER BY id LIMIT 1`,
  );
  return r ? { id: r.id, asOf: r.as_of } : null;
}

export interface PersonEntitlement {
  entitlement: Entitlement;
  roundKind: RoundKind;
  roundStatus: RoundStatus;
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
  const rows = await sql.query<{
    id: number;
    person_id: bigint;
    round_id: number;
    amount_centavos: bigint;
    channel: Channel;
    bank_bic: string;
    payment_point: string;
    idempotency_key: string;
    transfer_id: string;
    paid_at: Date;
    recorded_by: string;
    reversed_at: Date | null;
    reversal_reason: string | null;
  }>(
    `SELECT id::int AS id, person_id, round_id::int AS round_id, amount_centavos, channel, bank_bic, payment_point,
            idempotency_key, transfer_id, paid_at, recorded_by, reversed_at, reversal_reason
     FROM bono_payment WHERE person_id = $1 ORDER BY id DESC`,
    [personId.toString()],
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    roundId: r.round_id,
    amountCentavos: r.amount_centavos,
    channel: r.channel,
    bankBic: r.bank_bic,
    paymentPoint: r.payment_point,
    idempotencyKey: r.idempotency_key,
    transferId: r.transfer_id,
    paidAt: r.paid_at,
    recordedBy: r.recorded_by,
    reversedAt: r.reversed_at,
    reversalReason: r.reversal_reason,
  }));
}
