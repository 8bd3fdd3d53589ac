import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The identity-card format ayni accepts, read from `parameters/identity.yaml` (values that the
 * domain file marks UNCONFIRMED live there, with that note, not here).
 */
export interface IdentityFormat {
  ciNumberMinDigits: number;
  ciNumberMaxDigits: number;
  complementoMaxLength: number;
  earliestDateOfBirth: string;
}

const Param = z.object({
  description: z.string(),
  values: z.record(z.string(), z.object({ value: z.union([z.number(), z.string()]) })),
  reference: z.string().min(1),
  note: z.string().optional(),
});

/** Latest value of a dated parameter that took effect on or before `on`. */
function valueAt(param: z.infer<typeof Param>, on: string): number | string {
  const dates = Object.keys(param.values)
    .filter((d) => d <= on)
    .sort();
  const last = dates[dates.length - 1];
  if (last === undefined) throw new Error(`parameter has no value on ${on}: ${param.description}`);
  return param.values[last]!.value;
}

/** @example loadIdentityFormat('2020-09-16').ciNumberMaxDigits // 10 */
export function loadIdentityFormat(on: string): IdentityFormat {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'parameters', 'identity.yaml');
  const doc = z.record(z.string(), Param).parse(parse(readFileSync(file, 'utf8')));
  const get = (name: string) => {
    const p = doc[name];
    if (!p) throw new Error(`identity.yaml lacks ${name}`);
    return valueAt(p, on);
  };
  return {
    ciNumberMinDigits: Number(get('ci_number_min_digits')),
    ciNumberMaxDigits: Number(get('ci_number_max_digits')),
    complementoMaxLength: Number(get('complemento_max_length')),
    earliestDateOfBirth: String(get('earliest_date_of_birth')),
  };
}

/**
 * Checks a CI number and complemento, returning the normalised pair or the reason they are wrong.
 * Surrounding spaces are tolerated; the complemento is upper-cased.
 *
 * @example checkIdentity(format, ' 4567890 ', '1a') // { ciNumber: '4567890', complemento: '1A' }
 */
export function checkIdentity(
  format: IdentityFormat,
  ciRaw: string,
  complementoRaw: string,
): { ciNumber: string; complemento: string } | string {
  const ciNumber = ciRaw.trim();
  if (ciNumber === '') return 'ci_number is empty';
  for (let i = 0; i < ciNumber.length; i++) {
    const c = ciNumber.charCodeAt(i);
    if (c < 48 || c > 57) return `ci_number "${ciNumber}" must contain digits only`;
  }
  if (ciNumber.charCodeAt(0) === 48) return `ci_number "${ciNumber}" must not start with 0`;
  if (ciNumber.length < format.ciNumberMinDigits || ciNumber.length > format.ciNumberMaxDigits) {
    return `ci_number "${ciNumber}" must have ${format.ciNumberMinDigits} to ${format.ciNumberMaxDigits} digits`;
  }
  const complemento = complementoRaw === '' ? '' : complementoRaw.trim().toUpperCase();
  if (complemento.length > format.complementoMaxLength || !/^[0-9A-Z]*$/.test(complemento)) {
    return `complemento "${complemento}" must be up to ${format.complementoMaxLength} letters or digits`;
  }
  return { ciNumber, complemento };
}
