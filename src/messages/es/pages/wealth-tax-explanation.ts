/**
 * Las frases del impuesto que el dominio devuelve como hechos (src/wealth-tax/explanation.ts y
 * simulation.ts): la línea decisiva de la liquidación, que la oficina, la API, la consola y el
 * aviso de determinación muestran, y la verificación de la cifra afirmada de la recaudación.
 * decisiveInWords y claimCheckInWords (src/messages/wealth-tax-words.ts) las escriben.
 */
export const WEALTH_TAX_EXPLANATION_ES = {
  /** Tax owed: the amount, the deadline, the net fortune and the threshold, already written out. */
  owes: (tax: string, deadline: string, net: string, threshold: string) =>
    `Debe pagar ${tax} hasta el ${deadline}: su fortuna neta de ${net} es mayor que ${threshold} (Ley 1357, Art. 5).`,
  owesNothing: (net: string, threshold: string) =>
    `No debe pagar el impuesto: su fortuna neta de ${net} no es mayor que ${threshold} (Ley 1357, Art. 5).`,
  resident: 'Como residente, declara sus bienes en Bolivia y en el exterior (Ley 1357, Art. 3).',
  nonResident: 'Como no residente, solo cuentan sus bienes en Bolivia (Ley 1357, Art. 3).',
  /** The currency of a checked claim: its sign and the name of its unit. */
  claimCurrencies: { GBP: { sign: '£', unit: 'libra' } } as Record<string, { sign: string; unit: string }>,
  /**
   * The claim checked: amounts in millions already written, the rate, the currency's sign and
   * unit, the day of the rate, and whether more was collected than claimed.
   */
  claimCheck: (
    claimed: string,
    claimedBs: string,
    rate: string,
    sign: string,
    unit: string,
    day: string,
    collectedBs: string,
    collectedInClaim: string,
    more: boolean,
  ) =>
    `${sign}${claimed} millones son Bs ${claimedBs} millones a Bs ${rate} por ${unit} (${day}, derivado, no confirmado por el BCB); se recaudaron Bs ${collectedBs} millones, unos ${sign}${collectedInClaim} millones: ${more ? 'más' : 'menos'} de lo afirmado.`,
};
