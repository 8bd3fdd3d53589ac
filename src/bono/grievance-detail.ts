import type { Sql } from '../db/database.ts';
import { findPersonById, findPersonsByCi } from '../registry/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { Lang } from '../shared/lang.ts';
import type { Payment, Round } from './bono.types.ts';
import type { GrievanceFailure } from './grievance.failures.ts';
import { entitlementsOf, getGrievance, listEvents, paymentsOf } from './grievance.repository.ts';
import type { Grievance, GrievanceEvent, PersonEntitlement, RegistryPerson } from './grievance.types.ts';
import { isCitizenStep } from './grievance-citizen.ts';
import { hoursBetween } from './grievance-queue.ts';
import { evaluationDate, type GrievanceTrace, traceOf } from './grievance-trace.ts';
import { getRound } from './round.service.ts';

/** Persons sharing the CI number shown to the officer when the claim matched nobody exactly. */
const CANDIDATES_MAX = 20;

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
 * @example const d = await grievanceDetail(db, 12, { at: new Date(), lang: 'es' }); if (d.ok) d.value.trace?.text // the rule trace, in Spanish
 */
export async function grievanceDetail(
  sql: Sql,
  id: number,
  opts: { at: Date; lang: Lang },
): Promise<Result<GrievanceDetail, GrievanceFailure>> {
  const g = await getGrievance(sql, id);
  if (!g) return fail({ code: 'grievance_not_found', grievanceId: id });
  const events = (await listEvents(sql, id)).map((e) => ({
    ...e,
    citizenVisible: isCitizenStep(e.action),
  }));
  const person = g.personId === null ? null : await findPersonById(sql, g.personId);
  const candidates = person ? [] : await findPersonsByCi(sql, g.person.ciNumber, CANDIDATES_MAX);
  const trace = person ? await traceOf(sql, person, await evaluationDate(sql, opts.at), opts.lang) : null;
  return ok({
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
  });
}
