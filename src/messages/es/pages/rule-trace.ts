import type { TraceWords } from '../../../rules/index.ts';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../format.ts';
import { RULE_SOURCES_ES } from './rule-sources.ts';

/**
 * Las palabras de la explicación de una decisión (`ayni rules explain`, el «Por qué» del
 * ciudadano, la página del reclamo en la oficina): lo que se decidió, la condición que lo decidió
 * y el detalle completo a un paso, con las notas y fuentes de los archivos de parámetros en
 * castellano (rule-sources.ts).
 */
export const RULE_TRACE_ES = {
  evaluatedOn: (date: string) => `evaluado el ${date}`,
  lawOf: (date: string) => `Normas vigentes al ${date}`,
  outcome: 'Resultado',
  decisive: 'Lo que decidió el resultado',
  decisiveIntro: 'La condición que decidió el resultado, con su fundamento legal:',
  full: 'Detalle completo',
  fullHint: (conditions: string) =>
    `El detalle completo (${conditions} condiciones, cada una con sus fuentes) se muestra con --full.`,
  fullSummary: (conditions: string) => `Ver el detalle completo (${conditions} condiciones)`,
  conditionsSummary: (conditions: string) => `Ver cada condición (${conditions})`,
  seeAbove: '(ver arriba)',
  parameter: 'Parámetro',
  since: (date: string) => `vigente desde el ${date}`,
  source: 'Fuente',
  note: 'Nota',
  stance: { for: 'se cumple', against: 'en contra', neutral: 'dato' },
  yes: 'sí',
  no: 'no',
  none: 'ninguno',
  percent: (basisPoints: number) => formatPercent(basisPoints / 10_000, 'es', 2),
  number: (n: number) => formatNumber(n, 'es'),
  money: (centavos: bigint) => formatMoney(centavos, 'es'),
  date: (iso: string) => formatDate(iso as Parameters<typeof formatDate>[0], 'es'),
  fromFile: RULE_SOURCES_ES,
} satisfies TraceWords & Record<string, unknown>;
