import type { BankRepliesWords } from '../es/bank-replies.ts';

/** The words of a bank reply's reconciliation in English (see ../es/bank-replies.ts). */
export const BANK_REPLIES_EN: BankRepliesWords = {
  unmatchedReasons: {
    no_original_end_to_end_id: 'The status does not say which deposit it is about (no OrgnlEndToEndId).',
    not_in_deposit_file: 'The EndToEndId was not in the deposit file the reply answers.',
    payment_block_not_in_deposit_file: 'The payment block was not in the deposit file the reply answers.',
    entry_without_details: 'The entry has no transaction details: it names no deposit.',
    no_end_to_end_id: 'The transaction does not say which deposit it is about (no EndToEndId).',
    no_deposit_sent: 'No deposit ayni sent has this EndToEndId.',
  },
  levels: {
    transaction: 'for the deposit',
    payment: 'for its payment block',
    group: 'for the whole file',
    none: 'at no level',
  },
  painStatus: (status, level) => `Status ${status} ${level}`,
  noStatus: 'no status',
  camtStatus: (status, creditDebit) => `Entry ${status} ${creditDebit}`,
  returned: 'return',
  reason: (code) => `reason ${code}`,
  reasonWithCode: (description, code) => `${description} (${code})`,
  amounts: (reported, sent) => `the bank moved ${reported}, ${sent} was sent`,
  join: (parts) => parts.join(', '),
  cliConflict: (id, recorded, reported, detail) =>
    `  conflict ${id}: recorded ${recorded}, reported ${reported}: ${detail}`,
  cliUnmatchedReasons: 'reasons in the list of unmatched statuses:',
};
