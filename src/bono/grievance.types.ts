import type { Actor } from '../audit/index.ts';
import type { RegistryPerson } from '../registry/index.ts';
import type {
  Entitlement,
  GrievanceKind,
  GrievanceStatus,
  PersonTriple,
  RoundKind,
  RoundStatus,
} from './bono.types.ts';
import type { RoundFreezeFailure } from './round.failures.ts';

/**
 * The vocabulary of grievances (reclamos) about the Bono Contra el Hambre: a citizen, or an officer
 * for them, says they were left out, that the registry holds wrong data about them, or that they
 * were recorded as paid but never received the money. An officer reviews the claim with the rule
 * trace in front of them and decides. An approved claim re-evaluates the person — after the
 * registry corrected its data when the data was wrong — and, if they are now eligible and hold no
 * entitlement, freezes a supplementary round for that one person: a frozen round is never edited,
 * and the new round still needs a second officer's approval like any other (maker-checker).
 *
 * Life of a grievance: open → in_review → approved | rejected; approved → resolved once what the
 * decision set in motion is done. Every step is an event (bono_grievance_event) and an audit entry;
 * the citizen sees only the steps and the messages meant for them, never internal notes or who
 * acted. Time to decision is decided_at − filed_at (`grievanceStats`).
 *
 * The feature's files: grievance-reference.ts (the codes a citizen follows a claim with),
 * grievance-filing.ts (filing and the portal's per-address limit), grievance-citizen.ts (what the
 * citizen sees), grievance-queue.ts (the officer queue and statistics), grievance-detail.ts (one
 * claim for the officer), grievance-trace.ts (the rule trace), grievance-workflow.ts (review,
 * link, note, decide, resolve), grievance-correction.ts (the registry correction an approval
 * asks for), grievance-reevaluation.ts (re-evaluation and the supplementary round),
 * grievance-steps.ts (what every step shares), grievance.failures.ts (what may fail, as values)
 * and grievance.repository.ts (the SQL).
 */

export const GRIEVANCE_KINDS: readonly GrievanceKind[] = ['not_listed', 'wrong_data', 'paid_not_received'];
export const GRIEVANCE_STATUSES: readonly GrievanceStatus[] = [
  'open',
  'in_review',
  'approved',
  'rejected',
  'resolved',
];

/** The registry's person, as a grievance officer sees them (bono/index.ts exports it under this name). */
export type { RegistryPerson };

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

/** An entitlement of the person, with the round it belongs to. */
export interface PersonEntitlement {
  entitlement: Entitlement;
  roundKind: RoundKind;
  roundStatus: RoundStatus;
}

/** Which grievance an officer acts on, who they are and when. */
export interface StepInput {
  id: number;
  actor: Actor;
  at: Date;
}

/**
 * What a decision set in motion:
 * - `rejected`: nothing more;
 * - `supplementary_round`: the person is now eligible and held no entitlement: a supplementary
 *   round was frozen for them (`roundId`), waiting for a second officer's approval;
 * - `already_entitled`: the person already holds an entitlement in a round that stands;
 * - `not_eligible`: re-evaluated, still not eligible (the trace says why);
 * - `awaits_regular_round`: eligible, and no regular round is frozen yet: it will include them;
 * - `round_refused`: the supplementary round was refused (`refusal`); see `retrySupplementaryRound`;
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
  /** Why the supplementary round was refused (`round_refused`): createRound's failure. */
  refusal: RoundFreezeFailure | null;
}
