/** The wealth tax's vocabulary (issue #20): taxpayers, declarations, assessments, payments. */

export type MaritalRegime = 'none' | 'community_property' | 'separate_property';
export const MARITAL_REGIMES: readonly MaritalRegime[] = ['none', 'community_property', 'separate_property'];

/** A taxpayer of the IGF. */
export interface Taxpayer {
  id: bigint;
  nit: string;
  fullName: string;
  /** The registry person (a Bolivian CI), or null for a non-resident known by passport. */
  personId: bigint | null;
  passportNumber: string | null;
  passportCountry: string | null;
  departmentCode: number;
  maritalRegime: MaritalRegime;
  spouseTaxpayerId: bigint | null;
}

/** One version of a sworn declaration (1 = the original, later ones rectificatorias). */
export interface DeclarationVersion {
  id: bigint;
  taxpayerId: bigint;
  fortuneYear: number;
  version: number;
  filedOn: string;
  /** The declaration as the rules read it (igf.ts DeclarationInput), items in their currency. */
  content: Record<string, unknown>;
  reason: string | null;
  filedBy: string;
  filedAt: Date;
}

/** The assessment of one declaration version. */
export interface Assessment {
  declarationId: bigint;
  taxpayerId: bigint;
  fortuneYear: number;
  assessedOn: string;
  resident: boolean;
  netFortuneCentavos: bigint;
  taxCentavos: bigint;
  rateBasisPoints: number | null;
  deadline: string;
  transferId: string | null;
}

export type PaymentCurrency = 'BOB' | 'USD';

/** A payment received. */
export interface Payment {
  id: string;
  taxpayerId: bigint;
  fortuneYear: number;
  paidOn: string;
  currency: PaymentCurrency;
  amountMinor: bigint;
  rateHundredThousandths: bigint;
  amountCentavos: bigint;
}

export type ChargeKind = 'updating' | 'interest' | 'fine' | 'refund' | 'carried_forward' | 'carried_in';

/** A charge after the deadline, or a settlement of an over-payment. */
export interface Charge {
  transferId: string;
  kind: ChargeKind;
  onDay: string;
  amountCentavos: bigint;
  /** The ledger transfer that reversed it (late charges recomputed after an amendment), or null. */
  reversedBy?: string | null;
}

/** The format of a file of declarations to import. */
export type ImportFormat = 'csv' | 'json';

/** One refused line. `reason` is a failure code, with the field or line it names. */
export interface ImportReject {
  line: number;
  nit: string | null;
  reason: string;
}

/** What an import did. */
export interface DeclarationImport {
  importId: bigint;
  /** True when the same file was imported before: these are that import's counts. */
  replayed: boolean;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** New declarations and amendments filed (a filing already made with its key is not counted). */
  declarationsFiled: number;
  rejects: ImportReject[];
}

/**
 * A taxpayer's mandate to a representative's own account (its username): from `validFrom` to
 * `validTo` (open-ended when null), granted by a tax officer, revocable (src/wealth-tax/mandate.ts).
 */
export interface Mandate {
  id: bigint;
  taxpayerId: bigint;
  nit: string;
  taxpayerName: string;
  representative: string;
  validFrom: string;
  validTo: string | null;
  grantedBy: string;
  grantedAt: Date;
  revokedBy: string | null;
  revokedAt: Date | null;
  revokedReason: string | null;
}
