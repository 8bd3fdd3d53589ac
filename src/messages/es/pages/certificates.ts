/** Las palabras del carnet de vacunación (PDF) y de las páginas de certificados, en castellano. */
export const CERTIFICATES_PAGES_ES = {
  card: {
    country: 'Estado Plurinacional de Bolivia',
    title: 'Carnet de Vacunación contra la COVID-19',
    legalBasis: 'Documento oficial, Decreto Supremo 4641',
    name: 'Nombre',
    ci: 'Cédula de identidad',
    ciValue: (number: string, complemento: string) =>
      complemento === '' ? number : `${number} ${complemento}`,
    dateOfBirth: 'Fecha de nacimiento',
    doses: 'Dosis aplicadas',
    dose: 'Dosis',
    product: 'Vacuna',
    lot: 'Lote',
    date: 'Fecha',
    site: 'Lugar de vacunación',
    doseOrdinal: (n: number) => `${n}.ª`,
    issuer: 'Emisor',
    certificateId: 'Identificador del certificado',
    issuedOn: 'Emitido el',
    validUntil: 'Válido hasta',
    qrCaption:
      'Certificado Digital COVID de la UE: verifíquelo con cualquier lector de certificados o en ayni',
    noSite: 'sin registro',
  },
} as const;
