import type { GrievanceKind, PersonCorrection } from '../../bono/index.ts';
import { pageMessages } from '../../messages/index.ts';
import type { Lang } from '../../shared/lang.ts';
import type { DateParts, FieldError } from '../components/index.ts';
import { readDate } from '../components/read-date.ts';

/** The fields of the decision form, as typed (kept when the form comes back). */
export interface DecisionValues {
  decision: string;
  note: string;
  citizenNote: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string;
  municipality: string;
  country: string;
  dob: DateParts;
  dod: DateParts;
  alive: boolean;
}

const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** The decision form before anything was typed. */
export const EMPTY_DECISION: DecisionValues = {
  decision: '',
  note: '',
  citizenNote: '',
  givenNames: '',
  firstSurname: '',
  secondSurname: '',
  municipality: '',
  country: '',
  dob: EMPTY_DATE,
  dod: EMPTY_DATE,
  alive: false,
};

/**
 * Reads the decision form: the values as typed, the errors (in the reader's language, each on its
 * field), and the registry correction the domain takes when they are valid.
 *
 * @example readDecision({ decision: 'reject', nota: 'Figura en la ronda' }, 'not_listed', 'es').errors // []
 */
export function readDecision(
  body: Record<string, string | undefined>,
  kind: GrievanceKind,
  lang: Lang,
): { values: DecisionValues; errors: FieldError[]; correction: Partial<PersonCorrection> } {
  const words = pageMessages(lang).grievances;
  const dob = readDate(body, 'c_nacimiento');
  const dod = readDate(body, 'c_defuncion');
  const values: DecisionValues = {
    decision: body['decision'] ?? '',
    note: (body['nota'] ?? '').trim(),
    citizenNote: (body['nota_ciudadano'] ?? '').trim(),
    givenNames: (body['c_nombres'] ?? '').trim(),
    firstSurname: (body['c_apellido1'] ?? '').trim(),
    secondSurname: (body['c_apellido2'] ?? '').trim(),
    municipality: (body['c_municipio'] ?? '').trim(),
    country: (body['c_pais'] ?? '').trim().toUpperCase(),
    dob: dob.parts,
    dod: dod.parts,
    alive: body['c_vivo'] === '1',
  };
  const errors: FieldError[] = [];
  const e = (name: string, message: string) => errors.push({ name, message });
  if (values.decision !== 'approve' && values.decision !== 'reject') e('decision', words.chooseDecision);
  if (values.note === '') e('nota', words.reasonMissing);
  const typed = (parts: DateParts) => Object.values(parts).some((x) => x !== '');
  if (typed(dob.parts) && !dob.date) e('c_nacimiento', words.badDate);
  if (typed(dod.parts) && !dod.date) e('c_defuncion', words.badDate);
  if (values.municipality !== '' && !/^[0-9]{6}$/.test(values.municipality))
    e('c_municipio', words.badMunicipality);
  if (values.country !== '' && !/^[A-Z]{2}$/.test(values.country)) e('c_pais', words.badCountry);
  const correction: Partial<PersonCorrection> = {};
  if (kind !== 'paid_not_received') {
    if (values.givenNames) correction.givenNames = values.givenNames;
    if (values.firstSurname) correction.firstSurname = values.firstSurname;
    if (values.secondSurname) correction.secondSurname = values.secondSurname;
    if (dob.date) correction.dateOfBirth = dob.date;
    if (values.municipality) correction.municipalityCode = values.municipality;
    if (values.country) correction.residenceCountry = values.country;
    if (values.alive) correction.dateOfDeath = null;
    else if (dod.date) correction.dateOfDeath = dod.date;
  }
  if (values.decision === 'reject' && Object.keys(correction).length > 0)
    e('decision', words.noCorrectionOnReject);
  return { values, errors, correction };
}
