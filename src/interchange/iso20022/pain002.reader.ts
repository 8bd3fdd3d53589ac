/**
 * pain.002 (customer payment status report): the bank's answer to a pain.001. Read as a stream of
 * records in document order — the original group first, then each payment information block,
 * each followed by its transactions — so a report of a million statuses never sits in memory.
 * Versions pain.002.001.03 (what banks send, and the samples) to .14 are read alike: the elements
 * ayni needs kept their names and places across versions.
 */

import { fail, ok, type Result } from '../../shared/failure.ts';
import type { Centavos } from '../../shared/money.ts';
import { parseAmountCentavos } from './text.ts';
import {
  type ElementContext,
  type MessageIdentity,
  type ReadFailure,
  type ReadWarning,
  readXmlStream,
  type Streamed,
  type XmlSink,
} from './xml.reader.ts';

/** One StsRsnInf: a code (ExternalStatusReason1Code, e.g. AC04) or a proprietary one, and free text. */
export interface StatusReason {
  code?: string;
  proprietary?: string;
  additionalInfo: string[];
}

/** The report's own header and its statement about the whole original message. */
export interface Pain002Group {
  /** e.g. 'pain.002.001.03'; undefined when the file carried no ISO 20022 namespace. */
  messageName: string | undefined;
  messageId?: string;
  creationDateTime?: string;
  originalMessageId?: string;
  /** Name of the original message, e.g. 'pain.001.001.03' (banks also write 'NACHA' or the like). */
  originalMessageNameId?: string;
  originalCreationDateTime?: string;
  originalTransactionCount?: number;
  originalControlSumCentavos?: Centavos;
  /** GrpSts: ACCP, ACSC, ACSP, ACTC, ACWC, PART, PDNG, RCVD, RJCT …; absent when the bank reports below. */
  status?: string;
  reasons: StatusReason[];
  line: number;
}

/** Status of one original payment information block. */
export interface Pain002Payment {
  originalPaymentInformationId: string;
  originalTransactionCount?: number;
  originalControlSumCentavos?: Centavos;
  /** PmtInfSts; absent when the bank reports only per transaction. */
  status?: string;
  reasons: StatusReason[];
  line: number;
}

/** Status of one original transaction. */
export interface Pain002Transaction {
  /** The block it was reported under. */
  originalPaymentInformationId: string;
  originalEndToEndId?: string;
  originalInstructionId?: string;
  status?: string;
  reasons: StatusReason[];
  acceptanceDateTime?: string;
  accountServicerReference?: string;
  clearingSystemReference?: string;
  /** OrgnlTxRef/Amt/InstdAmt when the bank repeats it. */
  originalAmountCentavos?: Centavos;
  originalCurrency?: string;
  line: number;
}

/** Records of a pain.002 stream, in document order. */
export type Pain002Record =
  | { kind: 'group'; group: Pain002Group }
  | { kind: 'payment'; payment: Pain002Payment }
  | { kind: 'transaction'; transaction: Pain002Transaction }
  | { kind: 'warning'; warning: ReadWarning };

/** A whole pain.002 in memory (fine for the sizes banks send back per file; see streamPain002 otherwise). */
export interface Pain002Report {
  group: Pain002Group;
  payments: Pain002Payment[];
  transactions: Pain002Transaction[];
  warnings: ReadWarning[];
}

/**
 * Streams a pain.002 file: one `group` record, then per payment block a `payment` record followed
 * by its `transaction` records; `warning` records wherever something odd was read. Identifiers
 * are trimmed (some banks pad them with spaces). A file that is not a pain.002 or not well-formed
 * ends with a `failure` item.
 *
 * @example
 *   for await (const item of streamPain002('reply.xml')) {
 *     if (item.kind === 'transaction') statuses.set(item.transaction.originalEndToEndId, item.transaction.status);
 *   }
 */
export function streamPain002(filePath: string): AsyncGenerator<Streamed<Pain002Record>> {
  return readXmlStream(filePath, new Pain002Sink());
}

/**
 * Reads a whole pain.002 file into memory.
 *
 * @example
 *   const read = await readPain002File('reply.xml');
 *   if (read.ok) return { group: read.value.group.status, count: read.value.transactions.length };
 */
export async function readPain002File(filePath: string): Promise<Result<Pain002Report, ReadFailure>> {
  let group: Pain002Group | undefined;
  const payments: Pain002Payment[] = [];
  const transactions: Pain002Transaction[] = [];
  const warnings: ReadWarning[] = [];
  for await (const item of streamPain002(filePath)) {
    switch (item.kind) {
      case 'failure':
        return fail(item.failure);
      case 'group':
        group = item.group;
        break;
      case 'payment':
        payments.push(item.payment);
        break;
      case 'transaction':
        transactions.push(item.transaction);
        break;
      case 'warning':
        warnings.push(item.warning);
        break;
    }
  }
  // The sink refuses a file without OrgnlGrpInfAndSts, so a finished stream always had a group.
  return ok({ group: group!, payments, transactions, warnings });
}

type Reason = StatusReason;

class Pain002Sink implements XmlSink<Pain002Record> {
  private out: Pain002Record[] = [];
  private identity: MessageIdentity | undefined;
  private messageId: string | undefined;
  private creationDateTime: string | undefined;
  private group: Pain002Group | undefined;
  private payment: Pain002Payment | undefined;
  private paymentEmitted = false;
  private transaction: Pain002Transaction | undefined;
  private reason: Reason | undefined;
  private sawMessage = false;

  start(identity: MessageIdentity, line: number): ReadFailure | undefined {
    this.identity = identity;
    const name = identity.messageName;
    if (name !== undefined && !name.startsWith('pain.002.')) {
      return {
        code: 'message_unexpected',
        expected: 'pain.002',
        found: name,
        line,
      };
    }
    if (identity.namespaceMiscased) {
      this.warn(
        'namespace_attribute_miscased',
        `the namespace is declared with a miscased attribute (Xmlns="${identity.namespace}"); read as ${name ?? 'unknown'}`,
        line,
      );
    } else if (name === undefined) {
      this.warn(
        'namespace_missing',
        'the root element carries no ISO 20022 namespace; read as a pain.002',
        line,
      );
    }
    return undefined;
  }

  open(element: ElementContext): undefined {
    switch (element.name) {
      case 'CstmrPmtStsRpt':
        this.sawMessage = true;
        break;
      case 'OrgnlGrpInfAndSts':
        this.group = {
          messageName: this.identity?.messageName,
          messageId: this.messageId,
          creationDateTime: this.creationDateTime,
          reasons: [],
          line: element.line,
        };
        break;
      case 'OrgnlPmtInfAndSts':
        this.payment = { originalPaymentInformationId: '', reasons: [], line: element.line };
        this.paymentEmitted = false;
        break;
      case 'TxInfAndSts':
        // The payment's own status precedes its transactions in every version: emit it first.
        this.emitPayment();
        this.transaction = {
          originalPaymentInformationId: this.payment?.originalPaymentInformationId ?? '',
          reasons: [],
          line: element.line,
        };
        break;
      case 'StsRsnInf':
        this.reason = { additionalInfo: [] };
        break;
    }
  }

  close(element: ElementContext, raw: string): undefined {
    const { name, parent, grandparent } = element;
    const text = raw.trim();
    if (parent === 'GrpHdr' && grandparent === 'CstmrPmtStsRpt') {
      if (name === 'MsgId') this.messageId = text;
      else if (name === 'CreDtTm') this.creationDateTime = text;
      return;
    }
    if (parent === 'Rsn' && grandparent === 'StsRsnInf' && this.reason) {
      if (name === 'Cd') this.reason.code = text;
      else if (name === 'Prtry') this.reason.proprietary = text;
      return;
    }
    switch (name) {
      case 'AddtlInf':
        if (parent === 'StsRsnInf' && this.reason) this.reason.additionalInfo.push(text);
        return;
      case 'StsRsnInf': {
        const reason = this.reason;
        this.reason = undefined;
        if (!reason) return;
        const owner =
          parent === 'TxInfAndSts'
            ? this.transaction
            : parent === 'OrgnlPmtInfAndSts'
              ? this.payment
              : this.group;
        owner?.reasons.push(reason);
        return;
      }
      case 'TxInfAndSts':
        this.closeTransaction();
        return;
      case 'OrgnlPmtInfAndSts':
        this.emitPayment();
        this.payment = undefined;
        return;
      case 'OrgnlGrpInfAndSts':
        if (this.group) this.out.push({ kind: 'group', group: this.group });
        return;
    }
    if (parent === 'OrgnlGrpInfAndSts' && this.group) {
      this.groupField(name, text, element.line);
    } else if (parent === 'OrgnlPmtInfAndSts' && this.payment) {
      this.paymentField(name, text, element.line);
    } else if (parent === 'TxInfAndSts' && this.transaction) {
      this.transactionField(name, text);
    } else if (name === 'InstdAmt' && parent === 'Amt' && grandparent === 'OrgnlTxRef' && this.transaction) {
      const amount = parseAmountCentavos(text);
      if (amount === undefined) {
        this.warn(
          'amount_unreadable',
          `OrgnlTxRef amount '${text}' is not an amount in centavos`,
          element.line,
        );
      }
      this.transaction.originalAmountCentavos = amount;
      this.transaction.originalCurrency = element.attributes['Ccy'];
    }
  }

  finish(): ReadFailure | undefined {
    if (!this.sawMessage) {
      return {
        code: 'message_unexpected',
        expected: 'pain.002',
      };
    }
    if (!this.group) {
      return {
        code: 'message_incomplete',
        missing: 'OrgnlGrpInfAndSts',
      };
    }
    return undefined;
  }

  drain(): Pain002Record[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private groupField(name: string, text: string, line: number) {
    const group = this.group!;
    switch (name) {
      case 'OrgnlMsgId':
        group.originalMessageId = text;
        break;
      case 'OrgnlMsgNmId':
        group.originalMessageNameId = text;
        break;
      case 'OrgnlCreDtTm':
        group.originalCreationDateTime = text;
        break;
      case 'OrgnlNbOfTxs':
        group.originalTransactionCount = this.count(text, line);
        break;
      case 'OrgnlCtrlSum':
        group.originalControlSumCentavos = this.amount(text, line);
        break;
      case 'GrpSts':
        group.status = text;
        break;
    }
  }

  private paymentField(name: string, text: string, line: number) {
    const payment = this.payment!;
    switch (name) {
      case 'OrgnlPmtInfId':
        payment.originalPaymentInformationId = text;
        break;
      case 'OrgnlNbOfTxs':
        payment.originalTransactionCount = this.count(text, line);
        break;
      case 'OrgnlCtrlSum':
        payment.originalControlSumCentavos = this.amount(text, line);
        break;
      case 'PmtInfSts':
        payment.status = text;
        break;
    }
  }

  private transactionField(name: string, text: string) {
    const transaction = this.transaction!;
    switch (name) {
      case 'OrgnlEndToEndId':
        transaction.originalEndToEndId = text;
        break;
      case 'OrgnlInstrId':
        transaction.originalInstructionId = text;
        break;
      case 'TxSts':
        transaction.status = text;
        break;
      case 'AccptncDtTm':
        transaction.acceptanceDateTime = text;
        break;
      case 'AcctSvcrRef':
        transaction.accountServicerReference = text;
        break;
      case 'ClrSysRef':
        transaction.clearingSystemReference = text;
        break;
    }
  }

  private closeTransaction() {
    const transaction = this.transaction;
    this.transaction = undefined;
    if (!transaction) return;
    if (transaction.originalEndToEndId === undefined || transaction.originalEndToEndId === '') {
      this.warn(
        'end_to_end_id_missing',
        `a transaction status${transaction.originalInstructionId ? ` (InstrId ${transaction.originalInstructionId})` : ''} names no OrgnlEndToEndId`,
        transaction.line,
      );
    }
    this.out.push({ kind: 'transaction', transaction });
  }

  private emitPayment() {
    if (!this.payment || this.paymentEmitted) return;
    this.paymentEmitted = true;
    this.out.push({ kind: 'payment', payment: this.payment });
  }

  private count(text: string, line: number): number | undefined {
    if (/^\d{1,15}$/.test(text)) return Number(text);
    this.warn('count_unreadable', `transaction count '${text}' is not a whole number`, line);
    return undefined;
  }

  private amount(text: string, line: number): Centavos | undefined {
    const amount = parseAmountCentavos(text);
    if (amount === undefined)
      this.warn('amount_unreadable', `control sum '${text}' is not an amount in centavos`, line);
    return amount;
  }

  private warn(code: ReadWarning['code'], message: string, line: number) {
    this.out.push({ kind: 'warning', warning: { code, message, line } });
  }
}
