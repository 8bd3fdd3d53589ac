import type { CERTIFICATES_PAGES_ES } from '../../es/pages/certificates.ts';
import type { Messages } from '../../page-catalogue.ts';

/** The words of the vaccination card (PDF) and of the certificate pages, in English. */
export const CERTIFICATES_PAGES_EN: Messages<typeof CERTIFICATES_PAGES_ES> = {
  card: {
    country: 'Plurinational State of Bolivia',
    title: 'COVID-19 Vaccination Card',
    legalBasis: 'Official document, Supreme Decree 4641',
    name: 'Name',
    ci: 'Identity card',
    ciValue: (number: string, complemento: string) =>
      complemento === '' ? number : `${number} ${complemento}`,
    dateOfBirth: 'Date of birth',
    doses: 'Doses given',
    dose: 'Dose',
    product: 'Vaccine',
    lot: 'Lot',
    date: 'Date',
    site: 'Vaccination site',
    doseOrdinal: (n: number) => `${n}`,
    issuer: 'Issuer',
    certificateId: 'Certificate identifier',
    issuedOn: 'Issued on',
    validUntil: 'Valid until',
    qrCaption: 'EU Digital COVID Certificate: verify it with any certificate reader or on ayni',
    noSite: 'not recorded',
  },
};
