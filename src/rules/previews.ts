import type { BoundProgramme } from './bind.ts';
import type { PreviewOptions } from './compile-sql.ts';
import type { Bilingual } from './variables.ts';

/**
 * What `ayni rules preview <programme>` counts: who is counted, which measures, grouped by
 * department and by which band, in which band order (the legal order of the programme's own
 * table, read from its parameters).
 */
export interface PreviewDefinition {
  readonly options: PreviewOptions;
  readonly measureLabels: Readonly<Record<string, Bilingual>>;
  readonly bandLabel: Bilingual;
  /** Band codes in the order the programme's parameter table lists them. */
  bandOrder(bound: BoundProgramme): string[];
  /** What a population query assumes about facts the registry does not hold. */
  readonly assumptions?: Bilingual;
}

export const PREVIEWS: Readonly<Record<string, PreviewDefinition>> = {
  bono: {
    options: {
      where: 'bono_eligible',
      measures: ['bono_eligible', 'bono_collectable_on_date'],
      band: 'bono_collection_window',
    },
    measureLabels: {
      bono_eligible: { es: 'con derecho', en: 'eligible' },
      bono_collectable_on_date: { es: 'pueden cobrar en la fecha', en: 'may collect on the date' },
    },
    bandLabel: { es: 'ventana de cobro (grupo de edad)', en: 'collection window (age band)' },
    bandOrder(bound) {
      const windows = bound.parameter('bono_collection_windows').value as { band: string }[];
      const rezagados = bound.parameter('bono_rezagados_window').value as { band: string };
      return [...windows.map((w) => w.band), rezagados.band];
    },
  },
  vaccination: {
    options: {
      where: 'vaccination_eligible_on_date',
      measures: ['vaccination_eligible_on_date', 'vaccination_may_attend_on_date'],
      band: 'vaccination_plan_age_group',
      assume: { is_health_worker: false, has_comorbidity: false },
    },
    measureLabels: {
      vaccination_eligible_on_date: { es: 'grupo habilitado', en: 'cohort open' },
      vaccination_may_attend_on_date: { es: 'pueden acudir en la fecha', en: 'may attend on the date' },
    },
    bandLabel: { es: 'grupo de edad del plan', en: 'age group of the plan' },
    bandOrder(bound) {
      return (bound.parameter('vaccination_plan_age_groups').value as { group: string }[]).map(
        (g) => g.group,
      );
    },
    assumptions: {
      es: 'El registro no contiene personal de salud ni comorbilidades: se cuentan solo los grupos por edad, departamento y municipio fronterizo.',
      en: 'The registry holds no health-worker or comorbidity lists: only cohorts by age, department and border municipality are counted.',
    },
  },
};
