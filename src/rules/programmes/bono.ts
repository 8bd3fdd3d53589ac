import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { bolivianos, isoDate, loadParameterFile } from '../../parameters/index.ts';
import {
  addDays,
  age,
  and,
  attr,
  between,
  cmp,
  type Expr,
  eq,
  iff,
  isNull,
  lit,
  member,
  not,
  or,
  param,
  today,
  v,
} from '../expr.ts';
import { defineProgramme, defineVariable, type ExplainContext } from '../variables.ts';
import { PERSON_ATTRIBUTES } from './person.ts';

/**
 * Bono Contra el Hambre (Ley 1330, DS 4392): who is eligible, for how much, and when they may
 * collect. Every value comes from parameters/bono.yaml; the formulas only say how the conditions
 * combine. Domain facts: shared/domain/bolivia-programmes.md §1.
 */

const window = z.strictObject({
  band: z.string().min(1),
  min_age_years: z.number().int().min(0),
  max_age_years: z.number().int().min(0),
  opens_on: isoDate,
  closes_on: isoDate,
});
type Window = z.output<typeof window>;
const rezagados = z.strictObject({ band: z.string().min(1), opens_on: isoDate, closes_on: isoDate });
type Rezagados = z.output<typeof rezagados>;

export const BONO_PARAMETERS = {
  bono_law_date: isoDate,
  bono_minimum_age_years: z.number().int().min(0),
  bono_age_limit_applies: z.boolean(),
  bono_age_limit_date: isoDate,
  bono_age_limit_years: z.number().int().min(1),
  bono_residence_country: z.string().regex(/^[A-Z]{2}$/),
  bono_requires_living_beneficiary: z.boolean(),
  bono_included_disability_degrees: z.array(z.enum(['leve', 'moderada', 'grave', 'muy_grave'])),
  bono_excluded_afp_contributor_types: z.array(z.enum(['dependiente', 'consultor'])),
  // A monthly period, as the AFP list writes it: the first day of the month.
  bono_afp_contribution_first_period: isoDate.refine(
    (d) => d.endsWith('-01'),
    'must be the first day of a month',
  ),
  bono_excluded_survivor_degrees: z.array(z.union([z.literal(1), z.literal(2)])),
  bono_excluded_bono_familia_roles: z.array(z.enum(['beneficiario', 'cobrador'])),
  // renta_dignidad_contributiva stays in the vocabulary (the list carries it) so that a simulation
  // may add it; the law in force excludes nobody for it (see bono.yaml).
  bono_excluded_pension_types: z.array(
    z.enum(['vejez', 'invalidez', 'muerte', 'riesgo_profesional', 'renta_dignidad_contributiva']),
  ),
  bono_amount: bolivianos,
  bono_payment_start_date: isoDate,
  bono_collection_limit_days: z.number().int().positive(),
  bono_window_age_date: isoDate,
  bono_collection_windows: z
    .array(window)
    .min(1)
    .refine((ws) => ws.every((w) => w.opens_on <= w.closes_on && w.min_age_years <= w.max_age_years), {
      message: 'each window must open before it closes and have min_age_years ≤ max_age_years',
    })
    .refine(
      (ws) =>
        ws.every((a, i) =>
          ws.every(
            (b, j) => i === j || a.max_age_years < b.min_age_years || b.max_age_years < a.min_age_years,
          ),
        ),
      { message: 'age bands must not overlap' },
    ),
  bono_rezagados_window: rezagados.refine((w) => w.opens_on <= w.closes_on, {
    message: 'the window must open before it closes',
  }),
};

const here = path.dirname(fileURLToPath(import.meta.url));
const parameters = loadParameterFile(path.join(here, '..', 'parameters', 'bono.yaml'), BONO_PARAMETERS);

/** Person facts as explanations show them. */
const yes = (x: ExplainContext) => x.value === true;

const variables = [
  defineVariable({
    name: 'bono_age_at_law_date',
    entity: 'person',
    type: 'int',
    label: { es: 'Edad a la fecha de la ley', en: 'Age on the law date' },
    reads: { attributes: ['date_of_birth'], parameters: ['bono_law_date'] },
    formula: age(
      attr('date_of_birth'),
      param('bono_law_date', (d: string) => lit.date(d)),
    ),
    explain: {
      es: (x) => `Edad cumplida al ${x.f.date(x.p('bono_law_date'))}: ${x.value} años.`,
      en: (x) => `Completed years on ${x.f.date(x.p('bono_law_date'))}: ${x.value}.`,
    },
  }),
  defineVariable({
    name: 'bono_meets_minimum_age',
    entity: 'person',
    type: 'bool',
    label: { es: 'Tiene la edad mínima', en: 'Meets the minimum age' },
    reads: { variables: ['bono_age_at_law_date'], parameters: ['bono_minimum_age_years', 'bono_law_date'] },
    formula: cmp(
      v('bono_age_at_law_date'),
      '>=',
      param('bono_minimum_age_years', (n: number) => lit.int(n)),
    ),
    explain: {
      es: (x) =>
        `Tenía ${x.v('bono_age_at_law_date')} años al ${x.f.date(x.p('bono_law_date'))}; se exige tener ${x.p('bono_minimum_age_years')} años o más${yes(x) ? '' : ' (no cumple)'}.`,
      en: (x) =>
        `Aged ${x.v('bono_age_at_law_date')} on ${x.f.date(x.p('bono_law_date'))}; the law requires ${x.p('bono_minimum_age_years')} or over${yes(x) ? '' : ' (not met)'}.`,
    },
  }),
  defineVariable({
    name: 'bono_age_at_limit_date',
    entity: 'person',
    type: 'int',
    label: { es: 'Edad a la fecha del límite superior', en: 'Age on the upper-limit date' },
    reads: { attributes: ['date_of_birth'], parameters: ['bono_age_limit_date'] },
    formula: age(
      attr('date_of_birth'),
      param('bono_age_limit_date', (d: string) => lit.date(d)),
    ),
    explain: {
      es: (x) => `Edad cumplida al ${x.f.date(x.p('bono_age_limit_date'))}: ${x.value} años.`,
      en: (x) => `Completed years on ${x.f.date(x.p('bono_age_limit_date'))}: ${x.value}.`,
    },
  }),
  defineVariable({
    name: 'bono_under_age_limit',
    entity: 'person',
    type: 'bool',
    label: { es: 'Es menor que el límite superior de edad', en: 'Under the upper age limit' },
    reads: {
      variables: ['bono_age_at_limit_date'],
      parameters: ['bono_age_limit_applies', 'bono_age_limit_years', 'bono_age_limit_date'],
    },
    formula: param('bono_age_limit_applies', (applies: boolean) =>
      applies
        ? cmp(
            v('bono_age_at_limit_date'),
            '<',
            param('bono_age_limit_years', (n: number) => lit.int(n)),
          )
        : lit.bool(true),
    ),
    explain: {
      es: (x) =>
        x.p('bono_age_limit_applies')
          ? `Tenía ${x.v('bono_age_at_limit_date')} años al ${x.f.date(x.p('bono_age_limit_date'))}; se exige ser menor de ${x.p('bono_age_limit_years')}${yes(x) ? '' : ' (no cumple)'}.`
          : 'El límite superior de edad no se aplica en esta fecha.',
      en: (x) =>
        x.p('bono_age_limit_applies')
          ? `Aged ${x.v('bono_age_at_limit_date')} on ${x.f.date(x.p('bono_age_limit_date'))}; must be under ${x.p('bono_age_limit_years')}${yes(x) ? '' : ' (not met)'}.`
          : 'The upper age limit does not apply on this date.',
    },
  }),
  defineVariable({
    name: 'bono_resides_in_bolivia',
    entity: 'person',
    type: 'bool',
    label: { es: 'Reside en Bolivia', en: 'Resides in Bolivia' },
    reads: { attributes: ['residence_country'], parameters: ['bono_residence_country'] },
    formula: eq(
      attr('residence_country'),
      param('bono_residence_country', (c: string) => lit.text(c)),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? 'El registro indica residencia en Bolivia.'
          : `El registro indica residencia fuera de Bolivia (${x.a('residence_country')}); el bono es para quienes residen en el país.`,
      en: (x) =>
        yes(x)
          ? 'The registry records residence in Bolivia.'
          : `The registry records residence outside Bolivia (${x.a('residence_country')}); the bono is for residents.`,
    },
  }),
  defineVariable({
    name: 'bono_alive_on_date',
    entity: 'person',
    type: 'bool',
    label: { es: 'Con vida en la fecha', en: 'Alive on the date' },
    reads: { attributes: ['date_of_death'], parameters: ['bono_requires_living_beneficiary'] },
    formula: param('bono_requires_living_beneficiary', (required: boolean) =>
      required ? or(isNull(attr('date_of_death')), cmp(attr('date_of_death'), '>', today)) : lit.bool(true),
    ),
    // Ley 1330 and DS 4392 say nothing of deceased persons: the explanation says whose rule this is,
    // so that nobody reads it as the decree's (bono.yaml gives the reasoning).
    explain: {
      es: (x) => {
        if (!x.p('bono_requires_living_beneficiary'))
          return 'La regla administrativa de ayni que exige estar con vida no se aplica en esta fecha.';
        const rule = 'regla administrativa de ayni, no de DS 4392';
        const death = x.a('date_of_death');
        if (death === null) return `No hay fecha de defunción registrada (${rule}).`;
        return yes(x)
          ? `Falleció el ${x.f.date(death)}, después de la fecha evaluada (${rule}).`
          : `Falleció el ${x.f.date(death)}, en o antes de la fecha evaluada (${x.f.date(x.date)}): por una ${rule}, el bono no se paga a una persona fallecida.`;
      },
      en: (x) => {
        if (!x.p('bono_requires_living_beneficiary'))
          return 'ayni’s administrative rule requiring the person to be alive does not apply on this date.';
        const rule = 'an administrative rule of ayni, not of DS 4392';
        const death = x.a('date_of_death');
        if (death === null) return `No date of death is recorded (${rule}).`;
        return yes(x)
          ? `Died on ${x.f.date(death)}, after the date evaluated (${rule}).`
          : `Died on ${x.f.date(death)}, on or before the date evaluated (${x.f.date(x.date)}): by ${rule}, the bono is not paid to a person who has died.`;
      },
    },
  }),
  // Included groups (DS 4392): at least one is required.
  membership('bono_in_bono_universal', 'bono-universal', {
    es: 'Beneficiario del Bono Universal (2020)',
    en: 'Bono Universal (2020) beneficiary',
  }),
  membership('bono_in_juana_azurduy', 'juana-azurduy', {
    es: 'Madre beneficiaria del Bono Juana Azurduy',
    en: 'Mother receiving the Bono Juana Azurduy',
  }),
  defineVariable({
    name: 'bono_in_disability_group',
    entity: 'person',
    type: 'bool',
    label: {
      es: 'Persona con discapacidad del grado incluido (SIPRUNPCD)',
      en: 'Person with a disability of an included degree (SIPRUNPCD)',
    },
    reads: { lists: ['disability'], parameters: ['bono_included_disability_degrees'] },
    formula: param('bono_included_disability_degrees', (degrees: string[]) =>
      member('disability', 'degree', degrees),
    ),
    explain: {
      es: (x) =>
        `${yes(x) ? 'Sí figura' : 'No figura'} en el registro SIPRUNPCD con un grado incluido (${x.f.anyOf(x.p<string[]>('bono_included_disability_degrees').map((d) => x.f.term('degree', d)))}).`,
      en: (x) =>
        `${yes(x) ? 'Is' : 'Is not'} on the SIPRUNPCD registry with an included degree (${x.f.anyOf(x.p<string[]>('bono_included_disability_degrees').map((d) => x.f.term('degree', d)))}).`,
    },
  }),
  membership('bono_in_ibc_registry', 'ibc-blind', {
    es: 'Registrado en el Instituto Boliviano de la Ceguera (Bono de Indigencia)',
    en: 'Registered with the Bolivian Institute for the Blind (Bono de Indigencia)',
  }),
  membership('bono_in_sip_independent', 'sip-independent', {
    es: 'Asegurado independiente del SIP',
    en: 'Independent insured person in the SIP',
  }),
  defineVariable({
    name: 'bono_in_included_group',
    entity: 'person',
    type: 'bool',
    label: { es: 'Pertenece a un grupo beneficiario', en: 'Belongs to an included group' },
    reads: {
      variables: [
        'bono_in_bono_universal',
        'bono_in_juana_azurduy',
        'bono_in_disability_group',
        'bono_in_ibc_registry',
        'bono_in_sip_independent',
      ],
    },
    formula: or(
      v('bono_in_bono_universal'),
      v('bono_in_juana_azurduy'),
      v('bono_in_disability_group'),
      v('bono_in_ibc_registry'),
      v('bono_in_sip_independent'),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? 'Pertenece al menos a uno de los grupos beneficiarios.'
          : 'No figura en ninguna de las listas de grupos beneficiarios (Bono Universal, Juana Azurduy, discapacidad, IBC, asegurados independientes del SIP).',
      en: (x) =>
        yes(x)
          ? 'Belongs to at least one included group.'
          : 'Is on none of the included groups’ lists (Bono Universal, Juana Azurduy, disability, IBC, SIP independent insured).',
    },
  }),
  // Exclusions (DS 4392 and the Ministry's criteria): any one excludes.
  defineVariable({
    name: 'bono_excluded_afp_contributor',
    entity: 'person',
    type: 'bool',
    label: {
      es: 'Asegurado dependiente o consultor con aportes en una AFP',
      en: 'Dependent insured person or consultant with AFP contributions',
    },
    reads: {
      lists: ['afp-dependent'],
      parameters: ['bono_excluded_afp_contributor_types', 'bono_afp_contribution_first_period'],
    },
    // Being on the AFP list is not enough: the last contribution must be for a period recent
    // enough to mean a salary at the law date (bono.yaml); an older one is a job that had ended.
    formula: param('bono_excluded_afp_contributor_types', (types: string[]) =>
      param('bono_afp_contribution_first_period', (from: string) =>
        member('afp-dependent', 'contributor_type', types, { column: 'last_contribution_period', from }),
      ),
    ),
    explain: {
      es: (x) =>
        `${x.value ? 'Figura' : 'No figura'} en la lista vigente «${x.f.listTitle('afp-dependent')}» como ${x.f.anyOf(x.p<string[]>('bono_excluded_afp_contributor_types').map((t) => x.f.term('contributor_type', t)))}, con último aporte en el periodo de ${x.f.month(x.p('bono_afp_contribution_first_period'))} o posterior${x.value ? ': queda excluido' : ''}.`,
      en: (x) =>
        `${x.value ? 'Is' : 'Is not'} on the list in force "${x.f.listTitle('afp-dependent')}" as a ${x.f.anyOf(x.p<string[]>('bono_excluded_afp_contributor_types').map((t) => x.f.term('contributor_type', t)))}, with a last contribution for the period of ${x.f.month(x.p('bono_afp_contribution_first_period'))} or later${x.value ? ': excluded' : ''}.`,
    },
  }),
  filteredMembership(
    'bono_excluded_death_pension_survivor',
    'death-pension-survivors',
    'survivor_degree',
    'bono_excluded_survivor_degrees',
    {
      es: 'Derechohabiente de pensión por muerte',
      en: 'Death-pension survivor',
    },
  ),
  filteredMembership(
    'bono_excluded_bono_familia',
    'bono-familia',
    'role',
    'bono_excluded_bono_familia_roles',
    {
      es: 'Beneficiario o cobrador del Bono Familia',
      en: 'Bono Familia beneficiary or collector',
    },
  ),
  filteredMembership(
    'bono_excluded_pension_recipient',
    'pension-recipients',
    'pension_type',
    'bono_excluded_pension_types',
    {
      es: 'Perceptor de una renta de la seguridad social de largo plazo',
      en: 'Recipient of a long-term social security pension',
    },
  ),
  defineVariable({
    name: 'bono_excluded',
    entity: 'person',
    type: 'bool',
    label: { es: 'Está excluido', en: 'Is excluded' },
    reads: {
      variables: [
        'bono_excluded_afp_contributor',
        'bono_excluded_death_pension_survivor',
        'bono_excluded_bono_familia',
        'bono_excluded_pension_recipient',
      ],
    },
    formula: or(
      v('bono_excluded_afp_contributor'),
      v('bono_excluded_death_pension_survivor'),
      v('bono_excluded_bono_familia'),
      v('bono_excluded_pension_recipient'),
    ),
    explain: {
      es: (x) =>
        yes(x) ? 'Figura en al menos una lista de exclusión.' : 'No figura en ninguna lista de exclusión.',
      en: (x) => (yes(x) ? 'Is on at least one exclusion list.' : 'Is on no exclusion list.'),
    },
  }),
  defineVariable({
    name: 'bono_eligible',
    entity: 'person',
    type: 'bool',
    label: { es: 'Tiene derecho al Bono Contra el Hambre', en: 'Eligible for the Bono Contra el Hambre' },
    reads: {
      variables: [
        'bono_resides_in_bolivia',
        'bono_meets_minimum_age',
        'bono_under_age_limit',
        'bono_alive_on_date',
        'bono_in_included_group',
        'bono_excluded',
      ],
    },
    formula: and(
      v('bono_resides_in_bolivia'),
      v('bono_meets_minimum_age'),
      v('bono_under_age_limit'),
      v('bono_alive_on_date'),
      v('bono_in_included_group'),
      not(v('bono_excluded')),
    ),
    explain: {
      es: (x) =>
        yes(x)
          ? 'Cumple todas las condiciones y no está excluido.'
          : 'No tiene derecho: al menos una condición no se cumple o está excluido (ver abajo).',
      en: (x) =>
        yes(x)
          ? 'Meets every condition and is not excluded.'
          : 'Not eligible: at least one condition is not met, or an exclusion applies (see below).',
    },
  }),
  defineVariable({
    name: 'bono_amount_centavos',
    entity: 'person',
    type: 'money',
    label: { es: 'Monto del bono', en: 'Amount of the bono' },
    reads: { variables: ['bono_eligible'], parameters: ['bono_amount'] },
    formula: iff(
      v('bono_eligible'),
      param('bono_amount', (c: bigint) => lit.money(c)),
      lit.money(0n),
    ),
    explain: {
      es: (x) => `${x.f.money(x.value)}, por única vez${x.v('bono_eligible') ? '' : ' (sin derecho)'}.`,
      en: (x) => `${x.f.money(x.value)}, paid once${x.v('bono_eligible') ? '' : ' (not eligible)'}.`,
    },
  }),
  defineVariable({
    name: 'bono_age_for_window',
    entity: 'person',
    type: 'int',
    label: { es: 'Edad para la ventana de cobro', en: 'Age for the collection window' },
    reads: { attributes: ['date_of_birth'], parameters: ['bono_window_age_date'] },
    formula: age(
      attr('date_of_birth'),
      param('bono_window_age_date', (d: string) => lit.date(d)),
    ),
    explain: {
      es: (x) => `Edad cumplida al ${x.f.date(x.p('bono_window_age_date'))}: ${x.value} años.`,
      en: (x) => `Completed years on ${x.f.date(x.p('bono_window_age_date'))}: ${x.value}.`,
    },
  }),
  windowVariable('bono_collection_window', 'band', 'text', {
    es: 'Ventana de cobro (grupo de edad)',
    en: 'Collection window (age band)',
  }),
  windowVariable('bono_collection_window_opens_on', 'opens_on', 'date', {
    es: 'Primer día de su ventana de cobro',
    en: 'First day of the collection window',
  }),
  windowVariable('bono_collection_window_closes_on', 'closes_on', 'date', {
    es: 'Último día de su ventana de cobro',
    en: 'Last day of the collection window',
  }),
  defineVariable({
    name: 'bono_payment_deadline',
    entity: 'person',
    type: 'date',
    label: { es: 'Último día del plazo legal de cobro', en: 'Last day of the legal collection period' },
    reads: { parameters: ['bono_payment_start_date', 'bono_collection_limit_days'] },
    formula: addDays(
      param('bono_payment_start_date', (d: string) => lit.date(d)),
      param('bono_collection_limit_days', (n: number) => lit.int(n)),
    ),
    explain: {
      es: (x) =>
        `El pago comenzó el ${x.f.date(x.p('bono_payment_start_date'))} y el bono puede cobrarse hasta ${x.p('bono_collection_limit_days')} días calendario después: hasta el ${x.f.date(x.value)}.`,
      en: (x) =>
        `Payment started on ${x.f.date(x.p('bono_payment_start_date'))} and the bono may be collected up to ${x.p('bono_collection_limit_days')} calendar days later: until ${x.f.date(x.value)}.`,
    },
  }),
  defineVariable({
    name: 'bono_collectable_on_date',
    entity: 'person',
    type: 'bool',
    label: { es: 'Puede cobrar en la fecha', en: 'May collect on the date' },
    reads: {
      variables: [
        'bono_eligible',
        'bono_collection_window_opens_on',
        'bono_collection_window_closes_on',
        'bono_payment_deadline',
      ],
      parameters: ['bono_payment_start_date', 'bono_rezagados_window'],
    },
    formula: and(
      v('bono_eligible'),
      cmp(
        today,
        '>=',
        param('bono_payment_start_date', (d: string) => lit.date(d)),
      ),
      cmp(today, '<=', v('bono_payment_deadline')),
      or(
        between(today, v('bono_collection_window_opens_on'), v('bono_collection_window_closes_on')),
        param('bono_rezagados_window', (w: Rezagados) =>
          between(today, lit.date(w.opens_on), lit.date(w.closes_on)),
        ),
      ),
    ),
    explain: {
      es: (x) => {
        if (!x.v('bono_eligible')) return 'No puede cobrar porque no tiene derecho al bono.';
        const d = x.f.date(x.date);
        if (yes(x))
          return `El ${d} está dentro de su ventana de cobro o de la de rezagados, y dentro del plazo legal.`;
        if (x.date > (x.v('bono_payment_deadline') as string))
          return `El ${d} es posterior al último día del plazo legal (${x.f.date(x.v('bono_payment_deadline'))}).`;
        return `El ${d} no está en su ventana (${x.f.date(x.v('bono_collection_window_opens_on'))} a ${x.f.date(x.v('bono_collection_window_closes_on'))}) ni en la de rezagados (${x.f.date(x.p<Rezagados>('bono_rezagados_window').opens_on)} a ${x.f.date(x.p<Rezagados>('bono_rezagados_window').closes_on)}).`;
      },
      en: (x) => {
        if (!x.v('bono_eligible')) return 'May not collect: not eligible for the bono.';
        const d = x.f.date(x.date);
        if (yes(x))
          return `${d} is within the person’s window or the late collectors’ window, and within the legal period.`;
        if (x.date > (x.v('bono_payment_deadline') as string))
          return `${d} is after the last day of the legal period (${x.f.date(x.v('bono_payment_deadline'))}).`;
        return `${d} is neither in the person’s window (${x.f.date(x.v('bono_collection_window_opens_on'))} to ${x.f.date(x.v('bono_collection_window_closes_on'))}) nor in the late collectors’ window (${x.f.date(x.p<Rezagados>('bono_rezagados_window').opens_on)} to ${x.f.date(x.p<Rezagados>('bono_rezagados_window').closes_on)}).`;
      },
    },
  }),
];

/** A group the person belongs to by being on a source list in force. */
function membership(name: string, list: string, label: { es: string; en: string }) {
  return defineVariable({
    name,
    entity: 'person',
    type: 'bool',
    label,
    reads: { lists: [list] },
    formula: member(list),
    explain: {
      es: (x) => `${x.value ? 'Figura' : 'No figura'} en la lista vigente «${x.f.listTitle(list)}».`,
      en: (x) => `${x.value ? 'Is' : 'Is not'} on the list in force "${x.f.listTitle(list)}".`,
    },
  });
}

/** An exclusion: on a source list in force with one of the values a parameter names. */
function filteredMembership(
  name: string,
  list: string,
  column: string,
  parameter: keyof typeof BONO_PARAMETERS & string,
  label: { es: string; en: string },
) {
  return defineVariable({
    name,
    entity: 'person',
    type: 'bool',
    label,
    reads: { lists: [list], parameters: [parameter] },
    formula: param(parameter, (values: (string | number)[]) => member(list, column, values)),
    explain: {
      es: (x) =>
        `${x.value ? 'Figura' : 'No figura'} en la lista vigente «${x.f.listTitle(list)}» como ${x.f.anyOf(x.p<(string | number)[]>(parameter).map((c) => x.f.term(column, c)))}${x.value ? ': queda excluido' : ''}.`,
      en: (x) =>
        `${x.value ? 'Is' : 'Is not'} on the list in force "${x.f.listTitle(list)}" as ${x.f.anyOf(x.p<(string | number)[]>(parameter).map((c) => x.f.term(column, c)))}${x.value ? ': excluded' : ''}.`,
    },
  });
}

/**
 * A field of the person's collection window: the age band's when the person is in one, the
 * rezagados window otherwise; none when not eligible.
 */
function windowVariable(
  name: string,
  field: 'band' | 'opens_on' | 'closes_on',
  type: 'text' | 'date',
  label: { es: string; en: string },
) {
  const value = (w: { band: string; opens_on: string; closes_on: string }) =>
    type === 'text' ? lit.text(w[field]) : lit.date(w[field]);
  return defineVariable({
    name,
    entity: 'person',
    type,
    nullable: true,
    label,
    reads: {
      variables: ['bono_eligible', 'bono_age_for_window'],
      parameters: ['bono_collection_windows', 'bono_rezagados_window', 'bono_window_age_date'],
    },
    formula: iff(
      v('bono_eligible'),
      param('bono_collection_windows', (windows: Window[]) =>
        param('bono_rezagados_window', (r: Rezagados) =>
          windows.reduceRight<Expr>(
            (otherwise, w) =>
              iff(
                and(
                  cmp(v('bono_age_for_window'), '>=', lit.int(w.min_age_years)),
                  cmp(v('bono_age_for_window'), '<=', lit.int(w.max_age_years)),
                ),
                value(w),
                otherwise,
              ),
            value(r),
          ),
        ),
      ),
      lit.null(type),
    ),
    explain: {
      es: (x) => {
        if (!x.v('bono_eligible')) return 'Sin ventana de cobro: no tiene derecho al bono.';
        const band = bandOf(x);
        return band
          ? `Tenía ${x.v('bono_age_for_window')} años al ${x.f.date(x.p('bono_window_age_date'))}: grupo ${x.f.term('band', band.band)}, del ${x.f.date(band.opens_on)} al ${x.f.date(band.closes_on)}.`
          : `Ningún grupo de edad corresponde a ${x.v('bono_age_for_window')} años: cobra como rezagado.`;
      },
      en: (x) => {
        if (!x.v('bono_eligible')) return 'No collection window: not eligible.';
        const band = bandOf(x);
        return band
          ? `Aged ${x.v('bono_age_for_window')} on ${x.f.date(x.p('bono_window_age_date'))}: band ${x.f.term('band', band.band)}, from ${x.f.date(band.opens_on)} to ${x.f.date(band.closes_on)}.`
          : `No age band for age ${x.v('bono_age_for_window')}: collects in the late collectors’ window.`;
      },
    },
  });
}

function bandOf(x: ExplainContext): Window | undefined {
  const a = x.v('bono_age_for_window') as number;
  return x.p<Window[]>('bono_collection_windows').find((w) => a >= w.min_age_years && a <= w.max_age_years);
}

/**
 * The Bono Contra el Hambre programme.
 *
 * @example evaluate(bind(bono, { date: '2021-01-05' }), facts).value('bono_eligible')
 */
export const bono = defineProgramme({
  name: 'bono',
  title: { es: 'Bono Contra el Hambre', en: 'Bono Contra el Hambre (Bono Against Hunger)' },
  root: 'person',
  entities: { person: { name: 'person', attributes: PERSON_ATTRIBUTES, hasSourceLists: true } },
  parameters,
  variables,
  outputs: [
    'bono_eligible',
    'bono_amount_centavos',
    'bono_collection_window',
    'bono_collection_window_opens_on',
    'bono_collection_window_closes_on',
    'bono_collectable_on_date',
  ],
});

/** Outputs the SQL and in-memory back ends must agree on (the agreement property test). */
export const BONO_AGREEMENT_OUTPUTS = [
  'bono_age_at_law_date',
  'bono_eligible',
  'bono_amount_centavos',
  'bono_collection_window',
  'bono_collection_window_opens_on',
  'bono_collection_window_closes_on',
  'bono_payment_deadline',
  'bono_collectable_on_date',
] as const;
