import type { StatusConflict, UnmatchedReason } from '../bono/index.ts';
import { isReasonCode, isStatusCode } from '../interchange/iso20022/index.ts';
import type { Lang } from '../shared/lang.ts';
import { BANK_REPLIES_EN } from './en/bank-replies.ts';
import { REASON_CODES_EN } from './en/reason-codes.ts';
import { BANK_REPLIES_ES, type BankRepliesWords } from './es/bank-replies.ts';
import { REASON_CODES_ES, type ReasonCodeWords } from './es/reason-codes.ts';
import { formatMoney } from './format.ts';

const WORDS: Record<Lang, BankRepliesWords> = { es: BANK_REPLIES_ES, en: BANK_REPLIES_EN };

/** The bank-reply words of a language. */
export function bankReplyWords(lang: Lang): BankRepliesWords {
  return WORDS[lang];
}

const REASON_WORDS: Record<Lang, ReasonCodeWords> = { es: REASON_CODES_ES, en: REASON_CODES_EN };

/**
 * What an ISO 20022 reason code means in the reader's language, or undefined for a code not in
 * the dictionary (show the code and the bank's AddtlInf then).
 *
 * @example reasonInWords('AC04', 'es') // 'Cuenta cerrada'
 */
export function reasonInWords(code: string, lang: Lang): string | undefined {
  return isReasonCode(code) ? REASON_WORDS[lang].reasons[code] : undefined;
}

/**
 * What a status code (GrpSts, PmtInfSts, TxSts) means in the reader's language.
 *
 * @example statusInWords('RJCT', 'en') // 'Rejected'
 */
export function statusInWords(code: string, lang: Lang): string | undefined {
  return isStatusCode(code) ? REASON_WORDS[lang].statuses[code] : undefined;
}

/**
 * One line for an officer or a citizen: the reason in the language, the code, and the bank's own
 * words when it gave any.
 *
 * @example reasonLine({ code: 'AC01', additionalInfo: [] }, 'es') // 'Número de cuenta incorrecto o inexistente (AC01)'
 */
export function reasonLine(
  reason: { code?: string; proprietary?: string; additionalInfo: readonly string[] },
  lang: Lang,
): string {
  const w = REASON_WORDS[lang];
  const code = reason.code ?? reason.proprietary;
  const known = reason.code === undefined ? undefined : reasonInWords(reason.code, lang);
  const extra = reason.additionalInfo.filter((s) => s !== '').join(' ');
  const head = known ? `${known} (${code})` : code !== undefined ? w.unknownReason(code) : w.noReason;
  // NARR means "see the text": the text is the substance, the code adds nothing.
  if (reason.code === 'NARR' && extra !== '') return extra;
  return extra === '' ? head : `${head}: ${extra}`;
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
    const known = reasonInWords(b.reasonCode, lang);
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
