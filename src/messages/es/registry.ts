import type { ImportHeaderMismatch, MergeHolding, RegistryFailure } from '../../registry/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The registry's import failures in Spanish (statuses: ../status/registry.ts). */

/** Qué está mal en el encabezado, en breve: lo que falta, lo que sobra, el orden. */
function headerProblem(f: ImportHeaderMismatch): string {
  const problems = [
    f.missing.length ? `faltan: ${f.missing.join(', ')}` : '',
    f.unexpectedCount
      ? `${f.unexpectedCount} ${f.unexpectedCount === 1 ? 'columna' : 'columnas'} de más`
      : '',
    f.wrongOrder ? 'las columnas están en otro orden' : '',
    !f.missing.length && !f.unexpectedCount && !f.wrongOrder
      ? `${f.foundCount} columnas, se esperaban ${f.expected.length}`
      : '',
  ];
  return problems.filter(Boolean).join('; ');
}

export const REGISTRY_ES: Catalogue<RegistryFailure> = {
  file_not_found: {
    title: 'No se encuentra el archivo.',
    detail: (f) => `No se encuentra el archivo ${f.filePath}. Revise la ruta.`,
  },
  file_utf16: {
    title: 'El archivo está en UTF-16.',
    detail: (f) =>
      `El archivo ${f.fileName} está en UTF-16. Guárdelo como UTF-8 (en una hoja de cálculo: «CSV UTF-8») e impórtelo de nuevo.`,
  },
  import_empty_file: {
    title: 'El archivo está vacío.',
    detail: (f) =>
      `El archivo ${f.fileName} está vacío: no tiene ni la primera línea, el encabezado con los nombres de las columnas.`,
  },
  import_header_mismatch: {
    title: 'El encabezado no corresponde al tipo de archivo.',
    detail: (f) => {
      const more = f.foundCount > f.found.length ? ` y ${f.foundCount - f.found.length} más` : '';
      const names = `${f.foundCount} ${f.foundCount === 1 ? 'nombre' : 'nombres'}`;
      return `${f.fileName}: el encabezado no corresponde a un archivo ${f.kind} (${headerProblem(f)}). Su primera línea tiene ${names}: ${f.found.map((n) => `«${n}»`).join(', ')}${more}. Se esperaba: ${f.expected.join(',')}`;
    },
  },
  unknown_source_list: {
    title: 'No existe esa lista de fuente.',
    detail: (f) => `No existe la lista de fuente «${f.listName}». Listas: ${f.lists.join(', ')}.`,
  },
  imports_busy: {
    title: 'Ya hay importaciones en curso.',
    detail: (f) =>
      f.running === undefined
        ? 'Ya hay una importación en curso.'
        : `Ya hay ${f.running} importaciones en curso. Espere a que termine una.`,
  },
  identity_review_not_found: {
    title: 'No existe esa fila en la cola de revisión.',
    detail: (f) => `No hay ninguna fila n.º ${f.reviewId} en la cola de revisión de identidades.`,
  },
  identity_review_decided: {
    title: 'Esa fila ya fue decidida.',
    detail: (f) =>
      f.status === 'unsure'
        ? `Mientras usted decidía, ${f.decidedBy} marcó la fila n.º ${f.reviewId} como «no estoy seguro». Vuelva a abrirla para ver su estado.`
        : `La fila n.º ${f.reviewId} ya fue ${f.status === 'accepted' ? 'aceptada' : 'rechazada'} por ${f.decidedBy}. Una fila se decide una sola vez. Su decisión no se registró.`,
  },
  identity_review_escalated_by_you: {
    title: 'Otro funcionario debe decidir esta fila.',
    detail: (f) =>
      `Usted marcó la fila n.º ${f.reviewId} como «no estoy seguro»: la decide otro funcionario con más experiencia.`,
  },
  identity_review_person_required: {
    title: 'Falta la persona.',
    detail: (f) =>
      `Para aceptar la fila n.º ${f.reviewId} indique cuál de sus candidatos es la persona: ${f.candidates.join(', ')}.`,
  },
  identity_review_not_candidate: {
    title: 'Esa persona no es candidata de la fila.',
    detail: (f) =>
      `La persona ${f.personId} no es candidata de la fila n.º ${f.reviewId}. Candidatos: ${f.candidates.join(', ')}.`,
  },
  identity_review_already_member: {
    title: 'La persona ya está en la lista.',
    detail: (f) =>
      `La persona ${f.personId} ya figura en esa versión de la lista «${f.list}» (línea ${f.memberLine}): una persona es un solo miembro de la lista. Rechace la fila n.º ${f.reviewId} o elija otro candidato.`,
  },
  identity_review_reason_required: {
    title: 'Falta el motivo.',
    detail: (f) => `Para rechazar la fila n.º ${f.reviewId} escriba el motivo.`,
  },
  identity_merge_not_found: {
    title: 'No existe esa fusión.',
    detail: (f) => `No existe la fusión ${f.mergeId}.`,
  },
  identity_merge_person_not_found: {
    title: 'No existe esa persona.',
    detail: (f) => `No hay una persona ${f.personId} en el registro.`,
  },
  identity_merge_same_person: {
    title: 'Una persona no se fusiona consigo misma.',
    detail: (f) => `Ambos números nombran a la persona ${f.personId}. Indique dos personas distintas.`,
  },
  identity_merge_person_retired: {
    title: 'Esa persona ya fue fusionada.',
    detail: (f) =>
      `La persona ${f.personId} se fusionó en la persona ${f.survivingPersonId}. Proponga la fusión con la persona ${f.survivingPersonId}, o deshaga antes la fusión anterior.`,
  },
  identity_merge_retired_is_survivor: {
    title: 'Esa persona conserva otros registros fusionados.',
    detail: (f) =>
      `Otras personas se fusionaron en la persona ${f.personId}: no puede ser la que se retira. Conserve a la persona ${f.personId} y retire a la otra.`,
  },
  identity_merge_pending: {
    title: 'Estas dos personas ya tienen una fusión.',
    detail: (f) =>
      f.status === 'approved'
        ? `La fusión ${f.mergeId} ya unió a estas dos personas.`
        : `La fusión ${f.mergeId} de estas dos personas espera la aprobación de un segundo funcionario.`,
  },
  identity_merge_reason_required: {
    title: 'Falta el motivo.',
    detail: () => 'Escriba el motivo: queda en la bitácora de auditoría.',
  },
  identity_merge_own_proposal: {
    title: 'Debe decidir otro funcionario.',
    detail: (f) =>
      `Usted propuso la fusión ${f.mergeId}: la aprueba, rechaza o deshace un segundo funcionario (control dual).`,
  },
  identity_merge_decided: {
    title: 'Esa fusión ya fue decidida.',
    detail: (f) =>
      `La fusión ${f.mergeId} ya está ${MERGE_STATUS_ES[f.status] ?? f.status} (por ${f.decidedBy}). Una fusión se decide una vez; su decisión no se registró.`,
  },
  identity_merge_not_approved: {
    title: 'Solo se deshace una fusión vigente.',
    detail: (f) =>
      `La fusión ${f.mergeId} está ${MERGE_STATUS_ES[f.status] ?? f.status}: no hay nada que deshacer.`,
  },
  identity_merge_records_conflict: {
    title: 'La persona a retirar tiene registros de otro programa.',
    detail: (f) => {
      const held = f.retired.map((h) => `${HOLDING_ES[h.kind]} (${h.reference})`).join('; ');
      const bothPaid =
        f.retired.some((h) => h.kind === 'bono_payment') &&
        f.surviving.some((h) => h.kind === 'bono_payment');
      return bothPaid
        ? `Ambas personas cobraron el bono (persona ${f.retiredPersonId}: ${held}). Fusionarlas ocultaría un doble pago: registre antes la recuperación de un pago como reclamo; la fusión fue rechazada.`
        : `La persona ${f.retiredPersonId} tiene ${held}. Esos registros siguen bajo su número, por eso la fusión fue rechazada: propóngala al revés (conservando a la persona ${f.retiredPersonId})${f.surviving.length > 0 ? ', cuando los registros de ambas estén resueltos' : ''}.`;
    },
  },
};

/** El estado de una fusión, en palabras. */
const MERGE_STATUS_ES: Record<string, string> = {
  proposed: 'propuesta',
  approved: 'aprobada',
  rejected: 'rechazada',
  unmerged: 'deshecha',
};

/** Lo que otro programa guarda bajo el número de una persona, en palabras. */
const HOLDING_ES: Record<MergeHolding['kind'], string> = {
  bono_payment: 'un pago del bono',
  bono_entitlement: 'un derecho al bono aún por cobrar',
  vaccination_dose: 'una dosis de vacuna',
};
