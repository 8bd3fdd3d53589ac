/**
 * Accountability case files (issue #21): investigations after HURIDOCS' events standard formats,
 * evidence with a hash-chained chain of custody, testimony with protected witnesses, per-team
 * restricted access and analysis. Other domains and interfaces import only from here. Feature
 * map: ./README.md.
 */

export type {
  AnalysedFile,
  Contradiction,
  ContradictionOptions,
  MapPoint,
  Place,
  Presence,
  PresenceRole,
  TimelineEntry,
  VictimCell,
} from './analysis.ts';
export {
  contradictions,
  metresBetween,
  places,
  projectPlaces,
  timeline,
  victimsByEventAndCause,
  whoWasWhere,
} from './analysis.ts';
export type { Capability, CaseReader, Membership } from './case-access.ts';
export { displayName, personView, readerOf, readsFamily, teamRoleCan } from './case-access.ts';
export type { ActInput, CaseFileView, EventInput, PersonInput } from './case-file.ts';
export {
  addAct,
  addEvent,
  addInvolvement,
  addPerson,
  addRelationship,
  myInvestigations,
  openInvestigation,
  protectPerson,
  readCaseFile,
  setTeamMember,
} from './case-file.ts';
export type { CaseImportKind } from './case-import.repository.ts';
export type {
  CaseImportFormat,
  CaseImportOutcome,
  CaseImportRejection,
  CaseImportRejectReason,
} from './case-import.ts';
export {
  EVENT_IMPORT_HEADER,
  importCaseFile,
  importFormatOf,
  MAX_CASE_IMPORT_BYTES,
  mayImportIntoCase,
  PERSON_IMPORT_HEADER,
} from './case-import.ts';
export type { CasesFailure } from './cases.failures.ts';
export * from './cases.types.ts';
export { CUSTODY_GENESIS, custodyEntryHash } from './custody.hash.ts';
export type { CustodyProblem, CustodyVerification } from './custody.ts';
export { verifyCustody } from './custody.ts';
export type { BundleVerification } from './evidence/bundle.ts';
export { verifyBundle, verifyBundleCommand } from './evidence/bundle.ts';
export { EvidenceStore, evidenceStoreFor } from './evidence/store.ts';
export type {
  ImportCounts,
  ImportOptions,
  ImportOutcome,
  ImportRejection,
  ImportRejectReason,
  ImportRow,
} from './evidence-import.ts';
export {
  folderRows,
  IMPORT_GROUP_ROWS,
  importEvidence,
  MANIFEST_HEADER,
  manifestRows,
  WHOLE_READ_BYTES,
} from './evidence-import.ts';
export type {
  CheckedEvidence,
  Collection,
  EvidenceInput,
  RecordedEvidence,
  StoredEvidence,
} from './evidence-items.ts';
export {
  addEvidence,
  checkEvidence,
  custodyLog,
  evidenceItem,
  readEvidence,
  recordCustody,
  recordEvidenceGroup,
  storeEvidence,
  storeEvidenceBatch,
  verifyCaseCustody,
} from './evidence-items.ts';
export type { Finding, FindingInput } from './findings.ts';
export { addFinding } from './findings.ts';
export { normalAlias, setPersonAlias } from './person-aliases.ts';
export type { PublicCase, PublicCaseContent, PublishedCaseEntry } from './publication.ts';
export {
  contentSha256,
  PUBLIC_CASE_FORMAT,
  publicContent,
  publishCaseFile,
  publishedCases,
  readPublicCase,
} from './publication.ts';
export type { ProtectedName } from './redaction.ts';
export { nameRedactor, protectedNames, readerRedactor, redactorFor } from './redaction.ts';
export type { ReportWords } from './report.pdf.ts';
export { renderReportPdf } from './report.pdf.ts';
export type { CaseReport, ReportItem, ReportStatement } from './report.ts';
export { caseReport, exportCaseBundle } from './report.ts';
export { SEED_CASE_CODE, seedCaseFile } from './seed.ts';
export type { StatementInput } from './testimony.ts';
export { addStatement } from './testimony.ts';
export { eventTimeline } from './timeline.ts';
