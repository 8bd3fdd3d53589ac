/**
 * The Impuesto a las Grandes Fortunas in operation (issue #20): the taxpayer register, sworn
 * declarations with amendments, assessment with an explanation, late charges, payments on the
 * ledger and over-payments. Other domains and interfaces import only from here. Feature map:
 * ./README.md.
 */

export type { DeclarationRecord, Filed, FilingInput } from './declaration.ts';
export { evaluateDeclaration, fileDeclaration, readDeclaration } from './declaration.ts';
export { FILING_BATCH, fileDeclarations, fileDeclarationsIn } from './declaration-batch.ts';
export type {
  DeclarationImport,
  ImportFileProblem,
  ImportFormat,
  ImportReject,
} from './declaration-import.ts';
export { DECLARATION_CSV_HEADER, formatOf, importDeclarations } from './declaration-import.ts';
export type { DecisiveLine, Explanation, ExplanationLine, LegalSource } from './explanation.ts';
export { explainAssessment } from './explanation.ts';
export type { LateCharges } from './late-payment.ts';
export { lateCharges, ufvOn } from './late-payment.ts';
export { grantMandate, inForce, mandatedTaxpayers, mandates, revokeMandate } from './mandate.ts';
export type { Notice, NoticeCatalogue, NoticeKind, NoticeWords } from './notice.ts';
export { assessmentNotice, fineNotice, noticeHtml, noticePdf, reminderNotice } from './notice.ts';
export { issueNotice, NOTICE_KINDS } from './notice-service.ts';
export type { Balance, PaymentInput, PaymentRecorded } from './payment.ts';
export { balanceOf, recordPayment, settleOverpayment } from './payment.ts';
export type {
  WealthTaxDepartmentFigure,
  WealthTaxPublicFigures,
} from './public-figures.ts';
export { wealthTaxPublicFigures } from './public-figures.ts';
export type { ClaimCheck, DepartmentTail, Scenario, ScenarioResult } from './simulation.ts';
export {
  checkClaim,
  fitTails,
  lawScenario,
  reformScenarios,
  resultsCsv,
  simulate,
} from './simulation.ts';
export { receivableCode } from './tax-account.ts';
export type { TaxpayerInput } from './taxpayer.ts';
export {
  daysInBolivia,
  findTaxpayer,
  recordMarriage,
  recordResidence,
  registerTaxpayer,
  taxpayers,
} from './taxpayer.ts';
export type { WealthTaxFailure, WealthTaxInputProblem } from './wealth-tax.failures.ts';
export type {
  Assessment,
  Charge,
  ChargeKind,
  DeclarationVersion,
  Mandate,
  MaritalRegime,
  Payment,
  PaymentCurrency,
  Taxpayer,
} from './wealth-tax.types.ts';
export { MARITAL_REGIMES } from './wealth-tax.types.ts';
