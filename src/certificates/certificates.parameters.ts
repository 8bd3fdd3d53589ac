/**
 * The certificates' parameters. DS 4641 (Dec 2021) makes the card an official document generated
 * from the RNVe, digitally signed, with a QR code that verifies offline
 * (../shared/domain/bolivia-programmes.md §3.6); it says nothing ayni found about how long a card
 * is valid or who signs it, so those are parameters, marked UNCONFIRMED.
 */
export const CERTIFICATE_PARAMETERS = {
  /** ISO 3166 code of the issuing country: the CWT `iss` and the DCC `co`. */
  issuerCountry: 'BO',
  /** The DCC `is` (issuer), at most 80 characters. UNCONFIRMED: the Ministry's name on the 2021 card. */
  issuerName: 'Ministerio de Salud y Deportes de Bolivia',
  /**
   * Days a certificate is valid from its issue (CWT `exp`), and never past its signer certificate's
   * end. UNCONFIRMED: DS 4641 sets no period; the EU accepted a completed primary series for 270
   * days from February 2022 (Delegated Regulation (EU) 2021/2288).
   */
  certificateValidityDays: 365,
  /** Days a document signer certificate is valid. UNCONFIRMED: the EU DCC trust framework suggests up to 2 years. */
  signerValidityDays: 730,
  /** Years the national CSCA certificate is valid (self-made for the demo). */
  cscaValidityYears: 10,
} as const;
