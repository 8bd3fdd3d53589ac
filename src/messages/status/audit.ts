import type { AuditFailure } from '../../audit/index.ts';
import type { Statuses } from '../catalogue.ts';

/** The audit trail's failures: bad options are bad input (400); a broken chain is a conflict with what was recorded (409). */
export const AUDIT_STATUS: Statuses<AuditFailure> = {
  bad_anchor: 400,
  bad_count: 400,
  audit_chain_broken: 409,
};
