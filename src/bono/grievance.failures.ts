import type { PersonCorrectionFailure } from '../registry/index.ts';
import type { GrievanceKind, GrievanceStatus, RoundStatus } from './bono.types.ts';

/**
 * The expected failures of grievances (docs/adr/0009-one-failure-model.md): a stable code, and the
 * typed fields its words need. Statuses and words are in src/messages/status/bono-grievances.ts and
 * src/messages/<lang>/bono-grievances.ts (with those of the registry's PersonCorrectionFailure, which
 * a decision passes on), except for the two codes the bono shares with other
 * features (`person_not_found`, `round_not_approved`), whose words are the bono's
 * (src/messages/<lang>/bono.ts) and read these fields when they are there.
 *
 * Who reads them: the portal's filing refusals reach the citizen who filed, and carry only what
 * they typed; every other one reaches an officer holding a grievance permission (back office, CLI)
 * and may name what that officer may read anyway — the grievance's reference, the CI number it is
 * about, a registry person's id. Ids that are bigints in the domain are strings here, so a failure
 * is always JSON.
 *
 * @example const failure: GrievanceFailure = { code: 'grievance_not_found', grievanceId: 12 };
 */
export type GrievanceFailure =
  | { readonly code: 'grievance_not_found'; readonly grievanceId: number }
  | GrievanceStepRefused
  | { readonly code: 'note_required'; readonly note: GrievanceNoteKind }
  | { readonly code: 'note_too_long'; readonly maxLength: number }
  // Filing.
  | {
      readonly code: 'grievance_kind_invalid';
      readonly kind: string;
      readonly kinds: readonly GrievanceKind[];
    }
  | { readonly code: 'grievance_channel_invalid' }
  | GrievancePersonInvalid
  | { readonly code: 'description_required' }
  | { readonly code: 'description_too_long'; readonly length: number; readonly maxLength: number }
  | { readonly code: 'contact_too_long'; readonly length: number; readonly maxLength: number }
  // The officer queue.
  | { readonly code: 'status_invalid'; readonly statuses: readonly GrievanceStatus[] }
  | { readonly code: 'limit_invalid'; readonly maxLimit: number }
  | { readonly code: 'offset_invalid' }
  // Linking and deciding.
  | { readonly code: 'person_not_found'; readonly personId: string }
  | {
      readonly code: 'person_not_candidate';
      readonly personId: string;
      /** The CI number the registry person has, and the one the grievance is about. */
      readonly personCiNumber: string;
      readonly grievanceCiNumber: string;
    }
  | {
      readonly code: 'person_not_linked';
      readonly grievanceId: number;
      readonly reference: string;
      /** The CI number the grievance is about, which the candidates share. */
      readonly ciNumber: string;
    }
  | { readonly code: 'decision_invalid' }
  | {
      readonly code: 'correction_field_unknown';
      readonly fields: readonly string[];
      readonly correctable: readonly string[];
    }
  | { readonly code: 'correction_on_reject' }
  | { readonly code: 'correction_not_allowed' }
  /** The registry refused the correction an approval asked for (its words are with the grievances': the one feature that corrects persons). */
  | PersonCorrectionFailure
  // The supplementary round.
  | {
      readonly code: 'round_not_applicable';
      readonly reference: string;
      readonly kind: GrievanceKind;
      readonly personLinked: boolean;
    }
  | {
      readonly code: 'round_exists';
      readonly reference: string;
      readonly roundId: number;
      readonly roundStatus: RoundStatus;
    }
  | GrievanceRoundNotApproved
  | { readonly code: 'round_rejected'; readonly roundId: number };

/** The steps an officer takes on a grievance, as a refusal names them. */
export type GrievanceStep = 'review' | 'link' | 'decide' | 'resolve' | 'supplementary_round';

/** The notes a step asks for, as a refusal names them. */
export type GrievanceNoteKind = 'note' | 'decision_reason' | 'resolution' | 'citizen_message';

/**
 * A step the grievance's status does not allow: `grievance_already_decided` once approved,
 * rejected or resolved, `grievance_not_in_review` while open, `grievance_in_review` while in review.
 */
export interface GrievanceStepRefused {
  readonly code: 'grievance_already_decided' | 'grievance_not_in_review' | 'grievance_in_review';
  readonly grievanceId: number;
  readonly reference: string;
  readonly grievanceStatus: GrievanceStatus;
  readonly step: GrievanceStep;
  /** The statuses that would allow the step. */
  readonly allowed: readonly GrievanceStatus[];
}

/** The person a grievance is filed for is not a valid identity: the card (with the registry's reason) or the date of birth. */
export type GrievancePersonInvalid =
  | { readonly code: 'person_invalid'; readonly field: 'identity_card'; readonly reason: string }
  | {
      readonly code: 'person_invalid';
      readonly field: 'date_of_birth';
      readonly earliest: string;
      readonly latest: string;
    };

/**
 * A grievance's supplementary round still waits for a second officer's approval (it is frozen), so
 * the grievance cannot be resolved. The code is the payout refusal's too (`round_not_approved`):
 * the operation refused tells this one apart.
 */
export interface GrievanceRoundNotApproved {
  readonly code: 'round_not_approved';
  readonly roundId: number;
  readonly roundStatus: RoundStatus;
  readonly operation: 'resolve_grievance';
}
