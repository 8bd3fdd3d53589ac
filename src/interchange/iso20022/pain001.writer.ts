/**
 * Streamed `pain.001.001.03` (customer credit transfer initiation) for account deposits: one
 * debtor (the paying ministry's account), one creditor bank, one payment information block, any
 * number of transactions, written in constant memory apart from the set of identifiers that proves
 * they are unique.
 *
 * The group header comes first but its totals (`NbOfTxs`, `CtrlSum`) are only known at the end.
 * Either the caller declares them up front (e.g. a file written again from recorded rows) and the
 * writer checks them against what actually streamed by; or it declares none, and the writer leaves
 * room for them: the totals are written at a fixed width, padded with spaces after the element
 * (whitespace between elements means nothing to XML or the XSD), so the header with the real totals
 * is as long as the placeholder and overwrites it in place at the end. The file's SHA-256 is then
 * one read of the file (its first bytes were not known while the rest was written). Either way the
 * file is written under a `.partial` name and renamed into place only when everything agrees, so a
 * file with a wrong header never exists under the final name. See docs/adr/0005-iso20022.md.
 */

import { createHash } from 'node:crypto';
import { access, type FileHandle, rename, rm } from 'node:fs/promises';
import { fail, ok, type Result } from '../../shared/failure.ts';
import type { Centavos } from '../../shared/money.ts';
import { openPrivateFile } from '../../shared/private-files.ts';
import type { Pain001Failure, Pain001Issue } from './iso20022.failures.ts';
import {
  cleanText,
  describeIdentifierProblem,
  escapeXml,
  formatAmountCentavos,
  identifierProblem,
  isBic,
  isIsoDate,
  isIsoDateTime,
  type TextMode,
} from './text.ts';

/** The namespace of the only pain.001 version ayni writes: the one most banks accept. */
export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

/** The paying account: the ministry's account at its own bank (the debtor agent). */
export interface Pain001Debtor {
  /** Account holder name, e.g. 'Ministerio de Economia y Finanzas Publicas'. */
  name: string;
  /** Account number at the debtor agent, as the bank writes it (Bolivian accounts are not IBANs). */
  accountId: string;
  /** BIC of the debtor agent, e.g. 'BUNIBOLX' (Banco Union). */
  agentBic: string;
  /** Identifier the bank gave the ministry as a customer, written in InitgPty/Id/OrgId/Othr/Id. */
  initiatingPartyId?: string;
}

/** The bank that holds every creditor account in this file: a BIC, or an identifier the debtor bank knows. */
export interface Pain001CreditorAgent {
  bic?: string;
  /** A non-BIC identifier of the bank (e.g. its code at the clearing house), written in FinInstnId/Othr/Id. */
  otherId?: string;
  /** The bank's name, e.g. 'Banco Nacional de Bolivia'. */
  name?: string;
}

/** Everything about one file except its transactions. */
export interface Pain001FileSpec {
  /** Unique per file and never reused: banks refuse a repeated MsgId (reason DU01). */
  messageId: string;
  /** The creation time to write, e.g. '2020-12-01T08:00:00-04:00'; the writer reads no clock. */
  creationDateTime: string;
  /** Identifier of the one payment information block, unique per file. */
  paymentInformationId: string;
  /** The day the debtor bank should execute the transfers, YYYY-MM-DD. */
  requestedExecutionDate: string;
  debtor: Pain001Debtor;
  creditorAgent: Pain001CreditorAgent;
  /**
   * Number of transactions the caller will stream; must match exactly. Omitted (with the sum): the
   * header carries what streamed by, written once the last transaction has.
   */
  expectedTransactionCount?: number;
  /** Sum of their amounts; must match exactly. Given with the count or not at all. */
  expectedControlSumCentavos?: Centavos;
  /** Remittance line for transactions that do not bring their own, e.g. 'Bono Contra el Hambre DS 4392'. */
  defaultRemittanceText?: string;
  /** ExternalCategoryPurpose1Code for the whole block, e.g. 'GOVT' (government payment). */
  categoryPurposeCode?: string;
  /** Who bears the charges; 'DEBT' (default) so that the beneficiary receives the whole amount. */
  chargeBearer?: 'DEBT' | 'CRED' | 'SHAR' | 'SLEV';
  /** true: one debit on the ministry's account for the whole block; false: one per transaction. Omitted by default. */
  batchBooking?: boolean;
  /** Free text handling; 'basic-latin' (default) is what every bank accepts. */
  textMode?: TextMode;
  /** How many transaction issues to report in detail before only counting them (default 100). */
  maxReportedIssues?: number;
}

/** One deposit. */
export interface Pain001CreditTransfer {
  /** Caller-chosen, unique in the file, ≤ 35 characters; the key that comes back in pain.002 and camt.054. */
  endToEndId: string;
  /** Point-to-point reference with the debtor bank; defaults to the EndToEndId. */
  instructionId?: string;
  amountCentavos: Centavos;
  creditorName: string;
  /** Account number at the creditor bank (Othr/Id, ≤ 34 characters). */
  creditorAccountId: string;
  /** National identity number of the single account holder (CI and complemento), written with scheme NIDN. */
  creditorIdentityNumber?: string;
  /** Overrides the file's default remittance line. */
  remittanceText?: string;
}

export type { Pain001Failure, Pain001Issue } from './iso20022.failures.ts';

/** What was written. */
export interface Pain001Written {
  filePath: string;
  messageId: string;
  paymentInformationId: string;
  transactionCount: number;
  controlSumCentavos: Centavos;
  sizeBytes: number;
  /** SHA-256 of the file exactly as written, for the audit record of what went to the bank. */
  sha256: string;
  /** Free-text fields whose characters had to change to fit the text mode. */
  transliteratedFieldCount: number;
  /** Free-text fields cut to their maximum length. */
  truncatedFieldCount: number;
}

/** A transaction as given, or prepared (checked) already. */
export type Pain001Transaction = Pain001CreditTransfer | PreparedCreditTransfer;

/**
 * Transactions one by one or in batches (as a cursor reads them), or batches rendered ahead for
 * the same file (renderPain001Batch), synchronously or not.
 */
export type TransactionSource =
  | AsyncIterable<Pain001Transaction | readonly Pain001Transaction[] | RenderedPain001Batch>
  | Iterable<Pain001Transaction | readonly Pain001Transaction[] | RenderedPain001Batch>;

export interface WritePain001Options {
  /** Replace an existing file of that name. Off by default: a file may already have gone to the bank. */
  overwrite?: boolean;
  /**
   * The caller gives the transactions in strictly ascending EndToEndId order (by code point), with
   * no explicit InstrId: the writer then checks the order instead of remembering every identifier,
   * which makes them unique in constant memory (a set of 500,000 identifiers cost the garbage
   * collector more than the rest of the writing). A transaction out of order is an issue.
   */
  ascendingIds?: boolean;
  /**
   * How much is written between two write-backs to disk while the file streams (default 32 MB);
   * for tests, which write small files.
   */
  writeBackEveryBytes?: number;
}

/** XSD `Max15NumericText` for NbOfTxs. */
const MAX_TRANSACTION_COUNT = 999_999_999_999_999;
/** `totalDigits 18` with two of them decimals, for amounts and the control sum. */
const MAX_AMOUNT_CENTAVOS = 10n ** 18n - 1n;
/** Output goes to the file system in chunks of this size: large enough to keep system calls rare. */
const CHUNK_BYTES = 1024 * 1024;
/** Whether some file being written is being written back to disk now (see flush). */
let writeBackInProgress = false;
/** How much is written between two write-backs to disk (fdatasync) while a file streams. */
const WRITE_BACK_EVERY_BYTES = 32 * 1024 * 1024;
/** Read size when a finished file is hashed. */
const HASH_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Widths the header's totals are written at, so that the real totals can replace a placeholder in
 * place: NbOfTxs is Max15NumericText; CtrlSum has at most 18 digits, of which we write 2 decimals
 * (16 whole digits, the point, 2 decimals).
 */
const NB_OF_TXS_WIDTH = 15;
const CTRL_SUM_WIDTH = 19;
/**
 * A chunk is handed over once less than this is free. One transaction is at most about 4 KiB
 * (identifiers of ≤ 35 ASCII characters, two texts of ≤ 140 characters of ≤ 4 bytes, escaped), the
 * header less than that, so a piece never meets the end of a chunk, where `Buffer.write` would cut it.
 */
const CHUNK_MARGIN_BYTES = 64 * 1024;
const DEFAULT_MAX_REPORTED_ISSUES = 100;

/**
 * Streams a pain.001.001.03 file for one creditor bank. Transactions come from any (async)
 * iterable, one by one or in arrays (e.g. the batches of a database cursor); the file is assembled under `<filePath>.partial` and renamed to
 * `filePath` only when every transaction is valid and the count and sum equal the declared ones.
 * Invalid transactions do not stop the reading: the failure lists the first issues and counts all.
 *
 * @example
 *   const result = await writePain001File('out/BNB-R1.xml', {
 *     messageId: 'BCH-R1-BNB', creationDateTime: '2020-12-01T08:00:00-04:00',
 *     paymentInformationId: 'BCH-R1-BNB-1', requestedExecutionDate: '2020-12-02',
 *     debtor: { name: 'Ministerio de Economia y Finanzas Publicas', accountId: '1-4567890', agentBic: 'BUNIBOLX' },
 *     creditorAgent: { bic: 'BNBOBOLX' },
 *     expectedTransactionCount: 1, expectedControlSumCentavos: 100_000n,
 *     defaultRemittanceText: 'Bono Contra el Hambre DS 4392',
 *   }, [{ endToEndId: 'BCH-R1-0000001', amountCentavos: 100_000n, creditorName: 'Juana Mamani', creditorAccountId: '3001234567' }]);
 *   if (!result.ok) return result.error.code; // its words: describeFailure(result.error, lang) in src/messages
 */
export async function writePain001File(
  filePath: string,
  spec: Pain001FileSpec,
  transactions: TransactionSource,
  options: WritePain001Options = {},
): Promise<Result<Pain001Written, Pain001Failure>> {
  const problems = specProblems(spec);
  if (problems.length > 0) {
    return fail({ code: 'pain001_spec_invalid', problems });
  }
  if (!options.overwrite && (await exists(filePath))) {
    return fail({ code: 'pain001_file_exists', filePath });
  }

  const mode = spec.textMode ?? 'basic-latin';
  const maxReportedIssues = spec.maxReportedIssues ?? DEFAULT_MAX_REPORTED_ISSUES;
  const declared = spec.expectedTransactionCount;
  const partialPath = `${filePath}.partial`;
  // Read as well as written: a file whose header is filled in at the end is read back to be hashed.
  // Names and accounts of the creditors: readable by ayni's own account only (0600).
  const file = await openPrivateFile(partialPath, 'w+');
  // Without declared totals the header is rewritten at the end, so the hash is taken afterwards.
  const hash = declared === undefined ? undefined : createHash('sha256');
  let sizeBytes = 0;
  // Two chunks alternate: one is filled while the other is being written. Writing pieces straight
  // into a buffer is about five times cheaper than concatenating strings and encoding them.
  const chunks = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  const inFlight: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let chunkIndex = 0;
  let chunk = chunks[0]!;
  let offset = 0;
  const encoding = byteEncoding(mode);
  const put = (text: string) => {
    offset += chunk.write(text, offset, encoding);
  };
  const flush = async () => {
    const filled = chunk.subarray(0, offset);
    hash?.update(filled);
    // Two writes are in flight at once, so each names its position: writes without one use the
    // file's current offset, and the thread pool may run them in either order (seen under load: a
    // later chunk landed before an earlier one and the file had two roots).
    const position = sizeBytes;
    sizeBytes += offset;
    inFlight[chunkIndex] = file.write(filled, 0, filled.length, position);
    chunkIndex = 1 - chunkIndex;
    chunk = chunks[chunkIndex]!;
    offset = 0;
    // Written back to disk as the file grows, so that the fsync before the rename has little left
    // to do (a whole file at once took 30–95 ms per file at the end of the bench country's export).
    // One write-back at a time across every file being written: an fdatasync holds a thread of
    // libuv's pool (four) until the disk has the bytes, and eight files syncing at once left the
    // writes queued behind them and the export waiting for its writers.
    if (sizeBytes - syncedBytes >= writeBackEvery && !writeBackInProgress) {
      writeBackInProgress = true;
      syncedBytes = sizeBytes;
      writtenBack = file.datasync().finally(() => {
        writeBackInProgress = false;
      });
      // Observed now, rethrown by settle(): an error of the disk fails the file.
      writtenBack.catch(() => undefined);
    }
    await inFlight[chunkIndex];
  };
  let syncedBytes = 0;
  const writeBackEvery = options.writeBackEveryBytes ?? WRITE_BACK_EVERY_BYTES;
  let writtenBack: Promise<unknown> = Promise.resolve();
  const settle = () => Promise.all([...inFlight, writtenBack]);

  let renamed = false;
  try {
    const fixed = fixedParts(spec, mode);
    let transliteratedFieldCount = fixed.transliterated;
    let truncatedFieldCount = fixed.truncated;
    // Without declared totals, a placeholder as long as the header with the real ones.
    const placeholder = fixed.header(declared ?? 0, spec.expectedControlSumCentavos ?? 0n);
    // specProblems refused declared totals beyond MAX_TRANSACTION_COUNT and MAX_AMOUNT_CENTAVOS,
    // which are what the widths hold.
    if (placeholder === undefined) throw new Error('declared pain.001 totals wider than the header');
    put(placeholder);

    const issues: Pain001Issue[] = [];
    let issueCount = 0;
    const report = (issue: Pain001Issue) => {
      issueCount++;
      if (issues.length < maxReportedIssues) issues.push(issue);
    };
    const endToEndIds = new Set<string>();
    const instructionIds = new Set<string>();
    const ascending = options.ascendingIds === true;
    let lastEndToEndId = '';
    let count = 0;
    let sumCentavos = 0n;

    /** Checks and writes one transaction; true when the chunk is full and must be flushed. */
    const handle = (item: Pain001CreditTransfer | PreparedCreditTransfer): boolean => {
      const index = count++;
      // Past the declared count the file is failed already; stop remembering identifiers so that a
      // runaway input cannot grow memory without bound.
      const remember = declared === undefined || count <= declared;
      if (!remember && count === declared! + 1) {
        report({
          index,
          endToEndId: String(item.endToEndId ?? ''),
          code: 'too_many_transactions',
          message: `transaction ${index + 1} is beyond the ${declared} declared`,
        });
      }
      let tx: PreparedCreditTransfer | undefined;
      let problems: readonly TransactionProblem[] = [];
      if (item instanceof PreparedCreditTransfer) {
        if (item.mode !== mode)
          throw new Error(
            `transaction ${item.endToEndId} was prepared for ${item.mode} text, the file is ${mode}`,
          );
        tx = item;
      } else {
        const prepared = prepareCreditTransfer(item, mode);
        if (prepared.ok) tx = prepared.value;
        else problems = prepared.error;
      }
      const endToEndId = tx?.endToEndId ?? String(item.endToEndId ?? '');
      const explicitInstructionId = tx ? tx.instructionId : (item as Pain001CreditTransfer).instructionId;
      const e2eValid = !problems.some((p) => p.code === 'end_to_end_id_invalid');
      const instructionValid = !problems.some((p) => p.code === 'instruction_id_invalid');
      for (const p of problems)
        if (p.code === 'end_to_end_id_invalid')
          report({ index, endToEndId, code: p.code, message: p.message });

      // Unique identifiers: remembered, or (ascendingIds) in strictly ascending order.
      const e2eRepeated =
        e2eValid && (ascending ? endToEndId === lastEndToEndId : endToEndIds.has(endToEndId));
      const e2eOutOfOrder = ascending && e2eValid && endToEndId < lastEndToEndId;
      if (e2eRepeated) {
        report({
          index,
          endToEndId,
          code: 'end_to_end_id_duplicate',
          message: `EndToEndId '${endToEndId}' appears more than once in the file`,
        });
      } else if (e2eOutOfOrder) {
        report({
          index,
          endToEndId,
          code: 'end_to_end_id_out_of_order',
          message: `EndToEndId '${endToEndId}' comes after '${lastEndToEndId}': the file was to be written in ascending order`,
        });
      } else if (e2eValid && ascending) {
        lastEndToEndId = endToEndId;
      } else if (e2eValid && remember) {
        endToEndIds.add(endToEndId);
      }
      // InstrId defaults to the EndToEndId; explicit or not, it must be unique too (banks refuse a
      // repeated one, as the Cross River sample shows). The set holds the same string objects as
      // the EndToEndId set, so it costs its entries only.
      const instructionId = explicitInstructionId ?? endToEndId;
      for (const p of problems)
        if (p.code === 'instruction_id_invalid')
          report({ index, endToEndId, code: p.code, message: p.message });
      if (explicitInstructionId === undefined && (!e2eValid || e2eRepeated || e2eOutOfOrder)) {
        // Already reported as an EndToEndId issue: the defaulted InstrId adds nothing.
      } else if (!instructionValid) {
        // Reported above.
      } else if (ascending && explicitInstructionId === undefined) {
        // Defaulted to an EndToEndId that is in order, hence unique.
      } else if (ascending) {
        report({
          index,
          endToEndId,
          code: 'instruction_id_invalid',
          message: `InstrId '${instructionId}' is given, but the file was to be written in EndToEndId order with InstrIds defaulted`,
        });
      } else if (instructionIds.has(instructionId)) {
        report({
          index,
          endToEndId,
          code: 'instruction_id_duplicate',
          message: `InstrId '${instructionId}' appears more than once in the file`,
        });
      } else if (remember) {
        instructionIds.add(instructionId);
      }
      for (const p of problems)
        if (p.code !== 'end_to_end_id_invalid' && p.code !== 'instruction_id_invalid')
          report({ index, endToEndId, code: p.code, message: p.message });

      // Once anything is wrong the file cannot be sent: keep checking, stop writing.
      if (tx === undefined || issueCount > 0 || !remember) return false;
      sumCentavos += tx.amountCentavos;
      transliteratedFieldCount += tx.transliterated;
      truncatedFieldCount += tx.truncated;
      put(transactionLine(tx, fixed));
      return offset > CHUNK_BYTES - CHUNK_MARGIN_BYTES;
    };

    /** Takes a batch rendered ahead: checks it against the file, then copies its bytes. */
    const putBatch = async (batch: RenderedPain001Batch) => {
      if (batch.spec !== spec) throw new Error('a rendered batch was made for another file');
      if (!ascending) throw new Error('rendered batches are written with ascendingIds');
      const index = count;
      count += batch.count;
      if (declared !== undefined && count > declared) {
        // Reported once, at the first transaction beyond the declared count.
        if (index <= declared)
          report({
            index: declared,
            endToEndId: batch.firstEndToEndId,
            code: 'too_many_transactions',
            message: `transaction ${declared + 1} is beyond the ${declared} declared`,
          });
        return;
      }
      if (batch.firstEndToEndId <= lastEndToEndId) {
        report({
          index,
          endToEndId: batch.firstEndToEndId,
          code:
            batch.firstEndToEndId === lastEndToEndId
              ? 'end_to_end_id_duplicate'
              : 'end_to_end_id_out_of_order',
          message: `EndToEndId '${batch.firstEndToEndId}' comes after '${lastEndToEndId}': the file was to be written in ascending order`,
        });
        return;
      }
      lastEndToEndId = batch.lastEndToEndId;
      if (issueCount > 0) return;
      sumCentavos += batch.sumCentavos;
      transliteratedFieldCount += batch.transliterated;
      truncatedFieldCount += batch.truncated;
      for (let from = 0; from < batch.bytes.length; ) {
        const n = Math.min(batch.bytes.length - from, CHUNK_BYTES - offset);
        batch.bytes.copy(chunk, offset, from, from + n);
        offset += n;
        from += n;
        if (offset > CHUNK_BYTES - CHUNK_MARGIN_BYTES) await flush();
      }
    };

    // A database cursor yields rows in batches: arrays are taken whole, which spares an await per
    // row; a synchronous source is read without any await between flushes.
    if (Symbol.asyncIterator in transactions) {
      for await (const item of transactions) {
        if (Array.isArray(item)) {
          for (const tx of item) if (handle(tx)) await flush();
        } else if (item instanceof RenderedPain001Batch) {
          await putBatch(item);
        } else if (handle(item as Pain001Transaction)) {
          await flush();
        }
      }
    } else {
      for (const item of transactions) {
        if (Array.isArray(item)) {
          for (const tx of item) if (handle(tx)) await flush();
        } else if (item instanceof RenderedPain001Batch) {
          await putBatch(item);
        } else if (handle(item as Pain001Transaction)) {
          await flush();
        }
      }
    }

    const totalsAgree =
      declared === undefined || (count === declared && sumCentavos === spec.expectedControlSumCentavos);
    if (issueCount > 0 || !totalsAgree) {
      return fail({
        code: issueCount > 0 ? 'pain001_transactions_invalid' : 'pain001_totals_mismatch',
        issues,
        issueCount,
        expectedTransactionCount: declared,
        actualTransactionCount: count,
        expectedControlSumCentavos: spec.expectedControlSumCentavos,
        actualControlSumCentavos: sumCentavos,
      });
    }
    if (count === 0) {
      return fail({ code: 'pain001_empty' });
    }

    put('    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n');
    await flush();
    await settle();
    let sha256: string;
    if (hash !== undefined) {
      sha256 = hash.digest('hex');
    } else {
      const header = fixed.header(count, sumCentavos);
      if (header === undefined) {
        return fail({
          code: 'pain001_totals_mismatch',
          headerWholeDigits: CTRL_SUM_WIDTH - 3,
          issues,
          issueCount,
          expectedTransactionCount: undefined,
          actualTransactionCount: count,
          expectedControlSumCentavos: undefined,
          actualControlSumCentavos: sumCentavos,
        });
      }
      const bytes = Buffer.from(header, encoding);
      // Same length by construction (fixed-width totals); checked because a shorter or longer
      // header would silently corrupt the first transaction.
      if (bytes.length !== Buffer.byteLength(placeholder, encoding))
        throw new Error('pain.001 header changed length when its totals were filled in');
      await file.write(bytes, 0, bytes.length, 0);
      sha256 = await hashFile(file, sizeBytes);
    }
    // The file goes to a bank: make it durable before it appears under its final name.
    await file.sync();
    await file.close();
    await rename(partialPath, filePath);
    renamed = true;
    return ok({
      filePath,
      messageId: spec.messageId,
      paymentInformationId: spec.paymentInformationId,
      transactionCount: count,
      controlSumCentavos: sumCentavos,
      sizeBytes,
      sha256,
      transliteratedFieldCount,
      truncatedFieldCount,
    });
  } finally {
    if (!renamed) {
      await settle().catch(() => undefined);
      await file.close().catch(() => undefined);
      await rm(partialPath, { force: true });
    }
  }
}

/** SHA-256 of the first `sizeBytes` of an open file: the next chunk is read while one is hashed. */
async function hashFile(file: FileHandle, sizeBytes: number): Promise<string> {
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafe(HASH_CHUNK_BYTES), Buffer.allocUnsafe(HASH_CHUNK_BYTES)];
  const read = (i: number, position: number) =>
    file.read(buffers[i]!, 0, Math.min(HASH_CHUNK_BYTES, sizeBytes - position), position);
  let position = 0;
  let i = 0;
  let reading = position < sizeBytes ? read(i, position) : undefined;
  while (reading !== undefined) {
    const { bytesRead } = await reading;
    if (bytesRead === 0)
      throw new Error(`pain.001 file ended at ${position} of ${sizeBytes} bytes while hashing`);
    const filled = buffers[i]!.subarray(0, bytesRead);
    position += bytesRead;
    i = 1 - i;
    reading = position < sizeBytes ? read(i, position) : undefined;
    hash.update(filled);
  }
  return hash.digest('hex');
}

/** What is wrong with one transaction by itself (its file adds uniqueness, order and totals). */
export interface TransactionProblem {
  code: Exclude<
    Pain001Issue['code'],
    | 'end_to_end_id_duplicate'
    | 'end_to_end_id_out_of_order'
    | 'instruction_id_duplicate'
    | 'too_many_transactions'
  >;
  message: string;
}

/**
 * A transaction checked and rendered once by {@link prepareCreditTransfer}; a writer takes it as
 * it is (the file still checks the uniqueness or order of its identifiers, and its totals). Made
 * only here, so a writer can trust it.
 */
export class PreparedCreditTransfer {
  readonly endToEndId: string;
  /** As given; undefined when it defaults to the EndToEndId. */
  readonly instructionId: string | undefined;
  readonly amountCentavos: Centavos;
  /** The text mode it was cleaned for: a file of another mode refuses it. */
  readonly mode: TextMode;
  /** The creditor's name, cleaned for the mode and escaped for XML. */
  readonly nameXml: string;
  readonly creditorAccountId: string;
  readonly creditorIdentityNumber: string | undefined;
  /** Its own remittance line, cleaned and escaped ('' for none); undefined: the file's default. */
  readonly remittance: string | undefined;
  /** How many of its free-text fields were transliterated, and cut. */
  readonly transliterated: number;
  readonly truncated: number;

  private constructor(fields: Omit<PreparedCreditTransfer, never>) {
    this.endToEndId = fields.endToEndId;
    this.instructionId = fields.instructionId;
    this.amountCentavos = fields.amountCentavos;
    this.mode = fields.mode;
    this.nameXml = fields.nameXml;
    this.creditorAccountId = fields.creditorAccountId;
    this.creditorIdentityNumber = fields.creditorIdentityNumber;
    this.remittance = fields.remittance;
    this.transliterated = fields.transliterated;
    this.truncated = fields.truncated;
  }

  /** @internal For prepareCreditTransfer only. */
  static make(fields: Omit<PreparedCreditTransfer, never>): PreparedCreditTransfer {
    return new PreparedCreditTransfer(fields);
  }
}

/**
 * Checks one transaction and renders its XML, as a writer would; for a caller that must know a
 * transaction can be written before it commits to it (the deposit export reserves each deposit in
 * the ledger first), so that the checks run once. The writer does the same for a transaction it
 * is given unprepared.
 *
 * @example const p = prepareCreditTransfer({ endToEndId: 'B1F7P0000004521', amountCentavos: 100_000n,
 *   creditorName: 'Juana Mamani', creditorAccountId: '3001234567' });
 *   if (p.ok) await writePain001File(file, spec, [p.value]);
 */
export function prepareCreditTransfer(
  tx: Pain001CreditTransfer,
  mode: TextMode = 'basic-latin',
): Result<PreparedCreditTransfer, TransactionProblem[]> {
  const problems: TransactionProblem[] = [];
  const endToEndId = String(tx.endToEndId ?? '');
  const e2eProblem = identifierProblem(endToEndId, 35);
  if (e2eProblem)
    problems.push({
      code: 'end_to_end_id_invalid',
      message: `EndToEndId '${endToEndId}' ${describeIdentifierProblem(e2eProblem, 35)}`,
    });
  const instructionId = tx.instructionId;
  if (instructionId !== undefined) {
    const problem = identifierProblem(instructionId, 35);
    if (problem)
      problems.push({
        code: 'instruction_id_invalid',
        message: `InstrId '${instructionId}' ${describeIdentifierProblem(problem, 35)}`,
      });
  }
  const amountCentavos = tx.amountCentavos;
  if (typeof amountCentavos !== 'bigint' || amountCentavos <= 0n) {
    problems.push({
      code: 'amount_not_positive',
      message: `amount ${String(amountCentavos)} centavos is not a positive bigint`,
    });
  } else if (amountCentavos > MAX_AMOUNT_CENTAVOS) {
    problems.push({
      code: 'amount_too_large',
      message: `amount ${amountCentavos} centavos has more than 18 digits`,
    });
  }
  const name = cleanText(String(tx.creditorName ?? ''), 140, mode);
  if (name.text === '')
    problems.push({
      code: 'creditor_name_empty',
      message: `creditor name '${String(tx.creditorName ?? '')}' has no printable characters`,
    });
  const accountId = String(tx.creditorAccountId ?? '');
  const accountProblem = identifierProblem(accountId, 34);
  if (accountProblem)
    problems.push({
      code: 'creditor_account_invalid',
      message: `creditor account '${accountId}' ${describeIdentifierProblem(accountProblem, 34)}`,
    });
  const identity = tx.creditorIdentityNumber;
  if (identity !== undefined) {
    const problem = identifierProblem(identity, 35);
    if (problem)
      problems.push({
        code: 'creditor_identity_invalid',
        message: `creditor identity number '${identity}' ${describeIdentifierProblem(problem, 35)}`,
      });
  }
  if (problems.length > 0) return fail(problems);

  let transliterated = name.transliterated ? 1 : 0;
  let truncated = name.truncated ? 1 : 0;
  let remittance: string | undefined;
  if (tx.remittanceText !== undefined) {
    const cleaned = cleanText(tx.remittanceText, 140, mode);
    remittance = cleaned.text === '' ? '' : escapeXml(cleaned.text);
    if (cleaned.transliterated) transliterated++;
    if (cleaned.truncated) truncated++;
  }
  return ok(
    PreparedCreditTransfer.make({
      endToEndId,
      instructionId,
      amountCentavos: amountCentavos as Centavos,
      mode,
      nameXml: escapeXml(name.text),
      creditorAccountId: accountId,
      creditorIdentityNumber: identity,
      remittance,
      transliterated,
      truncated,
    }),
  );
}

/**
 * How text becomes bytes. In basic-latin mode every character written is ASCII — identifiers are
 * checked, free text cleaned, numbers digits — so Latin-1 gives the same bytes as UTF-8 with a
 * plain copy instead of an encoder (a tenth of the export's time in this process went to encoding).
 */
const byteEncoding = (mode: TextMode): BufferEncoding => (mode === 'basic-latin' ? 'latin1' : 'utf8');

/** The XML line of a prepared transaction in a file (one line each: see handle in writePain001File). */
function transactionLine(tx: PreparedCreditTransfer, fixed: ReturnType<typeof fixedParts>): string {
  const remittance = tx.remittance ?? fixed.remittance;
  const instructionId = tx.instructionId ?? tx.endToEndId;
  // One line per transaction: a third of the bytes of an indented layout (bytes are what cost
  // here: encoding, hashing, writing), and a line number in an XSD error names one transaction.
  // Built as one string and written once: a write per piece cost more than the concatenation.
  const identity = tx.creditorIdentityNumber;
  const creditor =
    identity === undefined
      ? `${tx.nameXml}</Nm></Cdtr>`
      : `${tx.nameXml}</Nm><Id><PrvtId><Othr><Id>${identity}</Id><SchmeNm><Cd>NIDN</Cd></SchmeNm></Othr></PrvtId></Id></Cdtr>`;
  const tail =
    remittance === ''
      ? '</Id></Othr></Id><Ccy>BOB</Ccy></CdtrAcct></CdtTrfTxInf>\n'
      : `</Id></Othr></Id><Ccy>BOB</Ccy></CdtrAcct><RmtInf><Ustrd>${remittance}</Ustrd></RmtInf></CdtTrfTxInf>\n`;
  return `      <CdtTrfTxInf><PmtId><InstrId>${instructionId}</InstrId><EndToEndId>${tx.endToEndId}</EndToEndId></PmtId><Amt><InstdAmt Ccy="BOB">${formatAmountCentavos(tx.amountCentavos)}</InstdAmt></Amt>${fixed.creditorAgent}<Cdtr><Nm>${creditor}<CdtrAcct><Id><Othr><Id>${tx.creditorAccountId}${tail}`;
}

/**
 * Prepared transactions rendered ahead as the bytes of one file (renderPain001Batch), with what
 * the file still checks: count, sum, and the first and last EndToEndId for the order.
 */
export class RenderedPain001Batch {
  private constructor(
    /** The settings of the file it was rendered for: no other file takes it. */
    readonly spec: Pain001FileSpec,
    readonly bytes: Buffer,
    readonly count: number,
    readonly sumCentavos: Centavos,
    readonly firstEndToEndId: string,
    readonly lastEndToEndId: string,
    readonly transliterated: number,
    readonly truncated: number,
  ) {}

  /** @internal For renderPain001Batch only. */
  static make(fields: {
    spec: Pain001FileSpec;
    bytes: Buffer;
    count: number;
    sumCentavos: Centavos;
    firstEndToEndId: string;
    lastEndToEndId: string;
    transliterated: number;
    truncated: number;
  }): RenderedPain001Batch {
    return new RenderedPain001Batch(
      fields.spec,
      fields.bytes,
      fields.count,
      fields.sumCentavos,
      fields.firstEndToEndId,
      fields.lastEndToEndId,
      fields.transliterated,
      fields.truncated,
    );
  }
}

const fixedPartsBySpec = new WeakMap<Pain001FileSpec, ReturnType<typeof fixedParts>>();

/**
 * Renders prepared transactions, in strictly ascending EndToEndId order and without explicit
 * InstrIds, as the lines of the file `spec` describes, for a writer with `ascendingIds` to copy as
 * they are. For a caller that holds the transactions while other work completes (the deposit
 * export waits for its ledger transfers): as bytes they cost the garbage collector nothing, where
 * hundreds of thousands of live objects cost it a second on the bench country.
 * Pain001BatchRenderer does the same one transaction at a time.
 *
 * @example const batch = renderPain001Batch(spec, prepared); if (batch.ok) queue.push(batch.value);
 */
export function renderPain001Batch(
  spec: Pain001FileSpec,
  transactions: readonly PreparedCreditTransfer[],
): Result<RenderedPain001Batch, Pain001Failure> {
  if (transactions.length === 0) return fail({ code: 'pain001_batch_empty' });
  const renderer = new Pain001BatchRenderer(spec, transactions.length * 768);
  for (const tx of transactions) {
    const added = renderer.add(tx);
    if (!added.ok) return added;
  }
  return ok(renderer.finish()!);
}

/**
 * Builds a RenderedPain001Batch one prepared transaction at a time, as they arrive (e.g. rows of
 * a statement handed over one by one): each is rendered into the batch's bytes at once, so that
 * nothing of it outlives the call — the transactions of a page held until it ended were most of
 * what every minor garbage collection copied.
 *
 * @example
 *   const r = new Pain001BatchRenderer(spec);
 *   for (const tx of prepared) if (!r.add(tx).ok) break;
 *   const batch = r.finish(); // undefined when nothing was added
 */
export class Pain001BatchRenderer {
  private readonly fixed: ReturnType<typeof fixedParts>;
  private readonly mode: TextMode;
  private readonly encoding: BufferEncoding;
  private bytes: Buffer;
  private offset = 0;
  private first = '';
  private last = '';
  private added = 0;
  private sum: Centavos = 0n;
  private transliterated = 0;
  private truncated = 0;

  /** `expectedBytes`: room to start with (it grows by doubling). */
  constructor(
    readonly spec: Pain001FileSpec,
    expectedBytes = 64 * 1024,
  ) {
    this.mode = spec.textMode ?? 'basic-latin';
    let fixed = fixedPartsBySpec.get(spec);
    if (!fixed) {
      fixed = fixedParts(spec, this.mode);
      fixedPartsBySpec.set(spec, fixed);
    }
    this.fixed = fixed;
    this.encoding = byteEncoding(this.mode);
    this.bytes = Buffer.allocUnsafe(expectedBytes + CHUNK_MARGIN_BYTES);
  }

  /**
   * Renders one transaction after the others. Refused, with nothing added, when its EndToEndId
   * does not come after the last one's, when it has an explicit InstrId, or when it was prepared
   * for the other text mode.
   */
  add(tx: PreparedCreditTransfer): Result<void, Pain001Failure> {
    const endToEndId = tx.endToEndId;
    if (tx.mode !== this.mode)
      return fail({
        code: 'pain001_text_mode_mismatch',
        endToEndId,
        prepared: tx.mode,
        file: this.mode,
      });
    if (tx.instructionId !== undefined) return fail({ code: 'pain001_instruction_id_explicit', endToEndId });
    if (this.added > 0 && endToEndId <= this.last)
      return fail({
        code: 'pain001_batch_out_of_order',
        endToEndId,
        after: this.last,
      });
    if (this.bytes.length - this.offset < CHUNK_MARGIN_BYTES) {
      const larger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(larger, 0, 0, this.offset);
      this.bytes = larger;
    }
    this.offset += this.bytes.write(transactionLine(tx, this.fixed), this.offset, this.encoding);
    if (this.added === 0) this.first = tx.endToEndId;
    this.last = tx.endToEndId;
    this.added++;
    this.sum += tx.amountCentavos;
    this.transliterated += tx.transliterated;
    this.truncated += tx.truncated;
    return ok(undefined);
  }

  /** Transactions added so far. */
  get count(): number {
    return this.added;
  }

  /** Their amounts, in centavos. */
  get sumCentavos(): Centavos {
    return this.sum;
  }

  /** The EndToEndId of the last transaction added ('' before the first). */
  get lastEndToEndId(): string {
    return this.last;
  }

  /** The batch of everything added; undefined when nothing was. */
  finish(): RenderedPain001Batch | undefined {
    if (this.added === 0) return undefined;
    return RenderedPain001Batch.make({
      spec: this.spec,
      bytes: this.bytes.subarray(0, this.offset),
      count: this.added,
      sumCentavos: this.sum,
      firstEndToEndId: this.first,
      lastEndToEndId: this.last,
      transliterated: this.transliterated,
      truncated: this.truncated,
    });
  }
}

/** The parts of the file that do not depend on individual transactions, built once. */
function fixedParts(spec: Pain001FileSpec, mode: TextMode) {
  let transliterated = 0;
  let truncated = 0;
  const text = (value: string, maxChars: number) => {
    const cleaned = cleanText(value, maxChars, mode);
    if (cleaned.transliterated) transliterated++;
    if (cleaned.truncated) truncated++;
    return escapeXml(cleaned.text);
  };
  // Cleaned once although written twice (InitgPty and Dbtr): one field of the settings.
  const debtorName = text(spec.debtor.name, 140);
  const agent = spec.creditorAgent;
  const creditorAgent =
    '<CdtrAgt><FinInstnId>' +
    (agent.bic ? `<BIC>${agent.bic}</BIC>` : '') +
    (agent.name ? `<Nm>${text(agent.name, 140)}</Nm>` : '') +
    (agent.otherId ? `<Othr><Id>${agent.otherId}</Id></Othr>` : '') +
    '</FinInstnId></CdtrAgt>';
  /** The header up to the first transaction; undefined when the totals do not fit their width. */
  const header = (transactionCount: number, sumCentavos: Centavos): string | undefined => {
    const digits = String(transactionCount);
    const amount = formatAmountCentavos(sumCentavos);
    if (digits.length > NB_OF_TXS_WIDTH || amount.length > CTRL_SUM_WIDTH) return undefined;
    // Fixed width: the spaces after the element make every header of a file the same length.
    const count = `${digits}</NbOfTxs>${' '.repeat(NB_OF_TXS_WIDTH - digits.length)}`;
    const sum = `${amount}</CtrlSum>${' '.repeat(CTRL_SUM_WIDTH - amount.length)}`;
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Document xmlns="${PAIN001_NAMESPACE}">\n` +
      '  <CstmrCdtTrfInitn>\n    <GrpHdr>\n' +
      `      <MsgId>${spec.messageId}</MsgId>\n` +
      `      <CreDtTm>${spec.creationDateTime}</CreDtTm>\n` +
      `      <NbOfTxs>${count}\n` +
      `      <CtrlSum>${sum}\n` +
      `      <InitgPty>\n        <Nm>${debtorName}</Nm>\n` +
      (spec.debtor.initiatingPartyId
        ? `        <Id>\n          <OrgId>\n            <Othr>\n              <Id>${spec.debtor.initiatingPartyId}</Id>\n            </Othr>\n          </OrgId>\n        </Id>\n`
        : '') +
      '      </InitgPty>\n    </GrpHdr>\n    <PmtInf>\n' +
      `      <PmtInfId>${spec.paymentInformationId}</PmtInfId>\n` +
      '      <PmtMtd>TRF</PmtMtd>\n' +
      (spec.batchBooking === undefined ? '' : `      <BtchBookg>${spec.batchBooking}</BtchBookg>\n`) +
      `      <NbOfTxs>${count}\n` +
      `      <CtrlSum>${sum}\n` +
      (spec.categoryPurposeCode
        ? `      <PmtTpInf>\n        <CtgyPurp>\n          <Cd>${spec.categoryPurposeCode}</Cd>\n        </CtgyPurp>\n      </PmtTpInf>\n`
        : '') +
      `      <ReqdExctnDt>${spec.requestedExecutionDate}</ReqdExctnDt>\n` +
      `      <Dbtr>\n        <Nm>${debtorName}</Nm>\n      </Dbtr>\n` +
      `      <DbtrAcct>\n        <Id>\n          <Othr>\n            <Id>${spec.debtor.accountId}</Id>\n          </Othr>\n        </Id>\n        <Ccy>BOB</Ccy>\n      </DbtrAcct>\n` +
      `      <DbtrAgt>\n        <FinInstnId>\n          <BIC>${spec.debtor.agentBic}</BIC>\n        </FinInstnId>\n      </DbtrAgt>\n` +
      `      <ChrgBr>${spec.chargeBearer ?? 'DEBT'}</ChrgBr>\n`
    );
  };
  const remittance = spec.defaultRemittanceText === undefined ? '' : text(spec.defaultRemittanceText, 140);
  return { header, creditorAgent, remittance, transliterated, truncated };
}

/** Everything wrong with the file settings, as sentences; empty when they are usable. */
function specProblems(spec: Pain001FileSpec): string[] {
  const problems: string[] = [];
  const id = (label: string, value: unknown, maxChars: number) => {
    const problem = identifierProblem(String(value ?? ''), maxChars);
    if (problem)
      problems.push(`${label} '${String(value ?? '')}' ${describeIdentifierProblem(problem, maxChars)}`);
  };
  const mode = spec.textMode ?? 'basic-latin';
  id('messageId', spec.messageId, 35);
  id('paymentInformationId', spec.paymentInformationId, 35);
  if (!isIsoDateTime(String(spec.creationDateTime ?? ''))) {
    problems.push(
      `creationDateTime '${spec.creationDateTime}' is not an ISO date-time such as 2020-12-01T08:00:00-04:00`,
    );
  }
  if (!isIsoDate(String(spec.requestedExecutionDate ?? ''))) {
    problems.push(
      `requestedExecutionDate '${spec.requestedExecutionDate}' is not a YYYY-MM-DD calendar date`,
    );
  }
  if (cleanText(String(spec.debtor?.name ?? ''), 140, mode).text === '') {
    problems.push('debtor name is empty');
  }
  id('debtor accountId', spec.debtor?.accountId, 34);
  if (!isBic(String(spec.debtor?.agentBic ?? ''))) {
    problems.push(
      `debtor agentBic '${spec.debtor?.agentBic}' is not a BIC (8 or 11 characters, e.g. BUNIBOLX)`,
    );
  }
  if (spec.debtor?.initiatingPartyId !== undefined)
    id('initiatingPartyId', spec.debtor.initiatingPartyId, 35);
  const agent = spec.creditorAgent ?? {};
  if (agent.bic === undefined && agent.otherId === undefined) {
    problems.push('creditorAgent needs a bic or an otherId');
  }
  if (agent.bic !== undefined && !isBic(agent.bic)) {
    problems.push(`creditorAgent bic '${agent.bic}' is not a BIC (8 or 11 characters, e.g. BNBOBOLX)`);
  }
  if (agent.otherId !== undefined) id('creditorAgent otherId', agent.otherId, 35);
  if (agent.name !== undefined && cleanText(agent.name, 140, mode).text === '') {
    problems.push('creditorAgent name is empty');
  }
  const count = spec.expectedTransactionCount;
  const sum = spec.expectedControlSumCentavos;
  if ((count === undefined) !== (sum === undefined)) {
    problems.push(
      'expectedTransactionCount and expectedControlSumCentavos are declared together or not at all',
    );
  }
  if (count !== undefined && (!Number.isSafeInteger(count) || count < 1 || count > MAX_TRANSACTION_COUNT)) {
    problems.push(
      `expectedTransactionCount ${count} must be a whole number from 1 (the XSD requires a transaction) to 15 digits`,
    );
  }
  if (sum !== undefined && (typeof sum !== 'bigint' || sum < 0n || sum > MAX_AMOUNT_CENTAVOS)) {
    problems.push(`expectedControlSumCentavos ${String(sum)} must be a bigint from 0 to 18 digits`);
  }
  if (spec.defaultRemittanceText !== undefined) {
    const cleaned = cleanText(spec.defaultRemittanceText, 140, mode);
    if (cleaned.text === '' || cleaned.truncated) {
      problems.push(
        `defaultRemittanceText must have 1 to 140 characters, has '${spec.defaultRemittanceText}'`,
      );
    }
  }
  if (spec.categoryPurposeCode !== undefined && !/^[A-Z0-9]{1,4}$/.test(spec.categoryPurposeCode)) {
    problems.push(
      `categoryPurposeCode '${spec.categoryPurposeCode}' must be an ISO code of 1 to 4 letters, e.g. GOVT`,
    );
  }
  if (spec.chargeBearer !== undefined && !['DEBT', 'CRED', 'SHAR', 'SLEV'].includes(spec.chargeBearer)) {
    problems.push(`chargeBearer '${spec.chargeBearer}' must be DEBT, CRED, SHAR or SLEV`);
  }
  if (spec.textMode !== undefined && spec.textMode !== 'basic-latin' && spec.textMode !== 'unicode') {
    problems.push(`textMode '${spec.textMode}' must be basic-latin or unicode`);
  }
  return problems;
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}
