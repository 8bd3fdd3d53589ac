import { publicMessage, type UserError } from '../../shared/errors.ts';
import type { Lang } from '../html.ts';

/**
 * What an officer reads when a service refuses an action: the domains' UserErrors carry a stable
 * code and a one-line English message for the command line; here the codes the back office meets
 * get their Spanish and English sentences. A code without an entry shows the service's own message,
 * so a new refusal is never hidden, only untranslated until it is added here — with any server
 * path in it cut to the file's own name (`publicMessage`).
 */

type Details = Record<string, unknown> | undefined;

/** What a message is made from: a UserError, or a background job's failure (src/jobs/). */
type Refusal = Pick<UserError, 'code' | 'message' | 'details'>;
type Text = { es: (d: Details) => string; en: (d: Details) => string };

const id = (d: Details, key: string) => (d && d[key] !== undefined ? String(d[key]) : '');

const MESSAGES: Record<string, Text> = {
  grievance_not_found: { es: () => 'No existe ese reclamo.', en: () => 'There is no such grievance.' },
  grievance_already_decided: {
    es: () => 'Este reclamo ya fue decidido.',
    en: () => 'This grievance was already decided.',
  },
  grievance_not_in_review: {
    es: () => 'Este reclamo todavía no está en revisión: inicie la revisión primero.',
    en: () => 'This grievance is not under review yet: start the review first.',
  },
  grievance_in_review: {
    es: () => 'Este reclamo ya está en revisión.',
    en: () => 'This grievance is already under review.',
  },
  note_required: {
    es: () => 'Escriba el motivo: queda registrado con el reclamo.',
    en: () => 'Write the reason: it is kept with the grievance.',
  },
  note_too_long: { es: () => 'La nota es demasiado larga.', en: () => 'The note is too long.' },
  correction_on_reject: {
    es: () => 'Un reclamo rechazado no corrige datos: para corregir, apruébelo.',
    en: () => 'A rejected grievance corrects nothing: approve it to correct data.',
  },
  correction_not_allowed: {
    es: () => 'Un reclamo de pago no recibido no corrige datos del registro.',
    en: () => 'A paid-but-not-received claim corrects no registry data.',
  },
  person_not_linked: {
    es: () =>
      'El reclamo no está vinculado a ninguna persona del registro: vincúlelo a uno de los candidatos, o rechácelo si la persona no está en el registro.',
    en: () =>
      'The grievance is not linked to a registry person: link it to one of the candidates, or reject it if the person is not in the registry.',
  },
  correction_changes_nothing: {
    es: () => 'La corrección da los mismos valores que ya tiene el registro.',
    en: () => 'The correction gives the values the registry already holds.',
  },
  correction_key_taken: {
    es: () =>
      'Otra persona ya tiene ese CI con esa fecha de nacimiento: el registro civil debe conciliar ambos registros primero.',
    en: () =>
      'Another person already has that CI with that date of birth: the civil registry must reconcile both records first.',
  },
  person_not_candidate: {
    es: () => 'Esa persona no tiene el número de CI del reclamo.',
    en: () => 'That person does not carry the grievance’s CI number.',
  },
  // Raised for regular and supplementary rounds alike (deposits, grievances), in any state but
  // approved: only a frozen one is waiting for approval.
  round_not_approved: {
    es: (d) =>
      id(d, 'status') === 'frozen' || id(d, 'status') === ''
        ? `La ronda ${id(d, 'roundId')} todavía espera la aprobación de un segundo funcionario.`
        : `La ronda ${id(d, 'roundId')} no está aprobada (${id(d, 'status')}): solo una ronda aprobada paga o envía depósitos.`,
    en: (d) =>
      id(d, 'status') === 'frozen' || id(d, 'status') === ''
        ? `Round ${id(d, 'roundId')} still waits for a second officer's approval.`
        : `Round ${id(d, 'roundId')} is not approved (${id(d, 'status')}): only an approved round pays or sends deposits.`,
  },
  round_rejected: {
    es: (d) => `La ronda complementaria ${id(d, 'roundId')} fue rechazada.`,
    en: (d) => `Supplementary round ${id(d, 'roundId')} was rejected.`,
  },
  imports_busy: {
    es: () => 'Ya hay importaciones en curso. Espere a que termine una.',
    en: () => 'Imports are already running. Wait for one to finish.',
  },
  import_empty_file: {
    es: (d) =>
      `El archivo ${id(d, 'fileName')} está vacío: no tiene ni la primera línea, el encabezado con los nombres de las columnas.`,
    en: (d) =>
      `The file ${id(d, 'fileName')} is empty: it has not even its first line, the header naming the columns.`,
  },
  file_utf16: {
    es: (d) =>
      `El archivo ${id(d, 'fileName')} está en UTF-16. Guárdelo como UTF-8 (en una hoja de cálculo: «CSV UTF-8») e impórtelo de nuevo.`,
    en: (d) =>
      `The file ${id(d, 'fileName')} is in UTF-16. Save it as UTF-8 (in a spreadsheet: "CSV UTF-8") and import it again.`,
  },
};

/**
 * The message of a service's refusal in the reader's language; codes without a translation keep
 * the service's message (with its specifics, such as the value refused).
 *
 * @example userMessage(new UserError('imports_busy', '…'), 'es')
 */
export function userMessage(error: Refusal, lang: Lang): string {
  const text = MESSAGES[error.code];
  return text ? text[lang](error.details) : publicMessage(error.message);
}

/** The HTTP status of a refusal shown again on its form: 409 for a state conflict, else 422. */
export function refusalStatus(error: Pick<Refusal, 'code'>): 409 | 422 {
  return /^(maker_checker|round_not_frozen|regular_round_exists|round_overlaps|grievance_|round_exists|round_not_approved|round_rejected|correction_key_taken|round_creation_running)/.test(
    error.code,
  )
    ? 409
    : 422;
}
