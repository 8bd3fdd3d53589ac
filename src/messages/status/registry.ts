import type { RegistryFailure } from '../../registry/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The HTTP status of each failure of the registry's imports. A refused file is 422 (it was read,
 * and a rule of the file format refuses it), as the back office answered these before; a full
 * import queue is 503, try again later.
 */
export const REGISTRY_STATUS: Statuses<RegistryFailure> = {
  file_not_found: 404,
  file_utf16: 422,
  import_empty_file: 422,
  import_header_mismatch: 422,
  unknown_source_list: 422,
  imports_busy: 503,
  identity_review_not_found: 404,
  identity_review_decided: 409,
  identity_review_escalated_by_you: 409,
  identity_review_person_required: 422,
  identity_review_not_candidate: 422,
  identity_review_already_member: 409,
  identity_review_reason_required: 422,
  identity_merge_not_found: 404,
  identity_merge_person_not_found: 404,
  identity_merge_same_person: 422,
  identity_merge_person_retired: 409,
  identity_merge_retired_is_survivor: 409,
  identity_merge_pending: 409,
  identity_merge_reason_required: 422,
  identity_merge_own_proposal: 403,
  identity_merge_decided: 409,
  identity_merge_not_approved: 409,
  identity_merge_records_conflict: 409,
};
