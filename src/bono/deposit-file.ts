import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import {
  findSchema,
  type Iso20022Failure,
  type Pain001Debtor,
  type Pain001FileSpec,
  type Pain001Written,
  type PreparedCreditTransfer,
  prepareCreditTransfer,
  validateXmlFile,
  writePain001File,
  type XsdFailure,
  type XsdValid,
} from '../interchange/iso20022/index.ts';
import { BOLIVIA_UTC_OFFSET_MS, toIsoDateInBolivia } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { BonoAccounts } from './bono.accounts.ts';
import type { DepositExportFailure } from './deposit.failures.ts';
import type { ExportContext, ExportDepositsInput, ExportedDepositFile } from './deposit-export.types.ts';
import {
  completeFile,
  deleteEmptyFile,
  type FileDepositRow,
  type FileRow,
  fileDepositPage,
  fileDepositTotals,
  withoutJit,
} from './deposit-file.repository.ts';

/**
 * A deposit file of the export, on disk: each deposit's pain.001 line checked and rendered, the
 * file's settings (from its row, so that a file written again has the same bytes), a file written
 * again from its deposit rows, and a written file validated, renamed into place and recorded. The
 * export (deposit-export.ts) streams its pages into these files; the rows are in
 * deposit-file.repository.ts.
 */

/** The remittance line every deposit carries (the law and its regulation). */
const REMITTANCE = 'Bono Contra el Hambre - Ley 1330, DS 4392';

const ACCOUNT_ID = /^[A-Za-z0-9]{1,34}$/;

/**
 * The pain.001 transaction of a deposit, checked and rendered (once: the writer takes it as it
 * is), or undefined when its data cannot be written: checked before the page's transfers commit,
 * because the writer refuses a whole file for one bad line.
 *
 * @example
 *   const line = creditTransfer(row);
 *   if (line === undefined) invalid.push(row.end_to_end_id);
 */
export function creditTransfer(r: FileDepositRow): PreparedCreditTransfer | undefined {
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

/**
 * The file's settings; `totals` when they are known before writing (a file written from its rows).
 *
 * @example const spec = fileSpec(file, debtor, ctx.accounts); // the header's totals come at the end
 */
export function fileSpec(
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
 *
 * @example const written = await renderFromRows(db, file, input, ctx, debtor, true); // recovered
 */
export async function renderFromRows(
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
      `deposit file ${file.message_id} cannot be written from its rows: ${asBug(result.error)}`,
    );
  return finishFile(db, file, result.value, input, ctx, recovered);
}

/**
 * Validates the written file (unless `checked` brings its validation, done beside other files'
 * with validateXmlFiles), renames it into place and records it (sha256, totals, audit) in one
 * transaction. A crash between the rename and the commit leaves the row provisional: the next
 * export writes the same bytes again.
 *
 * @example files.push(await finishFile(db, file, result.value, input, ctx, false));
 */
export async function finishFile(
  db: Database,
  file: FileRow,
  written: Pain001Written,
  input: ExportDepositsInput,
  ctx: ExportContext,
  recovered: boolean,
  checked?: Result<XsdValid, XsdFailure>,
): Promise<ExportedDepositFile> {
  const tmpPath = written.filePath;
  const finalPath = path.join(input.outDir, file.file_name);
  if (ctx.xsdPath !== undefined) {
    checked ??= await validateXmlFile(tmpPath, ctx.xsdPath);
    if (!checked.ok) {
      await rm(tmpPath, { force: true });
      throw new Error(`deposit file ${file.message_id} does not validate: ${asBug(checked.error)}`);
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

/**
 * An ISO 20022 failure in a bug's message: its code and fields as they are, for the log (a domain
 * does not word failures; these are the writer's or validator's refusals of ayni's own rows).
 *
 * @example throw new Error(`… cannot be written: ${asBug(result.error)}`);
 */
function asBug(failure: Iso20022Failure): string {
  return inspect(failure, { depth: 4, breakLength: Number.POSITIVE_INFINITY });
}

/**
 * The writer's target: renamed to the file's own name only once validated.
 *
 * @example tmpPathOf('out', file) // 'out/bono-r1-f7-BUNIBOLX.xml.tmp'
 */
export const tmpPathOf = (outDir: string, file: FileRow) => path.join(outDir, `${file.file_name}.tmp`);

/** An instant as Bolivian local time with its offset, e.g. 2020-12-02T09:00:00-04:00 (fixed UTC−4). */
function boliviaDateTime(at: Date): string {
  return `${new Date(at.getTime() - BOLIVIA_UTC_OFFSET_MS).toISOString().slice(0, 19)}-04:00`;
}

/**
 * The pain.001.001.03 XSD that `schemaPath` names: the .xsd itself, or a folder of ISO 20022
 * schemas holding pain/pain.001.001.03.xsd. Checked before anything is reserved, so that a wrong
 * path fails the export at once.
 *
 * @example await resolvePain001Schema('schemas/iso20022') // ok('schemas/iso20022/pain/pain.001.001.03.xsd')
 */
export async function resolvePain001Schema(
  schemaPath: string,
): Promise<Result<string, DepositExportFailure>> {
  if (schemaPath.endsWith('.xsd')) {
    if (await exists(schemaPath)) return ok(schemaPath);
  } else {
    const found = await findSchema(schemaPath, 'pain.001.001.03');
    if (found) return ok(found);
  }
  return fail({
    code: 'schema_not_found',
    reason: 'not_at_path',
    schemaPath,
    messageName: 'pain.001.001.03',
  });
}

/**
 * Whether something is at `filePath` (the export never replaces a file that may already be at a bank).
 *
 * @example if (await exists(finalPath)) throw …
 */
export async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}
