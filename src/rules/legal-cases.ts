import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { isoDate } from '../parameters/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { Scalar, Value, ValueType } from './expr.ts';
import type { Facts } from './facts.ts';
import { declarationFacts, moneyInput } from './programmes/igf.ts';
import { findProgramme } from './programmes.ts';
import type { InputInvalid, RulesFailure } from './rules.failures.ts';
import type { Programme } from './variables.ts';

/**
 * Legal test cases: YAML situations a lawyer can read — who, on which date, under which law
 * (optionally with a parameter changed), and what the outcome must be. `src/rules/tests/*.yaml`
 * holds them; test/rules/legal-cases.test.ts runs every case through the interpreter and the
 * closure compiler, and every person case also through SQL on the test database.
 *
 * ```yaml
 * programme: bono
 * cases:
 *   - name: Turns 18 exactly on 16 Sep 2020 — eligible
 *     date: "2020-12-20"
 *     person: { date_of_birth: "2002-09-16", lists: { bono-universal: {} } }
 *     expect: { bono_eligible: true, bono_amount_centavos: "Bs 1000" }
 * ```
 *
 * Money is written in bolivianos ("Bs 1000.50") and compared in centavos.
 */

const PersonCase = z
  .strictObject({
    ci_number: z
      .string()
      .regex(/^[1-9][0-9]{3,9}$/)
      .optional(),
    complemento: z
      .string()
      .regex(/^[0-9A-Z]{0,5}$/)
      .default(''),
    date_of_birth: isoDate,
    sex: z.enum(['F', 'M']).default('F'),
    municipality_code: z
      .string()
      .regex(/^0[1-9][0-9]{4}$/)
      .default('020101'),
    residence_country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default('BO'),
    date_of_death: isoDate.nullable().default(null),
    lists: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()]))).default({}),
    // Facts the registry does not hold (vaccination).
    is_health_worker: z.boolean().default(false),
    has_comorbidity: z.boolean().default(false),
    first_dose_product: z.string().nullable().default(null),
    first_dose_date: isoDate.nullable().default(null),
    second_dose_date: isoDate.nullable().default(null),
  })
  .refine((p) => p.date_of_death === null || p.date_of_death >= p.date_of_birth, 'death before birth');

const Case = z
  .strictObject({
    name: z.string().min(1),
    date: isoDate,
    person: PersonCase.optional(),
    declaration: z.unknown().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    expect: z.record(z.string(), z.unknown()).optional(),
    expect_error: z.string().optional(),
  })
  .refine(
    (c) => (c.person === undefined) !== (c.declaration === undefined),
    'give exactly one of person or declaration',
  )
  .refine(
    (c) => (c.expect === undefined) !== (c.expect_error === undefined),
    'give exactly one of expect or expect_error',
  );

const CaseFile = z.strictObject({
  programme: z.string().min(1),
  description: z.string().optional(),
  cases: z.array(Case).min(1),
});

export type PersonCase = z.output<typeof PersonCase>;

export interface LegalCase {
  readonly file: string;
  readonly programme: Programme;
  readonly name: string;
  readonly date: string;
  readonly person?: PersonCase;
  readonly declaration?: unknown;
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Expected values, already in the engine's representation (money in centavos). */
  readonly expect?: ReadonlyMap<string, Value>;
  readonly expectError?: string;
}

const TESTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tests');

/**
 * Loads and validates every case file (default: src/rules/tests), or the first `input_invalid`
 * (`unknown_programme`) met. Expected values are checked against the named variable's type, so a
 * misspelt variable fails here.
 *
 * @example const cases = loadLegalCases(); if (cases.ok) for (const c of cases.value) …
 */
export function loadLegalCases(dir = TESTS_DIR): Result<LegalCase[], RulesFailure> {
  const out: LegalCase[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const file = path.join(dir, name);
    const parsed = CaseFile.safeParse(parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fail({
        code: 'input_invalid',
        caseFile: file,
        at: issue.path.join('.'),
        problem: issue.message,
      });
    }
    const programme = findProgramme(parsed.data.programme);
    if (!programme.ok) return programme;
    for (const c of parsed.data.cases) {
      let expect: Map<string, Value> | undefined;
      if (c.expect) {
        expect = new Map();
        for (const [variable, raw] of Object.entries(c.expect)) {
          const def = programme.value.variables.get(variable);
          if (!def)
            return fail({
              code: 'input_invalid',
              caseFile: file,
              caseName: c.name,
              unknownVariable: variable,
            });
          const value = expectedValue(def.type, raw);
          if (!value.ok) {
            return fail({
              code: 'input_invalid',
              caseFile: file,
              at: `case "${c.name}", ${variable}`,
              problem: `${JSON.stringify(raw)} is not a ${def.type}`,
            });
          }
          expect.set(variable, value.value);
        }
      }
      out.push({
        file: name,
        programme: programme.value,
        name: c.name,
        date: c.date,
        ...(c.person ? { person: c.person } : {}),
        ...(c.declaration !== undefined ? { declaration: c.declaration } : {}),
        ...(c.parameters ? { parameters: c.parameters } : {}),
        ...(expect ? { expect } : {}),
        ...(c.expect_error ? { expectError: c.expect_error } : {}),
      });
    }
  }
  return ok(out);
}

/** An expected value in the engine's representation, or nothing when it is not of type `t`. */
function expectedValue(t: ValueType, raw: unknown): Result<Value, null> {
  if (raw === null) return ok(null);
  switch (t) {
    case 'bool':
      return typeof raw === 'boolean' ? ok(raw) : fail(null);
    case 'int':
      return typeof raw === 'number' && Number.isInteger(raw) ? ok(raw) : fail(null);
    case 'text':
      return typeof raw === 'string' ? ok(raw) : fail(null);
    case 'date': {
      const d = isoDate.safeParse(raw);
      return d.success ? ok(d.data) : fail(null);
    }
    case 'money': {
      const m = moneyInput.safeParse(raw);
      return m.success ? ok(m.data) : fail(null);
    }
  }
}

/** The facts of a person case, as the registry and the caller would supply them. @example personCaseFacts(c.person, '20000001') */
export function personCaseFacts(p: PersonCase, ciNumber: string): Facts {
  const lists: Record<string, Record<string, Scalar>> = {};
  for (const [list, row] of Object.entries(p.lists)) lists[list] = row;
  return {
    attributes: {
      ci_number: p.ci_number ?? ciNumber,
      complemento: p.complemento,
      date_of_birth: p.date_of_birth,
      sex: p.sex,
      municipality_code: p.municipality_code,
      department_code: Number(p.municipality_code.slice(0, 2)),
      residence_country: p.residence_country,
      date_of_death: p.date_of_death,
      is_health_worker: p.is_health_worker,
      has_comorbidity: p.has_comorbidity,
      first_dose_product: p.first_dose_product,
      first_dose_date: p.first_dose_date,
      second_dose_date: p.second_dose_date,
    },
    lists,
  };
}

/**
 * The facts of a case: a person's, or a declaration's (`input_invalid` when it is not one).
 *
 * @example caseFacts(legalCase, '20000001') // { ok: true, value: facts }
 */
export function caseFacts(c: LegalCase, ciNumber: string): Result<Facts, InputInvalid> {
  return c.person ? ok(personCaseFacts(c.person, ciNumber)) : declarationFacts(c.declaration);
}

/** Attributes of a person case that the registry does not hold, for `assume` in SQL. */
export const CALLER_SUPPLIED_ATTRIBUTES = [
  'is_health_worker',
  'has_comorbidity',
  'first_dose_product',
  'first_dose_date',
  'second_dose_date',
] as const;
