/**
 * Streamed `pain.001.001.03` (customer credit transfer initiation) for account deposits: one
 * debtor (the paying ministry's account), one creditor bank, one payment information block, any
 * number of transactions, written in constant memory apart from the set of identifiers that proves
 * they are unique.
 *
 * The group header comes first but its totals (`NbOfTxs`, `CtrlSum`) are only known at the end:
 * the caller declares them up front (a frozen round knows its control totals per bank) and the
 * writer checks them against what actually streamed by. The file is written under a `.partial`
 * name and renamed into place only when everything agrees, so a file with a wrong header never
 * exists under the final name. See docs/adr/0005-iso20022.md.
 */

import { createHash } from 'node:crypto';
import { access, open, rename, rm } from 'node:fs/promises';
import { fail, ok, type Result } from '../../shared/errors.ts';
import type { Centavos } from '../../shared/money.ts';
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
  /** Number of transactions the caller will stream; must match exactly. */
  expectedTransactionCount: number;
  /** Sum of their amounts; must match exactly. */
  expectedControlSumCentavos: Centavos;
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

/** A transaction the writer refused, with its position in the input (0-based). */
export interface Pain001Issue {
  index: number;
  endToEndId: string;
  code:
    | 'end_to_end_id_invalid'
    | 'end_to_end_id_duplicate'
    | 'instruction_id_invalid'
    | 'instruction_id_duplicate'
    | 'amount_not_positive'
    | 'amount_too_large'
    | 'creditor_name_empty'
    | 'creditor_account_invalid'
    | 'creditor_identity_invalid'
    | 'too_many_transactions';
  message: string;
}

/** Expected failures of {@link writePain001File}; nothing is left under the final file name. */
export type Pain001Failure =
  | { code: 'pain001_spec_invalid'; message: string; problems: string[] }
  | { code: 'pain001_file_exists'; message: string; filePath: string }
  | {
      code: 'pain001_transactions_invalid' | 'pain001_totals_mismatch';
      message: string;
      /** The first issues in input order (at most `maxReportedIssues`). */
      issues: Pain001Issue[];
      issueCount: number;
      expectedTransactionCount: number;
      actualTransactionCount: number;
      expectedControlSumCentavos: Centavos;
      actualControlSumCentavos: Centavos;
    };

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

/** Transactions one by one or in batches (as a cursor reads them), synchronously or not. */
export type TransactionSource =
  | AsyncIterable<Pain001CreditTransfer | readonly Pain001CreditTransfer[]>
  | Iterable<Pain001CreditTransfer | readonly Pain001CreditTransfer[]>;

export interface WritePain001Options {
  /** Replace an existing file of that name. Off by default: a file may already have gone to the bank. */
  overwrite?: boolean;
}

/** XSD `Max15NumericText` for NbOfTxs. */
const MAX_TRANSACTION_COUNT = 999_999_999_999_999;
/** `totalDigits 18` with two of them decimals, for amounts and the control sum. */
const MAX_AMOUNT_CENTAVOS = 10n ** 18n - 1n;
/** Output goes to the file system in chunks of this size: large enough to keep system calls rare. */
const CHUNK_BYTES = 1024 * 1024;
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
 *   if (!result.ok) console.error(result.error.message);
 */
export async function writePain001File(
  filePath: string,
  spec: Pain001FileSpec,
  transactions: TransactionSource,
  options: WritePain001Options = {},
): Promise<Result<Pain001Written, Pain001Failure>> {
  const problems = specProblems(spec);
  if (problems.length > 0) {
    return fail({
      code: 'pain001_spec_invalid',
      message: `pain.001 file settings are invalid: ${problems.join('; ')}`,
      problems,
    });
  }
  if (!options.overwrite && (await exists(filePath))) {
    return fail({
      code: 'pain001_file_exists',
      message: `${filePath} already exists; a file may already have gone to the bank, so it is not replaced (pass overwrite to replace it)`,
      filePath,
    });
  }

  const mode = spec.textMode ?? 'basic-latin';
  const maxReportedIssues = spec.maxReportedIssues ?? DEFAULT_MAX_REPORTED_ISSUES;
  const partialPath = `${filePath}.partial`;
  const file = await open(partialPath, 'w');
  const hash = createHash('sha256');
  let sizeBytes = 0;
  // Two chunks alternate: one is filled while the other is being written. Writing pieces straight
  // into a buffer is about five times cheaper than concatenating strings and encoding them.
  const chunks = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  const inFlight: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  let chunkIndex = 0;
  let chunk = chunks[0]!;
  let offset = 0;
  const put = (text: string) => {
    offset += chunk.write(text, offset, 'utf8');
  };
  const flush = async () => {
    const filled = chunk.subarray(0, offset);
    hash.update(filled);
    // Two writes are in flight at once, so each names its position: writes without one use the
    // file's current offset, and the thread pool may run them in either order (seen under load: a
    // later chunk landed before an earlier one and the file had two roots).
    const position = sizeBytes;
    sizeBytes += offset;
    inFlight[chunkIndex] = file.write(filled, 0, filled.length, position);
    chunkIndex = 1 - chunkIndex;
    chunk = chunks[chunkIndex]!;
    offset = 0;
    await inFlight[chunkIndex];
  };
  const settle = () => Promise.all(inFlight);

  let renamed = false;
  try {
    const fixed = fixedParts(spec, mode);
    let transliteratedFieldCount = fixed.transliterated;
    let truncatedFieldCount = fixed.truncated;
    put(fixed.header);

    const issues: Pain001Issue[] = [];
    let issueCount = 0;
    const report = (issue: Pain001Issue) => {
      issueCount++;
      if (issues.length < maxReportedIssues) issues.push(issue);
    };
    const endToEndIds = new Set<string>();
    const instructionIds = new Set<string>();
    let count = 0;
    let sumCentavos = 0n;

    /** Validates and writes one transaction; true when the chunk is full and must be flushed. */
    const handle = (tx: Pain001CreditTransfer): boolean => {
      const index = count++;
      const endToEndId = String(tx.endToEndId ?? '');
      // Past the declared count the file is failed already; stop remembering identifiers so that a
      // runaway input cannot grow memory without bound.
      const remember = count <= spec.expectedTransactionCount;
      if (!remember && count === spec.expectedTransactionCount + 1) {
        report({
          index,
          endToEndId,
          code: 'too_many_transactions',
          message: `transaction ${index + 1} is beyond the ${spec.expectedTransactionCount} declared`,
        });
      }

      const e2eProblem = identifierProblem(endToEndId, 35);
      const e2eRepeated = e2eProblem === undefined && endToEndIds.has(endToEndId);
      if (e2eProblem) {
        report({
          index,
          endToEndId,
          code: 'end_to_end_id_invalid',
          message: `EndToEndId '${endToEndId}' ${describeIdentifierProblem(e2eProblem, 35)}`,
        });
      } else if (e2eRepeated) {
        report({
          index,
          endToEndId,
          code: 'end_to_end_id_duplicate',
          message: `EndToEndId '${endToEndId}' appears more than once in the file`,
        });
      } else if (remember) {
        endToEndIds.add(endToEndId);
      }

      // InstrId defaults to the EndToEndId; explicit or not, it must be unique too (banks refuse a
      // repeated one, as the Cross River sample shows). The set holds the same string objects as
      // the EndToEndId set, so it costs its entries only.
      const instructionId = tx.instructionId ?? endToEndId;
      const instructionProblem =
        tx.instructionId === undefined ? undefined : identifierProblem(instructionId, 35);
      if (tx.instructionId === undefined && (e2eProblem || e2eRepeated)) {
        // Already reported as an EndToEndId issue: the defaulted InstrId adds nothing.
      } else if (instructionProblem) {
        report({
          index,
          endToEndId,
          code: 'instruction_id_invalid',
          message: `InstrId '${instructionId}' ${describeIdentifierProblem(instructionProblem, 35)}`,
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

      const amountCentavos = tx.amountCentavos;
      if (typeof amountCentavos !== 'bigint' || amountCentavos <= 0n) {
        report({
          index,
          endToEndId,
          code: 'amount_not_positive',
          message: `amount ${String(amountCentavos)} centavos is not a positive bigint`,
        });
      } else if (amountCentavos > MAX_AMOUNT_CENTAVOS) {
        report({
          index,
          endToEndId,
          code: 'amount_too_large',
          message: `amount ${amountCentavos} centavos has more than 18 digits`,
        });
      } else {
        sumCentavos += amountCentavos;
      }

      const name = cleanText(String(tx.creditorName ?? ''), 140, mode);
      if (name.text === '') {
        report({
          index,
          endToEndId,
          code: 'creditor_name_empty',
          message: `creditor name '${String(tx.creditorName ?? '')}' has no printable characters`,
        });
      }
      const accountId = String(tx.creditorAccountId ?? '');
      const accountProblem = identifierProblem(accountId, 34);
      if (accountProblem) {
        report({
          index,
          endToEndId,
          code: 'creditor_account_invalid',
          message: `creditor account '${accountId}' ${describeIdentifierProblem(accountProblem, 34)}`,
        });
      }
      const identity = tx.creditorIdentityNumber;
      if (identity !== undefined) {
        const problem = identifierProblem(identity, 35);
        if (problem) {
          report({
            index,
            endToEndId,
            code: 'creditor_identity_invalid',
            message: `creditor identity number '${identity}' ${describeIdentifierProblem(problem, 35)}`,
          });
        }
      }

      // Once anything is wrong the file cannot be sent: keep validating, stop writing.
      if (issueCount > 0 || !remember) return false;

      let remittance = fixed.remittance;
      if (tx.remittanceText !== undefined) {
        const cleaned = cleanText(tx.remittanceText, 140, mode);
        remittance = cleaned.text === '' ? '' : escapeXml(cleaned.text);
        if (cleaned.transliterated) transliteratedFieldCount++;
        if (cleaned.truncated) truncatedFieldCount++;
      }
      if (name.transliterated) transliteratedFieldCount++;
      if (name.truncated) truncatedFieldCount++;

      // One line per transaction: a third of the bytes of an indented layout (bytes are what cost
      // here: encoding, hashing, writing), and a line number in an XSD error names one transaction.
      // Built as one string and written once: a write per piece cost more than the concatenation.
      const creditor =
        identity === undefined
          ? `${escapeXml(name.text)}</Nm></Cdtr>`
          : `${escapeXml(name.text)}</Nm><Id><PrvtId><Othr><Id>${identity}</Id><SchmeNm><Cd>NIDN</Cd></SchmeNm></Othr></PrvtId></Id></Cdtr>`;
      const tail =
        remittance === ''
          ? '</Id></Othr></Id><Ccy>BOB</Ccy></CdtrAcct></CdtTrfTxInf>\n'
          : `</Id></Othr></Id><Ccy>BOB</Ccy></CdtrAcct><RmtInf><Ustrd>${remittance}</Ustrd></RmtInf></CdtTrfTxInf>\n`;
      put(
        `      <CdtTrfTxInf><PmtId><InstrId>${instructionId}</InstrId><EndToEndId>${endToEndId}</EndToEndId></PmtId><Amt><InstdAmt Ccy="BOB">${formatAmountCentavos(amountCentavos)}</InstdAmt></Amt>${fixed.creditorAgent}<Cdtr><Nm>${creditor}<CdtrAcct><Id><Othr><Id>${accountId}${tail}`,
      );
      return offset > CHUNK_BYTES - CHUNK_MARGIN_BYTES;
    };

    // A database cursor yields rows in batches: arrays are taken whole, which spares an await per
    // row; a synchronous source is read without any await between flushes.
    if (Symbol.asyncIterator in transactions) {
      for await (const item of transactions) {
        if (Array.isArray(item)) {
          for (const tx of item) if (handle(tx)) await flush();
        } else if (handle(item as Pain001CreditTransfer)) {
          await flush();
        }
      }
    } else {
      for (const item of transactions) {
        if (Array.isArray(item)) {
          for (const tx of item) if (handle(tx)) await flush();
        } else if (handle(item as Pain001CreditTransfer)) {
          await flush();
        }
      }
    }

    const totalsAgree =
      count === spec.expectedTransactionCount && sumCentavos === spec.expectedControlSumCentavos;
    if (issueCount > 0 || !totalsAgree) {
      const declared = `declared ${spec.expectedTransactionCount} transactions / ${formatAmountCentavos(spec.expectedControlSumCentavos)} BOB`;
      const streamed = `received ${count} / ${formatAmountCentavos(sumCentavos)} BOB`;
      const first = issues[0];
      return fail({
        code: issueCount > 0 ? 'pain001_transactions_invalid' : 'pain001_totals_mismatch',
        message:
          issueCount > 0
            ? `${issueCount} transaction issue(s), first at input position ${first!.index + 1}: ${first!.message}; ${declared}, ${streamed}`
            : `totals differ from those declared: ${declared}, ${streamed}`,
        issues,
        issueCount,
        expectedTransactionCount: spec.expectedTransactionCount,
        actualTransactionCount: count,
        expectedControlSumCentavos: spec.expectedControlSumCentavos,
        actualControlSumCentavos: sumCentavos,
      });
    }

    put('    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n');
    await flush();
    await settle();
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
      sha256: hash.digest('hex'),
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
  const count = String(spec.expectedTransactionCount);
  const sum = formatAmountCentavos(spec.expectedControlSumCentavos);
  // Cleaned once although written twice (InitgPty and Dbtr): one field of the settings.
  const debtorName = text(spec.debtor.name, 140);
  const agent = spec.creditorAgent;
  const creditorAgent =
    '<CdtrAgt><FinInstnId>' +
    (agent.bic ? `<BIC>${agent.bic}</BIC>` : '') +
    (agent.name ? `<Nm>${text(agent.name, 140)}</Nm>` : '') +
    (agent.otherId ? `<Othr><Id>${agent.otherId}</Id></Othr>` : '') +
    '</FinInstnId></CdtrAgt>';
  const header =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="${PAIN001_NAMESPACE}">\n` +
    '  <CstmrCdtTrfInitn>\n    <GrpHdr>\n' +
    `      <MsgId>${spec.messageId}</MsgId>\n` +
    `      <CreDtTm>${spec.creationDateTime}</CreDtTm>\n` +
    `      <NbOfTxs>${count}</NbOfTxs>\n` +
    `      <CtrlSum>${sum}</CtrlSum>\n` +
    `      <InitgPty>\n        <Nm>${debtorName}</Nm>\n` +
    (spec.debtor.initiatingPartyId
      ? `        <Id>\n          <OrgId>\n            <Othr>\n              <Id>${spec.debtor.initiatingPartyId}</Id>\n            </Othr>\n          </OrgId>\n        </Id>\n`
      : '') +
    '      </InitgPty>\n    </GrpHdr>\n    <PmtInf>\n' +
    `      <PmtInfId>${spec.paymentInformationId}</PmtInfId>\n` +
    '      <PmtMtd>TRF</PmtMtd>\n' +
    (spec.batchBooking === undefined ? '' : `      <BtchBookg>${spec.batchBooking}</BtchBookg>\n`) +
    `      <NbOfTxs>${count}</NbOfTxs>\n` +
    `      <CtrlSum>${sum}</CtrlSum>\n` +
    (spec.categoryPurposeCode
      ? `      <PmtTpInf>\n        <CtgyPurp>\n          <Cd>${spec.categoryPurposeCode}</Cd>\n        </CtgyPurp>\n      </PmtTpInf>\n`
      : '') +
    `      <ReqdExctnDt>${spec.requestedExecutionDate}</ReqdExctnDt>\n` +
    `      <Dbtr>\n        <Nm>${debtorName}</Nm>\n      </Dbtr>\n` +
    `      <DbtrAcct>\n        <Id>\n          <Othr>\n            <Id>${spec.debtor.accountId}</Id>\n          </Othr>\n        </Id>\n        <Ccy>BOB</Ccy>\n      </DbtrAcct>\n` +
    `      <DbtrAgt>\n        <FinInstnId>\n          <BIC>${spec.debtor.agentBic}</BIC>\n        </FinInstnId>\n      </DbtrAgt>\n` +
    `      <ChrgBr>${spec.chargeBearer ?? 'DEBT'}</ChrgBr>\n`;
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
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_TRANSACTION_COUNT) {
    problems.push(
      `expectedTransactionCount ${count} must be a whole number from 1 (the XSD requires a transaction) to 15 digits`,
    );
  }
  const sum = spec.expectedControlSumCentavos;
  if (typeof sum !== 'bigint' || sum < 0n || sum > MAX_AMOUNT_CENTAVOS) {
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
