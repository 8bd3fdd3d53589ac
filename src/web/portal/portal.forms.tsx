import type { PersonTriple } from '../../bono/index.ts';
import { formatNumber, pageMessages } from '../../messages/index.ts';
import { checkIdentity, loadIdentityFormat } from '../../registry/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { DateInput, type DateParts, type FieldError, TextInput } from '../components/index.ts';
import { readDate } from '../components/read-date.ts';

/**
 * The identity fields every portal form asks for — CI number, complemento, date of birth — and
 * their checks. A citizen who mistypes gets a message next to the field saying what to write,
 * and the form comes back with what they typed.
 */

export interface TripleValues {
  ci: string;
  complemento: string;
  dob: DateParts;
}

export const EMPTY_TRIPLE: TripleValues = { ci: '', complemento: '', dob: { day: '', month: '', year: '' } };

/** Field name → message, in the order the fields appear. */
export type FieldErrors = Record<string, string>;

/**
 * The error summary's entries: each links to its field (a date's fieldset carries the field's id).
 *
 * @example errorList({ ci: 'Escriba el número de su carnet de identidad.' }) // [{ name: 'ci', message: '…' }]
 */
export function errorList(errors: FieldErrors): FieldError[] {
  return Object.entries(errors).map(([name, message]) => ({
    name: name === 'dob' ? `${name}-day` : name,
    message,
  }));
}

/**
 * A form post's text field (absent, repeated or a file: empty), trimmed and cut to `maxLength`.
 *
 * @example field({ ci: ' 4567890 ' }, 'ci', 20) // '4567890'
 */
export function field(form: Record<string, unknown>, name: string, maxLength = 100): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim().slice(0, maxLength) : '';
}

/**
 * Reads and checks the CI number, complemento and date of birth of a form post. The CI format
 * (digits, length, complemento) is the registry's own, in force on `on`.
 *
 * @example readTriple(await c.req.parseBody(), 'es', '2021-01-04')
 */
export function readTriple(
  form: Record<string, unknown>,
  lang: Lang,
  on: IsoDate,
): { values: TripleValues; errors: FieldErrors; triple: PersonTriple | null } {
  const words = pageMessages(lang).portal.identity;
  const dob = readDate(form, 'dob');
  const values: TripleValues = {
    ci: field(form, 'ci', 20),
    complemento: field(form, 'complemento', 10),
    dob: dob.parts,
  };
  const errors: FieldErrors = {};
  const format = loadIdentityFormat(on);
  const identity = checkIdentity(format, values.ci, values.complemento);
  if (values.ci === '') errors['ci'] = words.ciMissing;
  else if (typeof identity === 'string' && identity.startsWith('ci_number'))
    errors['ci'] = words.ciFormat(
      formatNumber(format.ciNumberMinDigits, lang),
      formatNumber(format.ciNumberMaxDigits, lang),
    );
  if (typeof identity === 'string' && identity.startsWith('complemento'))
    errors['complemento'] = words.complementoFormat(formatNumber(format.complementoMaxLength, lang));
  const { day, month, year } = dob.parts;
  if (day === '' && month === '' && year === '') errors['dob'] = words.dobMissing;
  else if (dob.date === undefined || dob.date < format.earliestDateOfBirth || dob.date > on)
    errors['dob'] = words.dobInvalid;
  const triple =
    Object.keys(errors).length === 0 && typeof identity !== 'string' && dob.date !== undefined
      ? { ciNumber: identity.ciNumber, complemento: identity.complemento, dateOfBirth: dob.date }
      : null;
  return { values, errors, triple };
}

/**
 * The CI number's field, as every portal form asks for it (digits only, no place of issue).
 *
 * @example <CiInput value="" hint={pageMessages('es').portal.identity.ciHint} lang="es" />
 */
export function CiInput(p: { value: string; error?: string | undefined; hint: string; lang: Lang }) {
  return (
    <TextInput
      name="ci"
      label={pageMessages(p.lang).portal.identity.ci}
      hint={p.hint}
      value={p.value}
      error={p.error}
      inputmode="numeric"
      autocomplete="off"
      maxLength={15}
      width={14}
      spellcheck={false}
      required
    />
  );
}

/**
 * The three identity fields, with their hints and any errors.
 *
 * @example <TripleFields values={EMPTY_TRIPLE} errors={{}} lang="es" />
 */
export function TripleFields({
  values,
  errors,
  lang,
}: {
  values: TripleValues;
  errors: FieldErrors;
  lang: Lang;
}) {
  const words = pageMessages(lang).portal.identity;
  return (
    <>
      <CiInput value={values.ci} error={errors['ci']} hint={words.ciHint} lang={lang} />
      <TextInput
        name="complemento"
        label={words.complemento}
        hint={words.complementoHint}
        value={values.complemento}
        error={errors['complemento']}
        autocomplete="off"
        maxLength={5}
        width={4}
        spellcheck={false}
      />
      <DateInput
        name="dob"
        label={words.dob}
        hint={words.dobHint}
        value={values.dob}
        error={errors['dob']}
        lang={lang}
        autocomplete="bday"
        required
      />
    </>
  );
}
