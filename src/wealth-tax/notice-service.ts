import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { evaluateDeclaration } from './assess.ts';
import { currentAssessment, declarationVersions } from './declaration.repository.ts';
import { explainAssessment } from './explanation.ts';
import { lateCharges } from './late-payment.ts';
import { lateSettlement } from './late-settlement.ts';
import { taxpayerFor } from './mandate.ts';
import {
  assessmentNotice,
  fineNotice,
  type Notice,
  type NoticeKind,
  type NoticeWords,
  reminderNotice,
} from './notice.ts';
import { paymentsOf } from './payment.repository.ts';
import { receivableBalance } from './tax-account.ts';
import { residenceDays } from './taxpayer.repository.ts';
import type { WealthTaxFailure } from './wealth-tax.failures.ts';

/**
 * A notice for a taxpayer's year as the SIN issues it on a day (CLI, API, the officer's page):
 * the assessment of the latest version of the declaration, the reminder of the balance before
 * the deadline, or the fine after it (the omitted tax at the deadline, its UFV updating and
 * interest to that day, and the fine of the rules). Issuing one reads the declaration, so it is
 * audited like a read (`wealth_tax_notice.issued`, with the kind, never the content).
 */

export const NOTICE_KINDS: readonly NoticeKind[] = ['assessment', 'reminder', 'fine'];

/**
 * @example await issueNotice(db, { nit: '4567890019', fortuneYear: 2020, kind: 'assessment', on: '2021-03-20', words: noticeWordsInSpanish }, 'account:sin', now)
 */
export async function issueNotice(
  db: Database,
  input: {
    nit: string;
    fortuneYear: number;
    kind: NoticeKind;
    on: string;
    /** The notices' words, in Spanish, the language of the administration's acts (src/messages). */
    words: NoticeWords;
    /** A representative's username: only a taxpayer whose mandate is in force (else `not_mandated`). */
    representative?: string;
  },
  actor: Actor,
  at: Date,
): Promise<Result<Notice, WealthTaxFailure>> {
  if (!NOTICE_KINDS.includes(input.kind))
    return fail({ code: 'wealth_tax_input_invalid', field: 'kind', problem: 'format' });
  if (parseIsoDate(input.on) !== input.on)
    return fail({ code: 'wealth_tax_input_invalid', field: 'on', problem: 'format' });
  return db.transaction(async (tx) => {
    const found = await taxpayerFor(tx, input.nit, input.representative, at);
    if (!found.ok) return found;
    const t = found.value;
    const a = await currentAssessment(tx, t.id, input.fortuneYear);
    if (!a) return fail({ code: 'declaration_not_found', nit: input.nit, fortuneYear: input.fortuneYear });
    let notice: Notice;
    if (input.kind === 'assessment') {
      const versions = await declarationVersions(tx, t.id, input.fortuneYear);
      const days = (await residenceDays(tx, t.id, input.fortuneYear)) ?? 0;
      const ev = evaluateDeclaration(
        versions[versions.length - 1]!.content,
        input.fortuneYear,
        days,
        input.on,
      );
      if (!ev.ok) return ev;
      notice = assessmentNotice(t, a, explainAssessment(ev.value, 'es'), input.on, input.words);
    } else if (input.kind === 'reminder') {
      if (input.on > a.deadline)
        return fail({ code: 'wealth_tax_input_invalid', field: 'on', problem: 'range' });
      notice = reminderNotice(
        t,
        a,
        await receivableBalance(tx, t.id, input.fortuneYear),
        input.on,
        input.words,
      );
    } else {
      if (input.on <= a.deadline)
        return fail({ code: 'wealth_tax_input_invalid', field: 'on', problem: 'range' });
      const onTime = (await paymentsOf(tx, t.id, input.fortuneYear)).filter((p) => p.paidOn <= a.deadline);
      const paid = onTime.reduce((s, p) => s + p.amountCentavos, 0n);
      const omitted = a.taxCentavos > paid ? a.taxCentavos - paid : 0n;
      const late = lateCharges(omitted, a.deadline, input.on);
      const charges = await lateSettlement(tx, t, input.fortuneYear, a.deadline, input.on);
      if (!late || !charges.ok) return fail({ code: 'wealth_tax_not_in_force', on: input.on });
      const fine = charges.value.find((c) => c.kind === 'fine')?.amountCentavos ?? 0n;
      notice = fineNotice(t, a, late, fine, input.on, input.words);
    }
    await appendAudit(tx, {
      at,
      actor,
      action: 'wealth_tax_notice.issued',
      entityType: 'wealth_tax_taxpayer',
      entityId: t.id,
      after: { nit: t.nit, fortuneYear: input.fortuneYear, kind: input.kind, on: input.on },
    });
    return ok(notice);
  });
}
