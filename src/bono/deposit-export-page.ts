import type { Database } from '../db/database.ts';
import {
  Pain001BatchRenderer,
  type Pain001FileSpec,
  type RenderedPain001Batch,
} from '../interchange/iso20022/index.ts';
import { BOB_LEDGER, createTransfers, transactionWithRetry } from '../ledger/index.ts';
import { PacedQueue } from '../shared/paced-queue.ts';
import {
  deleteDeposits,
  exportSettings,
  type PageFilter,
  type PageSkipReason,
  paidAmongPage,
  reservePageRows,
  type SentRow,
} from './deposit-export.repository.ts';
import type { ExportContext, ExportDepositsInput } from './deposit-export.types.ts';
import { creditTransfer } from './deposit-file.ts';

/**
 * One page of the deposit export (deposit-export.ts) in one transaction: its deposits recorded,
 * rendered into their banks' file lines as they arrive, and moved payable → in-transit by one
 * ledger transfer per bank, rolled back and reserved again when a counter paid one of its persons
 * meanwhile.
 */

/** What a page reserved, for the export to hand to its banks' file writers. */
export interface ReservedPage {
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
 *
 * @example
 *   const page = await reservePage(db, { ...pageFilter, banks, afterPersonId: after, upto },
 *     { specs, expectedRows: 16_000, sorting: { ordered: false } }, input, ctx);
 */
export async function reservePage(
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
