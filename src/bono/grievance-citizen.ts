import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { Channel, GrievanceKind, GrievanceStatus } from './bono.types.ts';
import { entitlementsOf, grievanceByReference, listEvents, paymentsOf } from './grievance.repository.ts';
import type { GrievanceEvent } from './grievance.types.ts';
import { normaliseReference } from './grievance-reference.ts';
import { getRound } from './round.service.ts';

/**
 * The recorded steps a citizen sees. Anything else (links to a registry person, internal notes, a
 * refused round) stays inside the office. The interfaces word each step from their catalogue.
 */
const RECORDED_STEPS = [
  'filed',
  'review_started',
  'person_corrected',
  'reevaluated',
  'approved',
  'rejected',
  'supplementary_round_created',
  'handed_to_bank',
  'resolved',
] as const;

type RecordedStep = (typeof RECORDED_STEPS)[number];

/** What a re-evaluation found (the `outcome` it records), as the citizen is told it. */
export type ReevaluationOutcome =
  | 'supplementary_round_due'
  | 'already_entitled'
  | 'not_eligible'
  | 'awaits_regular_round'
  | 'other';

const REEVALUATION_OUTCOMES: readonly ReevaluationOutcome[] = [
  'supplementary_round_due',
  'already_entitled',
  'not_eligible',
  'awaits_regular_round',
];

/**
 * One step of a grievance's history as its citizen sees it, oldest first. Besides the grievance's
 * own events, the life of the supplementary round it led to: approved (or refused) by a second
 * officer, paid at a bank counter or by deposit, or its collection period over.
 */
export type CitizenStep =
  | {
      at: Date;
      action: Exclude<RecordedStep, 'reevaluated'> /** The officer's message to the citizen, '' when none. */;
      citizenNote: string;
    }
  | { at: Date; action: 'reevaluated'; outcome: ReevaluationOutcome; citizenNote: string }
  | { at: Date; action: 'round_approved' | 'round_rejected' | 'round_expired'; citizenNote: '' }
  | { at: Date; action: 'paid'; channel: Channel; amountCentavos: bigint; citizenNote: '' };

/**
 * What the citizen waits for now, once a supplementary round holds their payment: a second
 * officer's approval, collecting it at a counter between two dates, or the deposit to their account.
 */
export type CitizenNextStep =
  | { step: 'round_awaits_approval' }
  | { step: 'collect'; opensOn: IsoDate; closesOn: IsoDate }
  | { step: 'deposit' };

export interface CitizenGrievanceView {
  reference: string;
  kind: GrievanceKind;
  status: GrievanceStatus;
  filedAt: Date;
  decidedAt: Date | null;
  /** Steps meant for the citizen, oldest first (never an internal note). */
  events: CitizenStep[];
  /** What comes next, or null when nothing is pending for a payment. */
  next: CitizenNextStep | null;
}

/**
 * Whether an event of a grievance is one its citizen sees.
 *
 * @example isCitizenStep('noted') // false
 */
export function isCitizenStep(action: string): boolean {
  return (RECORDED_STEPS as readonly string[]).includes(action);
}

function recordedStep(e: GrievanceEvent): CitizenStep[] {
  if (!isCitizenStep(e.action)) return [];
  const citizenNote = typeof e.data?.['citizenNote'] === 'string' ? (e.data['citizenNote'] as string) : '';
  if (e.action === 'reevaluated') {
    const recorded = e.data?.['outcome'];
    const outcome = REEVALUATION_OUTCOMES.find((o) => o === recorded) ?? 'other';
    return [{ at: e.at, action: 'reevaluated', outcome, citizenNote }];
  }
  return [{ at: e.at, action: e.action as Exclude<RecordedStep, 'reevaluated'>, citizenNote }];
}

/**
 * The supplementary round's steps after it was frozen, read from the round and the payments (their
 * own records), and what the citizen waits for now.
 */
async function paymentSteps(
  sql: Sql,
  personId: bigint,
  roundId: number,
): Promise<{ steps: CitizenStep[]; next: CitizenNextStep | null }> {
  const round = await getRound(sql, roundId);
  if (!round) return { steps: [], next: null };
  const steps: CitizenStep[] = [];
  if (round.status === 'frozen') return { steps, next: { step: 'round_awaits_approval' } };
  if (round.decidedAt && round.status === 'rejected')
    return { steps: [{ at: round.decidedAt, action: 'round_rejected', citizenNote: '' }], next: null };
  if (round.decidedAt) steps.push({ at: round.decidedAt, action: 'round_approved', citizenNote: '' });
  const paid = (await paymentsOf(sql, personId)).find((p) => p.roundId === roundId && p.reversedAt === null);
  if (paid) {
    steps.push({
      at: paid.paidAt,
      action: 'paid',
      channel: paid.channel,
      amountCentavos: paid.amountCentavos,
      citizenNote: '',
    });
    return { steps, next: null };
  }
  if (round.status === 'expired') {
    steps.push({
      at: round.expiredAt ?? round.decidedAt ?? round.createdAt,
      action: 'round_expired',
      citizenNote: '',
    });
    return { steps, next: null };
  }
  const held = (await entitlementsOf(sql, personId)).find((e) => e.entitlement.roundId === roundId);
  if (!held) return { steps, next: null };
  const e = held.entitlement;
  return {
    steps,
    next:
      e.channel === 'deposit'
        ? { step: 'deposit' }
        : { step: 'collect', opensOn: e.opensOn, closesOn: e.closesOn },
  };
}

/**
 * A grievance as its citizen follows it: found by reference and CI number together (either alone
 * finds nothing), with the citizen-visible steps only, up to the payment of the supplementary round
 * it led to. Null when they do not match, without saying which part was wrong.
 *
 * @example await grievanceForCitizen(db, 'K7QM-3HXA-PW9C', '4567890') // { status: 'resolved', events: [… { action: 'paid', channel: 'counter', … }], next: null }
 */
export async function grievanceForCitizen(
  sql: Sql,
  reference: string,
  ciNumber: string,
): Promise<CitizenGrievanceView | null> {
  const ref = normaliseReference(reference);
  if (!ref) return null;
  const g = await grievanceByReference(sql, ref, ciNumber.trim());
  if (!g) return null;
  const events = (await listEvents(sql, g.id)).flatMap(recordedStep);
  const payment =
    g.supplementaryRoundId !== null && g.personId !== null
      ? await paymentSteps(sql, g.personId, g.supplementaryRoundId)
      : { steps: [], next: null };
  return {
    reference: g.reference,
    kind: g.kind,
    status: g.status,
    filedAt: g.filedAt,
    decidedAt: g.decidedAt,
    // A stable sort: steps recorded at the same instant keep the order they were recorded in.
    events: [...events, ...payment.steps].sort((a, b) => a.at.getTime() - b.at.getTime()),
    next: payment.next,
  };
}
