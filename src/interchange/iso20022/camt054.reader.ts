/**
 * camt.054 (bank-to-customer debit/credit notification): the bank tells the ministry that money
 * left or came back to its account, entry by entry, with the EndToEndIds of the transfers behind
 * each entry. Read as a stream in document order.
 *
 * The reader is written for camt.054.001.12 and reads camt.053 statements (`Stmt`) and camt.052
 * reports (`Rpt`) as well, since their entries (`Ntry`) have the same shape; that is also how it
 * is checked on real bank files (the samples are camt.053.001.02). Differences between versions
 * that matter here are handled: `Sts` is a bare code in .02 and `Sts/Cd` later; the transaction
 * amount is `TxDtls/Amt` later and `TxDtls/AmtDtls/TxAmt/Amt` in .02.
 */

import { fail, ok, type Result } from '../../shared/failure.ts';
import type { Centavos } from '../../shared/money.ts';
import type { InvalidValueField } from './iso20022.failures.ts';
import type { StatusReason } from './pain002.reader.ts';
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

/** References of one transaction inside an entry: the ones ayni sent come back here. */
export interface CamtTransactionDetails {
  messageId?: string;
  accountServicerReference?: string;
  paymentInformationId?: string;
  instructionId?: string;
  /** The pain.001 EndToEndId ('NOTPROVIDED' when the bank had none). */
  endToEndId?: string;
  uetr?: string;
  transactionId?: string;
  amountCentavos?: Centavos;
  currency?: string;
  creditDebit?: 'CRDT' | 'DBIT';
  creditorName?: string;
  creditorAccountId?: string;
  remittance: string[];
  /** Why a transfer came back (RtrInf), e.g. AC04 closed account. */
  returnReason?: StatusReason;
  line: number;
}

/** One entry on the notified account. */
export interface CamtEntry {
  /** Id of the notification (or statement) the entry belongs to. */
  notificationId: string;
  /** The notified account: IBAN or Othr/Id. */
  accountId?: string;
  entryReference?: string;
  amountCentavos: Centavos;
  currency: string;
  creditDebit: 'CRDT' | 'DBIT';
  /** RvslInd: this entry reverses an earlier one. */
  reversal: boolean;
  /** BOOK (booked), PDNG (pending), INFO, FUTR …, or a proprietary status. */
  status: string;
  /** Booking date, YYYY-MM-DD or a date-time as the bank wrote it. */
  bookingDate?: string;
  valueDate?: string;
  accountServicerReference?: string;
  bankTransactionCode?: { domain?: string; family?: string; subFamily?: string; proprietary?: string };
  additionalInfo?: string;
  details: CamtTransactionDetails[];
  line: number;
}

/** Totals of one notification: as the bank declared them (TxsSummry) and as counted while reading. */
export interface CamtNotification {
  notificationId: string;
  accountId?: string;
  accountCurrency?: string;
  counted: CamtTotals;
  declared: Partial<CamtTotals>;
  line: number;
}

export interface CamtTotals {
  entryCount: number;
  /** Credits plus debits, as TxsSummry/TtlNtries/Sum writes it. */
  sumCentavos: Centavos;
  creditCount: number;
  creditSumCentavos: Centavos;
  debitCount: number;
  debitSumCentavos: Centavos;
}

/** Records of a camt stream, in document order. */
export type Camt054Record =
  | { kind: 'header'; messageName: string | undefined; messageId?: string; creationDateTime?: string }
  | { kind: 'entry'; entry: CamtEntry }
  | { kind: 'notification'; notification: CamtNotification }
  | { kind: 'warning'; warning: ReadWarning };

/** A whole notification file in memory. */
export interface Camt054Report {
  messageName: string | undefined;
  messageId?: string;
  creationDateTime?: string;
  notifications: CamtNotification[];
  entries: CamtEntry[];
  warnings: ReadWarning[];
}

/**
 * Streams a camt.054 (or camt.053/052) file: a `header` record, then each `entry` as it closes and,
 * after a notification's entries, a `notification` record with its declared and counted totals (a
 * difference also gives a `summary_mismatch` warning). Ends with a `failure` item when the file is
 * not such a message, is not well-formed, or an entry lacks a readable amount, sign or status.
 *
 * @example
 *   for await (const item of streamCamt054('notification.xml')) {
 *     if (item.kind === 'entry') for (const d of item.entry.details) statuses.set(d.endToEndId, item.entry.status);
 *   }
 */
export function streamCamt054(filePath: string): AsyncGenerator<Streamed<Camt054Record>> {
  return readXmlStream(filePath, new CamtSink());
}

/**
 * Reads a whole camt.054 (or camt.053/052) file into memory.
 *
 * @example const read = await readCamt054File('notification.xml'); if (read.ok) return read.value.entries.length;
 */
export async function readCamt054File(filePath: string): Promise<Result<Camt054Report, ReadFailure>> {
  const report: Camt054Report = { messageName: undefined, notifications: [], entries: [], warnings: [] };
  for await (const item of streamCamt054(filePath)) {
    switch (item.kind) {
      case 'failure':
        return fail(item.failure);
      case 'header':
        report.messageName = item.messageName;
        report.messageId = item.messageId;
        report.creationDateTime = item.creationDateTime;
        break;
      case 'entry':
        report.entries.push(item.entry);
        break;
      case 'notification':
        report.notifications.push(item.notification);
        break;
      case 'warning':
        report.warnings.push(item.warning);
        break;
    }
  }
  return ok(report);
}

/** The message elements read, and the container of entries each one uses. */
const MESSAGES: Readonly<Record<string, string>> = {
  BkToCstmrDbtCdtNtfctn: 'Ntfctn',
  BkToCstmrStmt: 'Stmt',
  BkToCstmrAcctRpt: 'Rpt',
};

interface Container {
  id: string;
  accountId?: string;
  accountCurrency?: string;
  counted: CamtTotals;
  declared: Partial<CamtTotals>;
  line: number;
}

type Draft = Omit<CamtEntry, 'amountCentavos' | 'currency' | 'creditDebit' | 'status' | 'reversal'> & {
  amountText?: string;
  currency?: string;
  creditDebitText?: string;
  status?: string;
  reversalText?: string;
};

class CamtSink implements XmlSink<Camt054Record> {
  private out: Camt054Record[] = [];
  private identity: MessageIdentity | undefined;
  private containerName: string | undefined;
  private headerEmitted = false;
  private messageId: string | undefined;
  private creationDateTime: string | undefined;
  private container: Container | undefined;
  private entry: Draft | undefined;
  private details: CamtTransactionDetails | undefined;

  start(identity: MessageIdentity, line: number): ReadFailure | undefined {
    this.identity = identity;
    const name = identity.messageName;
    if (name !== undefined && !/^camt\.05[234]\./.test(name)) {
      return {
        code: 'message_unexpected',
        expected: 'camt.054',
        found: name,
        line,
      };
    }
    if (identity.namespaceMiscased) {
      this.warn('namespace_attribute_miscased', `the namespace is declared with a miscased attribute`, line);
    } else if (name === undefined) {
      this.warn('namespace_missing', 'the root element carries no ISO 20022 namespace', line);
    }
    return undefined;
  }

  open(element: ElementContext): ReadFailure | undefined {
    const { name, parent } = element;
    if (MESSAGES[name] !== undefined && this.containerName === undefined) {
      this.containerName = MESSAGES[name];
      return undefined;
    }
    if (name === this.containerName) {
      this.emitHeader();
      this.container = { id: '', counted: emptyTotals(), declared: {}, line: element.line };
    } else if (name === 'Ntry' && parent === this.containerName) {
      this.entry = {
        notificationId: this.container?.id ?? '',
        accountId: this.container?.accountId,
        details: [],
        line: element.line,
      };
    } else if (name === 'TxDtls' && this.entry) {
      this.details = { remittance: [], line: element.line };
    } else if (name === 'RtrInf' && this.details) {
      this.details.returnReason = { additionalInfo: [] };
    }
    return undefined;
  }

  close(element: ElementContext, raw: string): ReadFailure | undefined {
    const { name, parent, grandparent, path } = element;
    const text = raw.trim();
    if (this.containerName === undefined) {
      return undefined;
    }
    if (parent === 'GrpHdr') {
      if (name === 'MsgId') this.messageId = text;
      else if (name === 'CreDtTm') this.creationDateTime = text;
      return undefined;
    }
    if (this.details) return this.closeInDetails(element, text);
    if (this.entry) return this.closeInEntry(element, text);
    const container = this.container;
    if (!container) return undefined;
    if (name === this.containerName) {
      this.closeContainer(container);
      return undefined;
    }
    if (parent === this.containerName) {
      if (name === 'Id') container.id = text;
      return undefined;
    }
    const depth = path.length;
    if (path[depth - 4] === 'Acct' || (grandparent === 'Acct' && name === 'IBAN')) {
      if (
        (name === 'IBAN' && parent === 'Id') ||
        (name === 'Id' && parent === 'Othr' && grandparent === 'Id')
      ) {
        container.accountId = text;
      }
      return undefined;
    }
    if (parent === 'Acct' && name === 'Ccy') {
      container.accountCurrency = text;
      return undefined;
    }
    if (path[depth - 3] === 'TxsSummry' && (name === 'NbOfNtries' || name === 'Sum')) {
      return this.declaredTotal(container, parent, name, text, element.line);
    }
    return undefined;
  }

  finish(): ReadFailure | undefined {
    if (this.containerName === undefined) {
      return {
        code: 'message_unexpected',
        expected: 'camt.054',
      };
    }
    this.emitHeader();
    return undefined;
  }

  drain(): Camt054Record[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private closeInEntry(element: ElementContext, text: string): ReadFailure | undefined {
    const entry = this.entry!;
    const { name, parent, grandparent } = element;
    if (name === 'Ntry') return this.closeEntry(entry, element.line);
    if (parent === 'Ntry') {
      switch (name) {
        case 'NtryRef':
          entry.entryReference = text;
          break;
        case 'Amt':
          entry.amountText = text;
          entry.currency = element.attributes['Ccy'];
          break;
        case 'CdtDbtInd':
          entry.creditDebitText = text;
          break;
        case 'RvslInd':
          entry.reversalText = text;
          break;
        case 'Sts':
          // camt .02: <Sts>BOOK</Sts>; later versions: <Sts><Cd>BOOK</Cd></Sts> (set below).
          if (text !== '' && entry.status === undefined) entry.status = text;
          break;
        case 'AcctSvcrRef':
          entry.accountServicerReference = text;
          break;
        case 'AddtlNtryInf':
          entry.additionalInfo = text;
          break;
      }
      return undefined;
    }
    if (parent === 'Sts' && grandparent === 'Ntry' && (name === 'Cd' || name === 'Prtry')) {
      entry.status = text;
    } else if ((parent === 'BookgDt' || parent === 'ValDt') && (name === 'Dt' || name === 'DtTm')) {
      if (parent === 'BookgDt') entry.bookingDate = text;
      else entry.valueDate = text;
    } else if (element.path.includes('BkTxCd')) {
      entry.bankTransactionCode ??= {};
      const code = entry.bankTransactionCode;
      if (name === 'Cd' && parent === 'Domn') code.domain = text;
      else if (name === 'Cd' && parent === 'Fmly') code.family = text;
      else if (name === 'SubFmlyCd') code.subFamily = text;
      else if (name === 'Cd' && parent === 'Prtry') code.proprietary = text;
    }
    return undefined;
  }

  private closeInDetails(element: ElementContext, text: string): ReadFailure | undefined {
    const details = this.details!;
    const { name, parent, grandparent, path } = element;
    if (name === 'TxDtls') {
      this.entry?.details.push(details);
      this.details = undefined;
      return undefined;
    }
    if (parent === 'Refs' && grandparent === 'TxDtls') {
      switch (name) {
        case 'MsgId':
          details.messageId = text;
          break;
        case 'AcctSvcrRef':
          details.accountServicerReference = text;
          break;
        case 'PmtInfId':
          details.paymentInformationId = text;
          break;
        case 'InstrId':
          details.instructionId = text;
          break;
        case 'EndToEndId':
          details.endToEndId = text;
          break;
        case 'UETR':
          details.uetr = text;
          break;
        case 'TxId':
          details.transactionId = text;
          break;
      }
      return undefined;
    }
    const isTransactionAmount =
      name === 'Amt' &&
      (parent === 'TxDtls' ||
        (parent === 'TxAmt' && grandparent === 'AmtDtls' && details.amountCentavos === undefined));
    if (isTransactionAmount) {
      const amount = parseAmountCentavos(text);
      if (amount === undefined) return invalid('transaction_amount', text, element.line);
      details.amountCentavos = amount;
      details.currency = element.attributes['Ccy'];
      return undefined;
    }
    if (name === 'CdtDbtInd' && parent === 'TxDtls') {
      if (text === 'CRDT' || text === 'DBIT') details.creditDebit = text;
      return undefined;
    }
    if (name === 'Ustrd' && parent === 'RmtInf') {
      details.remittance.push(text);
      return undefined;
    }
    if (details.returnReason && path.includes('RtrInf')) {
      if (parent === 'Rsn' && name === 'Cd') details.returnReason.code = text;
      else if (parent === 'Rsn' && name === 'Prtry') details.returnReason.proprietary = text;
      else if (parent === 'RtrInf' && name === 'AddtlInf') details.returnReason.additionalInfo.push(text);
      return undefined;
    }
    const parties = path.indexOf('RltdPties');
    if (parties !== -1 && path[parties + 1] === 'Cdtr') {
      // .02: RltdPties/Cdtr/Nm; later: RltdPties/Cdtr/Pty/Nm.
      if (name === 'Nm' && (parent === 'Cdtr' || (parent === 'Pty' && grandparent === 'Cdtr')))
        details.creditorName = text;
    } else if (parties !== -1 && path[parties + 1] === 'CdtrAcct') {
      if (name === 'IBAN' || (name === 'Id' && parent === 'Othr')) details.creditorAccountId = text;
    }
    return undefined;
  }

  private closeEntry(entry: Draft, line: number): ReadFailure | undefined {
    this.entry = undefined;
    const amountCentavos = entry.amountText === undefined ? undefined : parseAmountCentavos(entry.amountText);
    if (amountCentavos === undefined) {
      return invalid('entry_amount', entry.amountText ?? '', entry.line);
    }
    if (entry.currency === undefined || entry.currency === '')
      return invalid('entry_currency', undefined, entry.line);
    const creditDebit = entry.creditDebitText;
    if (creditDebit !== 'CRDT' && creditDebit !== 'DBIT') {
      return invalid('entry_credit_debit', creditDebit ?? '', entry.line);
    }
    if (entry.status === undefined || entry.status === '')
      return invalid('entry_status', undefined, entry.line);
    const done: CamtEntry = {
      notificationId: entry.notificationId,
      accountId: entry.accountId,
      entryReference: entry.entryReference,
      amountCentavos,
      currency: entry.currency,
      creditDebit,
      reversal: entry.reversalText === 'true' || entry.reversalText === '1',
      status: entry.status,
      bookingDate: entry.bookingDate,
      valueDate: entry.valueDate,
      accountServicerReference: entry.accountServicerReference,
      bankTransactionCode: entry.bankTransactionCode,
      additionalInfo: entry.additionalInfo,
      details: entry.details,
      line,
    };
    const accountCurrency = this.container?.accountCurrency;
    if (accountCurrency !== undefined && accountCurrency !== entry.currency) {
      // Totals add amounts as written; an entry in another currency makes them meaningless.
      this.warn(
        'currency_mismatch',
        `entry of ${entry.currency} ${entry.amountText} on an account kept in ${accountCurrency}`,
        entry.line,
      );
    }
    const counted = this.container?.counted;
    if (counted) {
      counted.entryCount++;
      counted.sumCentavos += amountCentavos;
      if (creditDebit === 'CRDT') {
        counted.creditCount++;
        counted.creditSumCentavos += amountCentavos;
      } else {
        counted.debitCount++;
        counted.debitSumCentavos += amountCentavos;
      }
    }
    this.out.push({ kind: 'entry', entry: done });
    return undefined;
  }

  private closeContainer(container: Container) {
    this.container = undefined;
    const { counted, declared } = container;
    const differences = (Object.keys(declared) as (keyof CamtTotals)[]).filter(
      (key) => declared[key] !== counted[key],
    );
    if (differences.length > 0) {
      this.warn(
        'summary_mismatch',
        `notification ${container.id}: ${differences
          .map((key) => `${key} declared ${declared[key]}, counted ${counted[key]}`)
          .join('; ')}`,
        container.line,
      );
    }
    this.out.push({
      kind: 'notification',
      notification: {
        notificationId: container.id,
        accountId: container.accountId,
        accountCurrency: container.accountCurrency,
        counted,
        declared,
        line: container.line,
      },
    });
  }

  private declaredTotal(
    container: Container,
    group: string,
    name: string,
    text: string,
    line: number,
  ): ReadFailure | undefined {
    const keys: Record<string, [keyof CamtTotals, keyof CamtTotals]> = {
      TtlNtries: ['entryCount', 'sumCentavos'],
      TtlCdtNtries: ['creditCount', 'creditSumCentavos'],
      TtlDbtNtries: ['debitCount', 'debitSumCentavos'],
    };
    const pair = keys[group];
    if (!pair) return undefined;
    if (name === 'NbOfNtries') {
      if (!/^\d{1,15}$/.test(text)) return invalid('summary_count', text, line);
      (container.declared as Record<string, unknown>)[pair[0]] = Number(text);
    } else {
      const amount = parseAmountCentavos(text);
      if (amount === undefined) return invalid('summary_sum', text, line);
      (container.declared as Record<string, unknown>)[pair[1]] = amount;
    }
    return undefined;
  }

  private emitHeader() {
    if (this.headerEmitted) return;
    this.headerEmitted = true;
    this.out.push({
      kind: 'header',
      messageName: this.identity?.messageName,
      messageId: this.messageId,
      creationDateTime: this.creationDateTime,
    });
  }

  private warn(code: ReadWarning['code'], message: string, line: number) {
    this.out.push({ kind: 'warning', warning: { code, message, line } });
  }
}

function emptyTotals(): CamtTotals {
  return {
    entryCount: 0,
    sumCentavos: 0n,
    creditCount: 0,
    creditSumCentavos: 0n,
    debitCount: 0,
    debitSumCentavos: 0n,
  };
}

function invalid(field: InvalidValueField, value: string | undefined, line: number): ReadFailure {
  return { code: 'value_invalid', field, ...(value === undefined ? {} : { value }), line };
}
