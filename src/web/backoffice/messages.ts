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
  return /^(maker_checker|round_not_frozen|regular_round_exists|round_overlaps|round_not_approved|round_creation_running)/.test(
    error.code,
  )
    ? 409
    : 422;
}
