import { type Actor, appendAuditBatch } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import {
  type AccountInput,
  BOB_LEDGER,
  createTransfers,
  ensureAccounts,
  MAX_ACCOUNTS_PER_BATCH,
  MAX_TRANSFERS_PER_BATCH,
  type TransferInput,
} from '../ledger/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { evaluateDeclaration } from './assess.ts';
import {
  checkFiling,
  FILING_KEY,
  type Filed,
  type FilingInput,
  fileDeclarationIn,
  withoutYear,
} from './declaration.ts';
import {
  filingKeysUsed,
  insertAssessments,
  insertOriginals,
  lockTaxpayersByNit,
  type NewOriginal,
  residencesOf,
  yearsFiled,
} from './declaration-batch.repository.ts';
import { CHARGES_ACCOUNT, COLLECTIONS_ACCOUNT, REVENUE_ACCOUNT, receivableCode } from './tax-account.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import type { Assessment } from './wealth-tax.types.ts';

/**
 * Many filings at once (an import, a bulk channel; issue #20 §9, ≥ 1,000 stored per second): the
 * same checks, assessment and ledger booking per filing as `fileDeclarationIn`, but each step one
 * statement for the whole batch — the taxpayers locked together, the used keys, the years already
 * filed and the residences read at once, the declarations and assessments inserted as many rows,
 * the receivables opened and the tax booked in one ledger call, one audit entry per filing (the
 * entry a lone filing writes) appended under one lock of the chain's head — inside the caller's
 * one transaction. Only original filings take this way: a filing whose key was used (a retry),
 * whose year has a version already (an amendment), or whose taxpayer's year appears twice in the
 * batch goes through `fileDeclarationIn` one by one, after the others, so amendments keep their
 * re-assessment and late-charge recomputation exactly.
 */

/** Filings per transaction statement (well under the ledger's and PostgreSQL's limits). */
export const FILING_BATCH = 500;

/**
 * Files a list of filings in one transaction; one result per filing, in the list's order. A
 * refused filing writes nothing; the others are filed.
 *
 * @example const results = await fileDeclarations(db, filings, 'account:sin', now)
 */
export async function fileDeclarations(
  db: Database,
  inputs: readonly FilingInput[],
  actor: Actor,
  at: Date,
): Promise<Result<Filed, WealthTaxFailure>[]> {
  return db.transaction((tx) => fileDeclarationsIn(tx, inputs, actor, at));
}

/** `fileDeclarations` in the caller's transaction (an import files its whole file in one). */
export async function fileDeclarationsIn(
  tx: Sql,
  inputs: readonly FilingInput[],
  actor: Actor,
  at: Date,
): Promise<Result<Filed, WealthTaxFailure>[]> {
  const results: Result<Filed, WealthTaxFailure>[] = new Array(inputs.length);
  const slow: number[] = [];
  for (let from = 0; from < inputs.length; from += FILING_BATCH) {
    const chunk = inputs.slice(from, from + FILING_BATCH);
    const chunkSlow = await fileOriginals(tx, chunk, from, results, actor, at);
    slow.push(...chunkSlow);
  }
  for (const i of slow) results[i] = await fileDeclarationIn(tx, inputs[i]!, actor, at);
  return results;
}

/** Files the originals of a chunk into `results`; returns the indexes left for the one-by-one way. */
async function fileOriginals(
  tx: Sql,
  chunk: readonly FilingInput[],
  offset: number,
  results: Result<Filed, WealthTaxFailure>[],
  actor: Actor,
  at: Date,
): Promise<number[]> {
  const slow: number[] = [];
  const taxpayers = await lockTaxpayersByNit(tx, [...new Set(chunk.map((f) => f.nit))]);
  const keys = chunk.map((f) => f.filingKey).filter((k) => FILING_KEY.test(k));
  const used = await filingKeysUsed(tx, keys);
  // A key given twice in one batch: the second is a retry or a conflict, answered one by one.
  const seen = new Set<string>();
  for (const k of keys)
    if (seen.has(k)) used.add(k);
    else seen.add(k);
  const pairs = new Map<string, number>();
  const ids: bigint[] = [];
  const years: number[] = [];
  for (const f of chunk) {
    const t = taxpayers.get(f.nit);
    if (!t) continue;
    const pair = `${t.id}:${f.fortuneYear}`;
    if (!pairs.has(pair)) {
      ids.push(t.id);
      years.push(f.fortuneYear);
    }
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  const filed = await yearsFiled(tx, ids, years);
  const days = await residencesOf(tx, ids, years);

  type Ready = {
    index: number;
    original: NewOriginal;
    assessment: Omit<Assessment, 'declarationId' | 'transferId'>;
  };
  const ready: Ready[] = [];
  for (const [k, f] of chunk.entries()) {
    const index = offset + k;
    const t = taxpayers.get(f.nit);
    const pair = t ? `${t.id}:${f.fortuneYear}` : '';
    // Everything but a plain original goes the one-by-one way, with its own answers (and a
    // representative's filing, whose mandate that way checks).
    if (
      !t ||
      used.has(f.filingKey) ||
      filed.has(pair) ||
      pairs.get(pair)! > 1 ||
      f.amendment ||
      f.representative !== undefined
    ) {
      slow.push(index);
      continue;
    }
    const checked = checkFiling(f, t);
    if (!checked.ok) {
      results[index] = checked;
      continue;
    }
    const d = days.get(pair);
    if (d === undefined) {
      results[index] = fail({ code: 'residence_missing', nit: t.nit, fortuneYear: f.fortuneYear });
      continue;
    }
    const content = withoutYear(f.declaration);
    const ev = evaluateDeclaration(content, f.fortuneYear, d, f.filedOn);
    if (!ev.ok) {
      results[index] = ev;
      continue;
    }
    const v = ev.value;
    ready.push({
      index,
      original: {
        taxpayerId: t.id,
        fortuneYear: f.fortuneYear,
        filedOn: f.filedOn,
        content,
        filingKey: f.filingKey,
      },
      assessment: {
        taxpayerId: t.id,
        fortuneYear: f.fortuneYear,
        assessedOn: f.filedOn,
        resident: v.value('igf_resident') === true,
        netFortuneCentavos: v.value('igf_net_fortune_centavos') as bigint,
        taxCentavos: v.value('igf_tax_centavos') as bigint,
        rateBasisPoints: (v.value('igf_rate_basis_points') as number | null) ?? null,
        deadline: v.value('igf_filing_deadline') as string,
      },
    });
  }
  if (ready.length === 0) return slow;

  const declarations = await insertOriginals(
    tx,
    ready.map((r) => r.original),
    actor,
    at,
  );
  const accounts = await openAccounts(tx, ready, at);
  const revenue = accounts.get(REVENUE_ACCOUNT)!;
  const assessments: Assessment[] = [];
  const transfers: TransferInput[] = [];
  for (const r of ready) {
    const declaration = declarations.get(r.original.filingKey)!;
    const tax = r.assessment.taxCentavos;
    const transferId = tax > 0n ? `wealth-tax:assess:${declaration.id}` : null;
    if (transferId)
      transfers.push({
        id: transferId,
        code: 'wealth_tax.assessment',
        debitAccountId: accounts.get(receivableCode(r.assessment.taxpayerId, r.assessment.fortuneYear))!,
        creditAccountId: revenue,
        amount: tax,
        ledger: BOB_LEDGER,
        occurredAt: at,
        userData64: declaration.id,
      });
    assessments.push({ ...r.assessment, declarationId: declaration.id, transferId });
  }
  for (let i = 0; i < transfers.length; i += MAX_TRANSFERS_PER_BATCH)
    for (const t of await createTransfers(tx, transfers.slice(i, i + MAX_TRANSFERS_PER_BATCH)))
      if (t.result !== 'ok' && t.result !== 'exists')
        throw new Error(`wealth-tax booking refused: ${t.result}`);
  await insertAssessments(tx, assessments, actor, at);
  // One entry per filing, the very entry a lone filing writes (fileDeclarationIn: an original
  // filing has no before and no late charges), appended together under one lock of the chain's
  // head. Totals and ids, never the declared items.
  await appendAuditBatch(
    tx,
    ready.map((r, k) => ({
      at,
      actor,
      action: 'wealth_tax_declaration.filed',
      entityType: 'wealth_tax_declaration',
      entityId: assessments[k]!.declarationId,
      after: {
        nit: chunk[r.index - offset]!.nit,
        fortuneYear: r.assessment.fortuneYear,
        version: declarations.get(r.original.filingKey)!.version,
        taxCentavos: assessments[k]!.taxCentavos,
      },
    })),
  );
  for (const [k, r] of ready.entries())
    results[r.index] = ok({
      declaration: declarations.get(r.original.filingKey)!,
      assessment: assessments[k]!,
      created: true,
    });
  return slow;
}

/** The receivables of the batch's taxpayers' years and the tax's common accounts, ids by code. */
async function openAccounts(
  tx: Sql,
  ready: readonly { assessment: { taxpayerId: bigint; fortuneYear: number } }[],
  at: Date,
): Promise<Map<string, bigint>> {
  const inputs: AccountInput[] = [
    {
      code: REVENUE_ACCOUNT,
      ledger: BOB_LEDGER,
      kind: 'income',
      name: 'IGF: impuesto determinado',
      createdAt: at,
    },
    {
      code: CHARGES_ACCOUNT,
      ledger: BOB_LEDGER,
      kind: 'income',
      name: 'IGF: actualización, intereses y multas',
      createdAt: at,
    },
    { code: COLLECTIONS_ACCOUNT, ledger: BOB_LEDGER, kind: 'asset', name: 'IGF: recaudación', createdAt: at },
  ];
  for (const { assessment: a } of ready)
    inputs.push({
      code: receivableCode(a.taxpayerId, a.fortuneYear),
      ledger: BOB_LEDGER,
      kind: 'asset',
      name: `IGF ${a.fortuneYear}, contribuyente ${a.taxpayerId}`,
      createdAt: at,
    });
  const out = new Map<string, bigint>();
  for (let i = 0; i < inputs.length; i += MAX_ACCOUNTS_PER_BATCH) {
    const opened = await ensureAccounts(tx, inputs.slice(i, i + MAX_ACCOUNTS_PER_BATCH));
    if (!opened.ok) throw new Error(`wealth-tax accounts: ${JSON.stringify(opened.error)}`);
    for (const [code, account] of opened.value) out.set(code, account.id);
  }
  return out;
}
