import type { GrievanceFailure } from '../../bono/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The HTTP status of each failure of grievances (the two codes they share with the rest of the
 * bono, `person_not_found` and `round_not_approved`, keep theirs in ./bono.ts). A refusal shown
 * again on a back-office form is answered with these: 409 when the grievance's state does not
 * allow the step, 422 when a rule refuses it, 400 for input no form sends.
 */
export const BONO_GRIEVANCES_STATUS: Statuses<
  Exclude<GrievanceFailure, { code: 'person_not_found' | 'round_not_approved' }>
> = {
  grievance_not_found: 404,
  grievance_already_decided: 409,
  grievance_not_in_review: 409,
  grievance_in_review: 409,
  note_required: 400,
  note_too_long: 400,
  grievance_kind_invalid: 400,
  grievance_channel_invalid: 400,
  person_invalid: 400,
  description_required: 400,
  description_too_long: 400,
  contact_too_long: 400,
  status_invalid: 400,
  limit_invalid: 400,
  offset_invalid: 400,
  person_not_candidate: 422,
  person_not_linked: 422,
  decision_invalid: 400,
  correction_field_unknown: 400,
  correction_on_reject: 422,
  correction_not_allowed: 422,
  correction_invalid: 422,
  correction_changes_nothing: 422,
  correction_key_taken: 409,
  round_not_applicable: 422,
  round_exists: 409,
  round_rejected: 409,
};
