/**
 * From a pain.002 to the fate of every transaction of the original pain.001.
 *
 * A bank may answer at three levels: the whole message (GrpSts), a payment information block
 * (PmtInfSts) or single transactions (TxSts). Rules, most binding first:
 *
 * 1. Group RJCT rejects every transaction; payment RJCT rejects every transaction of its block.
 *    A transaction-level RJCT under it still lends its more precise reason; any other
 *    transaction-level status under a rejection is a contradiction, noted and overruled.
 * 2. Otherwise a transaction-level status decides.
 * 3. Otherwise the payment's status, then the group's, apply to transactions not listed — except
 *    PART (partially accepted), which says nothing about a transaction it does not list: such a
 *    transaction stays pending until a later report names it.
 * 4. A transaction nobody mentions is pending.
 *
 * Acceptance is not settlement: ACSC/ACCC say the money reached the creditor account
 * (`settled: true`); ACSP, ACCP, ACWC … say the bank took the instruction. ACTC (technical
 * validation only), PDNG and RCVD are pending. What counts as "paid" is the caller's decision.
 */

import { fail, ok, type Result } from '../../shared/failure.ts';
import type { Pain002ResolutionFailure } from './iso20022.failures.ts';
import {
  type Pain002Group,
  type Pain002Payment,
  type Pain002Record,
  type Pain002Transaction,
  type StatusReason,
  streamPain002,
} from './pain002.reader.ts';
import type { ReadWarning, Streamed } from './xml.reader.ts';

/** The three fates of a transaction as reconciliation needs them. */
export type TransactionState = 'accepted' | 'rejected' | 'pending';

/** Which level of the report decided a transaction's outcome. */
export type StatusLevel = 'transaction' | 'payment' | 'group' | 'none';

/** What a status code means for a transaction. */
export interface StatusMeaning {
  state: TransactionState;
  /** Settlement completed: the money is on the creditor's account. */
  settled: boolean;
  /** The code is one ayni knows; unknown codes are treated as pending. */
  known: boolean;
}

const STATUS_MEANINGS: Readonly<Record<string, Omit<StatusMeaning, 'known'>>> = {
  ACSC: { state: 'accepted', settled: true }, // AcceptedSettlementCompleted (debtor side)
  ACCC: { state: 'accepted', settled: true }, // AcceptedCreditSettlementCompleted (creditor side)
  ACSP: { state: 'accepted', settled: false }, // AcceptedSettlementInProcess
  ACCP: { state: 'accepted', settled: false }, // AcceptedCustomerProfile
  ACWC: { state: 'accepted', settled: false }, // AcceptedWithChange
  ACFC: { state: 'accepted', settled: false }, // AcceptedFundsChecked
  ACWP: { state: 'accepted', settled: false }, // AcceptedWithoutPosting
  ACIS: { state: 'accepted', settled: false }, // AcceptedAndChequeIssued
  ACPD: { state: 'accepted', settled: false }, // AcceptedClearingProcessed
  ACTC: { state: 'pending', settled: false }, // AcceptedTechnicalValidation: syntax only, not the payment
  PDNG: { state: 'pending', settled: false }, // Pending
  RCVD: { state: 'pending', settled: false }, // Received
  PART: { state: 'pending', settled: false }, // PartiallyAccepted: decided per transaction
  PATC: { state: 'pending', settled: false }, // PartiallyAcceptedTechnicalCorrect
  BLCK: { state: 'pending', settled: false }, // Blocked: neither credited nor returned; needs follow-up
  RJCT: { state: 'rejected', settled: false }, // Rejected
  CANC: { state: 'rejected', settled: false }, // Cancelled
};

/**
 * The meaning of a group, payment or transaction status code.
 *
 * @example classifyStatus('ACSC') // { state: 'accepted', settled: true, known: true }
 */
export function classifyStatus(code: string): StatusMeaning {
  const meaning = STATUS_MEANINGS[code];
  return meaning
    ? { state: meaning.state, settled: meaning.settled, known: true }
    : { state: 'pending', settled: false, known: false };
}

/** The original pain.001 the report answers: its MsgId and, per payment block, its EndToEndIds. */
export interface OriginalPain001 {
  messageId: string;
  payments: ReadonlyArray<{ paymentInformationId: string; endToEndIds: Iterable<string> }>;
}

/** The resolved fate of one original transaction. */
export interface TransactionOutcome {
  endToEndId: string;
  paymentInformationId: string;
  state: TransactionState;
  settled: boolean;
  /** The status code that decided, e.g. 'RJCT'; undefined when nothing was reported. */
  status: string | undefined;
  level: StatusLevel;
  /** The reason that explains a rejection (first one with a code), if the bank gave one. */
  reason: StatusReason | undefined;
  reasons: StatusReason[];
  /** AccptncDtTm of the transaction's status (the last one reported), as the bank wrote it. */
  acceptanceDateTime?: string;
}

/** Something the caller should know about the report that did not prevent resolution. */
export interface ResolutionNote {
  code:
    | 'status_overruled'
    | 'status_repeated'
    | 'status_unknown'
    | 'payment_mismatch'
    | 'count_mismatch'
    | 'original_message_id_assumed'
    | 'original_message_name_unrecognised'
    | 'notes_truncated'
    | ReadWarning['code'];
  message: string;
  line?: number;
}

/** The outcome of every original transaction, plus what the bank reported that ayni never sent. */
export interface Pain002Resolution {
  originalMessageId: string;
  reportMessageId: string | undefined;
  groupStatus: string | undefined;
  /** One per original transaction, in the original order. */
  outcomes: TransactionOutcome[];
  counts: { accepted: number; settled: number; rejected: number; pending: number };
  /**
   * Transaction statuses whose OrgnlEndToEndId is not in the original file (or missing): the first
   * `maxUnknownKept`; `onUnknownTransaction` saw every one.
   */
  unknownTransactions: Pain002Transaction[];
  unknownTransactionCount: number;
  /** Payment statuses whose OrgnlPmtInfId is not in the original file: the first `maxUnknownKept`. */
  unknownPayments: Pain002Payment[];
  unknownPaymentCount: number;
  notes: ResolutionNote[];
}

export type { Pain002ResolutionFailure } from './iso20022.failures.ts';

export interface ResolvePain002Options {
  /**
   * Apply a report that names no OrgnlMsgId (a bank that could not parse the file cannot quote
   * it) to the given original anyway. Only an officer who matched the report by other means
   * should set it; the resolution then carries a note saying so.
   */
  assumeOriginalMessageId?: boolean;
  /** Notes kept in detail (default 1,000); beyond that they are only counted in the last note. */
  maxNotes?: number;
  /**
   * Unknown transactions (and payment blocks) kept in the resolution (default 1,000); beyond that
   * they are only counted. A reply about another file can name millions of ids ayni never sent:
   * kept whole, a 200 MB reply took 799 MB.
   */
  maxUnknownKept?: number;
  /** Sees every unknown transaction as it is read (and is awaited), e.g. to list them in a file. */
  onUnknownTransaction?: (transaction: Pain002Transaction) => void | Promise<void>;
  /** Sees every unknown payment block as it is read (and is awaited). */
  onUnknownPayment?: (payment: Pain002Payment) => void | Promise<void>;
}

const ISO_MESSAGE_NAME = /^[a-z]{4}\.\d{3}\.\d{3}\.\d{2}$/;

/**
 * Resolves the final status of every transaction of an original pain.001 from a pain.002 file
 * (or a stream of its records). Refuses a report about another message, about a message that is
 * not a credit transfer (e.g. a pain.008 direct debit), or without OrgnlMsgId unless told to assume it.
 *
 * @example
 *   const resolved = await resolvePain002('reply.xml', {
 *     messageId: 'BCH-R1-BNB', payments: [{ paymentInformationId: 'BCH-R1-BNB-1', endToEndIds: ['BCH-R1-0000001'] }],
 *   });
 *   if (resolved.ok) for (const o of resolved.value.outcomes) states.set(o.endToEndId, o.state);
 */
export async function resolvePain002(
  source: string | AsyncIterable<Streamed<Pain002Record>>,
  original: OriginalPain001,
  options: ResolvePain002Options = {},
): Promise<Result<Pain002Resolution, Pain002ResolutionFailure>> {
  const maxNotes = options.maxNotes ?? 1000;
  const maxUnknownKept = options.maxUnknownKept ?? 1000;
  const notes: ResolutionNote[] = [];
  let droppedNotes = 0;
  const note = (n: ResolutionNote) => {
    if (notes.length < maxNotes) notes.push(n);
    else droppedNotes++;
  };

  // EndToEndId → its payment block, in original order.
  const paymentOf = new Map<string, string>();
  const paymentIds = new Set<string>();
  for (const payment of original.payments) {
    if (paymentIds.has(payment.paymentInformationId)) {
      return fail({
        code: 'original_invalid',
        message: `payment information ${payment.paymentInformationId} is listed twice in the original`,
        repeated: 'payment_information_id',
        id: payment.paymentInformationId,
      });
    }
    paymentIds.add(payment.paymentInformationId);
    for (const endToEndId of payment.endToEndIds) {
      if (paymentOf.has(endToEndId)) {
        return fail({
          code: 'original_invalid',
          message: `EndToEndId ${endToEndId} is listed twice in the original`,
          repeated: 'end_to_end_id',
          id: endToEndId,
        });
      }
      paymentOf.set(endToEndId, payment.paymentInformationId);
    }
  }

  let group: Pain002Group | undefined;
  const payments = new Map<string, Pain002Payment>();
  const reported = new Map<string, Pain002Transaction>();
  const unknownTransactions: Pain002Transaction[] = [];
  const unknownPayments: Pain002Payment[] = [];
  let unknownTransactionCount = 0;
  let unknownPaymentCount = 0;

  const records = typeof source === 'string' ? streamPain002(source) : source;
  for await (const item of records) {
    switch (item.kind) {
      case 'failure':
        return fail(item.failure);
      case 'warning':
        note({ code: item.warning.code, message: item.warning.message, line: item.warning.line });
        break;
      case 'group': {
        group = item.group;
        const refused = checkGroup(group, original, options, note);
        if (refused) return fail(refused);
        break;
      }
      case 'payment': {
        const payment = item.payment;
        if (!paymentIds.has(payment.originalPaymentInformationId)) {
          unknownPaymentCount++;
          if (unknownPayments.length < maxUnknownKept) unknownPayments.push(payment);
          await options.onUnknownPayment?.(payment);
        } else {
          if (payments.has(payment.originalPaymentInformationId)) {
            note({
              code: 'status_repeated',
              message: `payment ${payment.originalPaymentInformationId} is reported more than once; the last report counts`,
              line: payment.line,
            });
          }
          payments.set(payment.originalPaymentInformationId, payment);
        }
        noteUnknownStatus(payment.status, payment.line, note);
        break;
      }
      case 'transaction': {
        const transaction = item.transaction;
        const endToEndId = transaction.originalEndToEndId;
        const paymentId = endToEndId === undefined ? undefined : paymentOf.get(endToEndId);
        if (endToEndId === undefined || paymentId === undefined) {
          unknownTransactionCount++;
          if (unknownTransactions.length < maxUnknownKept) unknownTransactions.push(transaction);
          await options.onUnknownTransaction?.(transaction);
          break;
        }
        if (reported.has(endToEndId)) {
          note({
            code: 'status_repeated',
            message: `EndToEndId ${endToEndId} is reported more than once; the last report counts`,
            line: transaction.line,
          });
        }
        if (transaction.originalPaymentInformationId !== paymentId) {
          note({
            code: 'payment_mismatch',
            message: `EndToEndId ${endToEndId} is reported under payment '${transaction.originalPaymentInformationId}' but was sent in ${paymentId}`,
            line: transaction.line,
          });
        }
        noteUnknownStatus(transaction.status, transaction.line, note);
        reported.set(endToEndId, transaction);
        break;
      }
    }
  }
  // A finished stream always carried a group (the reader refuses a file without one).
  const reportGroup = group!;
  if (
    reportGroup.originalTransactionCount !== undefined &&
    reportGroup.originalTransactionCount !== 0 &&
    reportGroup.originalTransactionCount !== paymentOf.size
  ) {
    note({
      code: 'count_mismatch',
      message: `the report counts ${reportGroup.originalTransactionCount} original transactions; the original has ${paymentOf.size}`,
      line: reportGroup.line,
    });
  }

  const outcomes: TransactionOutcome[] = [];
  const counts = { accepted: 0, settled: 0, rejected: 0, pending: 0 };
  for (const [endToEndId, paymentInformationId] of paymentOf) {
    const transaction = reported.get(endToEndId);
    const outcome = decide(
      endToEndId,
      paymentInformationId,
      reportGroup,
      payments.get(paymentInformationId),
      transaction,
      note,
    );
    if (transaction?.acceptanceDateTime !== undefined)
      outcome.acceptanceDateTime = transaction.acceptanceDateTime;
    counts[outcome.state]++;
    if (outcome.settled) counts.settled++;
    outcomes.push(outcome);
  }
  if (droppedNotes > 0) {
    notes.push({ code: 'notes_truncated', message: `${droppedNotes} further notes were not kept` });
  }
  return ok({
    originalMessageId: original.messageId,
    reportMessageId: reportGroup.messageId,
    groupStatus: reportGroup.status,
    outcomes,
    counts,
    unknownTransactions,
    unknownTransactionCount,
    unknownPayments,
    unknownPaymentCount,
    notes,
  });
}

function checkGroup(
  group: Pain002Group,
  original: OriginalPain001,
  options: ResolvePain002Options,
  note: (n: ResolutionNote) => void,
): Pain002ResolutionFailure | undefined {
  const nameId = group.originalMessageNameId;
  if (nameId !== undefined && ISO_MESSAGE_NAME.test(nameId) && !nameId.startsWith('pain.001.')) {
    return {
      code: 'pain002_not_for_credit_transfer',
      originalMessageNameId: nameId,
    };
  }
  if (nameId !== undefined && !ISO_MESSAGE_NAME.test(nameId)) {
    note({
      code: 'original_message_name_unrecognised',
      message: `OrgnlMsgNmId '${nameId}' is not an ISO 20022 message name`,
      line: group.line,
    });
  }
  if (group.originalMessageId === undefined || group.originalMessageId === '') {
    if (!options.assumeOriginalMessageId) {
      return { code: 'pain002_original_message_id_missing' };
    }
    note({
      code: 'original_message_id_assumed',
      message: `the report names no OrgnlMsgId; applied to ${original.messageId} as instructed`,
      line: group.line,
    });
    return undefined;
  }
  if (group.originalMessageId !== original.messageId) {
    return {
      code: 'pain002_other_message',
      reportedOriginalMessageId: group.originalMessageId,
      originalMessageId: original.messageId,
    };
  }
  return undefined;
}

function decide(
  endToEndId: string,
  paymentInformationId: string,
  group: Pain002Group,
  payment: Pain002Payment | undefined,
  transaction: Pain002Transaction | undefined,
  note: (n: ResolutionNote) => void,
): TransactionOutcome {
  const base = { endToEndId, paymentInformationId };
  const ownStatus = transaction?.status;
  const rejection =
    group.status === 'RJCT'
      ? { level: 'group' as const, reasons: group.reasons }
      : payment?.status === 'RJCT'
        ? { level: 'payment' as const, reasons: payment.reasons }
        : undefined;
  if (rejection) {
    if (ownStatus === 'RJCT' && transaction!.reasons.length > 0) {
      return outcome(base, 'RJCT', 'transaction', transaction!.reasons);
    }
    if (ownStatus !== undefined && ownStatus !== 'RJCT') {
      note({
        code: 'status_overruled',
        message: `EndToEndId ${endToEndId} reported ${ownStatus} inside a ${rejection.level} rejection; rejected`,
        line: transaction!.line,
      });
    }
    return outcome(base, 'RJCT', rejection.level, rejection.reasons);
  }
  if (ownStatus !== undefined && ownStatus !== '')
    return outcome(base, ownStatus, 'transaction', transaction!.reasons);
  if (payment?.status !== undefined && payment.status !== 'PART') {
    return outcome(base, payment.status, 'payment', payment.reasons);
  }
  if (group.status !== undefined && group.status !== 'PART' && payment?.status !== 'PART') {
    return outcome(base, group.status, 'group', group.reasons);
  }
  const partial = payment?.status ?? group.status;
  return {
    ...base,
    state: 'pending',
    settled: false,
    status: partial,
    level: payment?.status !== undefined ? 'payment' : partial !== undefined ? 'group' : 'none',
    reason: undefined,
    reasons: [],
  };
}

function outcome(
  base: { endToEndId: string; paymentInformationId: string },
  status: string,
  level: StatusLevel,
  reasons: StatusReason[],
): TransactionOutcome {
  const meaning = STATUS_MEANINGS[status];
  let reason: StatusReason | undefined;
  for (const r of reasons) {
    if (r.code !== undefined || r.proprietary !== undefined) {
      reason = r;
      break;
    }
  }
  return {
    endToEndId: base.endToEndId,
    paymentInformationId: base.paymentInformationId,
    state: meaning?.state ?? 'pending',
    settled: meaning?.settled ?? false,
    status,
    level,
    reason: reason ?? reasons[0],
    reasons,
  };
}

function noteUnknownStatus(status: string | undefined, line: number, note: (n: ResolutionNote) => void) {
  if (status !== undefined && STATUS_MEANINGS[status] === undefined) {
    note({
      code: 'status_unknown',
      message: `status '${status}' is not an ISO 20022 status ayni knows; treated as pending`,
      line,
    });
  }
}
