import { formatLongDate, type IsoDate } from '../../shared/dates.ts';
import { formatBolivianos } from '../../shared/money.ts';
import type { RULE_WORDS_ES } from './es.ts';
import type { WordsOf } from './shape.ts';

/** The words the rules' explanations are written with in English (the shape: ./es.ts). */
export const RULE_WORDS_EN: WordsOf<typeof RULE_WORDS_ES> = {
  yes: 'yes',
  no: 'no',
  and: 'and',
  or: 'or',
  noDate: '(none)',
  noMonth: '(none)',
  date: (iso) => formatLongDate(iso as IsoDate, 'en'),
  month: (iso) => formatLongDate(`${iso.slice(0, 7)}-01` as IsoDate, 'en').replace(/^1 /, ''),
  money: (centavos) => formatBolivianos(centavos, 'en'),
  percent: (fraction) =>
    new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(fraction),
  ageRange: (from, to) => `aged ${from} to ${to}`,
  ageOrOver: (from) => `aged ${from} or over`,
  terms: {
    degree: { leve: 'mild', moderada: 'moderate', grave: 'severe', muy_grave: 'very severe' },
    contributor_type: { dependiente: 'dependent insured person', consultor: 'consultant' },
    survivor_degree: { '1': 'first-degree', '2': 'second-degree' },
    role: { beneficiario: 'beneficiary', cobrador: 'collector' },
    pension_type: {
      vejez: 'old-age pension',
      invalidez: 'disability pension',
      muerte: 'death pension',
      riesgo_profesional: 'occupational-risk pension',
      renta_dignidad_contributiva: 'contributory Renta Dignidad',
    },
    product: {
      sputnik_v: 'Sputnik V',
      janssen: 'Janssen',
      astrazeneca: 'AstraZeneca',
      sinopharm: 'Sinopharm',
      pfizer: 'Pfizer',
      moderna: 'Moderna',
    },
    band: { rezagados: 'late collectors' },
    weekday: {
      '1': 'Monday',
      '2': 'Tuesday',
      '3': 'Wednesday',
      '4': 'Thursday',
      '5': 'Friday',
      '6': 'Saturday',
      '7': 'Sunday',
    },
    asset_category: {
      real_estate: 'real estate',
      vehicles: 'vehicles',
      professional_assets: 'assets of a professional activity',
      shareholdings: 'shares and holdings',
      deposits_and_credits: 'deposits and credits',
      cash: 'cash',
      insurance: 'insurance',
      jewellery_art_collectibles: 'jewellery, art and collections',
      intellectual_property: 'intellectual property',
      other_assets: 'other assets',
      household_goods: 'household goods',
      sip_pension_account: 'SIP pension account',
      unipersonal_enterprise_equity: 'unipersonal enterprise equity',
    },
  },
};
