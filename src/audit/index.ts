/** The audit trail's public surface: other domains and interfaces import only from here. */

export type { Actor } from './actor.ts';
export { accountActor, cliActor, credentialActor, isActor, SYSTEM_ACTOR } from './actor.ts';
export type { AuditFailure } from './audit.failures.ts';
export type { HashedFields } from './audit.hash.ts';
export { auditEntryHash, GENESIS_HASH } from './audit.hash.ts';
export type { AuditEntry } from './audit.repository.ts';
export type { AuditAnchor, AuditEntryInput, AuditProblem, AuditVerification } from './audit.service.ts';
export {
  appendAudit,
  appendAuditBatch,
  auditEntriesAfter,
  auditHead,
  listAuditEntries,
  lockAuditTrail,
  verifyAuditChain,
} from './audit.service.ts';
export type { JsonValue } from './canonical.ts';
export { canonicalJson, toAuditJson } from './canonical.ts';
