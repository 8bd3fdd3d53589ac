/** The registry's public surface: other domains and interfaces import only from here. */

export type { Department, Municipality } from './geography/geography.ts';
export { DEPARTMENTS, MUNICIPALITIES, MUNICIPALITY_BY_CODE, syncGeography } from './geography/geography.ts';
// Identity resolution (issue #23): a round asks whether an exclusion list's rows await review.
export type { PendingReview } from './identity/identity.repository.ts';
export { pendingListReviews } from './identity/identity.repository.ts';
// Registry duplicates merged by maker-checker (issue #23).
export type {
  DecideMergeInput,
  DuplicatePair,
  IdentityMerge,
  IdentityMergeDetail,
  MergeGuard,
  MergeOutcome,
  MergeStatus,
  ProposeMergeInput,
  UnmergeInput,
} from './identity/identity-merge.ts';
export {
  comparePersons,
  decideMergeProposal,
  findDuplicates,
  identityMergeDetail,
  listIdentityMerges,
  personIdsMergedInto,
  personsOfPair,
  proposeMerge,
  survivingPersonOf,
  unmerge,
} from './identity/identity-merge.ts';
// An officer's decision on the identity review queue (issue #23).
export type {
  CandidatePerson,
  IdentityReview,
  IdentityReviewDecision,
  IdentityReviewDetail,
  IdentityReviewOutcome,
  ReviewCandidate,
} from './identity/identity-review.ts';
export {
  countWaitingReviews,
  decideIdentityReview,
  identityReviewDetail,
  listsLinkedByReview,
  listWaitingReviews,
} from './identity/identity-review.ts';
export type { IdentityFormat } from './identity.ts';
export { checkIdentity, loadIdentityFormat } from './identity.ts';
export type { ImportSpec } from './import/import.types.ts';
export type { ImportOptions, ImportProgress, ImportSummary } from './import/import-runner.ts';
export { runImport } from './import/import-runner.ts';
export { personImportSpec } from './import/person.import.ts';
export { sourceImportSpec, sourceListImportSpec } from './import/source.import.ts';
export { listFlagsDrift, refreshListFlags } from './list-flags.repository.ts';
export type {
  ListMembership,
  ListValue,
  MembershipRow,
  PersonKey,
  PersonRow,
  RegistryPerson,
} from './person.repository.ts';
export {
  countPersonsWithCi,
  findPersonById,
  findPersonByKey,
  findPersonsByCi,
  listsOfPerson,
  listsOfPersonFromJson,
  listsOfPersonJson,
  listValuesBetween,
  listValuesByName,
  PERSON_COLUMNS,
  personFromRow,
  personsAfter,
  personsWithListsByKeys,
} from './person.repository.ts';
export type {
  CorrectPersonInput,
  PersonCorrection,
  PersonCorrectionFailure,
  PersonCorrectionResult,
  PersonValues,
} from './person-correction.ts';
export { correctPerson, PERSON_CORRECTION_COLUMNS } from './person-correction.ts';
export { PERSON_FILE_HEADER, validatePersonRow } from './person-file.ts';
export { residentPopulation } from './population.repository.ts';
export type {
  IdentityMergeFailure,
  IdentityReviewFailure,
  ImportHeaderMismatch,
  MergeHolding,
  RegistryFailure,
} from './registry.failures.ts';
export type { ImportRunSummary, RegistryCounts, SourceListCount } from './registry.repository.ts';
export { latestImports, registryCounts, sourceListCounts } from './registry.repository.ts';
export type { ImportRunRecord, PersonOverview, SnapshotRecord } from './registry-overview.repository.ts';
export {
  currentSnapshots,
  IMPORT_RUNS_PAGE,
  importRun,
  listImportRuns,
  MAX_PERSONS_PER_SEARCH,
  searchPersonsByCi,
} from './registry-overview.repository.ts';
export type { ListFlags, SourceListDefinition } from './source-lists.ts';
export { SOURCE_LIST_BY_NAME, SOURCE_LISTS, sourceListHeader, validateSourceRow } from './source-lists.ts';
