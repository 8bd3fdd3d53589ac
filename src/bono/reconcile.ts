import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import {
  type CamtEntry,
  type CamtTransactionDetails,
  identifyMessage,
  type Pain002Record,
  type ResolutionNote,
  resolvePain002,
  type Streamed,
  streamCamt054,
  streamPain002,
} from '../interchange/iso20022/index.ts';
import {
  BOB_LEDGER,
  createTransfers,
  MAX_TRANSFERS_PER_BATCH,
  type TransferInput,
  transactionWithRetry,
} from '../ledger/index.ts';
import { startOfBolivianDay } from '../shared/dates.ts';
import { fail, ok, passOn, type Result } from '../shared/failure.ts';
import { type BonoAccounts, ensureBonoAccounts, personPaymentKey } from './bono.accounts.ts';
import type { StatusImportFailure } from './deposit.failures.ts';
import { disableJit, fileByMessageId, fileEndToEndIds } from './deposit-file.repository.ts';
import { depositAcceptedTransferId, depositRejectedTransferId, depositTransferId } from './deposit-ids.ts';
import {
  type DepositRow,
  insertDepositPayments,
  insertStatusImport,
  lockDeposits,
  type NewPaymentRow,
  nextStatusImportId,
  type Resolution,
  rejectionsByReason,
  resolveDeposits,
  type StatusImportRow,
  statusImportBySha256,
} from './deposit-status.repository.ts';
import {
  existingUnmatchedList,
  UNMATCHED_LISTED,
  UnmatchedList,
  unmatchedListPath,
} from './unmatched-list.ts';

/**
 * Account deposits, inbound: a bank's pain.002 status report or camt.054 notification is applied
 * to the deposits ayni sent. Accepted → the deposit moves from in-transit to paid at its bank
 * (`bono:deposit-accepted:<E2E>`, holding the person's payment key) and a bono_payment row says
 * the person was paid by deposit; rejected → it moves back to payable (`bono:deposit-rejected:<E2E>`)
 * and the deposit records the bank's reason, so a counter may pay them. (A deposit exported before
 * migration 0033 has a pending transfer of its own, which is posted or voided instead.) Pending
 * statuses (ACTC, PDNG …) change nothing.
 *
 * What counts as paid: a pain.002 status the library classifies as accepted (ACCP, ACSP, ACWC …
 * and the settled ACSC/ACCC) — the bank took the instruction on the holder's own account; a
 * camt.054 entry booked (BOOK) for the deposit. A return (RtrInf, RRTN) or a reversal in a
 * camt.054 is a rejection; within one notification a return overrides the booking it returns.
 *
 * A status never overturns an earlier one: accepted after rejected (or the reverse) is reported as
 * a conflict for an officer and applied to nothing. The same file (by SHA-256) is applied once.
 * Large replies are applied in transactions of at most 8,000 deposits; the import is recorded
 * when all are applied, so an interrupted import is simply run again (what it applied is then
 * unchanged). Statuses about deposits ayni never sent are counted and the first 100 kept; given
 * `unmatchedDir`, every one is listed in a file there as it is read (unmatched-list.ts), so memory
 * stays bounded whatever the reply holds.
 */

export interface ImportStatusProgress {
  phase: 'reading' | 'applying' | 'done';
  /** Statuses handled so far. */
  done: number;
  /** Statuses in the file once known (at 'done'); 0 while reading, since replies are streamed. */
  total: number;
}

export interface ImportStatusInput {
  filePath: string;
  /** When the reply is imported: the ledger books the posts and voids at this time. */
  at: Date;
  actor: Actor;
  /**
   * For a pain.002 that names no original message (a bank that could not parse the file cannot
   * quote its MsgId): the MsgId of the deposit file it answers, as an officer matched it.
   */
  originalMessageId?: string;
  /**
   * The folder for the list of every unmatched status (`status-import-<id>-unmatched.csv`, 0600);
   * without it only the first 100 EndToEndIds and the count are kept.
   */
  unmatchedDir?: string;
  onProgress?: (progress: ImportStatusProgress) => void;
}

/** A status that contradicts what was recorded; nothing was applied for it. */
export interface StatusConflict {
  endToEndId: string;
  /** The deposit's state when the status arrived ('sent' for an amount that differs). */
  recorded: 'sent' | 'accepted' | 'rejected';
  reported: 'accepted' | 'rejected';
  /** What the bank wrote: ISO 20022 codes, no words (the interfaces word it: `describeConflict`). */
  bank: BankStatus;
  /** When the bank moved another amount than was sent: both amounts (nothing else contradicts). */
  amounts?: { reportedCentavos: bigint; sentCentavos: bigint };
}

/**
 * A status as the bank wrote it, in its message's codes: a pain.002 status (e.g. RJCT) at the
 * level that gave it, or a camt.054 entry's status (BOOK, PDNG) and direction (CRDT, DBIT), and
 * whether it returns the transfer; the reason code when the bank gave one (e.g. AC04).
 */
export type BankStatus =
  | {
      message: 'pain.002';
      status: string | null;
      reasonCode: string | null;
      /** 'none': no level gave a status (the deposit stays pending). */
      level: 'transaction' | 'payment' | 'group' | 'none';
    }
  | {
      message: 'camt.054';
      status: string;
      creditDebit: string;
      returned: boolean;
      reasonCode: string | null;
    };

/**
 * Why a status of a reply matches no deposit, as a code: the unmatched list (CSV) holds the code
 * in its `reason` column and the interfaces word it (`describeUnmatchedReason`).
 */
export const UNMATCHED_REASONS = [
  /** A pain.002 transaction status that names no OrgnlEndToEndId. */
  'no_original_end_to_end_id',
  /** A pain.002 transaction status about an EndToEndId that was not in the deposit file it answers. */
  'not_in_deposit_file',
  /** A pain.002 payment block (OrgnlPmtInfId) that was not in the deposit file it answers. */
  'payment_block_not_in_deposit_file',
  /** A camt.054 entry without transaction details (e.g. a batch booked as one). */
  'entry_without_details',
  /** A camt.054 transaction that names no EndToEndId (or NOTPROVIDED). */
  'no_end_to_end_id',
  /** An EndToEndId no deposit ayni sent has. */
  'no_deposit_sent',
] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

/**
 * Something the reading or the resolution of a reply noted, as a code and its values: the
 * interfaces word it in their reader's language (src/messages, `describeStatusNote`). The codes
 * of the ISO 20022 readers and resolver (`status_overruled`, `count_mismatch`, `summary_mismatch`
 * …) come with the line of the reply they are about; two are ayni's own.
 */
export type StatusNote =
  | { code: ResolutionNote['code']; line?: number }
  | { code: 'already_imported'; importId: number; importedAt: Date; importedBy: string }
  | { code: 'payment_block_unknown'; line: number; paymentInformationId: string; depositFile: string };

export interface ImportStatusResult {
  importId: number;
  kind: 'pain.002' | 'camt.054';
  /** The same bytes were imported before: nothing changed, the counts are that import's. */
  alreadyImported: boolean;
  fileName: string;
  sha256: string;
  /** The reply's own MsgId. */
  messageId: string | null;
  /** pain.002: the deposit file it answers. */
  originalMessageId: string | null;
  /** Deposits newly accepted (paid). */
  accepted: number;
  /** Deposits newly rejected. */
  rejected: number;
  /** Statuses that changed nothing: still pending, the state already recorded, or a conflict. */
  unchanged: number;
  /** Statuses about EndToEndIds (or payment blocks) ayni never sent, or naming none. */
  unmatched: number;
  /** Newly rejected deposits by reason code ('' when the bank gave none). */
  rejectedByReason: Record<string, number>;
  /** Contradictions (counted in unchanged); the first 100. Not kept for an earlier import. */
  conflicts: StatusConflict[];
  conflictCount: number;
  /** The first 100 unmatched EndToEndIds (all of them: `unmatchedFile`). Not kept for an earlier import. */
  unmatchedEndToEndIds: string[];
  /**
   * The file listing every unmatched status (line in the reply, reason, EndToEndId), in
   * `unmatchedDir`; null when nothing was unmatched or no folder was given.
   */
  unmatchedFile: string | null;
  /** What the reader and the resolution noted (status overruled, count mismatch …); the first 100. */
  notes: StatusNote[];
}

/** One status about one deposit, from either message. */
interface Reported {
  endToEndId: string;
  state: 'accepted' | 'rejected' | 'pending';
  reasonCode: string | null;
  /** The bank's acceptance or booking time, when it gave one. */
  at: Date | undefined;
  /** The amount the bank reports for it, when it reports one. */
  amountCentavos: bigint | undefined;
  /** For conflicts: the status and reason as the bank wrote them. */
  bank: BankStatus;
  /** Where the reply says it (camt.054); a pain.002 outcome stands for the whole report. */
  line: number | undefined;
}

const LISTED = UNMATCHED_LISTED;

/**
 * Imports a pain.002 or camt.054 file (told apart by its namespace) and reconciles the deposits it
 * reports. Importing the same file again changes nothing and returns the earlier counts. A file
 * that cannot be read or applied is refused, and nothing of it is applied.
 *
 * @example
 *   const r = await importStatus(db, { filePath: 'in/UNI-STS-0042.xml', at: new Date(), actor: 'account:beto' });
 *   if (!r.ok) return r; // e.g. { code: 'deposit_file_unknown', originalMessageId: 'NOT-OURS-1' }
 *   const { kind, accepted, rejected, rejectedByReason, conflicts } = r.value;
 */
export async function importStatus(
  db: Database,
  input: ImportStatusInput,
): Promise<Result<ImportStatusResult, StatusImportFailure>> {
  if (Number.isNaN(input.at.getTime())) return fail({ code: 'time_invalid', operation: 'status_import' });
  const identity = await identifyMessage(input.filePath);
  if (!('rootName' in identity))
    return fail({
      code: 'status_file_unreadable',
      filePath: input.filePath,
      stage: 'identify',
      cause: identity,
    });
  const name = identity.messageName;
  const kind = name?.startsWith('pain.002.')
    ? 'pain.002'
    : name?.startsWith('camt.054.')
      ? 'camt.054'
      : undefined;
  if (kind === undefined)
    return fail({ code: 'status_file_unrecognised', filePath: input.filePath, messageName: name ?? null });
  const sha256 = await sha256OfFile(input.filePath);
  if (sha256 === undefined)
    return fail({ code: 'status_file_unreadable', filePath: input.filePath, stage: 'hash' });
  const fileName = path.basename(input.filePath);
  const earlier = await statusImportBySha256(db, sha256);
  if (earlier) return ok(await earlierResult(db, earlier, null, input.unmatchedDir));

  const run = new ImportRun(db, input, await nextStatusImportId(db));
  let reading: Result<ReadReply, StatusImportFailure>;
  let unmatchedFile: string | null = null;
  try {
    reading = kind === 'pain.002' ? await readPain002(run, input) : await readCamt054(run, input);
    if (reading.ok) {
      await run.flush();
      unmatchedFile = await run.unmatchedList.close();
    }
  } catch (error) {
    // Not recorded: a new run gets a new import id, so this list would name nothing.
    await run.unmatchedList.discard();
    throw error;
  }
  if (!reading.ok) {
    // Refused before anything was applied (the statuses are applied once the file is read).
    await run.unmatchedList.discard();
    return passOn(reading);
  }
  const read = reading.value;

  const counts = run.counts;
  const recorded = await db.transaction(async (tx) => {
    const row = await insertStatusImport(tx, {
      id: run.importId,
      kind,
      file_name: fileName,
      sha256,
      message_id: read.messageId,
      accepted: counts.accepted,
      rejected: counts.rejected,
      unchanged: counts.unchanged,
      unmatched: counts.unmatched,
      imported_by: input.actor,
      imported_at: input.at,
    });
    if (!row) return undefined;
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono.status_import.imported',
      entityType: 'bono_status_import',
      entityId: run.importId,
      after: {
        kind,
        fileName,
        sha256,
        messageId: read.messageId,
        originalMessageId: read.originalMessageId,
        ...counts,
        rejectedByReason: run.rejectedByReason,
        conflictCount: run.conflictCount,
        conflicts: run.conflicts,
        unmatchedEndToEndIds: run.unmatchedIds,
        unmatchedFile,
      },
    });
    return row;
  });
  // The same bytes were imported concurrently and recorded first: this run applied nothing new.
  if (!recorded) {
    await run.unmatchedList.discard();
    return ok(
      await earlierResult(
        db,
        (await statusImportBySha256(db, sha256))!,
        read.originalMessageId,
        input.unmatchedDir,
      ),
    );
  }
  input.onProgress?.({ phase: 'done', done: run.seen, total: run.seen });
  return ok({
    importId: run.importId,
    kind,
    alreadyImported: false,
    fileName,
    sha256,
    messageId: read.messageId,
    originalMessageId: read.originalMessageId,
    ...counts,
    rejectedByReason: run.rejectedByReason,
    conflicts: run.conflicts,
    conflictCount: run.conflictCount,
    unmatchedEndToEndIds: run.unmatchedIds,
    unmatchedFile,
    notes: run.notes,
  });
}

async function earlierResult(
  sql: Sql,
  row: StatusImportRow,
  originalMessageId: string | null,
  unmatchedDir: string | undefined,
): Promise<ImportStatusResult> {
  return {
    importId: row.id,
    kind: row.kind,
    alreadyImported: true,
    fileName: row.file_name,
    sha256: row.sha256,
    messageId: row.message_id,
    originalMessageId,
    accepted: Number(row.accepted),
    rejected: Number(row.rejected),
    unchanged: Number(row.unchanged),
    unmatched: Number(row.unmatched),
    rejectedByReason: await rejectionsByReason(sql, row.id),
    conflicts: [],
    conflictCount: 0,
    unmatchedEndToEndIds: [],
    unmatchedFile: await existingUnmatchedList(unmatchedDir, row.id),
    notes: [
      {
        code: 'already_imported',
        importId: row.id,
        importedAt: row.imported_at,
        importedBy: row.imported_by,
      },
    ],
  };
}

// --- pain.002 -----------------------------------------------------------------------------------

/** What reading a reply found out about it: its own MsgId, and (pain.002) the file it answers. */
interface ReadReply {
  messageId: string | null;
  originalMessageId: string | null;
}

async function readPain002(
  run: ImportRun,
  input: ImportStatusInput,
): Promise<Result<ReadReply, StatusImportFailure>> {
  run.progress('reading');
  // The group comes first: it names the original message, whose EndToEndIds the resolution needs.
  const records = streamPain002(input.filePath)[Symbol.asyncIterator]();
  const buffered: Streamed<Pain002Record>[] = [];
  let group: Extract<Pain002Record, { kind: 'group' }>['group'] | undefined;
  while (group === undefined) {
    const next = await records.next();
    if (next.done) break;
    const item = next.value;
    if (item.kind === 'failure')
      return fail({
        code: 'status_file_unreadable',
        filePath: input.filePath,
        stage: 'read',
        cause: item.failure,
      });
    buffered.push(item);
    if (item.kind === 'group') group = item.group;
  }
  if (!group)
    return fail({ code: 'status_file_unreadable', filePath: input.filePath, stage: 'group_status' });
  const named = group.originalMessageId || undefined;
  if (named !== undefined && input.originalMessageId !== undefined && named !== input.originalMessageId)
    return fail({
      code: 'status_file_other_message',
      reportedOriginalMessageId: named,
      givenOriginalMessageId: input.originalMessageId,
    });
  const originalMessageId = named ?? input.originalMessageId;
  if (originalMessageId === undefined) return fail({ code: 'status_original_unknown' });
  const file = await fileByMessageId(run.db, originalMessageId);
  if (!file) return fail({ code: 'deposit_file_unknown', originalMessageId });

  async function* all(): AsyncGenerator<Streamed<Pain002Record>> {
    yield* buffered;
    for (;;) {
      const next = await records.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const resolved = await resolvePain002(
    all(),
    {
      messageId: file.message_id,
      payments: [
        { paymentInformationId: file.payment_info_id, endToEndIds: await fileEndToEndIds(run.db, file) },
      ],
    },
    {
      assumeOriginalMessageId: named === undefined,
      // Statuses about other transactions go to the unmatched list as they are read; the
      // resolution keeps none of them.
      maxUnknownKept: 0,
      onUnknownTransaction: (t) =>
        run.unmatched(
          t.line,
          t.originalEndToEndId ?? '',
          t.originalEndToEndId === undefined ? 'no_original_end_to_end_id' : 'not_in_deposit_file',
        ),
      onUnknownPayment: async (p) => {
        await run.unmatched(p.line, '', 'payment_block_not_in_deposit_file');
        run.note({
          code: 'payment_block_unknown',
          line: p.line,
          paymentInformationId: p.originalPaymentInformationId,
          depositFile: file.message_id,
        });
      },
    },
  );
  if (!resolved.ok)
    return fail({ code: 'status_file_not_applicable', filePath: input.filePath, cause: resolved.error });
  const r = resolved.value;
  for (const n of r.notes) run.note(n.line === undefined ? { code: n.code } : { code: n.code, line: n.line });
  for (const o of r.outcomes) {
    const reasonCode = o.reason?.code ?? o.reason?.proprietary ?? null;
    await run.report({
      endToEndId: o.endToEndId,
      state: o.state,
      reasonCode,
      at: o.acceptanceDateTime === undefined ? undefined : parseBankTime(o.acceptanceDateTime),
      amountCentavos: undefined,
      bank: { message: 'pain.002', status: o.status ?? null, reasonCode, level: o.level },
      line: undefined,
    });
  }
  return ok({ messageId: r.reportMessageId ?? null, originalMessageId: file.message_id });
}

// --- camt.054 -----------------------------------------------------------------------------------

/** Bank transaction sub-family of a returned credit transfer. */
const RETURN_SUBFAMILY = 'RRTN';

function isReturn(entry: CamtEntry, details: CamtTransactionDetails): boolean {
  return (
    details.returnReason !== undefined ||
    entry.reversal ||
    entry.bankTransactionCode?.subFamily === RETURN_SUBFAMILY
  );
}

async function readCamt054(
  run: ImportRun,
  input: ImportStatusInput,
): Promise<Result<ReadReply, StatusImportFailure>> {
  run.progress('reading');
  // First pass: which deposits this notification returns. A return supersedes the booking it
  // returns, wherever in the file each one is; returns are few, so the set stays small.
  const returned = new Set<string>();
  let messageId: string | null = null;
  for await (const item of streamCamt054(input.filePath)) {
    if (item.kind === 'failure')
      return fail({
        code: 'status_file_unreadable',
        filePath: input.filePath,
        stage: 'read',
        cause: item.failure,
      });
    if (item.kind === 'header') messageId = item.messageId ?? null;
    if (item.kind === 'entry' && item.entry.status === 'BOOK') {
      for (const d of item.entry.details)
        if (d.endToEndId && isReturn(item.entry, d)) returned.add(d.endToEndId);
    }
  }
  for await (const item of streamCamt054(input.filePath)) {
    if (item.kind === 'warning') run.note({ code: item.warning.code, line: item.warning.line });
    if (item.kind !== 'entry') continue;
    const entry = item.entry;
    if (entry.details.length === 0) {
      // A booking without transaction details (e.g. a batch booked as one) names no deposit.
      await run.unmatched(entry.line, '', 'entry_without_details');
      continue;
    }
    for (const d of entry.details) {
      const endToEndId = d.endToEndId;
      if (!endToEndId || endToEndId === 'NOTPROVIDED') {
        await run.unmatched(d.line, '', 'no_end_to_end_id');
        continue;
      }
      const returning = isReturn(entry, d);
      const booked = entry.status === 'BOOK';
      const state = !booked
        ? 'pending'
        : returning
          ? 'rejected'
          : returned.has(endToEndId)
            ? 'pending'
            : 'accepted';
      const reasonCode = d.returnReason?.code ?? d.returnReason?.proprietary ?? null;
      await run.report({
        endToEndId,
        state,
        reasonCode: state === 'rejected' ? reasonCode : null,
        at: entry.bookingDate ? parseBankTime(entry.bookingDate) : undefined,
        // With one transaction in the entry, the entry's amount is the transaction's.
        amountCentavos: d.amountCentavos ?? (entry.details.length === 1 ? entry.amountCentavos : undefined),
        bank: {
          message: 'camt.054',
          status: entry.status,
          creditDebit: entry.creditDebit,
          returned: returning,
          reasonCode,
        },
        line: d.line,
      });
    }
  }
  return ok({ messageId, originalMessageId: null });
}

// --- applying statuses --------------------------------------------------------------------------

/** Statuses are applied in transactions of this many deposits (one ledger batch). */
const APPLY_BATCH = MAX_TRANSFERS_PER_BATCH;

class ImportRun {
  readonly counts = { accepted: 0, rejected: 0, unchanged: 0, unmatched: 0 };
  readonly rejectedByReason: Record<string, number> = {};
  readonly conflicts: StatusConflict[] = [];
  conflictCount = 0;
  readonly unmatchedList: UnmatchedList;
  readonly notes: StatusNote[] = [];
  seen = 0;
  private pending: Reported[] = [];
  private accounts: Promise<BonoAccounts> | undefined;

  constructor(
    readonly db: Database,
    private readonly input: ImportStatusInput,
    readonly importId: number,
  ) {
    this.unmatchedList = new UnmatchedList(
      input.unmatchedDir === undefined ? undefined : unmatchedListPath(input.unmatchedDir, importId),
    );
  }

  /** The first 100 unmatched EndToEndIds. */
  get unmatchedIds(): string[] {
    return this.unmatchedList.first;
  }

  progress(phase: ImportStatusProgress['phase']) {
    this.input.onProgress?.({ phase, done: this.seen, total: 0 });
  }

  note(note: StatusNote) {
    if (this.notes.length < LISTED) this.notes.push(note);
  }

  /** A status that names no deposit ayni sent: counted, and listed (see UnmatchedList). */
  async unmatched(line: number | undefined, endToEndId: string, reason: UnmatchedReason) {
    this.counts.unmatched++;
    this.seen++;
    await this.unmatchedList.add(line, endToEndId, reason);
  }

  async report(status: Reported) {
    this.pending.push(status);
    if (this.pending.length >= APPLY_BATCH) await this.flush();
  }

  async flush() {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.accounts ??= ensureBonoAccounts(this.db, this.input.at);
    const accounts = await this.accounts;
    const outcome = await transactionWithRetry(this.db, (tx) =>
      applyBatch(tx, batch, this.input, this.importId, accounts),
    );
    this.counts.accepted += outcome.accepted;
    this.counts.rejected += outcome.rejected;
    this.counts.unchanged += outcome.unchanged;
    for (const [reason, n] of Object.entries(outcome.rejectedByReason))
      this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + n;
    for (const c of outcome.conflicts) {
      this.conflictCount++;
      if (this.conflicts.length < LISTED) this.conflicts.push(c);
    }
    for (const s of outcome.unmatched) await this.unmatched(s.line, s.endToEndId, 'no_deposit_sent');
    this.seen += batch.length - outcome.unmatched.length;
    this.input.onProgress?.({ phase: 'applying', done: this.seen, total: 0 });
  }
}

interface BatchOutcome {
  accepted: number;
  rejected: number;
  unchanged: number;
  rejectedByReason: Record<string, number>;
  conflicts: StatusConflict[];
  /** Statuses whose EndToEndId names no deposit. */
  unmatched: Reported[];
}

/**
 * Applies one batch in one transaction: locks the deposits, decides each status against the
 * recorded state, moves each deposit out of in-transit in one ledger call, then records payments
 * and resolutions. Safe to run again (the retry of a conflict with a concurrent import): it decides
 * from what it reads under the locks.
 */
async function applyBatch(
  tx: Sql,
  batch: readonly Reported[],
  input: ImportStatusInput,
  importId: number,
  accounts: BonoAccounts,
): Promise<BatchOutcome> {
  const out: BatchOutcome = {
    accepted: 0,
    rejected: 0,
    unchanged: 0,
    rejectedByReason: {},
    conflicts: [],
    unmatched: [],
  };
  await disableJit(tx);
  const rows = new Map(
    (await lockDeposits(tx, [...new Set(batch.map((s) => s.endToEndId))])).map((r) => [r.end_to_end_id, r]),
  );
  // The state as this batch leaves it, so that two statuses about one deposit in a batch apply once.
  const state = new Map<string, DepositRow['state']>();
  const transfers: TransferInput[] = [];
  const decided: { status: Reported; row: DepositRow }[] = [];
  for (const status of batch) {
    const row = rows.get(status.endToEndId);
    if (!row) {
      out.unmatched.push(status);
      continue;
    }
    const recorded = state.get(row.end_to_end_id) ?? row.state;
    if (status.state === 'pending' || status.state === recorded) {
      out.unchanged++;
      continue;
    }
    if (recorded !== 'sent') {
      out.unchanged++;
      out.conflicts.push({
        endToEndId: row.end_to_end_id,
        recorded,
        reported: status.state,
        bank: status.bank,
      });
      continue;
    }
    const reported = status.state;
    if (status.amountCentavos !== undefined && status.amountCentavos !== row.amount_centavos) {
      // The bank moved another amount than was sent: an officer must look before anything is booked.
      out.unchanged++;
      out.conflicts.push({
        endToEndId: row.end_to_end_id,
        recorded,
        reported,
        bank: status.bank,
        amounts: { reportedCentavos: status.amountCentavos, sentCentavos: row.amount_centavos },
      });
      continue;
    }
    state.set(row.end_to_end_id, reported);
    transfers.push(resolution(row, reported === 'accepted', input.at, accounts));
    decided.push({ status, row });
  }

  const results = await createTransfers(tx, transfers);
  const payments: NewPaymentRow[] = [];
  const resolutions: Resolution[] = [];
  results.forEach((result, i) => {
    const { status, row } = decided[i]!;
    // The rows were locked and 'sent', so the deposit is still in transit: anything but 'ok'
    // ('exists' is an idempotent repeat) means the books and the rows disagree — e.g. a payment
    // key held by a counter payout, which the payouts' check under the payable's lock prevents.
    if (result.result !== 'ok' && result.result !== 'exists')
      throw new Error(`the ledger refused ${transfers[i]!.id}: ${result.result}`);
    if (status.state === 'accepted') {
      out.accepted++;
      payments.push({
        personId: row.person_id,
        roundId: row.round_id,
        amountCentavos: row.amount_centavos,
        bankBic: row.bank_bic,
        idempotencyKey: row.end_to_end_id,
        transferId: transfers[i]!.id,
        paidAt: status.at ?? input.at,
        recordedBy: input.actor,
      });
      resolutions.push({
        endToEndId: row.end_to_end_id,
        state: 'accepted',
        reasonCode: null,
        resolvedAt: input.at,
      });
    } else {
      out.rejected++;
      const reason = status.reasonCode ?? '';
      out.rejectedByReason[reason] = (out.rejectedByReason[reason] ?? 0) + 1;
      resolutions.push({
        endToEndId: row.end_to_end_id,
        state: 'rejected',
        reasonCode: status.reasonCode,
        resolvedAt: input.at,
      });
    }
  });
  await insertDepositPayments(tx, payments);
  const resolved = await resolveDeposits(tx, importId, resolutions);
  if (resolved !== resolutions.length)
    throw new Error(`${resolutions.length - resolved} deposit(s) changed state under their lock`);
  return out;
}

/**
 * The ledger transfer that settles a deposit the bank answered: out of in-transit, to paid at its
 * bank (holding the person's payment key, as a counter payout does) or back to payable. A deposit
 * exported before migration 0033 was reserved by a pending transfer of its own: posted or voided.
 */
function resolution(row: DepositRow, accepted: boolean, at: Date, accounts: BonoAccounts): TransferInput {
  const common = {
    personId: row.person_id,
    userData64: BigInt(row.round_id),
    userDataText: row.end_to_end_id,
    occurredAt: at,
  };
  if (row.sent_transfer_id === depositTransferId(row.end_to_end_id))
    return {
      kind: accepted ? 'post_pending' : 'void_pending',
      id: `${row.sent_transfer_id}:${accepted ? 'post' : 'void'}`,
      pendingId: row.sent_transfer_id,
      code: accepted ? 'bono.deposit_post' : 'bono.deposit_void',
      ...common,
    };
  const inTransit = accounts.inTransitByBank.get(row.bank_bic);
  const paid = accounts.paidByBank.get(row.bank_bic);
  if (inTransit === undefined || paid === undefined)
    throw new Error(`bank ${row.bank_bic} of deposit ${row.end_to_end_id} has no bono accounts`);
  return accepted
    ? {
        id: depositAcceptedTransferId(row.end_to_end_id),
        debitAccountId: inTransit,
        creditAccountId: paid,
        amount: row.amount_centavos,
        ledger: BOB_LEDGER,
        code: 'bono.deposit_accepted',
        uniqueKey: personPaymentKey(row.person_id),
        ...common,
      }
    : {
        id: depositRejectedTransferId(row.end_to_end_id),
        debitAccountId: inTransit,
        creditAccountId: accounts.payable,
        amount: row.amount_centavos,
        ledger: BOB_LEDGER,
        code: 'bono.deposit_rejected',
        ...common,
      };
}

/**
 * A time as a bank writes it: a date-time with its offset, a date-time without one (read as
 * Bolivian local time, which is what a Bolivian bank means), or a date (its start in Bolivia).
 */
function parseBankTime(text: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return startOfBolivianDay(text);
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}-04:00`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The file's SHA-256 in hex, or undefined when its bytes cannot be read. */
async function sha256OfFile(filePath: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}
