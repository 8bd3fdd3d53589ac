import { formatLongDate, type IsoDate } from '../../shared/dates.ts';
import { formatBolivianos } from '../../shared/money.ts';

/**
 * Las palabras con que se escriben las explicaciones de las reglas en castellano (`ayni rules
 * explain`, el «Por qué» del ciudadano, la página del reclamo, la explicación del impuesto): las
 * palabras de enlace (sí, no, «y», «o», ninguna), las fechas, montos y porcentajes, las franjas de
 * edad, y los códigos que una regla lee dichos en palabras (grados de discapacidad, tipos de
 * aportante, vacunas, días de la semana…). Este archivo da la forma que siguen los demás idiomas
 * (./en.ts; ./shape.ts): un idioma nuevo es un archivo como este y una línea en ./index.ts.
 */
export const RULE_WORDS_ES = {
  yes: 'sí',
  no: 'no',
  /** Une una lista de cosas: «a, b y c». */
  and: 'y',
  /** Une alternativas, cualquiera de las cuales cuenta: «dependiente o consultor». */
  or: 'o',
  /** Una fecha que no hay (la fecha de defunción de una persona viva). */
  noDate: '(ninguna)',
  /** Un mes que no hay (un último aporte que no hay). */
  noMonth: '(ninguno)',
  date: (iso: string) => formatLongDate(iso as IsoDate, 'es'),
  /** El mes de una fecha, para los periodos mensuales: «julio de 2020». */
  month: (iso: string) => formatLongDate(`${iso.slice(0, 7)}-01` as IsoDate, 'es').replace(/^1 de /, ''),
  money: (centavos: bigint) => formatBolivianos(centavos, 'es'),
  /** Una tasa (0,014) como porcentaje, con la coma decimal: «1,4 %». */
  percent: (fraction: number) =>
    new Intl.NumberFormat('es-BO', { style: 'percent', maximumFractionDigits: 2 }).format(fraction),
  /** Una franja de edad «30-39». */
  ageRange: (from: string, to: string) => `de ${from} a ${to} años`,
  /** Una franja de edad «60+». */
  ageOrOver: (from: string) => `${from} años o más`,
  /** Los códigos que una regla lee, en palabras, por la columna o familia a la que pertenecen. */
  terms: {
    degree: { leve: 'leve', moderada: 'moderada', grave: 'grave', muy_grave: 'muy grave' },
    contributor_type: { dependiente: 'asegurado dependiente', consultor: 'consultor' },
    survivor_degree: { '1': 'de primer grado', '2': 'de segundo grado' },
    role: { beneficiario: 'beneficiario', cobrador: 'cobrador' },
    pension_type: {
      vejez: 'renta de vejez',
      invalidez: 'renta de invalidez',
      muerte: 'pensión por muerte',
      riesgo_profesional: 'renta por riesgo profesional',
      renta_dignidad_contributiva: 'Renta Dignidad contributiva',
    },
    product: {
      sputnik_v: 'Sputnik V',
      janssen: 'Janssen',
      astrazeneca: 'AstraZeneca',
      sinopharm: 'Sinopharm',
      pfizer: 'Pfizer',
      moderna: 'Moderna',
    },
    band: { rezagados: 'rezagados' },
    // Los días ISO, como los numeran las reglas de vacunación (lunes 1 … domingo 7).
    weekday: {
      '1': 'lunes',
      '2': 'martes',
      '3': 'miércoles',
      '4': 'jueves',
      '5': 'viernes',
      '6': 'sábado',
      '7': 'domingo',
    },
    // Las categorías de bienes de una declaración del impuesto a las grandes fortunas.
    asset_category: {
      real_estate: 'inmuebles',
      vehicles: 'vehículos',
      professional_assets: 'bienes de la actividad profesional',
      shareholdings: 'acciones y participaciones',
      deposits_and_credits: 'depósitos y créditos',
      cash: 'efectivo',
      insurance: 'seguros',
      jewellery_art_collectibles: 'joyas, arte y colecciones',
      intellectual_property: 'propiedad intelectual',
      other_assets: 'otros bienes',
      household_goods: 'menaje doméstico',
      sip_pension_account: 'cuenta de pensiones del SIP',
      unipersonal_enterprise_equity: 'patrimonio de empresa unipersonal',
    },
  },
};
