import type { AuditProblem } from './audit.service.ts';

/**
 * The audit trail's expected failures, as values (docs/adr/0009-one-failure-model.md), as `ayni
 * audit` meets them; their words are in src/messages ({status,es,en}/audit.ts).
 *
 * @example const failure: AuditFailure = { code: 'bad_count' };
 */
export type AuditFailure =
  /** An `--anchor` that is not SEQ:HASH as a verification prints it; `value` as typed. */
  | { readonly code: 'bad_anchor'; readonly value: string }
  /** `--last` is not a whole number from 1 to 100000. */
  | { readonly code: 'bad_count' }
  /**
   * The verification found the chain broken at entry `seq`: the problem's `kind` and its
   * `description` as the verification reports it (src/audit/audit.service.ts), after
   * `entriesChecked` entries that verified. Counts and sequence numbers are strings: they are
   * bigints.
   */
  | {
      readonly code: 'audit_chain_broken';
      readonly kind: AuditProblem['kind'];
      readonly seq: string;
      readonly description: string;
      readonly entriesChecked: string;
    };
