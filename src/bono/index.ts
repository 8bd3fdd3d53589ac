/**
 * The Bono Contra el Hambre in operation: frozen rounds with maker-checker approval, counter
 * payouts through the bank API, deposits in ISO 20022, reconciliation, expiry, grievances and the
 * citizen's status. Interfaces (CLI, HTTP, pages) import only from here. See docs/bono.md.
 */

export type { BankLookupCounters, LookupPlace, LookupRefusal } from './bank-lookup-limit.ts';
export { BankLookupLimit, budgetShare, recordCredentialLimited } from './bank-lookup-limit.ts';
export type { BonoAccounts } from './bono.accounts.ts';
export {
  ensureBonoAccounts,
  fundingAccountCode,
  PAYABLE_ACCOUNT,
  paidAccountCode,
  personPaymentKey,
} from './bono.accounts.ts';
export type {
  BonoApiFailure,
  BonoFailure,
  PayoutFailure,
  PayoutRefused,
  ReversalFailure,
} from './bono.failures.ts';
export type * from './bono.types.ts';
export type {
  DepositExportFailure,
  DepositFailure,
  DepositOperation,
  DepositTimeInvalid,
  RoundNotApprovedForDeposits,
  StatusFileUnreadable,
  StatusImportFailure,
} from './deposit.failures.ts';
export { exportDeposits } from './deposit-export.ts';
export type {
  DepositExportProgress,
  DepositSkipReason,
  ExportDepositsInput,
  ExportDepositsResult,
  ExportedDepositFile,
} from './deposit-export.types.ts';
export { depositEndToEndId, depositTransferId } from './deposit-ids.ts';
export type { ExpiredRound, UnclaimedRow } from './expiry.ts';
export { expireRound, unclaimedReport } from './expiry.ts';
export type {
  GrievanceFailure,
  GrievanceNoteKind,
  GrievancePersonInvalid,
  GrievanceRoundNotApproved,
  GrievanceStep,
  GrievanceStepRefused,
} from './grievance.failures.ts';
export type {
  DecisionResult,
  Grievance,
  GrievanceEvent,
  GrievanceOutcome,
  PersonEntitlement,
  RegistryPerson,
  StepInput,
} from './grievance.types.ts';
export type {
  CitizenGrievanceView,
  CitizenNextStep,
  CitizenStep,
  ReevaluationOutcome,
} from './grievance-citizen.ts';
export { grievanceForCitizen } from './grievance-citizen.ts';
export type { PersonCorrection } from './grievance-correction.ts';
export type { GrievanceDetail } from './grievance-detail.ts';
export { grievanceDetail } from './grievance-detail.ts';
export type { FileGrievanceInput, GrievanceFiled } from './grievance-filing.ts';
export { admitCitizenFiling, CITIZEN_FILINGS_PER_HOUR, fileGrievance } from './grievance-filing.ts';
export type { GrievanceQueueRow, GrievanceStats } from './grievance-queue.ts';
export { grievanceStats, listGrievances } from './grievance-queue.ts';
export { retrySupplementaryRound } from './grievance-reevaluation.ts';
export { normaliseReference } from './grievance-reference.ts';
export type { GrievanceTrace } from './grievance-trace.ts';
export type { DecideGrievanceInput } from './grievance-workflow.ts';
export {
  addGrievanceNote,
  decideGrievance,
  linkGrievancePerson,
  resolveGrievance,
  startReview,
} from './grievance-workflow.ts';
export type { DepositFileRecord, StatusImportRecord } from './office-overview.repository.ts';
export {
  depositFile,
  depositFilesOf,
  listStatusImports,
  rejectionsOf,
  STATUS_IMPORTS_PAGE,
  statusImportById,
} from './office-overview.repository.ts';
export { depositDebtor, enabledBanks, fundingLines, splitByShares } from './operations.ts';
export type { PayoutDeskOptions, PayResult } from './payout-desk.ts';
export { PayoutDesk } from './payout-desk.ts';
export { counterTransferId } from './payout-ids.ts';
export type { ReverseRequest } from './payout-reversal.ts';
export { reversePayout } from './payout-reversal.ts';
export { standingOf } from './payout-standing.ts';
export { verifyForBank } from './payout-verification.ts';
export type {
  BankStatus,
  ImportStatusInput,
  ImportStatusProgress,
  ImportStatusResult,
  StatusConflict,
  StatusNote,
  UnmatchedReason,
} from './reconcile.ts';
export { importStatus, UNMATCHED_REASONS } from './reconcile.ts';
export type {
  RoundCreationRunning,
  RoundDecision,
  RoundDecisionFailure,
  RoundExpiryFailure,
  RoundFailure,
  RoundFreezeFailure,
  RoundNotApprovedForExpiry,
  RoundNotFound,
  RoundRejectionReasonRequired,
} from './round.failures.ts';
export { getRound, listRounds } from './round.service.ts';
export type { DecideRoundInput } from './round-approval.ts';
export { approveRound, rejectRound } from './round-approval.ts';
export type { CreateRoundInput } from './round-freeze.ts';
export { createRound } from './round-freeze.ts';
export type { RoundProgress } from './round-progress.ts';
export { roundProgress } from './round-progress.ts';
export type { Replay } from './round-replay.ts';
export { replayRound } from './round-replay.ts';
export type { CitizenStatus, LookupLimits } from './status.ts';
export { citizenStatus, DEFAULT_LOOKUP_LIMITS } from './status.ts';
export { existingUnmatchedList } from './unmatched-list.ts';
