import type { Actor } from '../audit/index.ts';
import type { Pain001Debtor } from '../interchange/iso20022/index.ts';
import type { BonoAccounts } from './bono.accounts.ts';

/**
 * What the deposit export (deposit-export.ts) is given and answers, and the settings its pages
 * (deposit-export-page.ts) and file writing (deposit-file.ts) share: apart, so that those modules
 * need not import the export that calls them.
 */

/** Why a deposit entitlement was not sent now. */
export type DepositSkipReason =
  /** Paid already (at a counter, or by an accepted deposit). */
  | 'already_paid'
  /** A deposit is at the bank (sent, awaiting its answer). */
  | 'deposit_open'
  /** The collection period ended before the export day. */
  | 'collection_period_over'
  /** The person's bank is not enabled to pay the bono on the export day. */
  | 'bank_not_enabled'
  /** A bank rejected the account itself (closed, wrong number, blocked …): the person collects at a counter. */
  | 'account_rejected'
  /** A bank said the holder died (MD07). */
  | 'beneficiary_deceased'
  /** The entitlement names a person no longer in the registry. */
  | 'person_missing'
  /** Name, account or CI cannot be written in a pain.001 (e.g. no printable character). */
  | 'account_data_invalid'
  /** Paid at a counter (or otherwise holding the payment key) between the count and the reservation. */
  | 'paid_meanwhile';

export interface DepositExportProgress {
  phase: 'recovering' | 'counting' | 'reserving' | 'validating' | 'done';
  /** Deposit entitlements examined so far — sent or skipped — (reserving), or files handled. */
  done: number;
  /** The round's deposit entitlements (reserving), or files to handle. */
  total: number;
  bankBic?: string;
}

export interface ExportDepositsInput {
  roundId: number;
  /** Folder the files are written to (created if missing). */
  outDir: string;
  /** The export's time: its day decides who is still within the collection period. */
  at: Date;
  actor: Actor;
  /** The ministry's paying account; the parameter bono_deposit_debtor in force when omitted. */
  debtor?: Pain001Debtor;
  /**
   * The pain.001.001.03 XSD, or a folder of ISO 20022 schemas holding `pain/pain.001.001.03.xsd`
   * (e.g. schemas/iso20022, vendored with ayni: the CLI and the back office pass it unless
   * AYNI_ISO20022_SCHEMAS names another). Each file is validated before it is recorded and
   * renamed into place; an invalid file is an error. Omitted: not validated (validating holds
   * about three times the file in memory).
   */
  schemaPath?: string;
  /** Deposits per page (one transaction), 1–50,000 (default 16,000). */
  batchSize?: number;
  onProgress?: (progress: DepositExportProgress) => void;
}

export interface ExportedDepositFile {
  fileId: number;
  bankBic: string;
  /** Where the file is (outDir/file name). */
  path: string;
  messageId: string;
  paymentInformationId: string;
  nbOfTxs: number;
  ctrlSumCentavos: bigint;
  sha256: string;
  sizeBytes: number;
  /** Validated against the XSD given as schemaPath. */
  validated: boolean;
  /** Written again from its deposit rows: a file an earlier, interrupted export had reserved. */
  recovered: boolean;
}

export interface ExportDepositsResult {
  roundId: number;
  files: ExportedDepositFile[];
  /** Deposits in this export's files (recovered files included). */
  sent: number;
  sentCentavos: bigint;
  /** Deposit entitlements not sent now, by reason. */
  skipped: Record<DepositSkipReason, number>;
}

/** The settings of one export run, fixed before its first page. */
export interface ExportContext {
  /** Deposits per page (one transaction). */
  batchSize: number;
  /** The pain.001.001.03 XSD each file is validated against; undefined: not validated. */
  xsdPath: string | undefined;
  accounts: BonoAccounts;
}
