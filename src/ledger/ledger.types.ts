/**
 * The ledger's vocabulary: ledgers (units of account), accounts, transfers and the result codes of
 * creating them. Amounts are integers in the ledger's unit (centavos on `BOB`, doses on a doses
 * ledger) held in `bigint`; the field is called `amount` because the unit belongs to the ledger.
 */

/** A unit of account. Transfers only move amounts between accounts of the same ledger. */
export interface LedgerDefinition {
  /** `BOB`, or e.g. `vaccine_doses`. */
  code: string;
  /** The unit amounts are counted in: `centavo`, `dose`. */
  unit: string;
  /** Decimal places between the unit and what people read: 2 for centavos → bolivianos, 0 for doses. */
  scale: number;
  name: string;
}

/** The code of the ledger of Bolivianos, counted in centavos (created by the migration). */
export const BOB_LEDGER = 'BOB';

/**
 * What an account stands for; it tells a reader which side is its normal balance (debit for
 * assets and expenses, credit for liabilities, equity and income). The ledger does not use it.
 */
export type AccountKind = 'asset' | 'liability' | 'equity' | 'income' | 'expense';
export const ACCOUNT_KINDS: readonly AccountKind[] = ['asset', 'liability', 'equity', 'income', 'expense'];

/** What a caller gives to open an account. */
export interface AccountInput {
  /** Unique, `namespace:part:part`, e.g. `funding:ibrd-9115-bo`, `bono:paid:BUNIBOLX`. */
  code: string;
  ledger: string;
  kind: AccountKind;
  name?: string;
  /**
   * Refuse any transfer that would leave debits (posted + pending) above posted credits: an
   * allocation cannot pay out more than was put into it (`bono:entitlements-payable`).
   */
  debitsMustNotExceedCredits?: boolean;
  /** The mirror image: credits (posted + pending) never above posted debits. */
  creditsMustNotExceedDebits?: boolean;
  /** When the account was opened, as the caller's clock says. */
  createdAt: Date;
}

/** An account as stored, with its balances in the ledger's unit. */
export interface Account {
  id: bigint;
  code: string;
  ledger: string;
  kind: AccountKind;
  name: string;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
  createdAt: Date;
}

export type AccountRefusal =
  | 'code_invalid'
  | 'ledger_not_found'
  | 'kind_invalid'
  | 'name_invalid'
  | 'timestamp_invalid'
  | 'flags_are_mutually_exclusive';

export type CreateAccountResult =
  | { result: 'ok' | 'exists'; account: Account }
  | { result: 'exists_with_different_fields'; conflicting: Account }
  | { result: AccountRefusal };

/**
 * How a transfer moves its amount:
 * - `single_phase`: posted at once;
 * - `pending`: reserved in both accounts' pending balances until posted or voided (a deposit in
 *   flight between the export file and the bank's reply);
 * - `post_pending`: posts a pending transfer (the bank accepted the deposit);
 * - `void_pending`: releases a pending transfer (the bank rejected it).
 */
export type TransferKind = 'single_phase' | 'pending' | 'post_pending' | 'void_pending';
export const TRANSFER_KINDS: readonly TransferKind[] = [
  'single_phase',
  'pending',
  'post_pending',
  'void_pending',
];

/** Fields every transfer input has. */
interface TransferInputBase {
  /**
   * Chosen by the caller and reused when it retries, so a retry is recognised and never applied
   * twice: a deterministic business key (`payout:<round>:<person>`) or a UUID. 1–128 characters
   * from `A–Z a–z 0–9 : . _ - / @`, starting with a letter or digit.
   */
  id: string;
  /** Why the money moved: `bono.payout`, `bono.expiry`, `bono.payout_reversal` (lower case, dotted). */
  code: string;
  /** When the movement happened, as the caller's clock says. Not compared on a retry. */
  occurredAt: Date;
  /** The person concerned; the column the table would be distributed by on Citus. */
  personId?: bigint;
  /** The caller's numeric reference, e.g. the round id. */
  userData64?: bigint;
  /** The caller's text reference, e.g. a bank's BIC or an ISO 20022 EndToEndId (≤ 128 characters). */
  userDataText?: string;
  /**
   * Links this transfer to the next one in the batch: a chain of linked transfers (ending with the
   * first one not linked) is applied all together or not at all.
   */
  linked?: boolean;
}

/** A transfer posted at once; with `reversesId` it is the correction of an earlier transfer. */
export interface SinglePhaseTransferInput extends TransferInputBase {
  kind?: 'single_phase';
  debitAccountId: bigint;
  creditAccountId: bigint;
  /** In the ledger's unit, > 0. */
  amount: bigint;
  /** The ledger of both accounts, stated so that a mix-up is refused rather than booked. */
  ledger: string;
  /** At most one live transfer holds a key; see ledger_unique_key. */
  uniqueKey?: string;
  /** The transfer this one reverses: accounts swapped, same amount (see `reversalOf`). */
  reversesId?: string;
}

/** A two-phase transfer's first phase. */
export interface PendingTransferInput extends TransferInputBase {
  kind: 'pending';
  debitAccountId: bigint;
  creditAccountId: bigint;
  amount: bigint;
  ledger: string;
  uniqueKey?: string;
  /** After this instant the transfer can no longer be posted (it can still be voided). */
  expiresAt?: Date;
}

/**
 * Posts or voids a pending transfer. Accounts, amount and ledger are taken from the pending
 * transfer; when given, they must match it.
 */
export interface ResolvePendingTransferInput extends TransferInputBase {
  kind: 'post_pending' | 'void_pending';
  pendingId: string;
  debitAccountId?: bigint;
  creditAccountId?: bigint;
  amount?: bigint;
  ledger?: string;
}

export type TransferInput = SinglePhaseTransferInput | PendingTransferInput | ResolvePendingTransferInput;

/** A transfer as recorded. It never changes. */
export interface Transfer {
  id: string;
  /** The order in which transfers were recorded (assigned by the database). */
  seq: bigint;
  kind: TransferKind;
  debitAccountId: bigint;
  creditAccountId: bigint;
  amount: bigint;
  ledger: string;
  code: string;
  pendingId: string | null;
  reversesId: string | null;
  expiresAt: Date | null;
  uniqueKey: string | null;
  personId: bigint | null;
  userData64: bigint | null;
  userDataText: string | null;
  occurredAt: Date;
}

/** Refusals that name no other transfer. */
export type TransferRefusal =
  | 'linked_event_failed'
  | 'linked_event_chain_open'
  /**
   * The transfer conflicts with an earlier one of its own linked chain (the same id with other
   * fields, the same unique key, a second post or void of one pending transfer, a second reversal),
   * which the chain's failure undid as well.
   */
  | 'conflicts_with_linked_event'
  | 'id_invalid'
  | 'kind_invalid'
  | 'code_invalid'
  | 'timestamp_invalid'
  | 'amount_must_not_be_zero'
  | 'amount_out_of_range'
  | 'accounts_must_be_different'
  | 'unique_key_invalid'
  | 'user_data_invalid'
  | 'expires_at_must_follow_timestamp'
  | 'pending_id_invalid'
  | 'pending_id_must_be_different'
  | 'reverses_id_invalid'
  | 'reverses_id_must_be_different'
  | 'debit_account_not_found'
  | 'credit_account_not_found'
  | 'accounts_must_have_the_same_ledger'
  | 'ledger_mismatch'
  | 'overflows_debits'
  | 'overflows_credits'
  | 'exceeds_credits'
  | 'exceeds_debits'
  | 'pending_transfer_not_found'
  | 'pending_transfer_not_pending'
  | 'pending_transfer_has_different_accounts'
  | 'pending_transfer_has_different_ledger'
  | 'pending_transfer_has_different_amount'
  | 'pending_transfer_expired'
  | 'timestamp_precedes_pending_transfer'
  | 'reversed_transfer_not_found'
  | 'reversed_transfer_not_reversible'
  | 'reversal_must_mirror_reversed_transfer'
  | 'timestamp_precedes_reversed_transfer';

/** Refusals caused by a transfer already recorded, which the result carries as `conflicting`. */
export type TransferConflict =
  /** The id is taken by a transfer with other fields: the caller reused an id for something else. */
  | 'exists_with_different_fields'
  /** The unique key is held by another live transfer (the person was already paid). */
  | 'unique_key_exists'
  | 'pending_transfer_already_posted'
  | 'pending_transfer_already_voided'
  | 'transfer_already_reversed';

/**
 * One result per transfer, in the order given. `ok`: recorded now. `exists`: recorded before with
 * the same fields (an idempotent retry) — `transfer` is the original, with its original time.
 */
export type CreateTransferResult =
  | { result: 'ok' | 'exists'; transfer: Transfer }
  | { result: TransferConflict; conflicting: Transfer }
  | { result: TransferRefusal };

export type TransferResultCode = CreateTransferResult['result'];

/** The four balances of an account, in the ledger's unit. */
export interface Balances {
  debitsPending: bigint;
  debitsPosted: bigint;
  creditsPending: bigint;
  creditsPosted: bigint;
}

/** Most transfers one call accepts: a batch is one transaction, and a bounded one. */
export const MAX_TRANSFERS_PER_BATCH = 8_000;
/** Most accounts one call accepts. */
export const MAX_ACCOUNTS_PER_BATCH = 8_000;
/** The largest value a PostgreSQL `bigint` holds: no amount or balance may exceed it. */
export const INT8_MAX = 9_223_372_036_854_775_807n;
