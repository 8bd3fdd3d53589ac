import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
// The generic dated-parameter loader; imported from its own file, which depends on no domain.
import { isoDate, loadParameterFile, type ParameterSet } from '../parameters/index.ts';

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

/**
 * The identity parameters, read with the rules engine's dated-parameter loader (the same schema
 * and "value in force on a date" as every legal parameter). Loaded once: the file is part of the
 * code, not configuration.
 */
const IDENTITY_PARAMETERS = {
  ci_number_min_digits: z.number().int().min(1),
  ci_number_max_digits: z.number().int().min(1),
  complemento_max_length: z.number().int().min(0),
  earliest_date_of_birth: isoDate,
};
let parameters: ParameterSet<typeof IDENTITY_PARAMETERS> | undefined;

/** @example loadIdentityFormat('2020-09-16').ciNumberMaxDigits // 10 */
export function loadIdentityFormat(on: string): IdentityFormat {
  parameters ??= loadParameterFile(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'parameters', 'identity.yaml'),
    IDENTITY_PARAMETERS,
  );
  return {
    ciNumberMinDigits: parameters.value('ci_number_min_digits', on),
    ciNumberMaxDigits: parameters.value('ci_number_max_digits', on),
    complementoMaxLength: parameters.value('complemento_max_length', on),
    earliestDateOfBirth: parameters.value('earliest_date_of_birth', on),
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
