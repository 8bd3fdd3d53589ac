/**
 * Expected failures of ISO 20022 interchange, as values with a stable code
 * (docs/adr/0009-one-failure-model.md): a file that cannot be read, is not the message expected,
 * does not validate; a pain.001 that cannot be written; a pain.002 that does not answer the file.
 * Their HTTP statuses and their words in each language are in src/messages (status/iso20022.ts,
 * <lang>/iso20022.ts), made from the typed fields. A failure holds no words of its own: the bono, the CLI and the pages word it from there.
 *
 * @example const failure: Iso20022Failure = { code: 'pain001_empty' };
 */
export type Iso20022Failure = ReadFailure | XsdOnlyFailure | Pain001Failure | Pain002OnlyFailure;

/** A value the reader could not do without, and why it is unreadable. */
export type InvalidValueField =
  | 'transaction_amount'
  | 'entry_amount'
  | 'entry_currency'
  | 'entry_credit_debit'
  | 'entry_status'
  | 'summary_count'
  | 'summary_sum';

/** Why a file could not be read at all. */
export type ReadFailure =
  | { readonly code: 'file_unreadable'; readonly filePath: string }
  | {
      readonly code: 'xml_malformed';
      /** The parser's own account (saxes), when it found the error; else the file has no element. */
      readonly parserMessage?: string;
      /** The root was looked for in this many bytes of the file's beginning and not found. */
      readonly headBytes?: number;
      readonly line?: number;
      readonly column?: number;
    }
  | {
      readonly code: 'xml_encoding_unsupported';
      /** The encoding the XML declaration names; absent when the file is UTF-16. */
      readonly declared?: string;
      readonly line: number;
    }
  | {
      readonly code: 'message_unexpected';
      /** The message the reader reads. */
      readonly expected: 'camt.054' | 'pain.002';
      /** The message the file's namespace names; absent when it has not the expected root element. */
      readonly found?: string;
      readonly line?: number;
    }
  | {
      readonly code: 'message_incomplete';
      /** The element the message cannot do without. */
      readonly missing: 'OrgnlGrpInfAndSts';
    }
  | {
      readonly code: 'value_invalid';
      readonly field: InvalidValueField;
      /** The value as written ('' when absent). */
      readonly value?: string;
      readonly line: number;
    };

/** One thing the validator found wrong, with the line it points at. */
export interface XsdIssue {
  /** 1-based line in the XML file (for ayni's pain.001 files, one line is one transaction). */
  line: number | undefined;
  /** Local name of the offending element, when the validator names one. */
  element: string | undefined;
  /** The validator's message with namespaces removed, e.g. "'x1' is not accepted by the pattern '[0-9]{1,15}'". */
  message: string;
}

/** Validation's own failures (a file it cannot read is a ReadFailure). */
export type XsdOnlyFailure =
  | {
      readonly code: 'xsd_invalid';
      readonly xmlPath: string;
      /** The XSD's file name. */
      readonly xsdName: string;
      /** The first issues (at most `maxReportedIssues`), each with the validator's words. */
      readonly issues: XsdIssue[];
      readonly issueCount: number;
    }
  | SchemaNotFound;

/**
 * The XSD a file is to be validated against is not there. One shape for every caller, so that the
 * code means one thing across ayni: the bono's deposit export refuses a schema path with it too
 * (`not_at_path`).
 */
export interface SchemaNotFound {
  readonly code: 'schema_not_found';
  /**
   * `xsd_unreadable`: the XSD named cannot be read; `no_namespace`: the file's root names no
   * ISO 20022 namespace; `not_in_folder`: the schema folder has no XSD for the message;
   * `not_at_path`: the path given is neither an .xsd that exists nor a folder holding
   * `<area>/<message>.xsd` for the message.
   */
  readonly reason: 'xsd_unreadable' | 'no_namespace' | 'not_in_folder' | 'not_at_path';
  /** The XSD file (xsd_unreadable), the schema folder (not_in_folder) or the path given (not_at_path). */
  readonly schemaPath?: string;
  /** The XML file (no_namespace). */
  readonly xmlPath?: string;
  /** The namespace was declared as `Xmlns`, which XML does not recognise (no_namespace). */
  readonly namespaceMiscased?: boolean;
  readonly messageName: string | undefined;
}

/** Failures of validation. */
export type XsdFailure = XsdOnlyFailure | ReadFailure;

/** A transaction the writer refused, with its position in the input (0-based). */
export interface Pain001Issue {
  index: number;
  endToEndId: string;
  code:
    | 'end_to_end_id_invalid'
    | 'end_to_end_id_duplicate'
    | 'end_to_end_id_out_of_order'
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

/**
 * Failures of writing pain.001 (writePain001File: nothing is left under the final file name) and of
 * rendering batches for it (renderPain001Batch, Pain001BatchRenderer).
 */
export type Pain001Failure =
  | {
      readonly code: 'pain001_spec_invalid';
      /** What is wrong with each setting, in the writer's words (settings come from code, not people). */
      readonly problems: string[];
    }
  | { readonly code: 'pain001_file_exists'; readonly filePath: string }
  /** No totals were declared and no transaction came: the XSD requires at least one. */
  | { readonly code: 'pain001_empty' }
  | Pain001TotalsFailure
  /** A batch is rendered from one transaction at least. */
  | { readonly code: 'pain001_batch_empty' }
  /** The transaction was prepared for the other text mode than the batch's file. */
  | {
      readonly code: 'pain001_text_mode_mismatch';
      readonly endToEndId: string;
      readonly prepared: string;
      readonly file: string;
    }
  /** A rendered batch carries no explicit InstrId (the writer checks those one by one). */
  | { readonly code: 'pain001_instruction_id_explicit'; readonly endToEndId: string }
  /** A rendered batch is in strictly ascending EndToEndId order. */
  | { readonly code: 'pain001_batch_out_of_order'; readonly endToEndId: string; readonly after: string };

/** Transactions refused, or totals that differ from those declared. */
export interface Pain001TotalsFailure {
  readonly code: 'pain001_transactions_invalid' | 'pain001_totals_mismatch';
  /** The first issues in input order (at most `maxReportedIssues`). */
  issues: Pain001Issue[];
  issueCount: number;
  /** As declared; undefined when the file declared none. */
  expectedTransactionCount: number | undefined;
  actualTransactionCount: number;
  expectedControlSumCentavos: bigint | undefined;
  actualControlSumCentavos: bigint;
  /**
   * Set when the totals, declared by nobody, are too large for the header: the whole BOB digits
   * its fixed-width CtrlSum holds.
   */
  readonly headerWholeDigits?: number;
}

/** A pain.002 that does not answer the pain.001 it is applied to (a file it cannot read is a ReadFailure). */
export type Pain002OnlyFailure =
  | {
      readonly code: 'pain002_other_message';
      readonly reportedOriginalMessageId: string;
      readonly originalMessageId: string;
    }
  | { readonly code: 'pain002_original_message_id_missing' }
  | { readonly code: 'pain002_not_for_credit_transfer'; readonly originalMessageNameId: string }
  /** The original given to match the report against lists an identifier twice. */
  | {
      readonly code: 'original_invalid';
      readonly repeated: 'payment_information_id' | 'end_to_end_id';
      readonly id: string;
    };

/** Failures of resolving a pain.002 against its pain.001. */
export type Pain002ResolutionFailure = Pain002OnlyFailure | ReadFailure;
