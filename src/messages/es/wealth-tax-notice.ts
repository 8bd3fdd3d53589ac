import type { NoticeCatalogue } from '../../wealth-tax/index.ts';

/**
 * The words of the SIN's notices on the wealth tax, in Spanish, the language of the
 * administration's acts (src/wealth-tax/notice.ts builds each notice from them): titles, the
 * reminder's and the fine's sentences, the names of the rows, and each kind's legal basis.
 */
export const WEALTH_TAX_NOTICE_ES: NoticeCatalogue = {
  issuer: 'Servicio de Impuestos Nacionales',
  letterhead: 'Servicio de Impuestos Nacionales — Impuesto a las Grandes Fortunas',
  legalBasisHeading: 'Base legal',
  titles: {
    assessment: (year) => `Determinación del Impuesto a las Grandes Fortunas, gestión ${year}`,
    reminder: (year) => `Recordatorio de vencimiento, gestión ${year}`,
    fine: (year) => `Multa por falta de pago, gestión ${year}`,
  },
  addressee: (fullName, nit) => `${fullName} — NIT ${nit}`,
  reminderDue: (year, deadline, balance) =>
    `El plazo para pagar el Impuesto a las Grandes Fortunas de la gestión ${year} vence el ${deadline}. Su saldo pendiente es ${balance}.`,
  reminderLate:
    'Si paga después del vencimiento, se aplicará la multa del 200 % del tributo omitido, además de su actualización en UFV y los intereses.',
  fineLate: (year, deadline, on, daysLate, omitted) =>
    `El impuesto de la gestión ${year} vencía el ${deadline}. Al ${on}, con ${daysLate} días de mora, el tributo omitido es ${omitted}.`,
  fineUpdating: (ufvFrom, ufvTo) =>
    `Se actualiza en UFV (de ${ufvFrom} a ${ufvTo}) y genera intereses; la multa es del 200 % del tributo omitido.`,
  rows: {
    netFortune: 'Fortuna neta',
    taxAssessed: 'Impuesto determinado',
    deadline: 'Vencimiento',
    balance: 'Saldo pendiente',
    omitted: 'Tributo omitido',
    updating: 'Actualización (UFV)',
    interest: 'Intereses',
    fine: 'Multa',
    total: 'Total',
  },
  basis: {
    assessment: [
      'Ley N° 1357 de 28 de diciembre de 2020, Art. 3, 4 y 5 (sujetos, residencia, hecho generador)',
      'Decreto Supremo N° 4436 de 30 de diciembre de 2020 (base imponible, valuación, plazos)',
    ],
    reminder: [
      'Decreto Supremo N° 4436, plazos de declaración y pago',
      'Ley N° 2492 (Código Tributario Boliviano), Art. 4: el plazo que vence en día inhábil se prorroga al primer día hábil siguiente',
    ],
    fine: [
      'Ley N° 1357, Art. 15: multa del 200 % del tributo omitido',
      'Ley N° 2492 (Código Tributario Boliviano), Art. 47 modificado por la Ley N° 812: tributo omitido en UFV e intereses',
    ],
  },
};
