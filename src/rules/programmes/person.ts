import type { AttributeSpec } from '../variables.ts';

/**
 * Column SQL is written without casts (`p.residence_country`, not `p.residence_country::text`):
 * a cast hides the column from the planner's statistics.
 *
 * The person as the registry holds them (table `person`, alias `p` in compiled SQL). Programmes
 * that need facts the registry does not hold (a vaccination's health-worker status, dose dates)
 * add them as attributes without SQL: the caller supplies them for one person, and a population
 * query must be told what to assume.
 */
export const PERSON_ATTRIBUTES = {
  ci_number: { t: 'text', sql: 'p.ci_number', label: { es: 'número de CI', en: 'CI number' } },
  complemento: { t: 'text', sql: 'p.complemento', label: { es: 'complemento', en: 'complemento' } },
  date_of_birth: {
    t: 'date',
    sql: 'p.date_of_birth',
    label: { es: 'fecha de nacimiento', en: 'date of birth' },
  },
  sex: { t: 'text', sql: 'p.sex', label: { es: 'sexo', en: 'sex' } },
  municipality_code: {
    t: 'text',
    sql: 'p.municipality_code',
    label: { es: 'municipio (código INE)', en: 'municipality (INE code)' },
  },
  department_code: {
    t: 'int',
    sql: 'p.department_code',
    label: { es: 'departamento (código INE)', en: 'department (INE code)' },
  },
  residence_country: {
    t: 'text',
    sql: 'p.residence_country',
    label: { es: 'país de residencia', en: 'country of residence' },
  },
  date_of_death: {
    t: 'date',
    nullable: true,
    sql: 'p.date_of_death',
    label: { es: 'fecha de defunción', en: 'date of death' },
  },
} as const satisfies Record<string, AttributeSpec>;

export type PersonAttribute = keyof typeof PERSON_ATTRIBUTES;
