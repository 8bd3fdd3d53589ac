import type { InputProblem, MovementProblem, VaccinationFailure } from '../../vaccination/index.ts';
import type { Catalogue } from '../catalogue.ts';

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
};
