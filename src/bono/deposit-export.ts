import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import {
  describeReason,
  knownReasonCodes,
  type Pain001FileSpec,
  type RenderedPain001Batch,
  validateXmlFiles,
  writePain001File,
  type XsdFailure,
  type XsdValid,
} from '../interchange/iso20022/index.ts';
import { BatchQueue } from '../shared/batch-queue.ts';
import { toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { makePrivateFolder } from '../shared/private-files.ts';
import { ensureBonoAccounts } from './bono.accounts.ts';
import type { DepositExportFailure } from './deposit.failures.ts';
import {
  countDepositEntitlements,
  type PageFilter,
  pageEnd,
  roundStatus,
  tryExportLock,
} from './deposit-export.repository.ts';
import type {
  DepositSkipReason,
  ExportContext,
  ExportDepositsInput,
  ExportDepositsResult,
  ExportedDepositFile,
} from './deposit-export.types.ts';
import { type ReservedPage, reservePage } from './deposit-export-page.ts';
import {
  deleteEmptyFile,
  type FileRow,
  insertProvisionalFiles,
  provisionalFiles,
} from './deposit-file.repository.ts';
import {
  exists,
  fileSpec,
  finishFile,
  renderFromRows,
  resolvePain001Schema,
  tmpPathOf,
} from './deposit-file.ts';
import { depositsSentTransferId, endToEndPrefix } from './deposit-ids.ts';
import { depositDebtor } from './operations.ts';

/**
 * Account deposits, outbound: `exportDeposits` writes one ISO 20022 pain.001.001.03 file per bank
 * for the persons of an approved round who are paid into their registered single-holder account,
 * and moves what it sends from payable to the bank's in-transit account until the bank answers
 * (see reconcile.ts for the answers).
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
 *
 * The feature's files: this one runs an export (one at a time per round); deposit-export-page.ts
 * reserves one page; deposit-file.ts renders, writes, validates and records a bank's file;
 * deposit-export.types.ts holds what an export is given and answers; deposit-ids.ts the ids; the
 * SQL is in deposit-export.repository.ts (pages) and deposit-file.repository.ts (file rows).
 */

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

/**
 * Writes the deposit files of an approved round: one pain.001.001.03 per bank, with every deposit
 * entitlement that is unpaid, has no deposit at a bank, is within its collection period on the
 * day of `at`, and was not rejected by a bank for a reason that a new attempt cannot cure (the
 * account itself, or the holder's death). A person whose earlier deposit was rejected for any
 * other reason is sent again, under a new EndToEndId. Running it again sends only what is new;
 * after a crash it first completes the files the interrupted run had reserved.
 *
 * Refused, before anything is reserved, for a round that is not there or not approved, a batch
 * size or time out of range, a schema path without the XSD, or while another export of the round
 * runs; and when a file it would write is already there.
 *
 * @example
 *   const r = await exportDeposits(db, { roundId: 1, outDir: 'out/deposits', at: new Date(),
 *     actor: 'account:beto', schemaPath: 'schemas/iso20022' });
 *   if (!r.ok) return r; // e.g. { code: 'round_not_approved', roundId: 1, roundStatus: 'frozen', … }
 *   const sent = r.value.files.map((f) => ({ path: f.path, txs: f.nbOfTxs, sum: f.ctrlSumCentavos, sha256: f.sha256 }));
 */
export async function exportDeposits(
  db: Database,
  input: ExportDepositsInput,
): Promise<Result<ExportDepositsResult, DepositExportFailure>> {
  const batchSize = input.batchSize ?? DEFAULT_PAGE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_PAGE)
    return fail({ code: 'batch_size_invalid', maxBatchSize: MAX_PAGE });
  if (Number.isNaN(input.at.getTime())) return fail({ code: 'time_invalid', operation: 'deposit_export' });
  const refusal = await approvalRefusal(db, input.roundId);
  if (refusal) return fail(refusal);
  let xsdPath: string | undefined;
  if (input.schemaPath !== undefined) {
    const resolved = await resolvePain001Schema(input.schemaPath);
    if (!resolved.ok) return resolved;
    xsdPath = resolved.value;
  }
  const accounts = await ensureBonoAccounts(db, input.at);
  // Names and accounts of the creditors: the folders made here are 0700, the files 0600.
  await makePrivateFolder(input.outDir);
  return withExportLock(db, input.roundId, async () => {
    // Again under the lock: the round may have expired while this export waited for it.
    const expired = await approvalRefusal(db, input.roundId);
    if (expired) return fail(expired);
    return runExport(db, input, { batchSize, xsdPath, accounts });
  });
}

/** Why the round's deposits may not be exported (not there, or not approved), or undefined. */
async function approvalRefusal(db: Database, roundId: number): Promise<DepositExportFailure | undefined> {
  const status = await roundStatus(db, roundId);
  if (status === undefined) return { code: 'round_not_found', roundId };
  if (status !== 'approved')
    return { code: 'round_not_approved', roundId, roundStatus: status, operation: 'deposit_export' };
  return undefined;
}

/**
 * A refusal met inside the transaction that records the provisional files, which must roll back:
 * private to this module, thrown only there and caught around that transaction, where it becomes
 * the export's returned failure.
 */
class ExportRefused extends Error {
  constructor(readonly failure: DepositExportFailure) {
    super(failure.code);
  }
}

async function runExport(
  db: Database,
  input: ExportDepositsInput,
  ctx: ExportContext,
): Promise<Result<ExportDepositsResult, DepositExportFailure>> {
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
  if (firstUpto === undefined) return ok(summary(input.roundId, files, skipped));
  // Only the progress bar's total: a count that fails leaves it at zero, not the export failed.
  const counting = countDepositEntitlements(db, input.roundId).catch(() => 0);

  // 3. A provisional file row for each bank enabled on the day, and a writer per bank fed as pages
  //    are reserved. A file's totals are known only after its last page: its writer leaves room
  //    for the header's totals and fills them in at the end (writePain001File without declared
  //    totals). A bank nobody is sent to loses its row at the end.
  const day = toIsoDateInBolivia(input.at);
  const banks = [...ctx.accounts.paidByBank.keys()].sort();
  let fileRows: FileRow[];
  try {
    fileRows = await db.transaction(async (tx) => {
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
        // Never replace a file that may already be at a bank (e.g. from another database); the
        // rows just inserted roll back with the refusal.
        if (await exists(finalPath))
          throw new ExportRefused({ code: 'deposit_file_exists', filePath: finalPath });
      }
      return rows;
    });
  } catch (error) {
    if (error instanceof ExportRefused) return fail(error.failure);
    throw error;
  }
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
  //    is written again from its rows (which fails loudly if they cannot be written). The files
  //    written whole are validated together first, in worker threads side by side (one file
  //    after another, validation was two thirds of an export's CPU and all of it on one core).
  const complete = streamed.flatMap((stream, i) => {
    const settled = results[i]!;
    return stream.reserved > 0 &&
      settled.status === 'fulfilled' &&
      settled.value.ok &&
      settled.value.value.transactionCount === stream.reserved
      ? [{ i, written: settled.value.value }]
      : [];
  });
  const checks = new Map<number, Result<XsdValid, XsdFailure>>();
  if (ctx.xsdPath !== undefined && complete.length > 0) {
    progress({ phase: 'validating', done: 0, total: streamed.length });
    const checked = await validateXmlFiles(
      complete.map((c) => c.written.filePath),
      ctx.xsdPath,
    );
    for (const [k, c] of complete.entries()) checks.set(c.i, checked[k]!);
  }
  for (const [i, stream] of streamed.entries()) {
    progress({ phase: 'validating', done: i, total: streamed.length, bankBic: stream.file.bank_bic });
    const settled = results[i]!;
    if (settled.status === 'rejected') throw settled.reason;
    const result = settled.value;
    if (stream.reserved === 0) {
      await deleteEmptyFile(db, stream.file);
    } else if (result.ok && result.value.transactionCount === stream.reserved) {
      files.push(await finishFile(db, stream.file, result.value, input, ctx, false, checks.get(i)));
    } else {
      const written = await renderFromRows(db, stream.file, input, ctx, debtor, false);
      if (written) files.push(written);
    }
  }
  progress({ phase: 'done', done: streamed.length, total: streamed.length });
  return ok(summary(input.roundId, files, skipped));
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

/** A bank's file being written while the pages are reserved. */
interface BankStream {
  file: FileRow;
  queue: BatchQueue<RenderedPain001Batch>;
  writing: ReturnType<typeof writePain001File>;
  /** Deposits reserved for this bank and handed to its writer. */
  reserved: number;
}

// --- one export per round at a time -------------------------------------------------------------

const exportsRunning = new Set<number>();

/**
 * Runs an export while no other export of the round runs: in this process (a set), and across
 * processes (a transaction-scoped advisory lock held on its own connection for
 * the export's duration; the embedded server included). A second export would find the first
 * one's provisional files and take them for a crash's leftovers.
 */
async function withExportLock<T>(
  db: Database,
  roundId: number,
  fn: () => Promise<Result<T, DepositExportFailure>>,
): Promise<Result<T, DepositExportFailure>> {
  const busy = () => fail({ code: 'deposit_export_running', roundId } as const);
  if (exportsRunning.has(roundId)) return busy();
  exportsRunning.add(roundId);
  try {
    // The lock's transaction holds nothing but the lock: a refusal ends it like a success.
    return await db.transaction(async (lock) => {
      if (!(await tryExportLock(lock, roundId))) return busy();
      return fn();
    });
  } finally {
    exportsRunning.delete(roundId);
  }
}
