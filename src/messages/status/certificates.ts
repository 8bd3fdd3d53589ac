import type { CertificatesFailure } from '../../certificates/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The certificates' failures. A text that is not a valid certificate is 422 (the request was read;
 * what it holds does not verify), whichever step refused it.
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
};
