import type {
  InvalidValueField,
  Iso20022Failure,
  Pain001TotalsFailure,
} from '../../interchange/iso20022/index.ts';
import { formatAmountCentavos, schemaFileInArea } from '../../interchange/iso20022/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** ISO 20022 interchange's failures in English (statuses: ../status/iso20022.ts). */

/** What is wrong with each value a reader cannot do without. */
const INVALID: Record<InvalidValueField, (value: string) => string> = {
  transaction_amount: (v) => `transaction amount '${v}' is not an amount in centavos`,
  entry_amount: (v) => `entry amount '${v}' is missing or not an amount in centavos`,
  entry_currency: () => 'entry amount has no Ccy',
  entry_credit_debit: (v) => `entry CdtDbtInd '${v}' is neither CRDT nor DBIT`,
  entry_status: () => 'entry has no status (Sts)',
  summary_count: (v) => `TxsSummry count '${v}' is not a whole number`,
  summary_sum: (v) => `TxsSummry sum '${v}' is not an amount in centavos`,
};

/** The totals declared and those received, as both pain.001 totals failures say them. */
function totals(f: Pain001TotalsFailure): string {
  const declared =
    f.expectedTransactionCount === undefined
      ? 'no totals declared'
      : `declared ${f.expectedTransactionCount} transactions / ${formatAmountCentavos(f.expectedControlSumCentavos!)} BOB`;
  return `${declared}, received ${f.actualTransactionCount} / ${formatAmountCentavos(f.actualControlSumCentavos)} BOB`;
}

export const ISO20022_EN: Catalogue<Iso20022Failure> = {
  file_unreadable: { title: 'The file cannot be read.', detail: (f) => `${f.filePath} cannot be read` },
  xml_malformed: {
    title: 'The file is not well-formed XML.',
    detail: (f) =>
      f.parserMessage !== undefined
        ? `not well-formed XML: ${f.parserMessage}`
        : f.headBytes !== undefined
          ? `no root element in the first ${f.headBytes} bytes`
          : 'the file holds no XML element',
  },
  xml_encoding_unsupported: {
    title: 'The file’s encoding is not read.',
    detail: (f) =>
      f.declared === undefined
        ? 'the file is UTF-16; ISO 20022 files are UTF-8'
        : `the file declares encoding ${f.declared}; only UTF-8 (the ISO 20022 norm) and ISO-8859-1 are read`,
  },
  message_unexpected: {
    title: 'The file is not the ISO 20022 message expected.',
    detail: (f) => {
      if (f.expected === 'camt.054')
        return f.found === undefined
          ? 'the file has no BkToCstmrDbtCdtNtfctn (nor BkToCstmrStmt/BkToCstmrAcctRpt) element'
          : `the file is a ${f.found}, not a camt.054 notification (nor a camt.052/053)`;
      return f.found === undefined
        ? 'the file has no CstmrPmtStsRpt element: it is not a pain.002'
        : `the file is a ${f.found}, not a pain.002 status report`;
    },
  },
  message_incomplete: {
    title: 'The message lacks an element it cannot do without.',
    detail: () => 'the pain.002 has no OrgnlGrpInfAndSts (original group information)',
  },
  value_invalid: {
    title: 'A value the message needs is not readable.',
    detail: (f) => INVALID[f.field](f.value ?? ''),
  },
  xsd_invalid: {
    title: 'The file does not validate against its XSD.',
    detail: (f) => {
      const first = f.issues[0]!;
      const where = `${first.line === undefined ? '' : ` at line ${first.line}`}${first.element === undefined ? '' : ` (${first.element})`}`;
      return `${f.xmlPath} does not validate against ${f.xsdName}: ${f.issueCount} issue(s), first${where}: ${first.message}`;
    },
  },
  schema_not_found: {
    title: 'The XSD for the message is not there.',
    detail: (f) => {
      switch (f.reason) {
        case 'xsd_unreadable':
          return `cannot read the XSD ${f.schemaPath}`;
        case 'no_namespace':
          return `the root element of ${f.xmlPath} names no ISO 20022 namespace${f.namespaceMiscased ? ' (it is declared as Xmlns, which XML does not recognise)' : ''}`;
        case 'not_in_folder':
          return `no XSD for ${f.messageName} in ${f.schemaPath}`;
        case 'not_at_path':
          // The bono's deposit export's words for the schema path an officer gave (as it printed them).
          return `No ${f.messageName} XSD at ${f.schemaPath}: name the .xsd file or a folder holding ${schemaFileInArea(f.messageName ?? '')}.`;
      }
    },
  },
  pain001_spec_invalid: {
    title: 'The pain.001 file settings are invalid.',
    detail: (f) => `pain.001 file settings are invalid: ${f.problems.join('; ')}`,
  },
  pain001_file_exists: {
    title: 'The pain.001 file already exists.',
    detail: (f) =>
      `${f.filePath} already exists; a file may already have gone to the bank, so it is not replaced (pass overwrite to replace it)`,
  },
  pain001_empty: {
    title: 'A pain.001 file holds at least one transaction.',
    detail: () => 'no transaction was given: a pain.001 file holds at least one',
  },
  pain001_transactions_invalid: {
    title: 'Some transactions of the pain.001 file are refused.',
    detail: (f) =>
      `${f.issueCount} transaction issue(s), first at input position ${f.issues[0]!.index + 1}: ${f.issues[0]!.message}; ${totals(f)}`,
  },
  pain001_totals_mismatch: {
    title: 'The pain.001 totals differ from those declared.',
    detail: (f) =>
      f.headerWholeDigits !== undefined
        ? `${f.actualTransactionCount} transactions / ${formatAmountCentavos(f.actualControlSumCentavos)} BOB do not fit a pain.001 header (CtrlSum has at most ${f.headerWholeDigits} digits of whole BOB)`
        : `totals differ from those declared: ${totals(f)}`,
  },
  pain001_batch_empty: {
    title: 'A batch holds at least one transaction.',
    detail: () => 'a batch holds at least one transaction',
  },
  pain001_text_mode_mismatch: {
    title: 'The transaction was prepared for another text mode.',
    detail: (f) => `transaction ${f.endToEndId} was prepared for ${f.prepared} text, the file is ${f.file}`,
  },
  pain001_instruction_id_explicit: {
    title: 'A rendered batch carries no explicit InstrId.',
    detail: (f) => `transaction ${f.endToEndId} has an explicit InstrId`,
  },
  pain001_batch_out_of_order: {
    title: 'A batch is in ascending EndToEndId order.',
    detail: (f) => `EndToEndId '${f.endToEndId}' comes after '${f.after}'`,
  },
  pain002_other_message: {
    title: 'The report answers another message.',
    detail: (f) => `the report answers message ${f.reportedOriginalMessageId}, not ${f.originalMessageId}`,
  },
  pain002_original_message_id_missing: {
    title: 'The report names no original message.',
    detail: () =>
      'the report names no OrgnlMsgId, so it cannot be matched to a file; match it by hand and assume the message id',
  },
  pain002_not_for_credit_transfer: {
    title: 'The report does not answer a credit transfer.',
    detail: (f) => `the report answers a ${f.originalMessageNameId}, not a pain.001 credit transfer`,
  },
  original_invalid: {
    title: 'The original file lists an identifier twice.',
    detail: (f) =>
      f.repeated === 'payment_information_id'
        ? `payment information ${f.id} is listed twice in the original`
        : `EndToEndId ${f.id} is listed twice in the original`,
  },
};
