import type { RoundFailure } from '../../bono/index.ts';
import type { Catalogue } from '../catalogue.ts';

/**
 * A round's failures in Spanish (statuses: ../status/bono-rounds.ts): what an officer reads on the
 * back office when freezing, deciding, replaying or expiring a round is refused.
 * `reason_required` and `round_not_approved` are worded in ./bono.ts, which owns those codes;
 * a date before the law (`parameter_not_in_force`) in ./parameters.ts.
 */

type Here = Exclude<
  RoundFailure,
  { code: 'reason_required' | 'round_not_approved' | 'parameter_not_in_force' }
>;

export const BONO_ROUNDS_ES: Catalogue<Here> = {
  round_not_found: { title: 'No existe esa ronda.', detail: (f) => `No existe la ronda ${f.roundId}.` },
  round_date_invalid: { title: 'La fecha de la ronda debe ser una fecha válida.' },
  round_persons_missing: { title: 'Una ronda complementaria nombra a las personas que agrega.' },
  round_persons_not_allowed: {
    title: 'Una ronda regular abarca todo el registro; solo una ronda complementaria nombra personas.',
  },
  regular_round_exists: {
    title: 'Ya existe una ronda regular.',
    detail: (f) =>
      `Ya existe la ronda regular ${f.roundId}. Una persona cobra una sola vez: los casos posteriores van en rondas complementarias (desde los reclamos), o rechace primero la ronda ${f.roundId}.`,
  },
  round_identity_reviews_pending: {
    title: 'Hay filas de listas de exclusión esperando la revisión de identidad.',
    detail: (f) =>
      `${f.rows} fila(s) de ${f.lists.join(', ')} no coinciden exactamente con nadie y esperan que un funcionario decida a quién nombran; cualquiera podría excluir a una persona. Personas afectadas (n.º de registro): ${f.personIds.join(', ')}. Resuelva la cola de revisión y vuelva a crear la ronda.`,
  },
  round_empty: {
    title: 'Ninguna de las personas nombradas tiene derecho en esa fecha, o ya lo tienen en otra ronda.',
  },
  round_creation_running: {
    title:
      'Ya se está creando una ronda desde esta oficina. Espere a que termine: una ronda se crea de a una.',
  },
  maker_checker: {
    title: 'Quien creó una ronda no puede aprobarla ni rechazarla.',
    detail: (f) =>
      `Usted creó la ronda ${f.roundId} y no puede aprobarla ni rechazarla: debe hacerlo otro funcionario con el rol de aprobador del Bono.`,
  },
  round_not_frozen: {
    title: 'Solo una ronda congelada se aprueba o rechaza.',
    detail: (f) =>
      `La ronda ${f.roundId} ya fue decidida (${f.roundStatus}); solo una ronda congelada se aprueba o rechaza.`,
  },
  round_overlaps: {
    title:
      'Algunas personas de esta ronda ya tienen derecho en una ronda aprobada: rechácela y créela de nuevo.',
    detail: (f) =>
      `${f.overlapping} persona(s) de la ronda ${f.roundId} ya tienen derecho en una ronda aprobada: rechácela y créela de nuevo.`,
  },
  collection_period_open: {
    title: 'La ronda todavía se puede cobrar.',
    detail: (f) =>
      `La ronda ${f.roundId} se puede cobrar hasta el ${f.lastDeadline}; hágala vencer desde el día siguiente.`,
  },
  deposits_in_flight: {
    title: 'Hay depósitos de la ronda que esperan la respuesta del banco.',
    detail: (f) =>
      `${f.depositsInFlight} depósito(s) de la ronda ${f.roundId} esperan la respuesta del banco: importe primero los archivos pain.002 o camt.054 (ayni bono import-status ARCHIVO).`,
  },
};
