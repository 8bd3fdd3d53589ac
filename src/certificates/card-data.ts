/** What the vaccination card (src/web/certificates/card.pdf.ts) shows, gathered by `vaccinationCard`. */

export type CardSize = 'a4' | 'wallet';

/** What the card shows. */
export interface CardData {
  givenNames: string;
  surnames: string;
  ciNumber: string;
  complemento: string;
  dateOfBirth: string;
  doses: {
    doseNumber: number;
    productName: string;
    lotNumber: string;
    givenOn: string;
    siteName: string | null;
  }[];
  hc1: string;
  uvci: string;
  issuedAt: Date;
  expiresAt: Date;
}
