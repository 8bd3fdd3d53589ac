import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { findPersonByKey } from '../registry/index.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import {
  actsOf,
  aliasesOf,
  entityExists,
  eventsOf,
  insertAct,
  insertEvent,
  insertInvestigation,
  insertInvolvement,
  insertPerson,
  insertRelationship,
  investigationsOf,
  involvementsOf,
  itemsOf,
  type PersonAlias,
  personById,
  personsOf,
  relationshipsOf,
  setPersonProtected,
  statementsOf,
  teamOf,
  upsertTeamMember,
} from './case.repository.ts';
import { type CaseReader, type Membership, membership, personView, readsFamily } from './case-access.ts';
import type { CasesFailure } from './cases.failures.ts';
import {
  ACT_TYPES,
  type Act,
  CAUSES_OF_DEATH,
  type CaseEvent,
  type CasePerson,
  ENTITY_KINDS,
  type EntityKind,
  EVENT_TYPES,
  type EvidenceItem,
  INVOLVEMENT_DEGREES,
  type Investigation,
  type Involvement,
  PERSON_ROLES,
  type PersonRole,
  type PersonView,
  type Relationship,
  type Source,
  type Statement,
  TEAM_ROLES,
  type TeamMember,
  type TeamRole,
} from './cases.types.ts';

/**
 * The case file (issue #21 §1): investigations and their teams, events, persons in their roles,
 * acts as each source tells them, involvements and relationships. Every change is audited with
 * the officer who made it; reads go through the reader's team membership (case-access.ts).
 */

type Invalid = Extract<CasesFailure, { code: 'case_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, CasesFailure> =>
  fail({ code: 'case_input_invalid', field, problem });
const notFound = (entity: string, id: bigint | string): Result<never, CasesFailure> =>
  fail({ code: 'case_entity_not_found', entity, id: String(id) });

const CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const FAMILY = /^[A-Z0-9-]{1,40}$/;
const USERNAME = /^[a-z0-9._@-]{1,64}$/;
const RELATION = /^[a-z_]{1,40}$/;

function text(
  value: string | undefined,
  field: string,
  max: number,
  required = true,
): Result<string, CasesFailure> {
  const t = (value ?? '').trim();
  if (required && t === '') return invalid(field, 'missing');
  if (t.length > max) return invalid(field, 'range');
  return ok(t);
}

function coordinates(
  lat: number | undefined,
  lon: number | undefined,
): Result<{ latitude: string | null; longitude: string | null }, CasesFailure> {
  if (lat === undefined && lon === undefined) return ok({ latitude: null, longitude: null });
  if (lat === undefined || lon === undefined) return invalid('coordinates', 'conflict');
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return invalid('latitude', 'range');
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return invalid('longitude', 'range');
  return ok({ latitude: lat.toFixed(6), longitude: lon.toFixed(6) });
}

const validDate = (d: Date | undefined) => d instanceof Date && !Number.isNaN(d.getTime());

// ---- investigations and teams ----

/**
 * Opens an investigation; its creator joins its team as investigator. Needs cases.manage at the
 * interface.
 *
 * @example await openInvestigation(db, { code: 'GIEI-2019', title: 'Sacaba y Senkata', openedOn: '2020-07-01' }, reader, now)
 */
export async function openInvestigation(
  db: Database,
  input: { code: string; title: string; summary?: string; openedOn: string },
  reader: CaseReader,
  at: Date,
): Promise<Result<Investigation, CasesFailure>> {
  if (!CODE.test(input.code)) return invalid('code', 'format');
  const title = text(input.title, 'title', 300);
  if (!title.ok) return title;
  const summary = text(input.summary, 'summary', 5000, false);
  if (!summary.ok) return summary;
  if (parseIsoDate(input.openedOn) !== input.openedOn) return invalid('openedOn', 'format');
  return db.transaction(async (tx) => {
    const created = await insertInvestigation(
      tx,
      { code: input.code, title: title.value, summary: summary.value, openedOn: input.openedOn },
      reader.actor,
      at,
    );
    if (!created) return fail({ code: 'case_exists', investigation: input.code });
    await upsertTeamMember(
      tx,
      { investigationId: created.id, username: reader.username, teamRole: 'investigator', familyCode: null },
      reader.actor,
      at,
    );
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_investigation.opened',
      entityType: 'case_investigation',
      entityId: created.id,
      after: { code: created.code, openedOn: created.openedOn, investigator: reader.username },
    });
    return ok(created);
  });
}

/**
 * Puts an officer on the team (or changes their role). Only the team's investigators do it.
 *
 * @example await setTeamMember(db, 'GIEI-2019', { username: 'rosa', teamRole: 'victims_representative', familyCode: 'FAM-01' }, reader, now)
 */
export async function setTeamMember(
  db: Database,
  code: string,
  input: { username: string; teamRole: TeamRole; familyCode?: string },
  reader: CaseReader,
  at: Date,
): Promise<Result<TeamMember, CasesFailure>> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) return invalid('username', 'format');
  if (!TEAM_ROLES.includes(input.teamRole)) return invalid('teamRole', 'format');
  const familyCode = input.familyCode?.trim() || null;
  if ((input.teamRole === 'victims_representative') !== (familyCode !== null))
    return invalid('familyCode', 'conflict');
  if (familyCode !== null && !FAMILY.test(familyCode)) return invalid('familyCode', 'format');
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'manage_team');
    if (!m.ok) return passOn(m);
    const member: TeamMember = {
      investigationId: m.value.investigation.id,
      username,
      teamRole: input.teamRole,
      familyCode,
    };
    const before = await upsertTeamMember(tx, member, reader.actor, at);
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_team.member_set',
      entityType: 'case_investigation',
      entityId: m.value.investigation.id,
      before: before ? { username, teamRole: before.teamRole, familyCode: before.familyCode } : undefined,
      after: { username, teamRole: member.teamRole, familyCode },
    });
    return ok(member);
  });
}

/** The investigations the reader is on the team of. @example await myInvestigations(db, reader) */
export async function myInvestigations(sql: Sql, reader: CaseReader) {
  return investigationsOf(sql, reader.username);
}

// ---- events ----

export interface EventInput {
  title: string;
  eventType: string;
  placeName: string;
  latitude?: number;
  longitude?: number;
  startsAt: Date;
  endsAt: Date;
  description?: string;
}

/**
 * Records an event: a place (with coordinates when known) and a date-time range.
 *
 * @example await addEvent(db, 'GIEI-2019', { title: 'Puente Huayllani', eventType: 'protest_repression', … }, reader, now)
 */
export async function addEvent(
  db: Database,
  code: string,
  input: EventInput,
  reader: CaseReader,
  at: Date,
): Promise<Result<CaseEvent, CasesFailure>> {
  const checked = checkEvent(input);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_analysis');
    if (!m.ok) return passOn(m);
    const event = await insertEvent(
      tx,
      { investigationId: m.value.investigation.id, ...checked.value },
      reader.actor,
      at,
    );
    await audit(tx, reader.actor, at, 'case_event.recorded', 'case_event', event.id, {
      investigation: code,
      eventType: event.eventType,
      placeName: event.placeName,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
    });
    return ok(event);
  });
}

/** An event as it is stored, once its input is checked (its investigation apart). */
export type CheckedEvent = Omit<CaseEvent, 'id' | 'investigationId'>;

/**
 * Checks an event's input as addEvent does (also for each row of a bulk import).
 *
 * @example const e = checkEvent({ title: 'Puente Huayllani', eventType: 'protest_repression', … });
 */
export function checkEvent(input: EventInput): Result<CheckedEvent, CasesFailure> {
  const title = text(input.title, 'title', 300);
  if (!title.ok) return title;
  if (!(EVENT_TYPES as readonly string[]).includes(input.eventType)) return invalid('eventType', 'format');
  const place = text(input.placeName, 'placeName', 300);
  if (!place.ok) return place;
  const coords = coordinates(input.latitude, input.longitude);
  if (!coords.ok) return coords;
  if (!validDate(input.startsAt)) return invalid('startsAt', 'format');
  if (!validDate(input.endsAt)) return invalid('endsAt', 'format');
  if (input.endsAt < input.startsAt) return invalid('endsAt', 'range');
  const description = text(input.description, 'description', 5000, false);
  if (!description.ok) return description;
  return ok({
    title: title.value,
    eventType: input.eventType as CaseEvent['eventType'],
    placeName: place.value,
    ...coords.value,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    description: description.value,
  });
}

// ---- persons ----

export interface PersonInput {
  /** A stable code; generated from the first role when omitted (V-0001, T-0001, P-0001, I-0001). */
  code?: string;
  fullName: string;
  roles: string[];
  sex?: 'female' | 'male' | 'unknown';
  dateOfBirth?: string;
  /** Links the person to the population registry when they are there. */
  registry?: { ciNumber: string; complemento?: string; dateOfBirth: string };
  familyCode?: string;
  protected?: boolean;
}

const ROLE_LETTER: Record<PersonRole, string> = {
  victim: 'V',
  witness: 'T',
  alleged_perpetrator: 'P',
  investigator: 'I',
};

/**
 * Adds a person in their roles. The audit entry records the code and roles, never the name.
 *
 * @example await addPerson(db, 'GIEI-2019', { fullName: 'Persona Sintética', roles: ['witness'], protected: true }, reader, now)
 */
export async function addPerson(
  db: Database,
  code: string,
  input: PersonInput,
  reader: CaseReader,
  at: Date,
): Promise<Result<CasePerson, CasesFailure>> {
  const checked = checkPerson(input);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const registryPersonId = await registryLink(tx, checked.value);
    if (!registryPersonId.ok) return registryPersonId;
    const investigationId = m.value.investigation.id;
    const personCode =
      checked.value.code ??
      generatedPersonCode(checked.value.roles, (await personsOf(tx, investigationId)).length);
    const person = await insertPerson(
      tx,
      {
        investigationId,
        code: personCode,
        fullName: checked.value.fullName,
        roles: checked.value.roles,
        sex: checked.value.sex,
        dateOfBirth: checked.value.dateOfBirth,
        registryPersonId: registryPersonId.value,
        familyCode: checked.value.familyCode,
        protected: checked.value.protected,
      },
      reader.actor,
      at,
    );
    if (!person) return invalid('code', 'conflict');
    await audit(tx, reader.actor, at, 'case_person.added', 'case_person', person.id, {
      investigation: code,
      code: person.code,
      roles: person.roles,
      protected: person.protected,
      linkedToRegistry: registryPersonId.value !== null,
    });
    return ok(person);
  });
}

/** A person's input once checked: what is stored but the investigation, the code (when given) and the registry link. */
export interface CheckedPerson {
  code: string | undefined;
  fullName: string;
  roles: PersonRole[];
  sex: CasePerson['sex'];
  dateOfBirth: string | null;
  registry: { ciNumber: string; complemento: string; dateOfBirth: string } | undefined;
  familyCode: string | null;
  protected: boolean;
}

/**
 * Checks a person's input as addPerson does (also for each row of a bulk import).
 *
 * @example const p = checkPerson({ fullName: 'Persona Sintética', roles: ['witness'] });
 */
export function checkPerson(input: PersonInput): Result<CheckedPerson, CasesFailure> {
  const name = text(input.fullName, 'fullName', 200);
  if (!name.ok) return name;
  const roles = [...new Set(input.roles)];
  if (roles.length === 0) return invalid('roles', 'missing');
  if (!roles.every((r) => (PERSON_ROLES as readonly string[]).includes(r))) return invalid('roles', 'format');
  const sex = input.sex ?? 'unknown';
  if (!['female', 'male', 'unknown'].includes(sex)) return invalid('sex', 'format');
  if (input.dateOfBirth !== undefined && parseIsoDate(input.dateOfBirth) !== input.dateOfBirth)
    return invalid('dateOfBirth', 'format');
  if (input.code !== undefined && !/^[A-Z0-9-]{3,40}$/.test(input.code)) return invalid('code', 'format');
  const familyCode = input.familyCode?.trim() || null;
  if (familyCode !== null && !FAMILY.test(familyCode)) return invalid('familyCode', 'format');
  if (input.registry && parseIsoDate(input.registry.dateOfBirth) !== input.registry.dateOfBirth)
    return invalid('registry.dateOfBirth', 'format');
  return ok({
    code: input.code,
    fullName: name.value,
    roles: roles as PersonRole[],
    sex,
    dateOfBirth: input.dateOfBirth ?? null,
    registry: input.registry && {
      ciNumber: input.registry.ciNumber,
      complemento: (input.registry.complemento ?? '').trim().toUpperCase(),
      dateOfBirth: input.registry.dateOfBirth,
    },
    familyCode,
    protected: input.protected === true,
  });
}

/**
 * The population registry's person a case person names (by CI number, complemento and date of
 * birth), null when the input names none, `case_person_not_in_registry` when it names one the
 * registry does not hold.
 *
 * @example const id = await registryLink(tx, checked);
 */
export async function registryLink(
  sql: Sql,
  person: Pick<CheckedPerson, 'registry'>,
): Promise<Result<bigint | null, CasesFailure>> {
  if (!person.registry) return ok(null);
  const found = await findPersonByKey(sql, person.registry);
  if (!found) return fail({ code: 'case_person_not_in_registry', ciNumber: person.registry.ciNumber });
  return ok(found.id);
}

/** The code of the investigation's n-th person (counting from 0) by their first role: V-0001, T-0002 … @example generatedPersonCode(['witness'], 3) // 'T-0004' */
export function generatedPersonCode(roles: readonly PersonRole[], existing: number): string {
  return `${ROLE_LETTER[roles[0]!]}-${String(existing + 1).padStart(4, '0')}`;
}

/**
 * Protects a witness (or lifts the protection): from then on their identity is withheld, replaced
 * by their code, from every reader whose role does not see protected identities.
 *
 * @example await protectPerson(db, 'GIEI-2019', 12n, true, reader, now)
 */
export async function protectPerson(
  db: Database,
  code: string,
  personId: bigint,
  value: boolean,
  reader: CaseReader,
  at: Date,
): Promise<Result<{ personId: bigint; protected: boolean }, CasesFailure>> {
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_evidence');
    if (!m.ok) return passOn(m);
    const before = await setPersonProtected(tx, m.value.investigation.id, personId, value);
    if (!before) return notFound('person', personId);
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_person.protection_set',
      entityType: 'case_person',
      entityId: personId,
      before: { protected: before.protected },
      after: { protected: value },
    });
    return ok({ personId, protected: value });
  });
}

// ---- acts, involvements, relationships ----

export interface ActInput {
  eventId: bigint;
  actType: string;
  victimPersonId?: bigint;
  startsAt?: Date;
  endsAt?: Date;
  placeName?: string;
  latitude?: number;
  longitude?: number;
  causeOfDeath?: string;
  description?: string;
  source: Source;
}

async function sourceExists(tx: Sql, investigationId: bigint, s: Source): Promise<boolean> {
  return entityExists(tx, investigationId, s.kind, s.id);
}

/**
 * Records an act as one source tells it (each source's account is its own act: the analysis
 * compares them).
 *
 * @example await addAct(db, 'GIEI-2019', { eventId: 1n, actType: 'killing', victimPersonId: 3n, causeOfDeath: 'gunshot_wound', source: { kind: 'item', id: 5n } }, reader, now)
 */
export async function addAct(
  db: Database,
  code: string,
  input: ActInput,
  reader: CaseReader,
  at: Date,
): Promise<Result<Act, CasesFailure>> {
  if (!(ACT_TYPES as readonly string[]).includes(input.actType)) return invalid('actType', 'format');
  if (input.causeOfDeath !== undefined) {
    if (!(CAUSES_OF_DEATH as readonly string[]).includes(input.causeOfDeath))
      return invalid('causeOfDeath', 'format');
    if (input.actType !== 'killing') return invalid('causeOfDeath', 'conflict');
  }
  if (input.startsAt !== undefined && !validDate(input.startsAt)) return invalid('startsAt', 'format');
  if (input.endsAt !== undefined && !validDate(input.endsAt)) return invalid('endsAt', 'format');
  if (input.startsAt && input.endsAt && input.endsAt < input.startsAt) return invalid('endsAt', 'range');
  const coords = coordinates(input.latitude, input.longitude);
  if (!coords.ok) return coords;
  const place = text(input.placeName, 'placeName', 300, false);
  if (!place.ok) return place;
  const description = text(input.description, 'description', 5000, false);
  if (!description.ok) return description;
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_analysis');
    if (!m.ok) return passOn(m);
    const id = m.value.investigation.id;
    if (!(await entityExists(tx, id, 'event', input.eventId))) return notFound('event', input.eventId);
    if (input.victimPersonId !== undefined && !(await entityExists(tx, id, 'person', input.victimPersonId)))
      return notFound('person', input.victimPersonId);
    if (!(await sourceExists(tx, id, input.source))) return notFound(input.source.kind, input.source.id);
    const act = await insertAct(
      tx,
      {
        investigationId: id,
        eventId: input.eventId,
        actType: input.actType as Act['actType'],
        victimPersonId: input.victimPersonId ?? null,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
        placeName: place.value === '' ? null : place.value,
        ...coords.value,
        causeOfDeath: (input.causeOfDeath as Act['causeOfDeath']) ?? null,
        description: description.value,
        source: input.source,
      },
      reader.actor,
      at,
    );
    await audit(tx, reader.actor, at, 'case_act.recorded', 'case_act', act.id, {
      investigation: code,
      eventId: act.eventId,
      actType: act.actType,
      victimPersonId: act.victimPersonId,
      source: `${act.source.kind}:${act.source.id}`,
    });
    return ok(act);
  });
}

/** Who did what to whom. @example await addInvolvement(db, 'GIEI-2019', { actId: 4n, perpetratorPersonId: 9n, degree: 'direct', source }, reader, now) */
export async function addInvolvement(
  db: Database,
  code: string,
  input: { actId: bigint; perpetratorPersonId: bigint; degree: string; source: Source },
  reader: CaseReader,
  at: Date,
): Promise<Result<Involvement, CasesFailure>> {
  if (!(INVOLVEMENT_DEGREES as readonly string[]).includes(input.degree)) return invalid('degree', 'format');
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_analysis');
    if (!m.ok) return passOn(m);
    const id = m.value.investigation.id;
    if (!(await entityExists(tx, id, 'act', input.actId))) return notFound('act', input.actId);
    const perpetrator = await personById(tx, id, input.perpetratorPersonId);
    if (!perpetrator) return notFound('person', input.perpetratorPersonId);
    if (!perpetrator.roles.includes('alleged_perpetrator')) return invalid('perpetratorPersonId', 'conflict');
    if (!(await sourceExists(tx, id, input.source))) return notFound(input.source.kind, input.source.id);
    const v = await insertInvolvement(
      tx,
      id,
      {
        actId: input.actId,
        perpetratorPersonId: input.perpetratorPersonId,
        degree: input.degree as Involvement['degree'],
        source: input.source,
      },
      reader.actor,
      at,
    );
    await audit(tx, reader.actor, at, 'case_involvement.recorded', 'case_involvement', v.id, {
      investigation: code,
      actId: v.actId,
      perpetratorPersonId: v.perpetratorPersonId,
      degree: v.degree,
      source: `${v.source.kind}:${v.source.id}`,
    });
    return ok(v);
  });
}

/** A link between two entities of the file. @example await addRelationship(db, 'GIEI-2019', { from: { kind: 'person', id: 3n }, to: { kind: 'person', id: 4n }, relation: 'family_of', source: null }, reader, now) */
export async function addRelationship(
  db: Database,
  code: string,
  input: {
    from: { kind: string; id: bigint };
    to: { kind: string; id: bigint };
    relation: string;
    source: Source | null;
  },
  reader: CaseReader,
  at: Date,
): Promise<Result<Relationship, CasesFailure>> {
  const kinds = ENTITY_KINDS as readonly string[];
  if (!kinds.includes(input.from.kind)) return invalid('from.kind', 'format');
  if (!kinds.includes(input.to.kind)) return invalid('to.kind', 'format');
  if (!RELATION.test(input.relation)) return invalid('relation', 'format');
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader, 'record_analysis');
    if (!m.ok) return passOn(m);
    const id = m.value.investigation.id;
    for (const end of [input.from, input.to])
      if (!(await entityExists(tx, id, end.kind as EntityKind, end.id))) return notFound(end.kind, end.id);
    if (input.source && !(await sourceExists(tx, id, input.source)))
      return notFound(input.source.kind, input.source.id);
    const rel = await insertRelationship(
      tx,
      id,
      {
        from: input.from as Relationship['from'],
        to: input.to as Relationship['to'],
        relation: input.relation,
        source: input.source,
      },
      reader.actor,
      at,
    );
    await audit(tx, reader.actor, at, 'case_relationship.recorded', 'case_relationship', rel.id, {
      investigation: code,
      from: `${rel.from.kind}:${rel.from.id}`,
      to: `${rel.to.kind}:${rel.to.id}`,
      relation: rel.relation,
    });
    return ok(rel);
  });
}

// ---- reading the file ----

/** The case file as one team member may see it. */
export interface CaseFileView {
  investigation: Investigation;
  teamRole: TeamRole;
  team: TeamMember[];
  events: CaseEvent[];
  persons: PersonView[];
  /** The other names of the persons whose identity this reader sees (none of a withheld person). */
  aliases: PersonAlias[];
  items: EvidenceItem[];
  statements: Statement[];
  acts: Act[];
  involvements: Involvement[];
  relationships: Relationship[];
}

/**
 * Reads the whole file as the reader may see it: protected identities replaced by codes for a
 * reader without the role; a victims' representative sees only their family's persons, items,
 * statements and acts (and nothing that points into another family). The read is audited, naming
 * the restricted items it showed.
 *
 * @example const file = await readCaseFile(db, 'GIEI-2019', reader, now);
 */
export async function readCaseFile(
  db: Database,
  code: string,
  reader: CaseReader,
  at: Date,
): Promise<Result<CaseFileView, CasesFailure>> {
  return db.transaction(async (tx) => {
    const m = await membership(tx, code, reader);
    if (!m.ok) return passOn(m);
    const view = await fileFor(tx, m.value);
    await appendAudit(tx, {
      at,
      actor: reader.actor,
      action: 'case_file.read',
      entityType: 'case_investigation',
      entityId: m.value.investigation.id,
      after: {
        teamRole: m.value.member.teamRole,
        restrictedItems: view.items.filter((i) => i.restricted).map((i) => i.id),
        statements: view.statements.map((s) => s.id),
      },
    });
    return ok(view);
  });
}

/** The file filtered for one membership (no audit: the caller audits the read). */
export async function fileFor(sql: Sql, m: Membership): Promise<CaseFileView> {
  const id = m.investigation.id;
  const member = m.member;
  const persons = await personsOf(sql, id);
  const visiblePersons = persons.filter((p) => readsFamily(member, p.familyCode));
  const personIds = new Set(visiblePersons.map((p) => p.id));
  const items = (await itemsOf(sql, id)).filter((i) => readsFamily(member, i.familyCode));
  const itemIds = new Set(items.map((i) => i.id));
  const statements = (await statementsOf(sql, id)).filter((s) => personIds.has(s.witnessPersonId));
  const statementIds = new Set(statements.map((s) => s.id));
  const sourceVisible = (s: Source) => (s.kind === 'item' ? itemIds.has(s.id) : statementIds.has(s.id));
  const familyScoped = member.teamRole === 'victims_representative';
  const acts = (await actsOf(sql, id)).filter(
    (a) =>
      !familyScoped ||
      (a.victimPersonId !== null && personIds.has(a.victimPersonId) && sourceVisible(a.source)),
  );
  const actIds = new Set(acts.map((a) => a.id));
  const involvements = (await involvementsOf(sql, id)).filter(
    (v) =>
      !familyScoped ||
      (actIds.has(v.actId) && personIds.has(v.perpetratorPersonId) && sourceVisible(v.source)),
  );
  const visible = (e: { kind: EntityKind; id: bigint }) =>
    e.kind === 'event'
      ? true
      : e.kind === 'person'
        ? personIds.has(e.id)
        : e.kind === 'item'
          ? itemIds.has(e.id)
          : e.kind === 'statement'
            ? statementIds.has(e.id)
            : actIds.has(e.id);
  const relationships = (await relationshipsOf(sql, id)).filter(
    (r) =>
      !familyScoped || (visible(r.from) && visible(r.to) && (r.source === null || sourceVisible(r.source))),
  );
  const views = visiblePersons.map((p) => personView(p, member));
  const named = new Set(views.filter((v) => !v.withheld).map((v) => v.id));
  return {
    investigation: m.investigation,
    teamRole: member.teamRole,
    team: familyScoped ? [member] : await teamOf(sql, id),
    events: await eventsOf(sql, id),
    persons: views,
    aliases: named.size === 0 ? [] : (await aliasesOf(sql, id)).filter((a) => named.has(a.personId)),
    items,
    statements,
    acts,
    involvements,
    relationships,
  };
}

async function audit(
  tx: Sql,
  actor: Actor,
  at: Date,
  action: string,
  entityType: string,
  entityId: bigint,
  after: Record<string, unknown>,
): Promise<void> {
  await appendAudit(tx, { at, actor, action, entityType, entityId, after });
}
