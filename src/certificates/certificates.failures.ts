/**
 * The vaccination certificates' expected failures, as values (docs/adr/0009-one-failure-model.md);
 * their HTTP statuses and words are in src/messages/{status,es,en}/certificates.ts. A verifier's
 * failure names the step of the HC1 chain that failed (`verifyStepOf`), so a reader is told exactly
 * why a certificate is not valid. Fields are public: steps, key ids, instants, never a person's data.
 *
 * @example const f: CertificatesFailure = { code: 'hc1_signature_invalid', kid: 'dy8HnMQYOrE=' };
 */
export type CertificatesFailure =
  /** Longer than any QR code holds: refused before it is decoded. */
  | { readonly code: 'hc1_too_long'; readonly maxChars: number }
  /** The text does not start with the context identifier `HC1:`; `found` is what it starts with. */
  | { readonly code: 'hc1_prefix_invalid'; readonly found: string }
  /** The text after `HC1:` is not strict Base45 (RFC 9285). */
  | {
      readonly code: 'hc1_base45_invalid';
      readonly problem: 'length' | 'character' | 'overflow';
      readonly position?: number;
    }
  /** The Base45 bytes are not a zlib stream (or one that does not end where the bytes end). */
  | { readonly code: 'hc1_decompression_failed' }
  /** The decompressed bytes are not a COSE_Sign1 holding a DCC CWT; `problem` says what is wrong. */
  | { readonly code: 'hc1_cose_invalid'; readonly problem: CoseStructureProblem }
  /** No trusted signer has the key id the certificate names (or it names none). */
  | { readonly code: 'hc1_kid_unknown'; readonly kid: string }
  /** The signature is not the named signer's over these bytes. */
  | { readonly code: 'hc1_signature_invalid'; readonly kid: string }
  /** The signer's key is revoked in the trust list. */
  | { readonly code: 'hc1_key_revoked'; readonly kid: string }
  /** Outside the certificate's validity period, or outside its signer certificate's. */
  | {
      readonly code: 'hc1_outside_validity';
      readonly problem: 'not_yet_valid' | 'expired' | 'signer_not_valid';
      readonly at: string;
      readonly issuedAt: string;
      readonly expiresAt: string;
    }
  /** The signer certificate's extended key usages do not allow this kind of certificate. */
  | { readonly code: 'hc1_key_usage'; readonly certificateType: 'v' | 't' | 'r' }
  /** The payload is not valid against the EU DCC schema; `path` is the JSON pointer of the first error. */
  | { readonly code: 'hc1_schema_invalid'; readonly path: string; readonly problem: string }
  /** The certificate is on the published revocation list. */
  | { readonly code: 'hc1_revoked'; readonly revokedOn: string }
  /** The private key of a signer (or of the CSCA) is not in the key folder. */
  | { readonly code: 'issuer_key_missing'; readonly kid: string }
  | { readonly code: 'signer_not_found'; readonly kid: string }
  /** The nominal registry holds no dose for the person: there is nothing to certify. */
  | { readonly code: 'certificate_no_doses' }
  /** No trust list yet: the issuer has no keys until it issues its first certificate. */
  | { readonly code: 'trust_list_not_published' }
  | { readonly code: 'certificate_not_found'; readonly certificateId: string };

/** What is wrong with the COSE_Sign1 or the CWT inside it. */
export type CoseStructureProblem =
  | 'not_cbor'
  | 'wrong_tag'
  | 'not_an_array_of_four'
  | 'protected_header'
  | 'unprotected_header'
  | 'payload'
  | 'signature'
  | 'algorithm'
  | 'claims'
  | 'hcert';

/** The steps of verifying an HC1 text, in the order they run. */
export const VERIFY_STEPS = [
  'prefix',
  'base45',
  'decompression',
  'cose',
  'kid',
  'signature',
  'validity',
  'key_usage',
  'schema',
  'revocation',
] as const;
export type VerifyStep = (typeof VERIFY_STEPS)[number];

/** The codes a verifier answers with (the others are the issuer's). */
export type VerifyFailure = Extract<CertificatesFailure, { code: `hc1_${string}` }>;

const STEP: Record<VerifyFailure['code'], VerifyStep> = {
  hc1_too_long: 'prefix',
  hc1_prefix_invalid: 'prefix',
  hc1_base45_invalid: 'base45',
  hc1_decompression_failed: 'decompression',
  hc1_cose_invalid: 'cose',
  hc1_kid_unknown: 'kid',
  hc1_key_revoked: 'kid',
  hc1_signature_invalid: 'signature',
  hc1_outside_validity: 'validity',
  hc1_key_usage: 'key_usage',
  hc1_schema_invalid: 'schema',
  hc1_revoked: 'revocation',
};

/**
 * The verification step a failure stopped at.
 *
 * @example verifyStepOf({ code: 'hc1_base45_invalid', problem: 'length' }) // 'base45'
 */
export function verifyStepOf(failure: VerifyFailure): VerifyStep {
  return STEP[failure.code];
}
