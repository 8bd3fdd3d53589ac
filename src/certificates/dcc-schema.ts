import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';

/**
 * The EU DCC payload schema (JSON Schema draft 2020-12), vendored in schemas/dcc with its licence,
 * compiled with ajv. In draft 2020-12 `format` is an annotation, not an assertion, and EU verifiers
 * accept payloads whose `dt` is a date-time where the schema annotates `date` (Poland's vectors): the
 * verifier validates so. ayni's own payloads are held to the formats as well (`assertFormats`), so
 * what ayni signs has real dates. Value sets (which vaccine, which country) are not in the schema
 * since 1.3.0; issuance maps them from ayni's products (dcc-value-sets.ts).
 */

export const VENDORED_DCC_SCHEMA = new URL('../../schemas/dcc/DCC.combined-schema.json', import.meta.url);

/** ajv-formats is CommonJS; its default export is the plugin under either module system. */
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ??
  formatsPlugin) as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * A validator for one DCC schema document (the vendored one by default; the test vectors bring
 * earlier versions); `assertFormats` makes `date` and `date-time` assertions.
 *
 * @example const validate = dccValidator(); validate(hcert) // true
 */
export function dccValidator(
  schema: object = readSchema(VENDORED_DCC_SCHEMA),
  { assertFormats = false }: { assertFormats?: boolean } = {},
): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: assertFormats });
  if (assertFormats) addFormats(ajv);
  return ajv.compile(schema);
}

function readSchema(url: URL): object {
  return JSON.parse(readFileSync(url, 'utf8')) as object;
}

let current: ValidateFunction | undefined;

/** The validator of the vendored schema, compiled on first use. */
function vendoredValidator(): ValidateFunction {
  current ??= dccValidator();
  return current;
}

/**
 * Validates a payload against the vendored schema: undefined when valid, else the JSON pointer and
 * ajv's message of the first error.
 *
 * @example schemaProblem({ ver: '1.3.0' }) // { path: '', problem: "must have required property 'nam'" }
 */
export function schemaProblem(
  hcert: unknown,
  validate: ValidateFunction = vendoredValidator(),
): { path: string; problem: string } | undefined {
  if (validate(hcert)) return undefined;
  const first = validate.errors?.[0];
  return { path: first?.instancePath ?? '', problem: first?.message ?? 'invalid' };
}
