import type { GrievanceFailure } from '../../bono/index.ts';
import type { Catalogue } from '../catalogue.ts';

/**
 * Grievances' failures in Spanish (statuses: ../status/bono-grievances.ts): what an officer reads
 * on the back office when a step is refused, and a citizen on the portal when a filing is.
 * `person_not_found` and `round_not_approved` are worded in ./bono.ts, which owns those codes.
 */

type Here = Exclude<GrievanceFailure, { code: 'person_not_found' | 'round_not_approved' }>;

export const BONO_GRIEVANCES_ES: Catalogue<Here> = {
  grievance_not_found: { title: 'No existe ese reclamo.' },
  grievance_already_decided: { title: 'Este reclamo ya fue decidido.' },
  grievance_not_in_review: { title: 'Este reclamo todavía no está en revisión: inicie la revisión primero.' },
  grievance_in_review: { title: 'Este reclamo ya está en revisión.' },
  note_required: { title: 'Escriba el motivo: queda registrado con el reclamo.' },
  note_too_long: { title: 'La nota es demasiado larga.' },
  grievance_kind_invalid: {
    title: 'No existe ese tipo de reclamo.',
    detail: (f) => `Un reclamo es de uno de estos tipos: ${f.kinds.join(', ')}; se recibió «${f.kind}».`,
  },
  grievance_channel_invalid: { title: 'Un reclamo lo presenta la persona, o un funcionario en su nombre.' },
  person_invalid: {
    title: 'El carnet de identidad o la fecha de nacimiento no son válidos.',
    detail: (f) =>
      f.field === 'identity_card'
        ? `El carnet de identidad no es válido (${f.reason}).`
        : `La fecha de nacimiento debe ser una fecha real, AAAA-MM-DD, entre ${f.earliest} y ${f.latest}.`,
  },
  description_required: { title: 'Describa el problema: qué pasó y qué esperaba.' },
  description_too_long: {
    title: 'La descripción es demasiado larga.',
    detail: (f) => `La descripción tiene ${f.length} caracteres; se guardan como máximo ${f.maxLength}.`,
  },
  contact_too_long: {
    title: 'El contacto es demasiado largo.',
    detail: (f) => `El contacto tiene ${f.length} caracteres; como máximo ${f.maxLength}.`,
  },
  status_invalid: {
    title: 'No existe ese estado de reclamo.',
    detail: (f) => `El estado de un reclamo es uno de: ${f.statuses.join(', ')}.`,
  },
  limit_invalid: {
    title: 'El tamaño de página no es válido.',
    detail: (f) => `Una página tiene de 1 a ${f.maxLimit} reclamos.`,
  },
  offset_invalid: { title: 'El desplazamiento es un número entero desde 0.' },
  person_not_candidate: { title: 'Esa persona no tiene el número de CI del reclamo.' },
  person_not_linked: {
    title:
      'El reclamo no está vinculado a ninguna persona del registro: vincúlelo a uno de los candidatos, o rechácelo si la persona no está en el registro.',
  },
  decision_invalid: { title: 'Una decisión es aprobar o rechazar.' },
  correction_field_unknown: {
    title: 'Esos datos no se pueden corregir.',
    detail: (f) =>
      `No se puede corregir ${f.fields.join(', ')}; se pueden corregir: ${f.correctable.join(', ')}.`,
  },
  correction_on_reject: { title: 'Un reclamo rechazado no corrige datos: para corregir, apruébelo.' },
  correction_not_allowed: { title: 'Un reclamo de pago no recibido no corrige datos del registro.' },
  correction_invalid: {
    title: 'La corrección no es válida.',
    detail: (f) =>
      'field' in f
        ? `${f.field} debe ser texto${f.field === 'dateOfBirth' ? ' (AAAA-MM-DD)' : ''}.`
        : `La corrección no es válida: ${f.reason}.`,
  },
  correction_changes_nothing: { title: 'La corrección da los mismos valores que ya tiene el registro.' },
  correction_key_taken: {
    title:
      'Otra persona ya tiene ese CI con esa fecha de nacimiento: el registro civil debe conciliar ambos registros primero.',
  },
  round_not_applicable: {
    title: 'Este reclamo no da lugar a una ronda complementaria.',
    detail: (f) =>
      `El reclamo ${f.reference} no da lugar a una ronda complementaria (es un reclamo de tipo ${f.kind}${f.personLinked ? '' : ' sin persona del registro'}).`,
  },
  round_exists: {
    title: 'Este reclamo ya tiene una ronda complementaria.',
    detail: (f) =>
      `El reclamo ${f.reference} ya tiene la ronda complementaria ${f.roundId} (${f.roundStatus}).`,
  },
  round_rejected: {
    title: 'La ronda complementaria fue rechazada.',
    detail: (f) => `La ronda complementaria ${f.roundId} fue rechazada.`,
  },
};
