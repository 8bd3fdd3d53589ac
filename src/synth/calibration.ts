import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The calibration targets of the synthetic country, read from `calibration.yaml` beside this file
 * and checked with a schema, so a typo in the YAML fails loudly at start-up instead of skewing a
 * population of millions.
 */

const Share = z.number().min(0).max(1);
const Weight = z.number().min(0);
/** Age ranges "lo-hi" (inclusive, years on asOf) mapped to relative weights. */
const AgeWeights = z.record(z.string().regex(/^\d{1,3}-\d{1,3}$/), Weight);
const SexWeights = z.object({ M: Weight, F: Weight });
const Mix = z.record(z.string(), Weight);
const Source = z.string().min(10);

const ListShape = z.object({
  size: z.number().int().min(0),
  source: Source,
  age_weights: AgeWeights,
  sex_weights: SexWeights.optional(),
  abroad_factor: Weight.optional(),
});

const CalibrationSchema = z.object({
  reference_population: z.object({ value: z.number().int().positive(), source: Source }),
  departments: z.object({
    source: Source,
    population: z.record(
      z.string().regex(/^[1-9]$/),
      z.object({ name: z.string(), value: z.number().positive() }),
    ),
  }),
  age_bands: z.object({
    source: Source,
    note: z.string(),
    bands: z
      .array(
        z.object({ label: z.string(), min_age: z.number().int(), max_age: z.number().int(), share: Share }),
      )
      .min(1),
    over_60_taper_exponent: z.object({ value: z.number().min(0), source: Source }),
  }),
  sex: z.object({ men: Share, women: Share, source: Source }),
  municipalities: z.object({
    source: Source,
    note: z.string(),
    major_cities: z.record(z.string().regex(/^0[1-9]\d{4}$/), Share),
    province_capital_weight: Weight,
    other_weight: Weight,
  }),
  identity: z.object({
    ci_number_digits: z.object({ source: Source, shares: z.record(z.string().regex(/^[5-8]$/), Share) }),
    shared_ci_number_share: z.object({ value: Share, source: Source, note: z.string() }),
    expedition: z.object({
      source: Source,
      own_department: Share,
      other_department: Share,
      empty: Share,
      beni_pando_alias: Share,
    }),
  }),
  deceased: z.object({
    share: Share,
    source: Source,
    age_weights: AgeWeights,
    window_years: z.number().positive(),
  }),
  residence_abroad: z.object({
    share_of_adults: Share,
    source: Source,
    countries: z.record(z.string().regex(/^[A-Z]{2}$/), Weight),
  }),
  source_lists: z.object({
    'bono-universal': z.object({
      size: z.number().int().min(0),
      source: Source,
      list_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      list_date_source: Source,
      min_age: z.number().int(),
      max_age: z.number().int(),
      age_source: Source,
      excluded_leak: Share,
      abroad_factor: Weight,
      leak_source: Source,
      outcome: z.string(),
    }),
    'juana-azurduy': ListShape.extend({ age_source: Source }),
    disability: ListShape.extend({ note: z.string(), degrees: Mix, types: Mix, mix_source: Source }),
    'ibc-blind': ListShape.extend({ also_in_disability: Share, also_source: Source }),
    'sip-independent': ListShape.extend({ note: z.string() }),
    'afp-dependent': ListShape.extend({
      contributor_types: Mix,
      public_sector_share: Share,
      recent_months: z.number().int().min(1).max(24),
      recent_share: Share,
      older_from: z.string().regex(/^\d{4}-\d{2}$/),
      mix_source: Source,
    }),
    'death-pension-survivors': ListShape.extend({
      second_degree_share: Share,
      also_pension_recipient: Share,
      mix_source: Source,
    }),
    'pension-recipients': ListShape.extend({ types_60_plus: Mix, types_under_60: Mix, mix_source: Source }),
    'bono-familia': z.object({
      source: Source,
      beneficiaries: ListShape.omit({ source: true }).extend({ source: Source }),
      collectors: ListShape.omit({ source: true }).extend({ source: Source }),
    }),
    'bank-accounts': z.object({
      share_of_adults: Share,
      source: Source,
      age_weights: AgeWeights,
      abroad_factor: Weight,
      afp_factor: Weight,
      account_number_digits: z.object({ min: z.number().int().min(6), max: z.number().int().max(15) }),
      banks: z.record(z.string().regex(/^[A-Z]{4}BO[A-Z0-9]{2}$/), Weight),
    }),
  }),
  messy: z.object({
    source: Source,
    persons_row_share: Share,
    list_row_share: Share,
    person_errors: z.object({
      name_with_digits: Weight,
      day_month_swapped: Weight,
      empty_ci: Weight,
      ci_with_letters: Weight,
      wrong_field_count: Weight,
      unknown_municipality: Weight,
      sex_x: Weight,
      death_before_birth: Weight,
      duplicate_line: Weight,
      latin1_line: Weight,
      unterminated_quote: Weight,
    }),
    list_errors: z.object({
      unknown_person: Weight,
      duplicate_line: Weight,
      empty_ci: Weight,
      ci_with_letters: Weight,
      impossible_date: Weight,
      wrong_field_count: Weight,
      bad_list_value: Weight,
      unterminated_quote: Weight,
    }),
  }),
});

export type Calibration = z.infer<typeof CalibrationSchema>;
export type AgeWeightMap = z.infer<typeof AgeWeights>;

let cached: Calibration | undefined;

/**
 * Reads and validates `calibration.yaml` (once per process).
 *
 * @example loadCalibration().reference_population.value // 11842000
 */
export function loadCalibration(): Calibration {
  if (cached) return cached;
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'calibration.yaml');
  cached = CalibrationSchema.parse(parse(readFileSync(file, 'utf8')));
  return cached;
}

/**
 * The weight an age-range map gives to one age (first matching range; 0 when none matches).
 *
 * @example ageWeight({ '18-24': 0.5, '25-60': 1 }, 30) // 1
 */
export function ageWeight(weights: AgeWeightMap, age: number): number {
  for (const [range, w] of Object.entries(weights)) {
    const dash = range.indexOf('-');
    if (age >= Number(range.slice(0, dash)) && age <= Number(range.slice(dash + 1))) return w;
  }
  return 0;
}
