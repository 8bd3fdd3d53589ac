import type { Sql } from '../db/database.ts';
import type {
  Act,
  CaseEvent,
  CasePerson,
  EvidenceItem,
  Investigation,
  Involvement,
  Relationship,
  Source,
  Statement,
  TeamMember,
} from './cases.types.ts';

/**
 * The case file's SQL (migration 0052): investigations, teams, events, persons, evidence items,
 * statements, acts, involvements and relationships. Only this file and custody.repository.ts name
 * the case_ tables. Every read is scoped by the investigation id, so an id from another
 * investigation finds nothing.
 */

const sourceOf = (item: bigint | null, statement: bigint | null): Source =>
  item !== null ? { kind: 'item', id: item } : { kind: 'statement', id: statement! };
const sourceColumns = (s: Source | null): [bigint | null, bigint | null] =>
  s === null ? [null, null] : s.kind === 'item' ? [s.id, null] : [null, s.id];

// ---- investigations and teams ----

interface InvestigationRow {
  id: bigint;
  code: string;
  title: string;
  summary: string;
  opened_on: string;
}
const toInvestigation = (r: InvestigationRow): Investigation => ({
  id: r.id,
  code: r.code,
  title: r.title,
  summary: r.summary,
  openedOn: r.opened_on,
});

/** Inserts an investigation; null when the code is taken. @example await insertInvestigation(tx, {...}, 'account:ana', now) */
export async function insertInvestigation(
  sql: Sql,
  i: Omit<Investigation, 'id'>,
  by: string,
  at: Date,
): Promise<Investigation | null> {
  const rows = await sql.query<InvestigationRow>(
    `INSERT INTO case_investigation (code, title, summary, opened_on, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING
     RETURNING id, code, title, summary, opened_on`,
    [i.code, i.title, i.summary, i.openedOn, by, at],
  );
  return rows[0] ? toInvestigation(rows[0]) : null;
}

/** @example await investigationByCode(db, 'GIEI-2019') */
export async function investigationByCode(sql: Sql, code: string): Promise<Investigation | null> {
  const [r] = await sql.query<InvestigationRow>(
    'SELECT id, code, title, summary, opened_on FROM case_investigation WHERE code = $1',
    [code],
  );
  return r ? toInvestigation(r) : null;
}

/** The investigations whose team holds `username`, by code. @example await investigationsOf(db, 'ana') */
export async function investigationsOf(
  sql: Sql,
  username: string,
): Promise<(Investigation & { teamRole: string })[]> {
  const rows = await sql.query<InvestigationRow & { team_role: string }>(
    `SELECT i.id, i.code, i.title, i.summary, i.opened_on, m.team_role
       FROM case_investigation i JOIN case_team_member m ON m.investigation_id = i.id
      WHERE m.username = $1 ORDER BY i.code LIMIT 1000`,
    [username],
  );
  return rows.map((r) => ({ ...toInvestigation(r), teamRole: r.team_role }));
}

interface MemberRow {
  investigation_id: bigint;
  username: string;
  team_role: TeamMember['teamRole'];
  family_code: string | null;
}
const toMember = (r: MemberRow): TeamMember => ({
  investigationId: r.investigation_id,
  username: r.username,
  teamRole: r.team_role,
  familyCode: r.family_code,
});

/** @example await teamMember(db, 1n, 'ana') */
export async function teamMember(
  sql: Sql,
  investigationId: bigint,
  username: string,
): Promise<TeamMember | null> {
  const [r] = await sql.query<MemberRow>(
    `SELECT investigation_id, username, team_role, family_code FROM case_team_member
      WHERE investigation_id = $1 AND username = $2`,
    [investigationId, username],
  );
  return r ? toMember(r) : null;
}

/** Adds or changes a member; returns the row before (null when new). @example await upsertTeamMember(tx, m, 'account:ana', now) */
export async function upsertTeamMember(
  sql: Sql,
  m: TeamMember,
  by: string,
  at: Date,
): Promise<TeamMember | null> {
  const before = await teamMember(sql, m.investigationId, m.username);
  await sql.query(
    `INSERT INTO case_team_member (investigation_id, username, team_role, family_code, added_by, added_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (investigation_id, username)
     DO UPDATE SET team_role = EXCLUDED.team_role, family_code = EXCLUDED.family_code,
                   added_by = EXCLUDED.added_by, added_at = EXCLUDED.added_at`,
    [m.investigationId, m.username, m.teamRole, m.familyCode, by, at],
  );
  return before;
}

/** @example await teamOf(db, 1n) */
export async function teamOf(sql: Sql, investigationId: bigint): Promise<TeamMember[]> {
  const rows = await sql.query<MemberRow>(
    `SELECT investigation_id, username, team_role, family_code FROM case_team_member
      WHERE investigation_id = $1 ORDER BY username`,
    [investigationId],
  );
  return rows.map(toMember);
}

/** Locks the investigation's row (a finding's number is chosen, an import checks for the same bytes). @example await lockInvestigation(tx, 1n) */
export async function lockInvestigation(sql: Sql, investigationId: bigint): Promise<void> {
  await sql.query('SELECT id FROM case_investigation WHERE id = $1 FOR UPDATE', [investigationId]);
}

/** The item ids of the investigation holding these bytes. @example await itemIdsWithSha256(db, 1n, sha) */
export async function itemIdsWithSha256(
  sql: Sql,
  investigationId: bigint,
  sha256: string,
): Promise<bigint[]> {
  const rows = await sql.query<{ id: bigint }>(
    'SELECT id FROM case_evidence_item WHERE investigation_id = $1 AND sha256 = $2 ORDER BY id LIMIT 100',
    [investigationId, sha256],
  );
  return rows.map((r) => r.id);
}

// ---- events ----

interface EventRow {
  id: bigint;
  investigation_id: bigint;
  title: string;
  event_type: CaseEvent['eventType'];
  place_name: string;
  latitude: string | null;
  longitude: string | null;
  starts_at: Date;
  ends_at: Date;
  description: string;
}
const EVENT_COLUMNS =
  'id, investigation_id, title, event_type, place_name, latitude, longitude, starts_at, ends_at, description';
const toEvent = (r: EventRow): CaseEvent => ({
  id: r.id,
  investigationId: r.investigation_id,
  title: r.title,
  eventType: r.event_type,
  placeName: r.place_name,
  latitude: r.latitude,
  longitude: r.longitude,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  description: r.description,
});

/** @example await insertEvent(tx, e, 'account:ana', now) */
export async function insertEvent(
  sql: Sql,
  e: Omit<CaseEvent, 'id'>,
  by: string,
  at: Date,
): Promise<CaseEvent> {
  const [r] = await sql.query<EventRow>(
    `INSERT INTO case_event (investigation_id, title, event_type, place_name, latitude, longitude,
       starts_at, ends_at, description, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${EVENT_COLUMNS}`,
    [
      e.investigationId,
      e.title,
      e.eventType,
      e.placeName,
      e.latitude,
      e.longitude,
      e.startsAt,
      e.endsAt,
      e.description,
      by,
      at,
    ],
  );
  return toEvent(r!);
}

/** @example await eventsOf(db, 1n) */
export async function eventsOf(sql: Sql, investigationId: bigint): Promise<CaseEvent[]> {
  const rows = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM case_event WHERE investigation_id = $1 ORDER BY starts_at, id LIMIT 10000`,
    [investigationId],
  );
  return rows.map(toEvent);
}

/** One event of the investigation. @example await eventById(db, 1n, 3n) */
export async function eventById(sql: Sql, investigationId: bigint, id: bigint): Promise<CaseEvent | null> {
  const [r] = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM case_event WHERE investigation_id = $1 AND id = $2`,
    [investigationId, id],
  );
  return r ? toEvent(r) : null;
}

// ---- persons ----

interface PersonRow {
  id: bigint;
  investigation_id: bigint;
  code: string;
  full_name: string;
  roles: CasePerson['roles'];
  sex: CasePerson['sex'];
  date_of_birth: string | null;
  registry_person_id: bigint | null;
  family_code: string | null;
  protected: boolean;
}
const PERSON_COLUMNS =
  'id, investigation_id, code, full_name, roles, sex, date_of_birth, registry_person_id, family_code, protected';
const toPerson = (r: PersonRow): CasePerson => ({
  id: r.id,
  investigationId: r.investigation_id,
  code: r.code,
  fullName: r.full_name,
  roles: r.roles,
  sex: r.sex,
  dateOfBirth: r.date_of_birth,
  registryPersonId: r.registry_person_id,
  familyCode: r.family_code,
  protected: r.protected,
});

/** Inserts a person; null when the code is taken in the investigation. @example await insertPerson(tx, p, by, now) */
export async function insertPerson(
  sql: Sql,
  p: Omit<CasePerson, 'id'>,
  by: string,
  at: Date,
): Promise<CasePerson | null> {
  const rows = await sql.query<PersonRow>(
    `INSERT INTO case_person (investigation_id, code, full_name, roles, sex, date_of_birth,
       registry_person_id, family_code, protected, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (investigation_id, code) DO NOTHING RETURNING ${PERSON_COLUMNS}`,
    [
      p.investigationId,
      p.code,
      p.fullName,
      p.roles,
      p.sex,
      p.dateOfBirth,
      p.registryPersonId,
      p.familyCode,
      p.protected,
      by,
      at,
    ],
  );
  return rows[0] ? toPerson(rows[0]) : null;
}

/** Marks a person protected (or not); returns the person before. @example await setPersonProtected(tx, 1n, 4n, true) */
export async function setPersonProtected(
  sql: Sql,
  investigationId: bigint,
  personId: bigint,
  value: boolean,
): Promise<CasePerson | null> {
  const before = await personById(sql, investigationId, personId);
  if (!before) return null;
  await sql.query('UPDATE case_person SET protected = $3 WHERE investigation_id = $1 AND id = $2', [
    investigationId,
    personId,
    value,
  ]);
  return before;
}

/** @example await personById(db, 1n, 4n) */
export async function personById(sql: Sql, investigationId: bigint, id: bigint): Promise<CasePerson | null> {
  const [r] = await sql.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM case_person WHERE investigation_id = $1 AND id = $2`,
    [investigationId, id],
  );
  return r ? toPerson(r) : null;
}

/** @example await personsOf(db, 1n) */
export async function personsOf(sql: Sql, investigationId: bigint): Promise<CasePerson[]> {
  const rows = await sql.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM case_person WHERE investigation_id = $1 ORDER BY id LIMIT 100000`,
    [investigationId],
  );
  return rows.map(toPerson);
}

/** The persons of the investigation with these ids. @example await personsByIds(db, 1n, [3n, 4n]) */
export async function personsByIds(
  sql: Sql,
  investigationId: bigint,
  ids: readonly bigint[],
): Promise<CasePerson[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM case_person WHERE investigation_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
    [investigationId, ids.map(String)],
  );
  return rows.map(toPerson);
}

// ---- evidence items ----

interface ItemRow {
  id: bigint;
  investigation_id: bigint;
  title: string;
  kind: EvidenceItem['kind'];
  media_type: string;
  sha256: string;
  byte_length: bigint;
  original_item_id: bigint | null;
  derivation: EvidenceItem['derivation'];
  original_metadata: Record<string, unknown>;
  restricted: boolean;
  family_code: string | null;
  event_id: bigint | null;
  custody_seq: number;
  custody_hash: string;
  created_at: Date;
}
const ITEM_COLUMNS =
  'id, investigation_id, title, kind, media_type, sha256, byte_length, original_item_id, derivation, original_metadata, restricted, family_code, event_id, custody_seq, custody_hash, created_at';
const toItem = (r: ItemRow): EvidenceItem => ({
  id: r.id,
  investigationId: r.investigation_id,
  title: r.title,
  kind: r.kind,
  mediaType: r.media_type,
  sha256: r.sha256,
  byteLength: r.byte_length,
  originalItemId: r.original_item_id,
  derivation: r.derivation,
  originalMetadata: r.original_metadata,
  restricted: r.restricted,
  familyCode: r.family_code,
  eventId: r.event_id,
  custodySeq: r.custody_seq,
  custodyHash: r.custody_hash,
  createdAt: r.created_at,
});

/** Inserts an item whose custody log is still empty (head = genesis). @example await insertItem(tx, item, by, now) */
export async function insertItem(
  sql: Sql,
  i: Omit<EvidenceItem, 'id' | 'custodySeq' | 'custodyHash' | 'createdAt'>,
  genesisHash: string,
  by: string,
  at: Date,
): Promise<EvidenceItem> {
  const [r] = await sql.query<ItemRow>(
    `INSERT INTO case_evidence_item (investigation_id, title, kind, media_type, sha256, byte_length,
       original_item_id, derivation, original_metadata, restricted, family_code, event_id,
       custody_seq, custody_hash, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, 0, $13, $14, $15)
     RETURNING ${ITEM_COLUMNS}`,
    [
      i.investigationId,
      i.title,
      i.kind,
      i.mediaType,
      i.sha256,
      i.byteLength,
      i.originalItemId,
      i.derivation,
      JSON.stringify(i.originalMetadata),
      i.restricted,
      i.familyCode,
      i.eventId,
      genesisHash,
      by,
      at,
    ],
  );
  return toItem(r!);
}

/** An item; `forUpdate` locks it (its custody log is being appended to). @example await itemById(tx, 7n, { forUpdate: true }) */
export async function itemById(
  sql: Sql,
  id: bigint,
  options: { forUpdate?: boolean } = {},
): Promise<EvidenceItem | null> {
  const [r] = await sql.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM case_evidence_item WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r ? toItem(r) : null;
}

/** @example await itemsOf(db, 1n) */
export async function itemsOf(sql: Sql, investigationId: bigint): Promise<EvidenceItem[]> {
  const rows = await sql.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM case_evidence_item WHERE investigation_id = $1 ORDER BY id LIMIT 100000`,
    [investigationId],
  );
  return rows.map(toItem);
}

/** Moves an item's custody head to the entry just appended. @example await moveCustodyHead(tx, 7n, 3, hash) */
export async function moveCustodyHead(sql: Sql, itemId: bigint, seq: number, hash: string): Promise<void> {
  await sql.query('UPDATE case_evidence_item SET custody_seq = $2, custody_hash = $3 WHERE id = $1', [
    itemId,
    seq,
    hash,
  ]);
}

// ---- statements ----

interface StatementRow {
  id: bigint;
  investigation_id: bigint;
  witness_person_id: bigint;
  taken_at: Date;
  place_name: string;
  language: string;
  interpreter: string | null;
  interviewer: string;
  consent_given: boolean;
  consent_scope: Statement['consentScope'];
  summary: string;
  audio_item_id: bigint | null;
  transcript_item_id: bigint | null;
}
const STATEMENT_COLUMNS =
  'id, investigation_id, witness_person_id, taken_at, place_name, language, interpreter, interviewer, consent_given, consent_scope, summary, audio_item_id, transcript_item_id';
const toStatement = (r: StatementRow): Statement => ({
  id: r.id,
  investigationId: r.investigation_id,
  witnessPersonId: r.witness_person_id,
  takenAt: r.taken_at,
  placeName: r.place_name,
  language: r.language,
  interpreter: r.interpreter,
  interviewer: r.interviewer,
  consentGiven: r.consent_given,
  consentScope: r.consent_scope,
  summary: r.summary,
  audioItemId: r.audio_item_id,
  transcriptItemId: r.transcript_item_id,
});

/** @example await insertStatement(tx, s, by, now) */
export async function insertStatement(
  sql: Sql,
  s: Omit<Statement, 'id'>,
  by: string,
  at: Date,
): Promise<Statement> {
  const [r] = await sql.query<StatementRow>(
    `INSERT INTO case_statement (investigation_id, witness_person_id, taken_at, place_name, language,
       interpreter, interviewer, consent_given, consent_scope, summary, audio_item_id, transcript_item_id,
       created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${STATEMENT_COLUMNS}`,
    [
      s.investigationId,
      s.witnessPersonId,
      s.takenAt,
      s.placeName,
      s.language,
      s.interpreter,
      s.interviewer,
      s.consentGiven,
      s.consentScope,
      s.summary,
      s.audioItemId,
      s.transcriptItemId,
      by,
      at,
    ],
  );
  return toStatement(r!);
}

/** @example await statementsOf(db, 1n) */
export async function statementsOf(sql: Sql, investigationId: bigint): Promise<Statement[]> {
  const rows = await sql.query<StatementRow>(
    `SELECT ${STATEMENT_COLUMNS} FROM case_statement WHERE investigation_id = $1 ORDER BY id LIMIT 100000`,
    [investigationId],
  );
  return rows.map(toStatement);
}

// ---- acts, involvements, relationships ----

interface ActRow {
  id: bigint;
  investigation_id: bigint;
  event_id: bigint;
  act_type: Act['actType'];
  victim_person_id: bigint | null;
  starts_at: Date | null;
  ends_at: Date | null;
  place_name: string | null;
  latitude: string | null;
  longitude: string | null;
  cause_of_death: Act['causeOfDeath'];
  description: string;
  source_item_id: bigint | null;
  source_statement_id: bigint | null;
}
const ACT_COLUMNS =
  'id, investigation_id, event_id, act_type, victim_person_id, starts_at, ends_at, place_name, latitude, longitude, cause_of_death, description, source_item_id, source_statement_id';
const toAct = (r: ActRow): Act => ({
  id: r.id,
  investigationId: r.investigation_id,
  eventId: r.event_id,
  actType: r.act_type,
  victimPersonId: r.victim_person_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  placeName: r.place_name,
  latitude: r.latitude,
  longitude: r.longitude,
  causeOfDeath: r.cause_of_death,
  description: r.description,
  source: sourceOf(r.source_item_id, r.source_statement_id),
});

/** @example await insertAct(tx, act, by, now) */
export async function insertAct(sql: Sql, a: Omit<Act, 'id'>, by: string, at: Date): Promise<Act> {
  const [item, statement] = sourceColumns(a.source);
  const [r] = await sql.query<ActRow>(
    `INSERT INTO case_act (investigation_id, event_id, act_type, victim_person_id, starts_at, ends_at,
       place_name, latitude, longitude, cause_of_death, description, source_item_id, source_statement_id,
       created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${ACT_COLUMNS}`,
    [
      a.investigationId,
      a.eventId,
      a.actType,
      a.victimPersonId,
      a.startsAt,
      a.endsAt,
      a.placeName,
      a.latitude,
      a.longitude,
      a.causeOfDeath,
      a.description,
      item,
      statement,
      by,
      at,
    ],
  );
  return toAct(r!);
}

/** @example await actsOf(db, 1n) */
export async function actsOf(sql: Sql, investigationId: bigint): Promise<Act[]> {
  const rows = await sql.query<ActRow>(
    `SELECT ${ACT_COLUMNS} FROM case_act WHERE investigation_id = $1 ORDER BY event_id, starts_at, id LIMIT 100000`,
    [investigationId],
  );
  return rows.map(toAct);
}

/** The acts every source places in one event (case_act_event index). @example await actsOfEvent(db, 1n, 3n) */
export async function actsOfEvent(sql: Sql, investigationId: bigint, eventId: bigint): Promise<Act[]> {
  const rows = await sql.query<ActRow>(
    `SELECT ${ACT_COLUMNS} FROM case_act WHERE event_id = $2 AND investigation_id = $1 ORDER BY starts_at, id LIMIT 100000`,
    [investigationId, eventId],
  );
  return rows.map(toAct);
}

/** @example await insertInvolvement(tx, 1n, inv, by, now) */
export async function insertInvolvement(
  sql: Sql,
  investigationId: bigint,
  v: Omit<Involvement, 'id'>,
  by: string,
  at: Date,
): Promise<Involvement> {
  const [item, statement] = sourceColumns(v.source);
  const [r] = await sql.query<{ id: bigint }>(
    `INSERT INTO case_involvement (investigation_id, act_id, perpetrator_person_id, degree,
       source_item_id, source_statement_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [investigationId, v.actId, v.perpetratorPersonId, v.degree, item, statement, by, at],
  );
  return { ...v, id: r!.id };
}

/** @example await involvementsOf(db, 1n) */
export async function involvementsOf(sql: Sql, investigationId: bigint): Promise<Involvement[]> {
  const rows = await sql.query<{
    id: bigint;
    act_id: bigint;
    perpetrator_person_id: bigint;
    degree: Involvement['degree'];
    source_item_id: bigint | null;
    source_statement_id: bigint | null;
  }>(
    `SELECT id, act_id, perpetrator_person_id, degree, source_item_id, source_statement_id
       FROM case_involvement WHERE investigation_id = $1 ORDER BY id LIMIT 100000`,
    [investigationId],
  );
  return rows.map((r) => ({
    id: r.id,
    actId: r.act_id,
    perpetratorPersonId: r.perpetrator_person_id,
    degree: r.degree,
    source: sourceOf(r.source_item_id, r.source_statement_id),
  }));
}

/** @example await insertRelationship(tx, 1n, rel, by, now) */
export async function insertRelationship(
  sql: Sql,
  investigationId: bigint,
  v: Omit<Relationship, 'id'>,
  by: string,
  at: Date,
): Promise<Relationship> {
  const [item, statement] = sourceColumns(v.source);
  const [r] = await sql.query<{ id: bigint }>(
    `INSERT INTO case_relationship (investigation_id, from_kind, from_id, to_kind, to_id, relation,
       source_item_id, source_statement_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [investigationId, v.from.kind, v.from.id, v.to.kind, v.to.id, v.relation, item, statement, by, at],
  );
  return { ...v, id: r!.id };
}

/** @example await relationshipsOf(db, 1n) */
export async function relationshipsOf(sql: Sql, investigationId: bigint): Promise<Relationship[]> {
  const rows = await sql.query<{
    id: bigint;
    from_kind: Relationship['from']['kind'];
    from_id: bigint;
    to_kind: Relationship['to']['kind'];
    to_id: bigint;
    relation: string;
    source_item_id: bigint | null;
    source_statement_id: bigint | null;
  }>(
    `SELECT id, from_kind, from_id, to_kind, to_id, relation, source_item_id, source_statement_id
       FROM case_relationship WHERE investigation_id = $1 ORDER BY id LIMIT 100000`,
    [investigationId],
  );
  return rows.map((r) => ({
    id: r.id,
    from: { kind: r.from_kind, id: r.from_id },
    to: { kind: r.to_kind, id: r.to_id },
    relation: r.relation,
    source:
      r.source_item_id === null && r.source_statement_id === null
        ? null
        : sourceOf(r.source_item_id, r.source_statement_id),
  }));
}

/** Whether a row of `kind` with `id` belongs to the investigation. @example await entityExists(db, 1n, 'event', 3n) */
export async function entityExists(
  sql: Sql,
  investigationId: bigint,
  kind: 'person' | 'event' | 'act' | 'item' | 'statement',
  id: bigint,
): Promise<boolean> {
  const table = {
    person: 'case_person',
    event: 'case_event',
    act: 'case_act',
    item: 'case_evidence_item',
    statement: 'case_statement',
  }[kind];
  const [r] = await sql.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM ${table} WHERE investigation_id = $1 AND id = $2`,
    [investigationId, id],
  );
  return (r?.n ?? 0n) > 0n;
}
