import { SOURCE_LIST_BY_NAME } from '../registry/index.ts';
import type { Bilingual, Lang } from './variables.ts';

/**
 * The words for the codes a rule reads — a source list's name, a column of it, the values a
 * parameter lists (disability degrees, contributor types, vaccines), an age band — so that an
 * explanation says «la lista de asegurados dependientes y consultores» and «Sputnik V», never
 * «afp-dependent» or `sputnik_v`. Like a variable's label, they sit beside the rules in both
 * languages; test/rules/trace-words.test.ts checks that every code of every programme has them.
 * A source list's name is the registry's own title for it (src/registry/source-lists.ts).
 */

/** The values a parameter of a programme may list, in words, by the column or code family they belong to. */
export const TERMS: Readonly<Record<string, Readonly<Record<string, Bilingual>>>> = {
  degree: {
    leve: { es: 'leve', en: 'mild' },
    moderada: { es: 'moderada', en: 'moderate' },
    grave: { es: 'grave', en: 'severe' },
    muy_grave: { es: 'muy grave', en: 'very severe' },
  },
  contributor_type: {
    dependiente: { es: 'asegurado dependiente', en: 'dependent insured person' },
    consultor: { es: 'consultor', en: 'consultant' },
  },
  survivor_degree: {
    '1': { es: 'de primer grado', en: 'first-degree' },
    '2': { es: 'de segundo grado', en: 'second-degree' },
  },
  role: {
    beneficiario: { es: 'beneficiario', en: 'beneficiary' },
    cobrador: { es: 'cobrador', en: 'collector' },
  },
  pension_type: {
    vejez: { es: 'renta de vejez', en: 'old-age pension' },
    invalidez: { es: 'renta de invalidez', en: 'disability pension' },
    muerte: { es: 'pensión por muerte', en: 'death pension' },
    riesgo_profesional: { es: 'renta por riesgo profesional', en: 'occupational-risk pension' },
    renta_dignidad_contributiva: {
      es: 'Renta Dignidad contributiva',
      en: 'contributory Renta Dignidad',
    },
  },
  product: {
    sputnik_v: { es: 'Sputnik V', en: 'Sputnik V' },
    janssen: { es: 'Janssen', en: 'Janssen' },
    astrazeneca: { es: 'AstraZeneca', en: 'AstraZeneca' },
    sinopharm: { es: 'Sinopharm', en: 'Sinopharm' },
    pfizer: { es: 'Pfizer', en: 'Pfizer' },
    moderna: { es: 'Moderna', en: 'Moderna' },
  },
  band: {
    rezagados: { es: 'rezagados', en: 'late collectors' },
  },
  // ISO weekdays, as the vaccination rules number them (Monday 1 … Sunday 7).
  weekday: {
    '1': { es: 'lunes', en: 'Monday' },
    '2': { es: 'martes', en: 'Tuesday' },
    '3': { es: 'miércoles', en: 'Wednesday' },
    '4': { es: 'jueves', en: 'Thursday' },
    '5': { es: 'viernes', en: 'Friday' },
    '6': { es: 'sábado', en: 'Saturday' },
    '7': { es: 'domingo', en: 'Sunday' },
  },
};

/** Which family of codes a variable holds, for the variables whose value is a code. */
const VARIABLE_TERMS: Readonly<Record<string, string>> = {
  bono_collection_window: 'band',
  vaccination_plan_age_group: 'band',
  vaccination_weekday: 'weekday',
};

/**
 * A code in words: a listed one from TERMS, an age band ("30-39", "60+") written out, else the
 * code as it is (a person's own text, such as a declaration's description).
 *
 * @example termIn('product', 'sputnik_v', 'es') // 'Sputnik V'
 * @example termIn('band', '30-39', 'es') // 'de 30 a 39 años'
 */
export function termIn(family: string, code: string | number, lang: Lang): string {
  const listed = TERMS[family]?.[String(code)];
  if (listed) return listed[lang];
  if (family === 'band') {
    const range = /^(\d+)-(\d+)$/.exec(String(code));
    if (range) return lang === 'es' ? `de ${range[1]} a ${range[2]} años` : `aged ${range[1]} to ${range[2]}`;
    const over = /^(\d+)\+$/.exec(String(code));
    if (over) return lang === 'es' ? `${over[1]} años o más` : `aged ${over[1]} or over`;
  }
  return String(code);
}

/**
 * The value of a variable that holds a code, in words; undefined for any other variable.
 *
 * @example termOf('bono_collection_window', '30-39', 'en') // 'aged 30 to 39'
 */
export function termOf(variable: string, code: string | number, lang: Lang): string | undefined {
  const family = VARIABLE_TERMS[variable];
  return family ? termIn(family, code, lang) : undefined;
}

/**
 * A source list by the registry's title for it. @example listTitle('afp-dependent', 'es') // 'Asegurados dependientes y consultores con aportes'
 */
export function listTitle(list: string, lang: Lang): string {
  const def = SOURCE_LIST_BY_NAME.get(list);
  if (!def) return list;
  return lang === 'es' ? def.titleEs : def.titleEn;
}
