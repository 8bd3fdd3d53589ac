import type { DepositFailure } from '../../bono/index.ts';
import type { Iso20022Failure } from '../../interchange/iso20022/index.ts';
import type { Catalogue, Words } from '../catalogue.ts';
import { ISO20022_EN } from './iso20022.ts';

/**
 * Account deposits' failures in English (statuses: ../status/bono-deposits.ts): the sentence the
 * CLI prints when exporting a round's deposit files or importing a bank's reply is refused.
 * `round_not_found` is worded in ./bono-rounds.ts, `round_not_approved` in ./bono.ts and
 * `schema_not_found` (the ISO 20022 validator's failure) in ./iso20022.ts, which own those codes.
 */

type Here = Exclude<DepositFailure, { code: 'round_not_found' | 'round_not_approved' | 'schema_not_found' }>;

/** What the ISO 20022 reader said about the file, in its words (./iso20022.ts): the failure's cause. */
function readerSays(cause: Iso20022Failure): string {
  const words = ISO20022_EN[cause.code] as Words<Iso20022Failure>;
  return words.detail ? words.detail(cause) : words.title;
}

export const BONO_DEPOSITS_EN: Catalogue<Here> = {
  batch_size_invalid: {
    title: 'The batch size is out of range.',
    detail: (f) => `The batch size must be 1 to ${f.maxBatchSize}.`,
  },
  time_invalid: {
    title: 'The time is not a valid date.',
    detail: (f) =>
      f.operation === 'deposit_export'
        ? 'The export time is not a valid date.'
        : 'The import time is not a valid date.',
  },
  deposit_file_exists: {
    title: 'A deposit file of that name already exists.',
    detail: (f) => `${f.filePath} already exists; move it away or export to another folder.`,
  },
  deposit_export_running: {
    title: 'An export of this round is running.',
    detail: (f) => `An export of round ${f.roundId} is running; wait for it to finish, then export again.`,
  },
  deposit_exports_busy: {
    title: 'Deposit exports are already running.',
    detail: (f) => `${f.running} deposit exports are already running.`,
  },
  status_file_unreadable: {
    title: 'The bank reply cannot be read.',
    detail: (f) => {
      switch (f.stage) {
        case 'identify':
          // An unreadable file's message names it already; the others say what is wrong inside.
          return f.cause.code === 'file_unreadable'
            ? readerSays(f.cause)
            : `${f.filePath}: ${readerSays(f.cause)}`;
        case 'read':
          return `${f.filePath}: ${readerSays(f.cause)}`;
        case 'group_status':
          return `${f.filePath} holds no original group status.`;
        case 'hash':
          return `${f.filePath} cannot be read.`;
      }
    },
  },
  status_file_unrecognised: {
    title: 'The file is not a pain.002 status report or a camt.054 notification.',
    detail: (f) =>
      `${f.filePath} is ${f.messageName ? `a ${f.messageName}` : 'not an ISO 20022 message (its root names no ISO 20022 namespace)'}; import-status reads pain.002 status reports and camt.054 notifications.`,
  },
  status_file_other_message: {
    title: 'The report answers another deposit file.',
    detail: (f) => `The report answers ${f.reportedOriginalMessageId}, not ${f.givenOriginalMessageId}.`,
  },
  status_original_unknown: {
    title:
      'The report names no original message (OrgnlMsgId): match it to a deposit file by hand and give that file’s message id.',
  },
  deposit_file_unknown: {
    title: 'The report answers a message that is not a deposit file ayni wrote.',
    detail: (f) =>
      `The report answers message ${f.originalMessageId}, which is not a deposit file ayni wrote.`,
  },
  status_file_not_applicable: {
    title: 'The report cannot be applied to the deposit file it answers.',
    detail: (f) => `${f.filePath}: ${readerSays(f.cause)}`,
  },
};
