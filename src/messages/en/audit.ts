import type { AuditFailure } from '../../audit/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The audit trail's failures in English (statuses: ../status/audit.ts). */
export const AUDIT_EN: Catalogue<AuditFailure> = {
  bad_anchor: {
    title: '--anchor must be SEQ:HASH, as printed by an earlier verify.',
    detail: (f) => `--anchor "${f.value}" must be SEQ:HASH, as printed by an earlier verify.`,
  },
  bad_count: { title: '--last must be a whole number from 1 to 100000.' },
  audit_chain_broken: {
    title: 'The audit trail is broken.',
    detail: (f) =>
      `audit trail BROKEN (${f.kind}) — ${f.description} ${f.entriesChecked} entries before it verified.`,
  },
};
