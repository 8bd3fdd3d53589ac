import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { Centavos } from '../shared/money.ts';
import type { ParameterFailure } from './parameters.failures.ts';

/**
 * Dated parameters in the OpenFisca style: every legal amount, threshold, date and table is a
 * value keyed by the ISO date it takes effect, with the legal reference it comes from. A change
 * in the law adds a dated value; it never edits one. The loader answers "value in force on a date".
 *
 * A parameter file is YAML, one key per parameter:
 *
 * ```yaml
 * bono_minimum_age_years:
 *   description: Minimum age on the day Ley 1330 was promulgated.
 *   values:
 *     "2020-09-16":
 *       value: 18
 *       reference: { instrument: Ley 1330, article: Art. 1, url: "https://…" }
 *       note: "optional; says UNCONFIRMED when the domain file does"
 * ```
 *
 * `reference` and `note` may also sit on the parameter itself, where they apply to every value
 * that has none of its own (the older registry file `identity.yaml` does that). Every value ends
 * up with at least one reference, or the file is refused.
 *
 * This module imports only src/shared, so that any domain can read its dated parameters: the rules
 * engine's programmes, the registry's identity rules, the bono's operations.
 */

/*
 * A parameter file or value that cannot be used is a `ParameterFailure` value
 * (./parameters.failures.ts), returned, never thrown:
 *
 * - `parameter_not_in_force`: a value asked for on a date before the parameter's first dated value;
 * - `parameter_file_invalid`: bad YAML, a missing or unknown parameter, a value without reference;
 * - `unknown_parameter`, `invalid_parameter_override`: an override that names no parameter, or
 *   whose value breaks the parameter's schema.
 *
 * The files that ship with ayni are read when their module loads (`loadParameterFile`): their
 * tests load them, so a failure there is a defect of the build and stops ayni at start-up.
 */

/** Where a value comes from: the legal instrument, its article and the address it was read at. */
export interface Reference {
  instrument?: string;
  article?: string;
  url?: string;
  /** Free text when the reference is not an instrument (e.g. "ayni data-quality rule, not law"). */
  text?: string;
}

/** One value of a parameter and the date from which it is in force. */
export interface DatedValue<T> {
  effectiveFrom: IsoDate;
  value: T;
  /** The value as written in the file ("1.4%", 30000000), for people to read. */
  raw: unknown;
  references: readonly Reference[];
  note?: string;
}

export interface Parameter<T> {
  name: string;
  description: string;
  descriptionEs?: string;
  /** Dated values, oldest first. */
  values: readonly DatedValue<T>[];
}

/** The schema of each parameter's value, by parameter name. */
export type ParameterSpec = Record<string, z.ZodType>;
export type ValueOf<S extends ParameterSpec, K extends keyof S> = z.output<S[K]>;

const ReferenceObject = z.strictObject({
  instrument: z.string().min(1),
  article: z.string().min(1).optional(),
  url: z.string().url().optional(),
  text: z.string().min(1).optional(),
});
const ReferenceInput = z.union([
  z.string().min(1),
  ReferenceObject,
  z.array(z.union([z.string().min(1), ReferenceObject])).min(1),
]);

const DatedValueInput = z.strictObject({
  value: z.unknown(),
  reference: ReferenceInput.optional(),
  note: z.string().min(1).optional(),
});

const ParameterInput = z.strictObject({
  description: z.string().min(1),
  description_es: z.string().min(1).optional(),
  unit: z.string().min(1).optional(),
  reference: ReferenceInput.optional(),
  note: z.string().min(1).optional(),
  values: z.record(z.string(), DatedValueInput),
});

function toReferences(input: z.output<typeof ReferenceInput>): Reference[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((r) => (typeof r === 'string' ? { text: r } : { ...r }));
}

/** The untyped view of a parameter set that the engine works with. */
export interface ParameterSource {
  readonly source: string;
  names(): string[];
  definition(name: string): Parameter<unknown>;
  at(name: string, on: IsoDate): Result<DatedValue<unknown>, ParameterFailure>;
  withOverrides(overrides: Readonly<Record<string, unknown>>): Result<ParameterSource, ParameterFailure>;
}

/**
 * The parameters of one file, validated against their value schemas.
 *
 * @example
 *   const params = loadParameterFile('bono.yaml', { bono_minimum_age_years: z.number().int() });
 *   params.value('bono_minimum_age_years', '2020-12-01') // 18
 *   params.at('bono_minimum_age_years', '2020-01-01') // { ok: false, error: { code: 'parameter_not_in_force', … } }
 */
export class ParameterSet<S extends ParameterSpec> {
  readonly #byName: ReadonlyMap<string, Parameter<unknown>>;

  constructor(
    readonly source: string,
    readonly spec: S,
    parameters: readonly Parameter<unknown>[],
  ) {
    this.#byName = new Map(parameters.map((p) => [p.name, p]));
  }

  /** Parameter names in file order. */
  names(): (keyof S & string)[] {
    return [...this.#byName.keys()] as (keyof S & string)[];
  }

  definition<K extends keyof S & string>(name: K): Parameter<ValueOf<S, K>> {
    const p = this.#byName.get(name);
    if (!p) throw new Error(`${this.source} has no parameter ${name}`);
    return p as Parameter<ValueOf<S, K>>;
  }

  /**
   * The value in force on `on` (the latest that took effect on or before it) with its reference,
   * or `parameter_not_in_force` when the parameter has no value yet on that date.
   *
   * @example params.at('bono_minimum_age_years', '2021-01-05') // { ok: true, value: { references: [{ instrument: 'Ley 1330', … }], … } }
   */
  at<K extends keyof S & string>(name: K, on: IsoDate): Result<DatedValue<ValueOf<S, K>>, ParameterFailure> {
    const p = this.definition(name);
    let found: DatedValue<ValueOf<S, K>> | undefined;
    for (const v of p.values) {
      if (v.effectiveFrom <= on) found = v;
      else break;
    }
    if (!found) {
      return fail({
        code: 'parameter_not_in_force',
        parameter: name,
        source: this.source,
        on,
        firstEffective: p.values[0]!.effectiveFrom,
      });
    }
    return ok(found);
  }

  /**
   * The value in force on a date the caller knows the law to be in force (the registry's identity
   * rules, the bono's operations, both read from their first day): a date before the first value
   * is the caller's bug, and throws. A date that comes from outside goes through `at`.
   *
   * @example params.value('bono_minimum_age_years', '2021-01-05') // 18
   */
  value<K extends keyof S & string>(name: K, on: IsoDate): ValueOf<S, K> {
    const at = this.at(name, on);
    if (!at.ok) {
      throw new Error(
        `Parameter ${name} (${this.source}) has no value in force on ${on}: its first value takes effect on ${this.definition(name).values[0]?.effectiveFrom}.`,
      );
    }
    return at.value.value;
  }

  /**
   * A copy in which the named parameters have one value at every date (a simulation or a legal
   * test of an UNCONFIRMED alternative). Each override is validated against the parameter's
   * schema and carries a reference saying it is an override; the first that names no parameter
   * or breaks its schema is the failure.
   *
   * @example params.withOverrides({ bono_age_limit_applies: false }) // { ok: true, value: ParameterSet }
   */
  withOverrides(overrides: Readonly<Record<string, unknown>>): Result<ParameterSet<S>, ParameterFailure> {
    const replaced = new Map(this.#byName);
    for (const [name, raw] of Object.entries(overrides)) {
      const p = this.#byName.get(name);
      const schema = this.spec[name];
      if (!p || !schema) {
        return fail({
          code: 'unknown_parameter',
          parameter: name,
          source: this.source,
          parameters: [...this.#byName.keys()],
        });
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return fail({
          code: 'invalid_parameter_override',
          parameter: name,
          issues: formatIssues(parsed.error),
        });
      }
      replaced.set(name, {
        ...p,
        values: [
          {
            effectiveFrom: EARLIEST_DATE,
            value: parsed.data,
            raw,
            references: [{ text: 'override (simulation or legal test), not the law in force' }],
            note: 'Overridden value.',
          },
        ],
      });
    }
    return ok(new ParameterSet(this.source, this.spec, [...replaced.values()]));
  }
}

/** Overrides take effect from the first representable day, so they apply at any date. */
const EARLIEST_DATE = '0001-01-01';

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

/**
 * Parses and validates parameter YAML text against the spec: exactly the spec's parameters, every
 * key a real ISO date, every value valid for its schema and carrying at least one reference.
 * Fails with `parameter_file_invalid` naming the parameter and date at fault.
 *
 * @example parseParameters('x.yaml', text, { max_days: z.number().int() }) // { ok: true, value: ParameterSet }
 */
export function parseParameters<S extends ParameterSpec>(
  source: string,
  text: string,
  spec: S,
): Result<ParameterSet<S>, ParameterFailure> {
  const invalid = (problem: string) => fail({ code: 'parameter_file_invalid', source, problem } as const);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return invalid(`not valid YAML: ${(error as Error).message}`);
  }
  const top = z.record(z.string(), z.unknown()).safeParse(doc);
  if (!top.success) return invalid('must be a mapping of parameter names');
  const names = Object.keys(top.data);
  const missing = Object.keys(spec).filter((n) => !names.includes(n));
  if (missing.length) return invalid(`missing parameters: ${missing.join(', ')}`);
  const unknown = names.filter((n) => !(n in spec));
  if (unknown.length) return invalid(`unknown parameters (not in the spec): ${unknown.join(', ')}`);

  const parameters: Parameter<unknown>[] = [];
  for (const name of names) {
    const parsed = ParameterInput.safeParse(top.data[name]);
    if (!parsed.success) return invalid(`${name}: ${formatIssues(parsed.error)}`);
    const p = parsed.data;
    const dates = Object.keys(p.values);
    if (dates.length === 0) return invalid(`${name} has no values`);
    const values: DatedValue<unknown>[] = [];
    for (const date of [...dates].sort()) {
      if (parseIsoDate(date) !== date) return invalid(`${name}: "${date}" is not a date YYYY-MM-DD`);
      const v = p.values[date]!;
      const checked = spec[name]!.safeParse(v.value);
      if (!checked.success) return invalid(`${name} at ${date}: ${formatIssues(checked.error)}`);
      const ref = v.reference ?? p.reference;
      if (!ref) return invalid(`${name} at ${date} has no reference (on the value or on the parameter)`);
      const note = v.note ?? p.note;
      values.push({
        effectiveFrom: date,
        value: checked.data,
        raw: v.value,
        references: toReferences(ref),
        ...(note ? { note } : {}),
      });
    }
    parameters.push({
      name,
      description: p.description,
      ...(p.description_es ? { descriptionEs: p.description_es } : {}),
      values,
    });
  }
  return ok(new ParameterSet(source, spec, parameters));
}

/**
 * Reads a parameter file from disk; see `parseParameters`. A file that cannot be read is
 * `parameter_file_invalid` too.
 *
 * @example readParameterFile(path, spec) // { ok: true, value: ParameterSet }
 */
export function readParameterFile<S extends ParameterSpec>(
  filePath: string,
  spec: S,
): Result<ParameterSet<S>, ParameterFailure> {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    return fail({ code: 'parameter_file_invalid', source: filePath, problem: (error as Error).message });
  }
  return parseParameters(filePath, text, spec);
}

/**
 * A parameter file that ships with ayni, read when its module loads (the programmes' laws, the
 * registry's identity rules, the bono's operations). It is part of the code, loaded by its tests,
 * so a failure here is a defect of the build: it throws, with the failure's words, and ayni does not
 * start. A file from outside is read with `readParameterFile`, which returns the failure.
 *
 * @example export const operations = loadParameterFile(path.join(here, 'operations.yaml'), SPEC);
 */
export function loadParameterFile<S extends ParameterSpec>(filePath: string, spec: S): ParameterSet<S> {
  const r = readParameterFile(filePath, spec);
  if (!r.ok) {
    const f = r.error;
    throw new Error(f.code === 'parameter_file_invalid' ? `${f.source}: ${f.problem}` : f.code);
  }
  return r.value;
}

// --- Value schemas shared by the parameter files -------------------------------------------------

/** An ISO date `YYYY-MM-DD` that exists. */
export const isoDate = z.string().refine((s) => parseIsoDate(s) === s, 'must be a date YYYY-MM-DD');

/**
 * An amount in bolivianos written as a whole number (`30000000`) or a decimal string with up to
 * two decimals (`"30000000.01"`), turned into integer centavos without ever passing through a
 * float.
 *
 * @example bolivianos.parse('1000.50') // 100050n
 */
export const bolivianos = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+(\.\d{1,2})?$/)])
  .transform((v): Centavos => centavosOf(String(v)));

/** Decimal bolivianos to centavos; the string must already match /^\d+(\.\d{1,2})?$/. @example centavosOf('1000.5') // 100050n */
export function centavosOf(decimal: string): Centavos {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/**
 * A percentage written as a string (`"1.4%"`, `"200%"`, up to two decimals), turned into integer
 * basis points (1.4 % → 140) so that rates never pass through a float.
 *
 * @example percent.parse('1.4%') // 140
 */
export const percent = z
  .string()
  .regex(/^\d+(\.\d{1,2})?%$/, 'must be a percentage such as "1.4%"')
  .transform((s) => {
    const [whole, fraction = ''] = s.slice(0, -1).split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  });
