import type { Actor } from '../audit/index.ts';
import type { IsoDate } from '../shared/dates.ts';

/**
 * The vocabulary of Bono operations: rounds, entitlements, payments, deposits, grievances and the
 * citizen's status. Amounts are integer centavos (`bigint`); dates are ISO dates in Bolivia's
 * calendar; instants are `Date`s passed in by the caller (nothing in src/bono reads the clock).
 */

/** The person a citizen or a bank names: CI number, complemento ('' when none), date of birth. */
export interface PersonTriple {
  ciNumber: string;
  complemento: string;
  dateOfBirth: IsoDate;
}

export type RoundStatus = 'frozen' | 'approved' | 'rejected' | 'expired';
export type RoundKind = 'regular' | 'supplementary';
export type Channel = 'counter' | 'deposit';

/** Count and amount of one cell of a round's control totals. */
export interface ControlCell {
  departmentCode: number;
  band: string;
  channel: Channel;
  count: number;
  amountCentavos: bigint;
}

/** What the round read: enough to replay it and to show what it stands on. */
export interface RegistryState {
  /** Highest completed person import id when the round was frozen. */
  personImportId: number | null;
  /** Source list name → import id in force. */
  sourceLists: Record<string, number>;
  /** Count of persons in the registry when frozen. */
  persons: number;
}

export interface Round {
  id: number;
  kind: RoundKind;
  asOf: IsoDate;
  status: RoundStatus;
  rulesVersion: string;
  parameters: Record<string, unknown>;
  registryState: RegistryState;
  entitlementCount: number;
  totalCentavos: bigint;
  controlTotals: ControlCell[];
  contentHash: string;
  note: string;
  createdBy: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  expiredAt: Date | null;
}

/** A frozen entitlement row (never changes). */
export interface Entitlement {
  roundId: number;
  personId: bigint;
  amountCentavos: bigint;
  departmentCode: number;
  band: string;
  opensOn: IsoDate;
  closesOn: IsoDate;
  deadline: IsoDate;
  channel: Channel;
  bankBic: string | null;
  accountNumber: string | null;
}

/** A recorded payment (counter or deposit). */
export interface Payment {
  id: number;
  personId: bigint;
  roundId: number;
  amountCentavos: bigint;
  channel: Channel;
  bankBic: string;
  paymentPoint: string;
  idempotencyKey: string;
  transferId: string;
  paidAt: Date;
  recordedBy: string;
  reversedAt: Date | null;
  reversalReason: string | null;
}

/**
 * Why a counter may not pay (stable codes; the HTTP API and the CLI give them with a message in
 * Spanish and English). `not_entitled` also answers a triple that names nobody: a bank told the
 * two apart could learn anyone's date of birth by trying dates until the answer changed.
 */
export type PayoutRefusal =
  | 'not_entitled'
  | 'round_not_approved'
  | 'window_not_open'
  | 'collection_period_over'
  | 'already_paid'
  | 'deposit_in_progress'
  | 'idempotency_key_reused'
  | 'bank_unknown'
  | 'busy';

/** What `verify` answers a bank. */
export interface VerifyResult {
  eligible: boolean;
  /** Why not, when not eligible or not payable today. */
  refusal: PayoutRefusal | null;
  amountCentavos: bigint | null;
  roundId: number | null;
  band: string | null;
  windowOpensOn: IsoDate | null;
  windowClosesOn: IsoDate | null;
  deadline: IsoDate | null;
  /** Whether a counter may pay today. */
  payableNow: boolean;
  alreadyPaid: { paidAt: Date; bankBic: string; paymentPoint: string; channel: Channel } | null;
}

export interface PayRequest {
  bankBic: string;
  idempotencyKey: string;
  person: PersonTriple;
  paymentPoint: string;
  /** When the counter paid (the bank's clock, checked against the server's). */
  at: Date;
  actor: Actor;
}

/**
 * A counter payout the desk recorded: now (`paid`), or before, and this is a retry of it
 * (`already_recorded`, the same payment). A refusal is a failure (`PayoutRefused`, bono.failures.ts).
 */
export interface PayoutRecorded {
  result: 'paid' | 'already_recorded';
  payment: Payment;
}

export type GrievanceKind = 'not_listed' | 'wrong_data' | 'paid_not_received';
export type GrievanceStatus = 'open' | 'in_review' | 'approved' | 'rejected' | 'resolved';
