/**
 * The ISO 20022 status reason codes (ExternalStatusReason1Code, also used as return reasons in
 * camt.054 RtrInf) that banks give when a deposit is rejected or returned, and the status codes
 * themselves: codes and who must act, as data. Their words, Spanish and English, live in the
 * catalogues (src/messages/{es,en}/reason-codes.ts, typed by code: a code without words fails the
 * typecheck), worded by reasonInWords / statusInWords / reasonLine in src/messages.
 *
 * `party` says who must act: the beneficiary's account data (the person may collect at a bank
 * counter instead, or correct the account), ayni's file (a fix and a new file), the ministry's
 * funding, the banks, or nobody (the person died: MD07).
 */

/** Who must act on a rejection. */
export type ReasonParty = 'beneficiary_account' | 'file' | 'funding' | 'bank' | 'deceased' | 'unspecified';

export interface ReasonText {
  /** ISO 20022 name of the code, e.g. 'ClosedAccountNumber'. */
  iso: string;
  party: ReasonParty;
}

const REASONS = {
  AC01: { iso: 'IncorrectAccountNumber', party: 'beneficiary_account' },
  AC02: { iso: 'InvalidDebtorAccountNumber', party: 'file' },
  AC03: { iso: 'InvalidCreditorAccountNumber', party: 'beneficiary_account' },
  AC04: { iso: 'ClosedAccountNumber', party: 'beneficiary_account' },
  AC05: { iso: 'ClosedDebtorAccountNumber', party: 'funding' },
  AC06: { iso: 'BlockedAccount', party: 'beneficiary_account' },
  AC07: { iso: 'ClosedCreditorAccountNumber', party: 'beneficiary_account' },
  AC13: { iso: 'InvalidDebtorAccountType', party: 'file' },
  AC14: { iso: 'InvalidAgent', party: 'bank' },
  AC15: { iso: 'AccountDetailsChanged', party: 'beneficiary_account' },
  AG01: { iso: 'TransactionForbidden', party: 'beneficiary_account' },
  AG02: { iso: 'InvalidBankOperationCode', party: 'file' },
  AG03: { iso: 'TransactionNotSupported', party: 'bank' },
  AM01: { iso: 'ZeroAmount', party: 'file' },
  AM02: { iso: 'NotAllowedAmount', party: 'file' },
  AM03: { iso: 'NotAllowedCurrency', party: 'file' },
  AM04: { iso: 'InsufficientFunds', party: 'funding' },
  AM05: { iso: 'Duplication', party: 'file' },
  AM06: { iso: 'TooLowAmount', party: 'file' },
  AM07: { iso: 'BlockedAmount', party: 'beneficiary_account' },
  AM09: { iso: 'WrongAmount', party: 'file' },
  AM10: { iso: 'InvalidControlSum', party: 'file' },
  BE01: { iso: 'InconsistentWithEndCustomer', party: 'beneficiary_account' },
  BE04: { iso: 'MissingCreditorAddress', party: 'file' },
  BE05: { iso: 'UnrecognisedInitiatingParty', party: 'file' },
  BE06: { iso: 'UnknownEndCustomer', party: 'beneficiary_account' },
  BE07: { iso: 'MissingDebtorAddress', party: 'file' },
  CNOR: { iso: 'CreditorBankIsNotRegistered', party: 'bank' },
  CURR: { iso: 'IncorrectCurrency', party: 'file' },
  CUST: { iso: 'RequestedByCustomer', party: 'beneficiary_account' },
  DNOR: { iso: 'DebtorBankIsNotRegistered', party: 'bank' },
  DT01: { iso: 'InvalidDate', party: 'file' },
  DU01: { iso: 'DuplicateMessageID', party: 'file' },
  DU02: { iso: 'DuplicatePaymentInformationID', party: 'file' },
  DU03: { iso: 'DuplicateTransaction', party: 'file' },
  DU04: { iso: 'DuplicateEndToEndID', party: 'file' },
  DU05: { iso: 'DuplicateInstructionID', party: 'file' },
  ED05: { iso: 'SettlementFailed', party: 'bank' },
  FF01: { iso: 'InvalidFileFormat', party: 'file' },
  FF02: { iso: 'SyntaxError', party: 'file' },
  FF03: { iso: 'InvalidPaymentTypeInformation', party: 'file' },
  FF06: { iso: 'InvalidCategoryPurposeCode', party: 'file' },
  MD07: { iso: 'EndCustomerDeceased', party: 'deceased' },
  MS02: { iso: 'NotSpecifiedReasonCustomerGenerated', party: 'beneficiary_account' },
  MS03: { iso: 'NotSpecifiedReasonAgentGenerated', party: 'bank' },
  NARR: { iso: 'Narrative', party: 'unspecified' },
  RC01: { iso: 'BankIdentifierIncorrect', party: 'file' },
  RR01: { iso: 'MissingDebtorAccountOrIdentification', party: 'file' },
  RR02: { iso: 'MissingDebtorNameOrAddress', party: 'file' },
  RR03: { iso: 'MissingCreditorNameOrAddress', party: 'file' },
  RR04: { iso: 'RegulatoryReason', party: 'bank' },
  TM01: { iso: 'CutOffTime', party: 'bank' },
} as const satisfies Readonly<Record<string, ReasonText>>;

/** A reason code in the dictionary. */
export type ReasonCode = keyof typeof REASONS;

/** The status codes of pain.002 and camt.054 (GrpSts, PmtInfSts, TxSts) ayni words. */
export const STATUS_CODES = [
  'ACCC',
  'ACCP',
  'ACSC',
  'ACSP',
  'ACTC',
  'ACWC',
  'ACWP',
  'BLCK',
  'CANC',
  'PART',
  'PDNG',
  'RCVD',
  'RJCT',
] as const;

/** A status code in the dictionary. */
export type StatusCode = (typeof STATUS_CODES)[number];

/** @example isReasonCode('AC04') // true; isReasonCode('ZZ99') // false */
export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASONS, code);
}

/** @example isStatusCode('RJCT') // true */
export function isStatusCode(code: string): code is StatusCode {
  return (STATUS_CODES as readonly string[]).includes(code);
}

/**
 * The ISO name of a reason code and who must act, or undefined for a code not in the dictionary
 * (show the code and the bank's AddtlInf then).
 *
 * @example describeReason('AC04')?.party // 'beneficiary_account'
 */
export function describeReason(code: string): ReasonText | undefined {
  return isReasonCode(code) ? REASONS[code] : undefined;
}

/** Every reason code in the dictionary, for listings and tests. @example knownReasonCodes()[0] // 'AC01' */
export function knownReasonCodes(): ReasonCode[] {
  return (Object.keys(REASONS) as ReasonCode[]).sort();
}
