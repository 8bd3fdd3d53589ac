import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import {
  describeReason,
  findSchema,
  knownReasonCodes,
  Pain001BatchRenderer,
  type Pain001Debtor,
  type Pain001FileSpec,
  type Pain001Written,
  type PreparedCreditTransfer,
  prepareCreditTransfer,
  type RenderedPain001Batch,
  validateXmlFile,
  writePain001File,
} from '../interchange/iso20022/index.ts';
import { BOB_LEDGER, createTransfers, transactionWithRetry } from '../ledger/index.ts';
import { assert } from '../shared/assert.ts';
import { BOLIVIA_UTC_OFFSET_MS, toIsoDateInBolivia } from '../shared/dates.ts';
import { UserError } from '../shared/errors.ts';
import { PacedQueue } from '../shared/paced-queue.ts';
import { makePrivateFolder } from '../shared/private-files.ts';
import { type BonoAccounts, ensureBonoAccounts } from './bono.accounts.ts';
import {
  countDepositEntitlements,
  deleteDeposits,
  exportSettings,
  type PageFilter,
  type PageSkipReason,
  pageEnd,
  paidAmongPage,
  reservePageRows,
  roundStatus,
  type SentRow,
  tryExportLock,
} from './deposit-export.repository.ts';
import {
  completeFile,
  deleteEmptyFile,
  type FileRow,
  fileDepositPage,
  fileDepositTotals,
  insertProvisionalFiles,
  provisionalFiles,
  withoutJit,
} from './deposit-file.repository.ts';
import { depositsSentTransferId, endToEndPrefix } from './deposit-ids.ts';
import { depositDebtor } from './operations.ts';

/**
 * Account deposits, outbound: `exportDeposits` writes one ISO 20022 pain.001.001.03 file per bank
 * for the persons of an approved round who are paid into their registered single-holder account,
 * and moves what it sends from payable to the bank's in-transit account until the bank answers
 * (see reconcile.ts, re-exported below, for the answers).
 *
 * The export reserves first and writes what it reserved, in one pass over the round's deposit
 * entitlements. Each page (a range of persons, 16,000 deposit entitlements by default) is one
 * transaction: one statement classifies the page's entitlements, records the bono_deposit rows of
 * those to send (at most one open deposit per person) and returns them with the holders' names;
 * then one transfer per bank, payable → in-transit:<BIC> (`bono:deposits-sent:B<round>F<file>P:after-<person>`),
 * so a crash never leaves one without the other; then, under the payable's lock, the persons paid
 * at a counter since the statement ran are looked for, and the page is reserved again without them.
 * A page's deposits are checked and rendered to bytes for their bank's file at once, and streamed to
 * it once committed, while the next page runs (two transactions in flight, so the database's work
 * overlaps). Nothing is counted beforehand: a file's header totals are written when its last page
 * is in. One transfer per page and bank rather than a pending transfer per deposit: the latter cost
 * twice the rest of the export together (docs/benchmarks.md); each deposit still gets its own
 * transfer when its bank answers.
 * A file row is provisional (sha256 of zeros) until its file is written, validated against the XSD
 * and renamed into place; a file that a crash or a refusal left incomplete is written again from
 * its deposit rows, so every reserved deposit ends up in exactly one file and nobody is sent twice.
 */

export {
  depositAcceptedTransferId,
  depositRejectedTransferId,
  depositsSentTransferId,
  depositTransferId,
} from './deposit-ids.ts';
export {
  type ImportStatusInput,
  type ImportStatusProgress,
  type ImportStatusResult,
  importStatus,
  type StatusConflict,
} from './reconcile.ts';

/**
 * Deposits per page (one transaction). A page books one ledger transfer per bank, so its size is
 * bounded by memory, not by the ledger's batch; larger pages overlap the database's work with the
 * file writing better (200,000 deposits: 59,600/s in pages of 2,000, 82,000/s in pages of 8,000 —
 * docs/benchmarks.md).
 */
const DEFAULT_PAGE = 16_000;
const FIRST_PAGE = 1_000;
const MAX_PAGE = 50_000;
/** Pages reserved at once: one holds the ledger while the next is classified and recorded (3 was no faster). */
const PAGES_IN_FLIGHT = 2;

/** The remittance line every deposit carries (the law and its regulation). */
const REMITTANCE = 'Bono Contra el Hambre - Ley 1330, DS 4392';

/** Why a deposit entitlement was not sent now. */
export type DepositSkipReason =
  /** Paid already (at a counter, or by an accepted deposit). */
  | 'already_paid'
  /** A deposit is at the bank (sent, awaiting its answer). */
  | 'deposit_open'
  /** The collection period ended before the export day. */
  | 'collection_period_over'
  /** The person's bank is not enabled to pay the bono on the export day. */
  | 'bank_not_enabled'
  /** A bank rejected the account itself (closed, wrong number, blocked …): the person collects at a counter. */
  | 'account_rejected'
  /** A bank said the holder died (MD07). */
  | 'beneficiary_deceased'
  /** The entitlement names a person no longer in the registry. */
  | 'person_missing'
  /** Name, account or CI cannot be written in a pain.001 (e.g. no printable character). */
  | 'account_data_invalid'
  /** Paid at a counter (or otherwise holding the payment key) between the count and the reservation. */
  | 'paid_meanwhile';

const SKIP_REASONS: readonly DepositSkipReason[] = [
  'already_paid',
  'deposit_open',
  'collection_period_over',
  'bank_not_enabled',
  'account_rejected',
  'beneficiary_deceased',
  'person_missing',
  'account_data_invalid',
  'paid_meanwhile',
];

export interface DepositExportProgress {
  phase: 'recovering' | 'counting' | 'reserving' | 'validating' | 'done';
  /** Deposit entitlements examined so far — sent or skipped — (reserving), or files handled. */
  done: number;
  /** The round's deposit entitlements (reserving), or files to handle. */
  total: number;
  bankBic?: string;
}

export interface ExportDepositsInput {
  roundId: number;
  /** Folder the files are written to (created if missing). */
  outDir: string;
  /** The export's time: its day decides who is still within the collection period. */
  at: Date;
  actor: Actor;
  /** The ministry's paying account; the parameter bono_deposit_debtor in force when omitted. */
  debtor?: Pain001Debtor;
  /**
   * The pain.001.001.03 XSD, or a folder of ISO 20022 schemas holding `pain/pain.001.001.03.xsd`
   * (e.g. schemas/iso20022, vendored with ayni: the CLI and the back office pass it unless
   * AYNI_ISO20022_SCHEMAS names another). Each file is validated before it is recorded and
   * renamed into place; an invalid file is an error. Omitted: not validated (validating holds
   * about three times the file in memory).
   */
  schemaPath?: string;
  /** Deposits per page (one transaction), 1–50,000 (default 16,000). */
  batchSize?: number;
  onProgress?: (progress: DepositExportProgress) => void;
}

export interface ExportedDepositFile {
  fileId: number;
  bankBic: string;
  /** Where the file is (outDir/file name). */
  path: string;
  messageId: string;
  paymentInformationId: string;
  nbOfTxs: number;
  ctrlSumCentavos: bigint;
  sha256: string;
  sizeBytes: number;
  /** Validated against the XSD given as schemaPath. */
  validated: boolean;
  /** Written again from its deposit rows: a file an earlier, interrupted export had reserved. */
  recovered: boolean;
}

export interface ExportDepositsResult {
  roundId: number;
  files: ExportedDepositFile[];
  /** Deposits in this export's files (recovered files included). */
  sent: number;
  sentCentavos: bigint;
  /** Deposit entitlements not sent now, by reason. */
  skipped: Record<DepositSkipReason, number>;
}

/**
 * The EndToEndId of a deposit: round, file and person, e.g. `B1F7P0000004521`. Unique because a file
 * holds a person once and file ids are never reused; deterministic, so a file can be written again
 * byte for byte from its rows. The person id is zero-padded so that the text order of a file's ids
 * is its person order, and every id of a file starts with `B<round>F<file>P`, which no other
 * file's does. The export's page statement builds the same id in SQL from `endToEndPrefix`
 * (deposit-export.repository.ts, reservePageRows); this is its statement in code, for callers and tests.
 *
 * @example depositEndToEndId(1, 7, 4521n) // 'B1F7P0000004521'
 */
export function depositEndToEndId(roundId: number, fileId: number, personId: bigint): string {
  const id = `${endToEndPrefix(roundId, fileId)}${personId.toString().padStart(10, '0')}`;
  assert(id.length <= 35, `EndToEndId ${id} is longer than the 35 characters ISO 20022 allows`);
  return id;
}

/**
 * Writes the deposit files of an approved round: one pain.001.001.03 per bank, with every deposit
 * entitlement that is unpaid, has no deposit at a bank, is within its collection period on the
 * day of `at`, and was not rejected by a bank for a reason that a new attempt cannot cure (the
 * account itself, or the holder's death). A person whose earlier deposit was rejected for any
 * other reason is sent again, under a new EndToEndId. Running it again sends only what is new;
 * after a crash it first completes the files the interrupted run had reserved.
 *
 * @example
 *   const r = await exportDeposits(db, { roundId: 1, outDir: 'out/deposits', at: new Date(),
 *     actor: 'account:beto', schemaPath: 'schemas/iso20022' });
 *   const sent = r.files.map((f) => ({ path: f.path, txs: f.nbOfTxs, sum: f.ctrlSumCentavos, sha256: f.sha256 }));
 */
export async function exportDeposits(
  db: Database,
  input: ExportDepositsInput,
): Promise<ExportDepositsResult> {
  const batchSize = input.batchSize ?? DEFAULT_PAGE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_PAGE)
    throw new UserError('batch_size_invalid', `The batch size must be 1 to ${MAX_PAGE}.`);
  if (Number.isNaN(input.at.getTime()))
    throw new UserError('time_invalid', 'The export time is not a valid date.');
  await assertApproved(db, input.roundId);
  const xsdPath = input.schemaPath === undefined ? undefined : await resolvePain001Schema(input.schemaPath);
  const accounts = await ensureBonoAccounts(db, input.at);
  // Names and accounts of the creditors: the folders made here are 0700, the files 0600.
  await makePrivateFolder(input.outDir);
  return withExportLock(db, input.roundId, async () => {
    // Again under the lock: the round may have expired while this export waited for it.
    await assertApproved(db, input.roundId);
    return runExport(db, input, { batchSize, xsdPath, accounts });
  });
}

async function assertApproved(db: Database, roundId: number): Promise<void> {
  const status = await roundStatus(db, roundId);
  if (status === undefined)
    throw new UserError(
      'round_not_found',
      `There is no round ${roundId}: list rounds with ayni bono round list.`,
    );
  if (status !== 'approved')
    throw new UserError(
      'round_not_approved',
      `Round ${roundId} is ${status}; deposits are exported only for an approved round${
        status === 'frozen' ? ' (a second officer must approve it first)' : ''
      }.`,
      { roundId, status },
    );
}

interface ExportContext {
  batchSize: number;
  xsdPath: string | undefined;
  accounts: BonoAccounts;
}

async function runExport(
  db: Database,
  input: ExportDepositsInput,
  ctx: ExportContext,
): Promise<ExportDepositsResult> {
  const progress = input.onProgress ?? (() => {});
  // The paying account in force on the day of the export, unless the caller names one.
  const debtor = input.debtor ?? depositDebtor(toIsoDateInBolivia(input.at));
  const files: ExportedDepositFile[] = [];
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<DepositSkipReason, number>;

  // 1. Files an interrupted export reserved but did not finish: write them from their rows.
  const unfinished = await provisionalFiles(db, input.roundId);
  for (const [i, file] of unfinished.entries()) {
    progress({ phase: 'recovering', done: i, total: unfinished.length, bankBic: file.bank_bic });
    const written = await renderFromRows(db, file, input, ctx, debtor, true);
    if (written) files.push(written);
  }

  // 2. How many deposit entitlements there are to examine, for the progress only: nothing is
  //    counted per bank before the pages; each page says what it sent and why not the others. The
  //    first page's end says whether there is anything at all; the count runs beside the first
  //    page (50–75 ms on the bench country that nothing else waited for).
  progress({ phase: 'counting', done: 0, total: 0 });
  const pageSize = (n: number) => Math.min(ctx.batchSize, FIRST_PAGE * 2 ** n);
  const firstUpto = await pageEnd(db, input.roundId, 0n, pageSize(0));
  if (firstUpto === undefined) return summary(input.roundId, files, skipped);
  // Only the progress bar's total: a count that fails leaves it at zero, not the export failed.
  const counting = countDepositEntitlements(db, input.roundId).catch(() => 0);

  // 3. A provisional file row for each bank enabled on the day, and a writer per bank fed as pages
  //    are reserved. A file's totals are known only after its last page: its writer leaves room
  //    for the header's totals and fills them in at the end (writePain001File without declared
  //    totals). A bank nobody is sent to loses its row at the end.
  const day = toIsoDateInBolivia(input.at);
  const banks = [...ctx.accounts.paidByBank.keys()].sort();
  const fileRows = await db.transaction(async (tx) => {
    const rows = await insertProvisionalFiles(
      tx,
      banks.map((bic) => ({
        roundId: input.roundId,
        bankBic: bic,
        createdBy: input.actor,
        createdAt: input.at,
      })),
    );
    for (const row of rows) {
      const finalPath = path.join(input.outDir, row.file_name);
      // Never replace a file that may already be at a bank (e.g. from another database).
      if (await exists(finalPath))
        throw new UserError(
          'deposit_file_exists',
          `${finalPath} already exists; move it away or export to another folder.`,
          { path: finalPath },
        );
    }
    return rows;
  });
  const streams = new Map<string, BankStream>();
  const specs = new Map<string, Pain001FileSpec>();
  for (const file of fileRows) {
    const queue = new BatchQueue<RenderedPain001Batch>(4);
    const spec = fileSpec(file, debtor, ctx.accounts);
    specs.set(file.bank_bic, spec);
    const writing = writePain001File(
      tmpPathOf(input.outDir, file),
      spec,
      queue,
      // A file's EndToEndIds ascend with the person id (zero-padded): the writer checks the order
      // instead of remembering every id.
      { overwrite: true, ascendingIds: true },
    ).finally(() => queue.abandon());
    // Observed at once, so that a writer failing while pages are still being reserved is not an
    // unhandled rejection; its error is rethrown below.
    writing.catch(() => undefined);
    streams.set(file.bank_bic, { file, queue, writing, reserved: 0 });
  }
  const pageFilter = {
    roundId: input.roundId,
    day,
    ...reasonCodeSets(),
  };

  // 4. Reserve page by page, two pages in flight: while one page's transfers hold the payable
  //    account, the next page is classified and recorded (no lock needed). Pages reach the
  //    writers in person order. Two transactions at once cannot deadlock: they take the ledger's
  //    locks in id order, and their bono_deposit rows are for different persons. The first pages
  //    are small so that the files start filling early, then they grow to the batch size.
  let examined = 0;
  let failure: unknown;
  // Once a page's rows came out of order, the later pages are asked for sorted at once.
  const sorting = { ordered: false };
  const inFlight: Promise<ReservedPage>[] = [];
  const deliver = async (reserved: ReservedPage) => {
    for (const [reason, n] of reserved.skipped) skipped[reason] += n;
    skipped.paid_meanwhile += reserved.refused;
    skipped.account_data_invalid += reserved.invalid;
    examined += reserved.examined;
    const total = await counting;
    for (const [bic, batch] of reserved.kept) {
      // Every bank in a reserved page has a file (the page statement sends only to those).
      const stream = streams.get(bic)!;
      stream.reserved += batch.count;
      await stream.queue.push(batch);
    }
    progress({ phase: 'reserving', done: examined, total });
  };
  try {
    let after = 0n;
    for (let n = 0; ; n++) {
      const upto = n === 0 ? firstUpto : await pageEnd(db, input.roundId, after, pageSize(n));
      if (upto === undefined) break;
      const pageBanks = fileRows.map((file) => ({
        bic: file.bank_bic,
        fileId: file.id,
        endToEndPrefix: endToEndPrefix(file.round_id, file.id),
        sentTransferId: depositsSentTransferId(file.round_id, file.id, after),
      }));
      const reserving = reservePage(
        db,
        { ...pageFilter, banks: pageBanks, afterPersonId: after, upto },
        { specs, expectedRows: pageSize(n), sorting },
        input,
        ctx,
      );
      // Observed now; awaited in order below (an early failure must not go unhandled meanwhile).
      reserving.catch(() => undefined);
      inFlight.push(reserving);
      after = upto;
      if (inFlight.length >= PAGES_IN_FLIGHT) await deliver(await inFlight.shift()!);
    }
    while (inFlight.length > 0) await deliver(await inFlight.shift()!);
  } catch (error) {
    failure = error;
    // Let what is still running settle: a committed page stays reserved in its provisional file.
    await Promise.allSettled(inFlight);
  }
  for (const { queue } of streams.values()) queue.close();
  const streamed = [...streams.values()];
  const results = await Promise.allSettled(streamed.map((s) => s.writing));
  if (failure !== undefined) {
    // Rows already reserved stay reserved in provisional files: the next export writes them.
    await Promise.all(streamed.map((s) => rm(tmpPathOf(input.outDir, s.file), { force: true })));
    throw failure;
  }

  // 5. Record each file; a bank that received nothing loses its row; a file whose writing failed
  //    is written again from its rows (which fails loudly if they cannot be written).
  for (const [i, stream] of streamed.entries()) {
    progress({ phase: 'validating', done: i, total: streamed.length, bankBic: stream.file.bank_bic });
    const settled = results[i]!;
    if (settled.status === 'rejected') throw settled.reason;
    const result = settled.value;
    if (stream.reserved === 0) {
      await deleteEmptyFile(db, stream.file);
    } else if (result.ok && result.value.transactionCount === stream.reserved) {
      files.push(await finishFile(db, stream.file, result.value, input, ctx, false));
    } else {
      const written = await renderFromRows(db, stream.file, input, ctx, debtor, false);
      if (written) files.push(written);
    }
  }
  progress({ phase: 'done', done: streamed.length, total: streamed.length });
  return summary(input.roundId, files, skipped);
}

function summary(
  roundId: number,
  files: ExportedDepositFile[],
  skipped: Record<DepositSkipReason, number>,
): ExportDepositsResult {
  return {
    roundId,
    files,
    sent: files.reduce((s, f) => s + f.nbOfTxs, 0),
    sentCentavos: files.reduce((s, f) => s + f.ctrlSumCentavos, 0n),
    skipped,
  };
}

/** Reason codes after which a rejected deposit is not sent again, from the library's dictionary. */
function reasonCodeSets(): Pick<PageFilter, 'accountReasonCodes' | 'deceasedReasonCodes'> {
  const codes = knownReasonCodes();
  return {
    accountReasonCodes: codes.filter((c) => describeReason(c)?.party === 'beneficiary_account'),
    deceasedReasonCodes: codes.filter((c) => describeReason(c)?.party === 'deceased'),
  };
}

interface BankStream {
  file: FileRow;
  queue: BatchQueue<RenderedPain001Batch>;
  writing: ReturnType<typeof writePain001File>;
  /** Deposits reserved for this bank and handed to its writer. */
  reserved: number;
}

interface ReservedPage {
  /** The file lines of the deposits reserved, by bank, in person order, rendered for its file. */
  kept: Map<string, RenderedPain001Batch>;
  /** Deposit entitlements of the page not sent, by reason. */
  skipped: Map<PageSkipReason, number>;
  /** Left out: paid at a counter while the page was being reserved. */
  refused: number;
  /** Not reserved: data a pain.001 cannot carry. */
  invalid: number;
  /** Deposit entitlements of the page, whatever became of them. */
  examined: number;
}

/**
 * One page in one transaction: the page statement records a bono_deposit row for each deposit to
 * send (reservePageRows); rows a file cannot carry are removed again; then one transfer per bank,
 * payable → in-transit:<BIC>, for the page's deposits to that bank; then — under the payable
 * account's lock that transfer took, which every counter payout also takes until it commits — the
 * persons paid since the page statement ran. If there are any, the page is rolled back and reserved
 * again without them (a counter payout checks the other way round, src/bono/payouts.ts): nobody is
 * both paid at a counter and sent.
 */
async function reservePage(
  db: Database,
  filter: Omit<PageFilter, 'excluded' | 'ordered'>,
  page: {
    specs: ReadonlyMap<string, Pain001FileSpec>;
    /** About how many deposits the page holds (its size in deposit entitlements). */
    expectedRows: number;
    /** Whether pages are asked for sorted: set for good by the first page found out of order. */
    sorting: { ordered: boolean };
  },
  input: ExportDepositsInput,
  ctx: ExportContext,
): Promise<ReservedPage> {
  const { specs, sorting } = page;
  const excluded: bigint[] = [];
  // Room for a bank's share of the page from the start (about 520 bytes a line), so that its bytes
  // are not copied as they grow.
  const expectedBytes = Math.ceil((page.expectedRows / Math.max(1, specs.size)) * 640);
  for (;;) {
    const attempt = await transactionWithRetry(db, async (tx) => {
      await exportSettings(tx);
      // Each deposit becomes its file line as it arrives (while the server still records the
      // page): held as rows until the page ended, they were most of what every minor garbage
      // collection copied (0.6 s of minor-collection pauses on the bench country, against 0.1 s now). The driver
      // hands over thousands of rows in one go: they are rendered a slice per turn of the event
      // loop, so that the other page's ledger round trips, under the payable's lock, are not kept
      // waiting behind them.
      const renderers = new Map<string, Pain001BatchRenderer>();
      const invalid: string[] = [];
      let outOfOrder = false;
      const lines = new PacedQueue<SentRow>((r) => {
        if (outOfOrder) return;
        const line = creditTransfer(r);
        if (line === undefined) {
          invalid.push(r.end_to_end_id);
          return;
        }
        let renderer = renderers.get(r.bank_bic);
        if (!renderer) {
          renderer = new Pain001BatchRenderer(specs.get(r.bank_bic)!, expectedBytes);
          renderers.set(r.bank_bic, renderer);
        }
        const added = renderer.add(line);
        if (added.ok) return;
        // A file is written in EndToEndId order (person order): the rows come in that order in
        // practice, but no plan promises it. Out of order, the page is asked for again, sorted.
        if (line.endToEndId <= renderer.lastEndToEndId) outOfOrder = true;
        else throw new Error(`the deposit ${line.endToEndId} cannot be rendered: ${added.error}`);
      }, LINES_PER_TURN);
      const ordered = sorting.ordered;
      const { sent, skipped } = await reservePageRows(tx, { ...filter, excluded, ordered }, (r) =>
        lines.push(r),
      ).catch((error: unknown) => {
        // Nothing more is rendered for an attempt that failed (a retry renders its own).
        lines.abandon();
        throw error;
      });
      await lines.drained();
      if (outOfOrder && ordered)
        throw new Error('the page statement returned its deposits out of order although asked to sort them');
      if (outOfOrder) throw new RowsOutOfOrder();
      const rendered = new Map<string, RenderedPain001Batch>();
      const sums = new Map<string, bigint>();
      for (const [bic, renderer] of renderers) {
        rendered.set(bic, renderer.finish()!);
        sums.set(bic, renderer.sumCentavos);
      }
      await deleteDeposits(tx, invalid);
      const transfers = filter.banks
        .filter((b) => sums.has(b.bic))
        .map((b) => ({
          id: b.sentTransferId,
          debitAccountId: ctx.accounts.payable,
          creditAccountId: ctx.accounts.inTransitByBank.get(b.bic)!,
          amount: sums.get(b.bic)!,
          ledger: BOB_LEDGER,
          code: 'bono.deposits_sent',
          userData64: BigInt(input.roundId),
          userDataText: b.bic,
          occurredAt: input.at,
        }));
      const results = await createTransfers(tx, transfers);
      // Under the payable's lock, whatever the ledger answered: a person paid meanwhile also
      // explains payable falling short of the page by that person's amount.
      const paid = await paidAmongPage(tx, {
        afterPersonId: filter.afterPersonId,
        upto: filter.upto,
        sentTransferIds: transfers.map((t) => t.id),
      });
      // Rolls the page back: reserved again below without them.
      if (paid.length > 0) throw new PaidMeanwhile(paid);
      results.forEach((result, i) => {
        // Fresh ids from a page nobody else reserves: anything but 'ok' means the books are wrong
        // (e.g. payable short of funds): stop.
        if (result.result !== 'ok')
          throw new Error(`the ledger refused ${transfers[i]!.id}: ${result.result}`);
      });
      let examined = sent + excluded.length;
      for (const n of skipped.values()) examined += n;
      return { kept: rendered, skipped, refused: excluded.length, invalid: invalid.length, examined };
    }).catch((error: unknown) => {
      if (error instanceof PaidMeanwhile || error instanceof RowsOutOfOrder) return error;
      throw error;
    });
    if (attempt instanceof RowsOutOfOrder) {
      sorting.ordered = true;
    } else if (attempt instanceof PaidMeanwhile) {
      excluded.push(...attempt.personIds);
    } else {
      return attempt;
    }
  }
}

/** Deposits rendered into file lines per turn of the event loop (about 8 ms of work; see reservePage). */
const LINES_PER_TURN = 1024;

/** A page's deposits came out of EndToEndId order: it is rolled back and asked for again, sorted. */
class RowsOutOfOrder extends Error {
  constructor() {
    super('the page statement returned deposits out of EndToEndId order');
  }
}

/** Persons of a page paid at a counter between the page statement and the payable's lock. */
class PaidMeanwhile extends Error {
  constructor(readonly personIds: bigint[]) {
    super(`${personIds.length} person(s) paid while their deposits were being reserved`);
  }
}

const ACCOUNT_ID = /^[A-Za-z0-9]{1,34}$/;

/**
 * The pain.001 transaction of a deposit, checked and rendered (once: the writer takes it as it
 * is), or undefined when its data cannot be written: checked before the page's transfers commit,
 * because the writer refuses a whole file for one bad line.
 */
function creditTransfer(r: SentRow): PreparedCreditTransfer | undefined {
  if (!ACCOUNT_ID.test(r.account_number)) return undefined;
  const prepared = prepareCreditTransfer({
    endToEndId: r.end_to_end_id,
    amountCentavos: r.amount_centavos,
    creditorName: r.creditor_name,
    creditorAccountId: r.account_number,
    creditorIdentityNumber: r.identity,
  });
  return prepared.ok ? prepared.value : undefined;
}

/** The file's settings; `totals` when they are known before writing (a file written from its rows). */
function fileSpec(
  file: FileRow,
  debtor: Pain001Debtor,
  accounts: BonoAccounts,
  totals?: { n: number; amount: bigint },
): Pain001FileSpec {
  const bankName = accounts.bankNames.get(file.bank_bic);
  return {
    messageId: file.message_id,
    // Both come from the row, so a file written again from its rows has the same bytes.
    creationDateTime: boliviaDateTime(file.created_at),
    paymentInformationId: file.payment_info_id,
    requestedExecutionDate: toIsoDateInBolivia(file.created_at),
    debtor,
    creditorAgent: bankName ? { bic: file.bank_bic, name: bankName } : { bic: file.bank_bic },
    ...(totals ? { expectedTransactionCount: totals.n, expectedControlSumCentavos: totals.amount } : {}),
    defaultRemittanceText: REMITTANCE,
    categoryPurposeCode: 'GOVT',
  };
}

/**
 * Writes a file from its deposit rows (all of them, whatever their state: they are what the file
 * holds). Undefined, and the row removed, when it holds none.
 */
async function renderFromRows(
  db: Database,
  file: FileRow,
  input: ExportDepositsInput,
  ctx: ExportContext,
  debtor: Pain001Debtor,
  recovered: boolean,
): Promise<ExportedDepositFile | undefined> {
  const totals = await fileDepositTotals(db, file);
  if (totals.n === 0) {
    await deleteEmptyFile(db, file);
    return undefined;
  }
  const pages = async function* () {
    let after = '';
    for (;;) {
      const rows = await withoutJit(db, (tx) => fileDepositPage(tx, file, after, ctx.batchSize));
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.end_to_end_id;
      // Rows were checked when they were reserved; a row that fails now fails the file, loudly.
      yield rows.map(
        (r) =>
          creditTransfer(r) ?? {
            endToEndId: r.end_to_end_id,
            amountCentavos: r.amount_centavos,
            creditorName: r.creditor_name,
            creditorAccountId: r.account_number,
          },
      );
    }
  };
  const result = await writePain001File(
    tmpPathOf(input.outDir, file),
    fileSpec(file, debtor, ctx.accounts, totals),
    pages(),
    { overwrite: true, ascendingIds: true },
  );
  if (!result.ok)
    throw new Error(
      `deposit file ${file.message_id} cannot be written from its rows: ${result.error.message}`,
    );
  return finishFile(db, file, result.value, input, ctx, recovered);
}

/**
 * Validates the written file, renames it into place and records it (sha256, totals, audit) in one
 * transaction. A crash between the rename and the commit leaves the row provisional: the next
 * export writes the same bytes again.
 */
async function finishFile(
  db: Database,
  file: FileRow,
  written: Pain001Written,
  input: ExportDepositsInput,
  ctx: ExportContext,
  recovered: boolean,
): Promise<ExportedDepositFile> {
  const tmpPath = written.filePath;
  const finalPath = path.join(input.outDir, file.file_name);
  if (ctx.xsdPath !== undefined) {
    const checked = await validateXmlFile(tmpPath, ctx.xsdPath);
    if (!checked.ok) {
      await rm(tmpPath, { force: true });
      throw new Error(`deposit file ${file.message_id} does not validate: ${checked.error.message}`);
    }
  }
  await rename(tmpPath, finalPath);
  const row = await db.transaction(async (tx) => {
    const completed = await completeFile(tx, file.id, {
      sha256: written.sha256,
      nbOfTxs: written.transactionCount,
      ctrlSumCentavos: written.controlSumCentavos,
    });
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'bono.deposit_file.written',
      entityType: 'bono_deposit_file',
      entityId: file.id,
      after: {
        roundId: file.round_id,
        bankBic: file.bank_bic,
        messageId: file.message_id,
        fileName: file.file_name,
        nbOfTxs: written.transactionCount,
        ctrlSumCentavos: written.controlSumCentavos,
        sha256: written.sha256,
        validated: ctx.xsdPath !== undefined,
        recovered,
      },
    });
    return completed;
  });
  return {
    fileId: row.id,
    bankBic: row.bank_bic,
    path: finalPath,
    messageId: row.message_id,
    paymentInformationId: row.payment_info_id,
    nbOfTxs: Number(row.nb_of_txs),
    ctrlSumCentavos: row.ctrl_sum_centavos,
    sha256: row.sha256,
    sizeBytes: written.sizeBytes,
    validated: ctx.xsdPath !== undefined,
    recovered,
  };
}

/** The writer's target: renamed to the file's own name only once validated. */
const tmpPathOf = (outDir: string, file: FileRow) => path.join(outDir, `${file.file_name}.tmp`);

/** An instant as Bolivian local time with its offset, e.g. 2020-12-02T09:00:00-04:00 (fixed UTC−4). */
function boliviaDateTime(at: Date): string {
  return `${new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString().slice(0, 19)}-04:00`;
}

async function resolvePain001Schema(schemaPath: string): Promise<string> {
  if (schemaPath.endsWith('.xsd')) {
    if (await exists(schemaPath)) return schemaPath;
  } else {
    const found = await findSchema(schemaPath, 'pain.001.001.03');
    if (found) return found;
  }
  throw new UserError(
    'schema_not_found',
    `No pain.001.001.03 XSD at ${schemaPath}: name the .xsd file or a folder holding pain/pain.001.001.03.xsd.`,
  );
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}

// --- one export per round at a time -------------------------------------------------------------

const exportsRunning = new Set<number>();

/**
 * Runs an export while no other export of the round runs: in this process (a set), and across
 * processes (a transaction-scoped advisory lock held on its own connection for
 * the export's duration; the embedded server included). A second export would find the first
 * one's provisional files and take them for a crash's leftovers.
 */
async function withExportLock<T>(db: Database, roundId: number, fn: () => Promise<T>): Promise<T> {
  const busy = () =>
    new UserError(
      'deposit_export_running',
      `An export of round ${roundId} is running; wait for it to finish, then export again.`,
      { roundId },
    );
  if (exportsRunning.has(roundId)) throw busy();
  exportsRunning.add(roundId);
  try {
    return await db.transaction(async (lock) => {
      if (!(await tryExportLock(lock, roundId))) throw busy();
      return fn();
    });
  } finally {
    exportsRunning.delete(roundId);
  }
}
// --- a bounded queue between the reserving loop and a file writer -------------------------------

/**
 * Batches handed from one producer to one consumer, at most `capacity` waiting: the producer waits
 * when the writer falls behind, so memory stays bounded. Once the consumer is gone (`abandon`,
 * e.g. the writer failed), pushes are dropped instead of waiting forever.
 */
class BatchQueue<T> implements AsyncIterable<T> {
  private readonly batches: T[] = [];
  private closed = false;
  private abandoned = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly capacity: number) {}

  async push(batch: T): Promise<void> {
    while (!this.abandoned && this.batches.length >= this.capacity) {
      await new Promise<void>((resolve) => {
        this.wakeProducer = resolve;
      });
    }
    if (this.abandoned) return;
    this.batches.push(batch);
    this.wake('consumer');
  }

  close(): void {
    this.closed = true;
    this.wake('consumer');
  }

  abandon(): void {
    this.abandoned = true;
    this.batches.length = 0;
    this.wake('producer');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const batch = this.batches.shift();
      if (batch !== undefined) {
        this.wake('producer');
        yield batch;
        continue;
      }
      if (this.closed || this.abandoned) return;
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}
