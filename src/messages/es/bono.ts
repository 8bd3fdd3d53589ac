import type {
  BonoApiFailure,
  GrievanceFailure,
  PayoutRefused,
  RoundFailure,
  RoundNotApprovedForDeposits,
} from '../../bono/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The bono's failures in Spanish (statuses: ../status/bono.ts). */
/**
 * The codes worded here: the counter's and the API's, with the fields a round's refusals give the
 * two codes they share with them (their other failures: ./bono-rounds.ts).
 */
type Here =
  | PayoutRefused
  | BonoApiFailure
  | Extract<RoundFailure, { code: 'reason_required' | 'round_not_approved' }>
  | RoundNotApprovedForDeposits
  | Extract<GrievanceFailure, { code: 'person_not_found' | 'round_not_approved' }>;

export const BONO_ES: Catalogue<Here> = {
  not_entitled: {
    title:
      'Nadie con ese número de carnet, complemento y fecha de nacimiento es beneficiario del bono. Revise los datos del carnet.',
  },
  round_not_approved: {
    title: 'La ronda de pago de esta persona todavía no fue aprobada.',
    // The operation refused tells the officers' refusals apart from the counter's (which has none).
    detail: (f) =>
      'operation' in f && f.operation === 'resolve_grievance'
        ? `La ronda ${f.roundId} todavía espera la aprobación de un segundo funcionario.`
        : 'operation' in f && f.operation === 'expire'
          ? `La ronda ${f.roundId} no está aprobada (${f.roundStatus}): solo vence una ronda aprobada.`
          : 'operation' in f && f.operation === 'deposit_export'
            ? f.roundStatus === 'frozen'
              ? `La ronda ${f.roundId} todavía espera la aprobación de un segundo funcionario.`
              : `La ronda ${f.roundId} no está aprobada (${f.roundStatus}): solo una ronda aprobada paga o envía depósitos.`
            : 'La ronda de pago de esta persona todavía no fue aprobada.',
  },
  window_not_open: { title: 'El periodo de cobro de esta persona todavía no empezó.' },
  collection_period_over: { title: 'El plazo para cobrar el bono terminó.' },
  already_paid: { title: 'La persona ya cobró el bono.' },
  deposit_in_progress: {
    title: 'Hay un depósito en cuenta en curso para esta persona; no puede cobrar en ventanilla.',
  },
  idempotency_key_reused: { title: 'Esta clave de idempotencia ya se usó para otro pago.' },
  bank_unknown: { title: 'La credencial no pertenece a un banco pagador del bono.' },
  busy: {
    title: 'El servicio está ocupado. Repita la misma solicitud, con la misma clave, en unos segundos.',
  },
  idempotency_key_invalid: {
    title:
      'La clave de idempotencia debe tener de 8 a 64 caracteres A–Z a–z 0–9 . _ - (sirve un UUID) y repetirse igual en cada reintento del mismo pago.',
  },
  payment_point_invalid: {
    title: 'El punto de pago tiene como máximo 80 letras, cifras, espacios y . , # / ( ) -.',
  },
  payment_not_found: { title: 'Este banco no hizo ningún pago con ese número.' },
  reason_required: {
    title: 'Indique el motivo de la reversión (hasta 500 caracteres).',
    // A round's rejection needs a reason too (its failure names the round); a reversal's names nothing.
    detail: (f) =>
      'roundId' in f
        ? 'Escriba por qué rechaza la ronda, para que quien la creó pueda corregirla.'
        : 'Indique el motivo de la reversión (hasta 500 caracteres).',
  },
  not_reversible: {
    title: 'Solo los pagos en ventanilla se revierten por la API; un depósito lo devuelve el banco.',
  },
  reversal_before_payment: {
    title: 'La reversión tiene una fecha anterior al pago: revise el reloj del sistema que la envía.',
  },
  reversal_window_closed: {
    title: 'Un pago en ventanilla solo se revierte el mismo día en que se hizo. Registre un reclamo.',
  },
  lookups_limited: {
    title: 'Demasiadas consultas sin resultado. Espere unos minutos antes de intentar de nuevo.',
  },
  person_not_found: {
    title: 'No hay ninguna persona con ese número de carnet, complemento y fecha de nacimiento.',
    detail: (f) =>
      'personId' in f
        ? `No existe la persona ${f.personId} en el registro.`
        : 'No hay ninguna persona con ese número de carnet, complemento y fecha de nacimiento.',
  },
  credential_limited: {
    title:
      'Esta credencial hizo demasiadas verificaciones y pagos de personas que no son beneficiarias en el último minuto. Espere los segundos que indica Retry-After; se avisó a los operadores de ayni.',
  },
};
