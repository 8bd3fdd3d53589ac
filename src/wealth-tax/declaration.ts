import { type Actor, appendAudit, canonicalJson, type JsonValue } from '../audit/index.ts';
import type { Database, Sql } from '../db/database.ts';
import { BOB_LEDGER, createTransfers, getTransfers, reversalOf } from '../ledger/index.ts';
import type { Evaluation } from '../rules/index.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { Lang } from '../shared/lang.ts';
import { evaluateDeclaration } from './assess.ts';
import {
  assessmentOf,
  currentAssessment,
  declarationByKey,
  declarationVersions,
  insertAssessment,
  insertDeclaration,
} from './declaration.repository.ts';
import { type Explanation, explainAssessment } from './explanation.ts';
import { recomputeLateCharges } from './late-settlement.ts';
import { taxpayerFor } from './mandate.ts';
import { openTaxAccounts } from './tax-account.ts';
import { residenceDays } from './taxpayer.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';
import type { Assessment, Charge, DeclarationVersion, Taxpayer } from './wealth-tax.types.ts';

export { evaluateDeclaration } from './assess.ts';

/**
 * Sworn declarations (declaraciones juradas) and their assessment. A filing is version 1; each
 * amendment (rectificatoria) is the next version, kept beside the others, and re-assessed: the
 * tax booked for the version it replaces is reversed on the ledger and the new tax booked, so the
 * taxpayer's balance always follows the latest version. The tax comes from the rules
 * (src/rules/programmes/igf.ts) on the filing day with the law of 31 December of the fortune's
 * year; the days in Bolivia come from the register (recordResidence), not from the filing.
 * Every filing and every read of a declaration is in the audit trail; no content is logged.
 */

export const FILING_KEY = /^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,99}$/;

/** What a taxpayer's representative (or an import) files. */
export interface FilingInput {
  nit: string;
  fortuneYear: number;
  filedOn: string;
  /** The declaration's items as the rules read them (DeclarationInput): assets, debts, currencies. */
  declaration: Record<string, unknown>;
  /** Chosen by the caller and reused on retry: a retry returns the first filing. */
  filingKey: string;
  /** Why an amendment replaces the version before (required for a rectificatoria). */
  reason?: string;
  /**
   * The filer means an amendment (rectificatoria): refused with `nothing_to_amend` when nothing
   * was filed for the year. Without it, a filing is the original, or an amendment when one exists.
   */
  amendment?: boolean;
  /**
   * The username of the representative's account filing it (tax_representative): the filing is
   * refused with `not_mandated` unless the taxpayer's mandate to it is in force that day. Absent
   * for an officer, an import or the API's officers.
   */
  representative?: string;
}

/** A filing as recorded, with its assessment. */
export interface Filed {
  declaration: DeclarationVersion;
  assessment: Assessment;
  /** False when the filing key was used before for this same filing (a retry). */
  created: boolean;
  /** Late charges recomputed by an amendment: those reversed and those booked instead. */
  lateCharges?: { reversed: Charge[]; booked: Charge[] };
}

type Invalid = Extract<WealthTaxFailure, { code: 'wealth_tax_input_invalid' }>;
const invalid = (field: string, problem: Invalid['problem']): Result<never, WealthTaxFailure> =>
  fail({ code: 'wealth_tax_input_invalid', field, problem });

/** The checks of a filing that need no database beyond its taxpayer (shared with the batch). */
export function checkFiling(input: FilingInput, t: Taxpayer): Result<null, WealthTaxFailure> {
  if (!FILING_KEY.test(input.filingKey)) return invalid('filingKey', 'format');
  if (parseIsoDate(input.filedOn) !== input.filedOn) return invalid('filedOn', 'format');
  if (input.filedOn <= `${input.fortuneYear}-12-31`) return invalid('filedOn', 'range');
  const declared = input.declaration['fortune_year'];
  if (declared !== undefined && declared !== input.fortuneYear)
    return fail({
      code: 'declaration_year_mismatch',
      fortuneYear: input.fortuneYear,
      declaredYear: Number(declared),
    });
  // Marital items need a marriage under community property (Ley 1357: half of the marital fortune).
  for (const list of ['assets', 'debts'] as const) {
    const items = input.declaration[list];
    if (!Array.isArray(items)) continue;
    for (const [i, item] of items.entries())
      if (
        (item as Record<string, unknown>)?.['ownership'] === 'marital' &&
        t.maritalRegime !== 'community_property'
      )
        return invalid(`${list}.${i}.ownership`, 'conflict');
  }
  return ok(null);
}

/**
 * Files a declaration for a taxpayer's year — the original, or, when one exists, an amendment
 * that replaces it — assesses it and books the tax. One transaction, under the taxpayer's lock.
 *
 * @example await fileDeclaration(db, { nit: '1020304', fortuneYear: 2020, filedOn: '2021-03-20', declaration: { assets: [...] }, filingKey: 'rep:1020304:2020:1' }, 'account:rep', now)
 */
export async function fileDeclaration(
  db: Database,
  input: FilingInput,
  actor: Actor,
  at: Date,
): Promise<Result<Filed, WealthTaxFailure>> {
  return db.transaction((tx) => fileDeclarationIn(tx, input, actor, at));
}

/**
 * `fileDeclaration` inside a transaction the caller holds (an import files many in one). Every
 * refusal is returned before anything is written, so a refused filing leaves the transaction as
 * it was.
 */
export async function fileDeclarationIn(
  tx: Sql,
  input: FilingInput,
  actor: Actor,
  at: Date,
): Promise<Result<Filed, WealthTaxFailure>> {
  const found = await taxpayerFor(tx, input.nit, input.representative, at, { forUpdate: true });
  if (!found.ok) return found;
  const t = found.value;
  const retry = FILING_KEY.test(input.filingKey) ? await declarationByKey(tx, input.filingKey) : null;
  if (retry) {
    const same =
      retry.taxpayerId === t.id &&
      retry.fortuneYear === input.fortuneYear &&
      canonicalJson(retry.content as JsonValue) ===
        canonicalJson(withoutYear(input.declaration) as JsonValue);
    if (!same) return fail({ code: 'filing_key_conflict', filingKey: input.filingKey });
    return ok({ declaration: retry, assessment: (await assessmentOf(tx, retry.id))!, created: false });
  }
  const checked = checkFiling(input, t);
  if (!checked.ok) return checked;
  const days = await residenceDays(tx, t.id, input.fortuneYear);
  if (days === null) return fail({ code: 'residence_missing', nit: t.nit, fortuneYear: input.fortuneYear });
  const before = await currentAssessment(tx, t.id, input.fortuneYear);
  if (input.amendment && !before)
    return fail({ code: 'nothing_to_amend', nit: t.nit, fortuneYear: input.fortuneYear });
  const reason = input.reason?.trim() ?? '';
  if (before && (reason === '' || reason.length > 500))
    return invalid('reason', reason === '' ? 'missing' : 'range');
  const content = withoutYear(input.declaration);
  const ev = evaluateDeclaration(content, input.fortuneYear, days, input.filedOn);
  if (!ev.ok) return ev;
  const declaration = await insertDeclaration(
    tx,
    {
      taxpayerId: t.id,
      fortuneYear: input.fortuneYear,
      filedOn: input.filedOn,
      content,
      filingKey: input.filingKey,
      reason: before ? reason : null,
    },
    actor,
    at,
  );
  const assessment = await book(tx, t, declaration, ev.value, before, actor, at);
  if (!assessment.ok) return assessment;
  const late = before
    ? await recomputeLateCharges(
        tx,
        t,
        input.fortuneYear,
        assessment.value.deadline,
        declaration.id,
        actor,
        at,
      )
    : null;
  // The declaration was assessed on its filing day; the law cannot fail on the settlement day before it.
  if (late && !late.ok) throw new Error(`wealth-tax late charges: ${late.error.code}`);
  const recomputed = late?.ok && (late.value.reversed.length > 0 || late.value.booked.length > 0);
  await appendAudit(tx, {
    at,
    actor,
    action: before ? 'wealth_tax_declaration.amended' : 'wealth_tax_declaration.filed',
    entityType: 'wealth_tax_declaration',
    entityId: declaration.id,
    ...(before ? { before: { taxCentavos: before.taxCentavos, declarationId: before.declarationId } } : {}),
    after: {
      nit: t.nit,
      fortuneYear: input.fortuneYear,
      version: declaration.version,
      taxCentavos: assessment.value.taxCentavos,
      ...(recomputed
        ? {
            lateCharges: late.value.booked.map((c) => ({ kind: c.kind, amountCentavos: c.amountCentavos })),
          }
        : {}),
    },
  });
  return ok({
    declaration,
    assessment: assessment.value,
    created: true,
    ...(recomputed ? { lateCharges: late.value } : {}),
  });
}

/** The declaration without the fields the register, not the filer, decides. */
export function withoutYear(d: Record<string, unknown>): Record<string, unknown> {
  const { fortune_year: _y, days_in_bolivia_last_12_months: _d, ...rest } = d;
  return rest;
}

/** Records the assessment and books the tax: the replaced version's tax reversed, this one's booked. */
async function book(
  tx: Sql,
  t: Taxpayer,
  declaration: DeclarationVersion,
  ev: Evaluation,
  before: Assessment | null,
  actor: Actor,
  at: Date,
): Promise<Result<Assessment, WealthTaxFailure>> {
  const accounts = await openTaxAccounts(tx, t.id, declaration.fortuneYear, at);
  if (!accounts.ok) throw new Error(`wealth-tax accounts: ${JSON.stringify(accounts.error)}`);
  const { receivable, revenue } = accounts.value;
  const tax = ev.value('igf_tax_centavos') as bigint;
  const transfers = [];
  if (before?.transferId) {
    const [original] = await getTransfers(tx, [before.transferId]);
    transfers.push(
      reversalOf(original!, {
        id: `wealth-tax:unassess:${before.declarationId}`,
        code: 'wealth_tax.assessment_reversal',
        occurredAt: at,
      }),
    );
  }
  const transferId = tax > 0n ? `wealth-tax:assess:${declaration.id}` : null;
  if (transferId)
    transfers.push({
      id: transferId,
      code: 'wealth_tax.assessment',
      debitAccountId: receivable.id,
      creditAccountId: revenue.id,
      amount: tax,
      ledger: BOB_LEDGER,
      occurredAt: at,
      userData64: declaration.id,
    });
  const results = await createTransfers(tx, transfers);
  for (const r of results)
    if (r.result !== 'ok' && r.result !== 'exists')
      throw new Error(`wealth-tax booking refused: ${r.result}`);
  const assessment: Assessment = {
    declarationId: declaration.id,
    taxpayerId: t.id,
    fortuneYear: declaration.fortuneYear,
    assessedOn: declaration.filedOn,
    resident: ev.value('igf_resident') === true,
    netFortuneCentavos: ev.value('igf_net_fortune_centavos') as bigint,
    taxCentavos: tax,
    rateBasisPoints: (ev.value('igf_rate_basis_points') as number | null) ?? null,
    deadline: ev.value('igf_filing_deadline') as string,
    transferId,
  };
  await insertAssessment(tx, assessment, actor, at);
  return ok(assessment);
}

/** A declaration's history as an officer or the taxpayer's representative reads it. */
export interface DeclarationRecord {
  taxpayer: Taxpayer;
  versions: { declaration: DeclarationVersion; assessment: Assessment | null }[];
  /** The explanation of the latest version's assessment on the day read. */
  explanation: Explanation | null;
}

/**
 * Reads every version of a taxpayer's declaration for a year with its assessment and the
 * explanation of the latest, and records the read in the audit trail (declarations are the most
 * sensitive data ayni holds: reads are audited too).
 *
 * @example await readDeclaration(db, { nit: '1020304', fortuneYear: 2020, on: '2021-04-01', lang: 'es' }, 'account:sin', now)
 */
export async function readDeclaration(
  db: Database,
  input: {
    nit: string;
    fortuneYear: number;
    on: string;
    lang: Lang;
    /** A representative's username: only a taxpayer whose mandate is in force (else `not_mandated`). */
    representative?: string;
  },
  actor: Actor,
  at: Date,
): Promise<Result<DeclarationRecord, WealthTaxFailure>> {
  return db.transaction(async (tx) => {
    const found = await taxpayerFor(tx, input.nit, input.representative, at);
    if (!found.ok) return found;
    const t = found.value;
    const versions = await declarationVersions(tx, t.id, input.fortuneYear);
    if (versions.length === 0)
      return fail({ code: 'declaration_not_found', nit: input.nit, fortuneYear: input.fortuneYear });
    const out = [];
    for (const d of versions) out.push({ declaration: d, assessment: await assessmentOf(tx, d.id) });
    const latest = versions[versions.length - 1]!;
    const days = (await residenceDays(tx, t.id, input.fortuneYear)) ?? 0;
    // Explained as the rules stood on the day asked, but never before the declaration was filed:
    // a day before the filing (a clock behind it, or before the law) has no rules to explain with.
    const on = input.on < latest.filedOn ? latest.filedOn : input.on;
    const ev = evaluateDeclaration(latest.content, input.fortuneYear, days, on);
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_declaration.read',
      entityType: 'wealth_tax_declaration',
      entityId: latest.id,
      after: { nit: t.nit, fortuneYear: input.fortuneYear, versions: versions.length },
    });
    return ok({
      taxpayer: t,
      versions: out,
      explanation: ev.ok ? explainAssessment(ev.value, input.lang) : null,
    });
  });
}
