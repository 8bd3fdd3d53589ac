import type { WEALTH_TAX_EXPLANATION_ES } from '../../es/pages/wealth-tax-explanation.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The wealth tax's sentences the domain returns as facts, in English. */
export const WEALTH_TAX_EXPLANATION_EN: Messages<typeof WEALTH_TAX_EXPLANATION_ES> = {
  owes: (tax, deadline, net, threshold) =>
    `You owe ${tax} by ${deadline}: your net fortune of ${net} is greater than ${threshold} (Ley 1357, Art. 5).`,
  owesNothing: (net, threshold) =>
    `You owe no tax: your net fortune of ${net} is not greater than ${threshold} (Ley 1357, Art. 5).`,
  resident: 'As a resident, your assets in Bolivia and abroad count (Ley 1357, Art. 3).',
  nonResident: 'As a non-resident, only your assets in Bolivia count (Ley 1357, Art. 3).',
  claimCurrencies: { GBP: { sign: '£', unit: 'pound' } },
  claimCheck: (claimed, claimedBs, rate, sign, unit, day, collectedBs, collectedInClaim, more) =>
    `${sign}${claimed} million is Bs ${claimedBs} million at Bs ${rate} per ${unit} (${day}, derived, not confirmed by the BCB); Bs ${collectedBs} million was collected, about ${sign}${collectedInClaim} million: ${more ? 'more' : 'less'} than claimed.`,
};
