import type {
  IneligibleReason,
  InputProblem,
  MovementProblem,
  VaccinationFailure,
} from '../../vaccination/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { BONO_ES } from './bono.ts';

const INPUT_PROBLEM: Record<InputProblem, string> = {
  missing: 'falta',
  format: 'no tiene el formato esperado',
  range: 'está fuera del rango admitido',
  unknown: 'no corresponde a nada registrado',
  mismatch: 'no concuerda con el resto',
};

const MOVEMENT_PROBLEM: Record<MovementProblem, string> = {
  id_format:
    'su identificador debe tener de 1 a 116 caracteres entre A–Z a–z 0–9 : . _ - / @ y empezar con letra o dígito',
  doses_not_positive: 'el número de dosis debe ser mayor que cero',
  same_location: 'las dosis no pueden trasladarse al lugar donde ya están',
  wrong_location_kind:
    'las recepciones llegan al almacén nacional y las dosis se aplican en un punto de vacunación',
  not_expired_yet: 'un lote se da de baja por vencimiento solo después de su fecha de vencimiento',
};

const INELIGIBLE_ES: Record<IneligibleReason, string> = {
  campaign_not_started: 'la campaña aún no había comenzado',
  deceased: 'el registro la da por fallecida',
  cohort_not_open:
    'ningún grupo suyo (edad en su departamento, municipio fronterizo, grupo prioritario) está habilitado',
  not_their_weekday: 'por el último dígito de su CI le corresponde otro día',
  booster_not_open: 'la dosis de refuerzo no está habilitada para su grupo',
};

const WEEKDAY_ES: Record<number, string> = {
  1: 'lunes',
  2: 'martes',
  3: 'miércoles',
  4: 'jueves',
  5: 'viernes',
  6: 'sábado',
  7: 'domingo',
};

const APPOINTMENT_STATUS_ES: Record<string, string> = {
  attended: 'atendida',
  cancelled: 'cancelada',
  no_show: 'marcada como inasistencia',
};

/** Los fallos de la campaña de vacunación en castellano (estados: ../status/vaccination.ts). */
export const VACCINATION_ES: Catalogue<VaccinationFailure> = {
  product_unknown: {
    title: 'Vacuna desconocida.',
    detail: (f) =>
      `No existe la vacuna «${f.product}»: use sputnik_v_1, sputnik_v_2, sinopharm, astrazeneca, pfizer, janssen o moderna.`,
  },
  vaccination_input_invalid: {
    title: 'Un campo no es válido.',
    detail: (f) => `El campo ${f.field} ${INPUT_PROBLEM[f.problem]}.`,
  },
  lot_not_found: { title: 'Lote no encontrado.', detail: (f) => `No existe el lote ${f.lotId}.` },
  lot_conflict: {
    title: 'El lote está registrado con otros datos.',
    detail: (f) =>
      `El lote ${f.lotNumber} de ${f.product} (${f.manufacturer}) está registrado como lote ${f.lotId} con otra fecha de vencimiento, otro tamaño de frasco u otra nota.`,
  },
  lot_expired: {
    title: 'El lote está vencido.',
    detail: (f) =>
      `El lote ${f.lotId} venció el ${f.expiresOn}: sus dosis no pueden usarse ni trasladarse el ${f.on}.`,
  },
  location_not_found: { title: 'Lugar no encontrado.', detail: (f) => `No existe el lugar «${f.location}».` },
  site_not_found: {
    title: 'Punto de vacunación no encontrado.',
    detail: (f) => `No existe el punto de vacunación «${f.site}».`,
  },
  site_code_taken: {
    title: 'El código del punto ya está en uso.',
    detail: (f) => `Ya existe un punto de vacunación con el código «${f.site}».`,
  },
  stock_insufficient: {
    title: 'No hay suficientes dosis en existencia.',
    detail: (f) =>
      `${f.location} tiene ${f.availableDoses} dosis del lote ${f.lotId}; se pidieron ${f.requestedDoses}.`,
  },
  stock_empty: {
    title: 'No hay dosis de la vacuna en existencia.',
    detail: (f) => `${f.location} no tiene dosis de ${f.product} de un lote sin vencer.`,
  },
  movement_conflict: {
    title: 'El identificador del movimiento ya se usó para otro movimiento.',
    detail: (f) => `El movimiento ${f.movementId} está registrado con otros datos: elija otro identificador.`,
  },
  movement_invalid: {
    title: 'El movimiento no es válido.',
    detail: (f) => `Se rechazó el movimiento ${f.movementId}: ${MOVEMENT_PROBLEM[f.problem]}.`,
  },
  delivery_conflict: {
    title: 'El identificador de la entrega ya se usó para otra entrega.',
    detail: (f) => `La entrega ${f.deliveryId} está registrada con otra fecha, lote, cantidad o proveedor.`,
  },
  // One person_not_found for ayni: the bono's words (the rules reuse them too).
  person_not_found: BONO_ES.person_not_found,
  not_eligible_today: {
    title: 'No le corresponde vacunarse este día.',
    detail: (f) =>
      `La dosis ${f.doseNumber} no puede aplicarse el ${f.on}: ${INELIGIBLE_ES[f.reason]}${f.reason === 'not_their_weekday' && f.ciWeekday !== null ? ` (le corresponde el ${WEEKDAY_ES[f.ciWeekday]})` : ''}.`,
  },
  dose_too_early: {
    title: 'Aún no corresponde esta dosis.',
    detail: (f) =>
      `La dosis ${f.doseNumber} no puede aplicarse antes del ${f.earliestOn} (se pidió para el ${f.on}).`,
  },
  dose_too_late: {
    title: 'Pasó el plazo de esta dosis.',
    detail: (f) =>
      `La dosis ${f.doseNumber} podía aplicarse hasta el ${f.latestOn} (se pidió para el ${f.on}).`,
  },
  wrong_product_for_dose: {
    title: 'Vacuna equivocada para esta dosis.',
    detail: (f) =>
      f.allowedProducts.length === 0
        ? `Ninguna vacuna puede aplicarse como dosis ${f.doseNumber}; se indicó ${f.product}.`
        : `La dosis ${f.doseNumber} debe ser ${f.allowedProducts.join(' o ')}, no ${f.product}.`,
  },
  series_complete: {
    title: 'El esquema de vacunación está completo.',
    detail: (f) => `La persona tiene ${f.dosesGiven} dosis y no tiene habilitada otra dosis.`,
  },
  dose_out_of_order: {
    title: 'No es la dosis que sigue.',
    detail: (f) =>
      `La próxima dosis de la persona es la dosis ${f.nextDoseNumber}, no la dosis ${f.doseNumber}.`,
  },
  dose_already_recorded: {
    title: 'La dosis ya está registrada.',
    detail: (f) =>
      `La dosis ${f.doseNumber} ya está registrada: ${f.existing.product}, lote ${f.existing.lotId}, en ${f.existing.site} el ${f.existing.givenOn} (clave ${f.existing.idempotencyKey}).`,
  },
  dose_key_conflict: {
    title: 'La clave de idempotencia se usó para otra dosis.',
    detail: (f) => `La clave ${f.idempotencyKey} está registrada para otra dosis: elija otra clave.`,
  },
  lot_not_at_site: {
    title: 'El lote no está en existencia en el punto.',
    detail: (f) => `${f.site} no tiene dosis del lote ${f.lotId}.`,
  },
  site_inactive: {
    title: 'El punto de vacunación no está en servicio.',
    detail: (f) => `El punto de vacunación ${f.site} no está en servicio.`,
  },
  site_not_open: {
    title: 'El punto no abre ese día.',
    detail: (f) => `El punto de vacunación ${f.site} no abre el ${f.day}.`,
  },
  site_day_closed: {
    title: 'La jornada del punto está cerrada.',
    detail: (f) =>
      `La jornada del ${f.day} en ${f.site} está cerrada: no se reserva, no se atiende ni se vacuna más.`,
  },
  access_not_offered: {
    title: 'El punto no ofrece esta modalidad.',
    detail: (f) =>
      `El punto de vacunación ${f.site} ${f.access === 'walk_in' ? 'no atiende por orden de llegada' : 'no atiende con cita'}.`,
  },
  capacity_full: {
    title: 'No quedan cupos.',
    detail: (f) => `Todos los cupos de ${f.product} en ${f.site} para el ${f.day} están ocupados.`,
  },
  queue_entry_exists: {
    title: 'Ya está en la fila.',
    detail: (f) => `La persona ya está en la fila de ${f.site} del ${f.day}, con la ficha ${f.ticket}.`,
  },
  queue_entry_not_found: {
    title: 'Ficha no encontrada.',
    detail: (f) => `No hay ficha ${f.ticket} en espera en la fila de ${f.site} del ${f.day}.`,
  },
  queue_empty: {
    title: 'No hay nadie en espera.',
    detail: (f) => `No hay nadie en espera en la fila de ${f.site} del ${f.day}.`,
  },
  appointment_exists: {
    title: 'Ya hay una cita para esta dosis.',
    detail: (f) =>
      `La persona tiene la cita ${f.appointmentId} para la dosis ${f.doseNumber} en ${f.site} el ${f.day}: cancélela primero.`,
  },
  appointment_not_found: {
    title: 'Cita no encontrada.',
    detail: (f) => `No existe la cita ${f.appointmentId} de esta persona.`,
  },
  appointment_not_booked: {
    title: 'La cita no está vigente.',
    detail: (f) =>
      `La cita ${f.appointmentId} está ${APPOINTMENT_STATUS_ES[f.status] ?? f.status}, no vigente.`,
  },
};
