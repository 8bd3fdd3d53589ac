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
/** A source as its two columns (one of them null; both null for none). */
const sourceValues = (s: Source | null) => ({
  source_item_id: s?.kind === 'item' ? s.id : null,
  source_statement_id: s?.kind === 'statement' ? s.id : null,
});

// ---- the two shapes every table shares ----

/** Each list is bounded: an investigation holds at most this many rows of one kind. */
const MAX_ROWS = 100_000;

/**
 * Inserts one row from a record of column → value (names are this file's constants, never input)
 * and returns the row as `returning` lists it; `casts` adds a cast to a placeholder (jsonb),
 * `onConflict` a conflict clause (the row is then absent).
 */
async function insertRow<R>(
  sql: Sql,
  table: string,
  values: Record<string, unknown>,
  returning: string,
  options: { casts?: Record<string, string>; onConflict?: string } = {},
): Promise<R | undefined> {
  const columns = Object.keys(values);
  const placeholders = columns.map((c, i) => `$${i + 1}${options.casts?.[c] ? `::${options.casts[c]}` : ''}`);
  const rows = await sql.query<R>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})${options.onConflict ? ` ${options.onConflict}` : ''} RETURNING ${returning}`,
    Object.values(values),
  );
  return rows[0];
}

/** Every row of one table for an investigation (optionally narrowed by `where`), mapped, bounded. */
async function rowsOf<R, T>(
  sql: Sql,
  table: string,
  columns: string,
  investigationId: bigint,
  orderBy: string,
  map: (r: R) => T,
  where: { sql: string; params: unknown[] } = { sql: '', params: [] },
): Promise<T[]> {
  const rows = await sql.query<R>(
    `SELECT ${columns} FROM ${table} WHERE investigation_id = $1${where.sql} ORDER BY ${orderBy} LIMIT ${MAX_ROWS}`,
    [investigationId, ...where.params],
  );
  return rows.map(map);
}

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
  const r = await insertRow<InvestigationRow>(
    sql,
    'case_investigation',
    {
      code: i.code,
      title: i.title,
      summary: i.summary,
      opened_on: i.openedOn,
      created_by: by,
      created_at: at,
    },
    'id, code, title, summary, opened_on',
    { onConflict: 'ON CONFLICT (code) DO NOTHING' },
  );
  return r ? toInvestigation(r) : null;
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

/**
 * For each of these SHA-256 the first item of the investigation holding those bytes (one query for
 * a group of an import). @example await itemIdsBySha256(tx, 1n, [sha])
 */
export async function itemIdsBySha256(
  sql: Sql,
  investigationId: bigint,
  sha256s: readonly string[],
): Promise<Map<string, bigint>> {
  if (sha256s.length === 0) return new Map();
  const rows = await sql.query<{ sha256: string; id: bigint }>(
    `SELECT sha256, min(id) AS id FROM case_evidence_item
      WHERE investigation_id = $1 AND sha256 = ANY($2::text[]) GROUP BY sha256`,
    [investigationId, sha256s],
  );
  return new Map(rows.map((r) => [r.sha256, BigInt(r.id)]));
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
  const r = await insertRow<EventRow>(
    sql,
    'case_event',
    {
      investigation_id: e.investigationId,
      title: e.title,
      event_type: e.eventType,
      place_name: e.placeName,
      latitude: e.latitude,
      longitude: e.longitude,
      starts_at: e.startsAt,
      ends_at: e.endsAt,
      description: e.description,
      created_by: by,
      created_at: at,
    },
    EVENT_COLUMNS,
  );
  return toEvent(r!);
}

/** @example await eventsOf(db, 1n) */
export async function eventsOf(sql: Sql, investigationId: bigint): Promise<CaseEvent[]> {
  return rowsOf(sql, 'case_event', EVENT_COLUMNS, investigationId, 'starts_at, id', toEvent);
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
  const r = await insertRow<PersonRow>(
    sql,
    'case_person',
    {
      investigation_id: p.investigationId,
      code: p.code,
      full_name: p.fullName,
      roles: p.roles,
      sex: p.sex,
      date_of_birth: p.dateOfBirth,
      registry_person_id: p.registryPersonId,
      family_code: p.familyCode,
      protected: p.protected,
      created_by: by,
      created_at: at,
    },
    PERSON_COLUMNS,
    { onConflict: 'ON CONFLICT (investigation_id, code) DO NOTHING' },
  );
  return r ? toPerson(r) : null;
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

/** A person's alias (migration 0068). */
export interface PersonAlias {
  personId: bigint;
  alias: string;
}

/** Every alias of the investigation's persons, by person then alias. @example await aliasesOf(db, 1n) */
export async function aliasesOf(sql: Sql, investigationId: bigint): Promise<PersonAlias[]> {
  const rows = await sql.query<{ person_id: bigint; alias: string }>(
    `SELECT a.person_id, a.alias FROM case_person_alias a JOIN case_person p ON p.id = a.person_id
      WHERE p.investigation_id = $1 ORDER BY a.person_id, a.alias LIMIT ${MAX_ROWS}`,
    [investigationId],
  );
  return rows.map((r) => ({ personId: r.person_id, alias: r.alias }));
}

/** Adds an alias unless the person has it already (any case); true when added. @example await insertAlias(tx, 3n, 'Tito', actor, now) */
export async function insertAlias(
  sql: Sql,
  personId: bigint,
  alias: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO case_person_alias (person_id, alias, created_by, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (person_id, lower(alias)) DO NOTHING RETURNING id`,
    [personId, alias, by, at],
  );
  return rows.length > 0;
}

/** Removes an alias (any case); true when there was one. @example await deleteAlias(tx, 3n, 'tito') */
export async function deleteAlias(sql: Sql, personId: bigint, alias: string): Promise<boolean> {
  const rows = await sql.query(
    'DELETE FROM case_person_alias WHERE person_id = $1 AND lower(alias) = lower($2) RETURNING id',
    [personId, alias],
  );
  return rows.length > 0;
}

/** @example await personsOf(db, 1n) */
export async function personsOf(sql: Sql, investigationId: bigint): Promise<CasePerson[]> {
  return rowsOf(sql, 'case_person', PERSON_COLUMNS, investigationId, 'id', toPerson);
}

/** The persons of the investigation with these ids. @example await personsByIds(db, 1n, [3n, 4n]) */
export async function personsByIds(
  sql: Sql,
  investigationId: bigint,
  ids: readonly bigint[],
): Promise<CasePerson[]> {
  if (ids.length === 0) return [];
  return rowsOf(sql, 'case_person', PERSON_COLUMNS, investigationId, 'id', toPerson, {
    sql: ' AND id = ANY($2::bigint[])',
    params: [ids.map(String)],
  });
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

/**
 * Inserts items whose custody logs are still empty (head = genesis), in one statement; returned in
 * the order given (identities are drawn in the rows' order; each is checked by its hash).
 * @example await insertItems(tx, items, CUSTODY_GENESIS, actor, now)
 */
export async function insertItems(
  sql: Sql,
  items: readonly Omit<EvidenceItem, 'id' | 'custodySeq' | 'custodyHash' | 'createdAt'>[],
  genesisHash: string,
  by: string,
  at: Date,
): Promise<EvidenceItem[]> {
  if (items.length === 0) return [];
  const col = <T>(f: (i: (typeof items)[number]) => T) => items.map(f);
  const rows = await sql.query<ItemRow>(
    `INSERT INTO case_evidence_item (investigation_id, title, kind, media_type, sha256, byte_length,
       original_item_id, derivation, original_metadata, restricted, family_code, event_id, custody_seq,
       custody_hash, created_by, created_at)
     SELECT investigation_id, title, kind, media_type, sha256, byte_length, original_item_id, derivation,
            original_metadata::jsonb, restricted, family_code, event_id, 0, $13, $14, $15
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
                   $8::text[], $9::text[], $10::boolean[], $11::text[], $12::bigint[])
            WITH ORDINALITY AS i (investigation_id, title, kind, media_type, sha256, byte_length,
                                  original_item_id, derivation, original_metadata, restricted, family_code,
                                  event_id, n)
      ORDER BY n
     RETURNING ${ITEM_COLUMNS}`,
    [
      col((i) => i.investigationId),
      col((i) => i.title),
      col((i) => i.kind),
      col((i) => i.mediaType),
      col((i) => i.sha256),
      col((i) => i.byteLength),
      col((i) => i.originalItemId),
      col((i) => i.derivation),
      col((i) => JSON.stringify(i.originalMetadata)),
      col((i) => i.restricted),
      col((i) => i.familyCode),
      col((i) => i.eventId),
      genesisHash,
      by,
      at,
    ],
  );
  const inserted = rows.map(toItem).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  inserted.forEach((item, k) => {
    if (item.sha256 !== items[k]!.sha256) throw new Error('insertItems: identities not in the rows’ order');
  });
  return inserted;
}

/** Moves the custody heads of several items at once. @example await moveCustodyHeads(tx, [{ itemId: 7n, seq: 1, hash }]) */
export async function moveCustodyHeads(
  sql: Sql,
  heads: readonly { itemId: bigint; seq: number; hash: string }[],
): Promise<void> {
  if (heads.length === 0) return;
  await sql.query(
    `UPDATE case_evidence_item i SET custody_seq = h.seq, custody_hash = h.hash
       FROM unnest($1::bigint[], $2::int[], $3::text[]) AS h (id, seq, hash) WHERE i.id = h.id`,
    [heads.map((h) => h.itemId), heads.map((h) => h.seq), heads.map((h) => h.hash)],
  );
}

/** Inserts an item whose custody log is still empty (head = genesis). @example await insertItem(tx, item, by, now) */
export async function insertItem(
  sql: Sql,
  i: Omit<EvidenceItem, 'id' | 'custodySeq' | 'custodyHash' | 'createdAt'>,
  genesisHash: string,
  by: string,
  at: Date,
): Promise<EvidenceItem> {
  const r = await insertRow<ItemRow>(
    sql,
    'case_evidence_item',
    {
      investigation_id: i.investigationId,
      title: i.title,
      kind: i.kind,
      media_type: i.mediaType,
      sha256: i.sha256,
      byte_length: i.byteLength,
      original_item_id: i.originalItemId,
      derivation: i.derivation,
      original_metadata: JSON.stringify(i.originalMetadata),
      restricted: i.restricted,
      family_code: i.familyCode,
      event_id: i.eventId,
      custody_seq: 0,
      custody_hash: genesisHash,
      created_by: by,
      created_at: at,
    },
    ITEM_COLUMNS,
    { casts: { original_metadata: 'jsonb' } },
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
  return rowsOf(sql, 'case_evidence_item', ITEM_COLUMNS, investigationId, 'id', toItem);
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
  event_id: bigint | null;
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
  'id, investigation_id, witness_person_id, event_id, taken_at, place_name, language, interpreter, interviewer, consent_given, consent_scope, summary, audio_item_id, transcript_item_id';
const toStatement = (r: StatementRow): Statement => ({
  id: r.id,
  investigationId: r.investigation_id,
  witnessPersonId: r.witness_person_id,
  eventId: r.event_id,
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
  const r = await insertRow<StatementRow>(
    sql,
    'case_statement',
    {
      investigation_id: s.investigationId,
      witness_person_id: s.witnessPersonId,
      event_id: s.eventId,
      taken_at: s.takenAt,
      place_name: s.placeName,
      language: s.language,
      interpreter: s.interpreter,
      interviewer: s.interviewer,
      consent_given: s.consentGiven,
      consent_scope: s.consentScope,
      summary: s.summary,
      audio_item_id: s.audioItemId,
      transcript_item_id: s.transcriptItemId,
      created_by: by,
      created_at: at,
    },
    STATEMENT_COLUMNS,
  );
  return toStatement(r!);
}

/** @example await statementsOf(db, 1n) */
export async function statementsOf(sql: Sql, investigationId: bigint): Promise<Statement[]> {
  return rowsOf(sql, 'case_statement', STATEMENT_COLUMNS, investigationId, 'id', toStatement);
}

/** The statements about one event (by the case_statement_event index). @example await statementsOfEvent(db, 1n, 3n) */
export async function statementsOfEvent(
  sql: Sql,
  investigationId: bigint,
  eventId: bigint,
): Promise<Statement[]> {
  return rowsOf(sql, 'case_statement', STATEMENT_COLUMNS, investigationId, 'id', toStatement, {
    sql: ' AND event_id = $2',
    params: [eventId],
  });
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
  const r = await insertRow<ActRow>(
    sql,
    'case_act',
    {
      investigation_id: a.investigationId,
      event_id: a.eventId,
      act_type: a.actType,
      victim_person_id: a.victimPersonId,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      place_name: a.placeName,
      latitude: a.latitude,
      longitude: a.longitude,
      cause_of_death: a.causeOfDeath,
      description: a.description,
      ...sourceValues(a.source),
      created_by: by,
      created_at: at,
    },
    ACT_COLUMNS,
  );
  return toAct(r!);
}

/** @example await actsOf(db, 1n) */
export async function actsOf(sql: Sql, investigationId: bigint): Promise<Act[]> {
  return rowsOf(sql, 'case_act', ACT_COLUMNS, investigationId, 'event_id, starts_at, id', toAct);
}

/** The acts every source places in one event (case_act_event index). @example await actsOfEvent(db, 1n, 3n) */
export async function actsOfEvent(sql: Sql, investigationId: bigint, eventId: bigint): Promise<Act[]> {
  return rowsOf(sql, 'case_act', ACT_COLUMNS, investigationId, 'starts_at, id', toAct, {
    sql: ' AND event_id = $2',
    params: [eventId],
  });
}

/** @example await insertInvolvement(tx, 1n, inv, by, now) */
export async function insertInvolvement(
  sql: Sql,
  investigationId: bigint,
  v: Omit<Involvement, 'id'>,
  by: string,
  at: Date,
): Promise<Involvement> {
  const r = await insertRow<{ id: bigint }>(
    sql,
    'case_involvement',
    {
      investigation_id: investigationId,
      act_id: v.actId,
      perpetrator_person_id: v.perpetratorPersonId,
      degree: v.degree,
      ...sourceValues(v.source),
      created_by: by,
      created_at: at,
    },
    'id',
  );
  return { ...v, id: r!.id };
}

/** @example await involvementsOf(db, 1n) */
export async function involvementsOf(sql: Sql, investigationId: bigint): Promise<Involvement[]> {
  return rowsOf(
    sql,
    'case_involvement',
    'id, act_id, perpetrator_person_id, degree, source_item_id, source_statement_id',
    investigationId,
    'id',
    (r: {
      id: bigint;
      act_id: bigint;
      perpetrator_person_id: bigint;
      degree: Involvement['degree'];
      source_item_id: bigint | null;
      source_statement_id: bigint | null;
    }) => ({
      id: r.id,
      actId: r.act_id,
      perpetratorPersonId: r.perpetrator_person_id,
      degree: r.degree,
      source: sourceOf(r.source_item_id, r.source_statement_id),
    }),
  );
}

/** @example await insertRelationship(tx, 1n, rel, by, now) */
export async function insertRelationship(
  sql: Sql,
  investigationId: bigint,
  v: Omit<Relationship, 'id'>,
  by: string,
  at: Date,
): Promise<Relationship> {
  const r = await insertRow<{ id: bigint }>(
    sql,
    'case_relationship',
    {
      investigation_id: investigationId,
      from_kind: v.from.kind,
      from_id: v.from.id,
      to_kind: v.to.kind,
      to_id: v.to.id,
      relation: v.relation,
      ...sourceValues(v.source),
      created_by: by,
      created_at: at,
    },
    'id',
  );
  return { ...v, id: r!.id };
}

/** @example await relationshipsOf(db, 1n) */
export async function relationshipsOf(sql: Sql, investigationId: bigint): Promise<Relationship[]> {
  return rowsOf(
    sql,
    'case_relationship',
    'id, from_kind, from_id, to_kind, to_id, relation, source_item_id, source_statement_id',
    investigationId,
    'id',
    (r: {
      id: bigint;
      from_kind: Relationship['from']['kind'];
      from_id: bigint;
      to_kind: Relationship['to']['kind'];
      to_id: bigint;
      relation: string;
      source_item_id: bigint | null;
      source_statement_id: bigint | null;
    }) => ({
      id: r.id,
      from: { kind: r.from_kind, id: r.from_id },
      to: { kind: r.to_kind, id: r.to_id },
      relation: r.relation,
      source:
        r.source_item_id === null && r.source_statement_id === null
          ? null
          : sourceOf(r.source_item_id, r.source_statement_id),
    }),
  );
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
