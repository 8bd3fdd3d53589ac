import type { Pain002ResolutionFailure, ReadFailure, SchemaNotFound } from '../interchange/iso20022/index.ts';
import type { RoundStatus } from './bono.types.ts';
import type { RoundNotFound } from './round.failures.ts';

/**
 * The expected failures of account deposits (docs/adr/0009-one-failure-model.md): exporting a
 * round's deposit files (exportDeposits) and importing a bank's reply (importStatus). A stable
 * code, and the typed fields its words need. Statuses and words are in
 * src/messages/status/bono-deposits.ts and src/messages/<lang>/bono-deposits.ts, except for the
 * codes deposits share with rounds (`round_not_found`, src/bono/round.failures.ts, whose words are
 * the rounds') and with the payout API (`round_not_approved`, whose words are the bono's,
 * src/messages/<lang>/bono.ts, and read these fields) and with the ISO 20022 validator
 * (`schema_not_found`, worded in src/messages/<lang>/iso20022.ts).
 *
 * Who reads them: an officer holding `deposits.manage` (back office, CLI). Paths are the ones the
 * caller gave (the CLI's own folder, or the back office's upload): the pages show only the file's
 * own name (`publicMessage`). An ISO 20022 reader's failure is passed on whole as `cause`, with the
 * interchange's own code, so what the reader said about the file is not lost.
 *
 * @example const failure: DepositFailure = { code: 'deposit_file_unknown', originalMessageId: 'BONO-R1-F7' };
 */
export type DepositFailure = DepositExportFailure | StatusImportFailure;

/** What `time_invalid` was about: the export's time, or the reply's import time. */
export type DepositOperation = 'deposit_export' | 'status_import';

/** Exporting a round's deposit files (exportDeposits), and the back office's queue of exports. */
export type DepositExportFailure =
  | { readonly code: 'batch_size_invalid'; readonly maxBatchSize: number }
  | DepositTimeInvalid
  | RoundNotFound
  | RoundNotApprovedForDeposits
  /** `filePath`: where the file would have been written (the export never replaces a file). */
  | { readonly code: 'deposit_file_exists'; readonly filePath: string }
  /**
   * `schemaPath`, as the caller gave it, holds no pain.001.001.03 XSD (`reason: 'not_at_path'`).
   * The code is the ISO 20022 validator's, so the failure is its type, worded with it.
   */
  | SchemaNotFound
  /** Another export of the round runs (in this process, or another on the database). */
  | { readonly code: 'deposit_export_running'; readonly roundId: number }
  /** The back office runs `running` exports already (of other rounds). */
  | { readonly code: 'deposit_exports_busy'; readonly running: number };

/** A time that is not a date (`new Date('x')`). */
export interface DepositTimeInvalid {
  readonly code: 'time_invalid';
  readonly operation: DepositOperation;
}

/**
 * Deposits are exported only for an approved round. The code is the payout refusal's too
 * (`round_not_approved`): the operation refused tells this one apart.
 */
export interface RoundNotApprovedForDeposits {
  readonly code: 'round_not_approved';
  readonly roundId: number;
  readonly roundStatus: RoundStatus;
  readonly operation: 'deposit_export';
}

/** Importing a bank's pain.002 or camt.054 (importStatus). */
export type StatusImportFailure =
  | DepositTimeInvalid
  | StatusFileUnreadable
  /** Not a pain.002 or camt.054: `messageName` is the message it is (null: no ISO 20022 namespace). */
  | {
      readonly code: 'status_file_unrecognised';
      readonly filePath: string;
      readonly messageName: string | null;
    }
  /** The pain.002 names another original message than the one the officer gave. */
  | {
      readonly code: 'status_file_other_message';
      readonly reportedOriginalMessageId: string;
      readonly givenOriginalMessageId: string;
    }
  /** The pain.002 names no original message, and none was given. */
  | { readonly code: 'status_original_unknown' }
  /** The pain.002 answers a message that is not a deposit file ayni wrote. */
  | { readonly code: 'deposit_file_unknown'; readonly originalMessageId: string }
  /** The pain.002 cannot be applied to the deposit file it answers (the resolution's failure). */
  | {
      readonly code: 'status_file_not_applicable';
      readonly filePath: string;
      readonly cause: Pain002ResolutionFailure;
    };

/**
 * The reply cannot be read: its first bytes (`identify`) or the message as it is streamed
 * (`read`) — with the reader's failure as `cause` —, a pain.002 without its group status
 * (`group_status`), or its bytes for their SHA-256 (`hash`).
 */
export type StatusFileUnreadable =
  | {
      readonly code: 'status_file_unreadable';
      readonly filePath: string;
      readonly stage: 'identify' | 'read';
      readonly cause: ReadFailure;
    }
  | {
      readonly code: 'status_file_unreadable';
      readonly filePath: string;
      readonly stage: 'group_status' | 'hash';
    };
