import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isoDate, loadParameterFile } from '../../parameters/index.ts';
import {
  addDays,
  age,
  and,
  attr,
  cmp,
  type Expr,
  eq,
  FALSE,
  iff,
  inSet,
  isNull,
  isoWeekday,
  lastDigit,
  lit,
  not,
  or,
  param,
  TRUE,
  today,
  v,
} from '../expr.ts';
import { defineProgramme, defineVariable, type ExplainContext, type VariableDef } from '../variables.ts';
import { PERSON_ATTRIBUTES } from './person.ts';

/**
 * COVID-19 vaccination, Bolivia 2021: whose cohort is open on a date, on which weekday their CI
 * number lets them attend, when the second dose is due and when a booster is allowed.
 * Domain facts: shared/domain/bolivia-programmes.md §3.
 */

const PRODUCTS = ['sputnik_v', 'janssen', 'astrazeneca', 'sinopharm', 'pfizer', 'moderna'] as const;
const WEEKDAY_NUMBER = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};
const DAYS_PER_WEEK = 7;
const WEEKDAY_NAME: Record<number, { es: string; en: string }> = {
  1: { es: 'lunes', en: 'Monday' },
  2: { es: 'martes', en: 'Tuesday' },
  3: { es: 'miércoles', en: 'Wednesday' },
  4: { es: 'jueves', en: 'Thursday' },
  5: { es: 'viernes', en: 'Friday' },
  6: { es: 'sábado', en: 'Saturday' },
  7: { es: 'domingo', en: 'Sunday' },
};

const minimumAgeByDepartment = z.strictObject({
  all: z.number().int().min(0).nullable(),
  departments: z.record(z.string().regex(/^[1-9]$/), z.number().int().min(0).nullable()).optional(),
});
type MinimumAgeByDepartment = z.output<typeof minimumAgeByDepartment>;
const digit = z.number().int().min(0).max(9);
const rotation = z.strictObject({
  departments: z.array(z.number().int().min(1).max(9)),
  weekdays: z.partialRecord(
    z.enum(Object.keys(WEEKDAY_NUMBER) as [keyof typeof WEEKDAY_NUMBER]),
    z.array(digit),
  ),
});
type Rotation = z.output<typeof rotation>;
const schedule = z.strictObject({
  product: z.enum(PRODUCTS),
  doses: z.number().int().min(1).max(3),
  second_dose_after_days: z.number().int().positive().nullable(),
  second_dose_latest_after_days: z.number().int().positive().nullable(),
  note: z.string().optional(),
});
type Schedule = z.output<typeof schedule>;
const booster = z.strictObject({
  general_minimum_age_years: z.number().int().min(0).nullable(),
  comorbidity_minimum_age_years: z.number().int().min(0).nullable(),
  weeks_after_second_dose: z.number().int().positive(),
  primed_products: z.array(z.enum(PRODUCTS)),
  closes_on: isoDate.nullable(),
});
type Booster = z.output<typeof booster>;
const ageGroup = z.strictObject({
  group: z.string().min(1),
  min_age_years: z.number().int().min(0),
  max_age_years: z.number().int().min(0).nullable(),
});
type AgeGroup = z.output<typeof ageGroup>;

export const VACCINATION_PARAMETERS = {
  vaccination_health_workers_open: z.boolean(),
  vaccination_general_minimum_age: minimumAgeByDepartment,
  vaccination_comorbidity_minimum_age: minimumAgeByDepartment,
  vaccination_border_municipalities: z.strictObject({
    municipalities: z.array(z.string().regex(/^0[1-9][0-9]{4}$/)),
    minimum_age_years: z.number().int().min(0),
  }),
  vaccination_ci_rotation: rotation,
  vaccination_dose_schedules: z
    .array(schedule)
    .refine((rows) => new Set(rows.map((r) => r.product)).size === rows.length, 'one row per product')
    .refine(
      (rows) => rows.every((r) => r.doses === 1 || r.second_dose_after_days !== null),
      'a product with two doses needs second_dose_after_days',
    ),
  vaccination_booster: booster,
  vaccination_plan_age_groups: z.array(ageGroup).min(1),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const parameters = loadParameterFile(
  path.join(here, '..', 'parameters', 'vaccination.yaml'),
  VACCINATION_PARAMETERS,
);

const yes = (x: ExplainContext) => x.value === true;
const AGE = v('vaccination_age_years');
const DEPARTMENT = attr('department_code');

/** Age at least the department's minimum (null minimum: closed). */
function openByDepartment(m: MinimumAgeByDepartment): Expr {
  const overrides = Object.entries(m.departments ?? {}).map(([code, min]) => ({ code: Number(code), min }));
  return or(
    ...overrides.map(({ code, min }) =>
      min === null ? FALSE : and(eq(DEPARTMENT, lit.int(code)), cmp(AGE, '>=', lit.int(min))),
    ),
    m.all === null
      ? FALSE
      : and(
          not(
            inSet(
              DEPARTMENT,
              overrides.map((o) => o.code),
            ),
          ),
          cmp(AGE, '>=', lit.int(m.all)),
        ),
  );
}

function minimumFor(m: MinimumAgeByDepartment, department: number): number | null {
  const own = m.departments?.[String(department)];
  return own !== undefined ? own : m.all;
}

/** The schedule row of the first dose's product, as a chain of conditions. */
function bySchedule(rows: Schedule[], value: (r: Schedule) => Expr, otherwise: Expr): Expr {
  return rows.reduceRight<Expr>(
    (rest, r) => iff(eq(attr('first_dose_product'), lit.text(r.product)), value(r), rest),
    otherwise,
  );
}

const scheduleOf = (x: ExplainContext): Schedule | undefined =>
  x.p<Schedule[]>('vaccination_dose_schedules').find((r) => r.product === x.a('first_dose_product'));

const variables: VariableDef[] = [
  defineVariable({
    name: 'vaccination_age_years',
    entity: 'person',
    type: 'int',
    label: { es: 'Edad en la fecha', en: 'Age on the date' },
    reads: { attributes: ['date_of_birth'] },
    formula: age(attr('date_of_birth'), today),
    explain: {
      es: (x) => `${x.value} años cumplidos al ${x.f.date(x.date)}.`,
      en: (x) => `${x.value} completed years on ${x.f.date(x.date)}.`,
    },
  }),
  defineVariable({
    name: 'vaccination_alive_on_date',
    entity: 'person',
    type: 'bool',
    label: { es: 'Con vida en la fecha', en: 'Alive on the date' },
    reads: { attributes: ['date_of_death'] },
    formula: or(isNull(attr('date_of_death')), cmp(attr('date_of_death'), '>', today)),
    explain: {
      es: (x) =>
        yes(x) ? 'Sin defunción registrada a la fecha.' : `Falleció el ${x.f.date(x.a('date_of_death'))}.`,
      en: (x) => (yes(x) ? 'No death recorded by the date.' : `Died on ${x.f.date(x.a('date_of_death'))}.`),
    },
  }),
  defineVariable({
    name: 'vaccination_general_cohort_open',
    entity: 'person',
    type: 'bool',
    label: { es: 'Su grupo de edad está habilitado', en: 'Their age cohort is open' },
    reads: {
      attributes: ['department_code'],
      variables: ['vaccination_age_years'],
      parameters: ['vaccination_general_minimum_age'],
    },
    formula: param('vaccination_general_minimum_age', openByDepartment),
    explain: {
      es: (x) => {
        const min = minimumFor(x.p('vaccination_general_minimum_age'), x.a('department_code') as number);
        return min === null
          ? `En su departamento aún no se vacuna a la población general al ${x.f.date(x.date)}.`
          : `En su departamento se vacuna desde los ${min} años; tiene ${x.v('vaccination_age_years')}.`;
      },
      en: (x) => {
        const min = minimumFor(x.p('vaccination_general_minimum_age'), x.a('department_code') as number);
        return min === null
          ? `The general population of their department is not yet being vaccinated on ${x.f.date(x.date)}.`
          : `Their department vaccinates from age ${min}; they are ${x.v('vaccination_age_years')}.`;
      },
    },
  }),
  defineVariable({
    name: 'vaccination_border_cohort_open',
    entity: 'person',
    type: 'bool',
    label: { es: 'Municipio fronterizo habilitado', en: 'Border municipality open' },
    reads: {
      attributes: ['municipality_code'],
      variables: ['vaccination_age_years'],
      parameters: ['vaccination_border_municipalities'],
    },
    formula: param(
      'vaccination_border_municipalities',
      (b: { municipalities: string[]; minimum_age_years: number }) =>
        and(inSet(attr('municipality_code'), b.municipalities), cmp(AGE, '>=', lit.int(b.minimum_age_years))),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? 'Vive en un municipio fronterizo donde se vacuna a todos los adultos.'
          : 'No aplica: no vive en un municipio fronterizo habilitado o no es adulto.',
      en: (x) =>
        yes(x)
          ? 'Lives in a border municipality where all adults are vaccinated.'
          : 'Does not apply: not in an open border municipality, or not an adult.',
    },
  }),
  defineVariable({
    name: 'vaccination_health_worker_cohort_open',
    entity: 'person',
    type: 'bool',
    label: { es: 'Personal de salud habilitado', en: 'Health worker, cohort open' },
    reads: { attributes: ['is_health_worker'], parameters: ['vaccination_health_workers_open'] },
    formula: and(
      attr('is_health_worker'),
      param('vaccination_health_workers_open', (open: boolean) => lit.bool(open)),
    ),
    explain: {
      es: (x) =>
        x.a('is_health_worker')
          ? `Personal de salud: ${yes(x) ? 'habilitado' : 'aún no habilitado'}.`
          : 'No es personal de salud.',
      en: (x) =>
        x.a('is_health_worker')
          ? `Health worker: ${yes(x) ? 'open' : 'not yet open'}.`
          : 'Not a health worker.',
    },
  }),
  defineVariable({
    name: 'vaccination_comorbidity_cohort_open',
    entity: 'person',
    type: 'bool',
    label: { es: 'Persona con comorbilidad habilitada', en: 'Person with a comorbidity, cohort open' },
    reads: {
      attributes: ['has_comorbidity', 'department_code'],
      variables: ['vaccination_age_years'],
      parameters: ['vaccination_comorbidity_minimum_age'],
    },
    formula: and(attr('has_comorbidity'), param('vaccination_comorbidity_minimum_age', openByDepartment)),
    explain: {
      es: (x) =>
        x.a('has_comorbidity')
          ? `Con comorbilidad: ${yes(x) ? 'habilitada' : 'aún no habilitada en su departamento o por edad'}.`
          : 'No declara comorbilidad.',
      en: (x) =>
        x.a('has_comorbidity')
          ? `With a comorbidity: ${yes(x) ? 'open' : 'not yet open in their department or for their age'}.`
          : 'No comorbidity declared.',
    },
  }),
  defineVariable({
    name: 'vaccination_cohort_open',
    entity: 'person',
    type: 'bool',
    label: { es: 'Puede vacunarse (primera dosis)', en: 'May be vaccinated (first dose)' },
    reads: {
      variables: [
        'vaccination_general_cohort_open',
        'vaccination_border_cohort_open',
        'vaccination_health_worker_cohort_open',
        'vaccination_comorbidity_cohort_open',
      ],
    },
    formula: or(
      v('vaccination_general_cohort_open'),
      v('vaccination_border_cohort_open'),
      v('vaccination_health_worker_cohort_open'),
      v('vaccination_comorbidity_cohort_open'),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? 'Pertenece a un grupo habilitado en la fecha.'
          : 'Ningún grupo suyo está habilitado en la fecha.',
      en: (x) =>
        yes(x) ? 'Belongs to a cohort open on the date.' : 'None of their cohorts is open on the date.',
    },
  }),
  defineVariable({
    name: 'vaccination_plan_age_group',
    entity: 'person',
    type: 'text',
    nullable: true,
    label: { es: 'Grupo de edad del plan', en: 'Age group of the plan' },
    reads: { variables: ['vaccination_age_years'], parameters: ['vaccination_plan_age_groups'] },
    formula: param('vaccination_plan_age_groups', (groups: AgeGroup[]) =>
      groups.reduceRight<Expr>(
        (rest, g) =>
          iff(
            g.max_age_years === null
              ? cmp(AGE, '>=', lit.int(g.min_age_years))
              : and(cmp(AGE, '>=', lit.int(g.min_age_years)), cmp(AGE, '<=', lit.int(g.max_age_years))),
            lit.text(g.group),
            rest,
          ),
        lit.null('text'),
      ),
    ),
    explain: {
      es: (x) => `Grupo ${x.value ?? '(ninguno)'}.`,
      en: (x) => `Group ${x.value ?? '(none)'}.`,
    },
  }),
  defineVariable({
    name: 'vaccination_ci_last_digit',
    entity: 'person',
    type: 'int',
    nullable: true,
    label: { es: 'Último dígito del CI', en: 'Last digit of the CI number' },
    reads: { attributes: ['ci_number'] },
    formula: lastDigit(attr('ci_number')),
    explain: {
      es: (x) => `${x.value}.`,
      en: (x) => `${x.value}.`,
    },
  }),
  defineVariable({
    name: 'vaccination_weekday',
    entity: 'person',
    type: 'int',
    label: { es: 'Día de la semana', en: 'Day of the week' },
    reads: {},
    formula: isoWeekday(today),
    explain: {
      es: (x) => `El ${x.f.date(x.date)} es ${WEEKDAY_NAME[x.value as number]!.es}.`,
      en: (x) => `${x.f.date(x.date)} is a ${WEEKDAY_NAME[x.value as number]!.en}.`,
    },
  }),
  defineVariable({
    name: 'vaccination_ci_rotation_applies',
    entity: 'person',
    type: 'bool',
    label: { es: 'Rige la rotación por último dígito del CI', en: 'The CI last-digit rotation applies' },
    reads: { attributes: ['department_code'], parameters: ['vaccination_ci_rotation'] },
    formula: param('vaccination_ci_rotation', (r: Rotation) => inSet(DEPARTMENT, r.departments)),
    explain: {
      es: (x) =>
        yes(x)
          ? 'En su departamento rige la rotación por último dígito del CI.'
          : 'En su departamento no rige la rotación en la fecha.',
      en: (x) =>
        yes(x)
          ? 'The CI last-digit rotation applies in their department.'
          : 'No rotation applies in their department on the date.',
    },
  }),
  defineVariable({
    name: 'vaccination_weekday_allowed',
    entity: 'person',
    type: 'bool',
    label: { es: 'Le corresponde este día', en: 'This weekday is theirs' },
    reads: {
      variables: ['vaccination_ci_rotation_applies', 'vaccination_ci_last_digit', 'vaccination_weekday'],
      parameters: ['vaccination_ci_rotation'],
    },
    formula: or(
      not(v('vaccination_ci_rotation_applies')),
      param('vaccination_ci_rotation', (r: Rotation) =>
        or(
          ...Object.entries(r.weekdays).map(([day, digits]) =>
            and(
              eq(v('vaccination_weekday'), lit.int(WEEKDAY_NUMBER[day as keyof typeof WEEKDAY_NUMBER])),
              inSet(v('vaccination_ci_last_digit'), digits ?? []),
            ),
          ),
        ),
      ),
    ),
    explain: {
      es: (x) => {
        if (!x.v('vaccination_ci_rotation_applies')) return 'Puede asistir cualquier día.';
        const digitNow = x.v('vaccination_ci_last_digit') as number;
        const day = Object.entries(x.p<Rotation>('vaccination_ci_rotation').weekdays).find(([, ds]) =>
          ds?.includes(digitNow),
        );
        const dayName = day
          ? WEEKDAY_NAME[WEEKDAY_NUMBER[day[0] as keyof typeof WEEKDAY_NUMBER]]!.es
          : '(ninguno)';
        return `CI terminado en ${digitNow}: le corresponde el ${dayName}${yes(x) ? '' : '; no este día'}.`;
      },
      en: (x) => {
        if (!x.v('vaccination_ci_rotation_applies')) return 'May attend on any day.';
        const digitNow = x.v('vaccination_ci_last_digit') as number;
        const day = Object.entries(x.p<Rotation>('vaccination_ci_rotation').weekdays).find(([, ds]) =>
          ds?.includes(digitNow),
        );
        const dayName = day
          ? WEEKDAY_NAME[WEEKDAY_NUMBER[day[0] as keyof typeof WEEKDAY_NUMBER]]!.en
          : '(none)';
        return `CI number ending in ${digitNow}: their day is ${dayName}${yes(x) ? '' : '; not this day'}.`;
      },
    },
  }),
  defineVariable({
    name: 'vaccination_eligible_on_date',
    entity: 'person',
    type: 'bool',
    label: {
      es: 'Puede vacunarse (primera dosis) en la fecha',
      en: 'May be vaccinated (first dose) on the date',
    },
    reads: { variables: ['vaccination_alive_on_date', 'vaccination_cohort_open'] },
    formula: and(v('vaccination_alive_on_date'), v('vaccination_cohort_open')),
    explain: {
      es: (x) =>
        yes(x) ? 'Sí: su grupo está habilitado.' : 'No: ningún grupo suyo está habilitado, o falleció.',
      en: (x) =>
        yes(x) ? 'Yes: their cohort is open.' : 'No: none of their cohorts is open, or they have died.',
    },
  }),
  defineVariable({
    name: 'vaccination_may_attend_on_date',
    entity: 'person',
    type: 'bool',
    label: { es: 'Puede acudir a vacunarse en la fecha', en: 'May attend for vaccination on the date' },
    reads: { variables: ['vaccination_eligible_on_date', 'vaccination_weekday_allowed'] },
    formula: and(v('vaccination_eligible_on_date'), v('vaccination_weekday_allowed')),
    explain: {
      es: (x) =>
        yes(x) ? 'Sí: su grupo está habilitado y es su día.' : 'No en esta fecha (ver las condiciones).',
      en: (x) =>
        yes(x) ? 'Yes: their cohort is open and it is their day.' : 'Not on this date (see the conditions).',
    },
  }),
  defineVariable({
    name: 'second_dose_required',
    entity: 'person',
    type: 'bool',
    label: { es: 'Su vacuna requiere segunda dosis', en: 'Their vaccine needs a second dose' },
    reads: { attributes: ['first_dose_product'], parameters: ['vaccination_dose_schedules'] },
    formula: param('vaccination_dose_schedules', (rows: Schedule[]) =>
      inSet(
        attr('first_dose_product'),
        rows.filter((r) => r.doses >= 2).map((r) => r.product),
      ),
    ),
    explain: {
      es: (x) =>
        x.a('first_dose_product') === null
          ? 'No se registra primera dosis.'
          : `${x.f.term('product', x.a('first_dose_product') as string)}: esquema de ${scheduleOf(x)?.doses ?? '?'} dosis.`,
      en: (x) =>
        x.a('first_dose_product') === null
          ? 'No first dose recorded.'
          : `${x.f.term('product', x.a('first_dose_product') as string)}: ${scheduleOf(x)?.doses ?? '?'}-dose schedule.`,
    },
  }),
  defineVariable({
    name: 'second_dose_due_date',
    entity: 'person',
    type: 'date',
    nullable: true,
    label: { es: 'Fecha desde la que corresponde la segunda dosis', en: 'Date the second dose is due' },
    reads: {
      attributes: ['first_dose_product', 'first_dose_date'],
      parameters: ['vaccination_dose_schedules'],
    },
    formula: param('vaccination_dose_schedules', (rows: Schedule[]) =>
      bySchedule(
        rows,
        (r) =>
          r.second_dose_after_days === null
            ? lit.null('date')
            : addDays(attr('first_dose_date'), lit.int(r.second_dose_after_days)),
        lit.null('date'),
      ),
    ),
    explain: {
      es: (x) =>
        x.value === null
          ? 'No corresponde segunda dosis.'
          : `Primera dosis el ${x.f.date(x.a('first_dose_date'))} + ${scheduleOf(x)?.second_dose_after_days} días: ${x.f.date(x.value)}.`,
      en: (x) =>
        x.value === null
          ? 'No second dose is due.'
          : `First dose on ${x.f.date(x.a('first_dose_date'))} + ${scheduleOf(x)?.second_dose_after_days} days: ${x.f.date(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'second_dose_latest_date',
    entity: 'person',
    type: 'date',
    nullable: true,
    label: { es: 'Último día admitido para la segunda dosis', en: 'Latest day for the second dose' },
    reads: {
      attributes: ['first_dose_product', 'first_dose_date'],
      parameters: ['vaccination_dose_schedules'],
    },
    formula: param('vaccination_dose_schedules', (rows: Schedule[]) =>
      bySchedule(
        rows,
        (r) =>
          r.second_dose_latest_after_days === null
            ? lit.null('date')
            : addDays(attr('first_dose_date'), lit.int(r.second_dose_latest_after_days)),
        lit.null('date'),
      ),
    ),
    explain: {
      es: (x) =>
        x.value === null
          ? 'Sin último día fijado.'
          : `Hasta ${scheduleOf(x)?.second_dose_latest_after_days} días tras la primera dosis: ${x.f.date(x.value)}.`,
      en: (x) =>
        x.value === null
          ? 'No latest day set.'
          : `Up to ${scheduleOf(x)?.second_dose_latest_after_days} days after the first dose: ${x.f.date(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'second_dose_allowed_on_date',
    entity: 'person',
    type: 'bool',
    label: {
      es: 'Puede recibir la segunda dosis en la fecha',
      en: 'May receive the second dose on the date',
    },
    reads: {
      attributes: ['second_dose_date'],
      variables: [
        'vaccination_alive_on_date',
        'second_dose_required',
        'second_dose_due_date',
        'second_dose_latest_date',
      ],
    },
    formula: and(
      v('vaccination_alive_on_date'),
      v('second_dose_required'),
      isNull(attr('second_dose_date')),
      cmp(today, '>=', v('second_dose_due_date')),
      or(isNull(v('second_dose_latest_date')), cmp(today, '<=', v('second_dose_latest_date'))),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? `Sí: desde el ${x.f.date(x.v('second_dose_due_date'))}${x.v('second_dose_latest_date') ? ` hasta el ${x.f.date(x.v('second_dose_latest_date'))}` : ''}.`
          : x.a('second_dose_date') !== null
            ? `Ya recibió la segunda dosis el ${x.f.date(x.a('second_dose_date'))}.`
            : 'No en esta fecha (ver las condiciones).',
      en: (x) =>
        yes(x)
          ? `Yes: from ${x.f.date(x.v('second_dose_due_date'))}${x.v('second_dose_latest_date') ? ` until ${x.f.date(x.v('second_dose_latest_date'))}` : ''}.`
          : x.a('second_dose_date') !== null
            ? `Second dose already received on ${x.f.date(x.a('second_dose_date'))}.`
            : 'Not on this date (see the conditions).',
    },
  }),
  defineVariable({
    name: 'booster_open_to_person',
    entity: 'person',
    type: 'bool',
    label: {
      es: 'La dosis de refuerzo está habilitada para su grupo',
      en: 'The booster is open to their group',
    },
    reads: {
      attributes: ['has_comorbidity'],
      variables: ['vaccination_age_years'],
      parameters: ['vaccination_booster'],
    },
    formula: param('vaccination_booster', (b: Booster) =>
      and(
        or(
          b.general_minimum_age_years === null ? FALSE : cmp(AGE, '>=', lit.int(b.general_minimum_age_years)),
          b.comorbidity_minimum_age_years === null
            ? FALSE
            : and(attr('has_comorbidity'), cmp(AGE, '>=', lit.int(b.comorbidity_minimum_age_years))),
        ),
        b.closes_on === null ? TRUE : cmp(today, '<=', lit.date(b.closes_on)),
      ),
    ),
    explain: {
      es: (x) => {
        const b = x.p<Booster>('vaccination_booster');
        if (b.general_minimum_age_years === null && b.comorbidity_minimum_age_years === null)
          return `No hay dosis de refuerzo habilitada al ${x.f.date(x.date)}.`;
        return `Refuerzo desde los ${b.general_minimum_age_years} años (con comorbilidad, desde los ${b.comorbidity_minimum_age_years})${b.closes_on ? ` hasta el ${x.f.date(b.closes_on)}` : ''}; tiene ${x.v('vaccination_age_years')}: ${x.f.yes(x.value)}.`;
      },
      en: (x) => {
        const b = x.p<Booster>('vaccination_booster');
        if (b.general_minimum_age_years === null && b.comorbidity_minimum_age_years === null)
          return `No booster is open on ${x.f.date(x.date)}.`;
        return `Booster from age ${b.general_minimum_age_years} (with a comorbidity, from ${b.comorbidity_minimum_age_years})${b.closes_on ? ` until ${x.f.date(b.closes_on)}` : ''}; they are ${x.v('vaccination_age_years')}: ${x.f.yes(x.value)}.`;
      },
    },
  }),
  defineVariable({
    name: 'booster_primed',
    entity: 'person',
    type: 'bool',
    label: {
      es: 'Completó un esquema habilitado para refuerzo',
      en: 'Completed a primary series eligible for a booster',
    },
    reads: { attributes: ['first_dose_product', 'second_dose_date'], parameters: ['vaccination_booster'] },
    formula: param('vaccination_booster', (b: Booster) =>
      and(inSet(attr('first_dose_product'), b.primed_products), not(isNull(attr('second_dose_date')))),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? `Esquema ${x.f.term('product', x.a('first_dose_product') as string)} completo (segunda dosis el ${x.f.date(x.a('second_dose_date'))}).`
          : x.p<Booster>('vaccination_booster').primed_products.length === 0
            ? `No hay refuerzo habilitado al ${x.f.date(x.date)}.`
            : `Refuerzo solo tras dos dosis de ${x.f.anyOf(x.p<Booster>('vaccination_booster').primed_products.map((p) => x.f.term('product', p)))}.`,
      en: (x) =>
        yes(x)
          ? `${x.f.term('product', x.a('first_dose_product') as string)} series complete (second dose on ${x.f.date(x.a('second_dose_date'))}).`
          : x.p<Booster>('vaccination_booster').primed_products.length === 0
            ? `No booster is open on ${x.f.date(x.date)}.`
            : `Booster only after two doses of ${x.f.anyOf(x.p<Booster>('vaccination_booster').primed_products.map((p) => x.f.term('product', p)))}.`,
    },
  }),
  defineVariable({
    name: 'booster_earliest_date',
    entity: 'person',
    type: 'date',
    nullable: true,
    label: { es: 'Primer día para el refuerzo', en: 'First day for the booster' },
    reads: { attributes: ['second_dose_date'], parameters: ['vaccination_booster'] },
    formula: param('vaccination_booster', (b: Booster) =>
      addDays(attr('second_dose_date'), lit.int(b.weeks_after_second_dose * DAYS_PER_WEEK)),
    ),
    explain: {
      es: (x) =>
        x.value === null
          ? 'Sin segunda dosis registrada.'
          : `${x.p<Booster>('vaccination_booster').weeks_after_second_dose} semanas después de la segunda dosis: ${x.f.date(x.value)}.`,
      en: (x) =>
        x.value === null
          ? 'No second dose recorded.'
          : `${x.p<Booster>('vaccination_booster').weeks_after_second_dose} weeks after the second dose: ${x.f.date(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'booster_allowed_on_date',
    entity: 'person',
    type: 'bool',
    label: { es: 'Puede recibir el refuerzo en la fecha', en: 'May receive the booster on the date' },
    reads: {
      variables: [
        'vaccination_alive_on_date',
        'booster_open_to_person',
        'booster_primed',
        'booster_earliest_date',
      ],
    },
    formula: and(
      v('vaccination_alive_on_date'),
      v('booster_open_to_person'),
      v('booster_primed'),
      cmp(today, '>=', v('booster_earliest_date')),
    ),
    explain: {
      es: (x) => (yes(x) ? 'Sí.' : 'No en esta fecha (ver las condiciones).'),
      en: (x) => (yes(x) ? 'Yes.' : 'Not on this date (see the conditions).'),
    },
  }),
];

/**
 * The vaccination programme over the registry's persons plus facts the registry does not hold
 * (health-worker status, comorbidity, doses received), which the caller supplies.
 *
 * @example evaluate(bind(vaccination, { date: '2021-04-06' }), facts).value('vaccination_may_attend_on_date')
 */
export const vaccination = defineProgramme({
  name: 'vaccination',
  title: { es: 'Vacunación contra la COVID-19', en: 'COVID-19 vaccination' },
  root: 'person',
  entities: {
    person: {
      name: 'person',
      hasSourceLists: true,
      attributes: {
        ...PERSON_ATTRIBUTES,
        is_health_worker: { t: 'bool', label: { es: 'personal de salud', en: 'health worker' } },
        has_comorbidity: { t: 'bool', label: { es: 'con comorbilidad', en: 'has a comorbidity' } },
        first_dose_product: {
          t: 'text',
          nullable: true,
          label: { es: 'vacuna de la primera dosis', en: 'first-dose vaccine' },
        },
        first_dose_date: {
          t: 'date',
          nullable: true,
          label: { es: 'fecha de la primera dosis', en: 'first dose date' },
        },
        second_dose_date: {
          t: 'date',
          nullable: true,
          label: { es: 'fecha de la segunda dosis', en: 'second dose date' },
        },
      },
    },
  },
  parameters,
  variables,
  outputs: [
    'vaccination_may_attend_on_date',
    'vaccination_plan_age_group',
    'second_dose_allowed_on_date',
    'booster_allowed_on_date',
  ],
});

export const VACCINATION_PRODUCTS = PRODUCTS;
