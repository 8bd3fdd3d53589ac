import { parseIsoDate } from '../shared/dates.ts';
import { MUNICIPALITY_BY_CODE, normaliseExpedition } from './geography/geography.ts';
import { checkIdentity, type IdentityFormat } from './identity.ts';

/**
 * The persons file (civil registry extract), documented in docs/formats.md. One person per line.
 */
export const PERSON_FILE_HEADER = [
  'ci_number',
  'complemento',
  'expedition',
  'given_names',
  'first_surname',
  'second_surname',
  'date_of_birth',
  'sex',
  'municipality_code',
  'residence_country',
  'date_of_death',
] as const;

/** Columns of the staging table, in the order `validatePersonRow` returns them. */
export const PERSON_STAGE_COLUMNS = [
  'ci_number',
  'complemento',
  'expedition',
  'given_names',
  'first_surname',
  'second_surname',
  'date_of_birth',
  'sex',
  'municipality_code',
  'residence_country',
  'date_of_death',
] as const;

/** Letters (any script, with accents), spaces, apostrophes, hyphens and dots; 1–100 characters. */
const NAME = /^[\p{L}][\p{L}\p{M} '’.-]{0,99}$/u;

/**
 * Same rule as NAME; answers plain-ASCII names by character codes (most names) and leaves the rest
 * to the Unicode-aware expression.
 */
function isName(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 100) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (letter) continue;
    if (c > 127) return NAME.test(s);
    if (i === 0 || (c !== 32 && c !== 39 && c !== 45 && c !== 46)) return false;
  }
  return true;
}
const COUNTRY = /^[A-Z]{2}$/;

export interface RowContext {
  format: IdentityFormat;
  /** The import's reference date: no birth or death may come after it. */
  asOf: string;
}

/**
 * Validates one row of the persons file. Returns the normalised values for the staging table
 * (empty string = NULL for optional columns), or the reason the row is refused.
 *
 * @example validatePersonRow(ctx, ['4567890','','LP','Juana','Mamani','Quispe','1980-05-01','F','020101','BO',''])
 */
export function validatePersonRow(ctx: RowContext, f: readonly string[]): string[] | string {
  const id = checkIdentity(ctx.format, f[0] ?? '', f[1] ?? '');
  if (typeof id === 'string') return id;
  let expedition = '';
  const expRaw = (f[2] ?? '').trim();
  if (expRaw !== '') {
    const e = normaliseExpedition(expRaw);
    if (!e) return `expedition "${expRaw}" is not a department code (LP, CB, SC, OR, PT, CH, TJ, BN, PD)`;
    expedition = e;
  }
  const givenNames = squeeze(f[3] ?? '');
  if (givenNames === '') return 'given_names is empty';
  if (!isName(givenNames)) return `given_names "${givenNames}" contains characters that are not letters`;
  const firstSurname = squeeze(f[4] ?? '');
  const secondSurname = squeeze(f[5] ?? '');
  if (firstSurname === '' && secondSurname === '') return 'both family names are empty';
  if (firstSurname !== '' && !isName(firstSurname)) {
    return `first_surname "${firstSurname}" contains characters that are not letters`;
  }
  if (secondSurname !== '' && !isName(secondSurname)) {
    return `second_surname "${secondSurname}" contains characters that are not letters`;
  }
  const dobRaw = (f[6] ?? '').trim();
  const dob = parseIsoDate(dobRaw);
  if (!dob) return `date_of_birth "${dobRaw}" is not a valid date YYYY-MM-DD`;
  if (dob < ctx.format.earliestDateOfBirth)
    return `date_of_birth ${dob} is before ${ctx.format.earliestDateOfBirth}`;
  if (dob > ctx.asOf) return `date_of_birth ${dob} is after the import date ${ctx.asOf}`;
  const sexField = f[7] ?? '';
  const sexRaw = sexField === 'F' || sexField === 'M' ? sexField : sexField.trim().toUpperCase();
  if (sexRaw !== 'F' && sexRaw !== 'M') return `sex "${f[7] ?? ''}" must be F or M`;
  let muniRaw = (f[8] ?? '').trim();
  if (/^[1-9][0-9]{4}$/.test(muniRaw)) muniRaw = `0${muniRaw}`; // spreadsheets drop the leading zero
  const municipality = MUNICIPALITY_BY_CODE.get(muniRaw);
  if (!municipality) return `municipality_code "${f[8] ?? ''}" is not one of the 339 INE municipality codes`;
  const countryRaw = f[9] ?? '';
  const country = countryRaw === 'BO' ? countryRaw : countryRaw.trim().toUpperCase();
  if (!COUNTRY.test(country))
    return `residence_country "${f[9] ?? ''}" must be a two-letter ISO country code (BO for Bolivia)`;
  const dodRaw = (f[10] ?? '').trim();
  let dod = '';
  if (dodRaw !== '') {
    const d = parseIsoDate(dodRaw);
    if (!d) return `date_of_death "${dodRaw}" is not a valid date YYYY-MM-DD`;
    if (d < dob) return `date_of_death ${d} is before date_of_birth ${dob}`;
    if (d > ctx.asOf) return `date_of_death ${d} is after the import date ${ctx.asOf}`;
    dod = d;
  }
  return [
    id.ciNumber,
    id.complemento,
    expedition,
    givenNames,
    firstSurname,
    secondSurname,
    dob,
    sexRaw,
    municipality.code,
    country,
    dod,
  ];
}

/** Trims and folds runs of spaces, so "Juan  Carlos " and "Juan Carlos" are the same name. */
function squeeze(s: string): string {
  const t = s.trim();
  return t.indexOf('  ') === -1 ? t : t.replace(/ {2,}/g, ' ');
}
