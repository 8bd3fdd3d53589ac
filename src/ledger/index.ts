/** The ledger's public surface: other domains and interfaces import only from here (ADR 0006). */

export type { GroupCommitOptions } from './group-commit.ts';
export { GroupCommitQueueFull, GroupCommitter } from './group-commit.ts';
export type { CheckLedgerOptions, LedgerCheck, LedgerCheckpointSummary } from './ledger.checkpoint.ts';
export { checkLedger } from './ledger.checkpoint.ts';
export type { LedgerFailure } from './ledger.failures.ts';
export {
  isAccountCode,
  isTransferCode,
  isTransferId,
} from './ledger.formats.ts';
export type {
  CodeTotal,
  StatementEntry,
  StatementOptions,
  StatementPage,
  TotalsOptions,
} from './ledger.queries.ts';
export {
  accountStatement,
  availableBalancesSql,
  balanceAt,
  expiredPendingTransfers,
  totalsByCode,
} from './ledger.queries.ts';
export {
  createAccounts,
  createLedger,
  createTransfers,
  ensureAccounts,
  getAccounts,
  getAccountsByCode,
  getTransfers,
  reversalOf,
} from './ledger.service.ts';
export type {
  Account,
  AccountInput,
  AccountKind,
  AccountRefusal,
  Balances,
  CreateAccountResult,
  CreateTransferResult,
  LedgerDefinition,
  PendingTransferInput,
  ResolvePendingTransferInput,
  SinglePhaseTransferInput,
  Transfer,
  TransferConflict,
  TransferInput,
  TransferKind,
  TransferRefusal,
  TransferResultCode,
} from './ledger.types.ts';
export { BOB_LEDGER, MAX_ACCOUNTS_PER_BATCH, MAX_TRANSFERS_PER_BATCH } from './ledger.types.ts';
export type { LedgerProblem, LedgerTotals, LedgerVerification } from './ledger.verify.ts';
export { verifyLedger } from './ledger.verify.ts';
export type { RetryOptions } from './retry.ts';
export { isRetryableTransactionError, transactionWithRetry } from './retry.ts';
export { LedgerRaceError } from './transfer-engine.ts';
