import type { Iso20022Failure } from '../../interchange/iso20022/index.ts';
import type { Statuses } from '../catalogue.ts';

/**
 * The HTTP status of each failure of ISO 20022 interchange. A file sent in that cannot be read, is
 * not the message expected or does not validate is 422, as the back office answers a bank reply it
 * refuses; a pain.001 the writer refuses (settings, transactions, totals) is ayni's own file and
 * 422 too; a file already there, 409; an XSD that is not there, 400 (what the caller named).
 */
export const ISO20022_STATUS: Statuses<Iso20022Failure> = {
  file_unreadable: 422,
  xml_malformed: 422,
  xml_encoding_unsupported: 422,
  message_unexpected: 422,
  message_incomplete: 422,
  value_invalid: 422,
  xsd_invalid: 422,
  schema_not_found: 400,
  pain001_spec_invalid: 422,
  pain001_file_exists: 409,
  pain001_empty: 422,
  pain001_transactions_invalid: 422,
  pain001_totals_mismatch: 422,
  pain001_batch_empty: 422,
  pain001_text_mode_mismatch: 422,
  pain001_instruction_id_explicit: 422,
  pain001_batch_out_of_order: 422,
  pain002_other_message: 422,
  pain002_original_message_id_missing: 422,
  pain002_not_for_credit_transfer: 422,
  original_invalid: 422,
};
