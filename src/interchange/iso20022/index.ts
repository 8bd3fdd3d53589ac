/**
 * ISO 20022 interchange with banks: pain.001.001.03 out (account deposits), pain.002 and camt.054
 * back (statuses and account entries), XSD validation, and the texts of reason codes. A library
 * with no database and no clock; see docs/adr/0005-iso20022.md for the decisions behind it.
 *
 * @example
 *   import { writePain001File, validateXmlFile, resolvePain002 } from '../interchange/iso20022/index.ts';
 */

export {
  type Camt054Record,
  type Camt054Report,
  type CamtEntry,
  type CamtNotification,
  type CamtTotals,
  type CamtTransactionDetails,
  readCamt054File,
  streamCamt054,
} from './camt054.reader.ts';
export type {
  InvalidValueField,
  Iso20022Failure,
  Pain001TotalsFailure,
  Pain002OnlyFailure,
  SchemaNotFound,
  XsdOnlyFailure,
} from './iso20022.failures.ts';
export {
  PAIN001_NAMESPACE,
  Pain001BatchRenderer,
  type Pain001CreditorAgent,
  type Pain001CreditTransfer,
  type Pain001Debtor,
  type Pain001Failure,
  type Pain001FileSpec,
  type Pain001Issue,
  type Pain001Transaction,
  type Pain001Written,
  type PreparedCreditTransfer,
  prepareCreditTransfer,
  type RenderedPain001Batch,
  renderPain001Batch,
  type TransactionProblem,
  type TransactionSource,
  type WritePain001Options,
  writePain001File,
} from './pain001.writer.ts';
export {
  type Pain002Group,
  type Pain002Payment,
  type Pain002Record,
  type Pain002Report,
  type Pain002Transaction,
  readPain002File,
  type StatusReason,
  streamPain002,
} from './pain002.reader.ts';
export {
  classifyStatus,
  type OriginalPain001,
  type Pain002Resolution,
  type Pain002ResolutionFailure,
  type ResolutionNote,
  type ResolvePain002Options,
  resolvePain002,
  type StatusLevel,
  type StatusMeaning,
  type TransactionOutcome,
  type TransactionState,
} from './pain002.resolve.ts';
export {
  describeReason,
  isReasonCode,
  isStatusCode,
  knownReasonCodes,
  type ReasonCode,
  type ReasonParty,
  type ReasonText,
  STATUS_CODES,
  type StatusCode,
} from './reason-codes.ts';
export {
  cleanText,
  formatAmountCentavos,
  identifierProblem,
  parseAmountCentavos,
  type TextMode,
  toBasicLatin,
} from './text.ts';
export {
  identifyMessage,
  type MessageIdentity,
  type ReadFailure,
  type ReadWarning,
  type Streamed,
} from './xml.reader.ts';
export {
  findSchema,
  schemaFileInArea,
  validateIso20022File,
  validateXmlFile,
  validateXmlFiles,
  type XsdFailure,
  type XsdIssue,
  type XsdOptions,
  type XsdValid,
} from './xsd.ts';
