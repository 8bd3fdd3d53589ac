import { createHash, randomBytes } from 'node:crypto';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { checkIdentity, loadIdentityFormat, validatePersonRow } from '../registry/index.ts';
import {
  type BoundProgramme,
  bind,
  evaluate,
  formatter,
  loadPersonFacts,
  programmeNamed,
  renderTrace,
  type TraceNode,
} from '../rules/index.ts';
import { type IsoDate, parseIsoDate, toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import type { GrievanceKind, GrievanceStatus, Payment, PersonTriple, Round } from './bono.types.ts';
import {
  applyCorrection,
  decisionStats,
  entitlementsOf,
  type FiledVia,
  type Grievance,
  type GrievanceEvent,
  getGrievance,
  grievanceByReference,
  insertEvent,
  insertGrievance,
  listEvents,
  listQueue,
  lockGrievance,
  type PersonEntitlement,
  type PersonValues,
  paymentsOf,
  personById,
  personIdByTriple,
  personsWithCi,
  type RegistryPerson,
  regularRoundDate,
  setPerson,
  setStatus,
  setSupplementaryRound,
  valuesOf,
} from './grievances.repository.ts';
import { getRound } from './round.service.ts';
import { createRound } from './round-freeze.ts';

/**
 * Grievances (reclamos) about the Bono Contra el Hambre: a citizen, or an officer for them, says
 * they were left out, that the registry holds wrong data about them, or that they were recorded as
 * paid but never received the money. An officer reviews the claim with the rule trace in front of
 * them and decides. An approved claim re-evaluates the person — after correcting the registry when
 * the data was wrong — and, if they are now eligible and hold no entitlement, freezes a
 * supplementary round for that one person: a frozen round is never edited, and the new round
 * still needs a second officer's approval like any other (maker-checker).
 *
 * Life of a grievance: open → in_review → approved | rejected; approved → resolved once what the
 * decision set in motion is done. Every step is an event (bono_grievance_event) and an audit entry;
 * the citizen sees only the steps and the messages meant for them, never internal notes or who
 * acted. Time to decision is decided_at − filed_at (`grievanceStats`).
 */

export type { FiledVia, Grievance, GrievanceEvent, PersonEntitlement, RegistryPerson };
export type Lang = 'es' | 'en';

const KINDS: readonly GrievanceKind[] = ['not_listed', 'wrong_data', 'paid_not_received'];
const STATUSES: readonly GrievanceStatus[] = ['open', 'in_review', 'approved', 'rejected', 'resolved'];
const DESCRIPTION_MAX = 4000;
const CONTACT_MAX = 200;
const NOTE_MAX = 4000;
/** The officer queue is paged; a page never holds more than this. */
export const QUEUE_PAGE_MAX = 500;
/** Persons sharing the CI number shown to the officer when the claim matched nobody exactly. */
const CANDIDATES_MAX = 20;

// ---------------------------------------------------------------------------------------------
// References

/** 32 symbols without 0/O and 1/I, which are misread when a citizen copies a reference by hand. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const REFERENCE_ATTEMPTS = 8;

/**
 * A new reference such as `K7QM-3HXA-PW9C` (60 random bits): unguessable, so the reference and the CI
 * number together are enough to follow a claim. 256 is a multiple of 32, so `byte & 31` is uniform.
 *
 * @example newReference() // 'K7QM-3HXA-PW9C'
 */
export function newReference(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) {
    if (i === 4 || i === 8) s += '-';
    s += ALPHABET[bytes[i]! & 31];
  }
  return s;
}

/**
 * A reference as a citizen may type it (lower case, spaces, with or without dashes), or null when
 * it cannot be one.
 *
 * @example normaliseReference(' k7qm 3hxa pw9c ') // 'K7QM-3HXA-PW9C'
 */
export function normaliseReference(text: string): string | null {
  const raw = text.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== 12) return null;
  for (const c of raw) if (!ALPHABET.includes(c)) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

// ---------------------------------------------------------------------------------------------
// What the citizen sees

/**
 * The steps a citizen sees, with the message each one shows. Anything else (links to a registry
 * person, internal notes, re-evaluations, a refused round) stays inside the office.
 */
const CITIZEN_MESSAGES: Readonly<Record<string, Record<Lang, string>>> = {
  filed: { es: 'Reclamo recibido.', en: 'Claim received.' },
  review_started: {
    es: 'Un funcionario está revisando su reclamo.',
    en: 'An officer is reviewing your claim.',
  },
  person_corrected: {
    es: 'Sus datos en el registro fueron corregidos.',
    en: 'Your data in the registry were corrected.',
  },
  approved: { es: 'Su reclamo fue aceptado.', en: 'Your claim was accepted.' },
  rejected: { es: 'Su reclamo fue rechazado.', en: 'Your claim was rejected.' },
  supplementary_round_created: {
    es: 'Se preparó su pago en una ronda complementaria; falta la aprobación de un segundo funcionario.',
    en: 'Your payment was prepared in a supplementary round; a second officer must still approve it.',
  },
  handed_to_bank: {
    es: 'Su caso pasó al banco para revisar el pago registrado.',
    en: 'Your case was passed to the bank to review the recorded payment.',
  },
  resolved: { es: 'Reclamo cerrado.', en: 'Claim closed.' },
};

export interface CitizenGrievanceView {
  reference: string;
  kind: GrievanceKind;
  status: GrievanceStatus;
  filedAt: Date;
  decidedAt: Date | null;
  /** Steps meant for the citizen, oldest first; `note` is the message for them (never an internal note). */
  events: { at: Date; action: string; note: string }[];
}

/**
 * A grievance as its citizen follows it: found by reference and CI number together (either alone
 * finds nothing), with the citizen-visible steps only. Null when they do not match, without saying
 * which part was wrong.
 *
 * @example await grievanceForCitizen(db, 'K7QM-3HXA-PW9C', '4567890') // { status: 'in_review', events: [...] }
 */
export async function grievanceForCitizen(
  sql: Sql,
  reference: string,
  ciNumber: string,
  opts: { lang?: Lang } = {},
): Promise<CitizenGrievanceView | null> {
  const ref = normaliseReference(reference);
  if (!ref) return null;
  const g = await grievanceByReference(sql, ref, ciNumber.trim());
  if (!g) return null;
  const lang = opts.lang ?? 'es';
  const events = (await listEvents(sql, g.id)).flatMap((e) => {
    const message = CITIZEN_MESSAGES[e.action];
    if (!message) return [];
    const forCitizen = typeof e.data?.['citizenNote'] === 'string' ? (e.data['citizenNote'] as string) : '';
    return [
      { at: e.at, action: e.action, note: forCitizen ? `${message[lang]} ${forCitizen}` : message[lang] },
    ];
  });
  return {
    reference: g.reference,
    kind: g.kind,
    status: g.status,
    filedAt: g.filedAt,
    decidedAt: g.decidedAt,
    events,
  };
}

// ---------------------------------------------------------------------------------------------
// Filing

export interface FileGrievanceInput {
  kind: GrievanceKind;
  person: PersonTriple;
  description: string;
  /** How to reach the citizen (phone, e-mail), optional. */
  contact?: string;
  filedVia: FiledVia;
  actor: Actor;
  at: Date;
}

/**
 * Files a grievance. It is linked to the registry person whose CI number, complemento and date of
 * birth match exactly; the answer is the same either way, so filing reveals nothing about the
 * registry. Keep the reference: with the CI number it lets the citizen follow the claim.
 *
 * @example
 *   const { reference } = await fileGrievance(db, { kind: 'not_listed', filedVia: 'citizen',
 *     person: { ciNumber: '4567890', complemento: '', dateOfBirth: '1980-05-01' },
 *     description: 'No figuro en la lista', actor: 'system', at: new Date() });
 */
export async function fileGrievance(
  db: Database,
  input: FileGrievanceInput,
): Promise<{ reference: string; id: number }> {
  if (!KINDS.includes(input.kind))
    throw new UserError(
      'grievance_kind_invalid',
      `A grievance is one of ${KINDS.join(', ')}; got "${String(input.kind)}".`,
    );
  if (input.filedVia !== 'citizen' && input.filedVia !== 'officer')
    throw new UserError(
      'grievance_channel_invalid',
      'A grievance is filed by a citizen or by an officer for them.',
    );
  const person = checkTriple(input.person, toIsoDateInBolivia(input.at));
  const description = input.description.trim();
  if (description === '')
    throw new UserError(
      'description_required',
      'Describe the problem: what happened, and what you expected.',
    );
  if (description.length > DESCRIPTION_MAX)
    throw new UserError(
      'description_too_long',
      `The description has ${description.length} characters; at most ${DESCRIPTION_MAX} are kept.`,
    );
  const contact = (input.contact ?? '').trim();
  if (contact.length > CONTACT_MAX)
    throw new UserError(
      'contact_too_long',
      `The contact has ${contact.length} characters; at most ${CONTACT_MAX}.`,
    );

  return db.transaction(async (tx) => {
    const personId = await personIdByTriple(tx, person);
    for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt++) {
      const reference = newReference();
      const id = await insertGrievance(tx, {
        reference,
        kind: input.kind,
        person,
        personId,
        description,
        contact,
        filedVia: input.filedVia,
        filedBy: input.actor,
        filedAt: input.at,
      });
      if (id === null) continue;
      await insertEvent(tx, { grievanceId: id, at: input.at, actor: input.actor, action: 'filed' });
      await appendAudit(tx, {
        at: input.at,
        actor: input.actor,
        action: 'bono_grievance.filed',
        entityType: 'bono_grievance',
        entityId: id,
        after: { reference, kind: input.kind, filedVia: input.filedVia, personId, status: 'open' },
      });
      return { reference, id };
    }
    // 60-bit references colliding eight times in a row means the random source is broken.
    throw new Error(`no free grievance reference after ${REFERENCE_ATTEMPTS} draws`);
  });
}

function checkTriple(t: PersonTriple, on: IsoDate): PersonTriple {
  const format = loadIdentityFormat(on);
  const id = checkIdentity(format, t.ciNumber ?? '', t.complemento ?? '');
  if (typeof id === 'string') throw new UserError('person_invalid', `The identity card is not valid: ${id}.`);
  const dob = parseIsoDate((t.dateOfBirth ?? '').trim());
  if (!dob || dob < format.earliestDateOfBirth || dob > on)
    throw new UserError(
      'person_invalid',
      `The date of birth must be a real date YYYY-MM-DD between ${format.earliestDateOfBirth} and ${on}.`,
    );
  return { ciNumber: id.ciNumber, complemento: id.complemento, dateOfBirth: dob };
}

// ---------------------------------------------------------------------------------------------
// The officer queue and statistics

export interface GrievanceQueueRow {
  id: number;
  reference: string;
  kind: GrievanceKind;
  status: GrievanceStatus;
  filedVia: FiledVia;
  filedAt: Date;
  decidedAt: Date | null;
  /** Whether the claim is linked to a registry person. */
  personLinked: boolean;
  supplementaryRoundId: number | null;
  /** Hours since it was filed, at `at`. */
  ageHours: number;
  /** Hours from filing to decision, once decided. */
  hoursToDecision: number | null;
}

const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

/**
 * The officer queue, oldest first, with each claim's age and time to decision. `at` is the
 * officer's now (the domain never reads the clock).
 *
 * @example const { total, rows } = await listGrievances(db, { status: 'open', limit: 50, offset: 0, at: new Date() });
 */
export async function listGrievances(
  sql: Sql,
  opts: { status?: GrievanceStatus; limit: number; offset: number; at: Date },
): Promise<{ total: number; rows: GrievanceQueueRow[] }> {
  if (opts.status !== undefined && !STATUSES.includes(opts.status))
    throw new UserError('status_invalid', `A grievance status is one of ${STATUSES.join(', ')}.`);
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > QUEUE_PAGE_MAX)
    throw new UserError('limit_invalid', `A page holds 1 to ${QUEUE_PAGE_MAX} grievances.`);
  if (!Number.isInteger(opts.offset) || opts.offset < 0 || opts.offset > 1_000_000_000)
    throw new UserError('offset_invalid', 'The offset is a whole number from 0.');
  const { total, rows } = await listQueue(sql, {
    ...(opts.status ? { status: opts.status } : {}),
    limit: opts.limit,
    offset: opts.offset,
  });
  return {
    total,
    rows: rows.map((g) => ({
      id: g.id,
      reference: g.reference,
      kind: g.kind,
      status: g.status,
      filedVia: g.filedVia,
      filedAt: g.filedAt,
      decidedAt: g.decidedAt,
      personLinked: g.personId !== null,
      supplementaryRoundId: g.supplementaryRoundId,
      ageHours: hoursBetween(g.filedAt, opts.at),
      hoursToDecision: g.decidedAt ? hoursBetween(g.filedAt, g.decidedAt) : null,
    })),
  };
}

export interface GrievanceStats {
  byStatus: Record<GrievanceStatus, number>;
  total: number;
  decided: number;
  /** Median hours from filing to decision over decided grievances; null when none is decided. */
  medianHoursToDecision: number | null;
  /** 90th percentile (interpolated) of the same. */
  p90HoursToDecision: number | null;
}

/** Counts by status and time to decision. @example (await grievanceStats(db)).medianHoursToDecision */
export async function grievanceStats(sql: Sql): Promise<GrievanceStats> {
  const s = await decisionStats(sql);
  const byStatus = Object.fromEntries(STATUSES.map((k) => [k, 0])) as Record<GrievanceStatus, number>;
  for (const r of s.byStatus) byStatus[r.status] = r.n;
  return {
    byStatus,
    total: s.byStatus.reduce((sum, r) => sum + r.n, 0),
    decided: s.decided,
    medianHoursToDecision: s.medianHours,
    p90HoursToDecision: s.p90Hours,
  };
}

// ---------------------------------------------------------------------------------------------
// The rule trace

export interface GrievanceTrace {
  /** The date the bono's rules were evaluated on: the regular round's, or the day of `at` before any round. */
  date: IsoDate;
  eligible: boolean;
  /** Conditions that keep the person out (unmet conditions, or an exclusion that applies). */
  failing: string[];
  /** The trace as text (renderTrace), in the officer's language. */
  text: string;
  nodes: TraceNode[];
}

/** The date a person's eligibility is judged on: the regular round's, since that is where they were missed. */
async function evaluationDate(sql: Sql, at: Date): Promise<IsoDate> {
  return (await regularRoundDate(sql))?.asOf ?? toIsoDateInBolivia(at);
}

/** Evaluates the bono's rules for one registry person, with the trace an officer reads. */
async function traceOf(sql: Sql, person: RegistryPerson, date: IsoDate, lang: Lang): Promise<GrievanceTrace> {
  const bono = programmeNamed('bono');
  const bound: BoundProgramme = bind(bono, { date });
  const { facts } = await loadPersonFacts(sql, {
    ciNumber: person.ciNumber,
    complemento: person.complemento,
    dateOfBirth: person.dateOfBirth,
  });
  const ev = evaluate(bound, facts);
  const nodes = ev.trace();
  const eligible = ev.value('bono_eligible') === true;
  const failing = ev
    .traceOf('bono_eligible')
    .children.filter(
      (n) => n.type === 'bool' && (n.variable === 'bono_excluded' ? n.value === true : n.value !== true),
    )
    .map((n) => n.variable);
  const f = formatter(lang);
  const ci = `CI ${person.ciNumber}${person.complemento ? `-${person.complemento}` : ''}`;
  const subject =
    lang === 'es'
      ? `Persona: ${ci}, fecha de nacimiento ${f.date(person.dateOfBirth)} (registro)`
      : `Person: ${ci}, born ${f.date(person.dateOfBirth)} (registry)`;
  return { date, eligible, failing, text: renderTrace(bound, nodes, lang, subject), nodes };
}

// ---------------------------------------------------------------------------------------------
// The officer's view

export interface GrievanceDetail {
  grievance: Grievance;
  ageHours: number;
  hoursToDecision: number | null;
  /** Every step, with internal notes and who acted. */
  events: (GrievanceEvent & { citizenVisible: boolean })[];
  /** The registry person the claim is about, once linked. */
  person: RegistryPerson | null;
  /** Whether the linked person's CI, complemento and date of birth are those the citizen gave. */
  filedTripleMatches: boolean | null;
  /** Persons with the same CI number, when the claim is not linked yet (to pick with `linkGrievancePerson`). */
  candidates: RegistryPerson[];
  /** The bono's rules evaluated for the person now, on the regular round's date. */
  trace: GrievanceTrace | null;
  /** Entitlements in rounds that stand (frozen, approved, expired). */
  entitlements: PersonEntitlement[];
  /** Payments recorded, newest first; a live one has `reversedAt` null. */
  payments: Payment[];
  supplementaryRound: Round | null;
}

/**
 * Everything an officer needs to decide: the claim and its history, the person in the registry,
 * why the rules say what they say (the trace), and what the person was entitled to and paid.
 *
 * @example const d = await grievanceDetail(db, 12, { at: new Date(), lang: 'es' }); d.trace?.text // the rule trace, in Spanish
 */
export async function grievanceDetail(
  sql: Sql,
  id: number,
  opts: { at: Date; lang: Lang },
): Promise<GrievanceDetail> {
  const g = await getGrievance(sql, id);
  if (!g) throw notFound(id);
  const events = (await listEvents(sql, id)).map((e) => ({
    ...e,
    citizenVisible: e.action in CITIZEN_MESSAGES,
  }));
  const person = g.personId === null ? null : await personById(sql, g.personId);
  const candidates = person ? [] : await personsWithCi(sql, g.person.ciNumber, CANDIDATES_MAX);
  const trace = person ? await traceOf(sql, person, await evaluationDate(sql, opts.at), opts.lang) : null;
  return {
    grievance: g,
    ageHours: hoursBetween(g.filedAt, opts.at),
    hoursToDecision: g.decidedAt ? hoursBetween(g.filedAt, g.decidedAt) : null,
    events,
    person,
    filedTripleMatches: person
      ? person.ciNumber === g.person.ciNumber &&
        person.complemento === g.person.complemento &&
        person.dateOfBirth === g.person.dateOfBirth
      : null,
    candidates,
    trace,
    entitlements: person ? await entitlementsOf(sql, person.id) : [],
    payments: person ? await paymentsOf(sql, person.id) : [],
    supplementaryRound: g.supplementaryRoundId === null ? null : await getRound(sql, g.supplementaryRoundId),
  };
}

// ---------------------------------------------------------------------------------------------
// Steps

function notFound(id: number): UserError {
  return new UserError('grievance_not_found', `There is no grievance ${id}.`, { grievanceId: id });
}

async function locked(tx: Sql, id: number): Promise<Grievance> {
  const g = await lockGrievance(tx, id);
  if (!g) throw notFound(id);
  return g;
}

function refuseUnless(g: Grievance, allowed: readonly GrievanceStatus[], verb: string): void {
  if (allowed.includes(g.status)) return;
  const code =
    g.status === 'approved' || g.status === 'rejected' || g.status === 'resolved'
      ? 'grievance_already_decided'
      : g.status === 'open'
        ? 'grievance_not_in_review'
        : 'grievance_in_review';
  const hint =
    g.status === 'open'
      ? ' Start the review first.'
      : g.status === 'in_review'
        ? ' It is already being reviewed.'
        : '';
  throw new UserError(
    code,
    `Grievance ${g.reference} is ${g.status}; it cannot ${verb} (only when ${allowed.join(' or ')}).${hint}`,
    { grievanceId: g.id, status: g.status },
  );
}

function cleanNote(note: string | undefined, required: boolean, what: string): string {
  const n = (note ?? '').trim();
  if (required && n === '')
    throw new UserError('note_required', `Write ${what}: it is kept with the grievance.`);
  if (n.length > NOTE_MAX) throw new UserError('note_too_long', `A note has at most ${NOTE_MAX} characters.`);
  return n;
}

/** One step: the event and its audit entry, in the caller's transaction. */
async function step(
  tx: Sql,
  g: Grievance,
  s: {
    action: string;
    actor: Actor;
    at: Date;
    note?: string;
    data?: Record<string, unknown>;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await insertEvent(tx, {
    grievanceId: g.id,
    at: s.at,
    actor: s.actor,
    action: s.action,
    ...(s.note !== undefined ? { note: s.note } : {}),
    ...(s.data !== undefined ? { data: s.data } : {}),
  });
  await appendAudit(tx, {
    at: s.at,
    actor: s.actor,
    action: `bono_grievance.${s.action}`,
    entityType: 'bono_grievance',
    entityId: g.id,
    ...(s.before !== undefined ? { before: s.before } : {}),
    after: s.after ?? { reference: g.reference, ...(s.data ?? {}), ...(s.note ? { note: s.note } : {}) },
  });
}

export interface StepInput {
  id: number;
  actor: Actor;
  at: Date;
}

/**
 * An officer takes an open grievance into review.
 *
 * @example await startReview(db, { id: 12, actor: 'account:ana', at: new Date() })
 */
export async function startReview(db: Database, input: StepInput): Promise<Grievance> {
  return db.transaction(async (tx) => {
    const g = await locked(tx, input.id);
    refuseUnless(g, ['open'], 'go into review');
    await setStatus(tx, g.id, 'in_review', null);
    await step(tx, g, {
      action: 'review_started',
      actor: input.actor,
      at: input.at,
      before: { status: g.status },
      after: { reference: g.reference, status: 'in_review' },
    });
    return { ...g, status: 'in_review' as const };
  });
}

/**
 * Links the grievance to the registry person it is about, when the citizen's triple matched nobody
 * exactly (typically the registry's date of birth is the wrong one). The person must carry the CI
 * number the citizen gave.
 *
 * @example await linkGrievancePerson(db, { id: 12, personId: 4711n, actor: 'account:ana', at: new Date() })
 */
export async function linkGrievancePerson(
  db: Database,
  input: StepInput & { personId: bigint },
): Promise<Grievance> {
  return db.transaction(async (tx) => {
    const g = await locked(tx, input.id);
    refuseUnless(g, ['open', 'in_review'], 'be linked to a person');
    const person = await personById(tx, input.personId);
    if (!person)
      throw new UserError('person_not_found', `There is no person ${input.personId} in the registry.`);
    if (person.ciNumber !== g.person.ciNumber)
      throw new UserError(
        'person_not_candidate',
        `Person ${input.personId} has CI ${person.ciNumber}, but the grievance is about CI ${g.person.ciNumber}.`,
      );
    if (g.personId === person.id) return g;
    await setPerson(tx, g.id, person.id);
    await step(tx, g, {
      action: 'person_linked',
      actor: input.actor,
      at: input.at,
      data: { personId: person.id.toString() },
      before: { personId: g.personId },
      after: { reference: g.reference, personId: person.id },
    });
    return { ...g, personId: person.id };
  });
}

/**
 * Adds an internal note (never shown to the citizen).
 *
 * @example await addGrievanceNote(db, { id: 12, note: 'Llamé al banco', actor: 'account:ana', at: new Date() })
 */
export async function addGrievanceNote(db: Database, input: StepInput & { note: string }): Promise<void> {
  const note = cleanNote(input.note, true, 'the note');
  await db.transaction(async (tx) => {
    const g = await locked(tx, input.id);
    await step(tx, g, { action: 'noted', actor: input.actor, at: input.at, note });
  });
}

/** Registry values an approved grievance may correct. */
export interface PersonCorrection {
  dateOfBirth: IsoDate;
  municipalityCode: string;
  residenceCountry: string;
  dateOfDeath: IsoDate | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
}

const CORRECTION_COLUMNS: Record<keyof PersonCorrection, keyof PersonValues> = {
  dateOfBirth: 'date_of_birth',
  municipalityCode: 'municipality_code',
  residenceCountry: 'residence_country',
  dateOfDeath: 'date_of_death',
  givenNames: 'given_names',
  firstSurname: 'first_surname',
  secondSurname: 'second_surname',
};

export interface DecideGrievanceInput extends StepInput {
  decision: 'approve' | 'reject';
  /** Why: kept with the grievance for officers and auditors, never shown to the citizen. */
  note: string;
  /** A message for the citizen, shown with the decision. */
  citizenNote?: string;
  /** For an approved `wrong_data` or `not_listed` claim: the registry values to correct. */
  correction?: Partial<PersonCorrection>;
}

/**
 * What a decision set in motion:
 * - `rejected`: nothing more;
 * - `supplementary_round`: the person is now eligible and held no entitlement: a supplementary
 *   round was frozen for them (`roundId`), waiting for a second officer's approval;
 * - `already_entitled`: the person already holds an entitlement in a round that stands;
 * - `not_eligible`: re-evaluated, still not eligible (the trace says why);
 * - `awaits_regular_round`: eligible, and no regular round is frozen yet: it will include them;
 * - `round_refused`: the supplementary round was refused (`message`); see `retrySupplementaryRound`;
 * - `handed_to_bank`: a `paid_not_received` finding, passed to the bank's reversal process (no
 *   money moves here).
 */
export type GrievanceOutcome =
  | 'rejected'
  | 'supplementary_round'
  | 'already_entitled'
  | 'not_eligible'
  | 'awaits_regular_round'
  | 'round_refused'
  | 'handed_to_bank';

export interface DecisionResult {
  grievance: Grievance;
  outcome: GrievanceOutcome;
  roundId: number | null;
  /** The re-evaluation's answer, when there was one. */
  eligible: boolean | null;
  message: string | null;
}

/** Where a re-evaluation leaves the person, decided inside the decision's transaction. */
interface Reevaluation {
  outcome:
    | Exclude<GrievanceOutcome, 'rejected' | 'supplementary_round' | 'round_refused' | 'handed_to_bank'>
    | 'round';
  date: IsoDate;
  eligible: boolean;
}

/**
 * Decides a grievance under review. Rejecting records the decision. Approving needs the grievance
 * linked to a registry person; then:
 * - `wrong_data` / `not_listed`: applies the correction if one is given (the person row is updated,
 *   person_history keeps every correctable value before and after, under an import run of kind
 *   `person-correction`), re-evaluates the person with the bono's rules on the regular round's
 *   date and, if now eligible with no entitlement in a round that stands, freezes a supplementary
 *   round for that person alone (`createRound`, note `Reclamo <reference>`; maker-checker applies);
 * - `paid_not_received`: records the finding with the payments on record and hands over to the
 *   bank's reversal process.
 *
 * @example
 *   await decideGrievance(db, { id: 12, decision: 'approve', note: 'CI card shows 1985-03-10',
 *     correction: { dateOfBirth: '1985-03-10' }, actor: 'account:ana', at: new Date() });
 */
export async function decideGrievance(db: Database, input: DecideGrievanceInput): Promise<DecisionResult> {
  if (input.decision !== 'approve' && input.decision !== 'reject')
    throw new UserError('decision_invalid', 'A decision is approve or reject.');
  const note = cleanNote(input.note, true, 'the reason for the decision');
  const citizenNote = cleanNote(input.citizenNote, false, 'the message for the citizen');
  const correction =
    input.correction && Object.keys(input.correction).length > 0 ? input.correction : undefined;
  if (correction) {
    const unknown = Object.keys(correction).filter((k) => !(k in CORRECTION_COLUMNS));
    if (unknown.length > 0)
      throw new UserError(
        'correction_field_unknown',
        `Cannot correct ${unknown.join(', ')}; correctable: ${Object.keys(CORRECTION_COLUMNS).join(', ')}.`,
      );
    if (input.decision === 'reject')
      throw new UserError(
        'correction_on_reject',
        'A rejected grievance corrects nothing; approve it to correct data.',
      );
  }
  const data = citizenNote ? { citizenNote } : undefined;

  const decided = await db.transaction(async (tx) => {
    const g = await locked(tx, input.id);
    refuseUnless(g, ['in_review'], 'be decided');
    if (input.decision === 'reject') {
      await setStatus(tx, g.id, 'rejected', input.at);
      await step(tx, g, {
        action: 'rejected',
        actor: input.actor,
        at: input.at,
        note,
        ...(data ? { data } : {}),
        before: { status: g.status },
        after: { reference: g.reference, status: 'rejected', note },
      });
      return { g: { ...g, status: 'rejected' as const, decidedAt: input.at }, next: null };
    }
    if (correction && g.kind === 'paid_not_received')
      throw new UserError(
        'correction_not_allowed',
        'A paid-but-not-received claim corrects no registry data; file a wrong_data grievance for that.',
      );
    if (g.personId === null)
      throw new UserError(
        'person_not_linked',
        `Grievance ${g.reference} matches no registry person: link it to the person it is about first (the candidates share CI ${g.person.ciNumber}), or reject it if the person is not in the registry.`,
        { grievanceId: g.id },
      );
    const person = await personById(tx, g.personId, true);
    if (!person)
      throw new Error(`grievance ${g.id} links to person ${g.personId}, who is not in the registry`);

    await setStatus(tx, g.id, 'approved', input.at);
    await step(tx, g, {
      action: 'approved',
      actor: input.actor,
      at: input.at,
      note,
      ...(data ? { data } : {}),
      before: { status: g.status },
      after: { reference: g.reference, status: 'approved', note },
    });
    const approved: Grievance = { ...g, status: 'approved', decidedAt: input.at };

    if (g.kind === 'paid_not_received') {
      const payments = await paymentsOf(tx, person.id);
      const live = payments.find((p) => p.reversedAt === null);
      await step(tx, approved, {
        action: 'handed_to_bank',
        actor: input.actor,
        at: input.at,
        note: live
          ? `Payment ${live.id} (${live.channel}, ${live.bankBic}, transfer ${live.transferId}) goes to the bank's reversal process.`
          : 'No live payment is on record for this person; the bank must check its own records.',
        data: live
          ? { paymentId: live.id, bankBic: live.bankBic, transferId: live.transferId, channel: live.channel }
          : { paymentId: null },
      });
      return { g: approved, next: null };
    }

    let current = person;
    if (correction) current = await correct(tx, approved, person, correction, input);
    const r = await reevaluate(tx, approved, current, input);
    return { g: approved, next: r };
  });

  if (decided.next === null)
    return {
      grievance: decided.g,
      outcome: decided.g.status === 'rejected' ? 'rejected' : 'handed_to_bank',
      roundId: null,
      eligible: null,
      message: null,
    };
  return afterReevaluation(db, decided.g, decided.next, input);
}

/** Corrects the person row; refuses values the persons file would refuse, and a key another person holds. */
async function correct(
  tx: Sql,
  g: Grievance,
  person: RegistryPerson,
  correction: Partial<PersonCorrection>,
  input: StepInput,
): Promise<RegistryPerson> {
  const before = valuesOf(person);
  const merged: PersonValues = { ...before };
  for (const [key, column] of Object.entries(CORRECTION_COLUMNS) as [
    keyof PersonCorrection,
    keyof PersonValues,
  ][]) {
    const value = correction[key];
    if (value === undefined) continue;
    if (key === 'dateOfDeath')
      merged.date_of_death = value === null || value === '' ? null : (value as string);
    else if (typeof value !== 'string')
      throw new UserError(
        'correction_invalid',
        `${key} must be text${key === 'dateOfBirth' ? ' (YYYY-MM-DD)' : ''}.`,
      );
    else (merged as unknown as Record<string, unknown>)[column] = value;
  }
  // The same validation as a line of the persons file, so a correction cannot store what an import would refuse.
  const on = toIsoDateInBolivia(input.at);
  const checked = validatePersonRow({ format: loadIdentityFormat(on), asOf: on }, [
    person.ciNumber,
    person.complemento,
    merged.expedition ?? '',
    merged.given_names,
    merged.first_surname,
    merged.second_surname,
    merged.date_of_birth,
    merged.sex,
    merged.municipality_code,
    merged.residence_country,
    merged.date_of_death ?? '',
  ]);
  if (typeof checked === 'string')
    throw new UserError('correction_invalid', `The correction is refused: ${checked}.`);
  const after: PersonValues = {
    expedition: checked[2] === '' ? null : checked[2]!,
    given_names: checked[3]!,
    first_surname: checked[4]!,
    second_surname: checked[5]!,
    date_of_birth: checked[6]!,
    sex: checked[7] as 'F' | 'M',
    municipality_code: checked[8]!,
    residence_country: checked[9]!,
    date_of_death: checked[10] === '' ? null : checked[10]!,
  };
  const changed = (Object.keys(after) as (keyof PersonValues)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0)
    throw new UserError(
      'correction_changes_nothing',
      'The correction gives the values the registry already holds.',
    );
  if (after.date_of_birth !== before.date_of_birth) {
    const holder = await personIdByTriple(tx, {
      ciNumber: person.ciNumber,
      complemento: person.complemento,
      dateOfBirth: after.date_of_birth,
    });
    if (holder !== null)
      throw new UserError(
        'correction_key_taken',
        `Another person (${holder}) already has CI ${person.ciNumber}${person.complemento ? `-${person.complemento}` : ''} born ${after.date_of_birth}; the two records must be reconciled by the civil registry first.`,
        { personId: holder.toString() },
      );
  }
  const importId = await applyCorrection(tx, {
    personId: person.id,
    before,
    after,
    fileName: `grievance ${g.reference}`,
    contentSha256: createHash('sha256')
      .update(JSON.stringify({ grievance: g.reference, personId: person.id.toString(), after }))
      .digest('hex'),
    actor: input.actor,
    at: input.at,
  });
  const pick = (v: PersonValues) => Object.fromEntries(changed.map((k) => [k, v[k]]));
  await insertEvent(tx, {
    grievanceId: g.id,
    at: input.at,
    actor: input.actor,
    action: 'person_corrected',
    data: {
      personId: person.id.toString(),
      importId: importId.toString(),
      before: pick(before),
      after: pick(after),
    },
  });
  await appendAudit(tx, {
    at: input.at,
    actor: input.actor,
    action: 'person.corrected',
    entityType: 'person',
    entityId: person.id,
    before: pick(before),
    after: { ...pick(after), importId, grievance: g.reference },
  });
  const updated = await personById(tx, person.id);
  if (!updated) throw new Error(`person ${person.id} vanished during its correction`);
  return updated;
}

/** Re-evaluates the person and records it; says whether a supplementary round is due. */
async function reevaluate(
  tx: Sql,
  g: Grievance,
  person: RegistryPerson,
  input: StepInput,
): Promise<Reevaluation> {
  const regular = await regularRoundDate(tx);
  const date = regular?.asOf ?? toIsoDateInBolivia(input.at);
  const trace = await traceOf(tx, person, date, 'es');
  const standing = await entitlementsOf(tx, person.id);
  const hasRegularRound = regular !== null;
  const outcome: Reevaluation['outcome'] =
    standing.length > 0
      ? 'already_entitled'
      : !trace.eligible
        ? 'not_eligible'
        : hasRegularRound
          ? 'round'
          : 'awaits_regular_round';
  await step(tx, g, {
    action: 'reevaluated',
    actor: input.actor,
    at: input.at,
    data: {
      personId: person.id.toString(),
      date,
      eligible: trace.eligible,
      failing: trace.failing,
      entitledInRounds: standing.map((s) => s.entitlement.roundId),
      outcome: outcome === 'round' ? 'supplementary_round_due' : outcome,
    },
  });
  return { outcome, date, eligible: trace.eligible };
}

/** After the decision committed: freeze the supplementary round if one is due, and record it. */
async function afterReevaluation(
  db: Database,
  g: Grievance,
  r: Reevaluation,
  input: StepInput,
): Promise<DecisionResult> {
  if (r.outcome !== 'round')
    return { grievance: g, outcome: r.outcome, roundId: null, eligible: r.eligible, message: null };
  // createRound runs its own transaction (it locks bono_round), so it cannot join the decision's:
  // the decision is committed first, and a refused or failed round leaves an approved grievance
  // without a round, recorded as such and retried with retrySupplementaryRound.
  let round: Round;
  try {
    round = await createRound(db, {
      kind: 'supplementary',
      personIds: [g.personId!],
      asOf: r.date,
      note: `Reclamo ${g.reference}`,
      actor: input.actor,
      at: input.at,
    });
  } catch (error) {
    const message = (error as Error).message;
    await db.transaction(async (tx) => {
      const fresh = await locked(tx, g.id);
      await step(tx, fresh, {
        action: 'supplementary_round_refused',
        actor: input.actor,
        at: input.at,
        note: message,
        data: { code: error instanceof UserError ? error.code : 'error' },
      });
    });
    if (!(error instanceof UserError)) throw error;
    return { grievance: g, outcome: 'round_refused', roundId: null, eligible: r.eligible, message };
  }
  const updated = await db.transaction(async (tx) => {
    const fresh = await locked(tx, g.id);
    await setSupplementaryRound(tx, g.id, round.id);
    await step(tx, fresh, {
      action: 'supplementary_round_created',
      actor: input.actor,
      at: input.at,
      data: { roundId: round.id, asOf: round.asOf, contentHash: round.contentHash },
      before: { supplementaryRoundId: fresh.supplementaryRoundId },
      after: { reference: g.reference, supplementaryRoundId: round.id, contentHash: round.contentHash },
    });
    return { ...fresh, supplementaryRoundId: round.id };
  });
  return {
    grievance: updated,
    outcome: 'supplementary_round',
    roundId: round.id,
    eligible: true,
    message: null,
  };
}

/**
 * Tries again to give an approved grievance its supplementary round: after a refused round, or
 * after the second officer rejected the round. Re-evaluates first, since the registry may have
 * changed since.
 *
 * @example await retrySupplementaryRound(db, { id: 12, actor: 'account:ana', at: new Date() })
 */
export async function retrySupplementaryRound(db: Database, input: StepInput): Promise<DecisionResult> {
  const decided = await db.transaction(async (tx) => {
    const g = await locked(tx, input.id);
    refuseUnless(g, ['approved'], 'get a supplementary round');
    if (g.kind === 'paid_not_received' || g.personId === null)
      throw new UserError(
        'round_not_applicable',
        `Grievance ${g.reference} does not lead to a supplementary round (it is a ${g.kind} claim${g.personId === null ? ' with no registry person' : ''}).`,
      );
    if (g.supplementaryRoundId !== null) {
      const round = await getRound(tx, g.supplementaryRoundId);
      if (round && round.status !== 'rejected')
        throw new UserError(
          'round_exists',
          `Grievance ${g.reference} already has supplementary round ${round.id} (${round.status}).`,
          { roundId: round.id },
        );
    }
    const person = await personById(tx, g.personId, true);
    if (!person)
      throw new Error(`grievance ${g.id} links to person ${g.personId}, who is not in the registry`);
    return { g, next: await reevaluate(tx, g, person, input) };
  });
  return afterReevaluation(db, decided.g, decided.next, input);
}

/**
 * Closes an approved grievance once what it set in motion is done: its supplementary round was
 * approved by a second officer, or the bank finished its review of the payment.
 *
 * @example await resolveGrievance(db, { id: 12, note: 'Ronda 7 aprobada', actor: 'account:ana', at: new Date() })
 */
export async function resolveGrievance(
  db: Database,
  input: StepInput & { note: string; citizenNote?: string },
): Promise<Grievance> {
  const note = cleanNote(input.note, true, 'how the grievance was resolved');
  const citizenNote = cleanNote(input.citizenNote, false, 'the message for the citizen');
  return db.transaction(async (tx) => {
    const g = await locked(tx, input.id);
    refuseUnless(g, ['approved'], 'be resolved');
    if (g.supplementaryRoundId !== null) {
      const round = await getRound(tx, g.supplementaryRoundId);
      if (round?.status === 'frozen')
        throw new UserError(
          'round_not_approved',
          `Supplementary round ${round.id} still waits for a second officer's approval; resolve the grievance after it.`,
          { roundId: round.id },
        );
      if (round?.status === 'rejected')
        throw new UserError(
          'round_rejected',
          `Supplementary round ${round.id} was rejected; create it again (retrySupplementaryRound) before resolving.`,
          { roundId: round.id },
        );
    }
    await setStatus(tx, g.id, 'resolved', null);
    await step(tx, g, {
      action: 'resolved',
      actor: input.actor,
      at: input.at,
      note,
      ...(citizenNote ? { data: { citizenNote } } : {}),
      before: { status: g.status },
      after: { reference: g.reference, status: 'resolved', note },
    });
    return { ...g, status: 'resolved' as const };
  });
}

/** Most grievances one client address may file per hour from the public portal. */
export const CITIZEN_FILINGS_PER_HOUR = 10;

/**
 * Counts a citizen's filing against their client address and says whether it may go ahead: the
 * public form writes to the database, so one address may file at most `limit` grievances an hour
 * (a family at one connection files a few; a script filing thousands is stopped). Returns the
 * seconds to wait, 0 when allowed. The count lives beside the look-up counters.
 *
 * @example if ((await admitCitizenFiling(db, ip, now)) > 0) … // 429
 */
export async function admitCitizenFiling(
  sql: Sql,
  clientKey: string,
  at: Date,
  limit = CITIZEN_FILINGS_PER_HOUR,
): Promise<number> {
  const [row] = await sql.query<{ failures: number; window_started_at: Date }>(
    `INSERT INTO bono_lookup_throttle AS t (key, failures, window_started_at)
     VALUES ($1, 1, $2::timestamptz)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at <= $2::timestamptz - interval '1 hour' THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at <= $2::timestamptz - interval '1 hour' THEN $2::timestamptz ELSE t.window_started_at END
     RETURNING failures, window_started_at`,
    [`grievance:${clientKey}`, at],
  );
  if (!row || row.failures <= limit) return 0;
  return Math.max(
    1,
    Math.ceil((new Date(row.window_started_at).getTime() + 3_600_000 - at.getTime()) / 1000),
  );
}
