import type { CasesFailure } from '../../cases/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The case files' failures: bad input 400; an investigation, or anything in it, not found — also
 * when the reader is not on its team, so a restricted file does not reveal that it exists — 404;
 * a team role that may not do this 403; an investigation code taken 409; a broken custody chain or
 * a stored file gone 422.
 */
export const CASES_STATUS: Statuses<CasesFailure> = {
  case_input_invalid: 400,
  case_not_found: 404,
  case_exists: 409,
  case_role_refused: 403,
  case_entity_not_found: 404,
  case_person_not_in_registry: 404,
  evidence_blob_missing: 422,
  custody_chain_broken: 422,
};
