import type { PersonTriple } from '../../bono/index.ts';
import { checkIdentity, loadIdentityFormat } from '../../registry/index.ts';
import type { IsoDate } from '../../shared/dates.ts';
import type { Lang } from '../../shared/lang.ts';
import { type DateParts, dateInput, readDate, t, textInput } from '../html.ts';

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

/** The error summary's entries: each links to its field's first input. */
export function errorList(errors: FieldErrors): { name: string; message: string }[] {
  return Object.entries(errors).map(([name, message]) => ({
    name: name === 'dob' ? `${name}-day` : name,
    message,
  }));
}

/** A form post's text field (absent, repeated or a file: empty), trimmed and cut to a sane length. */
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
  const dob = readDate(form, 'dob');
  const values: TripleValues = {
    ci: field(form, 'ci', 20),
    complemento: field(form, 'complemento', 10),
    dob: dob.parts,
  };
  const errors: FieldErrors = {};
  const format = loadIdentityFormat(on);
  const identity = checkIdentity(format, values.ci, values.complemento);
  if (values.ci === '') {
    errors['ci'] = t(
      { es: 'Escriba el número de su carnet de identidad.', en: 'Enter your identity card number.' },
      lang,
    );
  } else if (typeof identity === 'string' && identity.startsWith('ci_number')) {
    errors['ci'] = t(
      {
        es: `El número de carnet lleva solo cifras, de ${format.ciNumberMinDigits} a ${format.ciNumberMaxDigits}, y no empieza con 0. No escriba el lugar de expedición (LP, CB, SC…).`,
        en: `The identity card number has digits only, ${format.ciNumberMinDigits} to ${format.ciNumberMaxDigits} of them, and does not start with 0. Leave out the place of issue (LP, CB, SC…).`,
      },
      lang,
    );
  }
  if (typeof identity === 'string' && identity.startsWith('complemento')) {
    errors['complemento'] = t(
      {
        es: `El complemento tiene hasta ${format.complementoMaxLength} letras o cifras, por ejemplo 1A. Déjelo vacío si su carnet no lo tiene.`,
        en: `The complemento has up to ${format.complementoMaxLength} letters or digits, for example 1A. Leave it empty if your card has none.`,
      },
      lang,
    );
  }
  const { day, month, year } = dob.parts;
  if (day === '' && month === '' && year === '') {
    errors['dob'] = t({ es: 'Escriba su fecha de nacimiento.', en: 'Enter your date of birth.' }, lang);
  } else if (dob.date === undefined || dob.date < format.earliestDateOfBirth || dob.date > on) {
    errors['dob'] = t(
      {
        es: 'La fecha de nacimiento debe ser una fecha real: día, mes y año de 4 cifras, por ejemplo 27 3 1985.',
        en: 'The date of birth must be a real date: day, month and a 4-digit year, for example 27 3 1985.',
      },
      lang,
    );
  }
  const triple =
    Object.keys(errors).length === 0 && typeof identity !== 'string' && dob.date !== undefined
      ? { ciNumber: identity.ciNumber, complemento: identity.complemento, dateOfBirth: dob.date }
      : null;
  return { values, errors, triple };
}

/** The three identity fields, with their hints and any errors. */
export function tripleFields(values: TripleValues, errors: FieldErrors, lang: Lang): string {
  return (
    textInput({
      name: 'ci',
      label: t({ es: 'Número de carnet de identidad', en: 'Identity card (CI) number' }, lang),
      hint: t(
        {
          es: 'Solo las cifras, sin el lugar de expedición. Por ejemplo, 4567890.',
          en: 'Digits only, without the place of issue. For example, 4567890.',
        },
        lang,
      ),
      value: values.ci,
      error: errors['ci'],
      inputmode: 'numeric',
      autocomplete: 'off',
      maxLength: 15,
      width: 14,
      spellcheck: false,
      required: true,
    }) +
    textInput({
      name: 'complemento',
      label: t({ es: 'Complemento (si su carnet lo tiene)', en: 'Complemento (if your card has one)' }, lang),
      hint: t(
        {
          es: 'Por ejemplo 1A, si su carnet lo tiene. Si no tiene, déjelo vacío.',
          en: 'For example 1A, if your card has one. If it has none, leave this empty.',
        },
        lang,
      ),
      value: values.complemento,
      error: errors['complemento'],
      autocomplete: 'off',
      maxLength: 5,
      width: 4,
      spellcheck: false,
    }) +
    dateInput({
      name: 'dob',
      label: t({ es: 'Fecha de nacimiento', en: 'Date of birth' }, lang),
      hint: t(
        {
          es: 'Como figura en su carnet. Por ejemplo, 27 3 1985.',
          en: 'As on your card. For example, 27 3 1985.',
        },
        lang,
      ),
      value: values.dob,
      error: errors['dob'],
      lang,
      autocomplete: 'bday',
      required: true,
    })
  );
}
