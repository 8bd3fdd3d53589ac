import type { CertificatesFailure, CoseStructureProblem, DccType } from '../../certificates/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The vaccination certificates' failures in English (statuses: ../status/certificates.ts). */

const COSE: Record<CoseStructureProblem, string> = {
  not_cbor: 'the data is not CBOR',
  wrong_tag: 'the data is not tagged as a COSE_Sign1',
  not_an_array_of_four: 'the COSE_Sign1 does not have its four parts',
  protected_header: 'the protected header cannot be read',
  unprotected_header: 'the unprotected header cannot be read',
  payload: 'the signed content is missing',
  signature: 'the signature is missing',
  algorithm: 'the signature algorithm is neither ES256 nor PS256',
  claims: 'the content has no issue and expiry dates',
  hcert: 'the content does not hold exactly one certificate (vaccination, test or recovery)',
};

const KIND: Record<DccType, string> = { v: 'vaccination', t: 'test', r: 'recovery' };

export const CERTIFICATES_EN: Catalogue<CertificatesFailure> = {
  hc1_too_long: {
    title: 'The text is too long to be a certificate.',
    detail: (f) => `A QR code holds at most ${f.maxChars} characters; this text has more.`,
  },
  hc1_prefix_invalid: {
    title: 'Not a digital COVID certificate ("HC1:" is missing).',
    detail: (f) => `The text must start with "HC1:"; it starts with "${f.found}".`,
  },
  hc1_base45_invalid: {
    title: 'The certificate code is damaged (Base45).',
    detail: (f) =>
      f.problem === 'length'
        ? 'The number of characters is not that of a Base45 text: a character is missing or extra.'
        : f.problem === 'character'
          ? `The character at position ${(f.position ?? 0) + 1} is not in the Base45 alphabet.`
          : `The group of characters at position ${(f.position ?? 0) + 1} is not valid Base45.`,
  },
  hc1_decompression_failed: {
    title: 'The certificate code is damaged (it cannot be decompressed).',
    detail: () => 'The data is not a complete zlib stream.',
  },
  hc1_cose_invalid: {
    title: 'The certificate does not have the structure of a signed certificate.',
    detail: (f) => `The certificate is not valid: ${COSE[f.problem]}.`,
  },
  hc1_kid_unknown: {
    title: 'The certificate was signed with a key that is not on the trust list.',
    detail: (f) =>
      f.kid === ''
        ? 'The certificate does not say which key signed it.'
        : `No key on the trust list has the id ${f.kid}.`,
  },
  hc1_signature_invalid: {
    title: 'The certificate’s signature is not valid: it was altered or not signed by whom it claims.',
    detail: (f) => `The signature is not key ${f.kid}’s.`,
  },
  hc1_key_revoked: {
    title: 'The key that signed the certificate was revoked.',
    detail: (f) => `Key ${f.kid} is revoked on the trust list.`,
  },
  hc1_outside_validity: {
    title: 'The certificate is not in force.',
    detail: (f) =>
      f.problem === 'not_yet_valid'
        ? `The certificate was issued at ${f.issuedAt}, after the moment of verification (${f.at}).`
        : f.problem === 'expired'
          ? `The certificate expired at ${f.expiresAt}.`
          : 'The certificate’s validity period falls outside that of the key that signed it.',
  },
  hc1_key_usage: {
    title: 'The key that signed the certificate may not sign this kind of certificate.',
    detail: (f) => `The key is not authorised for ${KIND[f.certificateType]} certificates.`,
  },
  hc1_schema_invalid: {
    title: 'The certificate’s content does not meet the EU digital COVID certificate schema.',
    detail: (f) => `At "${f.path || '/'}": ${f.problem}.`,
  },
  hc1_revoked: {
    title: 'The certificate was revoked.',
    detail: (f) => `The certificate is on the revocation list since ${f.revokedOn}.`,
  },
  issuer_key_missing: {
    title: 'A private key of the certificate issuer is missing.',
    detail: (f) => `Private key ${f.kid} is not in the server's key folder.`,
  },
  signer_not_found: {
    title: 'No such signing key.',
    detail: (f) => `No signing key has the id ${f.kid}.`,
  },
  certificate_no_doses: {
    title: 'There are no recorded doses to issue a certificate for.',
    detail: () => 'The nominal vaccination registry holds no dose for this person.',
  },
  trust_list_not_published: {
    title: 'There is no trust list yet.',
    detail: () => 'The issuer has no keys yet: it has issued no certificate.',
  },
  certificate_not_found: {
    title: 'No such certificate.',
    detail: (f) => `No certificate has the number ${f.certificateId}.`,
  },
};
