/**
 * Vaccination certificates (issue #19): EU DCC (HC1) issuance from the nominal registry, strict
 * verification, revocation, the issuer's keys and trust list, the PDF card. Other domains and
 * interfaces import only from here. Feature map: ./README.md.
 */

export type { Base45Problem } from './base45.ts';
export { decodeBase45, encodeBase45 } from './base45.ts';
export type { CardData, CardSize } from './card-data.ts';
export { vaccinationCard } from './card-service.ts';
export type {
  CertificatesFailure,
  CoseStructureProblem,
  VerifyFailure,
  VerifyStep,
} from './certificates.failures.ts';
export { VERIFY_STEPS, verifyStepOf } from './certificates.failures.ts';
export { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
export { kidOf } from './cose.ts';
export type { DccClaims, Hcert } from './cwt.ts';
export type { DdccInput } from './fhir.ts';
export { CI_SYSTEM, ddccBundle, ddccExport, requiredBindingProblems } from './fhir.ts';
export type { DecodedDcc, VerifiedDcc, VerifyContext } from './hc1.ts';
export { HC1_MAX_CHARS, HC1_PREFIX, verifyHc1 } from './hc1.ts';
export type { CertifiedDose, Issued, RevocationReason } from './issue.ts';
export { certificatesOf, certifiedDoses, issueCertificate, revokeCertificate } from './issue.ts';
export type { IssuedRow } from './issued.repository.ts';
export type { IssuerKeys } from './issuer-keys.ts';
export { issuerKeys, revokeSigner, rotateSigner } from './issuer-keys.ts';
export { keyFolder } from './key-store.ts';
export type { QrImageProblem } from './qr.ts';
export { QR_IMAGE_MAX_PIXELS, qrMatrix, qrPng, readQrImage, readQrPng } from './qr.ts';
export type { RevocationEntry } from './revocation.ts';
export { revocationCheck } from './revocation.ts';
export type { DccType, TrustedSigner } from './signer.ts';
export { DCC_KEY_USAGES, signerFromCertificate } from './signer.ts';
export type { SignedTrustList, TrustSnapshot, TrustStore } from './trust-list.ts';
export {
  acceptTrustList,
  fingerprint,
  localTrust,
  signedTrustList,
  trustOf,
  trustSnapshot,
} from './trust-list.ts';
export type { StepReport, StepState, VerifiedSummary, VerifyOutcome } from './verify-report.ts';
export { outcomeOf, stepsOf, summaryOf, verificationSteps } from './verify-report.ts';
