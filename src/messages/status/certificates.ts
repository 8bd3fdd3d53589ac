import type { CertificatesFailure } from '../../certificates/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The certificates' failures. A text that is not a valid certificate is 422 (the request was read;
 * what it holds does not verify), whichever step refused it. A signing key missing from the key
 * folder is the server's problem (503); a signer or certificate named that does not exist, or a
 * person with no dose to certify, 404.
 */
export const CERTIFICATES_STATUS: Statuses<CertificatesFailure> = {
  hc1_too_long: 422,
  hc1_prefix_invalid: 422,
  hc1_base45_invalid: 422,
  hc1_decompression_failed: 422,
  hc1_cose_invalid: 422,
  hc1_kid_unknown: 422,
  hc1_signature_invalid: 422,
  hc1_key_revoked: 422,
  hc1_outside_validity: 422,
  hc1_key_usage: 422,
  hc1_schema_invalid: 422,
  hc1_revoked: 422,
  issuer_key_missing: 503,
  signer_not_found: 404,
  certificate_no_doses: 404,
  trust_list_not_published: 404,
  certificate_not_found: 404,
};
