import { formatter } from '../rules/index.ts';
import type { Lang } from '../shared/lang.ts';
import type { ClaimCheck, DecisiveLine, NoticeWords } from '../wealth-tax/index.ts';
import { WEALTH_TAX_EXPLANATION_EN } from './en/pages/wealth-tax-explanation.ts';
import { WEALTH_TAX_EXPLANATION_ES } from './es/pages/wealth-tax-explanation.ts';
import { WEALTH_TAX_NOTICE_ES } from './es/wealth-tax-notice.ts';
import { legalSourceInSpanish } from './legal-source.ts';

/**
 * The wealth tax's decisive sentence and claim check in the reader's words: the domain returns the
 * facts (src/wealth-tax/explanation.ts, simulation.ts), the wealth-tax catalogue holds the words
 * (src/messages/{es,en}/pages/wealth-tax-explanation.ts), amounts and dates written as the rules
 * write them.
 */

const WORDS = { es: WEALTH_TAX_EXPLANATION_ES, en: WEALTH_TAX_EXPLANATION_EN } as const;

/**
 * The decisive line of an assessment: what is owed and by when, or that nothing is, and which
 * assets count.
 *
 * @example decisiveInWords(explanation.decisive, 'es') // 'Debe pagar Bs 410.000,00 hasta el 31 de marzo de 2021: … (Ley 1357, Art. 3).'
 */
export function decisiveInWords(d: DecisiveLine, lang: Lang): string {
  const w = WORDS[lang];
  const f = formatter(lang);
  const net = f.money(d.netFortuneCentavos);
  const threshold = f.money(d.thresholdCentavos);
  const owed = d.owes
    ? w.owes(f.money(d.taxCentavos), f.date(d.deadline), net, threshold)
    : w.owesNothing(net, threshold);
  return `${owed} ${d.resident ? w.resident : w.nonResident}`;
}

/** The decisive line in Spanish, the language of the tax notices. */
export const decisiveInSpanish = (d: DecisiveLine): string => decisiveInWords(d, 'es');

/** The SIN's notices in Spanish: the notice catalogue, the legal sources and the decisive line. */
export const noticeWordsInSpanish: NoticeWords = {
  ...WEALTH_TAX_NOTICE_ES,
  source: legalSourceInSpanish,
  decisive: decisiveInSpanish,
};

/**
 * The claimed revenue checked against what was collected, in millions with one decimal.
 *
 * @example claimCheckInWords(checkClaim(), 'en') // '£10.0 million is Bs 95.1 million at Bs 9.51 per pound (…): more than claimed.'
 */
export function claimCheckInWords(c: ClaimCheck, lang: Lang): string {
  const w = WORDS[lang];
  const currency = w.claimCurrencies[c.currency];
  if (currency === undefined) throw new Error(`the catalogue has no words for the currency ${c.currency}`);
  const m = (n: number) => (n / 1e6).toFixed(1);
  return w.claimCheck(
    m(c.claimedAmount),
    m(c.claimedBolivianos),
    c.rateText,
    currency.sign,
    currency.unit,
    formatter(lang).date(c.on),
    m(c.collectedBolivianos),
    m(c.collectedInClaimCurrency),
    c.comparison === 'more',
  );
}
