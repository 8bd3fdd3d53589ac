import type { StatusConflict, UnmatchedReason } from '../bono/index.ts';
import { describeReason } from '../interchange/iso20022/index.ts';
import type { Lang } from '../shared/lang.ts';
import { BANK_REPLIES_EN } from './en/bank-replies.ts';
import { BANK_REPLIES_ES, type BankRepliesWords } from './es/bank-replies.ts';
import { formatMoney } from './format.ts';

const WORDS: Record<Lang, BankRepliesWords> = { es: BANK_REPLIES_ES, en: BANK_REPLIES_EN };

/** The bank-reply words of a language. */
export function bankReplyWords(lang: Lang): BankRepliesWords {
  return WORDS[lang];
}

/**
 * What a contradicting status says, in the reader's language: the bank's own codes as it wrote
 * them, worded around, and both amounts when the bank moved another amount than was sent.
 *
 * @example describeConflict({ endToEndId: 'E', recorded: 'accepted', reported: 'rejected', bank: { message: 'pain.002', status: 'RJCT', reasonCode: 'AC04', level: 'transaction' } }, 'es') // 'Estado RJCT para el depósito, Cuenta cerrada (AC04)'
 */
export function describeConflict(conflict: StatusConflict, lang: Lang): string {
  const w = WORDS[lang];
  const b = conflict.bank;
  const parts =
    b.message === 'pain.002'
      ? [w.painStatus(b.status ?? w.noStatus, w.levels[b.level])]
      : [w.camtStatus(b.status, b.creditDebit), ...(b.returned ? [w.returned] : [])];
  if (b.reasonCode) {
    const known = describeReason(b.reasonCode)?.[lang];
    parts.push(known ? w.reasonWithCode(known, b.reasonCode) : w.reason(b.reasonCode));
  }
  if (conflict.amounts)
    parts.push(
      w.amounts(
        formatMoney(conflict.amounts.reportedCentavos, lang),
        formatMoney(conflict.amounts.sentCentavos, lang),
      ),
    );
  return w.join(parts);
}

/**
 * Why a status matches no deposit, in the reader's language; an unknown code (a list written by
 * another version) is returned as it is.
 *
 * @example describeUnmatchedReason('no_deposit_sent', 'es') // 'Ningún depósito enviado por ayni tiene este EndToEndId.'
 */
export function describeUnmatchedReason(reason: UnmatchedReason | string, lang: Lang): string {
  const words: Record<string, string> = WORDS[lang].unmatchedReasons;
  return Object.hasOwn(words, reason) ? words[reason]! : reason;
}
