/**
 * Vaccination certificates (issue #19): EU DCC (HC1) encoding and strict verification. Other
 * domains and interfaces import only from here. Feature map: ./README.md.
 */

export type { Base45Problem } from './base45.ts';
export { decodeBase45, encodeBase45 } from './base45.ts';
export type { CertificatesFailure, CoseStructureProblem, VerifyStep } from './certificates.failures.ts';
export { VERIFY_STEPS, verifyStepOf } from './certificates.failures.ts';
export { kidOf } from './cose.ts';
export type { DccClaims, Hcert } from './cwt.ts';
export type { DecodedDcc, VerifiedDcc, VerifyContext } from './hc1.ts';
export { HC1_MAX_CHARS, HC1_PREFIX, verifyHc1 } from './hc1.ts';
export type { DccType, TrustedSigner } from './signer.ts';
export { DCC_KEY_USAGES, signerFromCertificate } from './signer.ts';
